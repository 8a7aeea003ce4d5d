// The scheduled-job runner on a real database: a due job runs once and not again until its next
// run, two processes racing run it once, a dead holder's lease expires, failures are retried,
// and the schedule (with notify()'s dedupe keys) survives a restart: each reminder is sent once.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { notify } from '../modules/notifications/notify.js';
import { openTestDatabase, TEST_PG_URL, testDatabaseKind } from '../testing/harness.js';
import { registerJob, runDueJobs, startJobRunner, unregisterJob } from './jobs.js';

const T0 = new Date('2026-12-01T01:00:00Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);

describe('scheduled jobs', () => {
  let h: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    h = await openTestDatabase();
  });
  afterAll(() => h.close());

  it('runs a due job once, then not again until its next run', async () => {
    const runs: string[] = [];
    registerJob({ name: 'count', everyMinutes: 60, run: async (_db, now) => void runs.push(now.toISOString()) });
    try {
      expect(await runDueJobs(h.db, T0, { only: ['count'] })).toMatchObject([{ name: 'count', status: 'ok' }]);
      expect(await runDueJobs(h.db, T0, { only: ['count'] })).toEqual([]);
      expect(await runDueJobs(h.db, minutes(59), { only: ['count'] })).toEqual([]);
      await runDueJobs(h.db, minutes(60), { only: ['count'] });
      expect(runs).toEqual([T0.toISOString(), minutes(60).toISOString()]);
      const row = await h.db.selectFrom('scheduled_jobs').selectAll().where('name', '=', 'count').executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        last_run_at: minutes(60),
        next_run_at: minutes(120),
        locked_by: null,
        locked_until: null,
        last_error: null,
      });
    } finally {
      unregisterJob('count');
    }
  });

  it('runs a job once when two processes look for due jobs at the same time', async () => {
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    registerJob({
      name: 'race',
      everyMinutes: 1440,
      run: async () => {
        runs += 1;
        await gate;
      },
    });
    try {
      const a = runDueJobs(h.db, T0, { only: ['race'], runnerId: 'process-a' });
      const b = runDueJobs(h.db, T0, { only: ['race'], runnerId: 'process-b' });
      const c = runDueJobs(h.db, T0, { only: ['race'], runnerId: 'process-c' });
      await new Promise((r) => setTimeout(r, 200));
      release();
      const results = (await Promise.all([a, b, c])).flat();
      expect(results).toHaveLength(1);
      expect(runs).toBe(1);
    } finally {
      unregisterJob('race');
    }
  });

  it('leaves a job claimed by a dead process alone until its lease expires', async () => {
    let runs = 0;
    registerJob({ name: 'lease', everyMinutes: 60, run: async () => void (runs += 1) });
    try {
      await h.db
        .insertInto('scheduled_jobs')
        .values({ name: 'lease', next_run_at: T0, locked_by: 'dead-process', locked_until: minutes(15) })
        .execute();
      expect(await runDueJobs(h.db, minutes(10), { only: ['lease'] })).toEqual([]);
      expect(await runDueJobs(h.db, minutes(16), { only: ['lease'] })).toHaveLength(1);
      expect(runs).toBe(1);
    } finally {
      unregisterJob('lease');
    }
  });

  it('keeps the lease alive while a long job runs, so nobody takes it over', async () => {
    let runs = 0;
    registerJob({
      name: 'long',
      everyMinutes: 60,
      run: async () => {
        runs += 1;
        await new Promise((r) => setTimeout(r, 1600));
      },
    });
    try {
      const lease = { only: ['long'], leaseMinutes: 0.02 }; // 1.2 s, heartbeat every 1 s
      const a = runDueJobs(h.db, new Date(), { ...lease, runnerId: 'slow-process' });
      await new Promise((r) => setTimeout(r, 1350)); // past the first lease, after the heartbeat
      expect(await runDueJobs(h.db, new Date(), { ...lease, runnerId: 'other-process' })).toEqual([]);
      expect(await a).toHaveLength(1);
      expect(runs).toBe(1);
    } finally {
      unregisterJob('long');
    }
  });

  it('records a failure, releases the lease and retries after a few minutes', async () => {
    let attempts = 0;
    registerJob({
      name: 'flaky',
      everyMinutes: 1440,
      run: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('database hiccup');
      },
    });
    try {
      expect(await runDueJobs(h.db, T0, { only: ['flaky'] })).toMatchObject([{ status: 'failed', error: 'database hiccup' }]);
      const failed = await h.db.selectFrom('scheduled_jobs').selectAll().where('name', '=', 'flaky').executeTakeFirstOrThrow();
      expect(failed).toMatchObject({ last_run_at: null, next_run_at: minutes(5), locked_by: null, last_error: 'database hiccup' });
      expect(await runDueJobs(h.db, minutes(4), { only: ['flaky'] })).toEqual([]);
      expect(await runDueJobs(h.db, minutes(5), { only: ['flaky'] })).toMatchObject([{ status: 'ok' }]);
      expect(
        await h.db.selectFrom('scheduled_jobs').select(['last_error', 'next_run_at']).where('name', '=', 'flaky').executeTakeFirstOrThrow(),
      ).toEqual({ last_error: null, next_run_at: minutes(5 + 1440) });
    } finally {
      unregisterJob('flaky');
    }
  });

  it('the runner looks for due jobs on a timer and stop() waits for a run in progress', async () => {
    let runs = 0;
    let finished = false;
    registerJob({
      name: 'timer',
      everyMinutes: 1440,
      run: async () => {
        runs += 1;
        await new Promise((r) => setTimeout(r, 100));
        finished = true;
      },
    });
    try {
      const runner = startJobRunner(h.db, { firstTickMs: 0, tickMs: 20, only: ['timer'] });
      for (let i = 0; i < 200 && runs === 0; i++) await new Promise((r) => setTimeout(r, 10));
      await runner.stop();
      expect(runs).toBe(1);
      expect(finished).toBe(true);
    } finally {
      unregisterJob('timer');
    }
  });

  it('rejects bad job definitions', () => {
    expect(() => registerJob({ name: 'Bad Name', everyMinutes: 1, run: async () => {} })).toThrow();
    expect(() => registerJob({ name: 'zero', everyMinutes: 0, run: async () => {} })).toThrow();
  });
});

