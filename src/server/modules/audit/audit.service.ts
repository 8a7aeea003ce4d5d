// The audit log as its readers see it: the entries of their own subtree.
import type { RequestContext } from '../../platform/http.js';
import { listAuditEntries, type AuditFilter } from './audit.repository.js';

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
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actorUsername: r.actor_username,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      orgId: r.org_id,
      before: r.before,
      after: r.after,
      ip: r.ip,
    })),
  };
}
