// Optimistic locking of records two people can edit (people, organisations): each row has a
// `version` that every update raises by one; a client sends the version it read, and a write based
// on an older one is refused with 409 `conflict` naming what changed since. What changed is read
// from the audit log, whose entries carry the record's version after each write; a change that left
// no per-record entry (a roster import updating a person) raises the version all the same, so the
// write is still refused, only without field names.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuditEntityType } from '../../shared/audit-vocabulary.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The API field names whose values differ between before and after in the audit entries of one
 * record written after `baseVersion`; `apiName` maps a logged key to the API field (null: not shown).
 */
export async function changedSince(
  db: Db,
  entityType: AuditEntityType,
  entityId: string,
  baseVersion: number,
  apiName: (key: string) => string | null,
): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['before', 'after'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where(
      sql<boolean>`CASE WHEN jsonb_typeof(after->'version') = 'number' THEN (after->>'version')::numeric > ${baseVersion} ELSE false END`,
    )
    .orderBy('id')
    .execute();
  const changed = new Set<string>();
  for (const r of rows) {
    const before = (r.before ?? {}) as Record<string, unknown>;
    const after = (r.after ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(after)) {
      if (!(key in before) || JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
      const name = apiName(key);
      if (name) changed.add(name);
    }
  }
  return [...changed];
}
