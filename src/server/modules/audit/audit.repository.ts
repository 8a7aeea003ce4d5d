// The SQL of the audit log's reader (entries are written by platform/audit.ts).
import { sql, type Kysely } from 'kysely';
import type { AuditAction, AuditEntityType } from '../../../shared/audit-vocabulary.js';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';

export interface AuditFilter {
  action?: AuditAction;
  entityType?: AuditEntityType;
  entityId?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

/** Entries filed under the subtree, newest first, and how many match. */
export async function listAuditEntries(db: Kysely<Database>, rootPath: string, f: AuditFilter, limit: number, offset: number) {
  let q = db.selectFrom('audit_log').where('org_path', 'like', subtreePattern(rootPath));
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actor) q = q.where('actor_username', '=', f.actor);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<=', f.to);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}
