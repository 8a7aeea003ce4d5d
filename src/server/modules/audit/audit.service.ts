// The audit log as its readers see it: the entries of their own subtree, each naming what it is
// about and saying what changed in the reader's language (audit.present.ts); the raw before/after
// stay in the answer for tools.
import type { AuditEntityType } from '../../../shared/audit-vocabulary.js';
import type { RequestContext } from '../../platform/http.js';
import { entityLabel, nameInEntry, summarise } from './audit.present.js';
import { entityNames, listAuditEntries, type AuditFilter } from './audit.repository.js';

export async function listEntries(
  ctx: RequestContext,
  f: Omit<AuditFilter, 'from' | 'to'> & { from?: string; to?: string; page: number; pageSize: number },
) {
  const { rows, total } = await listAuditEntries(
    ctx.db,
    ctx.actor.orgPath,
    {
      action: f.action,
      entityType: f.entityType,
      entityId: f.entityId,
      actor: f.actor,
      from: f.from ? new Date(f.from) : undefined,
      to: f.to ? new Date(f.to) : undefined,
    },
    f.pageSize,
    (f.page - 1) * f.pageSize,
  );
  const ids: Partial<Record<AuditEntityType, string[]>> = { organisation: [] };
  for (const r of rows) {
    if (r.entity_id) (ids[r.entity_type as AuditEntityType] ??= []).push(r.entity_id);
    if (r.org_id) ids.organisation!.push(r.org_id);
  }
  const names = await entityNames(ctx.db, ctx.actor.orgPath, ids);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actorUsername: r.actor_username,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      entityName:
        (r.entity_id ? entityLabel(names.get(`${r.entity_type}:${r.entity_id}`), ctx.locale) : undefined) ??
        nameInEntry(r.before, r.after) ??
        null,
      orgId: r.org_id,
      orgName: r.org_id ? (names.get(`organisation:${r.org_id}`)?.name ?? null) : null,
      summary: summarise(r.before, r.after, ctx.locale),
      before: r.before,
      after: r.after,
      ip: r.ip,
    })),
  };
}
