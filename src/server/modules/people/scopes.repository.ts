// The people list's subtree index (people_scopes, migration 2026-12-01T10-people-scopes) loaded in
// bulk: for a dataset written into a new database, its triggers are turned off during the load and
// the index is built at the end in one sorted pass (row by row, at millions of workers, each row
// lands on a random page of a key larger than the buffer cache).
import { sql } from 'kysely';
import type { Db } from './people.repository.js';

const TRIGGERS = ['people_scopes_ins', 'people_scopes_upd', 'people_scopes_del'];

/** Before a bulk load of people into a database that holds none yet. */
export async function suspendScopeTriggers(db: Db): Promise<void> {
  for (const t of TRIGGERS) await sql.raw(`ALTER TABLE people DISABLE TRIGGER ${t}`).execute(db);
}

/** After the load: every person's rows, the key built once, the triggers back on. */
export async function buildScopesInBulk(db: Db): Promise<void> {
  await sql`ALTER TABLE people_scopes DROP CONSTRAINT people_scopes_pkey`.execute(db);
  await sql`DELETE FROM people_scopes`.execute(db);
  await sql`INSERT INTO people_scopes SELECT * FROM jx_people_scopes_expected()`.execute(db);
  await sql`ALTER TABLE people_scopes ADD PRIMARY KEY (scope_id, skill_key, name_key, person_id)`.execute(db);
  for (const t of TRIGGERS) await sql.raw(`ALTER TABLE people ENABLE TRIGGER ${t}`).execute(db);
}
