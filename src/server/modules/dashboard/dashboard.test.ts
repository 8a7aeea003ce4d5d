// The dashboard API through HTTP: sign-in and scope, the subtree's figures, one row per child
// (sorted, paged), what an organisation holds itself, the 12-month trend, and the .xlsx breakdown.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.js';
import { expectError } from '../../testing/expect-error.js';
import { createOrg, createWorld, type World } from '../../testing/world.js';
import { download, nthIdNumber, readXlsx } from '../../testing/people-world.js';
import { must } from '../../testing/tasks-world.js';
import { expectTotalsConsistent } from '../../testing/totals.js';
import { buildTrend, monthOf, toFigures } from './dashboard.service.js';

describe('dashboard', () => {
  let server: TestServer;
  let w: World;
  let entA2: string;
  beforeAll(async () => {
    server = await startTestServer({ JIANGXIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'jx-dash-')) });
    w = await createWorld(server);
    entA2 = await createOrg(w.admin, w.cityA, '滨州第二机械厂', 'enterprise', 'grassroots', { unionName: '第二机械厂工会' });
    for (let i = 0; i < 3; i++) {
      const p = must(
        await w.admin.post('/api/people', { orgId: entA2, name: `王${'一二三'[i]}`, idNumber: nthIdNumber(10 + i), unionMember: i > 0 }),
        201,
        'person',
      );
      must(await w.admin.post(`/api/people/${p.person.id}/skills`, { level: i ? 'technician' : 'junior' }), 201, 'skill');
    }
    const b = must(await w.admin.post('/api/people', { orgId: w.enterpriseB, name: '赵四', idNumber: nthIdNumber(20) }), 201, 'person B');
    must(await w.admin.post(`/api/people/${b.person.id}/honours`, { kind: 'model_worker', grade: 'provincial' }), 201, 'honour');
    const a = must(await w.admin.post('/api/people', { orgId: w.enterpriseA, name: '钱五', idNumber: nthIdNumber(30) }), 201, 'person A');
    must(await w.admin.post(`/api/people/${a.person.id}/honours`, { kind: 'model_worker', grade: 'national' }), 201, 'honour A');
    // A task the city leads itself: the city's "own" figures.
    const today = new Date().toISOString().slice(0, 10);
    const prog = must(
      await w.staffA.post('/api/programmes', {
        title: '要点',
        periodStart: '2026-01-01',
        periodEnd: '2030-12-31',
        goals: [{ title: '目标' }],
      }),
      201,
      'programme',
    );
    must(
      await w.staffA.post('/api/tasks', {
        programmeId: prog.id,
        goalId: prog.goals[0].id,
        kind: 'prescribed',
        title: '任务',
        orgId: w.cityA,
        startDate: today,
        dueDate: '2030-12-31',
        cycle: 'once',
      }),
      201,
      'task',
    );
  });
  afterAll(() => server.close());

  it('needs a session, and answers 404 outside the subtree and 400 for bad input', async () => {
    expect((await server.anonymous().get('/api/dashboard')).status).toBe(401);
    expect((await w.staffA.get(`/api/dashboard?orgId=${w.cityB}`)).status).toBe(404);
    expect((await w.staffA.get(`/api/dashboard?orgId=${w.province}`)).status).toBe(404);
    expect((await w.staffA.get('/api/dashboard?sort=password')).status).toBe(400);
    expectError(await w.staffA.get('/api/dashboard?orgId=abc'), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'query.orgId', message: /^统计范围/ },
    });
    expect((await w.staffA.get('/api/dashboard?pageSize=1000')).status).toBe(400);
    expect((await w.staffA.get(`/api/dashboard/export.xlsx?orgId=${w.cityB}`)).status).toBe(404);
  });

  it("shows the subtree of the user's organisation with one row per child and what it holds itself", async () => {
    const d = must(await w.staffA.get('/api/dashboard'), 200, 'dashboard');
    expect(d.org).toMatchObject({ id: w.cityA, kind: 'federation', childCount: 3 });
    expect(d.ancestors).toEqual([]);
    expect(d.totals).toMatchObject({
      workers: 4,
      unionMembers: 2,
      unionMembershipRate: 0.5,
      enterprises: 2,
      enterprisesWithUnion: 1,
      unionCoverage: 0.5,
      highlySkilled: 2,
      highlySkilledShare: 0.5,
      skillLevels: { junior: 1, technician: 2 },
      modelWorkers: { national: 1, provincial: 0, city: 0, total: 1 },
      tasks: { total: 1, notStarted: 0, completed: 0, completionRate: 0 },
    });
    expect(d.own).toMatchObject({ workers: 0, tasks: { total: 1 } });
    expect(d.children.total).toBe(3);
    expect(d.children.items.map((c: any) => [c.org.name, c.figures.workers])).toEqual([
      ['滨州第二机械厂', 3],
      ['滨州装备制造有限公司', 1],
      ['滨州市人社局', 0],
    ]);
    const names = async (q: string) =>
      must(await w.staffA.get(`/api/dashboard?${q}`), 200, 'sorted').children.items.map((c: any) => c.org.name);
    const all = await names('sort=name');
    expect([...(await names('sort=name&pageSize=2')), ...(await names('sort=name&pageSize=2&page=2'))]).toEqual(all);
    expect(await names('sort=-name')).toEqual([...all].reverse());
    const bySkill = must(await w.staffA.get('/api/dashboard?sort=-highlySkilledShare'), 200, 'share');
    expect(bySkill.children.items[0].figures.highlySkilledShare).toBeCloseTo(2 / 3);
    expect(bySkill.children.items.at(-1).figures.highlySkilledShare).toBeNull();

    // The admin sees the province and drills down; the breadcrumb names the ancestors in scope.
    const prov = must(await w.admin.get(`/api/dashboard?orgId=${w.province}`), 200, 'province');
    expect(prov.totals).toMatchObject({ workers: 5, modelWorkers: { total: 2 } });
    expect(prov.own).toBeNull();
    const ent = must(await w.admin.get(`/api/dashboard?orgId=${entA2}`), 200, 'enterprise');
    expect(ent.ancestors.map((a: any) => a.id)).toEqual([server.rootOrgId, w.province, w.cityA]);
    expect(ent.children).toEqual({ total: 0, items: [] });
    expect(ent.own).toMatchObject({ workers: 3 });
  });

  it('draws the last 12 months from the monthly changes', async () => {
    const d = must(await w.staffA.get('/api/dashboard'), 200, 'dashboard');
    expect(d.trend).toHaveLength(12);
    expect(d.trend.at(-1)).toMatchObject({ month: monthOf(new Date()), workers: 4, change: { workers: 4 } });
    expect(d.trend[0].workers).toBe(0);
    // Backdated rows (a dataset loaded with its history) fall into their months.
    await sql`UPDATE org_monthly SET month = (month - interval '2 months')::date WHERE month = jx_month(now())`.execute(server.db);
    const back = must(await w.staffA.get('/api/dashboard'), 200, 'dashboard');
    expect(back.trend.at(-3)).toMatchObject({ workers: 4, change: { workers: 4 } });
    expect(back.trend.at(-4)).toMatchObject({ workers: 0 });
    expect(back.trend.at(-1)).toMatchObject({ workers: 4, change: { workers: 0 } });
    await sql`UPDATE org_monthly SET month = (month + interval '2 months')::date WHERE month = (jx_month(now()) - interval '2 months')::date`.execute(
      server.db,
    );
    await expectTotalsConsistent(server.db);
  });

  it('computes levels month by month', () => {
    const zero = Object.fromEntries(
      [
        'workers',
        'union_members',
        'skill_1',
        'skill_2',
        'skill_3',
        'skill_4',
        'skill_5',
        'skill_6',
        'skill_7',
        'skill_8',
        'model_workers_national',
        'model_workers_provincial',
        'model_workers_city',
        'may_day_national',
        'may_day_provincial',
        'craftsmen',
        'technical_experts',
        'enterprises',
        'enterprises_with_union',
        'tasks_not_started',
        'tasks_on_track',
        'tasks_at_risk',
        'tasks_overdue',
        'tasks_completed',
      ].map((c) => [c, 0]),
    );
    const totals = toFigures({ ...zero, workers: 10 } as never);
    const now = new Date('2026-03-15T00:00:00Z');
    const row = (month: string, workers: number) => ({
      month,
      workers,
      union_members: 0,
      highly_skilled: 0,
      model_workers: 0,
      craftsmen: 0,
      tasks_completed: 0,
    });
    const trend = buildTrend(totals, [row('2025-12', 4), row('2026-02', 3), row('2026-03', 2)], now);
    expect(trend.map((t) => t.month).slice(-4)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    expect(trend.map((t) => t.workers).slice(-5)).toEqual([1, 5, 5, 8, 10]);
    expect(monthOf(new Date('2026-01-31T17:00:00Z'))).toBe('2026-02'); // already February in Beijing
  });

  it('exports the breakdown as a report: title, exporting unit, date, sort, numbers and shares as numeric cells, audited', async () => {
    const zh = await download(w.staffA, '/api/dashboard/export.xlsx');
    expect(zh.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(zh.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('产改成果统计');
    const meta = Object.fromEntries([2, 3, 4, 5].map((r) => [String(ws.getCell(r, 1).value), String(ws.getCell(r, 2).value)]));
    expect(meta).toMatchObject({ 导出单位: '滨州市总工会', 排序: '按职工人数降序' });
    expect(meta.导出日期).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const header = 7;
    expect([1, 2, 3, 4].map((c) => ws.getCell(header, c).value)).toEqual(['单位', '职工人数', '工会会员', '入会率']);
    const names = [1, 2, 3].map((i) => ws.getCell(header + i, 1).value);
    expect(names).toEqual(['滨州第二机械厂', '滨州装备制造有限公司', '滨州市人社局']);
    expect(String(ws.getCell(header + 4, 1).value)).toContain('本级');
    const total = ws.getRow(header + 5);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(2).value).toBe(4);
    expect(total.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(total.getCell(4).value).toBe(0.5);
    expect(total.getCell(4).numFmt).toBe('0.0%');
    expect(ws.getCell(header + 3, 4).value).toBeNull();
    const audit = must(await w.admin.get(`/api/audit?action=export&entityType=organisation&entityId=${w.cityA}`), 200, 'audit');
    expect(audit.items[0]).toMatchObject({ actorUsername: expect.any(String), action: 'export' });

    w.staffA.locale = 'en-US';
    const en = await readXlsx((await download(w.staffA, '/api/dashboard/export.xlsx?sort=name')).data);
    w.staffA.locale = 'zh-CN';
    expect(en.find((r) => r[0] === 'Sorted')?.[1]).toBe('by unit name, ascending');
    expect(en.find((r) => r[0] === 'Unit')?.[1]).toBe('Workers');
    expect(en.at(-1)![0]).toBe('Total');
  });
});
