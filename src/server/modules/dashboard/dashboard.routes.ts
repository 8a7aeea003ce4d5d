// Dashboard routes: thin — schema, access rule, one service call.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import * as s from './dashboard.schemas.js';
import * as service from './dashboard.service.js';
import { writeDashboardXlsx } from './dashboard.export.js';

const tags = ['dashboard'];
/** Industry unions read the dashboards of their affiliated enterprises (and their own, the industry's). */
const byOrg = { from: 'query', key: 'orgId', entity: 'organisation', reach: 'read' } as const;

export async function dashboardRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/dashboard',
    {
      schema: {
        tags,
        summary:
          "Figures of an organisation's subtree (default: the user's), one row per child unit (paged, sortable) and the last 12 months",
        querystring: s.dashboardQuery,
        response: { 200: s.dashboardView },
      },
      config: { access: { permission: 'dashboard.read', scope: [byOrg] } },
    },
    (req) => service.getDashboard(contextOf(req, deps), req.query),
  );

  app.get(
    '/api/dashboard/export.xlsx',
    {
      schema: { tags, summary: "The breakdown by child unit as .xlsx (headers in the reader's locale)", querystring: s.exportQuery },
      config: { access: { permission: 'dashboard.read', scope: [byOrg] } },
    },
    async (req, reply) => {
      const ctx = contextOf(req, deps);
      await writeDashboardXlsx(reply, ctx.locale, await service.prepareExport(ctx, req.query), req.query.sort);
      return reply;
    },
  );
}
