// Names in pinyin order (platform/sort-key.ts): a sort key stored beside each name, COLLATE "C" so
// that PGlite and PostgreSQL order it the same way, by its bytes:
//  - people.name_key, organisations.name_key, users.display_name_key, people_import_rows.name_key
//    (a staged row carries its key into people at commit);
//  - people_scopes is keyed (scope_id, skill_key, name_key, person_id) instead of by name; its
//    triggers (migration 2026-12-01T10-people-scopes) re-file a person when the key changes;
//  - people_org_name_idx and organisations_parent_cover_idx order by the key.
// The keys are computed here, in Node (pinyin-pro has no SQL twin): ids and names are read in keyset
// batches of 10,000 and written back with one UPDATE … FROM unnest(…) per batch, with the tables'
// triggers off (only the keys change: no figure moves); people_scopes is then rebuilt in one
// sorted pass, as the generator builds it. Measured (README, Benchmarks): 100,000 workers in ~6 s on
// PostgreSQL, ~5 min at 5,000,000 by extrapolation; the migration runs in the migrator's
// transaction, so the tables are locked for that time.
import { sql, type Kysely } from 'kysely';
import { orgNameKey, personNameKey, userNameKey } from '../../platform/sort-key.js';
import {
  expectedFunction as oldExpected,
  organisationsFunction as oldOrganisations,
  peopleFunction as oldPeople,
} from './2026-12-01T10-people-scopes.js';

const BATCH = 10_000;

const LOCK_SHARED = 'PERFORM pg_advisory_xact_lock_shared(72160131);';
const LOCK = 'PERFORM pg_advisory_xact_lock(72160131);';

/** The scope rows of people rows (alias r: id, name_key, skill_level, org_id) under their organisation's current path. */
const scopeRows = (from: string, where = 'true') => `
  SELECT a.id::bigint AS scope_id, coalesce(r.skill_level, 0)::smallint AS skill_key, r.name_key, r.id AS person_id
  FROM ${from} JOIN organisations o ON o.id = r.org_id CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
  WHERE ${where}`;
const removeRows = (rows: string) => `
  DELETE FROM people_scopes s USING (${rows}) d
  WHERE s.scope_id = d.scope_id AND s.skill_key = d.skill_key AND s.name_key = d.name_key AND s.person_id = d.person_id`;
const addRows = (rows: string) => `INSERT INTO people_scopes (scope_id, skill_key, name_key, person_id) ${rows}`;
/** People whose scope rows changed: (id, key, level, organisation) of one side that the other lacks (EXCEPT hashes; see 2026-12-01T10). */
const changed = (from: string, other: string) =>
  `(SELECT id, name_key, skill_level, org_id FROM ${from} EXCEPT SELECT id, name_key, skill_level, org_id FROM ${other}) r`;

