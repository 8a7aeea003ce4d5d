// Reform tasks through HTTP: programmes and tags, the hand-down cascade with progress rolled up
// from accepted reports, the report lifecycle with versions, review by the assigning level only,
// supervision, the ledger filters, the .xlsx export, the symposium summary and the audit trail.
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createUser, createWorld, loginFresh, USER_PASSWORD2, type World } from '../../testing/world.js';
import { download } from '../../testing/people-world.js';
import { must } from '../../testing/tasks-world.js';
import { expectError } from '../../testing/expect-error.js';
import { addDays, isoDay } from './status.js';
import { numberOutline } from './ledger-export.js';

const day = (n: number) => addDays(isoDay(new Date()), n);

describe('reform tasks', () => {
  let server: TestServer;
  let w: World;
  let entA: Client;
  let liaisonA: Client;
  let provinceStaff: Client;
  let programme: any;
  let tagId: string;
  let parent: any;
  let children: any[];
  beforeAll(async () => {
    server = await startTestServer({ JIANGXIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'jx-tasks-')) });
    w = await createWorld(server);
    await createUser(w.admin, 'ent_a', w.enterpriseA, ['enterprise_staff']);
    await createUser(w.admin, 'liaison_a', w.unitA, ['member_unit_liaison']);
    await createUser(w.admin, 'prov', w.province, ['federation_staff']);
    entA = await loginFresh(server, 'ent_a');
    liaisonA = await loginFresh(server, 'liaison_a');
    provinceStaff = await loginFresh(server, 'prov');
  });
  afterAll(() => server.close());
  /** The report's revision as its writer reads it (the optimistic lock an edit sends back). */
  const revisionOf = async (id: string) => must(await entA.get(`/api/reports/${id}`), 200, 'report').revision as number;

  describe('programmes and tags', () => {
    it('lets a federation configure tags and create a programme with goals; not a member unit', async () => {
      const tag = must(await w.staffA.post('/api/task-tags', { orgId: w.cityA, name: '人才链' }), 201, 'tag');
      tagId = tag.id;
      must(await w.staffA.post('/api/task-tags', { name: '产业链' }), 201, 'tag 2');
      expect((await w.staffA.post('/api/task-tags', { orgId: w.cityA, name: '人才链' })).body.fields[0]).toMatchObject({
        path: 'body.name',
        code: 'title_exists',
      });
      expect((await w.staffA.post('/api/task-tags', { orgId: w.unitA, name: 'x' })).body.fields[0].code).toBe(
        'programme_owner_not_federation',
      );
      // The enterprise sees the tags of its nearest federation.
      const tags = must(await entA.get('/api/task-tags'), 200, 'tags');
      expect(tags.items.map((t: { name: string }) => t.name).sort()).toEqual(['产业链', '人才链']);

      programme = must(
        await w.staffA.post('/api/programmes', {
          title: '滨州市2026年产业工人队伍建设改革工作要点',
          periodStart: day(-100),
          periodEnd: day(300),
          tagIds: [tagId],
          goals: [{ title: '壮大技能人才队伍' }, { title: '提升产业工人地位' }],
        }),
        201,
        'programme',
      );
      expect(programme).toMatchObject({
        orgId: w.cityA,
        tags: [{ name: '人才链' }],
        goals: [{ title: '壮大技能人才队伍' }, { title: '提升产业工人地位' }],
        permissions: { canEdit: true },
      });
      const liaison = await liaisonA.post('/api/programmes', { orgId: w.unitA, title: 'x', periodStart: day(0), periodEnd: day(1) });
      expect(liaison.body.fields[0]).toMatchObject({ path: 'body.orgId', code: 'programme_owner_not_federation' });
      const bad = await w.staffA.post('/api/programmes', { title: '=cmd', periodStart: day(1), periodEnd: day(0) });
      expect(bad.status).toBe(400);
      const goal = must(await w.staffA.post(`/api/programmes/${programme.id}/goals`, { title: '第三个目标' }), 201, 'goal');
      expect(goal.sortOrder).toBe(2);
      expect(must(await w.staffA.patch(`/api/goals/${goal.id}`, { title: '健全技能评价' }), 200, 'goal edit').title).toBe('健全技能评价');
      // A lower level sees nothing of the programme until a task is handed into its subtree.
      expect((await entA.get(`/api/programmes/${programme.id}`)).status).toBe(404);
    });
  });

  describe('hand-down and rollup', () => {
    it('creates a task and hands it down to two units of the subtree', async () => {
      parent = must(
        await w.staffA.post('/api/tasks', {
          programmeId: programme.id,
          goalId: programme.goals[0].id,
          kind: 'prescribed',
          title: '新增技能人才',
          orgId: w.cityA,
          coUnitIds: [w.unitA],
          tagIds: [tagId],
          startDate: day(-100),
          dueDate: day(200),
          cycle: 'once',
          targets: [{ metric: '新增技能人才', unit: '人', targetValue: 100 }],
        }),
        201,
        'task',
      );
      expect(parent).toMatchObject({
        kind: 'prescribed',
        orgId: w.cityA,
        assignedByOrgId: w.cityA,
        coUnits: [{ id: w.unitA }],
        tags: [{ id: tagId }],
        status: 'on_track',
        share: 0,
      });
      expect(parent.permissions).toMatchObject({ canEdit: true, canHandDown: true, canReport: true, canReview: false });
      const t = parent.targets[0].id;
      // Units must lie strictly below the lead unit, in the caller's subtree.
      const outside = await w.staffA.post(`/api/tasks/${parent.id}/hand-down`, { units: [{ orgId: w.enterpriseB }] });
      expect(outside.body.fields[0]).toMatchObject({ path: 'body.units.0', code: 'unknown_org' });
      const self = await w.staffA.post(`/api/tasks/${parent.id}/hand-down`, { units: [{ orgId: w.cityA }] });
      expect(self.body.fields[0].code).toBe('not_below_lead');
      const late = await w.staffA.post(`/api/tasks/${parent.id}/hand-down`, { units: [{ orgId: w.unitA, dueDate: day(400) }] });
      expect(late.body.fields[0]).toMatchObject({ path: 'body.units.0.dueDate', code: 'after_parent_due' });
      const res = must(
        await w.staffA.post(`/api/tasks/${parent.id}/hand-down`, {
          units: [
            { orgId: w.enterpriseA, targets: [{ targetId: t, value: 60 }] },
            { orgId: w.unitA, targets: [{ targetId: t, value: 40 }], dueDate: day(150) },
          ],
        }),
        201,
        'hand-down',
      );
      children = res.items;
      expect(children).toHaveLength(2);
      expect(
        children.map((c: any) => [c.orgId, c.assignedByOrgId, c.parentId, c.targets[0].targetValue, c.targets[0].parentTargetId]),
      ).toEqual([
        [w.enterpriseA, w.cityA, parent.id, 60, t],
        [w.unitA, w.cityA, parent.id, 40, t],
      ]);
      expect(children[1].dueDate).toBe(day(150));
      expect((await w.staffA.post(`/api/tasks/${parent.id}/hand-down`, { units: [{ orgId: w.enterpriseA }] })).body.fields[0].code).toBe(
        'already_assigned',
      );
      // Each unit is notified of the new assignment.
      const bell = await entA.get('/api/notifications');
      expect(bell.body.items.some((n: any) => n.kind === 'task_assigned' && n.entityId === children[0].id)).toBe(true);
      const p = must(await w.staffA.get(`/api/tasks/${parent.id}`), 200, 'parent');
      expect(p).toMatchObject({ childCount: 2, childrenCompleted: 0 });
      expect(p.children.map((c: any) => c.orgId).sort()).toEqual([w.enterpriseA, w.unitA].sort());
      expect(must(await w.staffA.get(`/api/tasks/${parent.id}/children`), 200, 'children').items).toHaveLength(2);
    });

    it("names a task's fields by the task's labels, a programme's and a tag's by theirs, in either language", async () => {
      const body = {
        programmeId: programme.id,
        goalId: programme.goals[0].id,
        kind: 'optional',
        orgId: w.enterpriseA,
        startDate: day(-10),
        dueDate: day(100),
        cycle: 'quarterly',
      };
      expectError(await entA.post('/api/tasks', body), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.title', code: 'required', message: '任务名称必填' },
      });
      expectError(await w.staffA.post('/api/programmes', { periodStart: day(0), periodEnd: day(10) }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.title', code: 'required', message: '方案名称必填' },
      });
      expectError(await w.staffA.post('/api/task-tags', { orgId: w.cityA, name: '人才链' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.name', code: 'title_exists', message: '标签名称已存在' },
      });
      entA.locale = 'en-US';
      try {
        expectError(await entA.post('/api/tasks', body), {
          status: 400,
          code: 'validation_failed',
          field: { path: 'body.title', code: 'required', message: 'Task title is required' },
        });
        expectError(
          await entA.post('/api/tasks', { ...body, title: 't', targets: [{ metric: 'm'.repeat(101), unit: '人', targetValue: 1 }] }),
          {
            status: 400,
            code: 'validation_failed',
            field: { path: 'body.targets.0.metric', message: 'Metric must have at most 100 characters' },
          },
        );
      } finally {
        entA.locale = 'zh-CN';
      }
    });

    it('lets the lower level see the programme and add its own optional task under the goal, not a prescribed one', async () => {
      expect(must(await entA.get(`/api/programmes/${programme.id}`), 200, 'programme').goals).toHaveLength(3);
      const body = {
        programmeId: programme.id,
        goalId: programme.goals[0].id,
        title: '企业自选：师带徒',
        orgId: w.enterpriseA,
        startDate: day(-10),
        dueDate: day(100),
        cycle: 'quarterly',
      };
      expect((await entA.post('/api/tasks', { ...body, kind: 'prescribed' })).body.fields[0]).toMatchObject({
        path: 'body.kind',
        code: 'optional_only',
      });
      const own = must(await entA.post('/api/tasks', { ...body, kind: 'optional' }), 201, 'optional');
      expect(own).toMatchObject({
        kind: 'optional',
        assignedByOrgId: w.enterpriseA,
        permissions: { canReport: true, canReview: false, canEdit: true },
      });
      expect((await entA.post('/api/tasks', { ...body, kind: 'optional', orgId: w.unitA })).status).toBe(404);
      // The assigning city sees it in its ledger; the co-unit sees the parent but not the enterprise's task.
      expect(must(await w.staffA.get(`/api/tasks?q=${encodeURIComponent('师带徒')}`), 200, 'ledger').total).toBe(1);
      expect(must(await liaisonA.get(`/api/tasks/${parent.id}`), 200, 'co-unit view').permissions).toMatchObject({
        canReport: false,
        canReview: false,
        canEdit: false,
      });
      expect((await liaisonA.get(`/api/tasks/${own.id}`)).status).toBe(404);
      must(await entA.delete(`/api/tasks/${own.id}`), 204, 'delete own');
    });

    it('rolls progress up from accepted reports only, updating as each is accepted', async () => {
      const [ce, cu] = children;
      const t = parent.targets[0].id;
      const rU = must(
        await liaisonA.post(`/api/tasks/${cu.id}/reports`, {
          period: 'once',
          narrative: '培训 40 人',
          values: [{ targetId: cu.targets[0].id, value: 40 }],
        }),
        201,
        'report U',
      );
      must(await liaisonA.post(`/api/reports/${rU.id}/submit`), 200, 'submit U');
      let p = must(await w.staffA.get(`/api/tasks/${parent.id}`), 200, 'parent');
      expect(p.targets[0]).toMatchObject({ id: t, actualValue: 0 });
      must(await w.staffA.post(`/api/reports/${rU.id}/accept`), 200, 'accept U');
      p = must(await w.staffA.get(`/api/tasks/${parent.id}`), 200, 'parent');
      expect(p.targets[0]).toMatchObject({ actualValue: 40, share: 0.4 });
      expect(p).toMatchObject({ childrenCompleted: 1, childrenShare: 0.5, share: 0.4 });
      expect(p.children.find((c: any) => c.orgId === w.unitA).status).toBe('completed');

      const rE = must(
        await entA.post(`/api/tasks/${ce.id}/reports`, {
          period: 'once',
          narrative: '新增 30 人',
          values: [{ targetId: ce.targets[0].id, value: 30 }],
        }),
        201,
        'report E',
      );
      must(await entA.post(`/api/reports/${rE.id}/submit`), 200, 'submit E');
      must(await w.staffA.post(`/api/reports/${rE.id}/return`, { reason: '请补充佐证材料' }), 200, 'return E');
      expect(must(await w.staffA.get(`/api/tasks/${parent.id}`), 200, 'parent').targets[0].actualValue).toBe(40);
      must(
        await entA.patch(`/api/reports/${rE.id}`, {
          narrative: '新增 60 人，附花名册',
          values: [{ targetId: ce.targets[0].id, value: 60 }],
          revision: await revisionOf(rE.id),
        }),
        200,
        'edit E',
      );
      must(await entA.post(`/api/reports/${rE.id}/submit`), 200, 'resubmit E');
      must(await w.staffA.post(`/api/reports/${rE.id}/accept`), 200, 'accept E');
      p = must(await w.staffA.get(`/api/tasks/${parent.id}`), 200, 'parent');
      expect(p.targets[0]).toMatchObject({ actualValue: 100, share: 1 });
      expect(p).toMatchObject({ childrenCompleted: 2, childrenShare: 1, share: 1, status: 'completed' });
      const row = must(await w.staffA.get(`/api/tasks?parentId=${parent.id}`), 200, 'children rows');
      expect(row.items.map((r: any) => r.targets[0].actualValue).sort()).toEqual([40, 60]);
    });
  });

  describe('report lifecycle', () => {
    let task: any;
    it('keeps every submitted version and the review history; only drafts and returned reports change', async () => {
      task = must(
        await w.staffA.post('/api/tasks', {
          programmeId: programme.id,
          goalId: programme.goals[1].id,
          kind: 'prescribed',
          title: '职工技能培训',
          orgId: w.enterpriseA,
          startDate: day(-40),
          dueDate: day(300),
          cycle: 'monthly',
          targets: [{ metric: '培训人次', unit: '人次', targetValue: 500 }],
        }),
        201,
        'task',
      );
      const period = `${day(-40).slice(0, 4)}-M${day(-40).slice(5, 7)}`;
      expect((await entA.post(`/api/tasks/${task.id}/reports`, { period: '2026-Q1' })).body.fields[0]).toMatchObject({
        path: 'body.period',
        code: 'unknown_period',
      });
      expect(
        (await entA.post(`/api/tasks/${task.id}/reports`, { period, values: [{ targetId: parent.targets[0].id, value: 1 }] })).body
          .fields[0].code,
      ).toBe('unknown_target');
      expect((await w.staffA.post(`/api/tasks/${task.id}/reports`, { period })).status).toBe(403);
      const r = must(
        await entA.post(`/api/tasks/${task.id}/reports`, {
          period,
          narrative: '第一版',
          values: [{ targetId: task.targets[0].id, value: 120 }],
        }),
        201,
        'draft',
      );
      expect(r).toMatchObject({
        status: 'draft',
        version: 0,
        versions: [],
        permissions: { canEdit: true, canSubmit: true, canReview: false },
      });
      expect((await entA.post(`/api/tasks/${task.id}/reports`, { period })).body.fields[0].code).toBe('report_exists');
      // The reviewer sees no drafts in the queue.
      expect(must(await w.staffA.get('/api/reviews'), 200, 'queue').items.some((x: any) => x.id === r.id)).toBe(false);
      must(await entA.post(`/api/reports/${r.id}/submit`), 200, 'submit');
      expect((await entA.patch(`/api/reports/${r.id}`, { narrative: 'x', revision: 1 })).body.code).toBe('report_state');
      expect((await entA.post(`/api/reports/${r.id}/submit`)).body.code).toBe('report_state');
      const queue = must(await w.staffA.get('/api/reviews'), 200, 'queue');
      expect(queue.items.find((x: any) => x.id === r.id)).toMatchObject({ status: 'submitted', orgId: w.enterpriseA });
      expect((await w.staffA.post(`/api/reports/${r.id}/return`, {})).status).toBe(400);
      must(await w.staffA.post(`/api/reports/${r.id}/return`, { reason: '数据与花名册不符' }), 200, 'return');
      const returned = await entA.get('/api/notifications');
      expect(returned.body.items.some((n: any) => n.kind === 'report_returned' && n.entityId === r.id)).toBe(true);
      must(
        await entA.patch(`/api/reports/${r.id}`, {
          narrative: '第二版',
          values: [{ targetId: task.targets[0].id, value: 110 }],
          revision: await revisionOf(r.id),
        }),
        200,
        'edit',
      );
      must(await entA.post(`/api/reports/${r.id}/submit`), 200, 'resubmit');
      must(await w.staffA.post(`/api/reports/${r.id}/accept`), 200, 'accept');
      const d = must(await entA.get(`/api/reports/${r.id}`), 200, 'detail');
      expect(d).toMatchObject({
        status: 'accepted',
        version: 2,
        narrative: '第二版',
        returnReason: null,
        values: [{ value: 110, targetValue: 500 }],
      });
      expect(d.versions.map((v: any) => [v.version, v.narrative, v.values[0].value])).toEqual([
        [1, '第一版', 120],
        [2, '第二版', 110],
      ]);
      expect(d.reviews.map((v: any) => [v.version, v.decision, v.reason])).toEqual([
        [1, 'returned', '数据与花名册不符'],
        [2, 'accepted', null],
      ]);
      expect((await entA.patch(`/api/reports/${r.id}`, { narrative: 'x', revision: 1 })).body.code).toBe('report_state');
      expect((await w.staffA.post(`/api/reports/${r.id}/accept`)).body.code).toBe('report_state');
      expect(must(await w.staffA.get(`/api/tasks/${task.id}`), 200, 'task').targets[0].actualValue).toBe(110);
      expect(must(await w.staffA.get(`/api/tasks/${task.id}/reports`), 200, 'reports').items).toHaveLength(1);
      expect((await w.staffA.delete(`/api/tasks/${task.id}`)).body.code).toBe('task_in_use');
    });

    it('is reviewed by the assigning level (or above) only, never by the lead unit or a lower or sibling level', async () => {
      const t = must(
        await w.staffA.post('/api/tasks', {
          programmeId: programme.id,
          goalId: programme.goals[1].id,
          kind: 'prescribed',
          title: '劳模工匠进企业',
          orgId: w.unitA,
          startDate: day(-5),
          dueDate: day(60),
          cycle: 'once',
        }),
        201,
        'task',
      );
      const r = must(await liaisonA.post(`/api/tasks/${t.id}/reports`, { period: 'once', narrative: '已开展 3 场' }), 201, 'report');
      must(await liaisonA.post(`/api/reports/${r.id}/submit`), 200, 'submit');
      expect((await liaisonA.post(`/api/reports/${r.id}/accept`)).status).toBe(403);
      expect((await entA.post(`/api/reports/${r.id}/accept`)).status).toBe(404);
      expect((await w.staffB.post(`/api/reports/${r.id}/accept`)).status).toBe(404);
      expect(must(await liaisonA.get(`/api/reports/${r.id}`), 200, 'own view').permissions.canReview).toBe(false);
      expect(must(await provinceStaff.get(`/api/reports/${r.id}`), 200, 'above').permissions.canReview).toBe(true);
      must(await w.staffA.post(`/api/reports/${r.id}/accept`), 200, 'accept by assigning level');
      // The task had no targets: an accepted report completes it.
      expect(must(await w.staffA.get(`/api/tasks/${t.id}`), 200, 'done').status).toBe('completed');
    });
  });

  describe('supervision', () => {
    it('records a notice from the assigning level that the responsible unit answers', async () => {
      const t = must(
        await w.staffA.post('/api/tasks', {
          programmeId: programme.id,
          goalId: programme.goals[0].id,
          kind: 'prescribed',
          title: '建设职工书屋',
          orgId: w.enterpriseA,
          startDate: day(-300),
          dueDate: day(-3),
          cycle: 'once',
          targets: [{ metric: '书屋', unit: '个', targetValue: 2 }],
        }),
        201,
        'overdue task',
      );
      expect(t.status).toBe('overdue');
      expect((await entA.post(`/api/tasks/${t.id}/supervise`, { message: '自己督办自己', respondBy: day(5) })).status).toBe(403);
      expect((await w.staffA.post(`/api/tasks/${t.id}/supervise`, { message: '请说明原因', respondBy: day(-1) })).body.fields[0].code).toBe(
        'in_the_past',
      );
      const s = must(
        await w.staffA.post(`/api/tasks/${t.id}/supervise`, { message: '请于一周内说明逾期原因', respondBy: day(7) }),
        201,
        'supervise',
      );
      expect(s).toMatchObject({ orgId: w.enterpriseA, fromOrgId: w.cityA, status: 'open', canRespond: false });
      const bell = await entA.get('/api/notifications');
      expect(bell.body.items.some((n: any) => n.kind === 'supervision' && n.entityId === t.id)).toBe(true);
      const mine = must(await entA.get('/api/supervisions?status=open&mine=true'), 200, 'mine');
      expect(mine.items.map((x: any) => x.id)).toContain(s.id);
      expect((await w.staffA.post(`/api/supervisions/${s.id}/respond`, { response: 'x' })).status).toBe(403);
      const answered = must(await entA.post(`/api/supervisions/${s.id}/respond`, { response: '设备到货延迟，月底前完成' }), 200, 'respond');
      expect(answered).toMatchObject({ status: 'answered', response: '设备到货延迟，月底前完成' });
      expect((await entA.post(`/api/supervisions/${s.id}/respond`, { response: 'again' })).status).toBe(409);
      expect(must(await w.staffA.get(`/api/tasks/${t.id}`), 200, 'task').supervisions[0].status).toBe('answered');
      const board = must(await w.staffA.get('/api/tasks/board'), 200, 'board');
      expect(board.overdue.map((x: any) => x.id)).toContain(t.id);
      expect(board.counts.overdue).toBeGreaterThanOrEqual(1);
      expect(board.counts.total).toBe(
        Object.entries(board.counts)
          .filter(([k]) => k !== 'total')
          .reduce((s2, [, v]) => s2 + (v as number), 0),
      );
    });
  });

  describe('ledger', () => {
    it('filters by programme, kind, status, unit, tag, overdue, mine, parent and text, and sorts', async () => {
      const all = must(await w.staffA.get(`/api/tasks?programmeId=${programme.id}&pageSize=200`), 200, 'all');
      const count = (pred: (r: any) => boolean) => all.items.filter(pred).length;
      expect(all.total).toBe(all.items.length);
      const q = async (qs: string) => must(await w.staffA.get(`/api/tasks?programmeId=${programme.id}&pageSize=200&${qs}`), 200, qs);
      expect((await q('kind=optional')).total).toBe(count((r) => r.kind === 'optional'));
      expect((await q('status=completed')).total).toBe(count((r) => r.status === 'completed'));
      expect((await q('overdue=true')).items.every((r: any) => r.overdue)).toBe(true);
      expect((await q('overdue=true')).total).toBe(1);
      expect((await q(`orgId=${w.enterpriseA}`)).items.every((r: any) => r.orgId === w.enterpriseA)).toBe(true);
      expect((await q(`tagId=${tagId}`)).items.map((r: any) => r.id).sort()).toEqual([parent.id, ...children.map((c) => c.id)].sort());
      expect((await q(`parentId=${parent.id}`)).total).toBe(2);
      expect((await q('topLevel=true')).items.every((r: any) => r.parentId === null)).toBe(true);
      expect((await q(`q=${encodeURIComponent('书屋')}`)).items.map((r: any) => r.title)).toEqual(['建设职工书屋']);
      const sorted = (await q('sort=-dueDate')).items.map((r: any) => r.dueDate);
      expect(sorted).toEqual([...sorted].sort().reverse());
      const paged = must(await w.staffA.get(`/api/tasks?programmeId=${programme.id}&pageSize=2&page=2&sort=title`), 200, 'paged');
      expect(paged.items).toHaveLength(2);
      expect(paged.total).toBe(all.total);
      expect((await w.staffA.get('/api/tasks?sort=orgName')).status).toBe(400);
      // The liaison leads one child and co-leads the parent: "mine" is exactly those.
      const mine = must(await liaisonA.get('/api/tasks?mine=true&pageSize=200'), 200, 'mine');
      expect(mine.items.map((r: any) => r.id)).toEqual(expect.arrayContaining([parent.id, children[1].id]));
      expect(mine.items.every((r: any) => r.orgId === w.unitA || r.coUnits.some((c: any) => c.id === w.unitA))).toBe(true);
      // Nothing of the enterprise's tasks reaches the member unit.
      const liaisonAll = must(await liaisonA.get('/api/tasks?pageSize=200'), 200, 'liaison');
      expect(liaisonAll.items.some((r: any) => r.orgId === w.enterpriseA)).toBe(false);
    });

    it('exports the ledger as .xlsx people can use: title, organisation, date, filter, programme, numbered hierarchy, typed cells, period labels', async () => {
      const all = must(await w.staffA.get(`/api/tasks?programmeId=${programme.id}&pageSize=200`), 200, 'all');
      const res = await download(w.staffA, `/api/tasks/export.xlsx?programmeId=${programme.id}&kind=prescribed`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.data as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(String(ws.getCell('A1').value)).toBe(`${programme.title}工作台账`);
      // Who exported it, when, and with what filter (in words, no ids or codes).
      expect([ws.getCell('A2').value, ws.getCell('B2').value]).toEqual(['导出单位', '滨州市总工会']);
      expect(ws.getCell('A3').value).toBe('导出日期');
      expect(String(ws.getCell('B3').value)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect([ws.getCell('A4').value, ws.getCell('B4').value]).toEqual(['筛选条件', `改革方案：${programme.title}；类型：规定动作`]);
      const merges = (ws.model as unknown as { merges: string[] }).merges;
      expect(merges).toEqual(expect.arrayContaining(['A1:Q1', 'A6:H6', 'I6:M6', 'N6:Q6']));
      expect([ws.getCell('A6').value, ws.getCell('I6').value, ws.getCell('N6').value]).toEqual(['基本信息', '目标任务', '进展情况']);
      expect((ws.getRow(7).values as unknown[]).slice(1)).toEqual([
        '序号',
        '所属方案',
        '任务名称',
        '类型',
        '牵头单位',
        '配合单位',
        '开始日期',
        '完成时限',
        '指标',
        '单位',
        '目标值',
        '完成值',
        '指标完成率',
        '任务完成率',
        '状态',
        '最新报送期',
        '最新进展',
      ]);
      const rows: { n: number; v: unknown[] }[] = [];
      ws.eachRow((row, n) => {
        if (n > 7) rows.push({ n, v: (row.values as unknown[]).slice(1) });
      });
      const taskRows = rows.filter((r) => r.v[0]);
      expect(taskRows).toHaveLength(all.items.filter((t: any) => t.kind === 'prescribed').length);
      const parentRow = taskRows.find((r) => r.v[2] === '新增技能人才' && r.v[4] === '滨州市总工会')!;
      expect(parentRow).toBeDefined();
      const no = String(parentRow.v[0]);
      expect(no).toMatch(/^\d+$/);
      expect(parentRow.v[1]).toBe(programme.title);
      expect(parentRow.v[3]).toBe('规定动作');
      expect(parentRow.v[5]).toBe('滨州市人社局');
      // Dates are dates, numbers numbers, shares numbers in % format.
      expect(parentRow.v[6]).toBeInstanceOf(Date);
      expect(isoDay(parentRow.v[6] as Date)).toBe(day(-100));
      expect(ws.getCell(`G${parentRow.n}`).numFmt).toBe('yyyy-mm-dd');
      expect(parentRow.v.slice(8, 13)).toEqual(['新增技能人才', '人', 100, 100, 1]);
      expect(ws.getCell(`K${parentRow.n}`).type).toBe(ExcelJS.ValueType.Number);
      expect(ws.getCell(`M${parentRow.n}`).numFmt).toBe('0.0%');
      expect(ws.getCell(`N${parentRow.n}`).value).toBe(1);
      expect(ws.getCell(`N${parentRow.n}`).numFmt).toBe('0.0%');
      expect(parentRow.v[14]).toBe('已完成');
      // The handed-down children follow their parent, numbered under it, indented.
      const kids = children.map((c) => c.id);
      const after = taskRows.slice(taskRows.indexOf(parentRow) + 1, taskRows.indexOf(parentRow) + 1 + kids.length);
      expect(after.map((r) => r.v[0])).toEqual(kids.map((_, i) => `${no}.${i + 1}`));
      expect(after.every((r) => r.v[2] === '新增技能人才')).toBe(true);
      expect(ws.getCell(`C${after[0]!.n}`).alignment?.indent).toBe(2);
      // Top-level numbers run 1, 2, 3 …
      const tops = taskRows.map((r) => String(r.v[0])).filter((x) => !x.includes('.'));
      expect(tops).toEqual(tops.map((_, i) => String(i + 1)));
      // Periods as labels, never codes; no formulas, no raw codes anywhere.
      const periods = rows.map((r) => r.v[15]).filter(Boolean);
      expect(periods.length).toBeGreaterThan(0);
      for (const p of periods) expect(String(p)).toMatch(/^\d{4}年(第\d季度|\d{1,2}月|[上下]半年)$|^一次性报送$/);
      expect(JSON.stringify(rows.map((r) => r.v))).not.toMatch(/20\d\d-[QHM]\d/);

      w.staffA.locale = 'en-US';
      await w.staffA.patch('/api/auth/preferences', { locale: 'en-US' });
      const en = await download(w.staffA, `/api/tasks/export.xlsx?programmeId=${programme.id}`);
      await w.staffA.patch('/api/auth/preferences', { locale: 'zh-CN' });
      w.staffA.locale = 'zh-CN';
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.load(en.data as unknown as ArrayBuffer);
      const ws2 = wb2.worksheets[0]!;
      expect((ws2.getRow(7).values as unknown[]).slice(1, 4)).toEqual(['No.', 'Programme', 'Task']);
      expect(ws2.getCell('B4').value).toBe(`Programme: ${programme.title}`);
      const enPeriods: string[] = [];
      ws2.eachRow((row, n) => {
        if (n > 7 && row.getCell(16).value) enPeriods.push(String(row.getCell(16).value));
      });
      for (const p of enPeriods) expect(p).toMatch(/^(Q\d \d{4}|[A-Z][a-z]+ \d{4}|(first|second) half of \d{4}|single report)$/);
    });

    it('numbers a hierarchy whatever the order of ids, and lists targets one per row', () => {
      const n = numberOutline([
        { id: '1', parent_id: null },
        { id: '2', parent_id: '1' },
        { id: '3', parent_id: null },
        { id: '4', parent_id: '2' },
        { id: '5', parent_id: '1' },
        { id: '6', parent_id: '99' },
      ]);
      expect(n.map((x) => `${x.id}:${x.number}:${x.depth}`)).toEqual(['1:1:0', '2:1.1:1', '4:1.1.1:2', '5:1.2:1', '3:2:0', '6:3:0']);
    });
  });

  describe('symposium summary', () => {
    it('sums per lead unit and for the programme without counting a handed-down target twice', async () => {
      const s = must(await w.staffA.get(`/api/programmes/${programme.id}/summary`), 200, 'summary');
      const byOrg = Object.fromEntries(s.units.map((u: any) => [u.orgId, u]));
      expect(byOrg[w.unitA].metrics).toEqual([{ metric: '新增技能人才', unit: '人', targetValue: 40, actualValue: 40, share: 1 }]);
      expect(byOrg[w.enterpriseA].narratives.map((n: any) => n.excerpt)).toEqual(
        expect.arrayContaining(['新增 60 人，附花名册', '第二版']),
      );
      expect(byOrg[w.enterpriseA].overdue.map((o: any) => o.title)).toEqual(['建设职工书屋']);
      expect(byOrg[w.enterpriseA].reportsAccepted).toBe(2);
      const total = s.totals.metrics.find((m: any) => m.metric === '新增技能人才');
      expect(total).toEqual({ metric: '新增技能人才', unit: '人', targetValue: 100, actualValue: 100, share: 1 });
      expect(s.totals.taskCount).toBe(s.units.reduce((n: number, u: any) => n + u.taskCount, 0));
      expect(s.totals.overdue).toBe(1);
      const once = must(await w.staffA.get(`/api/programmes/${programme.id}/summary?period=once`), 200, 'period');
      expect(once.period).toBe('once');
      expect(once.totals.reportsSubmitted).toBe(3);
      // The enterprise's own view holds only its own units.
      const ent = must(await entA.get(`/api/programmes/${programme.id}/summary`), 200, 'enterprise');
      expect(ent.units.map((u: any) => u.orgId)).toEqual([w.enterpriseA]);
    });
  });

  describe('optimistic locking', () => {
    it('answers a stale task edit with 409 naming what changed and the current version', async () => {
      const t = must(
        await w.staffA.post('/api/tasks', {
          programmeId: programme.id,
          goalId: programme.goals[0].id,
          kind: 'prescribed',
          title: '并发编辑',
          orgId: w.enterpriseA,
          startDate: day(-10),
          dueDate: day(100),
          cycle: 'once',
        }),
        201,
        'task',
      );
      expect(t.version).toBe(1);
      // Two editors open version 1; the first saves a new title and due date.
      const first = must(
        await w.staffA.patch(`/api/tasks/${t.id}`, { title: '并发编辑（改）', dueDate: day(120), version: 1 }),
        200,
        'first edit',
      );
      expect(first.version).toBe(2);
      const stale = await provinceStaff.patch(`/api/tasks/${t.id}`, { description: '后来者', version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('conflict');
      expect(stale.body.fields).toEqual([
        { path: 'body.version', code: 'stale_version', message: expect.stringContaining('第 2 版') },
        { path: 'body.dueDate', code: 'changed_meanwhile', message: expect.any(String) },
        { path: 'body.title', code: 'changed_meanwhile', message: expect.any(String) },
      ]);
      // Nothing of the stale edit was written; with the current version it goes through.
      expect(must(await w.staffA.get(`/api/tasks/${t.id}`), 200, 'task')).toMatchObject({
        title: '并发编辑（改）',
        description: '',
        version: 2,
      });
      expect(must(await provinceStaff.patch(`/api/tasks/${t.id}`, { description: '后来者', version: 2 }), 200, 'retry')).toMatchObject({
        description: '后来者',
        version: 3,
      });
      // A body without the version is refused, naming the field.
      expect((await w.staffA.patch(`/api/tasks/${t.id}`, { title: 'x' })).body.fields[0]).toMatchObject({
        path: 'body.version',
        code: 'required',
      });
    });

    it('answers a stale report edit with 409 naming what changed and the current revision', async () => {
      const t = must(
        await w.staffA.post('/api/tasks', {
          programmeId: programme.id,
          goalId: programme.goals[0].id,
          kind: 'prescribed',
          title: '并发报送',
          orgId: w.enterpriseA,
          startDate: day(-10),
          dueDate: day(100),
          cycle: 'once',
          targets: [{ metric: '人次', unit: '人', targetValue: 10 }],
        }),
        201,
        'task',
      );
      const r = must(await entA.post(`/api/tasks/${t.id}/reports`, { period: 'once', narrative: '草稿' }), 201, 'draft');
      expect(r.revision).toBe(1);
      const other = await server.login('ent_a', USER_PASSWORD2);
      must(
        await other.patch(`/api/reports/${r.id}`, { values: [{ targetId: t.targets[0].id, value: 5 }], revision: 1 }),
        200,
        'first edit',
      );
      const stale = await entA.patch(`/api/reports/${r.id}`, { narrative: '覆盖？', revision: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        code: 'conflict',
        fields: [
          { path: 'body.revision', code: 'stale_version' },
          { path: 'body.values', code: 'changed_meanwhile' },
        ],
      });
      expect(stale.body.fields[0].message).toContain('第 2 版');
      const now = must(await entA.get(`/api/reports/${r.id}`), 200, 'report');
      expect(now).toMatchObject({ narrative: '草稿', revision: 2, values: [{ value: 5 }] });
      // A submission also moves the revision: an edit read before it is stale (and the report is no draft).
      must(await entA.patch(`/api/reports/${r.id}`, { narrative: '定稿', revision: 2 }), 200, 'edit');
      expect(must(await entA.post(`/api/reports/${r.id}/submit`), 200, 'submit').revision).toBe(4);
    });
  });

  describe('audit', () => {
    it('records every state change with its organisation', async () => {
      const rows = await server.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type', 'org_id'])
        .where('entity_type', 'in', ['programme', 'goal', 'task_tag', 'task', 'report', 'supervision'])
        .execute();
      const seen = new Set(rows.map((r) => `${r.entity_type}:${r.action}`));
      for (const k of [
        'task_tag:create',
        'programme:create',
        'goal:create',
        'goal:update',
        'task:create',
        'task:hand_down',
        'task:delete',
        'task:supervise',
        'supervision:respond',
        'report:create',
        'report:update',
        'report:submit',
        'report:return',
        'report:resubmit',
        'report:accept',
        'task:export',
      ]) {
        expect(seen, k).toContain(k);
      }
      const tag = must(await w.staffA.post('/api/task-tags', { name: '临时标签' }), 201, 'tag');
      must(await w.staffA.delete(`/api/task-tags/${tag.id}`), 204, 'delete tag');
      must(await w.staffA.patch(`/api/programmes/${programme.id}`, { description: '市委市政府印发' }), 200, 'edit programme');
      const { version } = must(await w.staffA.get(`/api/tasks/${parent.id}`), 200, 'task');
      must(await w.staffA.patch(`/api/tasks/${parent.id}`, { description: '按季度报送', version }), 200, 'edit task');
      const more = await server.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type'])
        .where('action', 'in', ['delete', 'update'])
        .where('entity_type', 'in', ['task_tag', 'programme', 'task'])
        .execute();
      expect([...new Set(more.map((r) => `${r.entity_type}:${r.action}`))]).toEqual(
        expect.arrayContaining(['task_tag:delete', 'programme:update', 'task:update']),
      );
      expect(rows.filter((r) => r.entity_type === 'report').every((r) => r.org_id)).toBe(true);
    });
  });
});
