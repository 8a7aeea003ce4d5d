// The audit log, read-only and scoped to the caller's subtree.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../../shared/audit-vocabulary.js';
import { contextOf, pageQuery, type AppDeps } from '../../platform/http.js';
import { listEntries } from './audit.service.js';

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
  /** What the entry is about, by name (person, task title, organisation …), read now. */
  entityName: z.string().nullable(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  /** What changed, in the reader's language: field names translated, periods and codes as labels. */
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

export async function auditRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "Audit entries of the caller's subtree, newest first",
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(entry), total: z.number() }) },
      },
      config: { access: { permission: 'audit.read' } },
    },
    (req) => listEntries(contextOf(req, deps), req.query),
  );
}
