// Field work and meetings: a visit to host units with problems turned into tasks whose completion
// shows on the visit; closing rules; bad input refused per field with nothing saved; meetings with
// invited units, pre-meeting reports pre-filled from task data and frozen once submitted, minutes
// whose decisions become tasks, issue, the next session's briefing; who sees what; reminders once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { must } from '../../testing/tasks-world.js';
import { expectError } from '../../testing/expect-error.js';
import { runFieldworkJob } from './fieldwork.jobs.js';
import { countAudits } from '../../testing/audit.js';

const put = (c: Client, path: string, body: unknown) => c.request('PUT', path, body);

describe('field work and meetings', () => {
  let server: TestServer;
  let w: World;
  let entA: Client;
  let liaisonA: Client;
  let entB: Client;
  let programme: any;
  const audits = (entityType: string, action: string) => countAudits(server.db, entityType, action);

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    await createUser(w.admin, 'fw_ent_a', w.enterpriseA, ['enterprise_staff']);
    await createUser(w.admin, 'fw_liaison_a', w.unitA, ['member_unit_liaison']);
    await createUser(w.admin, 'fw_ent_b', w.enterpriseB, ['enterprise_staff']);
    entA = await loginFresh(server, 'fw_ent_a');
    liaisonA = await loginFresh(server, 'fw_liaison_a');
    entB = await loginFresh(server, 'fw_ent_b');
    programme = must(
      await w.staffA.post('/api/programmes', {
        title: '滨州市2026年产改工作要点',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        goals: [{ title: '四链融合' }],
      }),
      201,
      'programme',
    );
  }, 120_000);
  afterAll(() => server.close());

  const visitBody = () => ({
    title: '复工复产和产业工人队伍建设调研',
    visitType: 'thematic',
    themes: ['复工复产', '生产经营管理', '产业工人队伍建设', '工会改革创新'],
    leaderName: '陈杰平',
    leaderPost: '分党组书记、主席',
    team: [{ name: '张三', post: '调研组成员' }],
    startDate: '2026-08-31',
    endDate: '2026-09-02',
    reportDue: '2026-09-30',
    hostOrgIds: [w.enterpriseA, w.unitA],
    itinerary: [{ date: '2026-08-31', hostOrgId: w.enterpriseA, activity: '实地察看生产线', receivedBy: '企业工会主席' }],
    findings: ['疫情期间坚持防疫和生产两手抓'],
    requirements: ['要大力弘扬劳模精神、劳动精神、工匠精神', '要扎实推进产业工人队伍建设'],
  });

  describe('research visits', () => {
    let visitId: string;

    it('plans a visit with hosts (and their regions), itinerary, findings and requirements, audited', async () => {
      const v = must(await w.staffA.post('/api/visits', visitBody()), 201, 'visit');
      visitId = v.id;
      expect(v).toMatchObject({ status: 'planned', leaderName: '陈杰平', org: { id: w.cityA }, hostCount: 2, canEdit: true });
      expect(v.hosts.map((h: any) => h.id)).toEqual([w.enterpriseA, w.unitA]);
      expect(v.requirements.map((r: any) => r.text)).toEqual(visitBody().requirements);
      expect(await audits('visit', 'create')).toBe(1);
    });

    it('refuses a visit ending before it starts and a host the organiser cannot reach, per field, nothing saved', async () => {
      const before = (await w.staffA.get('/api/visits')).body.total;
      expectError(await w.staffA.post('/api/visits', { ...visitBody(), endDate: '2026-08-30' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.endDate', code: 'end_before_start', message: '结束日期不能早于开始日期' },
      });
      w.staffA.locale = 'en-US';
      expectError(await w.staffA.post('/api/visits', { ...visitBody(), hostOrgIds: [w.enterpriseA, w.enterpriseB] }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.hostOrgIds.1', code: 'unreachable_host', message: /^Host units include a unit the organiser does not reach/ },
      });
      w.staffA.locale = 'zh-CN';
      expect((await w.staffA.get('/api/visits')).body.total).toBe(before);
    });

    it('turns a problem into a task; the accepted report closes the problem on the visit without a manual step', async () => {
      let v = must(
        await w.staffA.post(`/api/visits/${visitId}/problems`, {
          category: '技能人才',
          text: '高技能人才短缺，青年职工流失',
          hostOrgId: w.enterpriseA,
          leadOrgId: w.enterpriseA,
          responseOrgId: w.enterpriseA,
        }),
        200,
        'problem',
      );
      const problem = v.problems[0];
      expect(problem).toMatchObject({ status: 'open', effectiveStatus: 'open', task: null, host: { id: w.enterpriseA } });
      expectError(await w.staffA.post(`/api/visits/${visitId}/problems`, { category: 'x', text: 'y', hostOrgId: w.cityA }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.hostOrgId', code: 'not_a_host' },
      });
      v = must(
        await w.staffA.post(`/api/visit-problems/${problem.id}/task`, {
          programmeId: programme.id,
          goalId: programme.goals[0].id,
          dueDate: '2099-12-31',
        }),
        200,
        'to task',
      );
      const task = v.problems[0].task;
      expect(v.problems[0]).toMatchObject({ effectiveStatus: 'in_progress' });
      const t = must(await w.staffA.get(`/api/tasks/${task.id}`), 200, 'task');
      expect(t).toMatchObject({ orgId: w.enterpriseA, programmeId: programme.id, dueDate: '2099-12-31' });
      expect(t.title).toContain('高技能人才短缺');
      // linked both ways
      expect(must(await w.staffA.get(`/api/fieldwork/task-origin?taskId=${task.id}`), 200, 'origin')).toMatchObject({
        kind: 'visit_problem',
        visitId,
      });
      // on the supervision ledger
      const ledger = must(await w.staffA.get(`/api/tasks?programmeId=${programme.id}`), 200, 'ledger');
      expect(ledger.items.map((x: any) => x.id)).toContain(task.id);
      expect(
        (
          await w.staffA.post(`/api/visit-problems/${problem.id}/task`, {
            programmeId: programme.id,
            goalId: programme.goals[0].id,
            dueDate: '2099-12-31',
          })
        ).status,
      ).toBe(409);

      const r = must(await entA.post(`/api/tasks/${task.id}/reports`, { period: 'once', narrative: '已开展技能培训 3 期' }), 201, 'report');
      must(await entA.post(`/api/reports/${r.id}/submit`), 200, 'submit');
      must(await w.staffA.post(`/api/reports/${r.id}/accept`), 200, 'accept');
      v = must(await w.staffA.get(`/api/visits/${visitId}`), 200, 'visit');
      expect(v.problems[0]).toMatchObject({ status: 'in_progress', effectiveStatus: 'closed', task: { status: 'completed' } });
    });

    it('moves through its states (audited) and closes only with every problem closed or carried over', async () => {
      for (const to of ['approved', 'under_way']) must(await w.staffA.post(`/api/visits/${visitId}/transition`, { to }), 200, to);
      expectError(await w.staffA.post(`/api/visits/${visitId}/transition`, { to: 'closed' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.to', code: 'bad_transition' },
      });
      expectError(await w.staffA.post(`/api/visits/${visitId}/transition`, { to: 'reported' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.to', code: 'report_missing' },
      });
      must(await w.staffA.patch(`/api/visits/${visitId}`, { report: '调研报告正文' }), 200, 'report');
      must(await w.staffA.post(`/api/visits/${visitId}/transition`, { to: 'reported' }), 200, 'reported');
      const v = must(await w.staffA.post(`/api/visits/${visitId}/problems`, { category: '其他', text: '食堂设施老化' }), 200, 'p2');
      expectError(await w.staffA.post(`/api/visits/${visitId}/transition`, { to: 'closed' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.to', code: 'open_problems', message: '还有 1 个问题未解决或结转，不能办结调研' },
      });
      must(await w.staffA.patch(`/api/visit-problems/${v.problems[1].id}`, { status: 'carried_over' }), 200, 'carry');
      expect(must(await w.staffA.post(`/api/visits/${visitId}/transition`, { to: 'closed' }), 200, 'closed').status).toBe('closed');
      expect(await audits('visit', 'transition')).toBe(4);
    });

    it('is seen by the organiser’s and the hosts’ subtrees only; a host reads, does not edit', async () => {
      const seen = must(await entA.get(`/api/visits/${visitId}`), 200, 'host reads');
      expect(seen.canEdit).toBe(false);
      expect((await entA.patch(`/api/visits/${visitId}`, { title: 'x' })).status).toBe(403);
      expect((await w.staffB.get(`/api/visits/${visitId}`)).status).toBe(404);
      expect((await w.staffB.get('/api/visits')).body.total).toBe(0);
      expect((await entB.get(`/api/visits/${visitId}`)).status).toBe(404);
    });

    it('moves an under-way visit to "report due" and reminds its report deadline once per stage, however often the job runs', async () => {
      const v = must(
        await w.staffA.post('/api/visits', {
          ...visitBody(),
          startDate: '2031-03-01',
          endDate: '2031-03-02',
          reportDue: '2031-03-10',
          itinerary: [],
        }),
        201,
        'visit',
      );
      for (const to of ['approved', 'under_way']) must(await w.staffA.post(`/api/visits/${v.id}/transition`, { to }), 200, to);
      await runFieldworkJob(server.db, new Date('2031-03-08T01:00:00Z'));
      await runFieldworkJob(server.db, new Date('2031-03-08T01:00:00Z'));
      await runFieldworkJob(server.db, new Date('2031-03-12T01:00:00Z'));
      await runFieldworkJob(server.db, new Date('2031-03-13T01:00:00Z'));
      expect(must(await w.staffA.get(`/api/visits/${v.id}`), 200, 'visit').status).toBe('report_due');
      const sent = await server.db
        .selectFrom('notifications')
        .select('dedupe_key')
        .where('dedupe_key', 'like', `visit_report:${v.id}:%`)
        .where('user_id', '=', w.staffAId)
        .orderBy('dedupe_key')
        .execute();
      expect(sent.map((n) => n.dedupe_key)).toEqual([`visit_report:${v.id}:3d`, `visit_report:${v.id}:overdue`]);
      const moved = await server.db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('entity_type', '=', 'visit')
        .where('action', '=', 'transition')
        .where('entity_id', '=', v.id)
        .execute();
      expect(moved).toHaveLength(3); // approved, under way, report due (by the job)
    });

    it('exports the problem list as .xlsx', async () => {
      const res = await w.staffA.get('/api/visit-problems/export.xlsx');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
    });
  });

  describe('meetings', () => {
    let seriesId: string;
    let meetingId: string;
    let unitTask: string;
    let invUnit: string;
    let invB: string;

    beforeAll(async () => {
      const t = must(
        await w.staffA.post('/api/tasks', {
          programmeId: programme.id,
          goalId: programme.goals[0].id,
          kind: 'prescribed',
          title: '新增技能人才',
          orgId: w.unitA,
          startDate: '2026-01-01',
          dueDate: '2099-12-31',
          cycle: 'once',
          targets: [{ metric: '新增技能人才', unit: '人', targetValue: 100 }],
        }),
        201,
        'unit task',
      );
      unitTask = t.id;
      const r = must(
        await liaisonA.post(`/api/tasks/${t.id}/reports`, {
          period: 'once',
          narrative: '新增技能人才 40 人',
          values: [{ targetId: t.targets[0].id, value: 40 }],
        }),
        201,
        'unit report',
      );
      must(await liaisonA.post(`/api/reports/${r.id}/submit`), 200, 'submit');
      must(await w.staffA.post(`/api/reports/${r.id}/accept`), 200, 'accept');
    });

    it('calls numbered sessions of a series with agenda and invited units (one outside the subtree)', async () => {
      seriesId = must(await w.staffA.post('/api/meeting-series', { title: '滨州市产改工作联席会议' }), 201, 'series').id;
      const m = must(
        await w.staffA.post('/api/meetings', {
          seriesId,
          meetingType: 'symposium',
          title: '“四链”融合深入推进产业工人队伍建设改革座谈会',
          meetingDate: '2099-02-27',
          venue: '滨州市总工会会议室',
          programmeId: programme.id,
          reportDeadline: '2099-02-20',
          agenda: [{ title: '成员单位汇报落实情况', presenter: '各成员单位', minutesAllowed: 60 }],
          invitedOrgIds: [w.unitA, w.enterpriseA, w.enterpriseB],
        }),
        201,
        'meeting',
      );
      meetingId = m.id;
      expect(m).toMatchObject({ sessionNo: 1, invitedCount: 3, minutesStatus: 'none', canEdit: true });
      invUnit = m.invitations.find((i: any) => i.org.id === w.unitA).id;
      invB = m.invitations.find((i: any) => i.org.id === w.enterpriseB).id;
    });

    it('pre-fills a unit’s report from its accepted task reports; the submitted report stays a snapshot', async () => {
      const inv = must(await liaisonA.post(`/api/invitations/${invUnit}/report/prefill`), 200, 'prefill');
      const task = must(await w.staffA.get(`/api/tasks/${unitTask}`), 200, 'task');
      expect(inv.reportStatus).toBe('draft');
      expect(inv.reportData).toMatchObject({
        taskCount: 1,
        completed: 0,
        reportsSubmitted: 1,
        reportsAccepted: 1,
        metrics: [
          { metric: '新增技能人才', unit: '人', targetValue: task.targets[0].targetValue, actualValue: task.targets[0].actualValue },
        ],
        narratives: [{ taskId: unitTask, excerpt: '新增技能人才 40 人' }],
      });
      expect(task.targets[0]).toMatchObject({ targetValue: 100, actualValue: 40 });
      expect(inv.reportText).toContain('牵头任务 1 项');
      must(
        await put(liaisonA, `/api/invitations/${invUnit}/report`, { text: `${inv.reportText}\n补充：本季度组织技能竞赛。` }),
        200,
        'edit',
      );
      const sub = must(await liaisonA.post(`/api/invitations/${invUnit}/report/submit`), 200, 'submit');
      expect(sub.reportStatus).toBe('submitted');
      // later task data does not change the submitted report
      must(
        await w.staffA.post('/api/tasks', {
          programmeId: programme.id,
          goalId: programme.goals[0].id,
          kind: 'prescribed',
          title: '建设劳模创新工作室',
          orgId: w.unitA,
          startDate: '2026-01-01',
          dueDate: '2099-12-31',
          cycle: 'once',
        }),
        201,
        'another task',
      );
      expect((await put(liaisonA, `/api/invitations/${invUnit}/report`, { text: '改写' })).body.code).toBe('report_state');
      const m = must(await w.staffA.get(`/api/meetings/${meetingId}`), 200, 'meeting');
      const frozen = m.invitations.find((i: any) => i.id === invUnit);
      expect(frozen.reportData.taskCount).toBe(1);
      expect(frozen.reportText).toContain('补充：本季度组织技能竞赛。');
      expect(await audits('invitation', 'submit')).toBe(1);
    });

    it('shows an invited unit outside the convenor’s subtree only its invitation, the agenda and issued minutes', async () => {
      let m = must(await entB.get(`/api/meetings/${meetingId}`), 200, 'outsider');
      expect(m.invitations.map((i: any) => i.id)).toEqual([invB]);
      expect(m).toMatchObject({ minutes: null, programme: null, invitedCount: 0, canEdit: false });
      expect(m.agenda).toHaveLength(1);
      must(await entB.post(`/api/invitations/${invB}/reply`, { reply: 'attending' }), 200, 'reply');
      expect((await entB.post(`/api/invitations/${invUnit}/reply`, { reply: 'absent' })).status).toBe(404);
      expect((await entB.get(`/api/meetings/${meetingId}/briefing`)).status).toBe(403);
      expect((await entB.patch(`/api/meetings/${meetingId}`, { title: 'x' })).status).toBe(403);
      // a sibling unit not invited sees nothing
      await createUser(w.admin, 'fw_staff_b2', w.cityB, ['federation_staff']);
      m = await w.staffB.get(`/api/meetings/${meetingId}`);
      expect(m.status).toBe(200); // cityB's subtree holds the invited enterprise B: its invitation only
      expect(m.body.invitations.map((i: any) => i.id)).toEqual([invB]);
    });

    it('records minutes; a decision needs an owner and a deadline; each decision is a task; issued minutes notify attendees', async () => {
      must(
        await put(w.staffA, `/api/meetings/${meetingId}/minutes`, {
          attendance: '市直有关成员单位和部分企业负责人参加会议',
          speechesSummary: '参会单位和企业汇报了落实情况并作交流发言',
          conclusions: [
            { kind: 'affirmed', text: '会议肯定了各有关单位和企业在产业工人队伍建设改革中取得的成绩' },
            { kind: 'pointed_out', text: '会议指出，要聚焦目标任务，扎实推进各项改革任务落地见效' },
            { kind: 'stressed', text: '会议强调，要创新工作举措，确保尽早取得实效' },
          ],
        }),
        200,
        'minutes',
      );
      const bad = await w.staffA.post(`/api/meetings/${meetingId}/decisions`, {
        text: '制定技能人才激励办法',
        programmeId: programme.id,
        goalId: programme.goals[0].id,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.map((f: any) => f.path).sort()).toEqual(['body.dueDate', 'body.ownerOrgId']);
      expect(bad.body.fields.find((f: any) => f.path === 'body.ownerOrgId').message).toContain('责任单位');
      const tasksBefore = (await w.staffA.get(`/api/tasks?programmeId=${programme.id}`)).body.total;
      let m = must(
        await w.staffA.post(`/api/meetings/${meetingId}/decisions`, {
          text: '制定技能人才激励办法',
          ownerOrgId: w.unitA,
          coUnitIds: [w.enterpriseA],
          dueDate: '2099-06-30',
          programmeId: programme.id,
          goalId: programme.goals[0].id,
        }),
        200,
        'decision 1',
      );
      m = must(
        await w.staffA.post(`/api/meetings/${meetingId}/decisions`, {
          text: '建立产改工作季度调度机制',
          ownerOrgId: w.enterpriseA,
          dueDate: '2000-01-31',
          programmeId: programme.id,
          goalId: programme.goals[0].id,
        }),
        200,
        'decision 2',
      );
      expect((await w.staffA.get(`/api/tasks?programmeId=${programme.id}`)).body.total).toBe(tasksBefore + 2);
      expect(m.minutes.decisions).toHaveLength(2);
      expect(m.minutes.decisions[0]).toMatchObject({
        owner: { id: w.unitA },
        coUnits: [{ id: w.enterpriseA }],
        dueDate: '2099-06-30',
        followUp: 'open',
      });
      expect(m.minutes.decisions[0].task.id).toBeTruthy();
      expect(m.minutes.conclusions.map((c: any) => c.kind)).toEqual(['affirmed', 'pointed_out', 'stressed']);
      expect((await w.staffA.post(`/api/meetings/${meetingId}/minutes/issue`)).body.code).toBe('report_state');
      must(await w.staffA.post(`/api/meetings/${meetingId}/minutes/sign-off`), 200, 'sign off');
      m = must(await w.staffA.post(`/api/meetings/${meetingId}/minutes/issue`), 200, 'issue');
      expect(m.minutesStatus).toBe('issued');
      const outsider = must(await entB.get(`/api/meetings/${meetingId}`), 200, 'outsider minutes');
      expect(outsider.minutes.conclusions).toHaveLength(3);
      const notes = await server.db
        .selectFrom('notifications')
        .select(['org_id'])
        .where('dedupe_key', '=', `minutes_issued:${meetingId}`)
        .execute();
      expect(notes.map((n) => String(n.org_id))).toContain(w.enterpriseB);
      expect(await audits('meeting', 'issue')).toBe(1);
      expect(await audits('meeting', 'sign_off')).toBe(1);
    });

    it('opens the next session with a briefing of every earlier decision and its status now', async () => {
      const next = must(
        await w.staffA.post('/api/meetings', { seriesId, meetingType: 'joint', title: '联席会议第二次会议', meetingDate: '2099-05-01' }),
        201,
        'next',
      );
      expect(next.sessionNo).toBe(2);
      const b = must(await w.staffA.get(`/api/meetings/${next.id}/briefing`), 200, 'briefing');
      expect(b.items.map((i: any) => i.text)).toEqual(['制定技能人才激励办法', '建立产改工作季度调度机制']);
      expect(b.items.map((i: any) => i.followUp)).toEqual(['open', 'overdue']);
      expect(b.totals).toEqual({ done_on_time: 0, done_late: 0, open: 1, overdue: 1 });
      const res = await w.staffA.get(`/api/meeting-decisions/export.xlsx?seriesId=${seriesId}`);
      expect(res.status).toBe(200);
    });

    it('counts the year for the dashboard (totals, no unit scored by meetings held)', async () => {
      const f = must(await w.staffA.get('/api/fieldwork/figures?year=2026'), 200, 'figures');
      expect(f.visits).toBe(1);
      expect(f.visitsByOrganiser).toEqual([{ org: { id: w.cityA, name: expect.any(String) }, count: 1 }]);
      expect(f).toMatchObject({ enterprises: 1, enterprisesVisited: 1, enterprisesVisitedShare: 1 });
      expect(f.problems).toEqual({ raised: 2, closed: 1, overdue: 0, carriedOver: 1 });
      const later = must(await w.staffA.get('/api/fieldwork/figures?year=2099'), 200, 'figures 2099');
      expect(later.decisions).toMatchObject({ total: 2, tasks: 2, done: 0, overdue: 1 });
      expect(later.reports).toEqual({ due: 3, onTime: 1 });
      expect((await w.staffB.get('/api/fieldwork/figures?year=2026')).body.visits).toBe(0);
    });

    it('refuses a report submitted after the deadline, in both languages', async () => {
      const m = must(
        await w.staffA.post('/api/meetings', {
          meetingType: 'promotion',
          title: '推进会',
          meetingDate: '2020-03-01',
          programmeId: programme.id,
          reportDeadline: '2020-02-20',
          invitedOrgIds: [w.unitA],
        }),
        201,
        'late meeting',
      );
      const inv = m.invitations[0].id;
      expectError(await liaisonA.post(`/api/invitations/${inv}/report/submit`), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.text', code: 'after_deadline', message: '已过报送时限，内容不能再提交' },
      });
      liaisonA.locale = 'en-US';
      expectError(await liaisonA.post(`/api/invitations/${inv}/report/submit`), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.text', message: /^The deadline has passed/ },
      });
      liaisonA.locale = 'zh-CN';
      const after = must(await w.staffA.get(`/api/meetings/${m.id}`), 200, 'after');
      expect(after.invitations[0].reportStatus).toBe('none');
    });

    it('reminds each unit of its pre-meeting report once, however often the job runs', async () => {
      const m = must(
        await w.staffA.post('/api/meetings', {
          meetingType: 'regular',
          title: '工作例会',
          meetingDate: '2031-03-10',
          reportDeadline: '2031-03-05',
          invitedOrgIds: [w.unitA],
        }),
        201,
        'meeting',
      );
      const now = new Date('2031-03-04T01:00:00Z');
      await runFieldworkJob(server.db, now);
      await runFieldworkJob(server.db, now);
      await runFieldworkJob(server.db, new Date('2031-03-05T01:00:00Z'));
      const sent = await server.db
        .selectFrom('notifications')
        .select('dedupe_key')
        .where('dedupe_key', '=', `meeting_report:${m.invitations[0].id}`)
        .execute();
      expect(sent).toHaveLength(1); // one liaison user at the unit, one reminder
    });
  });
});
