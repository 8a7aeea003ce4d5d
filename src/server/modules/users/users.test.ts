// User administration over HTTP: create, list, edit, reset password/TOTP, and no privilege
// escalation: nobody grants more than they hold, touches an admin, edits themselves, or leaves their subtree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../platform/totp.js';
import { startTestServer, USER_PASSWORD, type Client, type Res, type TestServer } from '../../testing/harness.js';
import { expectError, expectInvalidField } from '../../testing/expect-error.js';
import { createUser, createWorld, loginFresh, USER_PASSWORD2, type World } from '../../testing/world.js';

let server: TestServer;
let w: World;
let adminAId: string;
let viewer: Client;
beforeAll(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  // A system admin placed inside city A: in staff A's subtree, yet above staff A.
  adminAId = await createUser(w.admin, 'admin_a', w.cityA, ['admin']);
  viewer = await loginFresh(server, 'viewer_a');
});
afterAll(() => server.close());

let seq = 0;
const name = (prefix: string) => `${prefix}_${++seq}`;
const newUser = (c: Client, body: Record<string, unknown>) =>
  c.post('/api/users', { username: name('nu'), password: USER_PASSWORD, orgId: w.cityA, roles: ['viewer'], ...body });
const usernames = (res: Res) => (res.body.items as { username: string }[]).map((u) => u.username);
/** A viewer in city A created by staff A, signed in with the forced change done. */
async function member(prefix = 'm') {
  const username = name(prefix);
  const id = await createUser(w.staffA, username, w.cityA, ['viewer']);
  return { id, username, client: await loginFresh(server, username) };
}

describe('GET /api/meta', () => {
  it('lists the roles each caller may grant: never admin for federation staff', async () => {
    expectError(await server.anonymous().get('/api/meta'), { status: 401, code: 'unauthenticated' });
    const staff = await w.staffA.get('/api/meta');
    expect(staff.body.grantableRoles).toEqual(['federation_staff', 'member_unit_liaison', 'enterprise_staff', 'viewer', 'worker']);
    expect((await w.admin.get('/api/meta')).body.grantableRoles).toContain('admin');
    expect((await viewer.get('/api/meta')).body.grantableRoles).toEqual(['viewer']);
    expect(staff.body.roles.map((r: { name: string }) => r.name)).toEqual([
      'admin',
      'federation_staff',
      'member_unit_liaison',
      'enterprise_staff',
      'viewer',
      'news_second_reviewer',
      'news_final_reviewer',
      'worker',
    ]);
  });
});

describe('POST /api/users', () => {
  it('needs a session and users.write', async () => {
    expectError(await newUser(server.anonymous(), {}), { status: 401, code: 'unauthenticated' });
    expectError(await newUser(viewer, {}), { status: 403, code: 'forbidden' });
  });

  it('refuses to create an admin (privilege_escalation) or a user in the sibling city (404)', async () => {
    expectError(await newUser(w.staffA, { roles: ['admin'] }), { status: 403, code: 'privilege_escalation' });
    expectError(await newUser(w.staffA, { roles: ['viewer', 'admin'] }), { status: 403, code: 'privilege_escalation' });
    expectError(await newUser(w.staffA, { orgId: w.cityB }), { status: 404, code: 'not_found' });
    expectError(await newUser(w.staffA, { orgId: w.province }), { status: 404, code: 'not_found' });
  });

  it('validates: fields the schema does not allow, roles, username, password policy', async () => {
    expectInvalidField(await newUser(w.staffA, { status: 'active', createdAt: '2020-01-01T00:00:00Z' }), 'body', 'unrecognized_keys');
    expectInvalidField(await newUser(w.staffA, { mustChangePassword: false }), 'body', 'unrecognized_keys');
    expectInvalidField(await newUser(w.staffA, { roles: ['root'] }), 'body.roles.0', 'invalid_value');
    expectInvalidField(await newUser(w.staffA, { roles: [] }), 'body.roles', 'too_small');
    expectInvalidField(await newUser(w.staffA, { username: 'bad name!' }), 'body.username', 'invalid_format', '用户名的格式不正确');
    expectError(await newUser(w.staffA, { password: 'weakpassword' }), {
      status: 400,
      code: 'password_policy',
      field: { path: 'body.password' },
    });
  });

  it('creates: 201 with the user view, forced password change, no secrets', async () => {
    const username = name('Neu.User');
    const res = await newUser(w.staffA, { username, displayName: '新用户', roles: ['member_unit_liaison'], orgId: w.unitA });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      username,
      displayName: '新用户',
      orgId: w.unitA,
      orgName: '滨州市人社局',
      roles: ['member_unit_liaison'],
      permissions: expect.arrayContaining(['orgs.read', 'users.read']),
      status: 'active',
      mustChangePassword: true,
      totpEnabled: false,
      locked: false,
      locale: null,
      createdAt: expect.any(String),
    });
    expect((await server.login(username)).csrfToken).toBeDefined();
  });

  it('refuses a taken username, regardless of case', async () => {
    expectError(await newUser(w.staffA, { username: 'staff_b' }), { status: 409, code: 'username_taken' });
    expectError(await newUser(w.staffA, { username: 'STAFF_A' }), { status: 409, code: 'username_taken' });
  });
});

