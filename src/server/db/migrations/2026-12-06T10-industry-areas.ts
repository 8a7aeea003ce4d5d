// The industry chain's figures split by territory (issue #12 item 4: drill-down by province and by enterprise).
//  - industry_area_totals: per industry union and territorial organisation, the sum of the org_totals
//    rows of the union's active affiliated enterprises in that organisation's subtree (the enterprise
//    itself included: every organisation on the enterprise's path gets its figures, as in org_totals).
//    An industry union's dashboard lists the provinces (children of the federation above it) from
//    these rows, a province its cities, … down to the enterprises, each list one lookup per child
//    instead of a pass over all the union's enterprises.
//  - Kept in the writers' transactions by the same triggers as industry_totals (migration
//    2026-12-04T20-industry-chain), which now also apply every change along the enterprise's path;
//    a path change of an affiliated enterprise (a subtree move) moves its figures from the old
//    ancestors to the new ones, under the roll-ups' exclusive lock; deleting an affiliated
//    organisation first ends its affiliations (so they come off while its path is still known).
//  - jx_industry_area_recount() recomputes them from the stored org_totals; verify-totals compares.
import { sql, type Kysely } from 'kysely';

/** The totals columns of industry_totals, frozen with this migration. */
const COLS = [
  'workers',
  'union_members',
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((k) => `skill_${k}`),
  'model_workers_national',
  'model_workers_provincial',
  'model_workers_city',
  'may_day_national',
  'may_day_provincial',
  'craftsmen',
  'technical_experts',
  'enterprises',
  'enterprises_with_union',
  'tasks_not_started',
  'tasks_on_track',
  'tasks_at_risk',
  'tasks_overdue',
  'tasks_completed',
];

const list = COLS.join(', ');
const sums = (alias: string) => COLS.map((c) => `sum(${alias}.${c})::int`).join(', ');
const addUp = COLS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ');
const nonzero = (alias: string) => COLS.map((c) => `sum(${alias}.${c}) <> 0`).join(' OR ');
const ancestors = (path: string) => `unnest(string_to_array(rtrim(${path}, '.'), '.'))`;

/** Applies per-enterprise deltas (rows: org_id, cols…) to the unions each enterprise is actively affiliated to. */
const applyToUnions = (rows: string) => `
  INSERT INTO industry_totals AS t (union_id, ${list})
  SELECT a.union_id, ${sums('d')}
  FROM (${rows}) d JOIN org_affiliations a ON a.enterprise_id = d.org_id AND a.status = 'active'
  GROUP BY a.union_id HAVING ${nonzero('d')}
  ORDER BY a.union_id
  ON CONFLICT (union_id) DO UPDATE SET ${addUp}`;

/** The same deltas (rows: org_id, path, cols…) applied to (union, every organisation on the path). */
const applyToAreas = (rows: string) => `
  INSERT INTO industry_area_totals AS t (union_id, org_id, ${list})
  SELECT a.union_id, p.id::bigint, ${sums('d')}
  FROM (${rows}) d JOIN org_affiliations a ON a.enterprise_id = d.org_id AND a.status = 'active'
  CROSS JOIN LATERAL ${ancestors('d.path')} AS p(id)
  WHERE d.path NOT LIKE 'pending:%'
  GROUP BY a.union_id, p.id::bigint HAVING ${nonzero('d')}
  ORDER BY 1, 2
  ON CONFLICT (union_id, org_id) DO UPDATE SET ${addUp}`;

/** Both, for per-enterprise deltas given as `rows` (org_id, cols…): the path is the enterprise's current one. */
const applyBoth = (rows: string) => `
  ${applyToUnions(rows)};
  ${applyToAreas(`SELECT o.path, d.* FROM (${rows}) d JOIN organisations o ON o.id = d.org_id`)}`;

const OLD_FUNCTIONS = {
  ins: `SELECT org_id, ${list} FROM new_table`,
  upd: `SELECT n.org_id, ${COLS.map((c) => `n.${c} - o.${c} AS ${c}`).join(', ')} FROM new_table n JOIN old_table o ON o.org_id = n.org_id`,
  del: `SELECT org_id, ${COLS.map((c) => `-${c} AS ${c}`).join(', ')} FROM old_table`,
};

