// Two identical creates at once: each passes its own "does it exist?" check, the database's unique
// index refuses the second, and the answer is 409 conflict naming the field (not 500). On PGlite
// the two run one after the other and the service's own check answers the same 409.
// Serialization failures are retried inside the unit of work (transaction.ts).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nthIdNumber, createPeopleWorld, type PeopleWorld } from '../testing/people-world.js';
import { startTestServer, testDatabaseKind, type TestServer } from '../testing/harness.js';
import { createTasksWorld, type TasksWorld } from '../testing/tasks-world.js';
import { createWorld, type World } from '../testing/world.js';
import { inTransaction } from './transaction.js';

describe('concurrent identical creates', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let t: TasksWorld;
  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
    t = await createTasksWorld(server, w);
  });
  afterAll(() => server.close());

  const statuses = (answers: { status: number }[]) => answers.map((a) => a.status).sort();

  it('the same report period twice at once: one 201, one 409 naming the period', async () => {
    for (const period of ['2026-Q2', '2026-Q3', '2026-Q4']) {
      const answers = await Promise.all([0, 1].map(() => t.entB.post(`/api/tasks/${t.taskB}/reports`, { period, narrative: '并发' })));
      expect(statuses(answers)).toEqual([201, 409]);
      const refused = answers.find((a) => a.status === 409)!;
      expect(refused.body).toMatchObject({ status: 409, code: 'conflict', fields: [{ path: 'body.period' }] });
      expect(refused.body.fields[0].message).toContain('报送期次');
    }
    const rows = await server.db.selectFrom('task_reports').select('period').where('task_id', '=', t.taskB).execute();
    expect(rows.map((r) => r.period).sort()).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  });

  it('the same ID number twice at once in one enterprise: one 201, one 409 naming the ID number', async () => {
    for (let i = 0; i < 3; i++) {
      const idNumber = nthIdNumber(700_000 + i);
      const answers = await Promise.all([0, 1].map(() => p.entA.post('/api/people', { orgId: w.enterpriseA, name: '并发', idNumber })));
      expect(statuses(answers)).toEqual([201, 409]);
      const refused = answers.find((a) => a.status === 409)!;
      // The service's own check says person_exists; the unique index, when both passed it, says conflict on the field.
      if (refused.body.code === 'conflict')
        expect(refused.body.fields[0]).toMatchObject({ path: 'body.idNumber', code: 'already_registered' });
      else expect(refused.body.code).toBe('person_exists');
    }
  });

  it.skipIf(testDatabaseKind() !== 'postgres')('serialization failures are retried inside the unit of work', async () => {
    await sql`CREATE TABLE IF NOT EXISTS jx_retry_probe (n int)`.execute(server.db);
    let runs = 0;
    // Two serializable transactions that each read what the other writes: PostgreSQL aborts one (40001).
    const work = (n: number) =>
      inTransaction(
        server.db,
        async (trx) => {
          runs++;
          const { rows } = await sql<{ c: number }>`SELECT count(*)::int AS c FROM jx_retry_probe`.execute(trx);
          await sql`SELECT pg_sleep(0.1)`.execute(trx);
          await sql`INSERT INTO jx_retry_probe VALUES (${n * 100 + rows[0]!.c})`.execute(trx);
        },
        { isolation: 'serializable' },
      );
    await Promise.all([work(1), work(2)]);
    expect(runs).toBeGreaterThan(2);
    expect((await sql<{ c: number }>`SELECT count(*)::int AS c FROM jx_retry_probe`.execute(server.db)).rows[0]!.c).toBe(2);
  });
});
