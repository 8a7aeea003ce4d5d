// Meeting briefing and pre-meeting report at the size the issue names: one unit leading 200 tasks
// (each with a target and an accepted report) under a programme, and a series whose first session
// decided 200 of them. Times GET /api/meetings/:id/briefing (the second session) and
// POST /api/invitations/:id/report/prefill (the unit's report, from the tasks summary) through the
// real HTTP app, signed in, and prints p50/p99. The target: p50 ≤ 20 ms on PostgreSQL.
// Usage: npx tsx bench/fieldwork.ts [--rounds 100]   (JX_TEST_DB=postgres for PostgreSQL at
// 127.0.0.1:5432, user postgres: a fresh database is created; default: PGlite in memory)
import { startTestServer } from '../src/server/testing/harness.js';
import { must } from '../src/server/testing/tasks-world.js';
import { createWorld } from '../src/server/testing/world.js';

const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf('--rounds') + 1] ?? 100) || 100;
const TASKS = 200;

const server = await startTestServer();
try {
  const w = await createWorld(server);
  const p = must(
    await w.staffA.post('/api/programmes', {
      title: '基准方案',
      periodStart: '2026-01-01',
      periodEnd: '2099-12-31',
      goals: [{ title: '目标' }],
    }),
    201,
    'programme',
  );
  const taskIds: string[] = [];
  for (let i = 0; i < TASKS; i++) {
    const t = must(
      await w.staffA.post('/api/tasks', {
        programmeId: p.id,
        goalId: p.goals[0].id,
        kind: 'prescribed',
        title: `任务${i}`,
        orgId: w.unitA,
        startDate: '2026-01-01',
        dueDate: i % 3 ? '2099-12-31' : '2026-02-01',
        cycle: 'once',
        targets: [{ metric: '新增技能人才', unit: '人', targetValue: 100 }],
      }),
      201,
      'task',
    );
    taskIds.push(t.id);
  }
  // Accepted reports, written directly (the bench measures reading them).
  await server.db
    .insertInto('task_reports')
    .values(
      taskIds.map((id, i) => ({
        task_id: id,
        period: 'once',
        status: 'accepted' as const,
        narrative: `第${i}项任务进展情况：已完成阶段目标`,
        metric_values: '[]',
        submitted_at: new Date(),
        reviewed_at: new Date(),
      })),
    )
    .execute();
  const series = must(await w.staffA.post('/api/meeting-series', { title: '联席会议' }), 201, 'series');
  const first = must(
    await w.staffA.post('/api/meetings', {
      seriesId: series.id,
      meetingType: 'joint',
      title: '第一次会议',
      meetingDate: '2099-01-10',
      programmeId: p.id,
      invitedOrgIds: [w.unitA],
    }),
    201,
    'first',
  );
  await server.db
    .insertInto('fw_decisions')
    .values(
      taskIds.map((id, i) => ({
        meeting_id: first.id,
        sort_order: i,
        text: `议定事项${i}`,
        owner_org_id: w.unitA,
        co_unit_ids: '[]',
        due_date: i % 3 ? '2099-12-31' : '2026-02-01',
        task_id: id,
      })),
    )
    .execute();
  const second = must(
    await w.staffA.post('/api/meetings', { seriesId: series.id, meetingType: 'joint', title: '第二次会议', meetingDate: '2099-03-10' }),
    201,
    'second',
  );
  const invitation = first.invitations[0].id;

  const time = async <Body>(name: string, call: () => Promise<{ status: number; body: Body }>, check: (b: Body) => boolean) => {
    for (let i = 0; i < 5; i++) await call(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const res = await call();
      ms.push(performance.now() - t0);
      if (res.status !== 200 || !check(res.body)) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
    console.log(`${name.padEnd(44)} p50 ${at(0.5).padStart(7)} ms   p99 ${at(0.99).padStart(7)} ms   (${ROUNDS} requests)`);
  };
  console.log(`database: ${server.kind}; ${TASKS} tasks and decisions for one unit`);
  await time(
    'GET /api/meetings/:id/briefing',
    () => w.staffA.get(`/api/meetings/${second.id}/briefing`),
    (b) => b.items.length === TASKS,
  );
  await time(
    'POST /api/invitations/:id/report/prefill',
    () => w.staffA.post(`/api/invitations/${invitation}/report/prefill`),
    (b) => b.reportData.taskCount === TASKS && b.reportData.reportsAccepted === TASKS,
  );
} finally {
  await server.close();
}
