// SQL of sign-in: user lookup by name, failure counting, lockout, the per-IP rate window.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export function findUserForLogin(db: Db, username: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .selectAll('u')
    .select(['o.path as org_path', 'o.status as org_status', 'o.name as org_name'])
    .where(sql`lower(u.username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

/** Counts a failure; locks the account when the count reaches the threshold. Returns the new count. */
export async function recordFailure(db: Db, userId: string, threshold: number, lockMinutes: number): Promise<{ failed: number; locked: boolean }> {
  const row = await db
    .updateTable('users')
    .set({
      failed_logins: sql`CASE WHEN failed_logins + 1 >= ${threshold}::int THEN 0 ELSE failed_logins + 1 END`,
      locked_until: sql`CASE WHEN failed_logins + 1 >= ${threshold}::int THEN now() + make_interval(mins => ${lockMinutes}::int) ELSE locked_until END`,
    })
    .where('id', '=', userId)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { failed: row.failed_logins, locked: row.locked_until !== null && new Date(row.locked_until).getTime() > Date.now() };
}

/**
 * The same count and lockout for a name that belongs to no account (keyed by its keyed hash), so
 * that the answers to an unknown name cannot be told from those to a real one. Entries untouched for
 * a day are removed on the way.
 */
export async function recordUnknownFailure(db: Db, nameHash: string, threshold: number, lockMinutes: number): Promise<{ locked: boolean }> {
  await db.deleteFrom('login_failures').where('updated_at', '<', sql<Date>`now() - interval '1 day'`).execute();
  const row = await db
    .insertInto('login_failures')
    .values(threshold <= 1
      ? { name_hash: nameHash, failed_logins: 0, locked_until: sql`now() + make_interval(mins => ${lockMinutes}::int)` }
      : { name_hash: nameHash, failed_logins: 1 })
    .onConflict((oc) =>
      oc.column('name_hash').doUpdateSet({
        failed_logins: sql`CASE WHEN login_failures.failed_logins + 1 >= ${threshold}::int THEN 0 ELSE login_failures.failed_logins + 1 END`,
        locked_until: sql`CASE WHEN login_failures.failed_logins + 1 >= ${threshold}::int THEN now() + make_interval(mins => ${lockMinutes}::int) ELSE login_failures.locked_until END`,
        updated_at: sql`now()`,
      }),
    )
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { locked: row.locked_until !== null && new Date(row.locked_until).getTime() > Date.now() };
}

export async function unknownLockedUntil(db: Db, nameHash: string): Promise<Date | null> {
  const row = await db.selectFrom('login_failures').select('locked_until').where('name_hash', '=', nameHash).executeTakeFirst();
  return row?.locked_until ? new Date(row.locked_until) : null;
}

export function clearFailures(db: Db, userId: string) {
  return db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

/** One statement per attempt: a fixed one-minute window per client IP, shared by every server process. */
export async function countLoginAttempt(db: Db, ip: string): Promise<number> {
  const row = await db
    .insertInto('login_rate')
    .values({ ip, window_start: sql`now()`, attempts: 1 })
    .onConflict((oc) =>
      oc.column('ip').doUpdateSet({
        attempts: sql`CASE WHEN login_rate.window_start < now() - interval '1 minute' THEN 1 ELSE login_rate.attempts + 1 END`,
        window_start: sql`CASE WHEN login_rate.window_start < now() - interval '1 minute' THEN now() ELSE login_rate.window_start END`,
      }),
    )
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}
