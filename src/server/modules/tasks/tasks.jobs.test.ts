// The daily task job: stored statuses follow the calendar, and deadline reminders (7 days, 1 day,
// overdue) go out exactly once per task, period and stage — whether the job runs twice, is
// re-run after a crash, or is picked up by another process after a restart. Plus the pure rules.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { must } from '../../testing/tasks-world.js';
import { runDueJobs } from '../../platform/jobs.js';
import { runDailyTaskJob, stageOf, TASKS_DAILY_JOB } from './tasks.jobs.js';
import { computeStatus, periodsOf, owedPeriods } from './status.js';

const NOW = new Date('2026-06-24T01:00:00Z');
const at = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

describe('daily task job', () => {
  let server: TestServer;
  let w: World;
  let entA: Client;
  const ids: Record<string, string> = {};
  const deadlines = async () =>
    await server.db
      .selectFrom('notifications')
      .select(['dedupe_key', 'user_id'])
      .where('kind', '=', 'deadline')
      .orderBy('dedupe_key')
      .execute();

  beforeAll(async () => {
    server = await startTestServer({ JIANGXIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'jx-jobs-')) });
    w = await createWorld(server);
    await createUser(w.admin, 'ent_a', w.enterpriseA, ['enterprise_staff']);
    await createUser(w.admin, 'ent_a2', w.enterpriseA, ['enterprise_staff']);
    entA = await loginFresh(server, 'ent_a');
    const p = must(
      await w.staffA.post('/api/programmes', {
        title: '2026年工作要点',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        goals: [{ title: '目标' }],
      }),
      201,
      'programme',
    );
    const task = async (key: string, body: Record<string, unknown>) => {
      ids[key] = must(
        await w.staffA.post('/api/tasks', {
          programmeId: p.id,
          goalId: p.goals[0].id,
          kind: 'prescribed',
          title: key,
          orgId: w.enterpriseA,
          ...body,
        }),
        201,
        key,
      ).id;
    };
    await task('due-in-5', { startDate: '2026-06-01', dueDate: '2026-06-29', cycle: 'once' });
    await task('quarterly-reported', { startDate: '2026-01-01', dueDate: '2026-12-31', cycle: 'quarterly' });
    await task('overdue-4', { startDate: '2026-05-01', dueDate: '2026-06-20', cycle: 'once' });
    await task('far', { startDate: '2026-06-01', dueDate: '2026-12-31', cycle: 'once' });
    const r = must(
      await entA.post(`/api/tasks/${ids['quarterly-reported']}/reports`, { period: '2026-Q2', narrative: '已报送' }),
      201,
      'report',
    );
    must(await entA.post(`/api/reports/${r.id}/submit`), 200, 'submit');
  });
  afterAll(() => server.close());

  it('sends each reminder once per user however often it runs', async () => {
    await runDailyTaskJob(server.db, NOW);
    await runDailyTaskJob(server.db, NOW);
    const sent = await deadlines();
    const keys = [...new Set(sent.map((n) => n.dedupe_key))];
    expect(keys).toEqual([`deadline:${ids['due-in-5']}:once:7d`, `deadline:${ids['overdue-4']}:once:overdue`].sort());
    // Two users at the enterprise: one copy each, no more.
    expect(sent).toHaveLength(4);
    const statuses = await server.db.selectFrom('tasks').select(['title', 'status']).orderBy('id').execute();
    expect(Object.fromEntries(statuses.map((s) => [s.title, s.status]))).toEqual({
      'due-in-5': 'at_risk',
      'quarterly-reported': 'on_track',
      'overdue-4': 'overdue',
      far: 'on_track',
    });
    const audit = await server.db.selectFrom('audit_log').select('after').where('action', '=', 'refresh_status').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('survives a restart: the schedule is in the database and a re-run after a crash sends nothing twice', async () => {
    // First process: the job is new, so it is due at once; everything it would send was sent.
    const first = await runDueJobs(server.db, NOW, { only: [TASKS_DAILY_JOB], runnerId: 'process-1' });
    expect(first.map((r) => r.status)).toEqual(['ok']);
    expect(await deadlines()).toHaveLength(4);
    // A restarted process the same day: not due again.
    expect(await runDueJobs(server.db, at(0.5), { only: [TASKS_DAILY_JOB], runnerId: 'process-2' })).toEqual([]);
    // Four days later the 1-day reminder goes out, once.
    const later = await runDueJobs(server.db, at(4), { only: [TASKS_DAILY_JOB], runnerId: 'process-2' });
    expect(later.map((r) => r.status)).toEqual(['ok']);
    await runDailyTaskJob(server.db, at(4)); // as if the process died before advancing the schedule
    const keys = (await deadlines()).map((n) => n.dedupe_key);
    expect([...new Set(keys)].sort()).toEqual(
      [`deadline:${ids['due-in-5']}:once:1d`, `deadline:${ids['due-in-5']}:once:7d`, `deadline:${ids['overdue-4']}:once:overdue`].sort(),
    );
    expect(keys).toHaveLength(6);
    const bell = await entA.get('/api/notifications?pageSize=50');
    expect(bell.body.items.filter((n: any) => n.kind === 'deadline')).toHaveLength(3);
  });

  it('names reporting periods as people say them, never by their stored key', async () => {
    // Late September: the quarterly task's third-quarter report is due within a week.
    await runDailyTaskJob(server.db, at(93));
    const titles = (await server.db.selectFrom('notifications').select(['title_zh', 'title_en']).execute()).flatMap((n) => [
      n.title_zh,
      n.title_en,
    ]);
    expect(titles).toContain('“quarterly-reported”2026年第3季度进展报告将于 2026-09-30 到期');
    expect(titles).toContain('The progress report on "quarterly-reported" for Q3 2026 is due on 2026-09-30');
    for (const x of titles) expect(x).not.toMatch(/20\d\d-(Q|H|M)\d/);
  });
});

