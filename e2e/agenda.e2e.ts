// Issue 13 items 4 and 7 in the browser: the convenor opens a call for agenda items (议题征集); an
// invited enterprise proposes an item on the meeting page; the convenor puts one proposal on the
// agenda (after confirmation) and declines another (a reason required: refused empty, per field);
// the enterprise sees the decision. The month calendar lists the meeting and a visit on their days
// and links to them. axe checks the meeting page, the dialogs, the confirmation and the calendar.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/server/testing/world.js';
import { type AxeFinding, axeFindings, formatFindings } from './axe.js';
import { type ApiClient, browserAvailable, type RunningServer, signedInPage, startWithAdmin, userClient } from './harness.js';
import { button, dialog, pickOption, settled, waitForPath } from './ui.js';

interface Org {
  id: string;
  name: string;
}
const PASSWORD = 'Agenda-Passw0rd!';

describe.runIf(browserAvailable())('agenda proposals and the calendar in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let staff: ApiClient;
  let ent0: ApiClient;
  let ent1: ApiClient;
  const ents: Org[] = [];
  const today = new Date().toISOString().slice(0, 10);
  let meetingId = '';
  let visitId = '';

  beforeAll(async () => {
    ({ server, browser, admin } = await startWithAdmin({ JIANGXIN_ADMIN_TOTP: 'optional' }));
    const root = (await admin.call<{ items: Org[] }>('GET', '/api/orgs')).items[0]!;
    const city = await admin.call<Org>('POST', '/api/orgs', { parentId: root.id, name: '滨州市总工会', kind: 'federation', level: 'city' });
    for (const name of ['渤海活塞股份有限公司', '山东京博控股集团有限公司'])
      ents.push(
        await admin.call<Org>('POST', '/api/orgs', { parentId: city.id, name, kind: 'enterprise', level: 'grassroots', uscc: makeUscc() }),
      );
    staff = await userClient(server.baseUrl, admin, 'ag_staff', city.id, 'federation_staff', PASSWORD);
    ent0 = await userClient(server.baseUrl, admin, 'ag_ent0', ents[0]!.id, 'enterprise_staff', PASSWORD);
    ent1 = await userClient(server.baseUrl, admin, 'ag_ent1', ents[1]!.id, 'enterprise_staff', PASSWORD);
    const m = await staff.call<{ id: string }>('POST', '/api/meetings', {
      meetingType: 'joint',
      title: '滨州市产改工作联席会议',
      meetingDate: today,
      venue: '市总工会三楼会议室',
      agenda: [{ title: '通报全市产改工作进展', presenter: '市总工会' }],
      invitedOrgIds: ents.map((e) => e.id),
    });
    meetingId = m.id;
    await staff.call('PUT', `/api/meetings/${meetingId}/proposal-deadline`, { deadline: today });
    ({ id: visitId } = await staff.call<{ id: string }>('POST', '/api/visits', {
      title: '复工复产和产业工人队伍建设调研',
      visitType: 'thematic',
      themes: ['复工复产'],
      leaderName: '陈杰平',
      startDate: today,
      endDate: today,
      hostOrgIds: [ents[0]!.id],
    }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an invited unit proposes, the convenor accepts one and declines one with a reason, the unit sees it; the calendar links to both', async () => {
    const findings: AxeFinding[] = [];
    // Unread notifications stay unread: the bell's accessible name carries the count it shows.

    // Enterprise 0 proposes in the browser.
    const ent = await signedInPage(browser, server.baseUrl, ent0);
    try {
      const { page } = ent;
      await page.goto(`/meetings/${meetingId}`);
      await page.getByText(`征集中，截止 ${today}`).waitFor();
      await page.getByText('暂无议题').waitFor();
      await settled(page);
      findings.push(...(await axeFindings(page, 'meeting page (invited unit, empty call)')));
      await button(page, '提出议题').click();
      const d = dialog(page);
      await d.waitFor();
      await d.locator('.ant-modal-footer .ant-btn-primary').click();
      await d.locator('.ant-form-item-explain-error').first().waitFor();
      findings.push(...(await axeFindings(page, 'propose dialog (errors)')));
      await d.getByLabel('议题名称').fill('企业技能人才自主评价推进情况');
      await d.getByLabel('汇报人').fill('企业工会主席');
      await d.getByLabel('所需时长（分钟）').fill('10');
      await d.getByLabel('材料及说明').fill('评价办法（征求意见稿）');
      await d.locator('.ant-modal-footer .ant-btn-primary').click();
      await d.waitFor({ state: 'hidden' });
      await page.getByRole('cell', { name: '企业技能人才自主评价推进情况' }).waitFor();
      await page.getByText('待处理').first().waitFor();
    } finally {
      await ent.context.close();
    }

    // Enterprise 1 proposes through the API; it does not see enterprise 0's proposal.
    const mine = await ent1.call<{ proposers: { invitationId: string }[] }>('GET', `/api/meetings/${meetingId}/agenda-proposals`);
    await ent1.call('POST', `/api/invitations/${mine.proposers[0]!.invitationId}/agenda-proposals`, { title: '企业年度宣传计划' });
    const own = await ent1.call<{ items: { title: string }[] }>('GET', `/api/meetings/${meetingId}/agenda-proposals`);
    expect(own.items.map((p) => p.title)).toEqual(['企业年度宣传计划']);

    // The convenor decides.
    const fed = await signedInPage(browser, server.baseUrl, staff);
    try {
      const { page } = fed;
      await page.goto(`/meetings/${meetingId}`);
      const row0 = page.getByRole('row').filter({ hasText: '企业技能人才自主评价推进情况' });
      const row1 = page.getByRole('row').filter({ hasText: '企业年度宣传计划' });
      await row1.waitFor();
      await settled(page);
      findings.push(...(await axeFindings(page, 'meeting page (convenor, two proposals)')));
      await button(row0, '列入议程').click();
      const pop = page.locator('.ant-popover:not(.ant-popover-hidden)').last();
      await pop.waitFor();
      findings.push(...(await axeFindings(page, 'accept confirmation')));
      await pop.getByRole('button', { name: /确\s?定|OK/ }).click();
      await row0.getByText('已列入议程').waitFor();
      // It is now on the agenda, with its presenter.
      await page.getByRole('row').filter({ hasText: '企业工会主席' }).filter({ hasText: '企业技能人才自主评价推进情况' }).first().waitFor();
      // exact: the agenda row's documents cell names the item in its upload button's label.
      expect(await page.getByRole('cell', { name: '企业技能人才自主评价推进情况', exact: true }).count()).toBe(2);

      await button(row1, '不予采纳').click();
      const d = dialog(page);
      await d.waitFor();
      await d.locator('.ant-modal-footer .ant-btn-primary').click();
      await d.getByText('请输入不予采纳的理由').or(d.locator('.ant-form-item-explain-error')).first().waitFor();
      findings.push(...(await axeFindings(page, 'decline dialog (errors)')));
      await d.getByLabel('不予采纳的理由').fill('与本次会议主题无关，建议在工作例会上交流');
      await d.locator('.ant-modal-footer .ant-btn-primary').click();
      await d.waitFor({ state: 'hidden' });
      await row1.getByText('未采纳').waitFor();

      // The calendar: this month lists the meeting and the visit today; the meeting's link opens it.
      await page.goto('/calendar');
      const day = page.getByRole('list', { name: new RegExp(`^${today}：2 项$`) });
      await day.waitFor();
      await day.getByRole('link', { name: '复工复产和产业工人队伍建设调研' }).waitFor();
      await settled(page);
      findings.push(...(await axeFindings(page, 'calendar')));
      await button(page, '下个月').click();
      await page
        .getByTestId('calendar-month')
        .filter({ hasNotText: today.slice(0, 7) })
        .waitFor();
      await button(page, '本月').click();
      await day.getByRole('link', { name: '滨州市产改工作联席会议' }).click();
      await waitForPath(page, new RegExp(`^/meetings/${meetingId}$`));
    } finally {
      await fed.context.close();
    }

    // Enterprise 1 sees its proposal declined, with the reason.
    const after = await ent1.call<{ items: { status: string; declineReason: string }[] }>(
      'GET',
      `/api/meetings/${meetingId}/agenda-proposals`,
    );
    expect(after.items[0]).toMatchObject({ status: 'declined', declineReason: '与本次会议主题无关，建议在工作例会上交流' });
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 240_000);

  it('drafts a research plan item, approves it after confirmation, and links the visit to it', async () => {
    const findings: AxeFinding[] = [];
    const fed = await signedInPage(browser, server.baseUrl, staff);
    try {
      const { page } = fed;
      await page.goto('/research-plan');
      await page.getByText('本年度暂无调研计划项目').waitFor();
      await settled(page);
      findings.push(...(await axeFindings(page, 'research plan (empty)')));
      await button(page, '新增计划项目').click();
      const d = dialog(page);
      await d.waitFor();
      await d.locator('.ant-modal-footer .ant-btn-primary').click();
      await d.locator('.ant-form-item-explain-error').first().waitFor();
      findings.push(...(await axeFindings(page, 'plan item dialog (errors)')));
      await d.getByLabel('调研课题').fill('复工复产和产业工人队伍建设');
      await d.getByLabel('调研目的').fill('了解企业复工复产和产改推进情况');
      await d.getByLabel('牵头领导').fill('陈杰平');
      await d.getByLabel('领导职务').fill('分党组书记、主席');
      await d.getByLabel('责任部门').fill('基层工作部');
      await d.locator('.ant-modal-footer .ant-btn-primary').click();
      await d.waitFor({ state: 'hidden' });
      const row = page.getByRole('row').filter({ hasText: '复工复产和产业工人队伍建设' });
      await row.getByText('草稿').waitFor();
      await button(row, '批准').click();
      const pop = page.locator('.ant-popover:not(.ant-popover-hidden)').last();
      await pop.waitFor();
      findings.push(...(await axeFindings(page, 'approve confirmation')));
      await pop.getByRole('button', { name: /确\s?定|OK/ }).click();
      await row.getByText('已批准').waitFor();

      await page.goto(`/visits/${visitId}`);
      await page.getByLabel('关联计划项目').waitFor();
      await settled(page);
      await pickOption(page, '关联计划项目', '复工复产和产业工人队伍建设');
      await expect
        .poll(
          async () => (await staff.call<{ planItem: { topic: string } | null }>('GET', `/api/visits/${visitId}/plan-item`)).planItem?.topic,
        )
        .toBe('复工复产和产业工人队伍建设');
      await settled(page);
      findings.push(...(await axeFindings(page, 'visit page with its plan item')));
      await page.goto('/research-plan');
      await page.getByRole('row').filter({ hasText: '复工复产和产业工人队伍建设' }).getByRole('cell', { name: '1', exact: true }).waitFor();
    } finally {
      await fed.context.close();
    }
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 240_000);
});
