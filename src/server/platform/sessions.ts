// Server-side sessions in the database: the cookie holds a random token, the table its sha256.
// Every request re-reads the user, so a disabled account or a changed password takes effect at once.
import { createHash, randomBytes } from 'node:crypto';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { type Actor, type Role, isRole, permissionsOf } from './access.js';

export const SESSION_COOKIE = 'jx_session';
const TOUCH_AFTER_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function cookieOptions(config: Config) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.JIANGXIN_COOKIE_SECURE,
    maxAge: config.JIANGXIN_SESSION_MAX_HOURS * 3600,
  };
}

export async function createSession(
  db: Kysely<Database>,
  config: Config,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; sessionId: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const sessionId = hashToken(token);
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + config.JIANGXIN_SESSION_MAX_HOURS * 3600_000),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, sessionId };
}

interface SessionActorRow {
  session_id: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  user_id: string;
  username: string;
  display_name: string;
  org_id: string;
  roles: string[];
  status: string;
  locale: string | null;
  must_change_password: boolean;
  totp_enabled: boolean;
  org_path: string;
  org_status: string;
  /** Paths of the enterprises affiliated (active) to the user's organisation: an industry union's reach. */
  industry_paths: string[];
}

/** Its text is fixed: sent as it is, not rebuilt and compiled by Kysely on every request. */
const SESSION_ACTOR = 'SELECT * FROM jx_session_actor($1)';

export async function loadActor(deps: { db: Kysely<Database>; config: Config }, token: string): Promise<Actor | null> {
  const { db, config } = deps;
  const sessionId = hashToken(token);
  // Session, user and organisation in one call whose plan the connection keeps (see the migration
  // 2026-11-23T40-session-lookup): the join parsed and planned per request cost more than it ran.
  const row = (await db.executeQuery<SessionActorRow>(CompiledQuery.raw(SESSION_ACTOR, [sessionId]))).rows[0];
  if (!row) return null;
  const now = Date.now();
  const idleMs = config.JIANGXIN_SESSION_IDLE_MINUTES * 60_000;
  const lastSeen = new Date(row.last_seen_at).getTime();
  const expired = new Date(row.expires_at).getTime() <= now || lastSeen + idleMs <= now;
  if (expired || row.status !== 'active' || row.org_status !== 'active') {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return null;
  }
  if (now - lastSeen > TOUCH_AFTER_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now) })
      .where('id', '=', sessionId)
      .execute();
  }
  const roles = row.roles.filter(isRole) as Role[];
  const totpEnrollmentRequired = config.JIANGXIN_ADMIN_TOTP === 'required' && roles.includes('admin') && !row.totp_enabled;
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    orgId: row.org_id,
    orgPath: row.org_path,
    roles,
    permissions: permissionsOf(roles),
    locale: row.locale,
    sessionId: row.session_id,
    csrfToken: row.csrf_token,
    mustChangePassword: row.must_change_password,
    totpEnabled: row.totp_enabled,
    totpEnrollmentRequired,
    industryPaths: row.industry_paths ?? [],
  };
}

/** Ends every session of a user, except the one given (the caller's own, after a password change). */
export async function endSessions(db: Kysely<Database>, userId: string, exceptSessionId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}