describe('status rules', () => {
  const base = { startDate: '2026-01-01', dueDate: '2026-12-31', hasAcceptedReport: false, childCount: 0, childrenCompleted: 0 };
  const target = (actual: number) => [{ targetValue: 100, actualValue: actual }];
  it('computes not started, on track, at risk, overdue and completed', () => {
    expect(computeStatus({ ...base, targets: target(0) }, '2025-12-31')).toBe('not_started');
    expect(computeStatus({ ...base, targets: target(10) }, '2026-03-01')).toBe('on_track');
    // Past two thirds of the span with less than half done.
    expect(computeStatus({ ...base, targets: target(40) }, '2026-10-01')).toBe('at_risk');
    expect(computeStatus({ ...base, targets: target(60) }, '2026-10-01')).toBe('on_track');
    // Due within 14 days and not complete.
    expect(computeStatus({ ...base, targets: target(90) }, '2026-12-20')).toBe('at_risk');
    expect(computeStatus({ ...base, targets: target(90) }, '2027-01-01')).toBe('overdue');
    expect(computeStatus({ ...base, targets: target(100) }, '2027-01-01')).toBe('completed');
    expect(computeStatus({ ...base, targets: [] }, '2026-03-01')).toBe('on_track');
    expect(computeStatus({ ...base, targets: [], hasAcceptedReport: true }, '2026-03-01')).toBe('completed');
    expect(computeStatus({ ...base, targets: [], hasAcceptedReport: true, childCount: 2, childrenCompleted: 1 }, '2026-03-01')).toBe(
      'on_track',
    );
  });
  it('owes no report for periods that ended before the task was created, unless one was given', () => {
    expect(owedPeriods('quarterly', '2026-01-01', '2026-12-31', '2026-12-03', new Set()).map((p) => p.key)).toEqual(['2026-Q4']);
    expect(owedPeriods('quarterly', '2026-01-01', '2026-12-31', '2026-12-03', new Set(['2026-Q2'])).map((p) => p.key)).toEqual([
      '2026-Q2',
      '2026-Q4',
    ]);
    expect(owedPeriods('quarterly', '2026-01-01', '2026-12-31', '2026-01-05', new Set())).toHaveLength(4);
  });
  it('lists the reporting periods of each cycle within the task dates', () => {
    expect(periodsOf('monthly', '2026-01-15', '2026-03-10').map((p) => [p.key, p.start, p.deadline])).toEqual([
      ['2026-M01', '2026-01-15', '2026-01-31'],
      ['2026-M02', '2026-02-01', '2026-02-28'],
      ['2026-M03', '2026-03-01', '2026-03-10'],
    ]);
    expect(periodsOf('quarterly', '2026-02-01', '2027-01-15').map((p) => p.key)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
      '2027-Q1',
    ]);
    expect(periodsOf('half_yearly', '2026-01-01', '2026-12-31').map((p) => [p.key, p.deadline])).toEqual([
      ['2026-H1', '2026-06-30'],
      ['2026-H2', '2026-12-31'],
    ]);
    expect(periodsOf('once', '2026-01-01', '2026-05-31')).toEqual([
      { key: 'once', start: '2026-01-01', end: '2026-05-31', deadline: '2026-05-31' },
    ]);
  });
  it('stages reminders at 7 days, 1 day and overdue (for 30 days)', () => {
    expect(stageOf('2026-07-02', '2026-06-24')).toBeUndefined();
    expect(stageOf('2026-07-01', '2026-06-24')).toBe('7d');
    expect(stageOf('2026-06-25', '2026-06-24')).toBe('1d');
    expect(stageOf('2026-06-24', '2026-06-24')).toBe('1d');
    expect(stageOf('2026-06-23', '2026-06-24')).toBe('overdue');
    expect(stageOf('2026-05-01', '2026-06-24')).toBeUndefined();
  });
});