/** A database that outlives its connection: a PGlite data directory, or a named PostgreSQL database. */
async function durableDatabase(): Promise<{ open: () => Promise<DatabaseHandle>; cleanup: () => Promise<void> }> {
  if (testDatabaseKind() === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'jx-jobs-'));
    return { open: () => openDatabase({ dataDir: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `jx_jobs_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    open: () => openDatabase({ databaseUrl: url.toString(), poolMax: 3 }),
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

describe('scheduled jobs across a restart', () => {
  it('keeps the schedule, and a reminder interrupted before the schedule advanced is not sent twice', async () => {
    const store = await durableDatabase();
    let handle = await store.open();
    try {
      await migrateToLatest(handle.db);
      const org = await handle.db
        .insertInto('organisations')
        .values({ parent_id: null, path: '', depth: 0, name: '根', name_key: 'gen', kind: 'federation', level: 'national' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await handle.db
        .updateTable('organisations')
        .set({ path: `${org.id}.` })
        .where('id', '=', org.id)
        .execute();
      await handle.db
        .insertInto('users')
        .values({ username: 'u', display_name: 'u', display_name_key: 'u', org_id: org.id, roles: [], password_hash: 'x' })
        .execute();
      // A daily reminder: one notification per task due tomorrow, keyed by task and due date.
      let runs = 0;
      registerJob({
        name: 'reminders',
        everyMinutes: 1440,
        run: async (db, now) => {
          runs += 1;
          const due = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
          await notify(db, {
            orgId: org.id,
            kind: 'deadline',
            entityType: 'task',
            entityId: '7',
            title: { zh: '任务明天到期', en: 'Task due tomorrow' },
            dedupeKey: `deadline:7:${due}`,
          });
        },
      });
      expect(await runDueJobs(handle.db, T0, { only: ['reminders'], runnerId: 'before-restart' })).toHaveLength(1);

      // Restart: a new connection (and a new runner id); the schedule is read back from the database.
      await handle.close();
      handle = await store.open();
      expect(await runDueJobs(handle.db, minutes(5), { only: ['reminders'], runnerId: 'after-restart' })).toEqual([]);
      expect(runs).toBe(1);

      // A process that crashed after sending but before advancing the schedule: the job runs again
      // once the lease expires, and the dedupe key keeps the reminder single.
      await handle.db
        .updateTable('scheduled_jobs')
        .set({ next_run_at: T0, locked_by: 'crashed', locked_until: minutes(15) })
        .where('name', '=', 'reminders')
        .execute();
      await handle.close();
      handle = await store.open();
      expect(await runDueJobs(handle.db, minutes(10), { only: ['reminders'], runnerId: 'after-crash' })).toEqual([]);
      expect(await runDueJobs(handle.db, minutes(16), { only: ['reminders'], runnerId: 'after-crash' })).toHaveLength(1);
      expect(runs).toBe(2);
      const sent = await handle.db.selectFrom('notifications').select(['dedupe_key', 'title_en']).execute();
      expect(sent).toEqual([{ dedupe_key: 'deadline:7:2026-12-02', title_en: 'Task due tomorrow' }]);
    } finally {
      unregisterJob('reminders');
      await handle.close();
      await store.cleanup();
    }
  });
});
