// The roll-ups equal a recount from scratch after every kind of write: people created, edited,
// retired; skills and honours added and removed; a roster import and its re-import with changes;
// a transfer approved; tasks created, handed down, completed, deleted; organisations created,
// renamed, moved (a subtree with its people and an affiliated enterprise), archived and deleted; a person deleted directly.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openTestDatabase, startTestServer, type TestServer } from '../../testing/harness.js';
import { ensureRootAndAdmin } from '../../bootstrap/first-start.js';
import { seedDemo } from '../../bootstrap/demo.js';
import { createSecretBox } from '../../platform/secrets.js';
import { createOrg, createWorld, type World } from '../../testing/world.js';
import {
  buildCsv,
  createPeopleWorld,
  nthIdNumber,
  uploadAndValidate,
  waitForImport,
  type PeopleWorld,
} from '../../testing/people-world.js';
import { must } from '../../testing/tasks-world.js';
import { expectTotalsConsistent } from '../../testing/totals.js';
import { recountTotals, repairTotals } from './totals.repository.js';

const totalsOf = async (server: TestServer, orgId: string) =>
  (await server.db.selectFrom('org_totals').selectAll().where('org_id', '=', orgId).executeTakeFirst()) ?? null;

const areaOf = async (server: TestServer, unionId: string, orgId: string) =>
  (await server.db
    .selectFrom('industry_area_totals')
    .selectAll()
    .where('union_id', '=', unionId)
    .where('org_id', '=', orgId)
    .executeTakeFirst()) ?? null;

const nameOf = (i: number) => `职工${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三四'[Math.floor(i / 10)]}`;

