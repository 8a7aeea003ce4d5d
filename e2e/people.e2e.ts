// Browser test of the worker registry: import a roster with errors, read the per-cell errors and the
// error report, fix and re-import, search, open a person; without people.pii only masked numbers
// reach the page, with it (admin) the full number is shown on request and audited.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { buildXlsx, findPii, nthIdNumber, readXlsx } from '../src/server/testing/people-world.js';
import {
  ADMIN_PASSWORD,
  type ApiClient,
  browserAvailable,
  createProvinceEnterprise,
  newPage,
  type RunningServer,
  startWithAdmin,
  userClient,
} from './harness.js';
import { button, dialog, pickOption, signIn, waitForPath } from './ui.js';

const STAFF_PASSWORD = 'Staff-Passw0rd!';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['序号', '姓 名', '身份证号码', '手机号', '技能等级', '发证日期', '备注'];

describe.runIf(browserAvailable())('people: roster import, search, person page', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let enterpriseId: string;
  const good = [nthIdNumber(1), nthIdNumber(2), nthIdNumber(3)];
  const badCheck = good[1]!.slice(0, 17) + (good[1]![17] === '1' ? '2' : '1');

  beforeAll(async () => {
    ({ server, browser, admin } = await startWithAdmin({ JIANGXIN_ADMIN_TOTP: 'optional' }));
    ({ enterpriseId } = await createProvinceEnterprise(admin));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('imports a roster with errors, then the fixed file, and finds the people with masked numbers', async () => {
    await userClient(server.baseUrl, admin, 'ent_staff', enterpriseId, 'enterprise_staff', STAFF_PASSWORD, '企业工会干事');

    const { context, page } = await newPage(browser, server.baseUrl);
    const bodies: string[] = [];
    page.on('response', async (res) => {
      if (res.url().includes('/api/') && (res.headers()['content-type'] ?? '').includes('json'))
        bodies.push(await res.text().catch(() => ''));
    });
    await signIn(page, 'ent_staff', STAFF_PASSWORD);
    await waitForPath(page, /^\/(orgs|people|users|audit|profile)/);
    await page.getByRole('menuitem', { name: '职工名册' }).click();
    await waitForPath(page, /^\/people$/);
    await button(page, '导入花名册').click();
    await waitForPath(page, /^\/people\/import$/);

    // A roster as kept: a merged title row, spaced headers, an extra column, a bad check digit, an unknown level.
    const withErrors = await buildXlsx({
      titleRows: ['滨州装备制造有限公司职工花名册'],
      header: HEADER,
      rows: [
        [1, '张三', good[0], '13800138001', '高级工', '2020.5.1', ''],
        [2, '李四', badCheck, '13800138002', '大师', '2021年2月30日', ''],
        [3, '王五', good[2], '', '技师', '', ''],
      ],
    });
    await page.locator('input[type=file]').setInputFiles({ name: '花名册.xlsx', mimeType: XLSX, buffer: withErrors });
    await page.getByText('表头在第 2 行').waitFor();
    await button(page, '开始校验').click();
    await page.getByText(/共 3 行：可导入 2 行/).waitFor();
    const errors = page.getByRole('table').first();
    await expect.poll(() => errors.innerText()).toContain('校验位不正确');
    expect(await errors.innerText()).toContain('不是新八级职业技能等级之一');
    expect(await errors.innerText()).toContain('不是有效的日期');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载错误报告/ }).click()]);
    const report = await readXlsx(readFileSync((await download.path())!));
    // every original row, with the reasons beside the bad one: fixable in place
    expect(report.map((r) => r[0])).toEqual(['原行号', '3', '4', '5']);
    expect(report[2]!.at(-1)).toContain('校验位');

    await button(page, '修改后重新上传').click();
    const fixed = await buildXlsx({
      titleRows: ['滨州装备制造有限公司职工花名册'],
      header: HEADER,
      rows: [
        [1, '张三', good[0], '13800138001', '高级工', '2020.5.1', ''],
        [2, '李四', good[1], '13800138002', '技师', '2021年2月28日', ''],
        [3, '王五', good[2], '', '技师', '', ''],
      ],
    });
    await page.locator('input[type=file]').setInputFiles({ name: '花名册-修正.xlsx', mimeType: XLSX, buffer: fixed });
    await button(page, '开始校验').click();
    await page.getByText(/可导入 3 行（新增 3/).waitFor();
    await button(page, '确认导入 3 行').click();
    await page.getByText('导入完成：新增 3 人，更新 0 人，调动申请 0 条').waitFor();
    await button(page, '查看名册').click();
    await waitForPath(page, /^\/people$/);

    await page.getByLabel('搜索职工').fill('李四');
    await page.getByLabel('搜索职工').press('Enter');
    await page.getByRole('link', { name: '李四' }).click();
    await waitForPath(page, /^\/people\/\d+$/);
    await page.getByText('技能等级历史').waitFor();
    const shown = await page.getByTestId('id-number').innerText();
    expect(shown).toBe(`${good[1]!.slice(0, 4)}**********${good[1]!.slice(-4)}`);
    expect(await page.getByTestId('phone').innerText()).toBe('138****8002');
    await expect.poll(() => page.locator('body').innerText()).toContain('2021-02-28');
    expect(await page.getByRole('button', { name: /查看完整号码/ }).count()).toBe(0);

    // Nothing unmasked reached this user's browser, neither in the page nor in any JSON answer.
    expect(findPii(await page.content())).toBeUndefined();
    for (const b of bodies) expect(findPii(b)).toBeUndefined();
    expect(bodies.length).toBeGreaterThan(10);
    await context.close();
  });

  it('edits a worker, records and removes skills and honours (confirmed), downloads the template, and approves a transfer in the inbox', async () => {
    // Another enterprise registers 张三 (registered at 滨州装备): a pending transfer request for 滨州装备 to decide.
    const province = (await admin.call<{ items: { id: string }[] }>('GET', '/api/orgs?q=山东省总工会')).items[0]!.id;
    const other = await admin.call<{ id: string }>('POST', '/api/orgs', {
      parentId: province,
      name: '济南机床有限公司',
      kind: 'enterprise',
      level: 'grassroots',
      uscc: `91370100MA3C0A1B3${usccCheckCharacter('91370100MA3C0A1B3')}`,
    });
    const request = await admin.call<{ transfer: { id: string } }>('POST', '/api/people', {
      orgId: other.id,
      name: '张三',
      idNumber: good[0],
    });
    expect(request.transfer.id).toBeTruthy();

    const { context, page } = await newPage(browser, server.baseUrl);
    await signIn(page, 'ent_staff', STAFF_PASSWORD);
    await waitForPath(page, /^\/(orgs|people|users|audit|profile)/);

    // The template: Chinese headers, straight from the import page's button.
    await page.goto('/people/import');
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载模板/ }).click()]);
    expect(template.suggestedFilename()).toBe('职工花名册导入模板.xlsx');
    const headers = (await readXlsx(readFileSync((await template.path())!)))[0]!;
    expect(headers.slice(0, 3)).toEqual(['姓名', '身份证号', '手机号']);

    await page.goto('/people');
    await page.getByLabel('搜索职工').fill('张三');
    await page.getByLabel('搜索职工').press('Enter');
    await page.getByRole('link', { name: '张三' }).click();
    await waitForPath(page, /^\/people\/\d+$/);

    // Edit the details.
    await button(page, '编辑').click();
    const edit = dialog(page);
    await edit.getByLabel('职业（工种）').fill('数控车工');
    await pickOption(page, '学历', '大学本科', { within: edit });
    await button(edit, '保存').click();
    await page.getByText('已保存').waitFor();
    await expect.poll(() => page.locator('.ant-descriptions').innerText()).toContain('数控车工');
    expect(await page.locator('.ant-descriptions').innerText()).toContain('大学本科');

    // A skill certificate: recorded, then deleted after confirming.
    await button(page, '登记技能等级').click();
    const skill = dialog(page);
    await pickOption(page, '技能等级', '技师', { within: skill });
    await skill.getByLabel('证书编号').fill('E2E-0001');
    await button(skill, '保存').click();
    const skillRow = page.getByRole('row').filter({ hasText: 'E2E-0001' });
    await skillRow.waitFor();
    await button(skillRow, '删除').click();
    await page.getByText('删除这条技能等级记录？').waitFor();
    await button(page.locator('.ant-popconfirm'), '确定').click();
    await page.getByText('已删除技能等级记录').waitFor();
    await expect.poll(() => skillRow.count()).toBe(0);

    // An honour: kind, then the grades that kind has.
    await button(page, '登记荣誉').click();
    const honour = dialog(page);
    await pickOption(page, '荣誉类别', '劳动模范', { within: honour });
    await pickOption(page, '级别', '市级', { within: honour });
    await honour.getByLabel('年份').fill('2022');
    await button(honour, '保存').click();
    const honourRow = page.getByRole('row').filter({ hasText: '市级劳动模范' });
    await honourRow.waitFor();
    expect(await honourRow.innerText()).toContain('2022');
    await button(honourRow, '删除').click();
    await button(page.locator('.ant-popconfirm'), '确定').click();
    await expect.poll(() => honourRow.count()).toBe(0);

    // The transfer inbox: the request to decide, approved after confirming; the person leaves this list.
    await page.goto('/people');
    await button(page, '调动申请').click();
    await waitForPath(page, /^\/people\/transfers$/);
    const row = page.getByRole('row').filter({ hasText: '济南机床有限公司' });
    await row.waitFor();
    expect(await row.innerText()).toContain('张三');
    expect(await row.innerText()).toContain('待处理');
    await button(row, '同意').click();
    await page.getByText(/同意后该职工将转入济南机床有限公司/).waitFor();
    await button(page.locator('.ant-popconfirm'), '确定').click();
    await page.getByText('已同意调动').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    const decided = await admin.call<{ id: string; status: string }[]>('GET', '/api/people/transfers?status=approved');
    expect(decided.map((t) => t.id)).toContain(request.transfer.id);
    expect((await admin.call<{ items: { orgName: string }[] }>('GET', `/api/people?q=${good[0]}`)).items[0]!.orgName).toBe(
      '济南机床有限公司',
    );
    await context.close();
  });

  it('checks and imports a roster in one pass (no preview): good rows land, the bad one is in the error report', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signIn(page, 'ent_staff', STAFF_PASSWORD);
    await waitForPath(page, /^\/(orgs|people|users|audit|profile)/);
    await page.goto('/people/import');
    const fresh = [nthIdNumber(21), nthIdNumber(22), nthIdNumber(23)];
    const wrongDigit = fresh[1]!.slice(0, 17) + (fresh[1]![17] === '1' ? '2' : '1');
    const roster = await buildXlsx({
      header: HEADER,
      rows: [
        [1, '赵六', fresh[0], '13800138021', '高级工', '2022.3.1', ''],
        [2, '钱七', wrongDigit, '13800138022', '技师', '', ''],
        [3, '孙八', fresh[2], '', '中级工', '', ''],
      ],
    });
    // An Excel 97–2003 workbook (written by LibreOffice) is refused on the page with how to re-save it.
    const xls = readFileSync(new URL('../src/server/testing/fixtures/libreoffice/roster.xls', import.meta.url));
    await page.locator('input[type=file]').setInputFiles({ name: '花名册.xls', mimeType: 'application/vnd.ms-excel', buffer: xls });
    await page.getByText('文件未导入').waitFor();
    await page.getByText(/是 Excel 97–2003 工作簿（\.xls）.*另存为“Excel 工作簿（\.xlsx）”/).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: '花名册-一次导入.xlsx', mimeType: XLSX, buffer: roster });
    await page.getByRole('checkbox', { name: '边校验边导入（不预览）' }).check();
    await button(page, '开始校验并导入').click();
    await page.getByText('导入完成：新增 2 人，更新 0 人，调动申请 0 条').waitFor({ timeout: 60_000 });
    await page.getByText('1 行未导入，原因见错误报告').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载错误报告/ }).click()]);
    const report = await readXlsx(readFileSync((await download.path())!));
    expect(report.some((r) => r.join(' ').includes('校验位'))).toBe(true);
    const names = await admin.call<{ items: { name: string }[] }>('GET', '/api/people?q=%E9%92%B1%E4%B8%83');
    expect(names.items).toHaveLength(0);
    await context.close();
  });

  it('shows the full number to an admin (people.pii) for a stated purpose, audited with it; an ID search never puts the number in a URL', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const urls: string[] = [];
    page.on('request', (req) => urls.push(req.url()));
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await waitForPath(page, /^\/(orgs|people|users|audit|profile)/);
    await page.goto('/people');
    await page.getByLabel('搜索职工').fill(good[0]!);
    await page.getByLabel('搜索职工').press('Enter');
    await page.getByRole('link', { name: '张三' }).click();
    await page.getByTestId('id-number').waitFor();
    expect(await page.getByTestId('id-number').innerText()).toContain('**********');
    // The search went by POST: the number is in no URL the page requested, nor in the address bar.
    expect(urls.filter((u) => u.includes(good[0]!))).toEqual([]);
    expect(page.url()).not.toContain(good[0]!);

    await page.getByRole('button', { name: /查看完整号码/ }).click();
    const d = dialog(page);
    await d.getByTestId('pii-notice').waitFor();
    expect(await d.getByTestId('pii-notice').innerText()).toContain('审计日志');
    // 其他 needs the free text: the dialog stays open and says so.
    await d.getByText('其他', { exact: true }).click();
    await button(d, '确认查看').click();
    await d.getByText('选择“其他”时请说明用途').waitFor();
    expect(await page.getByTestId('id-number').innerText()).toContain('**********');
    await d.getByLabel('用途说明').fill('社保卡补办核对');
    await button(d, '确认查看').click();
    await expect.poll(() => page.getByTestId('id-number').innerText()).toBe(good[0]);
    const audit = await admin.call<{ total: number; items: { after: { purpose?: string; purposeNote?: string }; summary: string }[] }>(
      'GET',
      '/api/audit?action=view_pii',
    );
    expect(audit.total).toBe(1);
    expect(audit.items[0]!.after).toMatchObject({ purpose: 'other', purposeNote: '社保卡补办核对' });

    // The list's exports go by POST and arrive as files; the unmasked one asks for the purpose first.
    await page.goto('/people');
    await page.getByLabel('搜索职工').fill(good[0]!);
    await page.getByLabel('搜索职工').press('Enter');
    await page.getByRole('link', { name: '张三' }).waitFor();
    const [masked] = await Promise.all([page.waitForEvent('download'), button(page, '导出 Excel').click()]);
    expect(masked.suggestedFilename()).toMatch(/^职工名单-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await button(page, '导出完整号码').click();
    const ask = dialog(page);
    await ask.getByText('数据核对', { exact: true }).click();
    const [full] = await Promise.all([page.waitForEvent('download'), button(ask, '确认导出').click()]);
    const rows = await readXlsx(readFileSync((await full.path())!));
    expect(rows.flat()).toContain(good[0]);
    expect(urls.filter((u) => u.includes(good[0]!))).toEqual([]);
    const exported = await admin.call<{ items: { after: { purpose?: string; export?: boolean } }[] }>('GET', '/api/audit?action=view_pii');
    expect(exported.items[0]!.after).toMatchObject({ export: true, purpose: 'data_check' });

    // The audit page names the person and says what was viewed and why, in words.
    await page.goto('/audit');
    const row = page.getByRole('row').filter({ hasText: '张三' }).first();
    await row.waitFor();
    await row.getByRole('button').first().click();
    const summary = page.getByTestId('audit-summary').first();
    await summary.waitFor();
    expect(await summary.innerText()).toContain('查看内容：身份证号、手机号；用途：其他；用途说明：社保卡补办核对');
    expect(await page.locator('main').innerText()).not.toMatch(/\{"|20\d\d-(Q|H)\d/);
    await context.close();
  });
});
