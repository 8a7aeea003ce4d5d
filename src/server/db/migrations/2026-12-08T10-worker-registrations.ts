// Worker self-registration (issue #16 item 1): a registry person asks for a worker account with their
// ID number and mobile; the request waits, with the chosen password already hashed, until the
// enterprise union confirms it (the account is created then) or rejects it with a reason.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE worker_registrations (
      id bigserial PRIMARY KEY,
      person_id bigint NOT NULL REFERENCES people(id),
      username text NOT NULL,
      password_hash text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
      reason text,
      user_id bigint REFERENCES users(id),
      decided_by bigint REFERENCES users(id),
      decided_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One pending request per person, and a pending request holds its username.
  await sql`CREATE UNIQUE INDEX worker_registrations_pending_person ON worker_registrations (person_id) WHERE status = 'pending'`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX worker_registrations_pending_username ON worker_registrations (lower(username)) WHERE status = 'pending'`.execute(
    db,
  );
  await sql`CREATE INDEX worker_registrations_username ON worker_registrations (lower(username), id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS worker_registrations`.execute(db);
}
