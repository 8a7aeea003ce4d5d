// The per-request session lookup as one function: every authenticated request reads its session,
// user and organisation. Sent as a 3-table join, PostgreSQL parsed and planned it on every request
// (more CPU than running it); a PL/pgSQL function keeps its plan for the connection, so a request
// pays for a one-line call. Same columns and the same single snapshot as the join it replaces; the
// checks (expiry, idle timeout, user and organisation status) stay in sessions.ts, every request.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION jx_session_actor(p_session_id text) RETURNS TABLE (
      session_id text, csrf_token text, last_seen_at timestamptz, expires_at timestamptz,
      user_id bigint, username text, display_name text, org_id bigint, roles text[], status text, locale text,
      must_change_password boolean, totp_enabled boolean, org_path text, org_status text
    ) LANGUAGE plpgsql STABLE AS $fn$
    BEGIN
      RETURN QUERY
        SELECT s.id, s.csrf_token, s.last_seen_at, s.expires_at,
          u.id, u.username, u.display_name, u.org_id, u.roles, u.status, u.locale,
          u.must_change_password, u.totp_enabled, o.path::text, o.status
        FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.org_id
        WHERE s.id = p_session_id;
    END $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS jx_session_actor(text)`.execute(db);
}
