// In-app notifications (one row per recipient, idempotent per (user, dedupe key)) and the
// schedule state of the scheduled-job runner (leases, so several processes run a job once).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      org_id bigint NOT NULL REFERENCES organisations(id),
      kind text NOT NULL CHECK (kind IN ('task_assigned','report_returned','report_submitted','report_accepted','supervision','deadline')),
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      title_zh text NOT NULL,
      title_en text NOT NULL,
      dedupe_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    )`.execute(db);
  // notify() inserts ON CONFLICT (user_id, dedupe_key) DO NOTHING: never a second copy.
  await sql`CREATE UNIQUE INDEX notifications_dedupe_idx ON notifications (user_id, dedupe_key)`.execute(db);
  // The newest-first list of one user, with or without the unread filter, and the unread count.
  await sql`CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC)`.execute(db);
  await sql`CREATE INDEX notifications_unread_idx ON notifications (user_id, read_at, id DESC)`.execute(db);

  await sql`
    CREATE TABLE scheduled_jobs (
      name text PRIMARY KEY,
      last_run_at timestamptz,
      next_run_at timestamptz NOT NULL,
      locked_by text,
      locked_until timestamptz,
      last_error text
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE scheduled_jobs`.execute(db);
  await sql`DROP TABLE notifications`.execute(db);
}
