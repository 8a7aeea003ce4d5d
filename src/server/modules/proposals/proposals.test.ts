// Employee innovation through HTTP: a proposal with two proposers (60/40), the review workflow with
// reasons, implementation, the verified labour-hour benefit in exact fen, the award split, and the
// refusals of bad input with nothing saved. Every step is in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.js';
import { expectError } from '../../testing/expect-error.js';
import { createWorld, loginFresh, USER_PASSWORD2, type World } from '../../testing/world.js';
import { createPeopleWorld, nthIdNumber, type PeopleWorld } from '../../testing/people-world.js';

describe('innovation', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let coProposer: string;
  let itemId: string;
  const count = async () =>
    Number(
      (
        await server.db
          .selectFrom('innovation_items')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n,
    );

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
    const c = await w.admin.post('/api/people', { orgId: w.enterpriseA, name: '赵丙', idNumber: nthIdNumber(700_001) });
    expect(c.status).toBe(201);
    coProposer = c.body.person.id;
  }, 300_000);
  afterAll(() => server.close());

  const proposal = () => ({
    orgId: w.enterpriseA,
    title: '装配工序优化',
    category: 'rationalisation',
    area: 'process',
    problem: '装配工时偏高',
    measures: '改用专用夹具',
    expectedBenefit: '每件节约0.2工时',
    ownDuties: false,
    proposers: [
      { personId: p.personA, shareBp: 6000 },
      { personId: coProposer, shareBp: 4000 },
    ],
  });

  it('refuses shares not summing to 100% and a proposer outside the registry, saving nothing', async () => {
    const before = await count();
    const body = proposal();
    expectError(
      await p.entA.post('/api/proposals', {
        ...body,
        proposers: [
          { personId: p.personA, shareBp: 6000 },
          { personId: coProposer, shareBp: 3000 },
        ],
      }),
      { status: 400, code: 'validation_failed', field: { path: 'body.proposers', code: 'shares_not_100' } },
    );
    expectError(
      await p.entA.post('/api/proposals', {
        ...body,
        proposers: [
          { personId: p.personA, shareBp: 6000 },
          { personId: p.personB, shareBp: 4000 },
        ],
      }),
      { status: 400, code: 'validation_failed', field: { path: 'body.proposers.1.personId', code: 'not_in_registry' } },
    );
    expectError(
      await p.entA.post('/api/proposals', {
        ...body,
        proposers: [
          { personId: p.personA, shareBp: 6000 },
          { personId: '999999999', shareBp: 4000 },
        ],
      }),
      { status: 400, code: 'validation_failed', field: { path: 'body.proposers.1.personId', code: 'not_in_registry' } },
    );
    expect(await count()).toBe(before);
  });

  it('creates a draft with two proposers', async () => {
    const r = await p.entA.post('/api/proposals', proposal());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'draft', number: expect.stringMatching(/^CX\d{6}$/) });
    expect(r.body.proposers.map((x: { shareBp: number }) => x.shareBp)).toEqual([6000, 4000]);
    itemId = r.body.id;
  });

  it('keeps others out: another subtree sees nothing, a viewer cannot act', async () => {
    expect((await p.entB.get(`/api/proposals/${itemId}`)).status).toBe(404);
    expect((await p.entB.post(`/api/proposals/${itemId}/steps`, { step: 'submit' })).status).toBe(404);
    const viewer = await loginFresh(server, 'viewer_a');
    expect((await viewer.get(`/api/proposals/${itemId}`)).status).toBe(200);
    expect((await viewer.post(`/api/proposals/${itemId}/steps`, { step: 'submit' })).status).toBe(403);
  });

  it('runs the workflow: a rejection or return without a reason is refused', async () => {
    expect((await p.entA.post(`/api/proposals/${itemId}/steps`, { step: 'adopt' })).status).toBe(409);
    expect((await p.entA.post(`/api/proposals/${itemId}/steps`, { step: 'submit' })).body.status).toBe('submitted');
    expectError(await p.entA.post(`/api/proposals/${itemId}/steps`, { step: 'reject' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.reason', code: 'required' },
    });
    const back = await p.entA.post(`/api/proposals/${itemId}/steps`, { step: 'return', reason: '请补充工时测定数据' });
    expect(back.body).toMatchObject({ status: 'returned', reason: '请补充工时测定数据' });
    for (const step of ['submit', 'send_to_experts', 'adopt']) {
      const r = await p.entA.post(`/api/proposals/${itemId}/steps`, { step });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    expectError(await p.entA.post(`/api/proposals/${itemId}/steps`, { step: 'implement' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.startDate', code: 'required' },
    });
    const impl = await p.entA.post(`/api/proposals/${itemId}/steps`, { step: 'implement', startDate: '2026-01-01' });
    expect(impl.body).toMatchObject({ status: 'implemented', implementedOn: '2026-01-01' });
  });

  const sheet = {
    formula: 'labour_hour',
    periodStart: '2026-01-01',
    oldValue: '0.3',
    newValue: '0.1',
    rate: '35.15',
    output: '3000',
    inputs: '0.2',
    award: '1000.01',
  };

  it('refuses a benefit period before the implementation and a negative output, saving nothing', async () => {
    expectError(await p.entA.post(`/api/proposals/${itemId}/benefit`, { ...sheet, periodStart: '2025-12-31' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.periodStart', code: 'before_implementation' },
    });
    expectError(await p.entA.post(`/api/proposals/${itemId}/benefit`, { ...sheet, output: '-5' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.output', code: 'negative' },
    });
    const en = await p.entA.request('POST', `/api/proposals/${itemId}/benefit`, { ...sheet, output: '-5' }, { 'accept-language': 'en-US' });
    expect(en.body.fields[0].message).toBe('The output in the period cannot be negative');
    const r = await p.entA.get(`/api/proposals/${itemId}`);
    expect(r.body).toMatchObject({ status: 'implemented', benefit: null });
  });

  it('verifies the labour-hour benefit exactly and splits the award 60/40 to the fen', async () => {
    const r = await p.entA.post(`/api/proposals/${itemId}/benefit`, sheet);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // (0.3 − 0.1) × 35.15 × 3000 − 0.2 = 21089.80 (floats: 0.3 − 0.1 = 0.19999999999999998)
    expect(r.body.benefit).toMatchObject({ savingYuan: '21089.80', tier: 'third', awardYuan: '1000.01' });
    // 100001 fen × 60% = 60000.6, × 40% = 40000.4: the left-over fen goes to the larger remainder
    expect(r.body.proposers.map((x: { awardYuan: string }) => x.awardYuan)).toEqual(['600.01', '400.00']);
    const paid = await p.entA.post(`/api/proposals/${itemId}/steps`, { step: 'pay' });
    expect(paid.body.status).toBe('paid');
  });

  it('has every step in the audit log', async () => {
    const a = await w.admin.get(`/api/audit?entityType=innovation_item&entityId=${itemId}&pageSize=100`);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const actions = (a.body.items as { action: string }[]).map((e) => e.action);
    for (const step of ['create', 'submit', 'return', 'send_to_experts', 'adopt', 'implement', 'verify_benefit', 'pay'])
      expect(actions).toContain(step);
  });

  it('files a result for later, adopts it from the file, runs a trial and accepts it on completion before the benefit', async () => {
    const c = await p.entA.post('/api/proposals', {
      ...proposal(),
      title: '节能照明改造',
      proposers: [{ personId: coProposer, shareBp: 10000 }],
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const id = c.body.id;
    const step = (body: Record<string, unknown>) => p.entA.post(`/api/proposals/${id}/steps`, body);
    for (const s of ['submit', 'send_to_experts', 'file']) expect((await step({ step: s })).status).toBe(200);
    expect((await p.entA.get(`/api/proposals/${id}`)).body.status).toBe('filed');
    // A filed result is neither implemented nor accepted before it is adopted.
    expect((await step({ step: 'implement', startDate: '2026-02-01' })).status).toBe(409);
    expect((await step({ step: 'accept' })).status).toBe(409);
    expect((await step({ step: 'adopt' })).body.status).toBe('adopted');
    expect((await step({ step: 'start_trial' })).body.status).toBe('trial');
    expect((await step({ step: 'implement', startDate: '2026-02-01' })).body).toMatchObject({
      status: 'implemented',
      implementedOn: '2026-02-01',
    });
    expect((await step({ step: 'accept' })).body.status).toBe('accepted');
    const v = await p.entA.post(`/api/proposals/${id}/benefit`, { ...sheet, periodStart: '2026-02-01' });
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(v.body.status).toBe('verified');
    const a = await w.admin.get(`/api/audit?entityType=innovation_item&entityId=${id}&pageSize=100`);
    const actions = (a.body.items as { action: string }[]).map((e) => e.action);
    for (const s of ['file_for_later', 'adopt', 'start_trial', 'implement', 'accept', 'verify_benefit']) expect(actions).toContain(s);
  });

  describe('worker accounts', () => {
    it('the enterprise union creates a worker account linked to the person, once', async () => {
      const r = await p.entA.post('/api/proposals/worker-accounts', {
        personId: p.personA,
        username: 'worker_a',
        password: 'User-Passw0rd!',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ username: 'worker_a', personId: p.personA });
      expectError(
        await p.entA.post('/api/proposals/worker-accounts', { personId: p.personA, username: 'worker_a2', password: 'User-Passw0rd!' }),
        { status: 409, code: 'conflict', field: { path: 'body.personId', code: 'has_account' } },
      );
      expect(
        (await p.entA.post('/api/proposals/worker-accounts', { personId: p.personB, username: 'worker_b', password: 'User-Passw0rd!' }))
          .status,
      ).toBe(404);
    });

    it('a worker signs in, submits their own proposal with a co-proposer, and reaches nothing else', async () => {
      const worker = await loginFresh(server, 'worker_a');
      const r = await worker.post('/api/proposals', proposal());
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect((await worker.post(`/api/proposals/${r.body.id}/steps`, { step: 'submit' })).body.status).toBe('submitted');
      // Reviewing is the union's.
      expect((await worker.post(`/api/proposals/${r.body.id}/steps`, { step: 'adopt' })).status).toBe(403);
      expect((await worker.post(`/api/proposals/${itemId}/benefit`, sheet)).status).toBe(403);
      // Their earlier proposal (entered by the union) is theirs too.
      expect((await worker.get(`/api/proposals/${itemId}`)).status).toBe(200);
      // Someone else's proposal in the same enterprise is not.
      const other = await p.entA.post('/api/proposals', { ...proposal(), proposers: [{ personId: coProposer, shareBp: 10000 }] });
      expect(other.status).toBe(201);
      expect((await worker.get(`/api/proposals/${other.body.id}`)).status).toBe(404);
      expect((await worker.post(`/api/proposals/${other.body.id}/steps`, { step: 'submit' })).status).toBe(404);
      expectError(await worker.post('/api/proposals', { ...proposal(), proposers: [{ personId: coProposer, shareBp: 10000 }] }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.proposers', code: 'self_not_proposer' },
      });
      // Their list holds only their own proposals; the union's queue holds everything of the enterprise (with the filed-then-trial item).
      const mine = await worker.get('/api/proposals');
      expect(mine.body.items.map((i: { id: string }) => i.id).sort()).toEqual([itemId, r.body.id].sort());
      const queue = await p.entA.get('/api/proposals?status=submitted');
      expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([r.body.id]);
      expect((await p.entA.get('/api/proposals')).body.total).toBe(4);
      expect((await p.entB.get('/api/proposals')).body.total).toBe(0);
      // Nothing of the registry or other modules.
      expect((await worker.get(`/api/people/${p.personA}`)).status).toBe(403);
      expect((await worker.get('/api/tasks')).status).toBe(403);
    });

    it("the proposer picker finds the people of the worker's enterprise by name and marks the worker; another subtree is refused", async () => {
      const worker = await server.login('worker_a', USER_PASSWORD2);
      const found = await worker.get(`/api/proposals/proposers?q=${encodeURIComponent('赵丙')}`);
      expect(found.status).toBe(200);
      expect(found.body.items).toEqual([expect.objectContaining({ id: coProposer, name: '赵丙', self: false })]);
      const me = await worker.get(`/api/proposals/proposers?q=${encodeURIComponent('李甲')}`);
      expect(me.body.items).toEqual([expect.objectContaining({ id: p.personA, self: true })]);
      // Another subtree is refused.
      expect((await p.entB.get(`/api/proposals/proposers?orgId=${w.enterpriseA}&q=${encodeURIComponent('赵')}`)).status).toBe(404);
      expect((await worker.get('/api/proposals/proposers?q=')).status).toBe(400);
    });
  });
});
