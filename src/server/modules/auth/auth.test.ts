// Sign-in, sessions, CSRF, the forced first password change, lockout, rate limit and TOTP.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredJobs } from '../../platform/jobs.js';
import { hashToken } from '../../platform/sessions.js';
import { totpCode } from '../../platform/totp.js';
import { ADMIN_PASSWORD, startTestServer, USER_PASSWORD, type Client, type TestServer } from '../../testing/harness.js';
import { expectError } from '../../testing/expect-error.js';
import { AUTH_HOUSEKEEPING_JOB, cleanAuthTables } from './auth.jobs.js';
import { createUser, createWorld, loginFresh, USER_PASSWORD2, type World } from '../../testing/world.js';

let server: TestServer;
let world: World;
beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server);
});
afterAll(() => server.close());

let seq = 0;
/** A new viewer in city A who has not yet signed in (initial password USER_PASSWORD). */
async function newAccount(prefix = 'u'): Promise<{ id: string; username: string }> {
  const username = `${prefix}_${++seq}`;
  return { id: await createUser(world.admin, username, world.cityA, ['viewer']), username };
}
/** A new viewer who has signed in and replaced the initial password with USER_PASSWORD2. */
async function readyAccount(prefix = 'r') {
  const acc = await newAccount(prefix);
  return { ...acc, client: await loginFresh(server, acc.username) };
}
const attempt = (username: string, password: string, extra: Record<string, unknown> = {}, c: Client = server.anonymous()) =>
  c.post('/api/auth/login', { username, password, ...extra });
const sessionIdOf = (c: Client) => hashToken(c.cookie!.replace(/^jx_session=/, ''));
/** Moves a session's last use `minutes` minutes back (the idle timeout is 30). */
const idleFor = (c: Client, minutes: number) =>
  server.db
    .updateTable('sessions')
    .set({ last_seen_at: sql<Date>`now() - make_interval(mins => ${minutes}::int)` })
    .where('id', '=', sessionIdOf(c))
    .execute();
/** Puts a session's absolute expiry one second in the past. */
const expire = (c: Client) =>
  server.db.updateTable('sessions').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('id', '=', sessionIdOf(c)).execute();