const peopleFunction = `
  CREATE OR REPLACE FUNCTION jx_scopes_people() RETURNS trigger LANGUAGE plpgsql AS $fn$
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

const moved = `
  SELECT n.id, string_to_array(rtrim(o.path, '.'), '.') AS old_a, string_to_array(rtrim(n.path, '.'), '.') AS new_a
  FROM new_table n JOIN old_table o ON o.id = n.id
  WHERE n.path <> o.path AND o.path NOT LIKE 'pending:%'`;
const movedRows = (side: 'old_a' | 'new_a', other: 'old_a' | 'new_a') => `
  SELECT a.id::bigint AS scope_id, coalesce(p.skill_level, 0)::smallint AS skill_key, p.name_key, p.id AS person_id
  FROM (${moved}) m JOIN people p ON p.org_id = m.id CROSS JOIN LATERAL unnest(m.${side}) AS a(id)
  WHERE NOT (a.id = ANY (m.${other}))`;

const organisationsFunction = `
  CREATE OR REPLACE FUNCTION jx_scopes_organisations() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF NOT EXISTS (${moved}) THEN RETURN NULL; END IF;
    ${LOCK}
    ${removeRows(movedRows('old_a', 'new_a'))};
    ${addRows(movedRows('new_a', 'old_a'))};
    RETURN NULL;
  END $fn$`;

/** Every scope row as it should be (verify-totals, repair-totals, the bulk builds). */
const expectedFunction = `
  CREATE FUNCTION jx_people_scopes_expected() RETURNS TABLE (scope_id bigint, skill_key smallint, name_key text, person_id bigint)
  LANGUAGE sql STABLE AS $fn$ ${scopeRows('people r', "o.path NOT LIKE 'pending:%'")} $fn$`;

const SCOPE_TRIGGERS = [
  'CREATE TRIGGER people_scopes_ins AFTER INSERT ON people REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION jx_scopes_people()',
  'CREATE TRIGGER people_scopes_upd AFTER UPDATE ON people REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION jx_scopes_people()',
  'CREATE TRIGGER people_scopes_del AFTER DELETE ON people REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION jx_scopes_people()',
  'CREATE TRIGGER organisations_scopes_upd AFTER UPDATE ON organisations REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION jx_scopes_organisations()',
];
const DROP_SCOPE_TRIGGERS = [
  'people_scopes_ins ON people',
  'people_scopes_upd ON people',
  'people_scopes_del ON people',
  'organisations_scopes_upd ON organisations',
];

/** The enabled, non-internal triggers of a table (roll-ups, scopes), to turn off during a backfill and back on after. */
async function enabledTriggers(db: Kysely<unknown>, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT tgname AS name FROM pg_trigger WHERE tgrelid = ${table}::regclass AND NOT tgisinternal AND tgenabled <> 'D' ORDER BY tgname`.execute(
    db,
  );
  return r.rows.map((t) => t.name);
}

/**
 * Fills `keyColumn` from `nameColumn` for every row of a table with a bigint id: a keyset batch of
 * ids and names read, their keys computed, one UPDATE per batch. Returns the rows written.
 */
