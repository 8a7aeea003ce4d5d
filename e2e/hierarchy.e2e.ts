// Browser test of the two chains (issue 12), on the demo data: the user of 中国机械冶金建材工会
// (jixie) opens its affiliated Hunan enterprise 湘电集团 from its list of enterprises, sees both
// chains and no edit action, cannot write the enterprise's roster, hands it a task that the
// Xiangtan city federation sees too, and finds the enterprise's figures on its own dashboard; then
// plans seed 000's research visit hosted by 湘电 (the host picker offers its affiliated enterprises),
// which the Xiangtan city federation finds in its own list of visits.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo.js';
import { nthIdNumber } from '../src/server/testing/people-world.js';
import { ADMIN_PASSWORD, ApiClient, browserAvailable, launchBrowser, signedInPage, startServer, type RunningServer } from './harness.js';
import { dialog, waitForPath } from './ui.js';

interface Listed {
  items: { id: string; title?: string }[];
}

describe.runIf(browserAvailable())('industry chain: an industry union reaches its affiliated enterprises', () => {
  let server: RunningServer;
  let browser: Browser;
  let jixie: ApiClient;
  let xiangtan: ApiClient;
  let xiangdian: string;
  let taskId: string;

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'true' });
    browser = await launchBrowser();
    jixie = new ApiClient(server.baseUrl);
    await jixie.login('jixie', DEMO_PASSWORD);
    const admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const found = await admin.call<Listed>('GET', `/api/orgs?q=${encodeURIComponent('湘潭市总工会')}`);
    const city = found.items[0]!.id;
    await admin.call('POST', '/api/users', {
      username: 'xiangtan',
      displayName: '湘潭市总工会产改办',
      password: 'Xiangtan-Passw0rd!',
      orgId: city,
      roles: ['federation_staff'],
    });
    xiangtan = new ApiClient(server.baseUrl);
    await xiangtan.login('xiangtan', 'Xiangtan-Passw0rd!');
    await xiangtan.call('POST', '/api/auth/password', { currentPassword: 'Xiangtan-Passw0rd!', newPassword: 'Xiangtan-Passw0rd-2!' });
    xiangtan = new ApiClient(server.baseUrl);
    await xiangtan.login('xiangtan', 'Xiangtan-Passw0rd-2!');
    // The union's own programme and task, to be handed down in the browser.
    const union = (await jixie.call<{ user: { orgId: string } }>('GET', '/api/auth/me')).user.orgId;
    const p = await jixie.call<{ id: string; goals: { id: string }[] }>('POST', '/api/programmes', {
      orgId: union,
      title: '机械冶金行业产改行动',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      goals: [{ title: '技能人才' }],
    });
    taskId = (
      await jixie.call<{ id: string }>('POST', '/api/tasks', {
        programmeId: p.id,
        goalId: p.goals[0]!.id,
        kind: 'prescribed',
        title: '建设劳模和工匠人才创新工作室',
        orgId: union,
        startDate: '2026-01-01',
        dueDate: '2026-12-31',
        cycle: 'once',
      })
    ).id;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens 湘电集团 through the industry chain, read-only, and hands it a task the city federation sees', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, jixie);
    await page.goto('/');
    await page.getByRole('menuitem', { name: '产业工会' }).click();
    await waitForPath(page, /^\/industry$/);
    await page.getByRole('link', { name: '湘电集团有限公司' }).click();
    await waitForPath(page, /^\/orgs\/\d+$/);
    xiangdian = new URL(page.url()).pathname.split('/').pop()!;
    // Both chains: the territorial path (breadcrumb) and the industry union.
    await page.getByRole('navigation').getByText('湘潭市总工会').waitFor();
    await page.getByTestId('affiliations').getByText('中国机械冶金建材工会').first().waitFor();
    await page.getByText('通过产业工会查看：只读，由属地工会维护').waitFor();
    expect(await page.getByRole('button', { name: /编\s*辑/ }).count()).toBe(0);
    // The roster is the territorial chain's: read (masked) yes, write no.
    const roster = await jixie.call<{ items: { idNumberMasked: string }[] }>('GET', `/api/people?orgId=${xiangdian}&pageSize=5`);
    expect(roster.items.length).toBeGreaterThan(0);
    expect(roster.items[0]!.idNumberMasked).toContain('*');
    await expect(jixie.call('POST', '/api/people', { orgId: xiangdian, name: '越权', idNumber: nthIdNumber(4242) })).rejects.toThrow(/404/);

    // Hand the union's task to the enterprise: the picker offers the affiliated enterprises.
    await page.goto(`/tasks/${taskId}`);
    await page.getByRole('button', { name: '分解下达' }).click();
    await page.getByRole('dialog').getByRole('combobox').first().click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText('湘电集团有限公司', { exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').getByRole('button', { name: '分解下达' }).click();
    await page.getByText('已下达到 1 个单位').waitFor();
    const seen = await xiangtan.call<Listed>('GET', `/api/tasks?orgId=${xiangdian}&pageSize=50`);
    expect(seen.items.map((t) => t.title)).toContain('建设劳模和工匠人才创新工作室');

    // The union's dashboard: its industry's figures, the enterprise among them.
    const enterprise = await jixie.call<{ totals: { workers: number } }>('GET', `/api/dashboard?orgId=${xiangdian}`);
    expect(enterprise.totals.workers).toBeGreaterThan(0);
    await page.getByRole('menuitem', { name: '产改成果' }).click();
    await waitForPath(page, /^\/dashboard$/);
    // Broken down by province, then drilled down (city) to the enterprise.
    await page.getByRole('row', { name: /湖南省总工会/ }).click();
    await page.locator('.ant-breadcrumb').getByText('湖南省总工会').waitFor();
    await page.getByRole('row', { name: /湘潭市总工会/ }).click();
    await page.getByRole('row', { name: /湘电集团有限公司/ }).waitFor();
    await page.locator('.ant-breadcrumb').getByText('中国机械冶金建材工会').click();
    await page.getByRole('row', { name: /湖南省总工会/ }).waitFor();
    const industry = await jixie.call<{ totals: { workers: number } }>('GET', '/api/dashboard');
    const card = page.locator('.ant-statistic').filter({ has: page.getByText('职工人数', { exact: true }) });
    await expect
      .poll(async () => (await card.locator('.ant-statistic-content').innerText()).replace(/\D/g, ''))
      .toBe(String(industry.totals.workers));
    expect(industry.totals.workers).toBeGreaterThanOrEqual(enterprise.totals.workers);
    await context.close();
  }, 180_000);

  it('plans a research visit hosted by 湘电集团 (offered by the host picker), which the city federation sees', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, jixie);
    await page.goto('/visits');
    await page.getByRole('button', { name: /新\s*建/ }).click();
    const form = dialog(page);
    await form.getByLabel('名称', { exact: true }).fill('中国机械冶金建材工会赴湘电集团调研');
    await form.getByLabel('调研主题', { exact: true }).fill('产业工人队伍建设改革');
    await form.getByLabel('调研主题', { exact: true }).press('Enter');
    await form.getByLabel('带队领导', { exact: true }).fill('陈杰');
    const dates = form.locator('.ant-picker-range input');
    await dates.first().click();
    await dates.first().fill('2026-04-08');
    await dates.first().press('Enter');
    await dates.nth(1).fill('2026-04-09');
    // Enter on the last date would submit the form: leave the field instead, which keeps the typed date.
    await form.getByText('新建调研', { exact: true }).click();
    await expect.poll(() => dates.nth(1).inputValue()).toBe('2026-04-09');
    // Before anything is typed, the host picker offers the union's affiliated enterprises.
    await form.getByLabel('被调研单位', { exact: true }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText('湘电集团有限公司', { exact: true }).click();
    // Close the list by clicking the dialog's title (Escape would close the dialog too).
    await form.getByText('新建调研', { exact: true }).click();
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await waitForPath(page, /^\/visits\/\d+$/);
    await page.getByText('湘电集团有限公司').first().waitFor();
    const visitId = new URL(page.url()).pathname.split('/').pop()!;
    const made = await jixie.call<{ org: { name: string }; hosts: { id: string; name: string }[] }>('GET', `/api/visits/${visitId}`);
    expect(made.org.name).toBe('中国机械冶金建材工会');
    expect(made.hosts.map((h) => h.name)).toEqual(['湘电集团有限公司']);
    await context.close();

    // The enterprise's territorial chain sees the visit in its own list, and opens it read-only.
    const city = await signedInPage(browser, server.baseUrl, xiangtan);
    await city.page.goto('/visits');
    await city.page.getByRole('link', { name: '中国机械冶金建材工会赴湘电集团调研' }).click();
    await waitForPath(city.page, new RegExp(`^/visits/${visitId}$`));
    await city.page.getByText('湘电集团有限公司').first().waitFor();
    const seen = await xiangtan.call<{ canEdit: boolean }>('GET', `/api/visits/${visitId}`);
    expect(seen.canEdit).toBe(false);
    await city.context.close();
  }, 180_000);
});