describe('POST /api/auth/login', () => {
  it('refuses a malformed body with field paths', async () => {
    expectError(await server.anonymous().post('/api/auth/login', { username: 'admin' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.password', code: 'required', message: '密码必填' },
      message: '提交的内容有误：密码必填',
    });
    expectError(await attempt('admin', ADMIN_PASSWORD, { remember: true }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body', code: 'unrecognized_keys' },
    });
    expectError(await attempt('admin', ADMIN_PASSWORD, { totpCode: '12ab56' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.totpCode' },
    });
  });

  it('answers a wrong password and an unknown user alike: 401 invalid_credentials', async () => {
    const wrong = await attempt('admin', 'Wrong-Passw0rd!');
    const unknown = await attempt('nobody_here', 'Wrong-Passw0rd!');
    expectError(wrong, { status: 401, code: 'invalid_credentials' });
    expectError(unknown, { status: 401, code: 'invalid_credentials' });
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('signs in: user view, CSRF token and an HttpOnly SameSite=Lax session cookie', async () => {
    const res = await attempt('ADMIN', ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ csrfToken: expect.any(String), mustChangePassword: false, totpEnrollmentRequired: false });
    expect(res.body.user).toMatchObject({
      username: 'admin',
      orgId: server.rootOrgId,
      roles: ['admin'],
      status: 'active',
      locked: false,
      totpEnabled: false,
    });
    expect(Object.keys(res.body.user)).not.toEqual(expect.arrayContaining(['passwordHash']));
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password_hash|totp_secret/);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^jx_session=[\w-]{40,};/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/);
  });

  it('locks an account after 5 wrong passwords, even against the right one; an admin unlock lets them in', async () => {
    const acc = await newAccount('lock');
    for (let i = 1; i <= 4; i++)
      expectError(await attempt(acc.username, `Wrong-Passw0rd${i}`), { status: 401, code: 'invalid_credentials' });
    expectError(await attempt(acc.username, 'Wrong-Passw0rd5'), { status: 423, code: 'account_locked' });
    const locked = await attempt(acc.username, USER_PASSWORD);
    expectError(locked, { status: 423, code: 'account_locked' });
    expect(locked.body.message).toMatch(/15 分钟/);
    expect((await world.admin.get(`/api/users/${acc.id}`)).body.locked).toBe(true);
    expect((await world.admin.post(`/api/users/${acc.id}/unlock`)).status).toBe(204);
    expect((await world.admin.get(`/api/users/${acc.id}`)).body.locked).toBe(false);
    expect((await attempt(acc.username, USER_PASSWORD)).status).toBe(200);
  });

  it('answers an unknown username exactly like a known one: same 401s, the same 423 at the 5th failure, in comparable time', async () => {
    const acc = await newAccount('twin');
    const ghost = `ghost_${acc.username}`;
    const times: Record<string, number[]> = { known: [], unknown: [] };
    for (let i = 1; i <= 5; i++) {
      for (const [kind, name] of [
        ['known', acc.username],
        ['unknown', ghost],
      ] as const) {
        const started = performance.now();
        const res = await attempt(name, `Wrong-Passw0rd${i}`);
        times[kind]!.push(performance.now() - started);
        if (i < 5) expectError(res, { status: 401, code: 'invalid_credentials' });
        else expectError(res, { status: 423, code: 'account_locked' });
      }
    }
    const known = await attempt(acc.username, USER_PASSWORD);
    const unknown = await attempt(ghost, USER_PASSWORD);
    expect([known.status, unknown.status]).toEqual([423, 423]);
    expect(unknown.body.message).toBe(known.body.message);
    // Both paths hash a password (argon2) every time: neither answers in a fraction of the other's time.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(times.unknown!)).toBeGreaterThan(median(times.known!) / 3);
    expect(median(times.known!)).toBeGreaterThan(median(times.unknown!) / 3);
    // The typed name is not stored, only its keyed hash.
    const stored = await server.db.selectFrom('login_failures').select('name_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(ghost);
  });

  it('tells that an account is disabled only to someone who knows its password', async () => {
    const acc = await newAccount('off');
    expect((await world.admin.patch(`/api/users/${acc.id}`, { status: 'disabled' })).status).toBe(200);
    expectError(await attempt(acc.username, 'Wrong-Passw0rd!'), { status: 401, code: 'invalid_credentials' });
    expectError(await attempt(acc.username, USER_PASSWORD), { status: 403, code: 'account_disabled' });
  });

  it('rate-limits sign-in attempts per client IP: 429 rate_limited', async () => {
    const limited = await startTestServer({ JIANGXIN_LOGIN_RATE_PER_MINUTE: 3 });
    try {
      const c = limited.anonymous();
      for (let i = 0; i < 3; i++)
        expectError(await attempt('nobody', 'Wrong-Passw0rd!', {}, c), { status: 401, code: 'invalid_credentials' });
      expectError(await attempt('admin', ADMIN_PASSWORD, {}, c), { status: 429, code: 'rate_limited' });
    } finally {
      await limited.close();
    }
  });

  it('speaks English for Accept-Language en-US', async () => {
    const c = server.anonymous();
    expect((await attempt('admin', 'Wrong-Passw0rd!', {}, c)).body.message).toBe('用户名或密码错误');
    c.locale = 'en-US';
    expect((await attempt('admin', 'Wrong-Passw0rd!', {}, c)).body.message).toBe('Wrong username or password');
  });
});

describe('CSRF protection on writes', () => {
  it('refuses a write without or with a wrong X-CSRF-Token: 403 csrf_failed; reads need none', async () => {
    const c = await server.login('admin');
    const token = c.csrfToken;
    c.csrfToken = undefined;
    expect((await c.get('/api/orgs')).status).toBe(200);
    expectError(await c.post('/api/orgs', { parentId: world.cityA, name: '无令牌', kind: 'federation', level: 'county' }), {
      status: 403,
      code: 'csrf_failed',
    });
    expectError(await c.post('/api/auth/logout'), { status: 403, code: 'csrf_failed' });
    c.csrfToken = 'forged-token';
    expectError(await c.patch('/api/auth/preferences', { locale: 'en-US' }), { status: 403, code: 'csrf_failed' });
    c.csrfToken = token;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
  });
});

describe('GET /api/auth/me', () => {
  it('needs a session: 401 unauthenticated', async () => {
    expectError(await server.anonymous().get('/api/auth/me'), { status: 401, code: 'unauthenticated' });
  });

  it('returns the user and the CSRF token of the session', async () => {
    const res = await world.staffA.get('/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      csrfToken: world.staffA.csrfToken,
      mustChangePassword: false,
      user: { id: world.staffAId, orgId: world.cityA, roles: ['federation_staff'] },
    });
  });
});

describe('POST /api/auth/password', () => {
  it('needs a session', async () => {
    expectError(await server.anonymous().post('/api/auth/password', { currentPassword: 'x', newPassword: 'y' }), {
      status: 401,
      code: 'unauthenticated',
    });
  });

  it('forces a new user to change the initial password before anything else', async () => {
    const acc = await newAccount('fresh');
    const c = await server.login(acc.username);
    expect((await c.get('/api/auth/me')).body.mustChangePassword).toBe(true);
    expectError(await c.get('/api/orgs'), { status: 403, code: 'password_change_required' });
    expectError(await c.get(`/api/orgs/${world.cityA}`), { status: 403, code: 'password_change_required' });

    expectError(await c.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'short1A' }), {
      status: 400,
      code: 'password_policy',
      field: { path: 'body.newPassword' },
    });
    expectError(await c.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'alllowercaseletters' }), {
      status: 400,
      code: 'password_policy',
      field: { path: 'body.newPassword' },
    });
    expectError(await c.post('/api/auth/password', { currentPassword: 'Not-The-Passw0rd', newPassword: USER_PASSWORD2 }), {
      status: 400,
      code: 'wrong_password',
      field: { path: 'body.currentPassword' },
    });
    expectError(await c.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: USER_PASSWORD }), {
      status: 400,
      code: 'password_reused',
      field: { path: 'body.newPassword' },
    });
    expectError(await c.post('/api/auth/password', { currentPassword: USER_PASSWORD }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.newPassword', code: 'required' },
    });

    expect((await c.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: USER_PASSWORD2 })).status).toBe(204);
    expect((await c.get('/api/orgs')).status).toBe(200);
    expect((await c.get('/api/auth/me')).body.mustChangePassword).toBe(false);
    expectError(await attempt(acc.username, USER_PASSWORD), { status: 401, code: 'invalid_credentials' });
  });

  it("ends the user's other sessions but keeps the current one", async () => {
    const acc = await readyAccount('pw');
    const other = await server.login(acc.username, USER_PASSWORD2);
    expect((await other.get('/api/auth/me')).status).toBe(200);
    expect((await acc.client.post('/api/auth/password', { currentPassword: USER_PASSWORD2, newPassword: 'Third-Passw0rd!' })).status).toBe(
      204,
    );
    expectError(await other.get('/api/auth/me'), { status: 401, code: 'unauthenticated' });
    expect((await acc.client.get('/api/auth/me')).status).toBe(200);
    expect((await attempt(acc.username, 'Third-Passw0rd!')).status).toBe(200);
  });
});