describe('GET /api/users', () => {
  beforeAll(async () => {
    for (const [u, roles] of [
      ['pg_c', ['viewer']],
      ['pg_a', ['enterprise_staff']],
      ['pg_e', ['viewer']],
      ['pg_b', ['viewer']],
      ['pg_d', ['viewer']],
    ] as const) {
      await createUser(w.staffA, u, w.cityA, [...roles]);
    }
    await createUser(w.staffB, 'pg_in_b', w.cityB, ['viewer']);
    const d = await w.staffA.get('/api/users?q=pg_d');
    await w.staffA.patch(`/api/users/${d.body.items[0].id}`, { status: 'disabled' });
  });

  it('needs users.read', async () => {
    expectError(await viewer.get('/api/users'), { status: 403, code: 'forbidden' });
    expectError(await w.staffA.get(`/api/users?orgId=${w.cityB}`), { status: 404, code: 'not_found' });
  });

  it('is scoped to the subtree: staff A never sees staff B', async () => {
    const a = await w.staffA.get('/api/users?pageSize=200');
    expect(usernames(a)).toEqual(expect.arrayContaining(['staff_a', 'viewer_a', 'admin_a']));
    expect(usernames(a)).not.toContain('staff_b');
    expect(usernames(a)).not.toContain('pg_in_b');
    expect(usernames(a)).not.toContain('admin');
    expect((await w.staffA.get('/api/users?q=staff_b')).body).toEqual({ items: [], total: 0 });
    expect(usernames(await w.staffB.get('/api/users?q=pg_'))).toEqual(['pg_in_b']);
  });

  it('filters by q, role and status', async () => {
    expect(usernames(await w.staffA.get('/api/users?q=PG_'))).toEqual(['pg_a', 'pg_b', 'pg_c', 'pg_d', 'pg_e']);
    expect(usernames(await w.staffA.get('/api/users?q=pg_&role=enterprise_staff'))).toEqual(['pg_a']);
    expect(usernames(await w.staffA.get('/api/users?q=pg_&status=disabled'))).toEqual(['pg_d']);
    expect(usernames(await w.staffA.get('/api/users?q=pg_&status=active'))).toEqual(['pg_a', 'pg_b', 'pg_c', 'pg_e']);
    expect(usernames(await w.staffA.get(`/api/users?orgId=${w.unitA}&q=pg_`))).toEqual([]);
  });

  it('sorts and pages', async () => {
    const page2 = await w.staffA.get('/api/users?q=pg_&sort=-username&page=2&pageSize=2');
    expect(page2.body.total).toBe(5);
    expect(usernames(page2)).toEqual(['pg_c', 'pg_b']);
    expect(usernames(await w.staffA.get('/api/users?q=pg_&sort=-username&page=3&pageSize=2'))).toEqual(['pg_a']);
    expect((await w.staffA.get('/api/users?q=pg_&page=9&pageSize=2')).body).toEqual({ items: [], total: 5 });
  });

  it('refuses unknown sort fields and bad paging', async () => {
    expectInvalidField(await w.staffA.get('/api/users?sort=password_hash'), 'query.sort', 'invalid_value');
    expectInvalidField(await w.staffA.get('/api/users?sort=-roles'), 'query.sort', 'invalid_value');
    expectInvalidField(await w.staffA.get('/api/users?pageSize=500'), 'query.pageSize', 'too_big');
    expectInvalidField(await w.staffA.get('/api/users?page=0'), 'query.page', 'too_small');
  });
});

