// Organisation and user administration in the browser: server field errors on the form field,
// move with the parent picker, archive/restore, deletion refused while an organisation holds data,
// and the user table's reset-password and disable actions.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { ADMIN_PASSWORD, ApiClient, browserAvailable, launchBrowser, signedInPage, startServer, type RunningServer } from './harness.js';
import { button, dialog, pickOption, treeItem, waitForPath } from './ui';

interface Org {
  id: string;
  name: string;
}

describe.skipIf(!browserAvailable())('organisation and user administration (Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: ApiClient;
  let root: Org;
  let qingdao: Org;
  let yantai: Org;

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    root = (await admin.call<{ items: Org[] }>('GET', '/api/orgs')).items[0]!;
    qingdao = await admin.call<Org>('POST', '/api/orgs', { parentId: root.id, name: '青岛市总工会', kind: 'federation', level: 'city' });
    yantai = await admin.call<Org>('POST', '/api/orgs', { parentId: root.id, name: '烟台市总工会', kind: 'federation', level: 'city' });
    ({ context, page } = await signedInPage(browser, server.baseUrl, admin));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const message = (text: string | RegExp) => page.locator('.ant-message').getByText(text);

  it('shows a field error from the server on the field it names (USCC check character)', async () => {
    await page.goto(`/orgs/${qingdao.id}`);
    await button(page, '新增下级').click();
    const modal = dialog(page);
    await modal.getByLabel('组织名称').fill('青岛港集团有限公司');
    await pickOption(page, '组织类型', '企业', { within: modal });
    const first17 = '91370200MA3C0A1B2';
    const right = usccCheckCharacter(first17);
    const wrong = right === '0' ? '1' : '0';
    await modal.getByLabel('统一社会信用代码').fill(first17 + wrong);
    await button(modal, '保存').click();
    await modal.getByText(/校验位不符/).waitFor();
    expect(await modal.count()).toBe(1); // still open

    await modal.getByLabel('统一社会信用代码').fill(first17 + right);
    await button(modal, '保存').click();
    await modal.waitFor({ state: 'detached' });
    await treeItem(page, '青岛港集团有限公司').waitFor();
  });

  it('moves an organisation under another parent with the parent picker', async () => {
    const branch = await admin.call<Org>('POST', '/api/orgs', {
      parentId: qingdao.id,
      name: '黄岛区总工会',
      kind: 'federation',
      level: 'county',
    });
    await page.goto(`/orgs/${branch.id}`);
    await page.locator('.ant-breadcrumb').getByText('青岛市总工会').waitFor();
    await button(page, '移动').click();
    const modal = dialog(page);
    await pickOption(page, '新的上级组织', '烟台市总工会', { within: modal, search: '烟台' });
    await button(modal, '移动').click();
    await modal.waitFor({ state: 'detached' });
    await message('组织已移动').waitFor();
    await page.locator('.ant-breadcrumb').getByText('烟台市总工会').waitFor();
    // The tree shows it under the new parent.
    const yantaiNode = treeItem(page, '烟台市总工会');
    await yantaiNode.waitFor();
    await treeItem(page, '黄岛区总工会').waitFor();
    const moved = await admin.call<{ parentId: string }>('GET', `/api/orgs/${branch.id}`);
    expect(moved.parentId).toBe(yantai.id);
  });

  it('archives and restores an organisation after confirmation', async () => {
    const leaf = await admin.call<Org>('POST', '/api/orgs', {
      parentId: yantai.id,
      name: '芝罘区总工会',
      kind: 'federation',
      level: 'county',
    });
    await page.goto(`/orgs/${leaf.id}`);
    await button(page, '归档').click();
    await button(page.locator('.ant-popconfirm'), '确定').click();
    await message('组织已归档').waitFor();
    await page.locator('.ant-card-head').getByText('已归档', { exact: true }).waitFor();

    await button(page, '恢复').click();
    await button(page.locator('.ant-popconfirm'), '确定').click();
    await message('组织已恢复').waitFor();
    await expect.poll(() => page.locator('.ant-card-head').getByText('已归档', { exact: true }).count()).toBe(0);
  });

  it('refuses to delete an organisation that holds users, and deletes an empty one', async () => {
    await admin.call('POST', '/api/users', {
      username: 'qd.staff',
      displayName: '青岛干事',
      password: 'Qingdao-Init-2026',
      orgId: qingdao.id,
      roles: ['viewer'],
    });
    const empty = await admin.call<Org>('POST', '/api/orgs', {
      parentId: qingdao.id,
      name: '崂山区总工会',
      kind: 'federation',
      level: 'county',
    });

    await page.goto(`/orgs/${qingdao.id}`);
    await button(page, '删除').click();
    await button(page.locator('.ant-popconfirm'), '删除').click();
    await message(/下级组织|已有数据/).waitFor();
    expect((await admin.call<Org>('GET', `/api/orgs/${qingdao.id}`)).name).toBe('青岛市总工会');

    await page.goto(`/orgs/${empty.id}`);
    await button(page, '删除').click();
    await button(page.locator('.ant-popconfirm'), '删除').click();
    await message('组织已删除').waitFor();
    await waitForPath(page, new RegExp(`^/orgs/${qingdao.id}$`));
    await expect.poll(() => treeItem(page, '崂山区总工会').count()).toBe(0);
  });

  it('resets a password and disables a user from the user table', async () => {
    await page.goto('/users');
    const row = page.getByRole('row').filter({ hasText: 'qd.staff' });
    await row.waitFor();

    await button(row, '更多').click();
    await page.getByRole('menuitem', { name: '重置密码' }).click();
    const modal = dialog(page);
    await modal.getByLabel('新密码').fill('short');
    await modal.getByLabel('确认密码').fill('short');
    await modal.getByLabel('确认密码').press('Enter');
    await modal
      .getByText(/至少 10 位/)
      .first()
      .waitFor();
    await modal.getByLabel('新密码').fill('Qingdao-Reset-2026');
    await modal.getByLabel('确认密码').fill('Qingdao-Reset-2026');
    await modal.getByLabel('确认密码').press('Enter');
    await modal.waitFor({ state: 'detached' });
    await message('密码已重置').waitFor();
    const staff = new ApiClient(server.baseUrl);
    await staff.login('qd.staff', 'Qingdao-Reset-2026');

    await button(row, '停用').click();
    await button(page.locator('.ant-popconfirm'), '确定').click();
    await message('用户已停用').waitFor();
    await row.getByText('已停用').waitFor();
    await expect(new ApiClient(server.baseUrl).login('qd.staff', 'Qingdao-Reset-2026')).rejects.toThrow(/403|account_disabled/);
  });

  it('searches users and filters them by role on the server', async () => {
    await page.goto('/users');
    await page.getByLabel('搜索用户').fill('qd');
    await page.getByLabel('搜索用户').press('Enter');
    await expect.poll(() => page.locator('.ant-table-tbody').getByRole('row').count()).toBe(1);
    await page.getByLabel('搜索用户').fill('');
    await page.getByLabel('搜索用户').press('Enter');
    await pickOption(page, '角色', '系统管理员');
    await expect.poll(async () => (await page.locator('.ant-table-tbody').innerText()).includes('qd.staff')).toBe(false);
    await page.locator('.ant-table-tbody').getByText('admin', { exact: true }).waitFor();
  });

  it('loads long child lists a page at a time and renders only the visible rows', async () => {
    const big = await admin.call<Org>('POST', '/api/orgs', { parentId: root.id, name: '潍坊市总工会', kind: 'federation', level: 'city' });
    for (let i = 0; i < 250; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          admin.call('POST', '/api/orgs', {
            parentId: big.id,
            name: `潍坊基层工会${String(i + j + 1).padStart(3, '0')}`,
            kind: 'federation',
            level: 'grassroots',
          }),
        ),
      );
    }
    await page.goto(`/orgs/${big.id}`);
    await treeItem(page, '潍坊市总工会').locator('.ant-tree-switcher').click();
    const more = treeItem(page, '加载更多');
    await page.getByRole('tree').hover();
    for (let i = 0; i < 40 && !(await more.count()); i++) await page.mouse.wheel(0, 2000);
    await more.getByText('已显示 200 / 250').waitFor();
    // Virtual scrolling: far fewer rows in the page than loaded.
    expect(await page.getByRole('tree').getByRole('treeitem').count()).toBeLessThan(80);
    await more.click();
    await expect.poll(() => more.count()).toBe(0);
    for (let i = 0; i < 40 && !(await treeItem(page, '潍坊基层工会250').count()); i++) await page.mouse.wheel(0, 2000);
    await treeItem(page, '潍坊基层工会250').waitFor();
  });
});
