// Browser test of field work and meetings: a visit to three host enterprises; a problem recorded on
// the visit page and turned into a task there; the enterprise reports on the task, the federation
// accepts it, and the visit shows the problem closed without any manual step. A meeting with five
// invited units, two of which submit reports pre-filled from their task data; minutes with two
// decisions turned into tasks (one through the page), issued; the next session opens with the briefing.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/server/testing/world.js';
import {
  ADMIN_PASSWORD,
  ApiClient,
  browserAvailable,
  launchBrowser,
  signedInPage,
  startServer,
  type RunningServer,
  userClient,
} from './harness.js';
import { button, dialog, pickOption } from './ui.js';

interface Org {
  id: string;
  name: string;
}
const PASSWORD = 'Field-Passw0rd!';

describe.runIf(browserAvailable())('field work and meetings in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let staff: ApiClient;
  let fed: { context: BrowserContext; page: Page };
  let city: Org;
  const ents: Org[] = [];
  const units: Org[] = [];
  const clients: Record<string, ApiClient> = {};
  let programme: { id: string; goals: { id: string }[] };

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const root = (await admin.call<{ items: Org[] }>('GET', '/api/orgs')).items[0]!;
    city = await admin.call<Org>('POST', '/api/orgs', { parentId: root.id, name: '滨州市总工会', kind: 'federation', level: 'city' });
    for (const name of ['湘电集团有限公司', '湘潭钢铁集团有限公司', '滨州黄河装备制造有限公司'])
      ents.push(
        await admin.call<Org>('POST', '/api/orgs', { parentId: city.id, name, kind: 'enterprise', level: 'grassroots', uscc: makeUscc() }),
      );
    for (const name of ['滨州市人力资源和社会保障局', '滨州市教育局'])
      units.push(await admin.call<Org>('POST', '/api/orgs', { parentId: city.id, name, kind: 'member_unit', level: 'city' }));
    staff = await userClient(server.baseUrl, admin, 'fw_staff', city.id, 'federation_staff', PASSWORD);
    clients.ent0 = await userClient(server.baseUrl, admin, 'fw_ent0', ents[0]!.id, 'enterprise_staff', PASSWORD);
    clients.unit0 = await userClient(server.baseUrl, admin, 'fw_unit0', units[0]!.id, 'member_unit_liaison', PASSWORD);
    clients.unit1 = await userClient(server.baseUrl, admin, 'fw_unit1', units[1]!.id, 'member_unit_liaison', PASSWORD);
    programme = await staff.call('POST', '/api/programmes', {
      title: '滨州市产改工作要点',
      periodStart: '2026-01-01',
      periodEnd: '2099-12-31',
      goals: [{ title: '四链融合' }],
    });
    fed = await signedInPage(browser, server.baseUrl, staff);
  }, 240_000);

  afterAll(async () => {
    await fed?.context.close();
    await browser?.close();
    await server?.stop();
  });

  it('records a problem on a visit to three hosts, turns it into a task, and shows the task completing', async () => {
    const visit = await staff.call<{ id: string }>('POST', '/api/visits', {
      title: '复工复产和产业工人队伍建设调研',
      visitType: 'thematic',
      themes: ['复工复产', '产业工人队伍建设'],
      leaderName: '陈杰平',
      leaderPost: '分党组书记、主席',
      startDate: '2026-08-31',
      endDate: '2026-09-02',
      hostOrgIds: ents.map((e) => e.id),
      findings: ['坚持疫情防控和生产经营两手抓'],
      requirements: ['要大力弘扬劳模精神、劳动精神、工匠精神'],
    });
    const { page } = fed;
    await page.goto('/visits');
    await page.getByRole('link', { name: '复工复产和产业工人队伍建设调研' }).click();
    await page.getByText('陈杰平（分党组书记、主席）').waitFor();
    for (const e of ents) await page.getByText(e.name, { exact: true }).first().waitFor();

    await button(page, '添加问题').click();
    let modal = dialog(page);
    await modal.getByLabel('问题类别').fill('技能人才');
    await modal.getByLabel('内容').fill('高技能人才短缺，青年职工流失');
    await pickOption(page, '提出单位', ents[0]!.name, { within: modal });
    await button(modal, '保存').click();
    await modal.waitFor({ state: 'detached' });
    await page.getByText('高技能人才短缺，青年职工流失').waitFor();
    await page.getByText('待处理').waitFor();

    await button(page, '转为任务').last().click();
    modal = dialog(page);
    await pickOption(page, '改革方案', '滨州市产改工作要点', { within: modal });
    await pickOption(page, '目标', '四链融合', { within: modal });
    await modal.getByText(ents[0]!.name).waitFor(); // the lead unit, pre-filled from the raising host
    const due = modal.getByLabel('完成时限');
    await due.click();
    await due.fill('2099-12-31');
    await due.press('Enter');
    // Enter closes the picker, or — when the picker has already closed on a loaded machine — submits the
    // form itself; save only while the dialog is still there (CI once timed out clicking a detached button).
    await button(modal, '保存')
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await modal.waitFor({ state: 'detached' });
    await page.getByText('办理中').first().waitFor();

    const v = await staff.call<{ problems: { task: { id: string } }[] }>('GET', `/api/visits/${visit.id}`);
    const taskId = v.problems[0]!.task.id;
    const r = await clients.ent0!.call<{ id: string }>('POST', `/api/tasks/${taskId}/reports`, {
      period: 'once',
      narrative: '已开展技能培训 3 期',
    });
    await clients.ent0!.call('POST', `/api/reports/${r.id}/submit`);
    await staff.call('POST', `/api/reports/${r.id}/accept`);
    await page.reload();
    await page.getByText('已解决').waitFor();
    await page.getByText('已完成').first().waitFor();
    // linked both ways: the task names the visit it came from
    await page.getByRole('link', { name: '高技能人才短缺，青年职工流失' }).click();
    await page.getByText('本任务由调研问题转办：').waitFor();
    await page.getByRole('link', { name: '复工复产和产业工人队伍建设调研' }).waitFor();
  }, 180_000);

  it('holds a meeting with pre-filled reports, minutes with decisions as tasks, issues them, and briefs the next session', async () => {
    // Each unit has a task with an accepted report: the figures its pre-meeting report starts from.
    for (const [i, key] of (['unit0', 'unit1'] as const).entries()) {
      const t = await staff.call<{ id: string; targets: { id: string }[] }>('POST', '/api/tasks', {
        programmeId: programme.id,
        goalId: programme.goals[0]!.id,
        kind: 'prescribed',
        title: `新增技能人才${i + 1}`,
        orgId: units[i]!.id,
        startDate: '2026-01-01',
        dueDate: '2099-12-31',
        cycle: 'once',
        targets: [{ metric: '新增技能人才', unit: '人', targetValue: 100 }],
      });
      const r = await clients[key]!.call<{ id: string }>('POST', `/api/tasks/${t.id}/reports`, {
        period: 'once',
        narrative: `新增技能人才 ${40 + i} 人`,
        values: [{ targetId: t.targets[0]!.id, value: 40 + i }],
      });
      await clients[key]!.call('POST', `/api/reports/${r.id}/submit`);
      await staff.call('POST', `/api/reports/${r.id}/accept`);
    }
    const series = await staff.call<{ id: string }>('POST', '/api/meeting-series', { title: '滨州市产改工作联席会议' });
    const m = await staff.call<{ id: string; invitations: { id: string; org: Org }[] }>('POST', '/api/meetings', {
      seriesId: series.id,
      meetingType: 'symposium',
      title: '“四链”融合深入推进产业工人队伍建设改革座谈会',
      meetingDate: '2099-02-27',
      venue: '滨州市总工会',
      programmeId: programme.id,
      reportDeadline: '2099-02-20',
      agenda: [{ title: '成员单位汇报落实情况' }],
      invitedOrgIds: [...units, ...ents].map((o) => o.id),
    });
    for (const [i, key] of (['unit0', 'unit1'] as const).entries()) {
      const inv = m.invitations.find((x) => x.org.id === units[i]!.id)!;
      const pre = await clients[key]!.call<{ reportData: { metrics: { actualValue: number }[] } }>(
        'POST',
        `/api/invitations/${inv.id}/report/prefill`,
      );
      expect(pre.reportData.metrics[0]!.actualValue).toBe(40 + i);
      await clients[key]!.call('POST', `/api/invitations/${inv.id}/report/submit`);
    }
    await staff.call('POST', `/api/meetings/${m.id}/decisions`, {
      text: '建立产改工作季度调度机制',
      ownerOrgId: ents[1]!.id,
      dueDate: '2000-01-31',
      programmeId: programme.id,
      goalId: programme.goals[0]!.id,
    });

    const { page } = fed;
    await page.goto(`/meetings/${m.id}`);
    await page.getByText('成员单位汇报落实情况').waitFor();
    expect(await page.getByText('已提交').count()).toBe(2);
    await page.getByLabel('出席情况').fill('市直有关成员单位和部分企业负责人参加会议');
    await page.getByLabel('会议要求 · 肯定').fill('会议肯定了各有关单位和企业取得的成绩');
    await page.getByLabel('会议要求 · 强调').fill('会议强调，要创新工作举措');
    await button(page, '保存').click();
    await page.locator('.ant-message').getByText('保存').waitFor();

    await button(page, '添加议定事项（同时生成任务）').click();
    const modal = dialog(page);
    await modal.getByLabel('议定事项').fill('制定技能人才激励办法');
    await pickOption(page, '责任单位', units[0]!.name, { within: modal, search: '人力资源' });
    const due = modal.getByLabel('完成时限');
    await due.click();
    await due.fill('2099-06-30');
    await due.press('Enter');
    await pickOption(page, '目标', '四链融合', { within: modal });
    await button(modal, '保存').click();
    await modal.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: '制定技能人才激励办法' }).waitFor();

    await button(page, '签发').click();
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /确\s?定|OK/ })
      .click();
    await button(page, '印发').waitFor();
    await button(page, '印发').click();
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /确\s?定|OK/ })
      .click();
    await page.getByText('已印发').first().waitFor();

    const next = await staff.call<{ id: string }>('POST', '/api/meetings', {
      seriesId: series.id,
      meetingType: 'joint',
      title: '联席会议第二次会议',
      meetingDate: '2099-05-01',
    });
    await page.goto(`/meetings/${next.id}`);
    await page.getByText('上次会议议定事项落实情况通报').waitFor();
    await page.getByRole('cell', { name: '建立产改工作季度调度机制', exact: true }).first().waitFor();
    await page.getByRole('cell', { name: '制定技能人才激励办法', exact: true }).first().waitFor();
    await page.getByText('已逾期').waitFor();
    await page.getByText('办理中').first().waitFor();
  }, 180_000);
});
