// Innovation dashboard (issue #15, item 6): studio figures kept as maintained totals per organisation
// ancestor (of the studio's enterprise) × naming level × category, updated by triggers in the writers'
// own transactions (a naming, its status or grant, an assessment, a member joining or leaving, a studio's category or enterprise),
// and a recount from scratch with the same expressions for verify-totals / repair-totals.
// A studio named by the city and then by the province has two naming records: it counts once at each
// level. Grants count every naming's grant (paid on naming, kept after a revocation).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE studio_totals (
      org_id bigint NOT NULL REFERENCES organisations(id),
      level text NOT NULL,
      category text NOT NULL,
      studios_named integer NOT NULL DEFAULT 0,
      revoked integer NOT NULL DEFAULT 0,
      grants_fen bigint NOT NULL DEFAULT 0,
      excellent integer NOT NULL DEFAULT 0,
      passed integer NOT NULL DEFAULT 0,
      rectify integer NOT NULL DEFAULT 0,
      members integer NOT NULL DEFAULT 0,
      PRIMARY KEY (org_id, level, category)
    )`.execute(db);

  await sql`
    CREATE FUNCTION jx_studio_totals_add(p_org bigint, p_category text, p_level text,
      d_named integer, d_revoked integer, d_grant bigint, d_excellent integer, d_passed integer, d_rectify integer, d_members integer)
    RETURNS void LANGUAGE sql AS $$
      INSERT INTO studio_totals AS t (org_id, level, category, studios_named, revoked, grants_fen, excellent, passed, rectify, members)
      SELECT a.id::bigint, p_level, p_category, d_named, d_revoked, d_grant, d_excellent, d_passed, d_rectify, d_members
      FROM organisations o CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) WITH ORDINALITY AS a(id, n)
      WHERE o.id = p_org AND o.path NOT LIKE 'pending:%'
        AND (d_named <> 0 OR d_revoked <> 0 OR d_grant <> 0 OR d_excellent <> 0 OR d_passed <> 0 OR d_rectify <> 0 OR d_members <> 0)
      ORDER BY a.n
      ON CONFLICT (org_id, level, category) DO UPDATE SET
        studios_named = t.studios_named + excluded.studios_named,
        revoked = t.revoked + excluded.revoked,
        grants_fen = t.grants_fen + excluded.grants_fen,
        excellent = t.excellent + excluded.excellent,
        passed = t.passed + excluded.passed,
        rectify = t.rectify + excluded.rectify,
        members = t.members + excluded.members
    $$`.execute(db);

  await sql`
    CREATE FUNCTION jx_studio_active_members(p_studio bigint) RETURNS integer LANGUAGE sql STABLE AS $$
      SELECT count(*)::int FROM studio_members WHERE studio_id = p_studio AND left_on IS NULL
    $$`.execute(db);

  await sql`
    CREATE FUNCTION jx_studio_totals_naming() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE s record;
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT org_id, category INTO s FROM studios WHERE id = OLD.studio_id;
        IF FOUND THEN
          PERFORM jx_studio_totals_add(s.org_id, s.category, OLD.level,
            -(OLD.status <> 'revoked')::int, -(OLD.status = 'revoked')::int, -OLD.grant_fen, 0, 0, 0,
            -(OLD.status <> 'revoked')::int * jx_studio_active_members(OLD.studio_id));
        END IF;
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT org_id, category INTO s FROM studios WHERE id = NEW.studio_id;
        PERFORM jx_studio_totals_add(s.org_id, s.category, NEW.level,
          (NEW.status <> 'revoked')::int, (NEW.status = 'revoked')::int, NEW.grant_fen, 0, 0, 0,
          (NEW.status <> 'revoked')::int * jx_studio_active_members(NEW.studio_id));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER studio_totals_naming AFTER INSERT OR DELETE OR UPDATE OF studio_id, level, status, grant_fen ON studio_namings
    FOR EACH ROW EXECUTE FUNCTION jx_studio_totals_naming()`.execute(db);

  await sql`
    CREATE FUNCTION jx_studio_totals_assessment() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE s record;
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT st.org_id, st.category, n.level INTO s FROM studio_namings n JOIN studios st ON st.id = n.studio_id WHERE n.id = OLD.naming_id;
        IF FOUND THEN
          PERFORM jx_studio_totals_add(s.org_id, s.category, s.level, 0, 0, 0,
            -(OLD.result = 'excellent')::int, -(OLD.result = 'pass')::int, -(OLD.result = 'rectify')::int, 0);
        END IF;
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT st.org_id, st.category, n.level INTO s FROM studio_namings n JOIN studios st ON st.id = n.studio_id WHERE n.id = NEW.naming_id;
        PERFORM jx_studio_totals_add(s.org_id, s.category, s.level, 0, 0, 0,
          (NEW.result = 'excellent')::int, (NEW.result = 'pass')::int, (NEW.result = 'rectify')::int, 0);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER studio_totals_assessment AFTER INSERT OR DELETE OR UPDATE OF naming_id, result ON studio_assessments
    FOR EACH ROW EXECUTE FUNCTION jx_studio_totals_assessment()`.execute(db);

  // Members (active) count at each level where the studio is named and not revoked.
  await sql`
    CREATE FUNCTION jx_studio_totals_member() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.left_on IS NULL THEN
        FOR r IN SELECT st.org_id, st.category, n.level FROM studio_namings n JOIN studios st ON st.id = n.studio_id
          WHERE n.studio_id = OLD.studio_id AND n.status <> 'revoked'
        LOOP
          PERFORM jx_studio_totals_add(r.org_id, r.category, r.level, 0, 0, 0, 0, 0, 0, -1);
        END LOOP;
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.left_on IS NULL THEN
        FOR r IN SELECT st.org_id, st.category, n.level FROM studio_namings n JOIN studios st ON st.id = n.studio_id
          WHERE n.studio_id = NEW.studio_id AND n.status <> 'revoked'
        LOOP
          PERFORM jx_studio_totals_add(r.org_id, r.category, r.level, 0, 0, 0, 0, 0, 0, 1);
        END LOOP;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER studio_totals_member AFTER INSERT OR DELETE OR UPDATE OF studio_id, left_on ON studio_members
    FOR EACH ROW EXECUTE FUNCTION jx_studio_totals_member()`.execute(db);

  // A studio's figures move with its category or enterprise: all of them out under the old key, in under the new.
  await sql`
    CREATE FUNCTION jx_studio_totals_studio() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      FOR r IN
        SELECT n.level, (n.status <> 'revoked')::int AS named, (n.status = 'revoked')::int AS revoked, n.grant_fen,
          (SELECT count(*) FILTER (WHERE a.result = 'excellent') FROM studio_assessments a WHERE a.naming_id = n.id)::int AS excellent,
          (SELECT count(*) FILTER (WHERE a.result = 'pass') FROM studio_assessments a WHERE a.naming_id = n.id)::int AS passed,
          (SELECT count(*) FILTER (WHERE a.result = 'rectify') FROM studio_assessments a WHERE a.naming_id = n.id)::int AS rectify,
          (n.status <> 'revoked')::int * jx_studio_active_members(n.studio_id) AS members
        FROM studio_namings n WHERE n.studio_id = NEW.id
      LOOP
        PERFORM jx_studio_totals_add(OLD.org_id, OLD.category, r.level, -r.named, -r.revoked, -r.grant_fen, -r.excellent, -r.passed, -r.rectify, -r.members);
        PERFORM jx_studio_totals_add(NEW.org_id, NEW.category, r.level, r.named, r.revoked, r.grant_fen, r.excellent, r.passed, r.rectify, r.members);
      END LOOP;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER studio_totals_studio AFTER UPDATE OF org_id, category ON studios
    FOR EACH ROW WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.category IS DISTINCT FROM NEW.category)
    EXECUTE FUNCTION jx_studio_totals_studio()`.execute(db);

  // The same figures from scratch (verify-totals, repair-totals, tests).
  await sql`
    CREATE FUNCTION jx_studio_totals_recount()
    RETURNS TABLE (org_id bigint, level text, category text, studios_named integer, revoked integer, grants_fen bigint,
      excellent integer, passed integer, rectify integer, members integer)
    LANGUAGE sql STABLE AS $$
      WITH n AS (
        SELECT st.org_id, st.category, n.level, (n.status <> 'revoked')::int AS named, (n.status = 'revoked')::int AS revoked, n.grant_fen,
          (SELECT count(*) FILTER (WHERE a.result = 'excellent') FROM studio_assessments a WHERE a.naming_id = n.id)::int AS excellent,
          (SELECT count(*) FILTER (WHERE a.result = 'pass') FROM studio_assessments a WHERE a.naming_id = n.id)::int AS passed,
          (SELECT count(*) FILTER (WHERE a.result = 'rectify') FROM studio_assessments a WHERE a.naming_id = n.id)::int AS rectify,
          (n.status <> 'revoked')::int * jx_studio_active_members(n.studio_id) AS members
        FROM studio_namings n JOIN studios st ON st.id = n.studio_id
      )
      SELECT a.id::bigint, n.level, n.category, sum(n.named)::int, sum(n.revoked)::int, sum(n.grant_fen)::bigint,
        sum(n.excellent)::int, sum(n.passed)::int, sum(n.rectify)::int, sum(n.members)::int
      FROM n JOIN organisations o ON o.id = n.org_id
      CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
      WHERE o.path NOT LIKE 'pending:%'
      GROUP BY a.id, n.level, n.category
    $$`.execute(db);

  // Figures already there when this migration runs.
  await sql`INSERT INTO studio_totals SELECT * FROM jx_studio_totals_recount()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS studio_totals_member ON studio_members`.execute(db);
  await sql`DROP TRIGGER IF EXISTS studio_totals_studio ON studios`.execute(db);
  await sql`DROP TRIGGER IF EXISTS studio_totals_assessment ON studio_assessments`.execute(db);
  await sql`DROP TRIGGER IF EXISTS studio_totals_naming ON studio_namings`.execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_studio_totals_recount(), jx_studio_totals_studio(), jx_studio_totals_assessment(), jx_studio_totals_naming(), jx_studio_totals_member()`.execute(
    db,
  );
  await sql`DROP FUNCTION IF EXISTS jx_studio_totals_add(bigint, text, text, integer, integer, bigint, integer, integer, integer, integer)`.execute(
    db,
  );
  await sql`DROP FUNCTION IF EXISTS jx_studio_active_members(bigint)`.execute(db);
  await sql`DROP TABLE IF EXISTS studio_totals`.execute(db);
}
