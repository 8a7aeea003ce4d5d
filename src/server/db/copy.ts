// COPY … FROM STDIN on PostgreSQL, for bulk writes that would otherwise go through one big
// parameter: PostgreSQL reads COPY's text format far more cheaply than it expands a JSON array
// (a 100,000-row roster's staging: 0.3 s of the server's CPU against 2.0 s, docs/design.md).
// Kysely has no COPY, so the pool under a PostgreSQL Kysely is remembered here when it is opened;
// the statement itself is written in a repository, like any other SQL.
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const pools = new WeakMap<object, pg.Pool>();

/** Called by openDatabase for a PostgreSQL database. */
export function rememberPool(db: object, pool: pg.Pool) {
  pools.set(db, pool);
}

/** Whether `db` (a Kysely: the root one of a PostgreSQL database, not a transaction) can COPY. */
export function canCopy(db: object): boolean {
  return pools.has(db);
}

/** One value in COPY's text format: \N for null, and backslash, tab, newline and carriage return escaped. */
export function copyText(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
}

/**
 * Runs `statement` (COPY … FROM STDIN) with `data` (text format, one line per row) on a client of the
 * pool, in its own implicit transaction. A failed COPY discards its client rather than pooling it.
 */
export async function copyIn(db: object, statement: string, data: Uint8Array): Promise<void> {
  const pool = pools.get(db);
  if (!pool) throw new Error('copyIn needs the root Kysely of a PostgreSQL database');
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    const stream = client.query(copyFrom(statement));
    await new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
      stream.end(data);
    });
  } catch (err) {
    failed = err as Error;
    throw err;
  } finally {
    client.release(failed);
  }
}
