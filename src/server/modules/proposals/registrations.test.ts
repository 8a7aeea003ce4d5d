// Worker self-registration through HTTP (issue #16 item 1): a registry person registers with their
// ID number and registered mobile, cannot sign in until the enterprise union confirms, then signs in
// as a worker; each refusal (bad check digit, no match, wrong mobile, account or request already
// there, rate limit, rejection without a reason, staff outside the subtree) saves nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { expectError } from '../../testing/expect-error.js';
import { createWorld, type World } from '../../testing/world.js';
import { createPeopleWorld, nthIdNumber, nthPhone, type PeopleWorld } from '../../testing/people-world.js';
import { REGISTRATION_ATTEMPTS_PER_MINUTE } from './registrations.service.js';

const PASSWORD = 'Worker-Passw0rd!';

describe('worker self-registration', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let anon: Client;
  const people: Record<'zhao' | 'qian' | 'sun', { id: string; idNumber: string; mobile: string }> = {} as never;
  const counts = async () => {
    const n = async (t: 'worker_registrations' | 'users') =>
      Number(
        (
          await server.db
            .selectFrom(t)
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      );
    return { registrations: await n('worker_registrations'), users: await n('users') };
  };

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
    anon = server.anonymous();
    const names = { zhao: '赵一', qian: '钱二', sun: '孙三' } as const;
    let n = 0;
    for (const key of ['zhao', 'qian', 'sun'] as const) {
      n++;
      const idNumber = nthIdNumber(800_000 + n);
      const mobile = nthPhone(800 + n);
      const res = await w.admin.post('/api/people', { orgId: w.enterpriseA, name: names[key], idNumber, phone: mobile });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      people[key] = { id: res.body.person.id, idNumber, mobile };
    }
  }, 300_000);
  afterAll(() => server.close());
  // Each case starts with fresh rate windows (the rate-limit case fills them).
  beforeEach(async () => {
    await server.db.deleteFrom('login_rate').where('ip', 'like', 'register%').execute();
  });

  const body = (who: { idNumber: string; mobile: string }, username: string) => ({
    idNumber: who.idNumber,
    mobile: who.mobile,
    username,
    password: PASSWORD,
  });

  it('refuses a bad check digit per field, and no match or a wrong mobile with one refusal, saving nothing', async () => {
    const before = await counts();
    const bad = `${people.zhao.idNumber.slice(0, 17)}${people.zhao.idNumber[17] === '1' ? '2' : '1'}`;
    expectError(await anon.post('/api/worker-registrations', { ...body(people.zhao, 'zhao_yi'), idNumber: bad }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.idNumber', code: 'invalid_check_digit', message: '身份证号的校验位不正确（GB 11643）' },
    });
    const unknown = await anon.post('/api/worker-registrations', { ...body(people.zhao, 'zhao_yi'), idNumber: nthIdNumber(812_345) });
    const wrongMobile = await anon.post('/api/worker-registrations', { ...body(people.zhao, 'zhao_yi'), mobile: nthPhone(999) });
    // A person without a mobile in the registry cannot register either (personA of the people world has one; B too).
    expectError(unknown, { status: 400, code: 'registration_refused', message: /^无法核实您的身份/ });
    expectError(wrongMobile, { status: 400, code: 'registration_refused' });
    // The two refusals say exactly the same: the route tells nothing about the registry.
    expect(wrongMobile.body.message).toBe(unknown.body.message);
    anon.locale = 'en-US';
    expectError(await anon.post('/api/worker-registrations', { ...body(people.zhao, 'zhao_yi'), mobile: nthPhone(999) }), {
      status: 400,
      code: 'registration_refused',
      message: /^We could not verify you/,
    });
    anon.locale = 'zh-CN';
    expectError(await anon.post('/api/worker-registrations', { ...body(people.zhao, 'zhao_yi'), password: 'short' }), {
      status: 400,
      code: 'password_policy',
      field: { path: 'body.password' },
    });
    expect(await counts()).toEqual(before);
  });

  it('rate-limits the attempts in the database-held windows', async () => {
    const before = await counts();
    const probe = () => anon.post('/api/worker-registrations', { ...body(people.zhao, 'zhao_yi'), mobile: nthPhone(998) });
    for (let i = 0; i < REGISTRATION_ATTEMPTS_PER_MINUTE; i++) expect((await probe()).status).toBe(400);
    expectError(await probe(), { status: 429, code: 'rate_limited' });
    // The right answer is refused too while the window lasts.
    expectError(await anon.post('/api/worker-registrations', body(people.zhao, 'zhao_yi')), { status: 429, code: 'rate_limited' });
    expect(await counts()).toEqual(before);
  });

  let zhaoRegistration: string;
  it('stores a matching request as pending with the password hashed, and sign-in says it awaits the union', async () => {
    const res = await anon.post('/api/worker-registrations', { ...body(people.zhao, 'zhao_yi'), mobile: `+86 ${people.zhao.mobile}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ status: 'pending' });
    const row = await server.db
      .selectFrom('worker_registrations')
      .selectAll()
      .where('person_id', '=', people.zhao.id)
      .executeTakeFirstOrThrow();
    zhaoRegistration = row.id;
    expect(row.status).toBe('pending');
    expect(row.password_hash).toMatch(/^\$argon2/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expectError(await anon.post('/api/auth/login', { username: 'zhao_yi', password: PASSWORD }), {
      status: 403,
      code: 'registration_pending',
      message: '您的注册申请正在等待企业工会确认，确认后即可登录',
    });
    // Without the password the name is just unknown.
    expectError(await anon.post('/api/auth/login', { username: 'zhao_yi', password: 'Other-Passw0rd!' }), {
      status: 401,
      code: 'invalid_credentials',
    });
  });

  it('refuses a second request while one is pending, and a username already taken', async () => {
    const before = await counts();
    expectError(await anon.post('/api/worker-registrations', body(people.zhao, 'zhao_again')), {
      status: 409,
      code: 'registration_exists',
    });
    expectError(await anon.post('/api/worker-registrations', body(people.qian, 'zhao_yi')), { status: 409, code: 'username_taken' });
    expectError(await anon.post('/api/worker-registrations', body(people.qian, 'ent_a')), { status: 409, code: 'username_taken' });
    expect(await counts()).toEqual(before);
  });

  it('shows the queue masked to the enterprise union, and nothing of it outside the subtree', async () => {
    const list = await p.entA.get('/api/proposals/worker-registrations');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: zhaoRegistration,
        personName: '赵一',
        orgId: w.enterpriseA,
        username: 'zhao_yi',
        idMasked: `${people.zhao.idNumber.slice(0, 4)}**********${people.zhao.idNumber.slice(-4)}`,
        mobileMasked: `${people.zhao.mobile.slice(0, 3)}****${people.zhao.mobile.slice(-4)}`,
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(people.zhao.idNumber);
    expect((await w.staffA.get(`/api/proposals/worker-registrations?orgId=${w.enterpriseA}`)).body.total).toBe(1);
    expect((await p.entB.get('/api/proposals/worker-registrations')).body).toEqual({ items: [], total: 0 });
    expect((await w.staffB.get('/api/proposals/worker-registrations')).body.total).toBe(0);
    expect((await p.entB.get(`/api/proposals/worker-registrations?orgId=${w.enterpriseA}`)).status).toBe(404);
    expect((await p.entB.post(`/api/proposals/worker-registrations/${zhaoRegistration}/confirm`)).status).toBe(404);
    expect((await w.staffB.post(`/api/proposals/worker-registrations/${zhaoRegistration}/reject`, { reason: '越权' })).status).toBe(404);
    expect((await anon.get('/api/proposals/worker-registrations')).status).toBe(401);
    expect((await anon.post(`/api/proposals/worker-registrations/${zhaoRegistration}/confirm`)).status).toBe(401);
    const row = await server.db
      .selectFrom('worker_registrations')
      .select('status')
      .where('id', '=', zhaoRegistration)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('refuses a rejection without a reason, changing nothing', async () => {
    expectError(await p.entA.post(`/api/proposals/worker-registrations/${zhaoRegistration}/reject`, {}), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.reason' },
    });
    expectError(await p.entA.post(`/api/proposals/worker-registrations/${zhaoRegistration}/reject`, { reason: '  ' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.reason' },
    });
    const row = await server.db
      .selectFrom('worker_registrations')
      .select('status')
      .where('id', '=', zhaoRegistration)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('confirms: the worker account is created linked to the person, and the worker signs in with the chosen password', async () => {
    const res = await p.entA.post(`/api/proposals/worker-registrations/${zhaoRegistration}/confirm`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ username: 'zhao_yi', personId: people.zhao.id });
    expectError(await p.entA.post(`/api/proposals/worker-registrations/${zhaoRegistration}/confirm`), {
      status: 409,
      code: 'registration_state',
    });
    const worker = await server.login('zhao_yi', PASSWORD);
    const me = await worker.get('/api/auth/me');
    expect(me.body.user.roles).toEqual(['worker']);
    expect(me.body.mustChangePassword).toBe(false);
    expect((await worker.get('/api/proposals')).status).toBe(200);
    expect((await worker.get('/api/proposals/worker-registrations')).status).toBe(403);
    expect((await p.entA.get('/api/proposals/worker-registrations')).body.total).toBe(0);
  });

  it('tells a person who already has an account so, saving nothing', async () => {
    const before = await counts();
    expectError(await anon.post('/api/worker-registrations', body(people.zhao, 'zhao_two')), {
      status: 409,
      code: 'worker_has_account',
      message: /^您已有登录账号/,
    });
    expect(await counts()).toEqual(before);
  });

  it('rejects with a reason that sign-in shows, and the person may register again', async () => {
    expect((await anon.post('/api/worker-registrations', body(people.qian, 'qian_er'))).status).toBe(201);
    const id = (await p.entA.get('/api/proposals/worker-registrations')).body.items[0].id;
    const res = await w.staffA.post(`/api/proposals/worker-registrations/${id}/reject`, { reason: '手机号已停用，请先到工会更新' });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expectError(await anon.post('/api/auth/login', { username: 'qian_er', password: PASSWORD }), {
      status: 403,
      code: 'registration_rejected',
      message: '您的注册申请未获企业工会确认，原因：手机号已停用，请先到工会更新',
    });
    const users = await server.db.selectFrom('users').select('id').where('person_id', '=', people.qian.id).execute();
    expect(users).toEqual([]);
    expect((await anon.post('/api/worker-registrations', body(people.qian, 'qian_er2'))).status).toBe(201);
  });

  it('audits every step in readable words', async () => {
    w.admin.locale = 'en-US';
    const res = await w.admin.get('/api/audit?entityType=worker_registration&pageSize=50');
    w.admin.locale = 'zh-CN';
    expect(res.status).toBe(200);
    const items = res.body.items as { action: string; entityName: string | null; summary: string }[];
    // (the refused attempts of the sibling subtree are logged too: permission_denied)
    expect(
      items
        .map((e) => e.action)
        .filter((a) => a !== 'permission_denied')
        .sort(),
    ).toEqual(['confirm', 'register', 'register', 'register', 'reject'].sort());
    const confirmed = items.find((e) => e.action === 'confirm')!;
    expect(confirmed.entityName).toBe('赵一');
    expect(confirmed.summary).toContain("registration: awaiting the union's confirmation → confirmed");
    expect(confirmed.summary).toContain('username: zhao_yi');
    const rejected = items.find((e) => e.action === 'reject')!;
    expect(rejected.summary).toContain('reason: 手机号已停用');
    expect(JSON.stringify(items)).not.toContain(PASSWORD);
    const created = await w.admin.get(`/api/audit?entityType=user&pageSize=200`);
    expect(created.body.items.some((e: { action: string; entityName: string }) => e.action === 'create' && e.entityName === '赵一')).toBe(
      true,
    );
  });
});
