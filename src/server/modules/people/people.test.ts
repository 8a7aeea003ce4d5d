// Person records through HTTP: create, one per ID number (transfers), masking everywhere, the audited
// unmasked view, skills history, honours and craftsman titles, search and filters, export.
// Every answer to a user without people.pii passes the PII guard.
import ExcelJS from 'exceljs';
import { sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashToken } from '../../platform/sessions.js';
import { countAudits } from '../../testing/audit.js';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { expectError } from '../../testing/expect-error.js';
import { createOrg, createUser, createWorld, loginFresh, USER_PASSWORD2, type World } from '../../testing/world.js';
import {
  createPeopleWorld,
  download,
  findPii,
  guardPii,
  makeIdNumber,
  nthIdNumber,
  readXlsx,
  upload,
  waitForImport,
  worksheetXml,
  type PeopleWorld,
} from '../../testing/people-world.js';

describe('people', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let staffA: Client & { scanned: number };
  let staffB: Client & { scanned: number };
  let viewer: Client & { scanned: number };
  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
    staffA = guardPii(w.staffA, 'federation staff A');
    staffB = guardPii(w.staffB, 'federation staff B');
    viewer = guardPii(
      await server.login('viewer_a', 'User-Passw0rd!').then(async (c) => {
        await c.post('/api/auth/password', { currentPassword: 'User-Passw0rd!', newPassword: 'Changed-Passw0rd!' });
        return c;
      }),
      'viewer A',
    );
  });
  afterAll(() => server.close());

  describe('POST /api/people', () => {
    it('refuses without a session, without the permission, and outside the subtree', async () => {
      const body = { orgId: w.enterpriseA, name: '测试', idNumber: nthIdNumber(1) };
      expect((await server.anonymous().post('/api/people', body)).status).toBe(401);
      expect((await viewer.post('/api/people', body)).status).toBe(403);
      expect((await p.entA.post('/api/people', { ...body, orgId: w.enterpriseB })).status).toBe(404);
    });
    it('validates the ID number (GB 11643), the phone, the organisation kind and formula-like text', async () => {
      const id = nthIdNumber(2);
      const bad = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      const r1 = await p.entA.post('/api/people', { orgId: w.enterpriseA, name: '测试', idNumber: bad, phone: '12345' });
      expect(r1.status).toBe(400);
      expect(r1.body.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`).sort()).toEqual([
        'body.idNumber:invalid_check_digit',
        'body.phone:invalid_mobile',
      ]);
      expect(r1.body.message).toContain('校验位');
      const r2 = await staffA.post('/api/people', { orgId: w.cityA, name: '测试', idNumber: id });
      expectError(r2, {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.orgId', code: 'not_a_workplace', message: '所属单位必须是企业或基层工会' },
      });
      const r3 = await p.entA.post('/api/people', { orgId: w.enterpriseA, name: '测试', idNumber: id, occupation: '=cmd|/c calc' });
      expect(r3.body.fields[0]).toMatchObject({ path: 'body.occupation', code: 'formula_injection' });
    });
    it('creates with birth date and gender derived from the ID number, masked in the answer', async () => {
      const id = makeIdNumber('371602', '19880214', 242); // even sequence: female
      const r = await p.entA.post('/api/people', {
        orgId: w.enterpriseA,
        name: ' 陈 静 ',
        idNumber: id.toLowerCase(),
        phone: '+86 139 1234 5678',
        education: 'college',
      });
      expect(r.status).toBe(201);
      expect(r.body.person).toMatchObject({
        name: '陈静',
        gender: 'F',
        birthDate: '1988-02-14',
        idNumberMasked: `3716**********${id.slice(-4)}`,
        phoneMasked: '139****5678',
        employmentStatus: 'employed',
      });
      expect((await p.entA.post('/api/people', { orgId: w.enterpriseA, name: '陈静', idNumber: id })).body.code).toBe('person_exists');
      const stored = await server.db.selectFrom('people').selectAll().where('id', '=', r.body.person.id).executeTakeFirstOrThrow();
      expect(stored.id_sealed).not.toContain(id);
      expect(JSON.stringify(stored)).not.toContain('13912345678');
    });
    it('turns a second registration of the same ID number elsewhere into a transfer request', async () => {
      const r = await p.entB.post('/api/people', { orgId: w.enterpriseB, name: '李甲', idNumber: p.idA });
      expect(r.status).toBe(202);
      expect(r.body.person).toBeNull();
      // The requester learns nothing about where the person works now.
      expect(r.body.transfer).toMatchObject({
        status: 'pending',
        toOrgId: w.enterpriseB,
        fromOrgId: null,
        fromOrgName: null,
        personName: '李甲',
        personId: '',
      });
      const again = await p.entB.post('/api/people', { orgId: w.enterpriseB, name: '李甲', idNumber: p.idA });
      expect(again.body.transfer.id).toBe(r.body.transfer.id);
      const seen = (await p.entA.get('/api/people/transfers?status=pending')).body;
      const mine = seen.find((t: { id: string }) => t.id === r.body.transfer.id);
      expect(mine).toMatchObject({ fromOrgId: w.enterpriseA, personId: p.personA });
      expect((await p.entB.post(`/api/people/transfers/${r.body.transfer.id}/approve`)).status).toBe(404);
      const approved = await p.entA.post(`/api/people/transfers/${r.body.transfer.id}/approve`);
      expect(approved.body.status).toBe('approved');
      expect((await p.entB.get(`/api/people/${p.personA}`)).body.orgId).toBe(w.enterpriseB);
      expect((await p.entA.get(`/api/people/${p.personA}`)).status).toBe(404);
    });
  });

  describe('transfers', () => {
    it("approving one request cancels the person's other pending requests (audited); lists split incoming and outgoing", async () => {
      const id = nthIdNumber(610);
      const person = (await p.entA.post('/api/people', { orgId: w.enterpriseA, name: '赵多', idNumber: id })).body.person.id;
      const entC = await createOrg(staffA, w.cityA, `丙企业${Date.now()}`, 'enterprise', 'grassroots');
      const toB = (await p.entB.post('/api/people', { orgId: w.enterpriseB, name: '赵多', idNumber: id })).body.transfer.id;
      const toC = (await staffA.post('/api/people', { orgId: entC, name: '赵多', idNumber: id })).body.transfer.id;
      const incoming = (await p.entA.get('/api/people/transfers?status=pending&direction=incoming')).body.map((t: { id: string }) => t.id);
      expect(incoming).toEqual(expect.arrayContaining([toB, toC]));
      expect((await p.entA.get('/api/people/transfers?direction=outgoing')).body.map((t: { id: string }) => t.id)).not.toContain(toB);
      expect((await p.entB.get('/api/people/transfers?direction=outgoing')).body.map((t: { id: string }) => t.id)).toContain(toB);
      expect((await p.entB.get('/api/people/transfers?direction=incoming')).body.map((t: { id: string }) => t.id)).not.toContain(toB);
      expect((await p.entA.post(`/api/people/transfers/${toB}/approve`)).body.status).toBe('approved');
      const c = (await staffA.get('/api/people/transfers?status=cancelled')).body.find((t: { id: string }) => t.id === toC);
      expect(c).toMatchObject({ status: 'cancelled', toOrgId: entC });
      expect(c.decidedAt).not.toBeNull();
      expect((await staffA.post(`/api/people/transfers/${toC}/approve`)).body.code).toBe('conflict');
      const audit = (await w.admin.get(`/api/audit?action=cancel_transfer&entityType=transfer&entityId=${toC}`)).body;
      expect(audit.items[0]).toMatchObject({
        action: 'cancel_transfer',
        after: { personId: person, reason: 'approved_elsewhere', approvedTransferId: toB },
      });
      expect((await p.entB.get(`/api/people/${person}`)).body.orgId).toBe(w.enterpriseB);
    });
  });

  describe('PATCH /api/people/:id: optimistic locking', () => {
    it('an edit based on an older version answers 409 conflict naming the changed fields and the current (masked) record; nothing is overwritten', async () => {
      const created = (
        await p.entA.post('/api/people', { orgId: w.enterpriseA, name: '钱锁', idNumber: nthIdNumber(637), phone: '13800138620' })
      ).body.person;
      expect(created.version).toBe(1);
      const readByA = (await p.entA.get(`/api/people/${created.id}`)).body;
      const readByStaff = (await staffA.get(`/api/people/${created.id}`)).body;
      const first = await staffA.patch(`/api/people/${created.id}`, {
        version: readByStaff.version,
        occupation: '数控车工',
        phone: '13900139620',
      });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({ version: 2, occupation: '数控车工' });

      const stale = await p.entA.patch(`/api/people/${created.id}`, { version: readByA.version, name: '钱新锁', occupation: '钳工' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        code: 'conflict',
        message: '数据已被修改，请刷新后重试',
        current: { id: created.id, version: 2, occupation: '数控车工', phoneMasked: '139****9620', name: '钱锁' },
      });
      expect(stale.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.occupation', 'body.phone']);
      expect(stale.body.fields.find((f: { path: string }) => f.path === 'body.occupation').message).toBe('职业（工种）已被他人修改');
      expect(JSON.stringify(stale.body)).not.toContain('13900139620');
      expect((await p.entA.get(`/api/people/${created.id}`)).body).toMatchObject({ name: '钱锁', occupation: '数控车工', version: 2 });
      // In English too.
      const en = await p.entA.patch(`/api/people/${created.id}`, { version: 1, name: '钱新锁' }, { 'accept-language': 'en-US' });
      expect(en.body.fields.find((f: { path: string }) => f.path === 'body.occupation').message).toBe(
        'Occupation was changed by someone else meanwhile',
      );
      // Read again, the edit goes through.
      const ok = await p.entA.patch(`/api/people/${created.id}`, { version: 2, name: '钱新锁' });
      expect(ok.body).toMatchObject({ name: '钱新锁', version: 3 });
    });
  });

  describe('organisations holding people', () => {
    it('cannot be deleted (409, translated), only archived', async () => {
      const ent = await createOrg(staffA, w.cityA, `有职工企业${Date.now()}`, 'enterprise', 'grassroots');
      expect((await staffA.post('/api/people', { orgId: ent, name: '钱一', idNumber: nthIdNumber(620) })).status).toBe(201);
      const r = await staffA.delete(`/api/orgs/${ent}`);
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'org_has_data', message: '该组织已有数据，不能删除，只能归档' });
      staffA.locale = 'en-US';
      try {
        expect((await staffA.delete(`/api/orgs/${ent}`)).body.message).toBe('This organisation holds data; archive it instead of deleting');
      } finally {
        staffA.locale = 'zh-CN';
      }
      expect((await staffA.get(`/api/orgs/${ent}`)).status).toBe(200);
    });
  });

  describe('POST /api/people/:id/pii', () => {
    it('is refused without people.pii (every role but admin) and audited when allowed', async () => {
      const why = { purpose: 'verify_identity' };
      expect((await p.entB.post(`/api/people/${p.personB}/pii`, why)).status).toBe(403);
      expect((await staffB.post(`/api/people/${p.personB}/pii`, why)).status).toBe(403);
      const r = await w.admin.post(`/api/people/${p.personB}/pii`, why);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ idNumber: p.idB, phone: '13900000002' });
      expect(r.headers.get('cache-control')).toBe('no-store');
      const audit = (await w.admin.get(`/api/audit?action=view_pii&entityType=person&entityId=${p.personB}`)).body;
      expect(audit.total).toBe(1);
      expect(JSON.stringify(audit)).not.toContain(p.idB);
    });

    it('asks for the purpose (free text required for 其他) and records it in the audit entry', async () => {
      const url = `/api/people/${p.personA}/pii`;
      expectError(await w.admin.post(url, {}), { status: 400, code: 'validation_failed', fields: [{ path: 'body.purpose' }] });
      expectError(await w.admin.post(url, { purpose: 'curiosity' }), {
        status: 400,
        code: 'validation_failed',
        fields: [{ path: 'body.purpose' }],
      });
      expectError(await w.admin.post(url, { purpose: 'other' }), {
        status: 400,
        code: 'validation_failed',
        fields: [{ path: 'body.purposeNote', message: '用途说明必填' }],
      });
      expectError(await w.admin.post(url, { purpose: 'other', purposeNote: '=HYPERLINK(1)' }), {
        status: 400,
        code: 'validation_failed',
        fields: [{ path: 'body.purposeNote' }],
      });
      // The old GET is gone: no reveal without a purpose.
      expect((await w.admin.get(url)).status).toBe(404);
      expect((await w.admin.post(url, { purpose: 'other', purposeNote: '法院协查函核对' })).status).toBe(200);
      const audit = (await w.admin.get(`/api/audit?action=view_pii&entityType=person&entityId=${p.personA}`)).body.items;
      expect(audit).toHaveLength(1);
      expect(audit[0].after).toMatchObject({ fields: ['idNumber', 'phone'], purpose: 'other', purposeNote: '法院协查函核对' });
    });
  });

  describe('skills and honours', () => {
    it('keeps the level history and derives the current level and highly skilled talent', async () => {
      const url = `/api/people/${p.personB}/skills`;
      expect((await p.entB.post(url, { level: 'intermediate', certificateNo: 'Z-1', certifiedOn: '2015-06-01' })).status).toBe(201);
      let d = (await p.entB.get(`/api/people/${p.personB}`)).body;
      expect(d).toMatchObject({ skillLevel: 'intermediate', highlySkilled: false });
      await p.entB.post(url, { level: 'senior', certificateNo: 'Z-2', issuer: '山东省人社厅', certifiedOn: '2019-06-01' });
      d = (await p.entB.get(`/api/people/${p.personB}`)).body;
      expect(d).toMatchObject({ skillLevel: 'senior', highlySkilled: true });
      expect(d.skills.map((s: { level: string }) => s.level)).toEqual(['senior', 'intermediate']);
      expect((await p.entB.post(url, { level: 'senior', certificateNo: 'Z-2', certifiedOn: '2019-06-01' })).status).toBe(409);
      expect((await p.entB.post(url, { level: 'master' })).status).toBe(400);
      expect((await p.entB.post(url, { level: 'technician', certifiedOn: '2999-01-01' })).body.fields[0].code).toBe('future_date');
    });
    it('removes a certificate recorded in error: the level follows the remaining history, none left is no level', async () => {
      const person = (await p.entA.post('/api/people', { orgId: w.enterpriseA, name: '孙技', idNumber: nthIdNumber(630) })).body.person.id;
      const url = `/api/people/${person}/skills`;
      await p.entA.post(url, { level: 'junior', certifiedOn: '2014-01-01' });
      const d = (await p.entA.post(url, { level: 'technician', certifiedOn: '2020-01-01' })).body;
      expect(d.skillLevel).toBe('technician');
      const [tech, junior] = d.skills;
      expect((await p.entB.delete(`${url}/${tech.id}`)).status).toBe(404);
      expect((await p.entA.delete(`/api/people/${p.personA}/skills/${tech.id}`)).body.code).toBe('not_found');
      const after = (await p.entA.delete(`${url}/${tech.id}`)).body;
      expect(after).toMatchObject({ skillLevel: 'junior', highlySkilled: false });
      expect(after.skills.map((x: { id: string }) => x.id)).toEqual([junior.id]);
      expect((await p.entA.delete(`${url}/${junior.id}`)).body.skillLevel).toBeNull();
      const audit = (await w.admin.get(`/api/audit?action=remove_skill&entityType=person&entityId=${person}`)).body;
      expect(audit.total).toBe(2);
    });
    it('records honours with the grades each kind has, and craftsman titles of the federations above', async () => {
      const url = `/api/people/${p.personB}/honours`;
      expect((await p.entB.post(url, { kind: 'may_day_medal', grade: 'city', year: 2020 })).body.fields[0].code).toBe('invalid_grade');
      expect((await p.entB.post(url, { kind: 'craftsman', title: '齐鲁工匠', year: 2022 })).body.fields[0].code).toBe(
        'unknown_craftsman_title',
      );
      expect((await staffB.post('/api/people/craftsman-titles', { orgId: w.enterpriseB, name: '企业工匠' })).body.fields[0].code).toBe(
        'not_federation',
      );
      // The same path means a title here, not a person's name: the route names its group of labels.
      expectError(await staffB.post('/api/people/craftsman-titles', { orgId: w.cityB }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.name', code: 'required', message: '称号名称必填' },
      });
      const t = await w.admin.post('/api/people/craftsman-titles', { orgId: w.province, name: '齐鲁工匠' });
      expect(t.status).toBe(201);
      const titles = (await p.entB.get('/api/people/craftsman-titles')).body.map((x: { name: string }) => x.name);
      expect(titles).toEqual(['齐鲁工匠', '济南工匠']);
      expect((await p.entA.get('/api/people/craftsman-titles')).body.map((x: { name: string }) => x.name)).toEqual(['齐鲁工匠']);
      const r = await p.entB.post(url, { kind: 'craftsman', title: '齐鲁工匠', year: 2022, awardingBody: '山东省总工会' });
      expect(r.status).toBe(201);
      expect(r.body.honours.map((h: { kind: string }) => h.kind)).toEqual(['craftsman', 'model_worker']);
      const del = await p.entB.delete(`/api/people/${p.personB}/honours/${p.honourB}`);
      expect(del.body.honours).toHaveLength(1);
    });
  });

  describe('GET /api/people', () => {
    it('searches by name, by the whole ID number (keyed hash) and by its last four, within the subtree only', async () => {
      expect((await staffB.get('/api/people?q=王乙')).body.items.map((x: { id: string }) => x.id)).toEqual([p.personB]);
      expect((await staffB.get(`/api/people?q=${p.idB}`)).body.items.map((x: { id: string }) => x.id)).toEqual([p.personB]);
      expect((await staffB.get(`/api/people?q=${p.idB.slice(-4)}`)).body.items.map((x: { id: string }) => x.id)).toContain(p.personB);
      expect((await staffA.get(`/api/people?q=${p.idB}`)).body).toEqual({ items: [], total: 0 });
      expect((await staffA.get(`/api/people?orgId=${w.cityB}`)).status).toBe(404);
    });
    it('searches by POST with the same criteria, so the ID number stays out of the URL', async () => {
      const ids = async (c: Client, body: object) => (await c.post('/api/people/search', body)).body.items.map((x: { id: string }) => x.id);
      expect(await ids(staffB, { q: p.idB })).toEqual([p.personB]);
      expect(await ids(staffB, { q: p.idB.slice(-4) })).toContain(p.personB);
      expect(await ids(staffB, { q: '王乙', orgId: w.enterpriseB, page: 1, pageSize: 5, sort: '-name' })).toEqual([p.personB]);
      expect((await staffA.post('/api/people/search', { q: p.idB })).body).toEqual({ items: [], total: 0 });
      expect((await staffA.post('/api/people/search', { orgId: w.cityB })).status).toBe(404);
      expectError(await staffB.post('/api/people/search', { q: '' }), {
        status: 400,
        code: 'validation_failed',
        fields: [{ path: 'body.q' }],
      });
    });
    it('filters by skill level, highly skilled, honour, membership and organisation subtree; sorts and pages', async () => {
      for (let i = 0; i < 5; i++) {
        const r = await p.entB.post('/api/people', {
          orgId: w.enterpriseB,
          name: `排序${'甲乙丙丁戊'[i]}`,
          idNumber: nthIdNumber(500 + i),
          unionJoinedOn: i % 2 ? '2020-01-01' : null,
        });
        if (r.status !== 201) throw new Error(JSON.stringify(r.body));
        if (i < 2) await p.entB.post(`/api/people/${r.body.person.id}/skills`, { level: i ? 'chief_technician' : 'junior' });
      }
      expect((await staffB.get('/api/people?skillLevel=chief_technician')).body.items.map((x: { name: string }) => x.name)).toEqual([
        '排序乙',
      ]);
      expect((await staffB.get('/api/people?highlySkilled=true&sort=-skillLevel')).body.items.map((x: { name: string }) => x.name)).toEqual(
        ['排序乙', '王乙'],
      );
      expect((await staffB.get('/api/people?honourKind=craftsman')).body.items.map((x: { name: string }) => x.name)).toEqual(['王乙']);
      expect((await staffB.get('/api/people?unionMember=true&q=排序')).body.total).toBe(2);
      const page = await staffB.get(`/api/people?orgId=${w.enterpriseB}&sort=name&page=2&pageSize=2`);
      expect(page.body.total).toBeGreaterThanOrEqual(7);
      expect(page.body.items).toHaveLength(2);
      expect((await staffB.get('/api/people?sort=idNumber')).status).toBe(400);
    });
  });

  describe('GET /api/people by name (the subtree index, people_scopes)', () => {
    // The reference: the same people straight from the tables, in the order the list promises.
    const reference = async (orgId: string, keep: (level: number | null) => boolean) => {
      const root = await server.db.selectFrom('organisations').select('path').where('id', '=', orgId).executeTakeFirstOrThrow();
      const rows = await server.db
        .selectFrom('people as p')
        .innerJoin('organisations as o', 'o.id', 'p.org_id')
        .select(['p.id', 'p.name', 'p.skill_level'])
        .where('o.path', 'like', `${root.path}%`)
        .orderBy('p.name_key')
        .orderBy('p.id')
        .execute();
      return rows.filter((r) => keep(r.skill_level)).map((r) => r.id);
    };
    const allPages = async (c: Client, query: string, pageSize: number) => {
      const ids: string[] = [];
      let total = -1;
      for (let page = 1; page < 50; page++) {
        const r = await c.get(`/api/people?${query}&page=${page}&pageSize=${pageSize}`);
        expect(r.status).toBe(200);
        total = r.body.total;
        if (!r.body.items.length) break;
        ids.push(...r.body.items.map((x: { id: string }) => x.id));
      }
      return { ids, total };
    };

    it('pages a subtree by name, ascending and descending, whole or by level, with exact totals', async () => {
      for (let i = 0; i < 9; i++) {
        const r = await p.entB.post('/api/people', {
          orgId: w.enterpriseB,
          name: `名册${'甲乙丙丁戊己庚辛壬'[i]}`,
          idNumber: nthIdNumber(600 + i),
        });
        expect(r.status).toBe(201);
        if (i % 3) await p.entB.post(`/api/people/${r.body.person.id}/skills`, { level: i % 3 === 1 ? 'senior' : 'technician' });
      }
      for (const [client, org] of [
        [staffB, w.cityB],
        [w.admin, w.province],
        [p.entB, w.enterpriseB],
      ] as const) {
        const every = await reference(org, () => true);
        const listed = await allPages(client, `orgId=${org}&sort=name`, 4);
        expect(listed).toEqual({ ids: every, total: every.length });
        const backwards = await allPages(client, `orgId=${org}&sort=-name`, 3);
        expect(backwards.ids).toEqual([...every].reverse());
        const senior = await reference(org, (l) => l === 4);
        expect(await allPages(client, `orgId=${org}&sort=name&skillLevel=senior`, 2)).toEqual({ ids: senior, total: senior.length });
        const high = await reference(org, (l) => l !== null && l >= 4);
        expect(await allPages(client, `orgId=${org}&sort=name&highlySkilled=true`, 2)).toEqual({ ids: high, total: high.length });
        const notHigh = await reference(org, (l) => l === null || l < 4);
        expect(await allPages(client, `orgId=${org}&highlySkilled=false`, 5)).toEqual({ ids: notHigh, total: notHigh.length });
      }
      // Contradictory filters, and a page past the end, still answer with the total.
      expect((await staffB.get('/api/people?skillLevel=junior&highlySkilled=true')).body).toEqual({ items: [], total: 0 });
      const past = await staffB.get('/api/people?sort=name&page=999&pageSize=20');
      expect(past.body.items).toEqual([]);
      expect(past.body.total).toBe((await reference(w.cityB, () => true)).length);
    });

    it('pages a subtree by level, birth date and creation time in the promised order, with exact totals', async () => {
      const rowsOf = async (orgId: string) => {
        const root = await server.db.selectFrom('organisations').select('path').where('id', '=', orgId).executeTakeFirstOrThrow();
        return server.db
          .selectFrom('people as p')
          .innerJoin('organisations as o', 'o.id', 'p.org_id')
          .select([
            'p.id',
            'p.name_key',
            'p.skill_level',
            sql<string>`p.birth_date::text`.as('birth'),
            sql<string>`to_char(p.created_at, 'YYYY-MM-DD HH24:MI:SS.US')`.as('created'),
          ])
          .where('o.path', 'like', `${root.path}%`)
          .execute();
      };
      const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
      const byId = (a: { id: string }, b: { id: string }) => {
        const [x, y] = [BigInt(a.id), BigInt(b.id)];
        return x < y ? -1 : x > y ? 1 : 0;
      };
      for (const [client, org] of [
        [staffB, w.cityB],
        [w.admin, w.province],
      ] as const) {
        const rows = await rowsOf(org);
        // Levels one after the other (no level last either way), names in pinyin order within a level.
        const levelRank = (l: number | null, desc: boolean) => (l === null ? 9 : desc ? 9 - l : l);
        for (const desc of [false, true]) {
          const expected = [...rows]
            .sort(
              (a, b) => cmp(levelRank(a.skill_level, desc), levelRank(b.skill_level, desc)) || cmp(a.name_key, b.name_key) || byId(a, b),
            )
            .map((r) => r.id);
          expect(await allPages(client, `orgId=${org}&sort=${desc ? '-' : ''}skillLevel`, 10)).toEqual({
            ids: expected,
            total: rows.length,
          });
          for (const [field, key] of [
            ['birthDate', 'birth'],
            ['createdAt', 'created'],
          ] as const) {
            const ordered = [...rows].sort((a, b) => cmp(a[key], b[key]) || byId(a, b)).map((r) => r.id);
            expect(await allPages(client, `orgId=${org}&sort=${desc ? '-' : ''}${field}`, 10)).toEqual({
              ids: desc ? ordered.reverse() : ordered,
              total: rows.length,
            });
          }
        }
        const senior = rows.filter((r) => r.skill_level === 4);
        const seniorByBirth = [...senior].sort((a, b) => cmp(a.birth, b.birth) || byId(a, b)).map((r) => r.id);
        expect(await allPages(client, `orgId=${org}&sort=birthDate&skillLevel=senior`, 3)).toEqual({
          ids: seniorByBirth,
          total: senior.length,
        });
      }
    });

    it('files a renamed, re-levelled or transferred person under the new name, level and subtree', async () => {
      const r = await p.entB.post('/api/people', { orgId: w.enterpriseB, name: '调动前', idNumber: nthIdNumber(640) });
      const id = r.body.person.id;
      await p.entB.patch(`/api/people/${id}`, { name: '调动后' });
      await p.entB.post(`/api/people/${id}/skills`, { level: 'senior' });
      const seniorIds = (await staffB.get('/api/people?skillLevel=senior&sort=name&pageSize=100')).body.items.map(
        (x: { id: string }) => x.id,
      );
      expect(seniorIds).toContain(id);
      expect(seniorIds).toEqual(await reference(w.cityB, (l) => l === 4).then((ids) => ids.slice(0, 100)));
      const names = (await staffB.get('/api/people?sort=name&pageSize=100')).body.items.map((x: { name: string }) => x.name);
      expect(names).toContain('调动后');
      expect(names).not.toContain('调动前');
    });
  });

  describe('GET /api/people: the session check and the page in one statement', () => {
    const sessionOf = (c: Client) => hashToken(c.cookie!.replace(/^jx_session=/, ''));
    /** The statements the server sends while `run` runs (the session's and the registry's). */
    const statements = async (run: () => Promise<unknown>) => {
      const executor = server.db.getExecutor();
      const spy = vi.spyOn(executor, 'executeQuery');
      try {
        await run();
        return spy.mock.calls.map(([q]) => (q as CompiledQuery).sql).filter((text) => /sessions|jx_session|people/.test(text));
      } finally {
        spy.mockRestore();
      }
    };
    const setSession = (c: Client, column: 'last_seen_at' | 'expires_at', ago: string) =>
      server.db
        .updateTable('sessions')
        .set({ [column]: sql<Date>`now() - ${ago}::interval` })
        .where('id', '=', sessionOf(c))
        .execute();

    it('answers the own subtree by name in one round trip, the same pages as with orgId', async () => {
      for (const [client, org] of [
        [staffB, w.cityB],
        [p.entB, w.enterpriseB],
      ] as const) {
        for (const query of [
          'sort=name',
          'sort=-name',
          'skillLevel=senior',
          'highlySkilled=false&sort=name',
          'sort=skillLevel',
          'sort=-skillLevel',
        ]) {
          for (const page of [1, 2]) {
            const own = await client.get(`/api/people?${query}&page=${page}&pageSize=2`);
            const named = await client.get(`/api/people?${query}&orgId=${org}&page=${page}&pageSize=2`);
            expect(own.status).toBe(200);
            expect(own.body).toEqual(named.body);
          }
        }
      }
      const sent = await statements(() => staffB.get('/api/people?sort=name&pageSize=5'));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain('jx_session_actor');
      expect(sent[0]).toContain('people_scopes');
      // The web app's list (POST, the CSRF token checked once the session is back).
      const searched = await statements(async () => {
        const r = await staffB.post('/api/people/search', { sort: 'name', page: 2, pageSize: 2 });
        expect(r.body).toEqual((await staffB.get('/api/people?sort=name&page=2&pageSize=2')).body);
      });
      expect(searched.filter((text) => text.includes('people_scopes'))).toHaveLength(2);
      expect(searched).toHaveLength(2);
      const noToken = Object.assign(server.anonymous(), { cookie: staffB.cookie });
      const refused = await noToken.post('/api/people/search', { sort: 'name' });
      expectError(refused, { status: 403, code: 'csrf_failed' });
      expect(refused.body).not.toHaveProperty('items');
      // Another organisation, a search or another sort: the session first, then the read (as before).
      const other = await statements(() => staffB.get(`/api/people?orgId=${w.cityB}&sort=name&pageSize=5`));
      expect(other[0]).toContain('jx_session_actor');
      expect(other.length).toBeGreaterThan(1);
    });

    it('keeps the sliding idle expiry: touched when a minute old, ended when idle or expired (401, session deleted)', async () => {
      const c = await server.login('staff_b', USER_PASSWORD2);
      await setSession(c, 'last_seen_at', '2 minutes');
      const touched = await statements(() => c.get('/api/people?sort=name'));
      expect(touched).toHaveLength(2);
      const seen = await server.db.selectFrom('sessions').select('last_seen_at').where('id', '=', sessionOf(c)).executeTakeFirstOrThrow();
      expect(Date.now() - new Date(seen.last_seen_at).getTime()).toBeLessThan(30_000);
      expect(await statements(() => c.get('/api/people?sort=name'))).toHaveLength(1);

      for (const [column, ago] of [
        ['last_seen_at', '31 minutes'],
        ['expires_at', '1 second'],
      ] as const) {
        const d = await server.login('staff_b', USER_PASSWORD2);
        await setSession(d, column, ago);
        const r = await d.get('/api/people?sort=name');
        expectError(r, { status: 401, code: 'unauthenticated' });
        expect(r.body).not.toHaveProperty('items');
        expect(await server.db.selectFrom('sessions').select('id').where('id', '=', sessionOf(d)).executeTakeFirst()).toBeUndefined();
      }
      const gone = server.anonymous();
      gone.cookie = 'jx_session=not-a-session';
      expectError(await gone.get('/api/people?sort=name'), { status: 401, code: 'unauthenticated' });
    });

    it('refuses as every route does: no permission (403, audited), a pending password change; invalid input in the user’s language', async () => {
      await createUser(w.admin, 'reviewer_b_list', w.cityB, ['news_second_reviewer']);
      const reviewer = await loginFresh(server, 'reviewer_b_list');
      const denied = await countAudits(server.db, 'route', 'permission_denied');
      const r = await reviewer.get('/api/people?sort=name');
      expectError(r, { status: 403, code: 'forbidden' });
      expect(r.body).not.toHaveProperty('items');
      expect(await countAudits(server.db, 'route', 'permission_denied')).toBe(denied + 1);

      await createUser(w.admin, 'staff_b_new', w.cityB, ['federation_staff']);
      const fresh = await server.login('staff_b_new');
      expectError(await fresh.get('/api/people?sort=name'), { status: 403, code: 'password_change_required' });

      const english = await server.login('staff_b', USER_PASSWORD2);
      expect((await english.patch('/api/auth/preferences', { locale: 'en-US' })).status).toBe(204);
      try {
        const invalid = await english.get('/api/people?sort=name&pageSize=0');
        expectError(invalid, { status: 400, code: 'validation_failed' });
        expect(invalid.body.message).not.toMatch(/[\u4e00-\u9fff]/);
      } finally {
        await english.patch('/api/auth/preferences', { locale: 'zh-CN' });
      }
    });
  });

  describe('POST /api/people/export', () => {
    it('exports the filtered list masked, with title, organisation, date, filter and typed cells; audited', async () => {
      const r = await download(staffB, '/api/people/export', { q: p.idB });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.data as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.getCell('A1').value).toBe('职工名单');
      expect([ws.getCell('A2').value, ws.getCell('B2').value]).toEqual(['导出单位', '济南市总工会']);
      expect(ws.getCell('A3').value).toBe('导出日期');
      expect(String(ws.getCell('B3').value)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // The ID number searched for is named masked in the filter row.
      expect(ws.getCell('A4').value).toBe('筛选条件');
      expect(String(ws.getCell('B4').value)).toMatch(/^查询：“\d{4}\*{10}[\dX]{4}”$/);
      expect([ws.getCell('A5').value, ws.getCell('B5').value]).toEqual(['身份证号和手机号', '已脱敏']);
      expect(ws.getCell('A7').value).toBe('姓名');
      expect(ws.getCell('A8').value).toBe('王乙');
      expect(String(ws.getCell('B8').value)).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      expect(ws.getCell('D8').type).toBe(ExcelJS.ValueType.Date);
      expect(ws.getCell('D8').numFmt).toBe('yyyy-mm-dd');
      expect(ws.getCell('F8').value).toBe('济南机床有限公司');
      expect(ws.rowCount).toBe(8);
      const xml = await worksheetXml(r.data);
      expect(findPii(xml)).toBeUndefined();
      expect(xml).not.toMatch(/<f[ >]/);
      const exports = (await w.admin.get('/api/audit?action=export&entityType=person')).body.items;
      expect(exports[0].actorUsername).toBe('staff_b');
      expect(JSON.stringify(exports[0])).not.toContain(p.idB);
    });

    it('exports unmasked only with people.pii and a purpose, recorded in the audit log and in the sheet', async () => {
      expect((await download(staffB, '/api/people/export', { unmasked: true, purpose: 'data_check' })).status).toBe(403);
      const body = { orgId: w.enterpriseB, q: '王乙', unmasked: true };
      expectError(await w.admin.post('/api/people/export', body), {
        status: 400,
        code: 'validation_failed',
        fields: [{ path: 'body.purpose' }],
      });
      expectError(await w.admin.post('/api/people/export', { ...body, purpose: 'other' }), {
        status: 400,
        code: 'validation_failed',
        fields: [{ path: 'body.purposeNote' }],
      });
      const r = await download(w.admin, '/api/people/export', { ...body, purpose: 'handle_business' });
      expect(r.status).toBe(200);
      const full = await readXlsx(r.data);
      expect(full[0]![0]).toBe('济南机床有限公司职工名单');
      expect(full[4]).toEqual(['身份证号和手机号', '完整号码（用途：办理业务；已记入审计日志）']);
      expect(full[6]![1]).toBe(p.idB);
      const audit = (await w.admin.get('/api/audit?action=view_pii&entityType=person')).body.items;
      const entry = audit.find((e: { after: { export?: boolean } }) => e.after?.export);
      expect(entry.after).toMatchObject({ unmasked: true, purpose: 'handle_business', fields: ['idNumber', 'phone'] });
    });
  });

  it('never sent an unmasked ID number or phone to a user without people.pii (audit log, error reports and every export included)', async () => {
    await staffB.get('/api/audit?pageSize=200');
    await staffA.get('/api/audit?pageSize=200');
    // A roster with ID numbers and phones in every written form, uploaded by the admin: its error report
    // reaches the staff masked (download() of a guarded client scans the sheet in every written form).
    const id = nthIdNumber(4242);
    const csv = [
      '姓名,身份证号,手机号,备注',
      `扫描甲,${id.slice(0, 6)} ${id.slice(6)},+86 139-1234-5678,`,
      `扫描乙,${nthIdNumber(4243).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))},１３９ １２３４ ５６７９,${nthIdNumber(4244)}`,
      '扫描丙,12345,139 1234 5680,',
    ].join('\r\n');
    const up = await upload(w.admin, w.enterpriseA, 'pii-scan.csv', csv, 'text/csv');
    await w.admin.post(`/api/people/imports/${up.body.id}/validate`, {});
    await waitForImport(w.admin, up.body.id, (i) => i.status === 'validated');
    for (const c of [staffA, p.entA]) expect((await download(c, `/api/people/imports/${up.body.id}/error-report`)).status).toBe(200);
    // Every export these users can download passes the same scan (download() reads each cell of a guarded client's .xlsx).
    for (const [c, org] of [
      [staffA, w.cityA],
      [staffB, w.cityB],
      [viewer, w.cityA],
      [p.entB, w.enterpriseB],
    ] as const) {
      expect((await download(c, '/api/people/export', { orgId: org })).status).toBe(200);
      expect((await download(c, '/api/people/export', { q: p.idB })).status).toBe(200);
      expect((await download(c, '/api/people/export', { orgId: org, unmasked: true, purpose: 'data_check' })).status).toBe(403);
      expect((await download(c, `/api/tasks/export.xlsx?orgId=${org}`)).status).toBe(200);
      const dash = await download(c, `/api/dashboard/export.xlsx?orgId=${org}`);
      expect([200, 403]).toContain(dash.status);
    }
    // The scan would catch a leak: the unmasked export (admin, people.pii) carries the full number.
    const full = await download(w.admin, '/api/people/export', { orgId: w.enterpriseB, unmasked: true, purpose: 'data_check' });
    expect(findPii(await worksheetXml(full.data))).toBeDefined();
    expect(staffA.scanned + staffB.scanned + viewer.scanned + p.entA.scanned + p.entB.scanned).toBeGreaterThan(30);
  });

  it('the guard itself catches a leak', () => {
    expect(findPii(JSON.stringify({ a: nthIdNumber(7) }))).toBeDefined();
    expect(findPii('{"phone":"13912345678"}')).toBe('13912345678');
    expect(findPii('{"id":"3716**********1234","phone":"139****5678","requestId":"4f1e2d3c-1111-2222-3333-123456789012"}')).toBeUndefined();
    // A request id whose last group starts with eleven digits is not a mobile (a CI run once failed on one).
    expect(findPii('{"requestId":"4f1e2d3c-1111-2222-3333-19712347529a"}')).toBeUndefined();
  });
});
