// The per-request session lookup no longer plans itself on every call. Its industry reach (the paths
// of the enterprises affiliated to the user's organisation) was a subquery whose estimate follows the
// few unions that hold affiliations: with one or two such unions, "the affiliations of union $1" is
// estimated at half the table, so the statement's generic plan cost thousands and PostgreSQL kept
// planning it afresh for every request, and each run built an empty 16,384-bucket hash table
// (pgbench, one client, the county's session on the 5,000,000-worker dataset: 109 µs per lookup,
// 96 µs after this change, 66 µs for `SELECT 1`). Only an industry union can hold affiliations (the
// industry service refuses any other kind, and an organisation's kind never changes), so the reach is
// read by its own function, called for industry unions only; the lookup's own plan is then cheap and
// kept.
import { sql, type Kysely } from 'kysely';

/** The lookup with `reach` as its industry-paths column (the rest is as 2026-12-04T70-session-industry wrote it). */
const sessionActor = (reach: string) => `
    CREATE OR REPLACE FUNCTION jx_session_actor(p_session_id text) RETURNS TABLE (
      session_id text, csrf_token text, last_seen_at timestamptz, expires_at timestamptz,
      user_id bigint, username text, display_name text, org_id bigint, roles text[], status text, locale text,
      must_change_password boolean, totp_enabled boolean, org_path text, org_status text, industry_paths text[]
    ) LANGUAGE plpgsql STABLE AS $fn$
    BEGIN
      RETURN QUERY
        SELECT s.id, s.csrf_token, s.last_seen_at, s.expires_at,
          u.id, u.username, u.display_name, u.org_id, u.roles, u.status, u.locale,
          u.must_change_password, u.totp_enabled, o.path::text, o.status,
          ${reach}
        FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.org_id
        WHERE s.id = p_session_id;
    END $fn$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION jx_industry_paths(p_union_id bigint) RETURNS text[] LANGUAGE plpgsql STABLE AS $fn$
    BEGIN
      RETURN ARRAY(SELECT e.path::text FROM org_affiliations a JOIN organisations e ON e.id = a.enterprise_id
                   WHERE a.union_id = p_union_id AND a.status = 'active');
    END $fn$`.execute(db);
  await sql.raw(sessionActor(`CASE WHEN o.kind = 'industry_union' THEN jx_industry_paths(u.org_id) ELSE '{}'::text[] END`)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      sessionActor(`ARRAY(SELECT e.path::text FROM org_affiliations a JOIN organisations e ON e.id = a.enterprise_id
                WHERE a.union_id = u.org_id AND a.status = 'active')`),
    )
    .execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_industry_paths(bigint)`.execute(db);
}