describe('dashboard roll-ups', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  beforeAll(async () => {
    server = await startTestServer({ JIANGXIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'jx-totals-')) });
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
  });
  afterAll(() => server.close());

  it('counts people, members, skills and honours up every ancestor', async () => {
    await expectTotalsConsistent(server.db);
    const a = must(
      await w.admin.post('/api/people', { orgId: w.enterpriseA, name: '赵丙', idNumber: nthIdNumber(1), unionJoinedOn: '2015-05-01' }),
      201,
      'person',
    );
    const id = a.person.id;
    must(
      await w.admin.post(`/api/people/${id}/skills`, { level: 'technician', certificateNo: 'T-1', certifiedOn: '2020-01-01' }),
      201,
      'skill',
    );
    must(await w.admin.post(`/api/people/${id}/honours`, { kind: 'model_worker', grade: 'national', year: 2020 }), 201, 'honour');
    const h2 = must(
      await w.admin.post(`/api/people/${id}/honours`, { kind: 'may_day_medal', grade: 'provincial', year: 2019 }),
      201,
      'honour 2',
    );
    await expectTotalsConsistent(server.db);
    for (const org of [w.enterpriseA, w.cityA, w.province, server.rootOrgId]) {
      const workers = org === w.enterpriseA || org === w.cityA ? 2 : 3;
      expect(await totalsOf(server, org)).toMatchObject({
        workers,
        union_members: 1,
        skill_5: 1,
        model_workers_national: 1,
        may_day_provincial: 1,
      });
    }
    expect(await totalsOf(server, w.cityB)).toMatchObject({ workers: 1, model_workers_city: 1, enterprises: 1, enterprises_with_union: 0 });
    expect(await totalsOf(server, w.province)).toMatchObject({ workers: 3, enterprises: 2 });

    // Edits: membership off, retired (skills stop counting; honours stay), honour removed.
    must(await w.admin.patch(`/api/people/${id}`, { unionMember: false, unionJoinedOn: null }), 200, 'edit');
    must(await w.admin.patch(`/api/people/${id}`, { employmentStatus: 'retired' }), 200, 'retire');
    const honourId = h2.honours.find((h: { kind: string }) => h.kind === 'may_day_medal').id;
    must(await w.admin.delete(`/api/people/${id}/honours/${honourId}`), 200, 'remove honour');
    expect(await totalsOf(server, w.cityA)).toMatchObject({
      workers: 1,
      union_members: 0,
      skill_5: 0,
      model_workers_national: 1,
      may_day_provincial: 0,
    });
    await expectTotalsConsistent(server.db);
  });

  it('follows a roster import, its re-import with changes, and an approved transfer', async () => {
    const header = ['姓名', '身份证号', '在职状态', '是否会员', '技能等级', '证书编号', '发证日期', '荣誉称号'];
    const rows = Array.from({ length: 30 }, (_, i) => [
      nameOf(i),
      nthIdNumber(100 + i),
      '在职',
      i % 2 ? '是' : '否',
      i % 3 ? '高级工' : '',
      i % 3 ? `C-${i}` : '',
      i % 3 ? '2021-03-01' : '',
      i % 10 === 0 ? '2020年全国劳动模范' : '',
    ]);
    const v = await uploadAndValidate(p.entA, w.enterpriseA, 'roster.csv', buildCsv(header, rows), 'text/csv');
    expect(v.validRows, JSON.stringify((await p.entA.get(`/api/people/imports/${v.id}/errors`)).body).slice(0, 500)).toBe(30);
    must(await p.entA.post(`/api/people/imports/${v.id}/commit`, {}), 202, 'commit');
    await waitForImport(p.entA, v.id, (i) => i.status === 'committed');
    await expectTotalsConsistent(server.db);
    expect((await totalsOf(server, w.enterpriseA))?.skill_4).toBe(20);

    // Again with changes: some retire, some get a higher level and a new honour in the same row.
    const changed = rows.map((r, i) => (i < 5 ? [r[0], r[1], '退休', r[3], '技师', `D-${i}`, '2023-06-01', '省五一劳动奖章(2023)'] : r));
    const v2 = await uploadAndValidate(p.entA, w.enterpriseA, 'roster2.csv', buildCsv(header, changed), 'text/csv');
    must(await p.entA.post(`/api/people/imports/${v2.id}/commit`, {}), 202, 'commit 2');
    await waitForImport(p.entA, v2.id, (i) => i.status === 'committed');
    await expectTotalsConsistent(server.db);

    // A transfer carries the person's honours from city B to city A.
    must(await w.admin.post(`/api/people/transfers/${p.transferB}/approve`), 200, 'approve');
    expect(await totalsOf(server, w.cityB)).toMatchObject({ workers: 0, model_workers_city: 0 });
    await expectTotalsConsistent(server.db);
  });

  it('counts tasks by status through hand-down, completion and deletion', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const prog = must(
      await w.staffA.post('/api/programmes', {
        title: '滨州市工作要点',
        periodStart: '2026-01-01',
        periodEnd: '2030-12-31',
        goals: [{ title: '目标一' }],
      }),
      201,
      'programme',
    );
    const parent = must(
      await w.staffA.post('/api/tasks', {
        programmeId: prog.id,
        goalId: prog.goals[0].id,
        kind: 'prescribed',
        title: '新增技能人才',
        orgId: w.cityA,
        startDate: today,
        dueDate: '2030-12-31',
        cycle: 'once',
        targets: [{ metric: '人数', unit: '人', targetValue: 10 }],
      }),
      201,
      'task',
    );
    const down = must(
      await w.staffA.post(`/api/tasks/${parent.id}/hand-down`, {
        units: [{ orgId: w.enterpriseA, targets: [{ targetId: parent.targets[0].id, value: 10 }] }],
      }),
      201,
      'hand-down',
    );
    await expectTotalsConsistent(server.db);
    const child = must(await w.staffA.get(`/api/tasks/${down.items[0].id}`), 200, 'child');
    const r = must(
      await p.entA.post(`/api/tasks/${child.id}/reports`, {
        period: 'once',
        narrative: '完成',
        values: [{ targetId: child.targets[0].id, value: 10 }],
      }),
      201,
      'report',
    );
    must(await p.entA.post(`/api/reports/${r.id}/submit`), 200, 'submit');
    must(await w.staffA.post(`/api/reports/${r.id}/accept`), 200, 'accept');
    const t = await totalsOf(server, w.cityA);
    expect(t!.tasks_completed).toBeGreaterThanOrEqual(1);
    await expectTotalsConsistent(server.db);
    const own = must(
      await p.entA.post('/api/tasks', {
        programmeId: prog.id,
        goalId: prog.goals[0].id,
        kind: 'optional',
        title: '自选',
        orgId: w.enterpriseA,
        startDate: today,
        dueDate: '2030-01-01',
        cycle: 'once',
      }),
      201,
      'own',
    );
    must(await p.entA.delete(`/api/tasks/${own.id}`), 204, 'delete');
    await expectTotalsConsistent(server.db);
  });

  it('moves a subtree with its figures, keeps them on archive, and drops a deleted organisation', async () => {
    const county = await createOrg(w.admin, w.cityA, '沾化区总工会', 'federation', 'county');
    const ent = await createOrg(w.admin, county, '沾化冬枣食品有限公司', 'enterprise', 'grassroots', { unionName: '冬枣公司工会' });
    must(await w.admin.post('/api/people', { orgId: ent, name: '孙丁', idNumber: nthIdNumber(500) }), 201, 'person');
    // The enterprise is affiliated to an industry union: its split by territory moves along with it.
    const union = await createOrg(w.admin, server.rootOrgId, '中国农林水利气象工会', 'industry_union', 'national');
    must(await w.admin.post(`/api/orgs/${ent}/affiliations`, { unionId: union }), 200, 'affiliate');
    expect(await areaOf(server, union, county)).toMatchObject({ workers: 1, enterprises: 1, enterprises_with_union: 1 });
    expect(await areaOf(server, union, w.cityA)).toMatchObject({ workers: 1 });
    expect(await totalsOf(server, w.cityA)).toMatchObject({ enterprises: 2, enterprises_with_union: 1 });
    const before = (await totalsOf(server, w.cityA))!.workers;
    must(await w.admin.post(`/api/orgs/${county}/move`, { parentId: w.cityB }), 200, 'move');
    expect((await totalsOf(server, w.cityA))!.workers).toBe(before - 1);
    expect(await totalsOf(server, w.cityB)).toMatchObject({ workers: 1, enterprises: 2, enterprises_with_union: 1 });
    expect(await areaOf(server, union, w.cityA)).toMatchObject({ workers: 0, enterprises: 0 });
    expect(await areaOf(server, union, w.cityB)).toMatchObject({ workers: 1, enterprises: 1 });
    await expectTotalsConsistent(server.db);
    // The people list follows: the moved person is under city B now, and no longer under city A.
    const names = async (org: string) =>
      (await w.admin.get(`/api/people?orgId=${org}&sort=name&pageSize=100`)).body.items.map((x: { name: string }) => x.name);
    expect(await names(w.cityB)).toContain('孙丁');
    expect(await names(w.cityA)).not.toContain('孙丁');
    must(await w.admin.patch(`/api/orgs/${ent}`, { unionName: null }), 200, 'no union');
    expect((await totalsOf(server, w.cityB))!.enterprises_with_union).toBe(0);
    expect((await areaOf(server, union, w.cityB))!.enterprises_with_union).toBe(0);
    const empty = await createOrg(w.admin, county, '空企业', 'enterprise', 'grassroots');
    must(await w.admin.post(`/api/orgs/${empty}/affiliations`, { unionId: union }), 200, 'affiliate empty');
    expect((await areaOf(server, union, county))!.enterprises).toBe(2);
    must(await w.admin.post(`/api/orgs/${empty}/archive`), 200, 'archive');
    expect((await totalsOf(server, county))!.enterprises).toBe(2);
    expect((await w.admin.delete(`/api/orgs/${empty}`)).status).toBe(204);
    expect((await totalsOf(server, county))!.enterprises).toBe(1);
    expect((await areaOf(server, union, county))!.enterprises).toBe(1);
    await expectTotalsConsistent(server.db);
  });

  it('takes a deleted person and their honours off, and repairs what was changed behind the triggers', async () => {
    const person = await server.db.selectFrom('people').select(['id', 'org_id']).where('name', '=', nameOf(0)).executeTakeFirstOrThrow();
    await server.db.deleteFrom('people').where('id', '=', person.id).execute();
    await expectTotalsConsistent(server.db);

    // Figures changed without triggers (as after a TRUNCATE or a restore): found and repaired.
    await sql`UPDATE org_totals SET workers = workers + 5 WHERE org_id = ${w.cityA}`.execute(server.db);
    const wrong = await recountTotals(server.db);
    expect(wrong).toEqual(
      expect.arrayContaining([{ orgId: w.cityA, column: 'workers', stored: expect.any(Number), expected: expect.any(Number) }]),
    );
    // The people list's subtree index, too: a row lost and a row that should not be there.
    const lost = await server.db.selectFrom('people_scopes').selectAll().where('scope_id', '=', w.cityA).limit(1).executeTakeFirstOrThrow();
    await server.db.deleteFrom('people_scopes').where('scope_id', '=', lost.scope_id).where('person_id', '=', lost.person_id).execute();
    await server.db
      .insertInto('people_scopes')
      .values({ scope_id: w.cityB, skill_key: 0, name_key: 'wu ci ren\u0001无此人', person_id: lost.person_id })
      .execute();
    expect(await recountTotals(server.db)).toEqual(
      expect.arrayContaining([
        { orgId: w.cityA, column: 'people_scopes.missing', stored: 0, expected: 1 },
        { orgId: w.cityB, column: 'people_scopes.extra', stored: 1, expected: 0 },
      ]),
    );
    // The industry unions' split by territory, too.
    const area = await server.db
      .selectFrom('industry_area_totals')
      .select(['union_id', 'org_id', 'workers'])
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`UPDATE industry_area_totals SET workers = workers + 3 WHERE union_id = ${area.union_id} AND org_id = ${area.org_id}`.execute(
      server.db,
    );
    expect(await recountTotals(server.db)).toEqual(
      expect.arrayContaining([
        { orgId: area.org_id, column: `industry_area.${area.union_id}.workers`, stored: area.workers + 3, expected: area.workers },
      ]),
    );
    expect((await repairTotals(server.db)).length).toBeGreaterThan(0);
    await expectTotalsConsistent(server.db);
    expect(await repairTotals(server.db)).toEqual([]);
  });
});

describe('demo data', () => {
  it('fills the dashboard of the demo tree through the triggers, consistent with a recount', async () => {
    const handle = await openTestDatabase();
    try {
      await ensureRootAndAdmin(handle.db, 'Admin-Passw0rd!');
      expect((await seedDemo(handle.db, createSecretBox(randomBytes(32)))).created).toBe(true);
      const root = await handle.db.selectFrom('organisations').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
      const t = await handle.db.selectFrom('org_totals').selectAll().where('org_id', '=', root.id).executeTakeFirstOrThrow();
      expect(t.workers).toBeGreaterThan(300);
      expect(t.model_workers_national + t.model_workers_provincial + t.model_workers_city).toBeGreaterThan(10);
      expect(t.craftsmen).toBeGreaterThan(5);
      const months = await handle.db.selectFrom('org_monthly').select('month').where('org_id', '=', root.id).execute();
      expect(months.length).toBeGreaterThan(6);
      await expectTotalsConsistent(handle.db);
    } finally {
      await handle.close();
    }
  });
});