describe('POST /api/auth/logout', () => {
  it('needs a session', async () => {
    expectError(await server.anonymous().post('/api/auth/logout'), { status: 401, code: 'unauthenticated' });
  });

  it('ends the session on the server and clears the cookie', async () => {
    const c = await server.login('admin');
    const saved = c.cookie;
    const res = await c.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^jx_session=;/);
    c.cookie = saved;
    expectError(await c.get('/api/auth/me'), { status: 401, code: 'unauthenticated' });
    expect(
      await server.db
        .selectFrom('sessions')
        .select('id')
        .where('id', '=', hashToken(saved!.slice('jx_session='.length)))
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('session lifetime and account status', () => {
  it('ends a session idle for more than 30 minutes', async () => {
    const c = await server.login('admin');
    await idleFor(c, 31);
    expectError(await c.get('/api/auth/me'), { status: 401, code: 'unauthenticated' });
    expect(await server.db.selectFrom('sessions').select('id').where('id', '=', sessionIdOf(c)).executeTakeFirst()).toBeUndefined();
  });

  it('keeps a session idle for 29 minutes', async () => {
    const c = await server.login('admin');
    await idleFor(c, 29);
    expect((await c.get('/api/auth/me')).status).toBe(200);
  });

  it('ends a session past its absolute expiry', async () => {
    const c = await server.login('admin');
    await expire(c);
    expectError(await c.get('/api/auth/me'), { status: 401, code: 'unauthenticated' });
  });

  it('disabling an account ends its sessions at once and refuses sign-in with 403 account_disabled', async () => {
    const acc = await readyAccount('dis');
    expect((await world.admin.patch(`/api/users/${acc.id}`, { status: 'disabled' })).status).toBe(200);
    expectError(await acc.client.get('/api/auth/me'), { status: 401, code: 'unauthenticated' });
    expectError(await attempt(acc.username, USER_PASSWORD2), { status: 403, code: 'account_disabled' });
    expectError(await attempt(acc.username, 'Wrong-Passw0rd!'), { status: 401, code: 'invalid_credentials' });
    expect((await world.admin.patch(`/api/users/${acc.id}`, { status: 'active' })).status).toBe(200);
    expect((await attempt(acc.username, USER_PASSWORD2)).status).toBe(200);
  });
});

describe('housekeeping of the sign-in tables (hourly job)', () => {
  it('deletes sessions past their lifetime or idle timeout and rate windows over an hour old, and keeps the live ones', async () => {
    expect(registeredJobs().map((j) => j.name)).toContain(AUTH_HOUSEKEEPING_JOB);
    const live = await server.login('admin');
    const idle = await server.login('admin');
    const expired = await server.login('admin');
    await idleFor(idle, 31);
    await expire(expired);
    await server.db
      .insertInto('login_rate')
      .values([
        { ip: 'housekeeping-old', window_start: sql<Date>`now() - interval '61 minutes'`, attempts: 3 },
        { ip: 'housekeeping-recent', window_start: sql<Date>`now() - interval '5 minutes'`, attempts: 3 },
      ])
      .execute();

    const done = await cleanAuthTables(server.db, { JIANGXIN_SESSION_IDLE_MINUTES: 30 }, new Date());
    expect(done.sessions).toBeGreaterThanOrEqual(2);
    expect(done.rateWindows).toBeGreaterThanOrEqual(1);
    const sessions = await server.db
      .selectFrom('sessions')
      .select('id')
      .where('id', 'in', [sessionIdOf(live), sessionIdOf(idle), sessionIdOf(expired)])
      .execute();
    expect(sessions.map((r) => r.id)).toEqual([sessionIdOf(live)]);
    const windows = await server.db.selectFrom('login_rate').select('ip').where('ip', 'like', 'housekeeping-%').execute();
    expect(windows.map((r) => r.ip)).toEqual(['housekeeping-recent']);
    expect((await live.get('/api/auth/me')).status).toBe(200);
  });
});

describe('TOTP: /api/auth/totp/setup, /enable, /disable', () => {
  it('need a session', async () => {
    const anon = server.anonymous();
    expectError(await anon.post('/api/auth/totp/setup'), { status: 401, code: 'unauthenticated' });
    expectError(await anon.post('/api/auth/totp/enable', { code: '123456' }), { status: 401, code: 'unauthenticated' });
    expectError(await anon.post('/api/auth/totp/disable', { code: '123456' }), { status: 401, code: 'unauthenticated' });
  });

  it('enrols, then requires the code at sign-in and refuses a replayed code', async () => {
    const acc = await readyAccount('totp');
    const c = acc.client;
    expectError(await c.post('/api/auth/totp/enable', { code: '123456' }), { status: 401, code: 'totp_invalid' });
    const setup = await c.post('/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    const secret: string = setup.body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUrl).toContain(`secret=${secret}`);
    expectError(await c.post('/api/auth/totp/enable', { code: 'abc' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.code' },
    });
    const wrong = String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    expectError(await c.post('/api/auth/totp/enable', { code: wrong }), {
      status: 401,
      code: 'totp_invalid',
      field: { path: 'body.code' },
    });
    expect((await c.post('/api/auth/totp/enable', { code: totpCode(secret) })).status).toBe(204);
    expect((await c.get('/api/auth/me')).body.user.totpEnabled).toBe(true);

    expectError(await attempt(acc.username, USER_PASSWORD2), { status: 401, code: 'totp_required' });
    // The enrolment consumed the current step; the next step's code is inside the ±1 window.
    const next = totpCode(secret, Date.now() + 30_000);
    const ok = await attempt(acc.username, USER_PASSWORD2, { totpCode: next });
    expect(ok.status).toBe(200);
    expectError(await attempt(acc.username, USER_PASSWORD2, { totpCode: next }), { status: 401, code: 'totp_invalid' });
    expectError(await attempt(acc.username, 'Wrong-Passw0rd!', { totpCode: next }), { status: 401, code: 'invalid_credentials' });

    expectError(await c.post('/api/auth/totp/disable', { code: wrong }), { status: 401, code: 'totp_invalid' });
    expect((await c.post('/api/auth/totp/disable', { code: totpCode(secret) })).status).toBe(204);
    expect((await attempt(acc.username, USER_PASSWORD2)).status).toBe(200);
  });

  describe('with JIANGXIN_ADMIN_TOTP=required', () => {
    let strict: TestServer;
    beforeAll(async () => {
      strict = await startTestServer({ JIANGXIN_ADMIN_TOTP: 'required' });
    });
    afterAll(() => strict.close());

    it('lets an admin without TOTP do nothing but enrol; then requires the code and forbids turning it off', async () => {
      const login = await strict.anonymous().post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
      expect(login.body.totpEnrollmentRequired).toBe(true);
      const admin = await strict.login('admin');
      expectError(await admin.get('/api/orgs'), { status: 403, code: 'totp_enrollment_required' });
      expectError(await admin.post('/api/orgs', { parentId: strict.rootOrgId, name: '省', kind: 'federation', level: 'province' }), {
        status: 403,
        code: 'totp_enrollment_required',
      });
      expect((await admin.get('/api/auth/me')).body.totpEnrollmentRequired).toBe(true);

      const setup = await admin.post('/api/auth/totp/setup');
      expect(setup.status).toBe(200);
      expect((await admin.post('/api/auth/totp/enable', { code: totpCode(setup.body.secret) })).status).toBe(204);
      expect((await admin.get('/api/orgs')).status).toBe(200);
      expectError(await admin.post('/api/auth/totp/disable', { code: totpCode(setup.body.secret) }), { status: 403, code: 'forbidden' });

      expectError(await strict.anonymous().post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }), {
        status: 401,
        code: 'totp_required',
      });
      const again = await strict.login('admin', ADMIN_PASSWORD, totpCode(setup.body.secret, Date.now() + 30_000));
      expect((await again.get('/api/auth/me')).body).toMatchObject({ totpEnrollmentRequired: false, user: { totpEnabled: true } });
    });
  });
});

describe('PATCH /api/auth/preferences', () => {
  it('needs a session', async () => {
    expectError(await server.anonymous().patch('/api/auth/preferences', { locale: 'en-US' }), { status: 401, code: 'unauthenticated' });
  });

  it('refuses an unknown locale', async () => {
    const { client } = await readyAccount('pref');
    expectError(await client.patch('/api/auth/preferences', { locale: 'fr-FR' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.locale', code: 'invalid_value' },
    });
  });

  it('makes messages English even when the browser asks for Chinese', async () => {
    const { client } = await readyAccount('pref');
    expect(client.locale).toBe('zh-CN');
    expect((await client.get(`/api/orgs/${world.cityB}`)).body.message).toBe('未找到组织');
    expect((await client.patch('/api/auth/preferences', { locale: 'en-US' })).status).toBe(204);
    expect((await client.get('/api/auth/me')).body.user.locale).toBe('en-US');
    const res = await client.get(`/api/orgs/${world.cityB}`);
    expectError(res, { status: 404, code: 'not_found' });
    expect(res.body.message).toBe('Organisation not found');
  });
});
