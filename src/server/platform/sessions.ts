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
  // Session, user and organisation in one call whose plan the connection keeps (see the migration
  // 2026-11-23T40-session-lookup): the join parsed and planned per request cost more than it ran.
  const row = (await deps.db.executeQuery<SessionActorRow>(CompiledQuery.raw(SESSION_ACTOR, [hashToken(token)]))).rows[0];
  return row ? acceptSession(deps, row) : null;
}

/**
 * What every lookup does with the session's row: a session past its absolute expiry or idle too long,
 * or of a disabled user or an archived organisation, is deleted (null: 401); one not seen for a minute
 * is touched (the sliding idle expiry, written at most once a minute per session); otherwise the actor.
 */
async function acceptSession(deps: { db: Kysely<Database>; config: Config }, row: SessionActorRow): Promise<Actor | null> {
  const { db, config } = deps;
  const now = Date.now();
  const idleMs = config.JIANGXIN_SESSION_IDLE_MINUTES * 60_000;
  const lastSeen = new Date(row.last_seen_at).getTime();
  const expired = new Date(row.expires_at).getTime() <= now || lastSeen + idleMs <= now;
  if (expired || row.status !== 'active' || row.org_status !== 'active') {
    await db.deleteFrom('sessions').where('id', '=', row.session_id).execute();
    return null;
  }
  if (now - lastSeen > TOUCH_AFTER_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now) })
      .where('id', '=', row.session_id)
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

/**
 * The session's organisation inside a statement sent by loadActorAlong: the scope of a read that
 * travels with the session lookup. NULL when the session is not live (expired, idle, disabled user,
 * archived organisation), so such a read finds nothing.
 */
export const SESSION_ORG_ID = '(SELECT jx_org_id FROM jx_session)';

/**
 * The session lookup around a read, as one statement: the session's row (as JSON text, on the read's
 * first row; the window keeps the read's order) beside the read's own columns, the read scoped by
 * SESSION_ORG_ID. The read's parameters keep their numbers; the session's come after them. One text
 * per read text.
 */
function alongText(read: string, n: number): string {
  return `WITH jx_session AS MATERIALIZED (
  SELECT row_to_json(x)::text AS jx_row,
    CASE WHEN x.status = 'active' AND x.org_status = 'active' AND x.expires_at > now()
      AND x.last_seen_at > now() - make_interval(mins => $${n + 2}::int) THEN x.org_id::bigint END AS jx_org_id
  FROM (SELECT a.session_id, a.csrf_token, a.last_seen_at, a.expires_at, a.user_id::text AS user_id, a.username,
      a.display_name, a.org_id::text AS org_id, a.roles, a.status, a.locale, a.must_change_password, a.totp_enabled,
      a.org_path, a.org_status, a.industry_paths
    FROM jx_session_actor($${n + 1}) a) x
)
SELECT CASE WHEN row_number() OVER () = 1 THEN (SELECT jx_row FROM jx_session) END AS jx_session, jx_read.*
FROM (${read}) jx_read`;
}
const ALONG_KEPT = 200;
const alongTexts = new Map<string, string>();

/**
 * The session lookup and a read in one round trip (docs/design.md, "The session and the page in one
 * statement"). Rows come back only for a live session, with the read's rows: the actor is then
 * accepted as loadActor accepts it (touched when due) and the rows are the read's answer. No rows —
 * no such session, a session that is not live, or a read that found nothing — and it is loadActor's
 * own path (which deletes a dead session), with `rows` undefined: the handler reads for itself.
 */
export async function loadActorAlong(
  deps: { db: Kysely<Database>; config: Config },
  token: string,
  read: CompiledQuery,
): Promise<{ actor: Actor | null; rows?: Record<string, unknown>[] }> {
  let text = alongTexts.get(read.sql);
  if (!text) {
    if (alongTexts.size >= ALONG_KEPT) alongTexts.clear();
    alongTexts.set(read.sql, (text = alongText(read.sql, read.parameters.length)));
  }
  const parameters = [...read.parameters, hashToken(token), deps.config.JIANGXIN_SESSION_IDLE_MINUTES];
  const rows = (await deps.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters))).rows;
  const first = rows[0]?.jx_session;
  if (typeof first !== 'string') return { actor: await loadActor(deps, token) };
  const actor = await acceptSession(deps, JSON.parse(first) as SessionActorRow);
  return actor ? { actor, rows } : { actor };
}

/** Ends every session of a user, except the one given (the caller's own, after a password change). */
export async function endSessions(db: Kysely<Database>, userId: string, exceptSessionId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}
