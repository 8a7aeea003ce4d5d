// Failed sign-ins under usernames that do not exist are counted and locked out exactly like those of
// real accounts, so a 423 "locked" after five failures tells nobody whether the name exists. Keyed by
// a keyed hash of the lower-cased name: what people type into the username field is never stored.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE login_failures (
      name_hash text PRIMARY KEY,
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX login_failures_updated_idx ON login_failures (updated_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS login_failures`.execute(db);
}
