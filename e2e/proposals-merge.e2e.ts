// Browser test of merging duplicate innovation items (issue #16 item 3): on the kept item's page the
// enterprise reviewer opens "合并重复项", finds the duplicate by its number, sees the proposer shares
// pre-filled with both items' proposers, is told on the fields that a reason and the confirmation are
// needed, and merges; the kept item's history shows the duplicate's events marked with its number, and
// the duplicate's page says it is merged with a link back. The dialog and both pages pass axe-core
// (WCAG 2.1 AA) in both languages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { nthIdNumber } from '../src/server/testing/people-world.js';
import { type AxeFinding, axeFindings, formatFindings } from './axe.js';
import { ADMIN_PASSWORD, ApiClient, browserAvailable, launchBrowser, signedInPage, startServer, type RunningServer } from './harness.js';
import { button, dialog, pickOption } from './ui.js';

const PASSWORD = 'Merge-Passw0rd!';
const number = (id: string) => `CX${id.padStart(6, '0')}`;

describe.runIf(browserAvailable())('employee innovation: merging a duplicate', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let ent: ApiClient;
  let kept = '';
  let dup = '';
  const people: string[] = [];

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const root = (await admin.call<{ items: { id: string }[] }>('GET', '/api/orgs')).items[0]!.id;
    const city = (
      await admin.call<{ id: string }>('POST', '/api/orgs', { parentId: root, name: '滨州市总工会', kind: 'federation', level: 'city' })
    ).id;
    const enterprise = (
      await admin.call<{ id: string }>('POST', '/api/orgs', {
        parentId: city,
        name: '滨州装备制造有限公司',
        kind: 'enterprise',
        level: 'grassroots',
        uscc: `91371600MA3C0U1P2${usccCheckCharacter('91371600MA3C0U1P2')}`,
      })
    ).id;
    await admin.call('POST', '/api/users', {
      username: 'merge_ent',
      displayName: 'merge_ent',
      password: 'Initial-Passw0rd!',
      orgId: enterprise,
      roles: ['enterprise_staff'],
    });
    const first = new ApiClient(server.baseUrl);
    await first.login('merge_ent', 'Initial-Passw0rd!');
    await first.call('POST', '/api/auth/password', { currentPassword: 'Initial-Passw0rd!', newPassword: PASSWORD });
    ent = new ApiClient(server.baseUrl);
    await ent.login('merge_ent', PASSWORD);
    for (const [i, name] of ['李创新', '王协作', '赵改进'].entries()) {
      const r = await admin.call<{ person: { id: string } }>('POST', '/api/people', {
        orgId: enterprise,
        name,
        idNumber: nthIdNumber(780_000 + i),
      });
      people.push(r.person.id);
    }
    const create = async (title: string, proposers: { personId: string; shareBp: number }[]) =>
      (
        await ent.call<{ id: string }>('POST', '/api/proposals', {
          orgId: enterprise,
          title,
          category: 'small_innovation',
          area: 'equipment',
          proposers,
        })
      ).id;
    kept = await create('数控刀具寿命提升', [
      { personId: people[0]!, shareBp: 6000 },
      { personId: people[1]!, shareBp: 4000 },
    ]);
    for (const step of ['submit', 'send_to_experts', 'adopt']) await ent.call('POST', `/api/proposals/${kept}/steps`, { step });
    dup = await create('刀具寿命延长方法', [
      { personId: people[1]!, shareBp: 5000 },
      { personId: people[2]!, shareBp: 5000 },
    ]);
    await ent.call('POST', `/api/proposals/${dup}/steps`, { step: 'submit' });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const findings: AxeFinding[] = [];
  const axe = async (page: Page, where: string) => {
    await page
      .locator('.ant-spin-spinning, .ant-skeleton-active')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    findings.push(...(await axeFindings(page, where)));
  };

  it('merges the duplicate from the kept item’s page; the history of both stays on the kept item', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, ent);
    await page.goto(`/proposals/${kept}`);
    await button(page, '合并重复项').click();
    const box = dialog(page);
    await pickOption(page, '重复的成果', `${number(dup)} 刀具寿命延长方法（已提交）`, { within: box, search: number(dup) });
    // Pre-filled with both lists, each item weighing half: 30 / 45 / 25.
    await box.getByLabel('第3提出人', { exact: true }).waitFor();
    await expect.poll(() => box.getByLabel('第2提出人份额（%）').inputValue()).toBe('45');
    expect(await box.getByLabel('第3提出人份额（%）').inputValue()).toBe('25');
    await box.getByText('份额合计：100%').waitFor();
    await axe(page, 'merge dialog');
    // A reason and the confirmation are required, each on its field.
    await button(box, '合并').click();
    await box.getByText('请填写合并理由').waitFor();
    await box.getByText('请勾选确认').waitFor();
    await axe(page, 'merge dialog (errors)');
    await box.getByLabel('合并理由').fill('与数控刀具寿命提升为同一成果，重复提交');
    await box.getByText('我已确认上述成果为重复项，合并后不能撤销').click();
    await button(box, '合并').click();
    await page.getByText(`已将 ${number(dup)} 合并到本成果`).waitFor();
    // The kept item's history shows the duplicate's events, marked, and the merge with its reason.
    const history = page.locator('.ant-card').filter({ hasText: '流程记录' });
    await history
      .getByText(`来自 ${number(dup)} 刀具寿命延长方法`)
      .first()
      .waitFor();
    await history.getByText(/原因：与数控刀具寿命提升为同一成果/).waitFor();
    await page.getByText('赵改进（25%）', { exact: false }).first().waitFor();
    await axe(page, 'item page after merge');

    // The duplicate is marked merged, read-only, with a link to the kept item.
    await page.goto(`/proposals/${dup}`);
    await page.getByText('已合并', { exact: true }).waitFor();
    await page.getByText(`本成果已作为重复项合并到 ${number(kept)} 数控刀具寿命提升，只能查看。`).waitFor();
    expect(await page.getByRole('button', { name: '合并重复项' }).count()).toBe(0);
    await axe(page, 'merged item page');
    await page.getByRole('link', { name: /查看保留的成果/ }).click();
    await page.getByRole('heading', { name: new RegExp(`${number(kept)} 数控刀具寿命提升`) }).waitFor();
    // The list leaves the merged duplicate out.
    await page.goto('/proposals');
    await page.getByRole('link', { name: '数控刀具寿命提升' }).waitFor();
    expect(await page.getByRole('link', { name: '刀具寿命延长方法' }).count()).toBe(0);
    await context.close();

    // The same in English: the dialog and the merged item's page.
    const en = await signedInPage(browser, server.baseUrl, ent);
    await en.page.addInitScript(() => localStorage.setItem('jx.locale', 'en-US'));
    await en.page.goto(`/proposals/${kept}`);
    await button(en.page, 'Merge a duplicate').click();
    await dialog(en.page).getByLabel('Duplicate item', { exact: true }).waitFor();
    await axe(en.page, 'en-US merge dialog');
    await button(dialog(en.page), 'Merge').click();
    await dialog(en.page).getByText('Please tick to confirm').waitFor();
    await axe(en.page, 'en-US merge dialog (errors)');
    await en.page.goto(`/proposals/${dup}`);
    await en.page.getByText('Merged', { exact: true }).waitFor();
    await en.page.waitForLoadState('networkidle');
    await axe(en.page, 'en-US merged item page');
    await en.context.close();
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 240_000);
});