describe('GET /api/users/:id', () => {
  it('hides users of the sibling city as 404', async () => {
    expectError(await w.staffA.get(`/api/users/${w.staffBId}`), { status: 404, code: 'not_found' });
    expect((await w.staffA.get(`/api/users/${w.viewerAId}`)).body).toMatchObject({ id: w.viewerAId, username: 'viewer_a' });
  });
});

describe('PATCH /api/users/:id', () => {
  it('refuses granting admin, and any edit of an admin account in the subtree', async () => {
    const m = await member();
    expectError(await w.staffA.patch(`/api/users/${m.id}`, { roles: ['admin'] }), { status: 403, code: 'privilege_escalation' });
    expectError(await w.staffA.patch(`/api/users/${adminAId}`, { displayName: '改名' }), { status: 403, code: 'privilege_escalation' });
    expectError(await w.staffA.patch(`/api/users/${adminAId}`, { status: 'disabled' }), { status: 403, code: 'privilege_escalation' });
    expectError(await w.staffA.patch(`/api/users/${adminAId}`, { roles: ['viewer'] }), { status: 403, code: 'privilege_escalation' });
    expect((await w.admin.get(`/api/users/${adminAId}`)).body).toMatchObject({
      roles: ['admin'],
      status: 'active',
      displayName: 'admin_a',
    });
    expect((await w.admin.get(`/api/users/${m.id}`)).body.roles).toEqual(['viewer']);
  });

  it('refuses changes to the own roles, organisation or status (not_self)', async () => {
    expectInvalidField(await w.staffA.patch(`/api/users/${w.staffAId}`, { roles: ['viewer'] }), 'body.roles', 'not_self');
    expectInvalidField(await w.staffA.patch(`/api/users/${w.staffAId}`, { orgId: w.unitA }), 'body.orgId', 'not_self');
    expectInvalidField(await w.staffA.patch(`/api/users/${w.staffAId}`, { status: 'disabled' }), 'body.status', 'not_self');
    // The same id spelt with a leading zero names the same row.
    expectInvalidField(await w.staffA.patch(`/api/users/0${w.staffAId}`, { status: 'disabled' }), 'body.status', 'not_self');
    expect((await w.staffA.patch(`/api/users/${w.staffAId}`, { displayName: '张三' })).body).toMatchObject({
      displayName: '张三',
      roles: ['federation_staff'],
    });
  });

  it('refuses users of the sibling city and moving a user there (404)', async () => {
    const m = await member();
    expectError(await w.staffA.patch(`/api/users/${w.staffBId}`, { displayName: 'x' }), { status: 404, code: 'not_found' });
    expectError(await w.staffA.patch(`/api/users/${m.id}`, { orgId: w.cityB }), { status: 404, code: 'not_found' });
    expectInvalidField(await w.staffA.patch(`/api/users/${m.id}`, { username: 'renamed' }), 'body', 'unrecognized_keys');
    expect((await w.admin.get(`/api/users/${m.id}`)).body.orgId).toBe(w.cityA);
  });

  it('moves a user within the subtree and changes roles; their sessions end', async () => {
    const m = await member();
    const res = await w.staffA.patch(`/api/users/${m.id}`, { orgId: w.unitA, roles: ['member_unit_liaison', 'viewer'] });
    expect(res.body).toMatchObject({ orgId: w.unitA, roles: ['member_unit_liaison', 'viewer'] });
    expectError(await m.client.get('/api/auth/me'), { status: 401, code: 'unauthenticated' });
  });
});

