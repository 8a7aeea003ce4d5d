// The health probes' SQL: a read, and a write of the one heartbeat row.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export async function probeRead(db: Kysely<Database>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

export async function probeWrite(db: Kysely<Database>): Promise<void> {
  await sql`INSERT INTO health_heartbeat (id, beat_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at`.execute(db);
}
