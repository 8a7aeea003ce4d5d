// The studio list at scale (issue #15, scale acceptance): a province's list answered a page in ~100 ms
// because its total was an exact count over every studio of the subtree, and its level filter ran a
// subquery per studio. Now:
// - studios.named_level holds the highest level of the studio's current (not revoked) namings, null
//   when none, kept by a row trigger on studio_namings (in the writer's transaction);
// - studio_totals gets `studios` and `studios_closed`: per ancestor × level × category, the studios whose
//   highest current naming is that level ('none' when not named) and the closed ones among them, kept by
//   a row trigger on studios (created, deleted, moved, category, status or named_level changed);
// - a subtree move of organisations moves the studio figures too (a statement trigger, as for org_totals).
// The list's total without a search is then one indexed read of studio_totals, whatever the filters of
// category, level and status; jx_studio_totals_recount() computes these columns from the namings too,
// so verify-totals catches a drifted named_level and repair-totals rebuilds both.
// Also indexes on a studio's pairs and applications (foreign keys that had none) and for the name and
// founding-date sorts.
import { sql, type Kysely } from 'kysely';

const LEVEL_ORDER = `ARRAY['national','province','city','county','grassroots']`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE studios ADD COLUMN named_level text`.execute(db);
  // A studio's pairs (its year facts for an assessment draft counted them with a scan of every pair;
  // and deleting a studio checked the foreign key the same way) and its applications.
  await sql`CREATE INDEX mentorships_studio_idx ON mentorships (studio_id) WHERE studio_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX studio_applications_studio_idx ON studio_applications (studio_id)`.execute(db);
  // The list's other sorts, a page read in index order (ties by id through an incremental sort).
  await sql`CREATE INDEX studios_name_idx ON studios (name)`.execute(db);
  await sql`CREATE INDEX studios_founded_idx ON studios (founded_on)`.execute(db);
  await sql`
    ALTER TABLE studio_totals
      ADD COLUMN studios integer NOT NULL DEFAULT 0,
      ADD COLUMN studios_closed integer NOT NULL DEFAULT 0`.execute(db);

  await sql`
    CREATE FUNCTION jx_studio_named_level(p_studio bigint) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT n.level FROM studio_namings n WHERE n.studio_id = p_studio AND n.status <> 'revoked'
      ORDER BY array_position(${sql.raw(LEVEL_ORDER)}, n.level) LIMIT 1
    $$`.execute(db);

  await sql`
    CREATE FUNCTION jx_studio_totals_list_add(p_org bigint, p_category text, p_level text, d_studios integer, d_closed integer)
    RETURNS void LANGUAGE sql AS $$
      INSERT INTO studio_totals AS t (org_id, level, category, studios, studios_closed)
      SELECT a.id::bigint, coalesce(p_level, 'none'), p_category, d_studios, d_closed
      FROM organisations o CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) WITH ORDINALITY AS a(id, n)
      WHERE o.id = p_org AND o.path NOT LIKE 'pending:%' AND (d_studios <> 0 OR d_closed <> 0)
      ORDER BY a.n
      ON CONFLICT (org_id, level, category) DO UPDATE SET
        studios = t.studios + excluded.studios,
        studios_closed = t.studios_closed + excluded.studios_closed
    $$`.execute(db);

  // A naming written: its studio's highest current level again (the update fires studio_totals_list).
  await sql`
    CREATE FUNCTION jx_studio_named_level_naming() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE studios SET named_level = jx_studio_named_level(id)
        WHERE id = OLD.studio_id AND named_level IS DISTINCT FROM jx_studio_named_level(id);
      END IF;
      IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.studio_id <> OLD.studio_id) THEN
        UPDATE studios SET named_level = jx_studio_named_level(id)
        WHERE id = NEW.studio_id AND named_level IS DISTINCT FROM jx_studio_named_level(id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  // A studio created, deleted, moved, recategorised, closed or reopened, or its level changed: its
  // count out of the old (enterprise, level, category) and into the new one, at every ancestor.
  await sql`
    CREATE FUNCTION jx_studio_totals_list() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.org_id = NEW.org_id AND OLD.category = NEW.category AND OLD.status = NEW.status
        AND OLD.named_level IS NOT DISTINCT FROM NEW.named_level THEN
        RETURN NULL;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM jx_studio_totals_list_add(OLD.org_id, OLD.category, OLD.named_level, -1, -(OLD.status = 'closed')::int);
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM jx_studio_totals_list_add(NEW.org_id, NEW.category, NEW.named_level, 1, (NEW.status = 'closed')::int);
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  // The existing studios' levels, before the triggers (no trigger work for the backfill).
  await sql`UPDATE studios SET named_level = jx_studio_named_level(id) WHERE named_level IS DISTINCT FROM jx_studio_named_level(id)`.execute(
    db,
  );

  await sql`
    CREATE TRIGGER studio_named_level AFTER INSERT OR DELETE OR UPDATE OF studio_id, level, status ON studio_namings
    FOR EACH ROW EXECUTE FUNCTION jx_studio_named_level_naming()`.execute(db);
  await sql`
    CREATE TRIGGER studio_totals_list AFTER INSERT OR DELETE OR UPDATE OF org_id, category, status, named_level ON studios
    FOR EACH ROW EXECUTE FUNCTION jx_studio_totals_list()`.execute(db);

  // A subtree move of organisations (a path UPDATE that is not an organisation's first, `pending:` →
  // real): the moved top node's rows hold everything under it, so they are taken off its old ancestors
  // and added to its new ones, in the same statement (as org_totals do). Until now a move left the
  // studio figures on the old path until repair-totals; the list's total reads them now.
  await sql`
    CREATE FUNCTION jx_studio_totals_move() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO studio_totals AS t (org_id, level, category, studios_named, revoked, grants_fen, excellent, passed, rectify, members, studios, studios_closed)
      SELECT a.id::bigint, d.level, d.category, sum(d.sg * d.studios_named)::int, sum(d.sg * d.revoked)::int, sum(d.sg * d.grants_fen)::bigint,
        sum(d.sg * d.excellent)::int, sum(d.sg * d.passed)::int, sum(d.sg * d.rectify)::int, sum(d.sg * d.members)::int,
        sum(d.sg * d.studios)::int, sum(d.sg * d.studios_closed)::int
      FROM (
        SELECT regexp_replace(m.old_path, '[^.]+[.]$', '') AS path, -1 AS sg, t.*
        FROM (SELECT n.id, o.path AS old_path, n.path AS new_path
              FROM new_table n JOIN old_table o ON o.id = n.id
              WHERE n.path <> o.path AND o.path NOT LIKE 'pending:%'
                AND NOT EXISTS (SELECT 1 FROM new_table n2 JOIN old_table o2 ON o2.id = n2.id WHERE n2.path <> o2.path AND n2.id = n.parent_id)) m
        JOIN studio_totals t ON t.org_id = m.id
        UNION ALL
        SELECT regexp_replace(m.new_path, '[^.]+[.]$', ''), 1, t.*
        FROM (SELECT n.id, o.path AS old_path, n.path AS new_path
              FROM new_table n JOIN old_table o ON o.id = n.id
              WHERE n.path <> o.path AND o.path NOT LIKE 'pending:%'
                AND NOT EXISTS (SELECT 1 FROM new_table n2 JOIN old_table o2 ON o2.id = n2.id WHERE n2.path <> o2.path AND n2.id = n.parent_id)) m
        JOIN studio_totals t ON t.org_id = m.id
      ) d CROSS JOIN LATERAL unnest(string_to_array(rtrim(d.path, '.'), '.')) WITH ORDINALITY AS a(id, n)
      WHERE d.path <> '' AND d.path NOT LIKE 'pending:%'
      GROUP BY a.id, d.level, d.category
      ORDER BY min(a.n), a.id::bigint, d.level, d.category
      ON CONFLICT (org_id, level, category) DO UPDATE SET
        studios_named = t.studios_named + excluded.studios_named,
        revoked = t.revoked + excluded.revoked,
        grants_fen = t.grants_fen + excluded.grants_fen,
        excellent = t.excellent + excluded.excellent,
        passed = t.passed + excluded.passed,
        rectify = t.rectify + excluded.rectify,
        members = t.members + excluded.members,
        studios = t.studios + excluded.studios,
        studios_closed = t.studios_closed + excluded.studios_closed;
      RETURN NULL;
    END $fn$`.execute(db);
  await sql`
    CREATE TRIGGER organisations_studio_totals_move AFTER UPDATE ON organisations
    REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table
    FOR EACH STATEMENT EXECUTE FUNCTION jx_studio_totals_move()`.execute(db);

  // The recount with the two new columns (the same expressions, from the namings rather than named_level).
  await sql`DROP FUNCTION jx_studio_totals_recount()`.execute(db);
  await sql`
    CREATE FUNCTION jx_studio_totals_recount()
    RETURNS TABLE (org_id bigint, level text, category text, studios_named integer, revoked integer, grants_fen bigint,
      excellent integer, passed integer, rectify integer, members integer, studios integer, studios_closed integer)
    LANGUAGE sql STABLE AS $$
      WITH n AS (
        SELECT st.org_id, st.category, n.level, (n.status <> 'revoked')::int AS named, (n.status = 'revoked')::int AS revoked, n.grant_fen,
          (SELECT count(*) FILTER (WHERE a.result = 'excellent') FROM studio_assessments a WHERE a.naming_id = n.id)::int AS excellent,
          (SELECT count(*) FILTER (WHERE a.result = 'pass') FROM studio_assessments a WHERE a.naming_id = n.id)::int AS passed,
          (SELECT count(*) FILTER (WHERE a.result = 'rectify') FROM studio_assessments a WHERE a.naming_id = n.id)::int AS rectify,
          (n.status <> 'revoked')::int * jx_studio_active_members(n.studio_id) AS members,
          0 AS studios, 0 AS closed
        FROM studio_namings n JOIN studios st ON st.id = n.studio_id
        UNION ALL
        SELECT st.org_id, st.category, coalesce(jx_studio_named_level(st.id), 'none'), 0, 0, 0::bigint, 0, 0, 0, 0,
          1, (st.status = 'closed')::int
        FROM studios st
      )
      SELECT a.id::bigint, n.level, n.category, sum(n.named)::int, sum(n.revoked)::int, sum(n.grant_fen)::bigint,
        sum(n.excellent)::int, sum(n.passed)::int, sum(n.rectify)::int, sum(n.members)::int, sum(n.studios)::int, sum(n.closed)::int
      FROM n JOIN organisations o ON o.id = n.org_id
      CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
      WHERE o.path NOT LIKE 'pending:%'
      GROUP BY a.id, n.level, n.category
    $$`.execute(db);

  await sql`DELETE FROM studio_totals`.execute(db);
  await sql`INSERT INTO studio_totals SELECT * FROM jx_studio_totals_recount()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS organisations_studio_totals_move ON organisations`.execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_studio_totals_move()`.execute(db);
  await sql`DROP TRIGGER IF EXISTS studio_totals_list ON studios`.execute(db);
  await sql`DROP TRIGGER IF EXISTS studio_named_level ON studio_namings`.execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_studio_totals_list(), jx_studio_named_level_naming()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_studio_totals_list_add(bigint, text, text, integer, integer)`.execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_studio_totals_recount()`.execute(db);
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
  await sql`DELETE FROM studio_totals WHERE level = 'none'`.execute(db);
  await sql`ALTER TABLE studio_totals DROP COLUMN studios, DROP COLUMN studios_closed`.execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_studio_named_level(bigint)`.execute(db);
  await sql`ALTER TABLE studios DROP COLUMN named_level`.execute(db);
  await sql`DROP INDEX IF EXISTS studio_applications_studio_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS studios_name_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS studios_founded_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS mentorships_studio_idx`.execute(db);
}
