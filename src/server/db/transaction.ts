// The unit of work: one transaction, run again (a bounded number of times) when PostgreSQL
// aborts it for a serialization failure (40001) or a deadlock (40P01). Those say nothing about
// the request; the same work a moment later usually succeeds. Everything else propagates once.
// The function may therefore run more than once: it must only touch the database (no files,
// no messages sent) — what it returns is from the run that committed.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IsolationLevel, Kysely, Transaction } from 'kysely';
import { classifyFault } from './faults.js';
import type { Database } from './schema.js';

export interface UnitOfWorkOptions {
  /** Runs after the first; default 3. */
  retries?: number;
  isolation?: IsolationLevel;
}

export async function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
  opts: UnitOfWorkOptions = {},
): Promise<T> {
  const retries = opts.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      const builder = opts.isolation ? db.transaction().setIsolationLevel(opts.isolation) : db.transaction();
      return await builder.execute(fn);
    } catch (err) {
      if (attempt >= retries || classifyFault(err) !== 'retry') throw err;
      // A short, growing, jittered pause, so the transactions that collided do not collide again.
      await sleep(10 * 2 ** attempt + Math.random() * 20);
    }
  }
}
