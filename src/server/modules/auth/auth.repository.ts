// SQL of sign-in (user lookup by name, failure counting, lockout, the per-IP rate window) and of the
// signed-in user's own account: password, TOTP secret, preferences, their session.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export function findUserForLogin(db: Db, username: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .selectAll('u')
    .select(['o.path as org_path', 'o.status as org_status', 'o.name as org_name'])
    .where(sql`lower(u.username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

/**
 * A worker's self-registration under a name no account has yet: the latest one awaiting the union's
 * confirmation or rejected by it (what sign-in tells the person who knows its password).
 */
export function registrationForLogin(db: Db, username: string) {
  return db
    .selectFrom('worker_registrations')
    .select(['status', 'reason', 'password_hash'])
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .where('status', 'in', ['pending', 'rejected'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Counts a failure; locks the account when the count reaches the threshold. Returns the new count. */
export async function recordFailure(
  db: Db,
  userId: string,
  threshold: number,
  lockMinutes: number,
): Promise<{ failed: number; locked: boolean }> {
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
    .values(
      threshold <= 1
        ? { name_hash: nameHash, failed_logins: 0, locked_until: sql`now() + make_interval(mins => ${lockMinutes}::int)` }
        : { name_hash: nameHash, failed_logins: 1 },
    )
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

/** The TOTP step just used, so the same code cannot sign in twice. */
export async function saveTotpStep(db: Db, userId: string, step: bigint): Promise<void> {
  await db.updateTable('users').set({ totp_last_step: step.toString() }).where('id', '=', userId).execute();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function findPasswordHash(db: Db, userId: string): Promise<string> {
  return (await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash;
}

/** A new password chosen by its owner (so no change is pending any more). */
export async function updateOwnPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: false, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function savePendingTotpSecret(db: Db, userId: string, sealed: string): Promise<void> {
  await db.updateTable('users').set({ totp_pending_secret: sealed }).where('id', '=', userId).execute();
}

export function findTotpSecrets(db: Db, userId: string) {
  return db.selectFrom('users').select(['totp_secret', 'totp_pending_secret']).where('id', '=', userId).executeTakeFirstOrThrow();
}

/** The pending secret becomes the account's, with the step that proved it. */
export async function enableTotp(db: Db, userId: string, sealed: string, step: bigint): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: sealed, totp_pending_secret: null, totp_enabled: true, totp_last_step: step.toString() })
    .where('id', '=', userId)
    .execute();
}

export async function disableTotp(db: Db, userId: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: null, totp_enabled: false, totp_last_step: null }).where('id', '=', userId).execute();
}

export async function updateLocale(db: Db, userId: string, locale: string): Promise<void> {
  await db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
}

/** Rate windows that started before `before` (auth.jobs.ts); how many were deleted. */
export async function deleteOldRateWindows(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('login_rate').where('window_start', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Sessions past their absolute lifetime, or not seen since `idleBefore` (auth.jobs.ts); how many were deleted. */
export async function deleteDeadSessions(db: Db, now: Date, idleBefore: Date): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleBefore)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
