// Browser test of the studio-list and pair-list imports (issue #15 item 7): from the studios page, a
// list with a row naming someone outside the registry is checked (per-cell errors, the error
// report), committed without that row, and imported again adding nothing; from the pairs page, a
// pair list the same way; the import pages pass axe (WCAG 2.1 AA) in Chinese and in English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { buildCsv, buildXlsx, nthIdNumber } from '../src/server/testing/people-world.js';
import { type AxeFinding, axeFindings, formatFindings } from './axe.js';
import {
  ADMIN_PASSWORD,
  ApiClient,
  browserAvailable,
  launchBrowser,
  signedInPage,
  startServer,
  userClient,
  type RunningServer,
} from './harness.js';
import { button, waitForPath } from './ui.js';

const PASSWORD = 'Import-Passw0rd!';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const year = new Date().getFullYear();

describe.runIf(browserAvailable())('innovation: studio-list and pair-list imports', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let staff: ApiClient;
  const ENT = '湘潭重型机械配件有限公司';
  const findings: AxeFinding[] = [];

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'true' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const city = (
      await admin.call<{ items: { id: string; name: string }[] }>('GET', `/api/orgs?q=${encodeURIComponent('湘潭市总工会')}`)
    ).items.find((o) => o.name === '湘潭市总工会')!.id;
    const county = (
      await admin.call<{ id: string }>('POST', '/api/orgs', { parentId: city, name: '岳塘区总工会', kind: 'federation', level: 'county' })
    ).id;
    const ent = (
      await admin.call<{ id: string }>('POST', '/api/orgs', {
        parentId: county,
        name: ENT,
        kind: 'enterprise',
        level: 'grassroots',
        uscc: `91430304MA4L0E3E3${usccCheckCharacter('91430304MA4L0E3E3')}`,
      })
    ).id;
    staff = await userClient(server.baseUrl, admin, 'e2e_import_county', county, 'federation_staff', PASSWORD);
    for (const [i, name] of ['曾领衔', '彭领衔', '谢师傅', '邓徒弟'].entries())
      await admin.call('POST', '/api/people', { orgId: ent, name, idNumber: nthIdNumber(870_000 + i, '430304') });
    const master = (await admin.call<{ items: { id: string; name: string }[] }>('GET', `/api/people?orgId=${ent}&pageSize=50`)).items.find(
      (p) => p.name === '谢师傅',
    )!.id;
    await admin.call('POST', `/api/people/${master}/skills`, { level: 'technician', certifiedOn: '2016-05-01' });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const upload = async (page: Page, name: string, mimeType: string, buffer: Buffer) => {
    await page.locator('input[type=file]').setInputFiles({ name, mimeType, buffer });
  };

  it('imports a studio list from the studios page: per-cell errors, commit, and the same file again adds nothing', async () => {
    const file = await buildXlsx({
      titleRows: ['岳塘区创新工作室名单'],
      header: ['工作室名称', '类别', '所属单位', '领衔人', '成立时间', '命名级别', '命名文号', '命名日期'],
      rows: [
        ['曾领衔劳模创新工作室', '劳模创新', ENT, '曾领衔', `${year - 5}-04-01`, '县级', '岳工发〔2024〕2号', `${year - 1}-05-01`],
        ['彭领衔技能大师工作室', '技能大师工作室', ENT, '彭领衔', `${year - 3}-09-01`, '', '', ''],
        ['查无工作室', '劳模创新工作室', ENT, '查无此人', `${year - 3}-09-01`, '', '', ''],
      ],
    });
    const { context, page } = await signedInPage(browser, server.baseUrl, staff);
    await page.goto('/studios');
    await button(page, '导入 Excel').click();
    await waitForPath(page, /^\/studios\/import$/);
    await page.getByText('每行一个工作室').waitFor();
    findings.push(...(await axeFindings(page, 'zh-CN /studios/import')));

    await upload(page, '工作室名单.xlsx', XLSX, file);
    await page.getByText('表头在第 2 行').waitFor();
    findings.push(...(await axeFindings(page, 'zh-CN /studios/import (columns)')));
    await button(page, '开始校验').click();
    await page.getByText('共 3 行：可导入 2 行（新增 2，已登记跳过 0），有错误 1 行').waitFor();
    const errors = page.getByRole('table', { name: '错误与跳过的行' });
    await expect.poll(() => errors.innerText()).toContain('不在职工名册中');
    await expect.poll(() => page.getByRole('table', { name: '可导入的行' }).last().innerText()).toContain('县级');
    findings.push(...(await axeFindings(page, 'zh-CN /studios/import (check)')));
    await page.getByText('跳过有错误的行，导入其余 2 行').click();
    await button(page, '确认导入 2 行').click();
    await page.getByText('导入完成：新增 2 条，已登记跳过 0 条').waitFor();
    await button(page, '查看工作室').click();
    await waitForPath(page, /^\/studios$/);
    await page.getByRole('link', { name: '曾领衔劳模创新工作室' }).waitFor();

    // The same file again: nothing new.
    await button(page, '导入 Excel').click();
    await upload(page, '工作室名单.xlsx', XLSX, file);
    await button(page, '开始校验').click();
    await page.getByText('共 3 行：可导入 2 行（新增 0，已登记跳过 2），有错误 1 行').waitFor();
    await expect.poll(() => page.getByRole('table', { name: '可导入的行' }).last().innerText()).toContain('已登记，跳过');
    await page.getByText('跳过有错误的行，导入其余 2 行').click();
    await button(page, '确认导入 2 行').click();
    await page.getByText('导入完成：新增 0 条，已登记跳过 2 条').waitFor();
    await context.close();
  }, 180_000);

  it('imports a pair list from the pairs page, in English, with the same screens', async () => {
    const csv = buildCsv(
      ['师傅', '徒弟', '所属企业', '工种', '目标技能等级', '开始日期', '结束日期', '月带徒津贴(元)'],
      [
        ['谢师傅', '邓徒弟', ENT, '钳工', '高级工', `${year - 1}-03-01`, `${year + 1}-03-01`, '200'],
        ['谢师傅', '邓徒弟', ENT, '钳工', '高级工', `${year - 1}-03-01`, `${year - 2}-03-01`, '12.345'],
      ],
    );
    const { context, page } = await signedInPage(browser, server.baseUrl, staff);
    await page.addInitScript(() => localStorage.setItem('jx.locale', 'en-US'));
    await page.goto('/mentorships');
    await button(page, 'Import from Excel').click();
    await waitForPath(page, /^\/mentorships\/import$/);
    await page.getByText('One agreement per row').waitFor();
    findings.push(...(await axeFindings(page, 'en-US /mentorships/import')));
    await upload(page, 'pairs.csv', 'text/csv', Buffer.from(csv));
    await page.getByText('Header on row 1').waitFor();
    await button(page, 'Check rows').click();
    await page.getByText(/2 rows: 1 can be imported \(1 new, 0 already registered and skipped\), 1 with errors/).waitFor();
    const errors = page.getByRole('table').first();
    await expect.poll(() => errors.innerText()).toContain('after the start date');
    findings.push(...(await axeFindings(page, 'en-US /mentorships/import (check)')));
    await page.getByRole('checkbox').check();
    await page.locator('main .ant-btn-primary:not([disabled])').first().click();
    await page.getByText('Import done: 1 added, 0 already registered and skipped').waitFor();
    await button(page, 'View the pairs').click();
    await waitForPath(page, /^\/mentorships$/);
    await page.getByText('邓徒弟').first().waitFor();
    await context.close();
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 180_000);
});
