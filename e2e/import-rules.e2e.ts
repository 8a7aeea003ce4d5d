// Browser test of the roster import rules: a roster with an ID number on two rows, a person registered
// under another name, and a totals and a signature line. The duplicates are flagged on both rows, the
// totals and signature lines are shown as skipped (not errors), the name conflict shows both names and
// is decided in the page, and the commit applies the decision.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, nthIdNumber } from '../src/server/testing/people-world.js';
import {
  type ApiClient,
  browserAvailable,
  createProvinceEnterprise,
  newPage,
  type RunningServer,
  startWithAdmin,
  userClient,
} from './harness.js';
import { button, signIn, waitForPath } from './ui.js';

const STAFF_PASSWORD = 'Staff-Passw0rd!';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['序号', '姓名', '身份证号码', '手机号', '技能等级'];

describe.runIf(browserAvailable())('people: roster import rules (duplicates, totals lines, name conflicts)', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let enterpriseId: string;
  let registeredId: string;
  const [dup, registered, other] = [nthIdNumber(301), nthIdNumber(302), nthIdNumber(303)];

  beforeAll(async () => {
    ({ server, browser, admin } = await startWithAdmin({ JIANGXIN_ADMIN_TOTP: 'optional' }));
    ({ enterpriseId } = await createProvinceEnterprise(admin));
    const person = await admin.call<{ person: { id: string } }>('POST', '/api/people', {
      orgId: enterpriseId,
      name: '周登记',
      idNumber: registered,
    });
    registeredId = person.person.id;
    await userClient(server.baseUrl, admin, 'ent_rules', enterpriseId, 'enterprise_staff', STAFF_PASSWORD, '企业工会干事');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('flags a duplicate ID on both rows, shows totals and signature lines as skipped, and commits after deciding a name conflict', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signIn(page, 'ent_rules', STAFF_PASSWORD);
    await waitForPath(page, /^\/(orgs|people|users|audit|profile)/);
    await page.goto('/people/import');

    const roster = await buildXlsx({
      titleRows: ['滨州装备制造有限公司职工花名册'],
      header: HEADER,
      rows: [
        [1, '陈一', dup, '', '技师'],
        [2, '陈二', dup, '', ''],
        [3, '周新名', registered, '', ''],
        [4, '陈四', other, '', '高级工'],
        ['合计：4人', '', '', '', ''],
        ['填表人：王芳', '', '审核人：李强', '', '制表日期：2026年12月1日'],
      ],
    });
    await page.locator('input[type=file]').setInputFiles({ name: '花名册.xlsx', mimeType: XLSX, buffer: roster });
    await page.getByText('表头在第 2 行').waitFor();
    await button(page, '开始校验').click();
    await page.getByText(/已跳过 2 行合计/).waitFor({ timeout: 30_000 });

    // duplicates on both rows (3 and 4), the totals and signature lines skipped with their reason
    const table = page.getByRole('table').first();
    await expect.poll(() => table.innerText()).toContain('出现多次');
    const text = await table.innerText();
    const lines = text.split('\n');
    expect(lines.filter((l) => l.includes('出现多次')).length).toBe(2);
    expect(text).toContain('合计/小计行，已跳过');
    expect(text).toContain('签名/填表人/日期/盖章行，已跳过');
    expect(text).toContain('已跳过');

    // the conflict: both names; commit waits for the decision
    await page.getByText('身份证号已登记在其他姓名下').waitFor();
    await page.getByText('周登记').waitFor();
    await page.getByText('周新名').first().waitFor();
    await page.getByRole('checkbox', { name: /跳过有错误的行/ }).check();
    const commit = button(page, '确认导入 2 行');
    expect(await commit.isDisabled()).toBe(true);
    await page.getByLabel('第 5 行的处理').getByText('更新姓名').click();
    await expect.poll(() => commit.isDisabled(), { timeout: 15_000 }).toBe(false);
    await commit.click();
    await page.getByText(/导入完成：新增 1 人，更新 1 人/).waitFor({ timeout: 30_000 });

    const person = await admin.call<{ name: string }>('GET', `/api/people/${registeredId}`);
    expect(person.name).toBe('周新名');
    const dupPeople = await admin.call<{ total: number }>('GET', '/api/people?q=陈一');
    expect(dupPeople.total).toBe(0);
    await context.close();
  });
});
