// How many audit entries a test's actions left, by entity type and action.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export async function countAudits(db: Kysely<Database>, entityType: string, action: string): Promise<number> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['entity_id'])
    .where('entity_type', '=', entityType)
    .where('action', '=', action)
    .execute();
  return rows.length;
}