/** Affiliated organisations whose path changed (not the first one, `pending:` → real), with both paths. */
const MOVED = `
  SELECT n.id, o.path AS old_path, n.path AS new_path
  FROM new_table n JOIN old_table o ON o.id = n.id
  WHERE n.path <> o.path AND o.path NOT LIKE 'pending:%'
    AND EXISTS (SELECT 1 FROM org_affiliations a WHERE a.enterprise_id = n.id AND a.status = 'active')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE industry_area_totals (union_id bigint NOT NULL, org_id bigint NOT NULL, ${COLS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', ')},
      PRIMARY KEY (union_id, org_id))`,
    )
    .execute(db);
  const statements = [
    ...Object.entries(OLD_FUNCTIONS).map(
      ([op, rows]) => `CREATE OR REPLACE FUNCTION jx_industry_totals_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${applyBoth(rows)};
      RETURN NULL;
    END $$`,
    ),
    `CREATE OR REPLACE FUNCTION jx_industry_apply(p_union bigint, p_enterprise bigint, p_sign integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM 1 FROM org_totals WHERE org_id = p_enterprise FOR UPDATE;
      INSERT INTO industry_totals AS t (union_id, ${list})
      SELECT p_union, ${COLS.map((c) => `p_sign * x.${c}`).join(', ')} FROM org_totals x WHERE x.org_id = p_enterprise
      ON CONFLICT (union_id) DO UPDATE SET ${addUp};
      INSERT INTO industry_area_totals AS t (union_id, org_id, ${list})
      SELECT p_union, p.id::bigint, ${COLS.map((c) => `p_sign * x.${c}`).join(', ')}
      FROM org_totals x JOIN organisations o ON o.id = x.org_id CROSS JOIN LATERAL ${ancestors('o.path')} AS p(id)
      WHERE x.org_id = p_enterprise AND o.path NOT LIKE 'pending:%'
      ORDER BY 2
      ON CONFLICT (union_id, org_id) DO UPDATE SET ${addUp};
    END $$`,
    // Fires before organisations_totals_upd (triggers fire by name): it moves the enterprise's figures
    // as they stand before that trigger applies the statement's own changes along the new path.
    `CREATE FUNCTION jx_industry_areas_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (${MOVED}) THEN RETURN NULL; END IF;
      PERFORM pg_advisory_xact_lock(72160131);
      ${applyToAreas(`
        SELECT m.id AS org_id, m.old_path AS path, ${COLS.map((c) => `-x.${c} AS ${c}`).join(', ')} FROM (${MOVED}) m JOIN org_totals x ON x.org_id = m.id
        UNION ALL
        SELECT m.id, m.new_path, ${COLS.map((c) => `x.${c}`).join(', ')} FROM (${MOVED}) m JOIN org_totals x ON x.org_id = m.id`)};
      RETURN NULL;
    END $$`,
    'CREATE TRIGGER organisations_industry_move AFTER UPDATE ON organisations REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION jx_industry_areas_move()',
    `CREATE FUNCTION jx_industry_org_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE org_affiliations SET status = 'ended', valid_to = now(), updated_at = now() WHERE enterprise_id = OLD.id AND status = 'active';
      RETURN OLD;
    END $$`,
    'CREATE TRIGGER organisations_industry_del BEFORE DELETE ON organisations FOR EACH ROW EXECUTE FUNCTION jx_industry_org_delete()',
    `CREATE FUNCTION jx_industry_area_recount() RETURNS TABLE (union_id bigint, org_id bigint, ${COLS.map((c) => `${c} integer`).join(', ')})
    LANGUAGE sql STABLE AS $$
      SELECT a.union_id, p.id::bigint, ${sums('r')}
      FROM org_affiliations a JOIN org_totals r ON r.org_id = a.enterprise_id JOIN organisations o ON o.id = a.enterprise_id
      CROSS JOIN LATERAL ${ancestors('o.path')} AS p(id)
      WHERE a.status = 'active' AND o.path NOT LIKE 'pending:%'
      GROUP BY 1, 2
    $$`,
    'INSERT INTO industry_area_totals SELECT * FROM jx_industry_area_recount()',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const restore = Object.entries(OLD_FUNCTIONS).map(
    ([op, rows]) => `CREATE OR REPLACE FUNCTION jx_industry_totals_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${applyToUnions(rows)};
      RETURN NULL;
    END $$`,
  );
  for (const statement of [
    'DROP TRIGGER IF EXISTS organisations_industry_move ON organisations',
    'DROP TRIGGER IF EXISTS organisations_industry_del ON organisations',
    'DROP FUNCTION IF EXISTS jx_industry_areas_move()',
    'DROP FUNCTION IF EXISTS jx_industry_org_delete()',
    'DROP FUNCTION IF EXISTS jx_industry_area_recount()',
    ...restore,
    `CREATE OR REPLACE FUNCTION jx_industry_apply(p_union bigint, p_enterprise bigint, p_sign integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM 1 FROM org_totals WHERE org_id = p_enterprise FOR UPDATE;
      INSERT INTO industry_totals AS t (union_id, ${list})
      SELECT p_union, ${COLS.map((c) => `p_sign * x.${c}`).join(', ')} FROM org_totals x WHERE x.org_id = p_enterprise
      ON CONFLICT (union_id) DO UPDATE SET ${addUp};
    END $$`,
    'DROP TABLE IF EXISTS industry_area_totals',
  ])
    await sql.raw(statement).execute(db);
}
