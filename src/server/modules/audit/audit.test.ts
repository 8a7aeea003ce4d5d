// The audit log: scoped to the caller's subtree, recording sign-ins and refusals, append-only in
// the database itself, filterable and paged, and free of secrets.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../platform/totp.js';
import { ADMIN_PASSWORD, startTestServer, USER_PASSWORD, type Client, type TestServer } from '../../testing/harness.js';
import { expectError, expectInvalidField } from '../../testing/expect-error.js';
import { createOrg, createUser, createWorld, loginFresh, USER_PASSWORD2, type World } from '../../testing/world.js';

interface Entry {
  id: string;
  at: string;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orgId: string | null;
  before: any;
  after: any;
  ip: string | null;
}

let server: TestServer;
let w: World;
let viewer: Client;
beforeAll(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  viewer = await loginFresh(server, 'viewer_a');
});
afterAll(() => server.close());

async function audit(c: Client, query: Record<string, string> = {}): Promise<{ items: Entry[]; total: number }> {
  const res = await c.get(`/api/audit?${new URLSearchParams({ pageSize: '200', ...query })}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const auditCount = async () =>
  (await server.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

describe('GET /api/audit access', () => {
  it('needs a session and audit.read', async () => {
    expectError(await server.anonymous().get('/api/audit'), { status: 401, code: 'unauthenticated' });
    expectError(await viewer.get('/api/audit'), { status: 403, code: 'forbidden' });
  });

  it('validates the query', async () => {
    expectInvalidField(await w.admin.get('/api/audit?from=yesterday'), 'query.from', 'invalid_format', '开始时间的格式不正确');
    expectInvalidField(await w.admin.get('/api/audit?who=me'), 'query', 'unrecognized_keys');
    expectInvalidField(await w.admin.get('/api/audit?pageSize=201'), 'query.pageSize', 'too_big');
    // Actions and entity types are allow-listed (src/shared/audit-vocabulary.ts).
    expectInvalidField(await w.admin.get('/api/audit?action=drop_table'), 'query.action', 'invalid_value');
    expectInvalidField(await w.admin.get('/api/audit?entityType=secrets'), 'query.entityType', 'invalid_value');
  });

  it("is scoped to the caller's subtree: staff A sees city A's entities, never city B's", async () => {
    const orgIdsA = new Set([w.cityA, w.enterpriseA, w.unitA]);
    const a = await audit(w.staffA, { entityType: 'organisation' });
    expect(a.items.map((e) => e.entityId).sort()).toEqual([...orgIdsA].sort());
    const all = await audit(w.staffA);
    expect(all.items.every((e) => e.orgId !== null && [...orgIdsA].includes(e.orgId))).toBe(true);
    expect(all.items.some((e) => e.entityId === w.staffAId && e.action === 'create')).toBe(true);
    for (const id of [w.cityB, w.enterpriseB, w.province])
      expect((await audit(w.staffA, { entityType: 'organisation', entityId: id })).total).toBe(0);
    expect((await audit(w.staffA, { entityType: 'user', entityId: w.staffBId })).total).toBe(0);
    expect((await audit(w.staffA, { actor: 'staff_b' })).total).toBe(0);

    const b = await audit(w.staffB, { entityType: 'organisation' });
    expect(b.items.map((e) => e.entityId).sort()).toEqual([w.cityB, w.enterpriseB].sort());
    expect((await audit(w.admin, { entityType: 'organisation', entityId: w.cityB })).total).toBe(1);
  });
});

describe('what is recorded', () => {
  it('sign-in success and failure, with reason and IP', async () => {
    await server.anonymous().post('/api/auth/login', { username: 'staff_a', password: 'Wrong-Passw0rd!' });
    await server.login('staff_a', USER_PASSWORD2);
    const [ok] = (await audit(w.staffA, { action: 'login', actor: 'staff_a' })).items;
    expect(ok).toMatchObject({ entityType: 'user', entityId: w.staffAId, orgId: w.cityA, ip: '127.0.0.1' });
    const [failed] = (await audit(w.staffA, { action: 'login_failed', actor: 'staff_a' })).items;
    expect(failed).toMatchObject({ entityType: 'user', entityId: w.staffAId, after: { username: 'staff_a', reason: 'wrong_password' } });
    expect(JSON.stringify(failed)).not.toContain('Wrong-Passw0rd!');
  });

  it('refusals: a viewer creating an organisation gets 403 and a permission_denied entry', async () => {
    expectError(await viewer.post('/api/orgs', { parentId: w.cityA, name: '越权', kind: 'federation', level: 'county' }), {
      status: 403,
      code: 'forbidden',
    });
    const [entry] = (await audit(w.staffA, { action: 'permission_denied', actor: 'viewer_a' })).items;
    expect(entry).toMatchObject({ entityType: 'route', entityId: 'POST /api/orgs', orgId: w.cityA, after: { permission: 'orgs.write' } });
  });

  it('out-of-scope attempts are recorded where the actor can see them', async () => {
    expectError(await w.staffA.get(`/api/orgs/${w.cityB}`), { status: 404, code: 'not_found' });
    const [entry] = (await audit(w.staffA, { action: 'permission_denied', entityId: w.cityB })).items;
    expect(entry).toMatchObject({
      actorUsername: 'staff_a',
      entityType: 'organisation',
      orgId: w.cityA,
      after: { route: 'GET /api/orgs/:id' },
    });
    expect((await audit(w.staffB, { action: 'permission_denied' })).total).toBe(0);
  });
});

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const before = await auditCount();
    expect(before).toBeGreaterThan(0);
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(server.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_log SET after = NULL WHERE id = (SELECT max(id) FROM audit_log)`.execute(server.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log`.execute(server.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(server.db)).rejects.toThrow(/append-only/);
    expect(await auditCount()).toBe(before);
    expect((await server.db.selectFrom('audit_log').select('id').where('action', '=', 'x').execute()).length).toBe(0);
  });

  it('a write and its audit entry commit or roll back together', async () => {
    const before = await auditCount();
    const failing = server.db.transaction().execute(async (trx) => {
      await trx.insertInto('audit_log').values({ action: 'phantom', entity_type: 'test' }).execute();
      throw new Error('roll back');
    });
    await expect(failing).rejects.toThrow('roll back');
    expect(await auditCount()).toBe(before);
  });
});

describe('filters and paging', () => {
  let unit: string;
  let t0: string;
  let t1: string;
  const names = ['审计-1', '审计-2', '审计-3', '审计-4', '审计-5'];
  beforeAll(async () => {
    unit = await createOrg(w.staffA, w.cityA, '审计测试单位', 'federation', 'county');
    await sleep(20);
    t0 = new Date().toISOString();
    await sleep(20);
    for (const n of names) await createOrg(w.staffA, unit, n, 'federation', 'grassroots');
    await sleep(20);
    t1 = new Date().toISOString();
    await sleep(20);
    await w.staffA.patch(`/api/orgs/${unit}`, { name: '审计测试单位（改）' });
  });

  it('filters by action, entity type and actor', async () => {
    const creates = await audit(w.staffA, { action: 'create', entityType: 'organisation', actor: 'staff_a' });
    expect(creates.total).toBe(6);
    expect(creates.items.every((e) => e.action === 'create' && e.entityType === 'organisation' && e.actorUsername === 'staff_a')).toBe(
      true,
    );
    expect((await audit(w.staffA, { action: 'update', entityId: unit })).items).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ name: '审计测试单位' }),
        after: expect.objectContaining({ name: '审计测试单位（改）' }),
      }),
    ]);
    expect((await audit(w.staffA, { actor: 'nobody' })).total).toBe(0);
  });

  it('filters by time window', async () => {
    const inside = await audit(w.staffA, { actor: 'staff_a', action: 'create', from: t0, to: t1 });
    expect(inside.items.map((e) => e.after.name).sort()).toEqual(names);
    const after = await audit(w.staffA, { actor: 'staff_a', from: t1 });
    expect(after.items.map((e) => e.action)).toEqual(['update']);
    const beforeT0 = await audit(w.staffA, { actor: 'staff_a', action: 'create', entityType: 'organisation', to: t0 });
    expect(beforeT0.items.map((e) => e.entityId)).toEqual([unit]);
    // The same wall-clock time eight hours west is later: nothing yet.
    const offset = await audit(w.staffA, { actor: 'staff_a', action: 'create', from: t0.replace('Z', '-08:00') });
    expect(offset.total).toBe(0);
  });

  it('pages newest first', async () => {
    const q = { actor: 'staff_a', action: 'create', from: t0, to: t1, pageSize: '2' };
    const pages = await Promise.all(['1', '2', '3', '4'].map((page) => audit(w.staffA, { ...q, page })));
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
    expect(pages.map((p) => p.items.map((e) => e.after.name))).toEqual([['审计-5', '审计-4'], ['审计-3', '审计-2'], ['审计-1'], []]);
    const ids = pages.flatMap((p) => p.items.map((e) => BigInt(e.id)));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
  });
});

describe('secrets never reach the log', () => {
  it('keeps password hashes, passwords, TOTP secrets and CSRF tokens out of before/after', async () => {
    const id = await createUser(w.staffA, 'secret_keeper', w.cityA, ['viewer']);
    const c = await loginFresh(server, 'secret_keeper');
    const { secret } = (await c.post('/api/auth/totp/setup')).body;
    await c.post('/api/auth/totp/enable', { code: totpCode(secret) });
    await w.staffA.patch(`/api/users/${id}`, { displayName: '保密员' });
    await w.staffA.post(`/api/users/${id}/reset-password`, { newPassword: 'Reset-Passw0rd!' });
    await w.staffA.post(`/api/users/${id}/reset-totp`);
    await w.admin.post('/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'Admin-Passw0rd!2' });

    const rows = await server.db.selectFrom('audit_log').select(['before', 'after']).execute();
    const text = JSON.stringify(rows);
    const hashes = (await server.db.selectFrom('users').select(['password_hash', 'totp_secret']).execute())
      .flatMap((u) => [u.password_hash, u.totp_secret ?? []])
      .flat();
    for (const secretText of [
      '$argon2',
      'password_hash',
      'passwordHash',
      'totp_secret',
      'csrf',
      USER_PASSWORD,
      USER_PASSWORD2,
      'Reset-Passw0rd!',
      'Admin-Passw0rd!',
      secret,
      c.csrfToken!,
      ...hashes,
    ]) {
      expect(text, secretText).not.toContain(secretText);
    }
    const viaApi = await audit(w.admin, { entityType: 'user', entityId: id });
    expect(viaApi.items.map((e) => e.action)).toEqual([
      'reset_totp',
      'reset_password',
      'update',
      'enable_totp',
      'change_password',
      'login',
      'create',
    ]);
    expect(viaApi.items.find((e) => e.action === 'update')).toMatchObject({
      before: { displayName: 'secret_keeper' },
      after: { displayName: '保密员' },
    });
  });
});
