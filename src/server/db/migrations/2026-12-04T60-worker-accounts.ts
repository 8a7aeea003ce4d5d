// Worker accounts (issue #16): a user of role `worker` is linked to their own registry person; one
// account per person.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN person_id bigint REFERENCES people(id)`.execute(db);
  await sql`CREATE UNIQUE INDEX users_person_idx ON users (person_id) WHERE person_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS users_person_idx`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN IF EXISTS person_id`.execute(db);
}
