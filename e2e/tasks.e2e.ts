// Browser test of the reform-task module: federation staff create a programme (with a "four chains"
// tag) and a task with a target, hand it down to two units; a unit's liaison finds it in "my tasks",
// reports a value with a real PDF attached (a disguised executable is refused with a translated
// message) and submits; the federation returns it with a reason, the liaison sees the reason and
// resubmits, the federation accepts and the parent task shows the rolled-up value; supervision and
// its answer; the ledger's Excel export opens with exceljs with the right rows, the print view, the
// symposium summary, and the ledger in English.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ApiClient, browserAvailable, launchBrowser, signedInPage, startServer, type RunningServer } from './harness.js';
import { button, dialog, pickOption, visibleOption, waitForPath } from './ui.js';

interface Org {
  id: string;
  name: string;
}

const PASSWORD = 'Tasks-Passw0rd!';
const PROGRAMME = '2026年产业工人队伍建设改革工作要点';
const GOAL = '提升产业工人技能素质';
const TASK = '开展职工技能培训';
const REASON = '请补充培训签到表和现场照片';

/** A small but real PDF (one empty page). */
function tinyPdf(): Buffer {
  const objects = [
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(body.length);
    body += o;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function userClient(
  baseUrl: string,
  admin: ApiClient,
  username: string,
  displayName: string,
  orgId: string,
  role: string,
): Promise<ApiClient> {
  await admin.call('POST', '/api/users', { username, displayName, password: 'Initial-Passw0rd!', orgId, roles: [role] });
  const first = new ApiClient(baseUrl);
  await first.login(username, 'Initial-Passw0rd!');
  await first.call('POST', '/api/auth/password', { currentPassword: 'Initial-Passw0rd!', newPassword: PASSWORD });
  const client = new ApiClient(baseUrl);
  await client.login(username, PASSWORD);
  return client;
}

describe.runIf(browserAvailable())('reform tasks: programme, hand-down, report, review, rollup, ledger', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let city: Org;
  let unitA: Org;
  let unitB: Org;
  let staff: ApiClient;
  let fed: { context: BrowserContext; page: Page };
  let liaison: { context: BrowserContext; page: Page };
  let programmeId = '';
  let parentTaskId = '';
  let childTaskId = '';
  let reportId = '';

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const root = (await admin.call<{ items: Org[] }>('GET', '/api/orgs')).items[0]!;
    city = await admin.call<Org>('POST', '/api/orgs', { parentId: root.id, name: '江心市总工会', kind: 'federation', level: 'city' });
    unitA = await admin.call<Org>('POST', '/api/orgs', {
      parentId: city.id,
      name: '市机械冶金工会',
      kind: 'industry_union',
      level: 'city',
    });
    unitB = await admin.call<Org>('POST', '/api/orgs', {
      parentId: city.id,
      name: '市交通运输工会',
      kind: 'industry_union',
      level: 'city',
    });
    staff = await userClient(server.baseUrl, admin, 'jx_staff', '市总干部', city.id, 'federation_staff');
    const liaisonA = await userClient(server.baseUrl, admin, 'jx_liaison', '冶金工会联络员', unitA.id, 'member_unit_liaison');
    fed = await signedInPage(browser, server.baseUrl, staff);
    liaison = await signedInPage(browser, server.baseUrl, liaisonA);
  }, 180_000);

  afterAll(async () => {
    await fed?.context.close();
    await liaison?.context.close();
    await browser?.close();
    await server?.stop();
  });

  const message = (page: Page, text: string | RegExp) => page.locator('.ant-message').getByText(text);

  it('federation staff create a programme and a task with a target, and hand it down to two units', async () => {
    const { page } = fed;
    await page.goto('/');
    await page.getByRole('menuitem', { name: '改革方案' }).click();
    await waitForPath(page, /^\/programmes$/);
    await page.getByText('暂无改革方案').waitFor();

    // The federation's tags: the four chains in one click.
    await button(page, '标签设置').click();
    const tagsModal = dialog(page);
    await tagsModal.getByRole('button', { name: /四链融合/ }).click();
    await tagsModal.getByText('人才链', { exact: true }).waitFor();
    await button(tagsModal, '返回').click();
    await tagsModal.waitFor({ state: 'detached' });

    await button(page, '新建方案').click();
    const modal = dialog(page);
    await modal.getByLabel('方案名称').fill(PROGRAMME);
    await pickOption(page, '标签', '人才链', { within: modal });
    await modal.getByLabel('目标 1').fill(GOAL);
    await button(modal, '保存').click();
    await waitForPath(page, /^\/programmes\/\d+$/);
    programmeId = page.url().split('/').pop()!;
    await message(page, '方案已创建').waitFor();
    await page.getByText(`1. ${GOAL}`).waitFor();

    await page
      .getByRole('button', { name: /添加任务/ })
      .first()
      .click();
    const taskModal = dialog(page);
    await taskModal.getByLabel('任务名称').fill(TASK);
    await taskModal.getByLabel('任务内容').fill('全年培训职工1000人次，分解到各产业工会');
    await button(taskModal, '添加指标').click();
    await taskModal.getByLabel('指标名称 1').fill('培训职工');
    await taskModal.getByLabel('目标值 1').fill('1000');
    await taskModal.getByLabel('计量单位 1').fill('人次');
    await button(taskModal, '保存').click();
    await waitForPath(page, /^\/tasks\/\d+$/);
    parentTaskId = page.url().split('/').pop()!;
    await message(page, '任务已添加').waitFor();
    await page.getByText('0 / 1000 人次').waitFor();

    await button(page, '分解下达').click();
    const hd = dialog(page);
    await hd.getByLabel('下级单位').click();
    await visibleOption(page, unitA.name).click();
    await visibleOption(page, unitB.name).click();
    await hd.getByText('分解下达到下级单位').click(); // closes the dropdown
    await hd.getByLabel(`${unitA.name} 培训职工`).fill('600');
    await hd.getByLabel(`${unitB.name} 培训职工`).fill('400');
    await expect.poll(() => hd.getByTestId('hand-down-totals').innerText()).toContain('已分解 1000 / 1000 人次');
    await button(hd, '分解下达').click();
    await message(page, '已下达到 2 个单位').waitFor();
    await hd.waitFor({ state: 'detached' });
    const children = page.getByRole('table', { name: '分解任务' });
    await children.getByRole('link', { name: unitA.name }).waitFor();
    await children.getByRole('link', { name: unitB.name }).waitFor();
  });

  it('a liaison finds the task in "my tasks", reports a value with a PDF attached and submits', async () => {
    const { page } = liaison;
    await page.goto('/');
    await page.getByRole('menuitem', { name: '我的任务' }).click();
    await waitForPath(page, /^\/tasks\/mine$/);
    const table = page.getByRole('table', { name: '我的任务' });
    await table.getByRole('link', { name: TASK }).waitFor();
    await table.getByRole('link', { name: '填报进展' }).click();
    await waitForPath(page, /^\/tasks\/\d+$/);
    childTaskId = page.url().split('/').pop()!;
    await page.getByText('0 / 600 人次').waitFor();

    await page
      .getByRole('button', { name: /填报进展/ })
      .first()
      .click();
    const modal = dialog(page);
    await modal.getByLabel('报送期次').waitFor();
    await button(modal, '填报进展').click();
    await waitForPath(page, /^\/reports\/\d+$/);
    reportId = page.url().split('/').pop()!;

    // A disguised executable is refused with the server's message in Chinese; the real PDF is kept.
    const fileInput = page.locator('input[type=file]');
    await fileInput.setInputFiles({
      name: '培训照片.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), Buffer.alloc(2000, 1)]),
    });
    await message(page, /可执行文件/).waitFor();
    await fileInput.setInputFiles({ name: '培训签到表.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
    await message(page, '已上传 培训签到表.pdf').waitFor();
    await page.getByRole('link', { name: '培训签到表.pdf', exact: true }).waitFor();

    await page.getByLabel('进展情况').fill('一季度举办焊工、钳工培训班3期，培训职工300人次。');
    await page.getByLabel(/培训职工（目标 600 人次）/).fill('300');
    await button(page, '保存草稿').click();
    await message(page, '草稿已保存').waitFor();
    await button(page, '提交审核').click();
    await button(dialog(page), '提交审核').click();
    await message(page, '已提交审核').waitFor();
    await page.locator('.ant-tag').getByText('待审核').first().waitFor();
    await page.getByText('冶金工会联络员 提交第 1 版').waitFor();

    // The attachment downloads as the same bytes.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '培训签到表.pdf', exact: true }).click(),
    ]);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('the federation returns the report with a reason; the liaison sees it and resubmits', async () => {
    const { page } = fed;
    await page.getByRole('menuitem', { name: '报送审核' }).click();
    await waitForPath(page, /^\/tasks\/reviews$/);
    const queue = page.getByRole('table', { name: '报送审核' });
    await queue.getByText(unitA.name).waitFor();
    await expect.poll(() => queue.innerText()).toContain('培训职工：300 / 600人次');
    await button(queue, '退回修改').click();
    const modal = dialog(page);
    await modal.getByLabel('退回原因').fill(REASON);
    await button(modal, '退回修改').click();
    await message(page, '报告已退回').waitFor();
    await queue.getByText('没有待审核的进展报告').waitFor();

    const l = liaison.page;
    await l.goto(`/tasks/${childTaskId}`);
    await l.getByText(`该报告被退回：${REASON}`).waitFor();
    await l.getByRole('link', { name: '打开报告' }).click();
    await waitForPath(l, /^\/reports\/\d+$/);
    await l.getByTestId('return-reason').getByText(REASON).waitFor();
    await l.getByLabel('进展情况').fill('一季度举办焊工、钳工培训班3期，培训职工300人次；签到表和照片已补充。');
    await button(l, '重新提交').click();
    await button(dialog(l), '重新提交').click();
    await message(l, '已提交审核').waitFor();
    await l.getByText('冶金工会联络员 提交第 2 版').waitFor();
    await l.getByText(`江心市总工会 市总干部 退回（第 1 版）：${REASON}`).waitFor();
  });

  it('the federation accepts; the parent task shows the rolled-up value', async () => {
    const { page } = fed;
    await page.goto(`/reports/${reportId}`);
    await page.getByText('冶金工会联络员 提交第 2 版').waitFor();
    await button(page, '审核通过').click();
    await button(dialog(page), '审核通过').click();
    await message(page, '报告已通过审核').waitFor();
    await page.getByText('江心市总工会 市总干部 审核通过（第 2 版）').waitFor();

    await page.goto(`/tasks/${parentTaskId}`);
    await page.getByText('300 / 1000 人次').waitFor();
    const children = page.getByRole('table', { name: '分解任务' });
    await children.getByRole('link', { name: unitA.name }).click();
    await waitForPath(page, new RegExp(`^/tasks/${childTaskId}$`));
    await page.getByText('300 / 600 人次').waitFor();
    await page.locator('.ant-timeline').getByText('已通过').waitFor();
  });

  it('supervision: the federation sends a notice, the liaison answers it from "my tasks"', async () => {
    const { page } = fed;
    await page.goto(`/tasks/${childTaskId}`);
    await button(page, '督办').click();
    const modal = dialog(page);
    await modal.getByLabel('督办内容').fill('请于本月底前完成二季度培训计划并报送');
    await button(modal, '督办').click();
    await message(page, '督办已发出').waitFor();
    await page.getByText('请于本月底前完成二季度培训计划并报送').waitFor();

    const l = liaison.page;
    await l.goto('/tasks/mine');
    await l.getByText('请于本月底前完成二季度培训计划并报送').waitFor();
    await button(l, '回复督办').click();
    const answer = dialog(l);
    await answer.getByLabel('回复内容').fill('已制定二季度培训计划，4月10日前开班');
    await button(answer, '回复督办').click();
    await message(l, '已回复').waitFor();

    await page.reload();
    await page.getByText('已制定二季度培训计划，4月10日前开班').waitFor();
  });

  it('maintains the programme: tags, goals, the task tree, editing and deleting a task, archiving; the board', async () => {
    const { page } = fed;
    await page.goto('/programmes');
    await button(page, '标签设置').click();
    const tagsModal = dialog(page);
    await tagsModal.getByRole('button', { name: '删除标签 教育链' }).click();
    await button(page.locator('.ant-popover'), '确定').click();
    await message(page, '标签已删除').waitFor();
    await expect.poll(() => tagsModal.getByText('教育链', { exact: true }).count()).toBe(0);
    await button(tagsModal, '返回').click();

    await page.getByRole('link', { name: PROGRAMME }).click();
    await waitForPath(page, /^\/programmes\/\d+$/);
    await button(page, '添加目标').click();
    const goalModal = dialog(page);
    await goalModal.getByLabel('目标').fill('畅通技术工人发展通道');
    await button(goalModal, '保存').click();
    await message(page, '目标已保存').waitFor();
    await page.getByText('2. 畅通技术工人发展通道').waitFor();

    // The task tree: the top-level task opens into the units it was handed down to.
    const tree = page.getByRole('table', { name: '任务清单' });
    await tree.getByRole('link', { name: TASK }).waitFor();
    expect(await tree.getByRole('link', { name: TASK }).count()).toBe(1);
    await tree.getByRole('button', { name: /展开/ }).first().click();
    await tree.getByText(unitA.name).waitFor();
    await tree.getByText(unitB.name).waitFor();

    // Archive (confirmed) and restore.
    await button(page, '归档').click();
    await button(dialog(page), '确定').click();
    await page.locator('.ant-tag').getByText('已归档').waitFor();
    await button(page, '恢复').click();
    await page.locator('.ant-tag').getByText('进行中').waitFor();

    // Edit a task, and delete one that has no reports (confirmed).
    await page.goto(`/tasks/${parentTaskId}`);
    await button(page, '编辑任务').click();
    const edit = dialog(page);
    await edit.getByLabel('任务内容').fill('全年培训职工1000人次，按季度报送进展');
    await button(edit, '保存').click();
    await message(page, '任务已保存').waitFor();
    await page.getByText('全年培训职工1000人次，按季度报送进展').waitFor();
    expect(await page.locator('[data-testid^="target-"]').count()).toBe(1); // the target was updated, not added again

    const goal = (await staff.call<{ goals: { id: string }[] }>('GET', `/api/programmes/${programmeId}`)).goals[1]!;
    const extra = await staff.call<{ id: string }>('POST', '/api/tasks', {
      programmeId,
      goalId: goal.id,
      kind: 'optional',
      title: '临时任务',
      orgId: city.id,
      startDate: '2026-01-01',
      dueDate: '2026-12-31',
      cycle: 'once',
    });
    await page.goto(`/tasks/${extra.id}`);
    await button(page, '删除任务').click();
    await button(dialog(page), '确定').click();
    await message(page, '任务已删除').waitFor();
    await waitForPath(page, new RegExp(`^/programmes/${programmeId}$`));

    // The board: counts of the subtree and the notices with their answers.
    await page.getByRole('menuitem', { name: '督办看板' }).click();
    await waitForPath(page, /^\/tasks\/board$/);
    await expect.poll(() => page.locator('.ant-statistic').filter({ hasText: '任务总数' }).innerText()).toContain('3');
    await page.getByText('已制定二季度培训计划，4月10日前开班').waitFor();
  });

  it('a stale task edit says what someone else changed, then shows the latest version', async () => {
    const { page } = fed;
    await page.goto(`/tasks/${parentTaskId}`);
    await button(page, '编辑任务').click();
    const edit = dialog(page);
    await edit.getByLabel('任务内容').fill('浏览器里的修改（不应保存）');
    // Meanwhile a colleague saves the task (the form was opened on the version before theirs).
    const current = await staff.call<{ version: number }>('GET', `/api/tasks/${parentTaskId}`);
    await staff.call('PATCH', `/api/tasks/${parentTaskId}`, {
      description: '全年培训职工1200人次，按季度报送进展',
      version: current.version,
    });
    await button(edit, '保存').click();
    const details = page.getByTestId('conflict-details');
    await details.waitFor();
    expect(await details.innerText()).toMatch(/(说明|任务内容)已被他人修改/);
    await button(page.locator('.ant-modal-confirm'), '查看最新内容').click();
    await page.getByText('全年培训职工1200人次，按季度报送进展').waitFor();
    expect(await page.getByText('浏览器里的修改（不应保存）').count()).toBe(0);
  });

  it('exports the ledger to Excel, prints it, summarises the programme, and speaks English', async () => {
    const { page } = fed;
    await page.getByRole('menuitem', { name: '工作台账' }).click();
    await waitForPath(page, /^\/tasks\/ledger$/);
    const ledger = page.getByRole('table', { name: '工作台账' });
    await expect.poll(() => ledger.getByRole('link', { name: TASK }).count()).toBe(3);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/工作台账.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const cell = (r: number, c: number) => {
      const v = ws.getRow(r).getCell(c).value;
      return v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? '' : String(v);
    };
    // A report: title, exporting unit, date and filter rows, group headings, then the column headers (row 7)
    // and one row per target, numbers as numbers (the value's unit in its own column).
    expect(cell(1, 1)).toMatch(/工作台账$/);
    expect([3, 5, 9, 11, 12, 15].map((c) => cell(7, c))).toEqual(['任务名称', '牵头单位', '指标', '目标值', '完成值', '状态']);
    expect(typeof ws.getRow(8).getCell(11).value).toBe('number');
    const rows = [8, 9, 10].map((r) => ({
      title: cell(r, 3),
      lead: cell(r, 5),
      target: `${cell(r, 9)} ${cell(r, 11)}${cell(r, 10)}`,
      actual: `${cell(r, 12) || '0'}${cell(r, 10)}`,
    }));
    expect(cell(11, 3)).toBe('');
    expect(rows.map((r) => r.title)).toEqual([TASK, TASK, TASK]);
    expect(rows.map((r) => r.lead).sort()).toEqual([city.name, unitA.name, unitB.name].sort());
    const byLead = Object.fromEntries(rows.map((r) => [r.lead, r]));
    expect(byLead[city.name]).toMatchObject({ target: '培训职工 1000人次', actual: '300人次' });
    expect(byLead[unitA.name]).toMatchObject({ target: '培训职工 600人次', actual: '300人次' });
    expect(byLead[unitB.name]).toMatchObject({ target: '培训职工 400人次', actual: '0人次' });

    // The print view: no menu, the same rows, and a print button.
    await button(page, '打印版').click();
    await waitForPath(page, /^\/tasks\/ledger\/print$/);
    const printed = page.getByRole('table', { name: '工作台账' });
    await expect.poll(() => printed.locator('tbody tr').count()).toBe(3);
    expect(await page.getByRole('menu').count()).toBe(0);
    await page.evaluate(() => {
      (window as unknown as { printed: boolean }).printed = false;
      window.print = () => {
        (window as unknown as { printed: boolean }).printed = true;
      };
    });
    await button(page, '打印').click();
    expect(await page.evaluate(() => (window as unknown as { printed: boolean }).printed)).toBe(true);
    await button(page, '返回台账').click();
    await waitForPath(page, /^\/tasks\/ledger$/);

    // The symposium summary of the programme.
    await page.getByRole('menuitem', { name: '座谈会汇总' }).click();
    await pickOption(page, '选择方案', PROGRAMME);
    await expect.poll(() => page.getByTestId('summary-headline').innerText()).toContain('共 3 项任务');
    await page.getByTestId(`summary-unit-${unitA.id}`).getByText('培训职工：完成 300人次，目标 600人次，完成率 50%').waitFor();

    // English on a tasks page.
    await page.getByRole('menuitem', { name: '工作台账' }).click();
    await page.getByRole('button', { name: '界面语言' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Task ledger' }).waitFor();
    const en = page.getByRole('table', { name: 'Task ledger' });
    await en.getByRole('columnheader', { name: 'Lead unit' }).waitFor();
    await expect.poll(() => en.locator('.ant-tag').getByText('At risk').count()).toBeGreaterThan(0);
    await page.getByRole('menuitem', { name: 'My tasks' }).waitFor();
  });
});
