// The health check's statements: a round trip, and a write of the one heartbeat row.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Round trip to the database; throws when it cannot answer. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/** Rewrites the heartbeat row; throws when the database refuses writes (read-only, disk full). */
export async function probeWrite(db: Kysely<Database>): Promise<void> {
  await sql`INSERT INTO health_heartbeat (id, beat_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at`.execute(
    db,
  );
}
