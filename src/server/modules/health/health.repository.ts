// The health check's one statement.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Round trip to the database; throws when it cannot answer. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
