// Browser test of employee innovation, issue #16 items 5–7: the city opens a selection; the enterprise
// recommends its adopted result into it from the item page and records the result's patent (a grant
// date before the application is refused on the field); the city scores it, selects it and records an
// exact award; the city's innovation figures count it once, with a drill-down to the enterprise; the
// inventor's talent record lists the patent. Every page passes axe-core (WCAG 2.1 AA) in both languages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { nthIdNumber } from '../src/server/testing/people-world.js';
import { type AxeFinding, axeFindings, formatFindings } from './axe.js';
import { type ApiClient, browserAvailable, type RunningServer, signedInPage, startWithAdmin, userClient } from './harness.js';
import { button, dialog, pickOption } from './ui.js';

const PASSWORD = 'Upward-Passw0rd!';
const year = new Date().getFullYear();

describe.runIf(browserAvailable())('employee innovation: upward selections, patents, figures', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  const clients: Record<string, ApiClient> = {};
  let enterprise = '';
  let itemId = '';
  let selectionId = '';
  const people: string[] = [];

  async function user(username: string, orgId: string, role: string) {
    clients[username] = await userClient(server.baseUrl, admin, username, orgId, role, PASSWORD);
  }

  beforeAll(async () => {
    ({ server, browser, admin } = await startWithAdmin({ JIANGXIN_ADMIN_TOTP: 'optional' }));
    const root = (await admin.call<{ items: { id: string }[] }>('GET', '/api/orgs')).items[0]!.id;
    const city = (
      await admin.call<{ id: string }>('POST', '/api/orgs', { parentId: root, name: '滨州市总工会', kind: 'federation', level: 'city' })
    ).id;
    enterprise = (
      await admin.call<{ id: string }>('POST', '/api/orgs', {
        parentId: city,
        name: '滨州装备制造有限公司',
        kind: 'enterprise',
        level: 'grassroots',
        uscc: `91371600MA3C0U1P2${usccCheckCharacter('91371600MA3C0U1P2')}`,
      })
    ).id;
    await user('up_city', city, 'federation_staff');
    await user('up_ent', enterprise, 'enterprise_staff');
    for (const [i, name] of ['李创新', '王协作'].entries()) {
      const r = await admin.call<{ person: { id: string } }>('POST', '/api/people', {
        orgId: enterprise,
        name,
        idNumber: nthIdNumber(770_000 + i),
      });
      people.push(r.person.id);
    }
    const ent = clients.up_ent!;
    itemId = (
      await ent.call<{ id: string }>('POST', '/api/proposals', {
        orgId: enterprise,
        title: '装配工序优化',
        category: 'small_innovation',
        area: 'process',
        estimatedBenefitYuan: '20000',
        proposers: [
          { personId: people[0], shareBp: 6000 },
          { personId: people[1], shareBp: 4000 },
        ],
      })
    ).id;
    for (const body of [{ step: 'submit' }, { step: 'send_to_experts' }, { step: 'adopt' }, { step: 'implement', startDate: '2026-01-01' }])
      await ent.call('POST', `/api/proposals/${itemId}/steps`, body);
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

  it('selection → recommendation and patent on the item page → review and award → figures → talent record', async () => {
    // The city opens a selection.
    const city = await signedInPage(browser, server.baseUrl, clients.up_city!);
    await city.page.goto('/proposals/selections');
    await button(city.page, '发起评选').click();
    const open = dialog(city.page);
    await open.getByLabel('评选名称').fill('滨州市十大职工创新成果');
    await axe(city.page, 'open selection dialog');
    await open.getByLabel('推荐截止日期').fill('2099-12-31');
    await open.getByLabel('推荐截止日期').press('Enter');
    await city.page.getByText('已发起评选“滨州市十大职工创新成果”').waitFor();
    await city.page.getByRole('link', { name: '滨州市十大职工创新成果' }).waitFor();
    await axe(city.page, 'selections (city)');

    // The enterprise recommends its result from the item page.
    const ent = await signedInPage(browser, server.baseUrl, clients.up_ent!);
    await ent.page.goto(`/proposals/${itemId}`);
    await button(ent.page, '推荐参评').click();
    const rec = dialog(ent.page);
    await pickOption(ent.page, '评选活动', `滨州市总工会 · 滨州市十大职工创新成果（${year}）`, { within: rec });
    await rec.getByLabel('推荐意见').fill('每件节约0.2工时');
    await axe(ent.page, 'recommend dialog');
    await button(rec, '保存').click();
    await ent.page.getByText('已推荐到“滨州市十大职工创新成果”').waitFor();
    const entries = ent.page.locator('.ant-card').filter({ hasText: '推荐参评' });
    await entries.getByRole('cell', { name: /滨州市十大职工创新成果/ }).waitFor();

    // …and records its patent: a grant date before the application is refused on the field.
    await button(ent.page, '登记专利').click();
    const pat = dialog(ent.page);
    await pat.getByLabel('申请号').fill('202320123456.7');
    await pat.getByLabel('授权公告号').fill('CN219123456U');
    await pickOption(ent.page, '第1发明人', '李创新 · 滨州装备制造有限公司', { within: pat, search: '李创新' });
    await pat.getByLabel('申请日').fill('2023-03-01');
    await pat.getByLabel('申请日').press('Tab');
    await pat.getByLabel('授权公告日').fill('2023-02-01');
    await pat.getByLabel('授权公告日').press('Enter');
    await pat.getByText('授权公告日不能早于申请日').waitFor();
    await axe(ent.page, 'patent dialog (error)');
    await pat.getByLabel('授权公告日').fill('2023-09-15');
    await pat.getByLabel('授权公告日').press('Enter');
    await ent.page.getByText('已登记专利').waitFor();
    await ent.page.getByRole('cell', { name: '202320123456.7' }).waitFor();
    await axe(ent.page, 'item page (patent, entry)');

    // The city scores the entry, selects it and records the award (exact to the fen).
    selectionId = (await clients.up_city!.call<{ items: { id: string }[] }>('GET', '/api/proposals/selections')).items[0]!.id;
    await city.page.goto(`/proposals/selections/${selectionId}`);
    const row = city.page.getByRole('row').filter({ hasText: '装配工序优化' });
    await button(row, '评审').click();
    const review = dialog(city.page);
    await review.getByLabel('评分').fill('92.5');
    await review.getByLabel('名次').fill('1');
    await review.getByText('入选', { exact: true }).click();
    await axe(city.page, 'review dialog');
    await button(review, '保存').click();
    await city.page.getByText('已保存评审结果').waitFor();
    await row.getByText('入选').waitFor();
    await button(row, '登记奖励').click();
    const award = dialog(city.page);
    await award.getByLabel('奖项名称').fill('十大创新成果');
    await award.getByLabel('奖励金额（元）').fill('0.1');
    await button(award, '保存').click();
    await row.getByText('十大创新成果 0.10').waitFor();
    await axe(city.page, 'selection page (city)');

    // The city's figures count the result once, with a drill-down to the enterprise.
    await city.page.goto('/proposals/dashboard');
    const stat = (title: string) => city.page.locator('.ant-statistic').filter({ hasText: title });
    await stat('推荐参评成果').getByText('1', { exact: true }).waitFor();
    await stat('评选入选成果').getByText('1', { exact: true }).waitFor();
    await city.page.getByRole('img', { name: '各类别提交、采纳、实施数' }).waitFor();
    await axe(city.page, 'innovation figures (city)');
    await city.page.getByRole('link', { name: '滨州装备制造有限公司' }).click();
    await city.page.getByRole('heading', { name: '滨州装备制造有限公司职工创新统计' }).waitFor();
    expect(await city.page.getByRole('link', { name: '导出Excel' }).getAttribute('href')).toContain('/api/proposals/dashboard.xlsx?orgId=');

    // The inventor's talent record lists the patent.
    await ent.page.goto(`/people/${people[0]}`);
    await ent.page.locator('.talent-card').getByText('实用新型专利：装配工序优化（第1发明人）').waitFor();
    for (const c of [ent, city]) await c.context.close();

    // The same pages in English.
    const en = await signedInPage(browser, server.baseUrl, clients.up_city!);
    await en.page.addInitScript(() => localStorage.setItem('jx.locale', 'en-US'));
    for (const path of ['/proposals/selections', `/proposals/selections/${selectionId}`, '/proposals/dashboard', `/proposals/${itemId}`]) {
      await en.page.goto(path);
      await en.page.locator('main').first().waitFor();
      await en.page.waitForLoadState('networkidle');
      await axe(en.page, `en-US ${path}`);
    }
    await en.page.goto('/proposals/dashboard');
    await en.page.locator('.ant-statistic-title', { hasText: 'Results recommended' }).waitFor();
    await en.context.close();
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 240_000);
});
