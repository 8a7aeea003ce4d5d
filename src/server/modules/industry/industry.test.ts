// The industry chain: the mapping (national level only), proposals from the industry code, the
// union's confirmation, the figures of an industry union kept with its affiliations (moved in the
// same transaction, verify-totals clean, each worker once per chain), and tasks handed down by an
// industry union to its affiliated enterprises, seen by the enterprise's territorial chain too.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDatabase, startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { ensureRootAndAdmin } from '../../bootstrap/first-start.js';
import { seedDemo } from '../../bootstrap/demo.js';
import { createSecretBox } from '../../platform/secrets.js';
import { expectError } from '../../testing/expect-error.js';
import { must } from '../../testing/tasks-world.js';
import { nthIdNumber } from '../../testing/people-world.js';
import { expectTotalsConsistent } from '../../testing/totals.js';
import { createOrg, createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { INDUSTRY_DIVISIONS, INDUSTRY_SECTIONS, sectionOf } from '../../../shared/industries.js';

describe('industry chain', () => {
  let server: TestServer;
  let w: World;
  let hunan: string;
  let xiangtan: string;
  let xiangdian: string;
  let xianggang: string;
  let national: string;
  let provincial: string;
  let energy: string;
  let jixie: Client;
  let xiangtanStaff: Client;

  const workersOf = async (unionId: string) =>
    (await server.db.selectFrom('industry_totals').select('workers').where('union_id', '=', unionId).executeTakeFirst())?.workers ?? 0;

  const areaWorkers = async (unionId: string, orgId: string) =>
    (
      await server.db
        .selectFrom('industry_area_totals')
        .select('workers')
        .where('union_id', '=', unionId)
        .where('org_id', '=', orgId)
        .executeTakeFirst()
    )?.workers ?? 0;

  /** 10,000 employed workers (half union members) written straight into the registry: the triggers keep the figures. */
  async function bulkWorkers(orgId: string, n: number, tag: string) {
    await sql`
      INSERT INTO people (org_id, name, name_key, id_hash, id_sealed, id_masked, gender, birth_date, union_member)
      SELECT ${orgId}::bigint, '职工' || g, 'zhigong' || lpad(g::text, 6, '0'), ${tag} || '-' || g, 'sealed', '110101********001X', 'M', '1990-01-01', g % 2 = 0
      FROM generate_series(1, ${n}::int) g`.execute(server.db);
  }

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    hunan = await createOrg(w.admin, server.rootOrgId, '湖南省总工会', 'federation', 'province', { regionCode: '430000' });
    xiangtan = await createOrg(w.admin, hunan, '湘潭市总工会', 'federation', 'city', { regionCode: '430300' });
    xiangdian = await createOrg(w.admin, xiangtan, '湘电集团有限公司', 'enterprise', 'grassroots', {
      regionCode: '430302',
      industryCode: '38',
    });
    xianggang = await createOrg(w.admin, xiangtan, '湘潭钢铁集团有限公司', 'enterprise', 'grassroots', {
      regionCode: '430304',
      industryCode: '31',
    });
    national = await createOrg(w.admin, server.rootOrgId, '中国机械冶金建材工会', 'industry_union', 'national');
    provincial = await createOrg(w.admin, hunan, '湖南省机械冶金工会', 'industry_union', 'province', { regionCode: '430000' });
    energy = await createOrg(w.admin, server.rootOrgId, '中国能源化学地质工会', 'industry_union', 'national');
    await createUser(w.admin, 'jixie', national, ['federation_staff']);
    await createUser(w.admin, 'xiangtan_staff', xiangtan, ['federation_staff']);
    jixie = await loginFresh(server, 'jixie');
    xiangtanStaff = await loginFresh(server, 'xiangtan_staff');
  }, 300_000);
  afterAll(() => server?.close());

  it('ships GB/T 4754-2017 sections A–T and divisions 01–97 with names in both languages', async () => {
    expect(INDUSTRY_SECTIONS.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(INDUSTRY_DIVISIONS).toHaveLength(97);
    expect(INDUSTRY_DIVISIONS.every((d) => d.zh && d.en && d.section)).toBe(true);
    expect([sectionOf('38'), sectionOf('31'), sectionOf('97'), sectionOf('00')]).toEqual(['C', 'C', 'T', undefined]);
    const res = await jixie.get('/api/industries');
    expect(res.status).toBe(200);
    expect(res.body.vintage).toContain('GB/T 4754-2017');
    expect(res.body.divisions.find((d: { code: string }) => d.code === '38').zh).toBe('电气机械和器材制造业');
  });

  it('keeps the industry code on an enterprise and refuses an unknown one, naming the field', async () => {
    const org = await w.admin.get(`/api/orgs/${xiangdian}`);
    expect(org.body.industryCode).toBe('38');
    const bad = await w.admin.patch(`/api/orgs/${xiangdian}`, { industryCode: '00' });
    expectError(bad, { status: 400, code: 'validation_failed', field: { path: 'body.industryCode', message: /行业分类/ } });
    expect((await w.admin.get(`/api/orgs/${xiangdian}`)).body.industryCode).toBe('38');
  });

  it('lets only the national level map divisions to industry unions', async () => {
    expect((await xiangtanStaff.request('PUT', '/api/industry-mapping/38', { unionIds: [national] })).status).toBe(403);
    const notUnion = await w.admin.request('PUT', '/api/industry-mapping/38', { unionIds: [hunan] });
    expectError(notUnion, { status: 400, code: 'validation_failed', field: { path: 'body.unionIds.0', code: 'not_industry_union' } });
    for (const d of ['31', '38'])
      must(await w.admin.request('PUT', `/api/industry-mapping/${d}`, { unionIds: [national, provincial] }), 200, 'mapping');
    const mapping = await jixie.get('/api/industry-mapping');
    expect(mapping.body.items.find((m: { division: string }) => m.division === '38').unions.map((u: { id: string }) => u.id)).toEqual([
      national,
      provincial,
    ]);
    const audit = await w.admin.get('/api/audit?entityType=industry_mapping');
    expect(audit.body.total).toBe(2);
  });

  it('proposes affiliations from the industry code, which the union confirms; the territorial chain sets one directly', async () => {
    const proposed = must(await xiangtanStaff.post(`/api/orgs/${xiangdian}/affiliations/propose`), 200, 'propose');
    expect(proposed.items.map((a: { union: { id: string }; status: string }) => [a.union.id, a.status])).toEqual(
      expect.arrayContaining([
        [national, 'proposed'],
        [provincial, 'proposed'],
      ]),
    );
    // Not reached yet: a proposal gives the union nothing.
    expect((await jixie.get(`/api/orgs/${xiangdian}`)).status).toBe(404);
    const mine = must(await jixie.get('/api/affiliations'), 200, 'list');
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ status: 'proposed', permissions: { canConfirm: true } });
    expect(mine.items[0].enterprise.pathNames).toEqual(['中华全国总工会', '湖南省总工会', '湘潭市总工会']);
    // The territorial chain may end a proposal but not confirm it for the union.
    expect((await xiangtanStaff.post(`/api/affiliations/${mine.items[0].id}/confirm`)).status).toBe(403);
    const confirmed = must(await jixie.post(`/api/affiliations/${mine.items[0].id}/confirm`), 200, 'confirm');
    expect(confirmed).toMatchObject({ status: 'active', validFrom: expect.any(String) });
    const again = await jixie.post(`/api/affiliations/${mine.items[0].id}/confirm`);
    expect(again.status).toBe(409);
    // Set by the territorial chain: active at once.
    must(await xiangtanStaff.post(`/api/orgs/${xianggang}/affiliations`, { unionId: national }), 200, 'set');
    const dup = await xiangtanStaff.post(`/api/orgs/${xianggang}/affiliations`, { unionId: national });
    expectError(dup, { status: 400, code: 'validation_failed', field: { path: 'body.unionId', code: 'already_affiliated' } });
    const notUnion = await xiangtanStaff.post(`/api/orgs/${xianggang}/affiliations`, { unionId: xiangtan });
    expectError(notUnion, { status: 400, code: 'validation_failed', field: { path: 'body.unionId', code: 'not_industry_union' } });
    // A union's user cannot affiliate enterprises of another chain by itself.
    expect((await jixie.post(`/api/orgs/${w.enterpriseB}/affiliations`, { unionId: national })).status).toBe(404);
    const list = must(await jixie.get('/api/affiliations?sort=name'), 200, 'list');
    expect(list.items.map((a: { enterprise: { id: string } }) => a.enterprise.id).sort()).toEqual([xiangdian, xianggang].sort());
    const org = must(await jixie.get(`/api/orgs/${xiangdian}`), 200, 'org');
    expect(org).toMatchObject({ industryReach: true, industryUnions: [{ id: national }] });
    expect(org.ancestors.map((a: { name: string }) => a.name)).toEqual(['中华全国总工会', '湖南省总工会', '湘潭市总工会']);
    const audit = await w.admin.get('/api/audit?entityType=affiliation&pageSize=50');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['propose', 'confirm', 'create']));
  });

  it("hands an industry union's task to its affiliated enterprise, which the city federation sees too; never to others", async () => {
    const p = must(
      await jixie.post('/api/programmes', {
        orgId: national,
        title: '机械冶金行业产改行动',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        goals: [{ title: '技能人才' }],
      }),
      201,
      'programme',
    );
    const task = must(
      await jixie.post('/api/tasks', {
        programmeId: p.id,
        goalId: p.goals[0].id,
        kind: 'prescribed',
        title: '建设劳模创新工作室',
        orgId: national,
        startDate: '2026-01-01',
        dueDate: '2026-12-31',
        cycle: 'once',
      }),
      201,
      'task',
    );
    const refused = await jixie.post(`/api/tasks/${task.id}/hand-down`, { units: [{ orgId: w.enterpriseA }] });
    expectError(refused, { status: 400, code: 'validation_failed', field: { path: 'body.units.0', code: 'unknown_org' } });
    const children = must(await jixie.post(`/api/tasks/${task.id}/hand-down`, { units: [{ orgId: xiangdian }] }), 201, 'hand down');
    const childId = (children.items ?? children)[0].id;
    // The enterprise's territorial chain sees it; the union reads it in its ledger.
    const seen = must(await xiangtanStaff.get(`/api/tasks?orgId=${xiangdian}`), 200, 'city ledger');
    expect(seen.items.map((t: { id: string }) => t.id)).toContain(childId);
    const own = must(await jixie.get(`/api/tasks/${task.id}/children`), 200, 'children');
    expect(own.items.map((t: { id: string }) => t.id)).toEqual([childId]);
    expect((await jixie.get(`/api/tasks/${childId}`)).status).toBe(200);
  });

  it('lets an industry union organise visits, meetings and returns with its affiliated enterprises, which their city federation sees; never with others', async () => {
    await createUser(w.admin, 'energy_staff', energy, ['federation_staff']);
    const energyStaff = await loginFresh(server, 'energy_staff');
    // The pickers search with the route's reach: the union finds its enterprises, named with their territorial chain.
    const found = must(await jixie.get(`/api/orgs?q=${encodeURIComponent('湘电')}`), 200, 'search');
    expect(found.items.map((o: { id: string }) => o.id)).toEqual([xiangdian]);
    expect(found.items[0].pathNames).toEqual(['中华全国总工会', '湖南省总工会', '湘潭市总工会']);
    expect(must(await energyStaff.get(`/api/orgs?q=${encodeURIComponent('湘电')}`), 200, 'search').items).toEqual([]);
    const visitBody = {
      title: '机械冶金行业产改调研',
      visitType: 'thematic',
      themes: ['产业工人队伍建设改革'],
      leaderName: '陈杰',
      startDate: '2026-04-08',
      endDate: '2026-04-09',
    };
    const visit = must(await jixie.post('/api/visits', { ...visitBody, hostOrgIds: [xiangdian, xianggang] }), 201, 'visit');
    expect(visit.org.id).toBe(national);
    expect(visit.hosts.map((h: { id: string }) => h.id).sort()).toEqual([xiangdian, xianggang].sort());
    // The enterprises' territorial chain sees the visit (hosted in its subtree), read only.
    const cityList = must(await xiangtanStaff.get('/api/visits?pageSize=200'), 200, 'city visits');
    expect(cityList.items.map((v: { id: string }) => v.id)).toContain(visit.id);
    expect(must(await xiangtanStaff.get(`/api/visits/${visit.id}`), 200, 'city visit').canEdit).toBe(false);
    // Units the union does not reach, and another industry's union, are refused as hosts.
    const outside = await jixie.post('/api/visits', { ...visitBody, hostOrgIds: [w.enterpriseA] });
    expectError(outside, { status: 400, code: 'validation_failed', field: { path: 'body.hostOrgIds.0', code: 'unreachable_host' } });
    const other = await energyStaff.post('/api/visits', { ...visitBody, hostOrgIds: [xiangdian] });
    expectError(other, { status: 400, code: 'validation_failed', field: { path: 'body.hostOrgIds.0', code: 'unreachable_host' } });
    expect((await energyStaff.get(`/api/visits/${visit.id}`)).status).toBe(404);
    // A visit of the territorial chain hosted at the enterprise: the union reads it, edits nothing.
    const cityVisit = must(
      await xiangtanStaff.post('/api/visits', { ...visitBody, title: '湘潭市调研', hostOrgIds: [xiangdian] }),
      201,
      'city',
    );
    const unionList = must(await jixie.get('/api/visits?pageSize=200'), 200, 'union visits');
    expect(unionList.items.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining([visit.id, cityVisit.id]));
    expect(must(await jixie.get(`/api/visits/${cityVisit.id}`), 200, 'read').canEdit).toBe(false);
    expect((await jixie.patch(`/api/visits/${cityVisit.id}`, { title: '越权改名' })).status).toBe(403);
    const energyList = must(await energyStaff.get('/api/visits?pageSize=200'), 200, 'energy visits');
    expect(energyList.items.map((v: { id: string }) => v.id)).not.toContain(cityVisit.id);
    // A meeting at the enterprise, inviting it: the enterprise's chain replies; the union does not act for it.
    const meeting = must(
      await jixie.post('/api/meetings', {
        meetingType: 'symposium',
        title: '机械冶金行业产改座谈会',
        meetingDate: '2099-04-09',
        hostOrgId: xiangdian,
        invitedOrgIds: [xiangdian],
      }),
      201,
      'meeting',
    );
    const cityMeeting = must(await xiangtanStaff.get(`/api/meetings/${meeting.id}`), 200, 'city meeting');
    expect(cityMeeting.invitations.map((i: { org: { id: string }; canAct: boolean }) => [i.org.id, i.canAct])).toEqual([[xiangdian, true]]);
    const inv = cityMeeting.invitations[0].id;
    expect((await xiangtanStaff.post(`/api/invitations/${inv}/reply`, { reply: 'attending' })).status).toBe(200);
    const hostOther = await energyStaff.post('/api/meetings', {
      meetingType: 'symposium',
      title: '越权',
      meetingDate: '2099-04-09',
      hostOrgId: xiangdian,
    });
    expectError(hostOther, { status: 400, code: 'validation_failed', field: { path: 'body.hostOrgId', code: 'unknown_org' } });
    // A status return sent to the enterprise: answered by its chain.
    const ret = must(
      await jixie.post('/api/returns', {
        title: '行业职工队伍情况',
        deadline: '2099-05-01',
        questions: [{ label: '职工人数', kind: 'number', unit: '人' }],
        recipientOrgIds: [xiangdian],
      }),
      201,
      'return',
    );
    const cityReturn = must(await xiangtanStaff.get(`/api/returns/${ret.id}`), 200, 'city return');
    expect(cityReturn.answers.map((a: { canAnswer: boolean }) => a.canAnswer)).toEqual([true]);
    const otherReturn = await energyStaff.post('/api/returns', {
      title: '越权',
      deadline: '2099-05-01',
      questions: [{ label: '职工人数', kind: 'number' }],
      recipientOrgIds: [xiangdian],
    });
    expectError(otherReturn, {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.recipientOrgIds.0', code: 'unreachable_unit' },
    });
    // A return of the territorial chain to the enterprise: the union reads the enterprise's row, never answers it.
    const cityRet = must(
      await xiangtanStaff.post('/api/returns', {
        title: '湘潭复工复产',
        deadline: '2099-05-01',
        questions: [{ label: '职工人数', kind: 'number' }],
        recipientOrgIds: [xiangdian],
      }),
      201,
      'city return',
    );
    const read = must(await jixie.get(`/api/returns/${cityRet.id}`), 200, 'union reads');
    expect(read).toMatchObject({ manage: false, rollup: null });
    expect(read.answers.map((a: { canAnswer: boolean }) => a.canAnswer)).toEqual([false]);
    const answer = await jixie.request('PUT', `/api/return-answers/${read.answers[0].id}`, { answers: [{ key: 'q1', value: 1 }] });
    expect(answer.status).toBe(404);
  });

  it("totals an industry union over its enterprises; moving an enterprise's affiliation moves its figures in the same transaction", async () => {
    await bulkWorkers(xiangdian, 10_000, 'xd');
    await bulkWorkers(xianggang, 300, 'xg');
    await bulkWorkers(w.enterpriseB, 50, 'jb');
    expect(await workersOf(national)).toBe(10_300);
    const dash = must(await jixie.get('/api/dashboard'), 200, 'dashboard');
    // The breakdown is by province (the maintained split industry_area_totals), not one row per enterprise.
    expect(dash).toMatchObject({
      industry: true,
      area: null,
      own: null,
      totals: { workers: 10_300, unionMembers: 5_150 },
      children: { total: 1 },
    });
    expect(dash.children.items[0]).toMatchObject({ org: { id: hunan }, figures: { workers: 10_300, enterprises: 2 } });
    // Drill down by province, then city: the enterprises are listed below their city, paged.
    const inHunan = must(await jixie.get(`/api/dashboard?within=${hunan}`), 200, 'province');
    expect(inHunan).toMatchObject({ area: { id: hunan, name: '湖南省总工会', trail: [] }, totals: { workers: 10_300 }, own: null });
    expect(inHunan.children.items.map((c: { org: { id: string } }) => c.org.id)).toEqual([xiangtan]);
    const inXiangtan = must(await jixie.get(`/api/dashboard?within=${xiangtan}&pageSize=1`), 200, 'city');
    expect(inXiangtan).toMatchObject({
      area: { id: xiangtan, trail: [{ id: hunan }] },
      totals: { workers: 10_300 },
      children: { total: 2 },
    });
    expect(inXiangtan.children.items).toEqual([expect.objectContaining({ org: expect.objectContaining({ id: xiangdian }) })]);
    expect(inXiangtan.own).toBeNull();
    // Not within a territory where the union has no enterprise (w.cityA), nor outside it: no figures.
    expectError(await jixie.get(`/api/dashboard?within=${w.cityA}`), { status: 404, code: 'not_found' });
    // The export holds the same rows as the page.
    const xlsx = await jixie.get(`/api/dashboard/export.xlsx?within=${hunan}`);
    expect(xlsx.status).toBe(200);
    // Drill down: the enterprise's own dashboard, read through the industry chain.
    expect(must(await jixie.get(`/api/dashboard?orgId=${xiangdian}`), 200, 'drill').totals.workers).toBe(10_000);
    // Recount over both chains: each worker once per chain.
    const root = await server.db.selectFrom('org_totals').select('workers').where('org_id', '=', server.rootOrgId).executeTakeFirst();
    expect(root?.workers).toBe(10_350);
    await expectTotalsConsistent(server.db);

    // Move 湘电 (10,000 workers) from the machinery union to the energy union in one transaction.
    const row = await server.db
      .selectFrom('org_affiliations')
      .select('id')
      .where('enterprise_id', '=', xiangdian)
      .where('union_id', '=', national)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    await server.db.transaction().execute(async (trx) => {
      await trx.updateTable('org_affiliations').set({ status: 'ended', valid_to: new Date() }).where('id', '=', row.id).execute();
      await trx
        .insertInto('org_affiliations')
        .values({ enterprise_id: xiangdian, union_id: energy, status: 'active', source: 'territorial', valid_from: new Date() })
        .execute();
      expect(await trx.selectFrom('industry_totals').select('workers').where('union_id', '=', energy).executeTakeFirst()).toEqual({
        workers: 10_000,
      });
    });
    expect(await workersOf(national)).toBe(300);
    expect(await workersOf(energy)).toBe(10_000);
    expect(await areaWorkers(national, hunan)).toBe(300);
    expect(await areaWorkers(energy, xiangtan)).toBe(10_000);
    await expectTotalsConsistent(server.db);

    // …and back through the API: ended by the union, set again by the territorial chain.
    const energyRow = (await xiangtanStaff.get(`/api/orgs/${xiangdian}/affiliations`)).body.items.find(
      (a: { union: { id: string }; status: string }) => a.union.id === energy && a.status === 'active',
    );
    must(await xiangtanStaff.post(`/api/affiliations/${energyRow.id}/end`), 200, 'end');
    must(await xiangtanStaff.post(`/api/orgs/${xiangdian}/affiliations`, { unionId: national }), 200, 'set');
    expect(await workersOf(energy)).toBe(0);
    expect(await workersOf(national)).toBe(10_300);
    const history = must(await jixie.get(`/api/orgs/${xiangdian}/affiliations`), 200, 'history');
    expect(history.items.map((a: { status: string }) => a.status).sort()).toEqual(['active', 'ended', 'ended', 'proposed']);
    await expectTotalsConsistent(server.db);
  }, 120_000);

  it('follows every later write of an affiliated enterprise, and splits a territorial dashboard by industry section', async () => {
    must(await w.admin.post('/api/people', { orgId: xianggang, name: '钢铁新工', idNumber: nthIdNumber(77) }), 201, 'person');
    expect(await workersOf(national)).toBe(10_301);
    const hunanDash = must(await w.admin.get(`/api/dashboard?orgId=${hunan}&bySection=true`), 200, 'province');
    expect(hunanDash.industry).toBe(false);
    expect(hunanDash.sections).toEqual([{ section: 'C', figures: expect.objectContaining({ workers: 10_301 }) }]);
    await expectTotalsConsistent(server.db);
  });

  it('seeds the demo chain: 中国机械冶金建材工会 (login jixie) with 湘电集团 and 湘潭钢铁 affiliated', async () => {
    const handle = await openTestDatabase();
    try {
      await ensureRootAndAdmin(handle.db, 'Admin-Passw0rd!');
      expect((await seedDemo(handle.db, createSecretBox(randomBytes(32)))).created).toBe(true);
      const union = await handle.db
        .selectFrom('users as u')
        .innerJoin('organisations as o', 'o.id', 'u.org_id')
        .select(['o.id', 'o.name', 'o.kind'])
        .where('u.username', '=', 'jixie')
        .executeTakeFirstOrThrow();
      expect(union).toMatchObject({ name: '中国机械冶金建材工会', kind: 'industry_union' });
      const affiliated = await handle.db
        .selectFrom('org_affiliations as a')
        .innerJoin('organisations as e', 'e.id', 'a.enterprise_id')
        .select(['e.name', 'e.industry_code'])
        .where('a.union_id', '=', union.id)
        .where('a.status', '=', 'active')
        .orderBy('e.name')
        .execute();
      expect(affiliated.map((a) => a.name).sort()).toEqual(['湘潭钢铁集团有限公司', '湘电集团有限公司'].sort());
      const totals = await handle.db
        .selectFrom('industry_totals')
        .select('workers')
        .where('union_id', '=', union.id)
        .executeTakeFirstOrThrow();
      expect(totals.workers).toBeGreaterThan(0);
      await expectTotalsConsistent(handle.db);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
