// The audit log, read-only and scoped to the caller's subtree.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../../shared/audit-vocabulary.js';
import { subtreePattern } from '../../platform/access.js';
import { contextOf, pageQuery, type AppDeps } from '../../platform/http.js';

const listQuery = z.strictObject({
  action: z.enum(AUDIT_ACTIONS).optional(),
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
  entityId: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...pageQuery,
});

const entry = z.object({
  id: z.string(),
  at: z.string(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  orgId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

export async function auditRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/api/audit', {
    schema: { tags: ['audit'], summary: 'Audit entries of the caller\'s subtree, newest first', querystring: listQuery, response: { 200: z.object({ items: z.array(entry), total: z.number() }) } },
    config: { access: { permission: 'audit.read' } },
  }, async (req) => {
    const { actor } = contextOf(req, deps);
    const f = req.query;
    let q = deps.db.selectFrom('audit_log').where('org_path', 'like', subtreePattern(actor.orgPath));
    if (f.action) q = q.where('action', '=', f.action);
    if (f.entityType) q = q.where('entity_type', '=', f.entityType);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
    if (f.actor) q = q.where('actor_username', '=', f.actor);
    if (f.from) q = q.where('at', '>=', new Date(f.from));
    if (f.to) q = q.where('at', '<=', new Date(f.to));
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
      q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: total.n,
      items: rows.map((r) => ({
        id: r.id, at: new Date(r.at).toISOString(), actorUsername: r.actor_username, action: r.action,
        entityType: r.entity_type, entityId: r.entity_id, orgId: r.org_id, before: r.before, after: r.after, ip: r.ip,
      })),
    };
  });
}
