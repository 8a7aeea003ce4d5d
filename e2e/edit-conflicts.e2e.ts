// Browser test of optimistic locking (issue 10, item 5): two people open the same record, one saves,
// the other's save is refused with what changed and a reload action; after reloading, the edit
// goes through on top of the first one's change. For a person and for an organisation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { nthIdNumber } from '../src/server/testing/people-world.js';
import { ADMIN_PASSWORD, ApiClient, browserAvailable, launchBrowser, signedInPage, startServer, type RunningServer } from './harness.js';
import { button, dialog } from './ui.js';

interface Person {
  id: string;
  name: string;
  occupation: string | null;
  version: number;
}
interface Org {
  id: string;
  name: string;
  version: number;
}

describe.runIf(browserAvailable())('edits at the same time (Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;
  let first: ApiClient;
  let second: ApiClient;
  let province: Org;
  let enterprise: Org;
  let pageA: Page;
  let pageB: Page;

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    // Two sessions: two people at two desks.
    first = new ApiClient(server.baseUrl);
    await first.login('admin', ADMIN_PASSWORD);
    second = new ApiClient(server.baseUrl);
    await second.login('admin', ADMIN_PASSWORD);
    const root = (await first.call<{ items: Org[] }>('GET', '/api/orgs')).items[0]!;
    province = await first.call<Org>('POST', '/api/orgs', {
      parentId: root.id,
      name: '山东省总工会',
      kind: 'federation',
      level: 'province',
    });
    enterprise = await first.call<Org>('POST', '/api/orgs', {
      parentId: province.id,
      name: '滨州装备制造有限公司',
      kind: 'enterprise',
      level: 'grassroots',
      uscc: `91371600MA3C0A1B2${usccCheckCharacter('91371600MA3C0A1B2')}`,
    });
    ({ page: pageA } = await signedInPage(browser, server.baseUrl, first));
    ({ page: pageB } = await signedInPage(browser, server.baseUrl, second));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a person edited in two pages: the second save shows the conflict, reloads the current values, and then saves', async () => {
    const created = await first.call<{ person: Person }>('POST', '/api/people', {
      orgId: enterprise.id,
      name: '钱锁',
      idNumber: nthIdNumber(5),
      occupation: '车工',
    });
    const id = created.person.id;
    for (const page of [pageA, pageB]) {
      await page.goto(`/people/${id}`);
      await page.getByRole('heading', { name: '钱锁' }).waitFor();
      await button(page, '编辑').click();
      await dialog(page).getByLabel('职业（工种）').waitFor();
    }
    // The first saves a new trade.
    await dialog(pageA).getByLabel('职业（工种）').fill('数控车工');
    await button(dialog(pageA), '保存').click();
    await dialog(pageA).waitFor({ state: 'detached' });

    // The second, still on the old values, renames: refused, told what changed, nothing overwritten.
    const modal = dialog(pageB);
    await modal.getByLabel('姓名').fill('钱新锁');
    await button(modal, '保存').click();
    const alert = modal.getByRole('alert').filter({ hasText: '未保存：在您编辑期间，他人已修改了这条记录' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('被修改的内容：职业（工种）');
    expect(await alert.innerText()).toContain('请重新加载');
    expect(await first.call<Person>('GET', `/api/people/${id}`)).toMatchObject({ name: '钱锁', occupation: '数控车工', version: 2 });

    // Reload: the form shows the current values; the rename then goes through on top of them.
    await button(alert, '重新加载').click();
    await alert.waitFor({ state: 'detached' });
    await expect.poll(() => modal.getByLabel('职业（工种）').inputValue()).toBe('数控车工');
    await modal.getByLabel('姓名').fill('钱新锁');
    await button(modal, '保存').click();
    await modal.waitFor({ state: 'detached' });
    await pageB.getByRole('heading', { name: '钱新锁' }).waitFor();
    expect(await first.call<Person>('GET', `/api/people/${id}`)).toMatchObject({ name: '钱新锁', occupation: '数控车工', version: 3 });
  });

  it('an organisation renamed in two pages: the second sees the conflict naming the name field and reloads the current name', async () => {
    const org = await first.call<Org>('POST', '/api/orgs', {
      parentId: province.id,
      name: '滨州市总工会',
      kind: 'federation',
      level: 'city',
    });
    for (const page of [pageA, pageB]) {
      await page.goto(`/orgs/${org.id}`);
      await page.locator('.ant-card-head').getByText('滨州市总工会').waitFor();
      await button(page, '编辑').click();
      await dialog(page).getByLabel('组织名称').waitFor();
    }
    await dialog(pageA).getByLabel('组织名称').fill('滨州市总工会（改）');
    await button(dialog(pageA), '保存').click();
    await dialog(pageA).waitFor({ state: 'detached' });

    const modal = dialog(pageB);
    await modal.getByLabel('组织名称').fill('滨州市总工会（另改）');
    await button(modal, '保存').click();
    const alert = modal.getByRole('alert').filter({ hasText: '他人已修改' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('被修改的内容：组织名称');
    expect((await first.call<Org>('GET', `/api/orgs/${org.id}`)).name).toBe('滨州市总工会（改）');
    await button(alert, '重新加载').click();
    await expect.poll(() => modal.getByLabel('组织名称').inputValue()).toBe('滨州市总工会（改）');
    await button(modal, '取消').click();
  });
});
