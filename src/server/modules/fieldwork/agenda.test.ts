// Agenda proposals (议题征集) and the calendar of visits and meetings: the convenor opens the call
// with a deadline; invited units propose items by then (after it: refused per field in both
// languages, nothing saved); the convenor accepts (the item joins the agenda) or declines with a
// reason; each unit sees only its own proposals, the convenor's side all; every step audited. The
// calendar lists what the caller sees in a range of days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { must } from '../../testing/tasks-world.js';
import { expectError } from '../../testing/expect-error.js';
import { countAudits } from '../../testing/audit.js';

const put = (c: Client, path: string, body: unknown) => c.request('PUT', path, body);

describe('agenda proposals and the calendar', () => {
  let server: TestServer;
  let w: World;
  let entA: Client;
  let liaisonA: Client;
  let entB: Client;
  let meeting: any;
  const inv = (orgId: string) => meeting.invitations.find((i: any) => i.org.id === orgId).id;
  const audits = (entityType: string, action: string) => countAudits(server.db, entityType, action);

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    await createUser(w.admin, 'ag_ent_a', w.enterpriseA, ['enterprise_staff']);
    await createUser(w.admin, 'ag_liaison_a', w.unitA, ['member_unit_liaison']);
    await createUser(w.admin, 'ag_ent_b', w.enterpriseB, ['enterprise_staff']);
    entA = await loginFresh(server, 'ag_ent_a');
    liaisonA = await loginFresh(server, 'ag_liaison_a');
    entB = await loginFresh(server, 'ag_ent_b');
    meeting = must(
      await w.staffA.post('/api/meetings', {
        meetingType: 'joint',
        title: '滨州市产改工作联席会议',
        meetingDate: '2099-06-30',
        venue: '市总工会三楼会议室',
        agenda: [{ title: '通报产改工作进展', presenter: '市总工会' }],
        invitedOrgIds: [w.enterpriseA, w.unitA, w.enterpriseB],
      }),
      201,
      'meeting',
    );
  }, 120_000);
  afterAll(() => server.close());

  it('takes no proposal before the convenor opens the call', async () => {
    expectError(await entA.post(`/api/invitations/${inv(w.enterpriseA)}/agenda-proposals`, { title: '技能人才评价' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.title', code: 'proposals_not_open', message: '本次会议未开展议题征集，不能提出议题名称' },
    });
    const list = must(await entA.get(`/api/meetings/${meeting.id}/agenda-proposals`), 200, 'list');
    expect(list).toMatchObject({ deadline: null, open: false, canDecide: false, items: [] });
    expect(list.proposers.map((p: any) => p.org.id)).toEqual([w.enterpriseA]);
  });

  it('opens the call with a deadline not after the meeting (convenor only), audited and announced', async () => {
    expectError(await put(w.staffA, `/api/meetings/${meeting.id}/proposal-deadline`, { deadline: '2099-07-01' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.deadline', code: 'after_meeting', message: '议题征集截止日期不能晚于会议日期' },
    });
    expect((await put(entA, `/api/meetings/${meeting.id}/proposal-deadline`, { deadline: '2099-06-01' })).status).toBe(403);
    const before = await audits('meeting', 'update');
    const r = must(await put(w.staffA, `/api/meetings/${meeting.id}/proposal-deadline`, { deadline: '2099-06-01' }), 200, 'deadline');
    expect(r).toMatchObject({ deadline: '2099-06-01', open: true, canDecide: true });
    expect(await audits('meeting', 'update')).toBe(before + 1);
    const bell = must(await entB.get('/api/notifications'), 200, 'bell');
    expect(JSON.stringify(bell)).toContain('议题征集');
  });

  let propA: any;
  let propUnit: any;
  let propB: any;
  it('lets each invited unit propose; it sees its own proposals only, the convenor all', async () => {
    propA = must(
      await entA.post(`/api/invitations/${inv(w.enterpriseA)}/agenda-proposals`, {
        title: '企业技能人才自主评价推进情况',
        presenter: '企业工会主席',
        minutesWanted: 10,
        notes: '附：评价办法（征求意见稿）',
      }),
      201,
      'proposal A',
    );
    expect(propA).toMatchObject({ status: 'pending', minutesWanted: 10, org: { id: w.enterpriseA } });
    propUnit = must(await liaisonA.post(`/api/invitations/${inv(w.unitA)}/agenda-proposals`, { title: '职工技能竞赛安排' }), 201, 'unit');
    // Enterprise B (outside the convenor's subtree) proposes for its own invitation only.
    propB = must(await entB.post(`/api/invitations/${inv(w.enterpriseB)}/agenda-proposals`, { title: '济南企业经验交流' }), 201, 'B');
    expect((await entB.post(`/api/invitations/${inv(w.enterpriseA)}/agenda-proposals`, { title: '冒名' })).status).toBe(404);
    expect(await audits('agenda_proposal', 'propose')).toBe(3);

    const own = must(await entA.get(`/api/meetings/${meeting.id}/agenda-proposals`), 200, 'own');
    expect(own.items.map((p: any) => p.id)).toEqual([propA.id]);
    const ownB = must(await entB.get(`/api/meetings/${meeting.id}/agenda-proposals`), 200, 'own B');
    expect(ownB.items.map((p: any) => p.id)).toEqual([propB.id]);
    expect(JSON.stringify(ownB)).not.toContain('技能人才');
    const all = must(await w.staffA.get(`/api/meetings/${meeting.id}/agenda-proposals`), 200, 'all');
    expect(all.items.map((p: any) => p.id)).toEqual([propA.id, propUnit.id, propB.id]);
    // City B sees its enterprise's proposal only, and cannot decide.
    const cityB = must(await w.staffB.get(`/api/meetings/${meeting.id}/agenda-proposals`), 200, 'city B');
    expect(cityB).toMatchObject({ canDecide: false, items: [{ id: propB.id }] });
    expect(cityB.items).toHaveLength(1);
  });

  it('accepts a proposal into the agenda, declines one with a reason; units cannot decide; each once; audited', async () => {
    expect((await entA.post(`/api/agenda-proposals/${propA.id}/accept`)).status).toBe(403);
    expect((await entB.post(`/api/agenda-proposals/${propB.id}/accept`)).status).toBe(403);
    expect((await entB.post(`/api/agenda-proposals/${propA.id}/accept`)).status).toBe(404);
    const accepted = must(await w.staffA.post(`/api/agenda-proposals/${propA.id}/accept`), 200, 'accept');
    expect(accepted.status).toBe('accepted');
    const m = must(await w.staffA.get(`/api/meetings/${meeting.id}`), 200, 'meeting');
    // Each item keyed (its documents are filed under the key), no files yet.
    const key = expect.stringMatching(/^a[0-9a-f]{32}$/);
    expect(m.agenda).toEqual([
      { key, title: '通报产改工作进展', presenter: '市总工会', files: [] },
      {
        key,
        title: '企业技能人才自主评价推进情况',
        presenter: '企业工会主席',
        minutesAllowed: 10,
        documents: '附：评价办法（征求意见稿）',
        files: [],
      },
    ]);
    expectError(await w.staffA.post(`/api/agenda-proposals/${propA.id}/accept`), { status: 409, code: 'conflict' });

    w.staffA.locale = 'en-US';
    expectError(await w.staffA.post(`/api/agenda-proposals/${propB.id}/decline`, { reason: '  ' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.reason', message: /Reason for declining/ },
    });
    w.staffA.locale = 'zh-CN';
    expectError(await w.staffA.post(`/api/agenda-proposals/${propB.id}/decline`, {}), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.reason', message: /不予采纳的理由/ },
    });
    const declined = must(
      await w.staffA.post(`/api/agenda-proposals/${propB.id}/decline`, { reason: '与本次会议主题无关，建议下次会议交流' }),
      200,
      'decline',
    );
    expect(declined).toMatchObject({ status: 'declined', declineReason: '与本次会议主题无关，建议下次会议交流' });
    const ownB = must(await entB.get(`/api/meetings/${meeting.id}/agenda-proposals`), 200, 'own B');
    expect(ownB.items[0]).toMatchObject({ status: 'declined', declineReason: '与本次会议主题无关，建议下次会议交流' });
    expect(await audits('agenda_proposal', 'accept')).toBe(1);
    expect(await audits('agenda_proposal', 'decline')).toBe(1);
    const bell = must(await entB.get('/api/notifications'), 200, 'bell');
    expect(JSON.stringify(bell)).toContain('议题未被采纳');
  });

  it('refuses a proposal after the deadline per field in both languages, nothing saved', async () => {
    must(await put(w.staffA, `/api/meetings/${meeting.id}/proposal-deadline`, { deadline: '2020-01-01' }), 200, 'close');
    const before = (await w.staffA.get(`/api/meetings/${meeting.id}/agenda-proposals`)).body;
    expect(before.open).toBe(false);
    expectError(await entA.post(`/api/invitations/${inv(w.enterpriseA)}/agenda-proposals`, { title: '逾期议题' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.title', code: 'proposal_deadline_passed', message: '议题征集已于 2020-01-01 截止，议题名称不能再提交' },
    });
    entA.locale = 'en-US';
    expectError(await entA.post(`/api/invitations/${inv(w.enterpriseA)}/agenda-proposals`, { title: '逾期议题' }), {
      status: 400,
      code: 'validation_failed',
      field: {
        path: 'body.title',
        message: 'Agenda proposals closed on 2020-01-01: the Proposed agenda item can no longer be submitted',
      },
    });
    entA.locale = 'zh-CN';
    const after = (await w.staffA.get(`/api/meetings/${meeting.id}/agenda-proposals`)).body;
    expect(after.items).toHaveLength(before.items.length);
  });

  describe('calendar', () => {
    beforeAll(async () => {
      must(
        await w.staffA.post('/api/visits', {
          title: '复工复产调研',
          visitType: 'thematic',
          themes: ['复工复产'],
          leaderName: '陈杰平',
          startDate: '2099-05-30',
          endDate: '2099-06-02',
          hostOrgIds: [w.enterpriseA],
        }),
        201,
        'visit',
      );
      must(
        await w.staffB.post('/api/visits', {
          title: '济南调研',
          visitType: 'thematic',
          themes: ['复工复产'],
          leaderName: '李四',
          startDate: '2099-06-10',
          endDate: '2099-06-11',
        }),
        201,
        'visit B',
      );
    });

    it('lists the visits overlapping and the meetings in a month the caller sees', async () => {
      const c = must(await w.staffA.get('/api/fieldwork/calendar?from=2099-06-01&to=2099-06-30'), 200, 'calendar');
      expect(c.visits.map((v: any) => [v.title, v.startDate, v.endDate])).toEqual([['复工复产调研', '2099-05-30', '2099-06-02']]);
      expect(c.meetings.map((m: any) => [m.title, m.meetingDate])).toEqual([['滨州市产改工作联席会议', '2099-06-30']]);
      expect(c.truncated).toBe(false);
      // The host enterprise sees the visit; an invited unit of another city sees the meeting, not city A's visit.
      const host = must(await entA.get('/api/fieldwork/calendar?from=2099-06-01&to=2099-06-30'), 200, 'host');
      expect(host.visits).toHaveLength(1);
      const b = must(await entB.get('/api/fieldwork/calendar?from=2099-06-01&to=2099-06-30'), 200, 'B');
      expect(b.visits).toEqual([]);
      expect(b.meetings.map((m: any) => m.id)).toEqual([meeting.id]);
      const cityB = must(await w.staffB.get('/api/fieldwork/calendar?from=2099-06-01&to=2099-06-30'), 200, 'city B');
      expect(cityB.visits.map((v: any) => v.title)).toEqual(['济南调研']);
      expect(cityB.meetings.map((m: any) => m.id)).toEqual([meeting.id]);
      const july = must(await w.staffA.get('/api/fieldwork/calendar?from=2099-07-01&to=2099-07-31'), 200, 'july');
      expect(july).toMatchObject({ visits: [], meetings: [] });
    });

    it('refuses a range ending before it starts or longer than 62 days, per field', async () => {
      expectError(await w.staffA.get('/api/fieldwork/calendar?from=2099-06-30&to=2099-06-01'), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'query.to', code: 'end_before_start', message: '截止日期不能早于开始日期' },
      });
      w.staffA.locale = 'en-US';
      expectError(await w.staffA.get('/api/fieldwork/calendar?from=2099-01-01&to=2099-06-01'), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'query.to', code: 'range_too_long', message: 'To can be at most 62 days after the start' },
      });
      w.staffA.locale = 'zh-CN';
      expectError(await w.staffA.get('/api/fieldwork/calendar?from=2099-01-01'), { status: 400, code: 'validation_failed' });
    });
  });
});
