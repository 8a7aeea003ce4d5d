// Browser test of worker self-registration (issue #16 item 1), on the demo data: a worker of 湘电集团
// (a registry person with an ID number and a mobile, and no account) follows the link on the sign-in
// page, is refused with the one generic message for a wrong mobile and per field for a bad check
// digit, then registers; signing in says the request awaits the union; the enterprise union's staff
// (demo login xiangdian) confirm it in the queue reached from the registry; the worker signs in and
// lands on their proposals. A second request is rejected with a reason (asked in a dialog), which the
// worker sees at sign-in. axe-core checks the new pages and the dialog in zh-CN and en-US.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo.js';
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
import { button, dialog, signIn, waitForPath } from './ui.js';

const PASSWORD = 'Worker-Passw0rd!';

interface Person {
  id: string;
  name: string;
  idNumber: string;
  phone: string;
}

describe.runIf(browserAvailable())('worker self-registration confirmed by the enterprise union', () => {
  let server: RunningServer;
  let browser: Browser;
  let union: ApiClient;
  let first: Person;
  let second: Person;
  const findings: AxeFinding[] = [];
  const axe = async (page: Page, where: string) => {
    await page
      .locator('.ant-spin-spinning, .ant-skeleton-active')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    findings.push(...(await axeFindings(page, where)));
  };

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'true' });
    browser = await launchBrowser();
    const admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    union = new ApiClient(server.baseUrl);
    await union.login('xiangdian', DEMO_PASSWORD);
    // Two workers of the enterprise with a mobile on file (the demo has no worker accounts); the admin
    // reads their full numbers, as the worker knows them.
    const org = (
      await admin.call<{ items: { id: string; name: string }[] }>('GET', `/api/orgs?q=${encodeURIComponent('湘电集团有限公司')}`)
    ).items[0]!;
    const listed = await admin.call<{ items: { id: string; name: string; phoneMasked: string | null }[] }>(
      'GET',
      `/api/people?orgId=${org.id}&pageSize=50`,
    );
    const withPhone = listed.items.filter((p) => p.phoneMasked);
    const reveal = async (p: { id: string; name: string }): Promise<Person> => {
      const pii = await admin.call<{ idNumber: string; phone: string }>('POST', `/api/people/${p.id}/pii`, { purpose: 'verify_identity' });
      return { id: p.id, name: p.name, idNumber: pii.idNumber, phone: pii.phone };
    };
    first = await reveal(withPhone[0]!);
    second = await reveal(withPhone.find((p) => p.name !== first.name)!);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('registers on the public page, waits for the union, is confirmed in the queue and signs in', async () => {
    const w = await newPage(browser, server.baseUrl);
    const page = w.page;
    await page.goto('/login');
    await page.getByRole('link', { name: '职工注册' }).waitFor();
    await axe(page, 'zh-CN /login (with the registration link)');
    await page.getByRole('link', { name: '职工注册' }).click();
    await waitForPath(page, /^\/register$/);
    await page.getByLabel('身份证号').waitFor();
    await axe(page, 'zh-CN /register');

    // A wrong mobile: the one refusal that does not say which of the two did not match.
    await page.getByLabel('身份证号').fill(first.idNumber);
    const wrong = first.phone.endsWith('0') ? `${first.phone.slice(0, 10)}1` : `${first.phone.slice(0, 10)}0`;
    await page.getByLabel('手机号').fill(wrong);
    await page.getByLabel('登录账号').fill('xd_worker');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认密码').fill(PASSWORD);
    await page.getByLabel('确认密码').press('Enter');
    await page.getByRole('alert').filter({ hasText: '无法核实您的身份' }).waitFor();
    await axe(page, 'zh-CN /register (refused)');

    // A bad check digit: the server's field error lands on the ID number.
    const last = first.idNumber.slice(-1) === '1' ? '2' : '1';
    await page.getByLabel('身份证号').fill(`${first.idNumber.slice(0, 17)}${last}`);
    await page.getByLabel('手机号').fill(first.phone);
    await button(page, '提交注册申请').click();
    await page.locator('.ant-form-item-has-error').filter({ hasText: '校验位不正确' }).waitFor();

    await page.getByLabel('身份证号').fill(first.idNumber);
    await button(page, '提交注册申请').click();
    await page.getByText('注册申请已提交').waitFor();
    await page.getByText('请等待所在企业工会确认').waitFor();
    await axe(page, 'zh-CN /register (sent)');

    // Before the confirmation, signing in says so.
    await signIn(page, 'xd_worker', PASSWORD);
    await page.getByRole('alert').filter({ hasText: '您的注册申请正在等待企业工会确认' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    // The enterprise union confirms it in the queue reached from the registry.
    const s = await signedInPage(browser, server.baseUrl, union);
    await s.page.goto('/people');
    await button(s.page, '职工注册申请').click();
    await waitForPath(s.page, /^\/people\/worker-registrations$/);
    const row = s.page.getByRole('row').filter({ hasText: first.name });
    await row.getByText('xd_worker').waitFor();
    // Masked as the registry masks them.
    await row.getByText(`${first.idNumber.slice(0, 4)}**********${first.idNumber.slice(-4)}`).waitFor();
    expect(await row.textContent()).not.toContain(first.phone);
    await axe(s.page, 'zh-CN /people/worker-registrations');
    await button(row, '确认').click();
    await s.page.locator('.ant-popconfirm .ant-btn-primary').click();
    await s.page.getByText('已开通职工账号 xd_worker').waitFor();
    await s.page.getByText('暂无待确认的注册申请').waitFor();
    await axe(s.page, 'zh-CN /people/worker-registrations (empty)');
    await s.context.close();

    // The worker signs in with the password they chose and lands on their own proposals.
    await signIn(page, 'xd_worker', PASSWORD);
    await waitForPath(page, /^\/proposals$/);
    await page.getByRole('heading', { name: '创新成果' }).waitFor();
    await w.context.close();
  });

  it('rejects with a reason asked in a dialog, which sign-in shows (en-US)', async () => {
    const sent = await fetch(`${server.baseUrl}/api/worker-registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: second.idNumber, mobile: second.phone, username: 'xd_second', password: PASSWORD }),
    });
    expect(sent.status).toBe(201);
    const s = await signedInPage(browser, server.baseUrl, union);
    await s.page.addInitScript(() => localStorage.setItem('jx.locale', 'en-US'));
    await s.page.goto('/people/worker-registrations');
    const row = s.page.getByRole('row').filter({ hasText: second.name });
    await row.getByText('xd_second').waitFor();
    await axe(s.page, 'en-US /people/worker-registrations');
    await button(row, 'Reject').click();
    const d = dialog(s.page);
    await button(d, 'Reject').click();
    await d.locator('.ant-form-item-has-error').waitFor();
    await axe(s.page, 'en-US reject dialog (reason missing)');
    await d.getByLabel('Reason (shown to the worker at sign-in)').fill('Please update your mobile number with the union first');
    await button(d, 'Reject').click();
    await s.page.getByText('Registration rejected').waitFor();
    await s.page.getByText('No registrations awaiting confirmation').waitFor();
    await s.context.close();

    const w = await newPage(browser, server.baseUrl);
    await w.page.addInitScript(() => localStorage.setItem('jx.locale', 'en-US'));
    await w.page.goto('/register');
    await w.page.getByLabel('ID number').waitFor();
    await axe(w.page, 'en-US /register');
    await button(w.page, 'Send registration').click();
    await w.page.locator('.ant-form-item-explain-error').first().waitFor();
    await axe(w.page, 'en-US /register (errors)');
    await w.page.goto('/login');
    await w.page.getByLabel('Username').fill('xd_second');
    await w.page.getByLabel('Password').fill(PASSWORD);
    await w.page.getByLabel('Password').press('Enter');
    await w.page.getByRole('alert').filter({ hasText: 'Please update your mobile number with the union first' }).waitFor();
    await w.context.close();
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
