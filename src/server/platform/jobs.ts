// Scheduled jobs (reminders, clean-ups) for a stateless server that may run as several processes
// on one database. The schedule lives in `scheduled_jobs` (one row per job name), so it survives
// restarts; a process runs a due job only after claiming it with one atomic UPDATE that takes a
// lease, so two processes never run it at the same time; a crashed holder's lease just expires.
//
// A job must still be idempotent: if a process dies after the job did its work but before the
// schedule was advanced, the job runs again once the lease expires. notify() is idempotent per
// dedupe key, which is what makes a reminders job send each reminder exactly once.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface Job {
  /** Stable identifier, the primary key of its schedule row. */
  name: string;
  /** Interval between runs, counted from the start of the previous run. */
  everyMinutes: number;
  /** Called with the runner's clock; use `now` (not `new Date()`) so tests are deterministic. */
  run: (db: Kysely<Database>, now: Date) => Promise<void>;
}

const registry = new Map<string, Job>();

/**
 * Adds a job to this process's registry. Call it at module load (top level of a `*.jobs.ts`
 * imported by the module), so the server, the CLI's `run-jobs` and the tests all see it.
 * Registering the same name again replaces the job (modules may be loaded more than once in tests).
 */
export function registerJob(job: Job): void {
  if (!/^[a-z0-9][a-z0-9_.:-]*$/.test(job.name)) throw new Error(`job name "${job.name}": use lower-case letters, digits, . _ : -`);
  if (!(job.everyMinutes > 0)) throw new Error(`job "${job.name}": everyMinutes must be positive`);
  registry.set(job.name, job);
}

/** The registered jobs (for diagnostics and tests). */
export function registeredJobs(): Job[] {
  return [...registry.values()];
}

/** Removes a job from the registry (tests only). */
export function unregisterJob(name: string): void {
  registry.delete(name);
}

export interface RunOptions {
  /** Who holds a lease; unique per process by default. */
  runnerId?: string;
  /** How long a claim is honoured before another process may take the job over. Default 15 min. */
  leaseMinutes?: number;
  /** Only these jobs (default: every registered job). */
  only?: string[];
  log?: (msg: string) => void;
}

export interface JobRunResult {
  name: string;
  status: 'ok' | 'failed';
  ms: number;
  error?: string;
}

const defaultRunnerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
const DEFAULT_LEASE_MINUTES = 15;
/** A failed job is retried after this long (or its own interval, if shorter). */
const RETRY_MINUTES = 5;

const addMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

/**
 * Runs every registered job that is due at `now`, once, in this process: claims it (atomic UPDATE
 * that only succeeds when it is due and nobody holds a live lease), runs it, then advances its
 * schedule. Returns what ran here; jobs claimed by another process are skipped, not waited for.
 */
export async function runDueJobs(db: Kysely<Database>, now: Date = new Date(), opts: RunOptions = {}): Promise<JobRunResult[]> {
  const runnerId = opts.runnerId ?? defaultRunnerId;
  const leaseMinutes = opts.leaseMinutes ?? DEFAULT_LEASE_MINUTES;
  const jobs = registeredJobs().filter((j) => !opts.only || opts.only.includes(j.name));
  if (!jobs.length) return [];

  // A job seen for the first time is due at once; an existing schedule row is left as it is.
  await db
    .insertInto('scheduled_jobs')
    .values(jobs.map((j) => ({ name: j.name, next_run_at: now })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();

  const results: JobRunResult[] = [];
  for (const job of jobs) {
    const claimed = await db
      .updateTable('scheduled_jobs')
      .set({ locked_by: runnerId, locked_until: addMinutes(now, leaseMinutes) })
      .where('name', '=', job.name)
      .where('next_run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .returning('name')
      .executeTakeFirst();
    if (!claimed) continue;

    const started = Date.now();
    // Keeps the lease alive while a long job runs, so no other process takes it over meanwhile.
    const heartbeat = setInterval(
      () => {
        void db
          .updateTable('scheduled_jobs')
          .set({ locked_until: sql<Date>`greatest(locked_until, ${addMinutes(new Date(), leaseMinutes)})` })
          .where('name', '=', job.name)
          .where('locked_by', '=', runnerId)
          .execute()
          .catch(() => {});
      },
      Math.max(1000, (leaseMinutes * 60_000) / 3),
    );
    heartbeat.unref();
    let error: string | undefined;
    try {
      await job.run(db, now);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    } finally {
      clearInterval(heartbeat);
    }
    const ms = Date.now() - started;
    // Advance the schedule and release the lease, only if the lease is still ours.
    await db
      .updateTable('scheduled_jobs')
      .set(
        error === undefined
          ? { last_run_at: now, next_run_at: addMinutes(now, job.everyMinutes), locked_by: null, locked_until: null, last_error: null }
          : {
              next_run_at: addMinutes(now, Math.min(job.everyMinutes, RETRY_MINUTES)),
              locked_by: null,
              locked_until: null,
              last_error: error.slice(0, 2000),
            },
      )
      .where('name', '=', job.name)
      .where('locked_by', '=', runnerId)
      .execute();
    opts.log?.(error === undefined ? `job ${job.name} ran in ${ms} ms` : `job ${job.name} failed after ${ms} ms: ${error}`);
    results.push({ name: job.name, status: error === undefined ? 'ok' : 'failed', ms, ...(error !== undefined && { error }) });
  }
  return results;
}

export interface JobRunner {
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

export interface JobRunnerOptions extends RunOptions {
  /** How often to look for due jobs. Default 60 s. */
  tickMs?: number;
  /** Delay of the first look after start. Default 5 s. */
  firstTickMs?: number;
}

/**
 * Looks for due jobs every `tickMs` in this process until stop(). Timers are unref'd, so the
 * runner never keeps a process alive; main.ts stops it before closing the database on SIGTERM.
 */
export function startJobRunner(db: Kysely<Database>, opts: JobRunnerOptions = {}): JobRunner {
  const tickMs = opts.tickMs ?? 60_000;
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const tick = () => {
    timer = null;
    if (stopped) return;
    running = runDueJobs(db, new Date(), opts)
      .then(() => undefined)
      .catch((err) => opts.log?.(`job runner: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = null;
        schedule(tickMs);
      });
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  schedule(opts.firstTickMs ?? 5_000);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}
