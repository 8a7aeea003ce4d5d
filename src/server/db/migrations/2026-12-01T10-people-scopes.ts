// The people list at province scale. A subtree's people by name (with or without a skill level) was
// read by visiting every organisation of the subtree and sorting all its matches: ~9 ms of database
// time for a county of 400 enterprises at 5,000,000 workers, whatever the page. Now:
//  - people_scopes lists every person under each organisation on their organisation's path (their
//    own included), keyed (scope, skill key, name, person): a page of a subtree's people by name is
//    one index range read of that page's entries, at any depth and size. Kept by statement-level
//    triggers on people (insert, delete, a change of name, level or organisation) and on
//    organisations (a subtree move re-files the moved people under their new ancestors), in the
//    writer's transaction, under the roll-ups' advisory lock like the roll-up triggers.
//  - org_totals gains registry_0 … registry_8: everyone on the registry (any employment status) by
//    skill level (0 = none), so the list's total for a subtree and level is one row, not a count.
// Replaces people_skill_name_idx, whose only job the scopes now do.
import { sql, type Kysely } from 'kysely';
import { ROLLUP_2026_11_23, rollupSql, type RollupSpec } from './2026-11-23T20-dashboard.js';

const KEYS = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;
const REGISTRY = KEYS.map((k) => `registry_${k}`);
const ROLLUP: RollupSpec = {
  ...ROLLUP_2026_11_23,
  totals: [...ROLLUP_2026_11_23.totals, ...REGISTRY],
  people: {
    ...ROLLUP_2026_11_23.people,
    ...Object.fromEntries(KEYS.map((k) => [`registry_${k}`, k ? `r.skill_level = ${k}` : 'r.skill_level IS NULL'])),
  },
};

const LOCK_SHARED = 'PERFORM pg_advisory_xact_lock_shared(72160131);';
const LOCK = 'PERFORM pg_advisory_xact_lock(72160131);';

/** The scope rows of people rows (alias r: id, name, skill_level, org_id) under their organisation's current path. */
const scopeRows = (from: string, where = 'true') => `
  SELECT a.id::bigint AS scope_id, coalesce(r.skill_level, 0)::smallint AS skill_key, r.name, r.id AS person_id
  FROM ${from} JOIN organisations o ON o.id = r.org_id CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
  WHERE ${where}`;
const removeRows = (rows: string) => `
  DELETE FROM people_scopes s USING (${rows}) d
  WHERE s.scope_id = d.scope_id AND s.skill_key = d.skill_key AND s.name = d.name AND s.person_id = d.person_id`;
const addRows = (rows: string) => `INSERT INTO people_scopes (scope_id, skill_key, name, person_id) ${rows}`;
/**
 * An update re-files a person only when what the scope rows hold changed: the (id, name, level,
 * organisation) of one side that the other side lacks. EXCEPT hashes both sides, where a join of the
 * two transition tables on id could be planned as a nested loop (the plan is cached for the session,
 * chosen for an earlier, smaller statement) and take minutes for one 5,000-row batch.
 */
const changed = (from: string, other: string) =>
  `(SELECT id, name, skill_level, org_id FROM ${from} EXCEPT SELECT id, name, skill_level, org_id FROM ${other}) r`;

export const peopleFunction = `
  CREATE FUNCTION jx_scopes_people() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    ${LOCK_SHARED}
    IF TG_OP = 'INSERT' THEN
      ${addRows(scopeRows('new_table r'))};
    ELSIF TG_OP = 'UPDATE' THEN
      ${removeRows(scopeRows(changed('old_table', 'new_table')))};
      ${addRows(scopeRows(changed('new_table', 'old_table')))};
    ELSE
      ${removeRows(scopeRows('old_table r'))};
    END IF;
    RETURN NULL;
  END $fn$`;

/** Organisations whose settled path changed (a move), with their old and new ancestors. */
const moved = `
  SELECT n.id, string_to_array(rtrim(o.path, '.'), '.') AS old_a, string_to_array(rtrim(n.path, '.'), '.') AS new_a
  FROM new_table n JOIN old_table o ON o.id = n.id
  WHERE n.path <> o.path AND o.path NOT LIKE 'pending:%'`;
