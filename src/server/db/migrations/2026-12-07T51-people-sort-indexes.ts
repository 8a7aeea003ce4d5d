// The people list sorted by birth date or creation time over a large subtree walks these indexes in
// order and keeps the subtree's rows (people.repository.ts, listPeople), instead of sorting every
// person of a province for one page. Sorting by level reads people_scopes and needs no index here.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS people_birth_idx ON people (birth_date, id)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS people_created_idx ON people (created_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS people_created_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS people_birth_idx`.execute(db);
}
