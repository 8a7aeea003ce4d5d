// The submission ledger (报送) in Chromium on the demo data: an article's "报送" section records a
// submission to 工人日报 and then its adoption (date and page); the ledger page under the news menu
// counts it (sent and adopted, listed by unit, with the line that these are no ranking) and passes
// axe-core's WCAG 2.1 AA rules in both languages.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo.js';
import { axeFindings, formatFindings } from './axe.js';
import { ApiClient, browserAvailable, launchBrowser, signedInPage, startServer, type RunningServer } from './harness.js';
import { button, dialog, pickOption } from './ui.js';

describe.runIf(browserAvailable())('news submission ledger', () => {
  let server: RunningServer;
  let browser: Browser;
  let writer: ApiClient;
  let articleId = '';
  const headline = '滨州市总工会开展职工技能竞赛';

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'true' });
    browser = await launchBrowser();
    writer = new ApiClient(server.baseUrl);
    await writer.login('binzhou', DEMO_PASSWORD);
    const made = await writer.call<{ id: string }>('POST', '/api/news/articles', {
      column: '工作动态',
      headline,
      bodyHtml: '<p>竞赛吸引了全市职工参加。</p>',
    });
    articleId = made.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds a submission, records its adoption, sees the count, and the ledger page passes axe', async () => {
    const { page } = await signedInPage(browser, server.baseUrl, writer);
    await page.goto(`/news/${articleId}`);
    const section = page
      .locator('.ant-card')
      .filter({ has: page.getByText('报送', { exact: true }) })
      .last();
    await section.getByText('尚未报送').waitFor();
    await button(section, '添加报送').click();
    const add = dialog(page);
    await add.getByLabel('报送媒体').fill('工人日报');
    await add.getByLabel('报送日期').fill('2026-11-02');
    await button(add, '保存').click();
    await add.waitFor({ state: 'detached' });
    await section.getByRole('cell', { name: '工人日报' }).waitFor();
    await section.getByText('待反馈').waitFor();

    await button(section, '登记采用情况').click();
    const outcome = dialog(page);
    await pickOption(page, '采用情况', '已采用', { within: outcome });
    await outcome.getByLabel('采用日期').fill('2026-11-05');
    await outcome.getByLabel('采用位置（版面、链接或期号）').fill('第3版');
    await button(outcome, '保存').click();
    await outcome.waitFor({ state: 'detached' });
    await section.getByText('已采用').waitFor();
    await section.getByRole('cell', { name: '第3版' }).waitFor();

    // The ledger page: this year's counts over the user's subtree, by unit name, no rank.
    await page.getByRole('menuitem', { name: /报送台账/ }).click();
    await page.waitForURL((u) => u.pathname === '/news/submissions');
    await page.getByText('不作排名').waitFor();
    await page.getByText(/合计：报送（篇次） 1 · 采用（篇次） 1/).waitFor();
    const byOutlet = page.locator('.ant-table').filter({ hasText: '按报送媒体' });
    await byOutlet.getByRole('row').filter({ hasText: '工人日报' }).waitFor();
    await page.getByRole('link', { name: headline }).waitFor();
    expect(await page.getByRole('columnheader', { name: /排名|rank/i }).count()).toBe(0);
    const exportHref = await page.getByRole('link', { name: /导出统计/ }).getAttribute('href');
    expect(exportHref).toMatch(/^\/api\/news\/submissions\/export\.xlsx\?period=\d{4}$/);
    const ledgerHref = await page.getByRole('link', { name: /导出台账/ }).getAttribute('href');
    expect(ledgerHref).toMatch(/^\/api\/news\/submissions\/ledger\.xlsx\?period=\d{4}&sort=-sentOn$/);
    const sheet = await page.request.get(ledgerHref!);
    expect(sheet.status()).toBe(200);
    expect(sheet.headers()['content-type']).toContain('spreadsheetml');

    await page.waitForLoadState('networkidle');
    await page
      .locator('.ant-spin-spinning, .ant-skeleton-active')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    const findings = await axeFindings(page, 'zh-CN /news/submissions');
    // …and in English.
    await page.evaluate(() => localStorage.setItem('jx.locale', 'en-US'));
    await page.reload();
    await page.getByText(/never a ranking/).waitFor();
    await page.getByText('Sent and adopted', { exact: false }).first().waitFor();
    await page.waitForLoadState('networkidle');
    findings.push(...(await axeFindings(page, 'en-US /news/submissions')));
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 180_000);
});
