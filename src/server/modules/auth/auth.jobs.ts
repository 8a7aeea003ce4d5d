// Housekeeping of the sign-in tables, whose rows otherwise only ever grow: the per-IP rate windows
// (login_rate; sign-in and worker self-registration count there) and the sessions past their absolute
// lifetime or idle timeout (a session is refused and deleted when it is presented, but one never
// presented again would stay). Runs hourly, on whichever process claims it (platform/jobs.ts).
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { registerJob } from '../../platform/jobs.js';
import { deleteDeadSessions, deleteOldRateWindows } from './auth.repository.js';

export const AUTH_HOUSEKEEPING_JOB = 'auth.housekeeping';

/** A window older than this is over (windows last a minute); kept a while for a look at recent bursts. */
const RATE_WINDOW_KEEP_MINUTES = 60;

export async function cleanAuthTables(
  db: Kysely<Database>,
  config: Pick<Config, 'JIANGXIN_SESSION_IDLE_MINUTES'>,
  now: Date,
): Promise<{ rateWindows: number; sessions: number }> {
  const rateWindows = await deleteOldRateWindows(db, new Date(now.getTime() - RATE_WINDOW_KEEP_MINUTES * 60_000));
  const sessions = await deleteDeadSessions(db, now, new Date(now.getTime() - config.JIANGXIN_SESSION_IDLE_MINUTES * 60_000));
  return { rateWindows, sessions };
}

export function registerAuthHousekeeping(config: Config): void {
  registerJob({ name: AUTH_HOUSEKEEPING_JOB, everyMinutes: 60, run: (db, now) => cleanAuthTables(db, config, now).then(() => {}) });
}