/** The people of moved organisations under the ancestors on one side only. */
const movedRows = (side: 'old_a' | 'new_a', other: 'old_a' | 'new_a') => `
  SELECT a.id::bigint AS scope_id, coalesce(p.skill_level, 0)::smallint AS skill_key, p.name, p.id AS person_id
  FROM (${moved}) m JOIN people p ON p.org_id = m.id CROSS JOIN LATERAL unnest(m.${side}) AS a(id)
  WHERE NOT (a.id = ANY (m.${other}))`;

export const organisationsFunction = `
  CREATE FUNCTION jx_scopes_organisations() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF NOT EXISTS (${moved}) THEN RETURN NULL; END IF;
    ${LOCK}
    ${removeRows(movedRows('old_a', 'new_a'))};
    ${addRows(movedRows('new_a', 'old_a'))};
    RETURN NULL;
  END $fn$`;

/** Every scope row as it should be, from people and organisations (verify-totals, repair, backfill). */
export const expectedFunction = `
  CREATE FUNCTION jx_people_scopes_expected() RETURNS TABLE (scope_id bigint, skill_key smallint, name text, person_id bigint)
  LANGUAGE sql STABLE AS $fn$ ${scopeRows('people r', "o.path NOT LIKE 'pending:%'")} $fn$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const f = rollupSql(ROLLUP);
  for (const c of REGISTRY) await sql.raw(`ALTER TABLE org_totals ADD COLUMN ${c} integer NOT NULL DEFAULT 0`).execute(db);
  // The recount returns more columns: a changed result type needs DROP first.
  await sql`DROP FUNCTION jx_org_totals_recount()`.execute(db);
  for (const fn of [f.people, f.honours, f.tasks, f.organisations, f.peopleBeforeDelete, f.recount]) await sql.raw(fn).execute(db);
  await sql
    .raw(`
    INSERT INTO org_totals AS t SELECT * FROM jx_org_totals_recount()
    ON CONFLICT (org_id) DO UPDATE SET ${REGISTRY.map((c) => `${c} = excluded.${c}`).join(', ')}`)
    .execute(db);

  await sql`
    CREATE TABLE people_scopes (
      scope_id bigint NOT NULL,
      skill_key smallint NOT NULL,
      name text NOT NULL,
      person_id bigint NOT NULL
    )`.execute(db);
  await sql.raw(peopleFunction).execute(db);
  await sql.raw(organisationsFunction).execute(db);
  await sql.raw(expectedFunction).execute(db);
  // Rows first, the key after: one sorted index build instead of millions of inserts into it.
  await sql`INSERT INTO people_scopes SELECT * FROM jx_people_scopes_expected()`.execute(db);
  await sql`ALTER TABLE people_scopes ADD PRIMARY KEY (scope_id, skill_key, name, person_id)`.execute(db);
  await sql`CREATE TRIGGER people_scopes_ins AFTER INSERT ON people REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION jx_scopes_people()`.execute(
    db,
  );
  await sql`CREATE TRIGGER people_scopes_upd AFTER UPDATE ON people REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION jx_scopes_people()`.execute(
    db,
  );
  await sql`CREATE TRIGGER people_scopes_del AFTER DELETE ON people REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION jx_scopes_people()`.execute(
    db,
  );
  await sql`CREATE TRIGGER organisations_scopes_upd AFTER UPDATE ON organisations REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION jx_scopes_organisations()`.execute(
    db,
  );
  await sql`DROP INDEX IF EXISTS people_skill_name_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS people_skill_name_idx ON people (skill_level, org_id, name, id) WHERE skill_level IS NOT NULL`.execute(
    db,
  );
  for (const t of [
    'people_scopes_ins ON people',
    'people_scopes_upd ON people',
    'people_scopes_del ON people',
    'organisations_scopes_upd ON organisations',
  ]) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
  }
  for (const fn of ['jx_scopes_people()', 'jx_scopes_organisations()', 'jx_people_scopes_expected()'])
    await sql.raw(`DROP FUNCTION IF EXISTS ${fn}`).execute(db);
  await sql`DROP TABLE IF EXISTS people_scopes`.execute(db);
  const f = rollupSql(ROLLUP_2026_11_23);
  await sql`DROP FUNCTION jx_org_totals_recount()`.execute(db);
  for (const fn of [f.people, f.honours, f.tasks, f.organisations, f.peopleBeforeDelete, f.recount]) await sql.raw(fn).execute(db);
  for (const c of REGISTRY) await sql.raw(`ALTER TABLE org_totals DROP COLUMN IF EXISTS ${c}`).execute(db);
}
