// Browser test of worker accounts and the proposal workflow (issue #16): enterprise union staff open a
// sign-in for a registry person from the person page; the worker signs in and submits a proposal with a
// co-proposer (60/40) through the web form; staff send it to experts, adopt, implement and verify the
// labour-hour benefit on the item page; the award splits 60/40 to the fen. axe-core checks the form and
// the item page (zh-CN).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { nthIdNumber } from '../src/server/testing/people-world.js';
import { type AxeFinding, axeFindings, formatFindings } from './axe.js';
import {
  ADMIN_PASSWORD,
  ApiClient,
  browserAvailable,
  launchBrowser,
  newPage,
  signedInPage,
  startServer,
  type RunningServer,
} from './harness.js';
import { button, dialog, pickOption, signIn, waitForPath } from './ui.js';

const STAFF_PASSWORD = 'Staff-Passw0rd!';

describe.runIf(browserAvailable())('innovation: worker accounts and a proposal through the workflow', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: ApiClient;
  let enterpriseId: string;
  let personA: string;

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    const admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const root = (await admin.call<{ items: { id: string }[] }>('GET', '/api/orgs')).items[0]!.id;
    enterpriseId = (
      await admin.call<{ id: string }>('POST', '/api/orgs', {
        parentId: root,
        name: '滨州装备制造有限公司',
        kind: 'enterprise',
        level: 'grassroots',
        uscc: `91371600MA3C0A1B2${usccCheckCharacter('91371600MA3C0A1B2')}`,
      })
    ).id;
    await admin.call('POST', '/api/users', {
      username: 'ent_staff',
      displayName: '企业工会干事',
      password: 'Initial-Passw0rd!',
      orgId: enterpriseId,
      roles: ['enterprise_staff'],
    });
    staff = new ApiClient(server.baseUrl);
    await staff.login('ent_staff', 'Initial-Passw0rd!');
    await staff.call('POST', '/api/auth/password', { currentPassword: 'Initial-Passw0rd!', newPassword: STAFF_PASSWORD });
    const add = (name: string, n: number) =>
      staff.call<{ person: { id: string } }>('POST', '/api/people', { orgId: enterpriseId, name, idNumber: nthIdNumber(n) });
    personA = (await add('李创新', 11)).person.id;
    await add('王协作', 12);
    // A studio of the enterprise the result will belong to (the studios module's record).
    await staff.call('POST', '/api/studios', {
      orgId: enterpriseId,
      name: '装配工艺创新工作室',
      category: '劳模创新工作室',
      leaderId: personA,
      foundedOn: '2024-03-01',
    });
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
  /** Takes a workflow step from the item page's button and its confirmation, then waits for the new status. */
  const takeStep = async (page: Page, label: string, status: string) => {
    await button(page, label).first().click();
    const confirm = page.locator('.ant-modal-confirm');
    await button(confirm, label).click();
    await page.locator('.ant-descriptions .ant-tag', { hasText: status }).waitFor();
    await confirm.waitFor({ state: 'detached' });
  };

  it('staff open a worker account on the person page; the worker submits; staff take it to a split award', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, staff);
    await page.goto(`/people/${personA}`);
    await button(page, '开通职工账号').click();
    const d = dialog(page);
    await d.getByLabel('登录账号').fill('li_worker');
    await d.getByLabel('初始密码').fill('Initial-Passw0rd!');
    await button(d, '保存').click();
    await page.getByText('已开通职工账号 li_worker').waitFor();
    await context.close();

    const worker = new ApiClient(server.baseUrl);
    await worker.login('li_worker', 'Initial-Passw0rd!');
    await worker.call('POST', '/api/auth/password', { currentPassword: 'Initial-Passw0rd!', newPassword: 'Worker-Passw0rd!' });

    // The worker signs in, lands on their own proposals and submits one through the form (60/40).
    const w = await newPage(browser, server.baseUrl);
    await signIn(w.page, 'li_worker', 'Worker-Passw0rd!');
    await waitForPath(w.page, /^\/proposals$/);
    await button(w.page, '提交创新成果').click();
    const form = dialog(w.page);
    await form.getByLabel('成果名称').fill('装配工序优化');
    await pickOption(w.page, '类别', '合理化建议', { within: form });
    await pickOption(w.page, '领域', '工艺', { within: form });
    await form.getByLabel('预计年效益（元）').fill('两万元');
    await pickOption(w.page, '第1提出人', '李创新 · 滨州装备制造有限公司', { within: form, search: '李创新' });
    await form.getByLabel('第1提出人份额（%）').fill('60');
    await button(form, '添加提出人').click();
    await pickOption(w.page, '第2提出人', '王协作 · 滨州装备制造有限公司', { within: form, search: '王协作' });
    await form.getByLabel('第2提出人份额（%）').fill('40');
    await pickOption(w.page, '创新工作室', '装配工艺创新工作室', { within: form });
    await form.getByLabel('班组/团队').fill('装配一班');
    await form.getByText('份额合计：100%').waitFor();
    // The server's field error lands on its field; nothing is saved.
    await button(form, '保存').click();
    await form.locator('.ant-form-item-has-error').filter({ hasText: '预计年效益（元）' }).waitFor();
    await axe(w.page, 'new proposal dialog (field error)');
    await form.getByLabel('预计年效益（元）').fill('20000.50');
    await button(form, '保存').click();
    await waitForPath(w.page, /^\/proposals\/\d+$/);
    const itemId = new URL(w.page.url()).pathname.split('/').pop()!;
    // The item's details (its history card below repeats these values in the creation's line).
    await w.page.locator('.ant-descriptions').getByText('装配一班').waitFor();
    await w.page.locator('.ant-descriptions').getByText('20000.50').waitFor();
    await w.page.locator('.ant-descriptions').getByText('装配工艺创新工作室').waitFor();
    await w.page.locator('.ant-tag', { hasText: '草稿' }).waitFor();
    // A worker is offered only the submission of their own draft.
    expect(await button(w.page, '采纳').count()).toBe(0);
    await takeStep(w.page, '提交', '已提交');
    expect(await button(w.page, '提交').count()).toBe(0);

    // Staff send it to the experts, adopt it, record its implementation and verify the benefit.
    const s = await signedInPage(browser, server.baseUrl, staff);
    await s.page.goto(`/proposals/${itemId}`);
    await s.page.locator('.ant-tag', { hasText: '已提交' }).waitFor();
    await axe(s.page, 'item page (submitted)');
    await takeStep(s.page, '送专家评审', '专家评审');
    await takeStep(s.page, '采纳', '已采纳');
    await button(s.page, '登记实施').first().click();
    const impl = s.page.getByRole('dialog').filter({ hasText: '实施开始日期' });
    await impl.getByLabel('实施开始日期').fill('2026-01-01');
    await impl.getByLabel('实施开始日期').press('Tab');
    await button(impl, '登记实施').click();
    await s.page.locator('.ant-tag', { hasText: '已实施' }).waitFor();
    await button(s.page, '核定效益').click();
    const sheet = s.page.getByRole('dialog').filter({ hasText: '计算方法' });
    await sheet.getByLabel('原定额工时（小时/件）').fill('0.3');
    await sheet.getByLabel('新定额工时（小时/件）').fill('0.1');
    await sheet.getByLabel('小时人工成本（元）').fill('35.15');
    await sheet.getByLabel('计算期产量').fill('3000');
    await sheet.getByLabel('实施投入（元）').fill('0.2');
    await sheet.getByLabel('奖励总额（元）').fill('1000.01');
    await button(sheet, '保存').click();
    await s.page.locator('.ant-tag', { hasText: '效益已核定' }).waitFor();
    await s.page.getByRole('cell', { name: '600.01' }).waitFor();
    await s.page.getByRole('cell', { name: '400.00' }).waitFor();
    await axe(s.page, 'item page (verified)');
    // The figures count it under its studio (verified 21089.80 yuan = 2.1090 万元).
    await s.page.goto('/proposals/dashboard');
    const byStudio = s.page.locator('.ant-card').filter({ has: s.page.getByText('按创新工作室', { exact: true }) });
    const row = byStudio.getByRole('row').filter({ hasText: '装配工艺创新工作室' });
    await row.getByRole('cell', { name: '2.1090' }).waitFor();
    await axe(s.page, 'innovation figures (by studio)');
    await s.context.close();

    const verified = await staff.call<{ benefit: { savingYuan: string }; proposers: { awardYuan: string }[] }>(
      'GET',
      `/api/proposals/${itemId}`,
    );
    expect(verified.benefit.savingYuan).toBe('21089.80');
    expect(verified.proposers.map((p) => p.awardYuan)).toEqual(['600.01', '400.00']);
    const mine = await worker.call<{ items: { id: string; status: string }[] }>('GET', '/api/proposals');
    expect(mine.items).toEqual([expect.objectContaining({ id: itemId, status: 'verified' })]);

    // The worker's list shows it with its shares and verified benefit.
    await w.page.goto('/proposals');
    await w.page.getByRole('cell', { name: '装配工序优化' }).waitFor();
    await w.page.getByText('李创新（60%）、王协作（40%）').waitFor();
    await w.page.getByRole('cell', { name: '21089.80' }).waitFor();
    await w.context.close();

    // In English: the staff's form (with the organisation picker) and the item page with its benefit sheet.
    const en = await signedInPage(browser, server.baseUrl, staff);
    await en.page.addInitScript(() => localStorage.setItem('jx.locale', 'en-US'));
    await en.page.goto('/proposals');
    await button(en.page, 'New proposal').click();
    await dialog(en.page).getByLabel('Organisation').waitFor();
    await axe(en.page, 'en-US new proposal dialog');
    await button(dialog(en.page), 'Cancel').click();
    await dialog(en.page).waitFor({ state: 'detached' });
    await en.page.goto(`/proposals/${itemId}`);
    await en.page.getByText('Award split').waitFor();
    await axe(en.page, 'en-US item page (verified)');
    await en.context.close();
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 180_000);
});
