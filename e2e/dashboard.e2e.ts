// Browser test of the results dashboard: open it from the menu, read the headline figures, drill down
// two levels by clicking a unit, go back up through the breadcrumb, export the breakdown (.xlsx with
// one row per child unit), and switch to English.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { nthIdNumber, readXlsx } from '../src/server/testing/people-world.js';
import { ADMIN_PASSWORD, ApiClient, browserAvailable, launchBrowser, signedInPage, startServer, type RunningServer } from './harness.js';
import { waitForPath } from './ui.js';

describe.runIf(browserAvailable())('dashboard: figures, drill-down, export', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const root = (await admin.call<{ items: { id: string }[] }>('GET', '/api/orgs')).items[0]!.id;
    const org = async (key: string, parentId: string, name: string, kind: string, level: string, extra: Record<string, unknown> = {}) => {
      ids[key] = (await admin.call<{ id: string }>('POST', '/api/orgs', { parentId, name, kind, level, ...extra })).id;
    };
    const uscc = (n: number) => {
      const b = `91371600MA3C0A${String(n).padStart(3, '0')}`;
      return b + usccCheckCharacter(b);
    };
    await org('province', root, '山东省总工会', 'federation', 'province');
    await org('binzhou', ids.province!, '滨州市总工会', 'federation', 'city');
    await org('jinan', ids.province!, '济南市总工会', 'federation', 'city');
    await org('zhanhua', ids.binzhou!, '沾化区总工会', 'federation', 'county');
    await org('entA', ids.zhanhua!, '沾化冬枣食品有限公司', 'enterprise', 'grassroots', { uscc: uscc(1), unionName: '冬枣公司工会' });
    await org('entB', ids.zhanhua!, '沾化渔具有限公司', 'enterprise', 'grassroots', { uscc: uscc(2) });
    await org('entC', ids.jinan!, '济南重型机床有限公司', 'enterprise', 'grassroots', { uscc: uscc(3), unionName: '机床公司工会' });
    let n = 0;
    const person = async (orgId: string, name: string, skill?: string, honour?: Record<string, unknown>) => {
      const r = await admin.call<{ person: { id: string } }>('POST', '/api/people', {
        orgId,
        name,
        idNumber: nthIdNumber(++n),
        unionMember: n % 2 === 0,
      });
      if (skill) await admin.call('POST', `/api/people/${r.person.id}/skills`, { level: skill });
      if (honour) await admin.call('POST', `/api/people/${r.person.id}/honours`, honour);
    };
    await person(ids.entA!, '王一', 'technician', { kind: 'model_worker', grade: 'national' });
    await person(ids.entA!, '王二', 'senior');
    await person(ids.entB!, '王三', 'junior');
    await person(ids.entC!, '王四', 'senior_technician', { kind: 'model_worker', grade: 'provincial' });
    await person(ids.entC!, '王五');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the figures, drills down two levels and back, and exports one row per child unit', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, admin);
    await page.goto('/');
    await page.getByRole('menuitem', { name: '产改成果' }).click();
    await waitForPath(page, /^\/dashboard$/);
    await page.getByRole('heading', { name: '产改成果' }).waitFor();
    const card = (title: string) => page.locator('.ant-statistic').filter({ has: page.getByText(title, { exact: true }) });
    await expect.poll(() => card('职工人数').locator('.ant-statistic-content').innerText()).toBe('5');
    expect(await card('高技能人才').locator('.ant-statistic-content').innerText()).toBe('3');
    expect(await card('劳动模范').locator('.ant-statistic-content').innerText()).toBe('2');
    await page.getByRole('img', { name: '近 12 个月走势' }).locator('canvas').first().waitFor();

    // Root → province → Binzhou → Zhanhua county, by clicking the units in the breakdown.
    await page.getByRole('row', { name: /山东省总工会/ }).click();
    await waitForPath(page, /^\/dashboard$/);
    await page.getByRole('row', { name: /滨州市总工会/ }).click();
    await page.getByRole('row', { name: /沾化区总工会/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('orgId')).toBe(ids.binzhou);
    await expect.poll(() => card('职工人数').locator('.ant-statistic-content').innerText()).toBe('3');
    await page.getByRole('row', { name: /沾化区总工会/ }).click();
    await page.getByRole('row', { name: /沾化冬枣食品有限公司/ }).waitFor();
    expect(await page.getByRole('row', { name: /沾化渔具有限公司/ }).count()).toBe(1);
    expect(await card('企业建会率').locator('.ant-statistic-content').innerText()).toBe('50.0%');

    // Export the county's breakdown: one row per enterprise below it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /导出下级单位统计/ }).click()]);
    const sheet = await readXlsx(readFileSync((await download.path())!));
    expect(sheet[0]![0]).toBe('沾化区总工会产改成果统计（按下级单位）');
    const header = sheet.findIndex((r) => r[0] === '单位');
    expect(sheet[header]!.slice(0, 2)).toEqual(['单位', '职工人数']);
    const units = sheet
      .slice(header + 1)
      .filter((r) => r[0] !== '合计')
      .map((r) => r[0])
      .sort();
    expect(units).toEqual(['沾化冬枣食品有限公司', '沾化渔具有限公司']);
    expect(sheet.at(-1)!.slice(0, 2)).toEqual(['合计', '3']);

    // Back up through the breadcrumb.
    await page.locator('.ant-breadcrumb').getByText('山东省总工会').click();
    await page.getByRole('row', { name: /济南市总工会/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('orgId')).toBe(ids.province);

    // Sorting by a column reorders the units.
    await page
      .getByRole('columnheader', { name: /职工人数/ })
      .first()
      .click(); // the breakdown table (a federation's dashboard also splits by industry section)
    await context.close();
  });

  it('reads in English', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, admin);
    await page.goto('/dashboard');
    await page.getByRole('heading', { name: '产改成果' }).waitFor();
    await page.getByRole('button', { name: '界面语言' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Reform results' }).waitFor();
    await page.getByText('Units below', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('menuitem', { name: '中文' }).click();
    await page.getByRole('heading', { name: '产改成果' }).waitFor();
    await context.close();
  });
});
