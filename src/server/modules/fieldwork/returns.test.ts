// Questionnaires and status returns: sent to units the organiser reaches, answered (draft, submit by
// the deadline), pre-filled from the unit's records and marked, rolled up per question, exported;
// who sees what; bad input per field in both languages with nothing saved; one reminder, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { must } from '../../testing/tasks-world.js';
import { expectError } from '../../testing/expect-error.js';
import { runFieldworkJob } from './fieldwork.jobs.js';

const put = (c: Client, path: string, body: unknown) => c.request('PUT', path, body);

describe('status returns', () => {
  let server: TestServer;
  let w: World;
  let entA: Client;
  let unitA: Client;
  let entB: Client;
  const body = () => ({
    title: '企业复工复产情况统计表',
    deadline: '2099-03-01',
    questions: [
      { label: '职工人数', kind: 'number', unit: '人', required: true, fact: 'workers', help: '按花名册填写' },
      { label: '复工情况', kind: 'single', options: ['已全面复工', '部分复工', '未复工'], required: true },
      { label: '存在困难', kind: 'multiple', options: ['用工', '资金', '原料'] },
      { label: '复工日期', kind: 'date' },
    ],
    recipientOrgIds: [w.enterpriseA, w.unitA],
  });

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    await createUser(w.admin, 'rt_ent_a', w.enterpriseA, ['enterprise_staff']);
    await createUser(w.admin, 'rt_unit_a', w.unitA, ['member_unit_liaison']);
    await createUser(w.admin, 'rt_ent_b', w.enterpriseB, ['enterprise_staff']);
    entA = await loginFresh(server, 'rt_ent_a');
    unitA = await loginFresh(server, 'rt_unit_a');
    entB = await loginFresh(server, 'rt_ent_b');
  }, 120_000);
  afterAll(() => server.close());

  it('refuses bad forms per field in both languages, nothing saved', async () => {
    const before = (await w.staffA.get('/api/returns')).body.items.length;
    expectError(await w.staffA.post('/api/returns', { ...body(), deadline: '2020-01-01' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.deadline', code: 'deadline_past', message: '填报截止日期不能早于今天' },
    });
    w.staffA.locale = 'en-US';
    expectError(await w.staffA.post('/api/returns', { ...body(), recipientOrgIds: [w.enterpriseA, w.enterpriseB] }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.recipientOrgIds.1', code: 'unreachable_unit', message: 'Units to answer is not a unit the organiser reaches' },
    });
    const q = body().questions;
    q[1] = { label: '复工情况', kind: 'single', options: ['仅一项'], required: true };
    expectError(await w.staffA.post('/api/returns', { ...body(), questions: q }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.questions.1.options', code: 'too_few_options' },
    });
    w.staffA.locale = 'zh-CN';
    expect((await w.staffA.get('/api/returns')).body.items.length).toBe(before);
  }, 60_000);

  it('sends, pre-fills, answers (draft, submit), rolls up, exports; recipients see only their own', async () => {
    const r = must(await w.staffA.post('/api/returns', body()), 201, 'return');
    expect(r.manage).toBe(true);
    expect(r.answers).toHaveLength(2);
    const mine = must(await entA.get(`/api/returns/${r.id}`), 200, 'own');
    expect(mine.manage).toBe(false);
    expect(mine.rollup).toBeNull();
    expect(mine.answers).toHaveLength(1);
    const a = mine.answers[0];
    expect(a.prefilled).toEqual(['q1']);
    expect(typeof a.answers.q1).toBe('number');
    expect((await entB.get(`/api/returns/${r.id}`)).status).toBe(404);
    expect((await entA.get(`/api/returns/${r.id}/export.xlsx`)).status).toBe(403);

    // bad answers
    expectError(await put(entA, `/api/return-answers/${a.id}`, { answers: [{ key: 'q2', value: '复产' }] }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.answers.0.value', code: 'not_an_option', message: '答案不在可选项中' },
    });
    expectError(await put(entA, `/api/return-answers/${a.id}`, { answers: [{ key: 'q1', value: '一百' }] }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.answers.0.value', code: 'not_a_number', message: '答案须为数字' },
    });
    // draft, then submit missing a required answer
    const draft = must(await put(entA, `/api/return-answers/${a.id}`, { answers: [{ key: 'q1', value: 120 }] }), 200, 'draft');
    expect(draft.answers[0].status).toBe('draft');
    entA.locale = 'en-US';
    expectError(await entA.post(`/api/return-answers/${a.id}/submit`, { answers: [] }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.questions.1', code: 'answer_required', message: '"复工情况" is required: answer it before submitting' },
    });
    entA.locale = 'zh-CN';
    must(
      await entA.post(`/api/return-answers/${a.id}/submit`, {
        answers: [
          { key: 'q2', value: '部分复工' },
          { key: 'q3', value: ['用工', '资金'] },
          { key: 'q4', value: '2026-02-20' },
        ],
      }),
      200,
      'submit',
    );
    expect((await put(entA, `/api/return-answers/${a.id}`, { answers: [] })).status).toBe(409);
    // a unit outside cannot answer another unit's return
    expect((await entB.post(`/api/return-answers/${a.id}/submit`, { answers: [] })).status).toBe(404);

    const other = must(await w.staffA.get(`/api/returns/${r.id}`), 200, 'full').answers.find((x: any) => x.org.id === w.unitA);
    must(
      await unitA.post(`/api/return-answers/${other.id}/submit`, {
        answers: [
          { key: 'q1', value: 30 },
          { key: 'q2', value: '已全面复工' },
          { key: 'q3', value: ['用工'] },
        ],
      }),
      200,
      'submit 2',
    );
    const full = must(await w.staffA.get(`/api/returns/${r.id}`), 200, 'full');
    expect(full.rollup[0]).toMatchObject({ key: 'q1', answered: 2, sum: 150 });
    expect(full.rollup[1].shares).toEqual([
      { option: '已全面复工', count: 1, share: 0.5 },
      { option: '部分复工', count: 1, share: 0.5 },
      { option: '未复工', count: 0, share: 0 },
    ]);
    expect(full.rollup[2].shares[0]).toEqual({ option: '用工', count: 2, share: 1 });
    expect(full.rollup[3].list).toEqual([{ org: expect.any(String), value: '2026-02-20' }]);
    const x = await w.staffA.get(`/api/returns/${r.id}/export.xlsx`);
    expect(x.status).toBe(200);

    const audits = await server.db
      .selectFrom('audit_log')
      .select(['entity_type', 'action'])
      .where('entity_type', 'in', ['status_return', 'return_answer'])
      .execute();
    const acts = audits.map((l) => `${l.entity_type}:${l.action}`);
    for (const k of ['status_return:create', 'return_answer:update', 'return_answer:submit', 'status_return:export'])
      expect(acts).toContain(k);
  }, 120_000);

  it('refuses a late submission and reminds once, exactly once', async () => {
    const r = must(await w.staffA.post('/api/returns', { ...body(), deadline: '2099-05-10' }), 201, 'return');
    for (const d of ['2099-05-07', '2099-05-08', '2099-05-08', '2099-05-09', '2099-05-12'])
      await runFieldworkJob(server.db, new Date(`${d}T01:00:00Z`));
    const sent = await server.db
      .selectFrom('notifications')
      .select('dedupe_key')
      .where('dedupe_key', 'like', 'return_reminder:%')
      .where('entity_id', '=', r.id)
      .execute();
    expect(new Set(sent.map((n) => n.dedupe_key)).size).toBe(2);
    await server.db.updateTable('fw_returns').set({ deadline: '2020-01-01' }).where('id', '=', r.id).execute();
    const a = r.answers.find((x: any) => x.org.id === w.enterpriseA);
    expectError(await entA.post(`/api/return-answers/${a.id}/submit`, { answers: [{ key: 'q2', value: '未复工' }] }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.answers', code: 'after_deadline', message: '已过报送时限，填报内容不能再提交' },
    });
  }, 60_000);
});
