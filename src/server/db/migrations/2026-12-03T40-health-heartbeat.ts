// One row that /api/health rewrites on every call: a database that answers reads but refuses
// writes (read-only, disk full) shows as degraded instead of healthy.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE health_heartbeat (id int PRIMARY KEY CHECK (id = 1), beat_at timestamptz NOT NULL)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS health_heartbeat`.execute(db);
}
