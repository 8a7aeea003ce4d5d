// No raw codes or ids on screen: on the demo, after a reveal with its purpose and the deadline
// reminders the daily job sends at start, the audit log (every entry opened) and the
// notifications page show names and words in both languages — no period code like 2026-Q3, no JSON,
// no uuid.
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo.js';
import { ADMIN_PASSWORD, ApiClient, browserAvailable, launchBrowser, signedInPage, startServer, type RunningServer } from './harness.js';

const RAW = [/20\d\d-(Q|H|M)\d/, /\{\s*"/, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i];
const rawIn = (text: string) => RAW.filter((re) => re.test(text)).map((re) => `${re}: ${text.match(re)?.[0]}`);

async function mainText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

describe.runIf(browserAvailable())('texts on screen: names and labels, never codes', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let binzhou: ApiClient;
  let personName: string;

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'true' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    binzhou = new ApiClient(server.baseUrl);
    await binzhou.login('binzhou', DEMO_PASSWORD);
    const person = (await admin.call<{ items: { id: string; name: string }[] }>('GET', '/api/people?pageSize=1')).items[0]!;
    personName = person.name;
    await admin.call('POST', `/api/people/${person.id}/pii`, { purpose: 'data_check' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const locale of ['zh-CN', 'en-US']) {
    it(`the audit log, every entry opened, and the notifications (${locale})`, async () => {
      const { context, page } = await signedInPage(browser, server.baseUrl, admin);
      await page.addInitScript((l) => localStorage.setItem('jx.locale', l), locale);
      await page.goto('/audit');
      await page.getByRole('row').filter({ hasText: personName }).first().waitFor();
      // Open every entry of the page (the expand buttons of rows that have details).
      const expanders = page.locator('button.ant-table-row-expand-icon:not(.ant-table-row-expand-icon-spaced)');
      const n = await expanders.count();
      for (let i = 0; i < n; i++) await expanders.nth(i).click();
      expect(await page.getByTestId('audit-summary').count()).toBe(n);
      const audit = await mainText(page);
      expect(audit).toContain(locale === 'zh-CN' ? '身份证号、手机号' : 'ID number, phone');
      expect(audit).toContain(locale === 'zh-CN' ? '数据核对' : 'checking data');
      expect(rawIn(audit)).toEqual([]);
      await context.close();

      const staff = await signedInPage(browser, server.baseUrl, binzhou);
      await staff.page.addInitScript((l) => localStorage.setItem('jx.locale', l), locale);
      await staff.page.goto('/notifications');
      await staff.page.locator('main').waitFor();
      await staff.page.waitForLoadState('networkidle');
      expect(rawIn(await mainText(staff.page))).toEqual([]);
      await staff.context.close();
    });
  }
});