export async function backfillKeys<DB>(
  db: Kysely<DB>,
  table: string,
  nameColumn: string,
  keyColumn: string,
  key: (name: string) => string,
  batchSize = BATCH,
): Promise<number> {
  let after: string | null = null;
  let n = 0;
  const t = sql.table(table);
  for (;;) {
    // x.id, qualified: a bare "id" in ORDER BY would name the text output column and order as text.
    const batch: { id: string; name: string }[] = (
      await sql<{ id: string; name: string }>`
      SELECT x.id::text AS id, x.${sql.ref(nameColumn)} AS name FROM ${t} x
      ${after === null ? sql`` : sql`WHERE x.id > ${after}::bigint`} ORDER BY x.id LIMIT ${batchSize}`.execute(db)
    ).rows;
    if (!batch.length) return n;
    await sql`
      UPDATE ${t} x SET ${sql.ref(keyColumn)} = u.k
      FROM unnest(${batch.map((r) => r.id)}::bigint[], ${batch.map((r) => key(r.name))}::text[]) AS u(id, k)
      WHERE x.id = u.id`.execute(db);
    n += batch.length;
    after = batch[batch.length - 1]!.id;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of [
    ['people', 'name_key'],
    ['organisations', 'name_key'],
    ['users', 'display_name_key'],
    ['people_import_rows', 'name_key'],
  ]) {
    await sql.raw(`ALTER TABLE ${table} ADD COLUMN ${column} text COLLATE "C"`).execute(db);
  }

  // The scope rows go now and come back keyed by name_key after the backfill.
  for (const t of DROP_SCOPE_TRIGGERS) await sql.raw(`DROP TRIGGER ${t}`).execute(db);
  await sql`DROP FUNCTION jx_people_scopes_expected()`.execute(db);
  await sql`DROP TABLE people_scopes`.execute(db);
  await sql`DROP INDEX IF EXISTS people_org_name_idx`.execute(db);

  const fill: [string, string, string, (n: string) => string][] = [
    ['organisations', 'name', 'name_key', orgNameKey],
    ['users', 'display_name', 'display_name_key', userNameKey],
    ['people', 'name', 'name_key', personNameKey],
  ];
  for (const [table, name, key, fn] of fill) {
    const triggers = await enabledTriggers(db, table);
    for (const tg of triggers) await sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER ${tg}`).execute(db);
    await backfillKeys(db, table, name, key, fn);
    for (const tg of triggers) await sql.raw(`ALTER TABLE ${table} ENABLE TRIGGER ${tg}`).execute(db);
    await sql.raw(`ALTER TABLE ${table} ALTER COLUMN ${key} SET NOT NULL`).execute(db);
  }
  // Staged rows of an import not yet committed (keyed by (import_id, row_no): few, one statement).
  const staged = (
    await sql<{ import_id: string; row_no: number; name: string }>`SELECT import_id::text, row_no, name FROM people_import_rows`.execute(db)
  ).rows;
  if (staged.length) {
    await sql`
      UPDATE people_import_rows r SET name_key = u.k
      FROM unnest(${staged.map((s) => s.import_id)}::bigint[], ${staged.map((s) => s.row_no)}::int[], ${staged.map((s) => personNameKey(s.name))}::text[]) AS u(import_id, row_no, k)
      WHERE r.import_id = u.import_id AND r.row_no = u.row_no`.execute(db);
  }
  await sql`ALTER TABLE people_import_rows ALTER COLUMN name_key SET NOT NULL`.execute(db);

  await sql`CREATE TABLE people_scopes (scope_id bigint NOT NULL, skill_key smallint NOT NULL, name_key text COLLATE "C" NOT NULL, person_id bigint NOT NULL)`.execute(
    db,
  );
  for (const fn of [peopleFunction, organisationsFunction, expectedFunction]) await sql.raw(fn).execute(db);
  // Rows first, the key after: one sorted index build.
  await sql`INSERT INTO people_scopes SELECT * FROM jx_people_scopes_expected()`.execute(db);
  await sql`ALTER TABLE people_scopes ADD PRIMARY KEY (scope_id, skill_key, name_key, person_id)`.execute(db);
  for (const t of SCOPE_TRIGGERS) await sql.raw(t).execute(db);

  await sql`CREATE INDEX people_org_name_idx ON people (org_id, name_key, id)`.execute(db);
  await sql`CREATE INDEX organisations_parent_key_idx ON organisations (parent_id, name_key) INCLUDE (id, name, kind, level, status, path)`.execute(
    db,
  );
  await sql`DROP INDEX IF EXISTS organisations_parent_cover_idx`.execute(db);
  // The planner's statistics for the new columns (sampled: seconds at any size). The rewritten rows
  // leave the old versions behind until (auto)vacuum: VACUUM people after the upgrade (see README).
  await sql`ANALYZE people, organisations, users, people_scopes`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS organisations_parent_cover_idx ON organisations (parent_id, name) INCLUDE (id, kind, level, status, path)`.execute(
    db,
  );
  await sql`DROP INDEX IF EXISTS organisations_parent_key_idx`.execute(db);
  for (const t of DROP_SCOPE_TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
  for (const fn of ['jx_scopes_people()', 'jx_scopes_organisations()', 'jx_people_scopes_expected()'])
    await sql.raw(`DROP FUNCTION IF EXISTS ${fn}`).execute(db);
  await sql`DROP TABLE IF EXISTS people_scopes`.execute(db);
  await sql`DROP INDEX IF EXISTS people_org_name_idx`.execute(db);
  await sql`CREATE INDEX people_org_name_idx ON people (org_id, name, id)`.execute(db);
  await sql`CREATE TABLE people_scopes (scope_id bigint NOT NULL, skill_key smallint NOT NULL, name text NOT NULL, person_id bigint NOT NULL)`.execute(
    db,
  );
  for (const fn of [oldPeople, oldOrganisations, oldExpected]) await sql.raw(fn).execute(db);
  await sql`INSERT INTO people_scopes SELECT * FROM jx_people_scopes_expected()`.execute(db);
  await sql`ALTER TABLE people_scopes ADD PRIMARY KEY (scope_id, skill_key, name, person_id)`.execute(db);
  for (const t of SCOPE_TRIGGERS) await sql.raw(t).execute(db);
  for (const [table, column] of [
    ['people', 'name_key'],
    ['organisations', 'name_key'],
    ['users', 'display_name_key'],
    ['people_import_rows', 'name_key'],
  ]) {
    await sql.raw(`ALTER TABLE ${table} DROP COLUMN ${column}`).execute(db);
  }
}