describe('POST /api/users/:id/reset-password', () => {
  it('refuses admins, the sibling city and weak passwords', async () => {
    const m = await member();
    expectError(await w.staffA.post(`/api/users/${adminAId}/reset-password`, { newPassword: 'Reset-Passw0rd!' }), {
      status: 403,
      code: 'privilege_escalation',
    });
    expectError(await w.staffA.post(`/api/users/${w.staffBId}/reset-password`, { newPassword: 'Reset-Passw0rd!' }), {
      status: 404,
      code: 'not_found',
    });
    expectError(await w.staffA.post(`/api/users/${m.id}/reset-password`, { newPassword: 'short' }), {
      status: 400,
      code: 'password_policy',
      field: { path: 'body.newPassword' },
    });
    expect((await m.client.get('/api/auth/me')).status).toBe(200);
  });

  // Otherwise a stolen session could set a new password without knowing the current one.
  it('refuses to reset the own password: that is POST /api/auth/password, with the current password', async () => {
    expectError(await w.staffA.post(`/api/users/${w.staffAId}/reset-password`, { newPassword: 'Taken-Over-Passw0rd!' }), {
      status: 403,
      code: 'forbidden',
    });
    expectError(await w.staffA.post(`/api/users/0${w.staffAId}/reset-password`, { newPassword: 'Taken-Over-Passw0rd!' }), {
      status: 403,
      code: 'forbidden',
    });
    expect((await w.staffA.get('/api/auth/me')).status).toBe(200);
    expect((await server.login('staff_a', USER_PASSWORD2)).csrfToken).toBeDefined();
  });

  it('sets a new initial password, forces a change and ends the sessions', async () => {
    const m = await member();
    expect((await w.staffA.post(`/api/users/${m.id}/reset-password`, { newPassword: 'Reset-Passw0rd!' })).status).toBe(204);
    expectError(await m.client.get('/api/auth/me'), { status: 401, code: 'unauthenticated' });
    expectError(await server.anonymous().post('/api/auth/login', { username: m.username, password: USER_PASSWORD2 }), {
      status: 401,
      code: 'invalid_credentials',
    });
    const c = await server.login(m.username, 'Reset-Passw0rd!');
    expect((await c.get('/api/auth/me')).body.mustChangePassword).toBe(true);
    expectError(await c.get('/api/orgs'), { status: 403, code: 'password_change_required' });
  });
});

describe('POST /api/users/:id/unlock', () => {
  it('refuses admins and the sibling city', async () => {
    expectError(await w.staffA.post(`/api/users/${adminAId}/unlock`), { status: 403, code: 'privilege_escalation' });
    expectError(await w.staffA.post(`/api/users/${w.staffBId}/unlock`), { status: 404, code: 'not_found' });
  });
});

describe('POST /api/users/:id/reset-totp', () => {
  it('refuses admins and the sibling city', async () => {
    expectError(await w.staffA.post(`/api/users/${adminAId}/reset-totp`), { status: 403, code: 'privilege_escalation' });
    expectError(await w.staffA.post(`/api/users/${w.staffBId}/reset-totp`), { status: 404, code: 'not_found' });
    expectError(await viewer.post(`/api/users/${w.viewerAId}/reset-totp`), { status: 403, code: 'forbidden' });
  });

  it('refuses to remove the own enrolment (that is /api/auth/totp/disable, with a code)', async () => {
    expectError(await w.admin.post(`/api/users/${(await w.admin.get('/api/auth/me')).body.user.id}/reset-totp`), {
      status: 403,
      code: 'forbidden',
    });
    expectError(await w.staffA.post(`/api/users/${w.staffAId}/reset-totp`), { status: 403, code: 'forbidden' });
    expectError(await w.staffA.post(`/api/users/00${w.staffAId}/reset-totp`), { status: 403, code: 'forbidden' });
  });

  it('removes the enrolment (lost phone) and ends the sessions', async () => {
    const m = await member('totp');
    const { secret } = (await m.client.post('/api/auth/totp/setup')).body;
    expect((await m.client.post('/api/auth/totp/enable', { code: totpCode(secret) })).status).toBe(204);
    expectError(await server.anonymous().post('/api/auth/login', { username: m.username, password: USER_PASSWORD2 }), {
      status: 401,
      code: 'totp_required',
    });
    expect((await w.staffA.post(`/api/users/${m.id}/reset-totp`)).status).toBe(204);
    expectError(await m.client.get('/api/auth/me'), { status: 401, code: 'unauthenticated' });
    const c = await server.login(m.username, USER_PASSWORD2);
    expect((await c.get('/api/auth/me')).body.user.totpEnabled).toBe(false);
  });
});
