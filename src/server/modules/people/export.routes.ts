// Export of the filtered people list (.xlsx, streamed).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { exportPeopleQuery } from './people.schemas.js';
import { EXPORT_COLUMNS, prepareExport, writeExport } from './export.service.js';
import { sendXlsx } from '../../platform/xlsx-out.js';

export async function exportRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/people/export',
    {
      schema: {
        tags: ['people'],
        summary: 'The filtered list as .xlsx; unmasked=true needs people.pii (audited)',
        querystring: exportPeopleQuery,
      },
      config: { access: { permission: 'people.read', scope: [{ from: 'query', key: 'orgId', entity: 'organisation', reach: 'read' }] } },
    },
    async (req, reply) => {
      const ctx = contextOf(req, deps);
      const prepared = await prepareExport(ctx, req.query);
      const out = sendXlsx(
        reply,
        `${ctx.locale === 'zh-CN' ? '职工名单' : 'people'}-${new Date().toISOString().slice(0, 10)}.xlsx`,
        ctx.locale === 'zh-CN' ? '职工名单' : 'People',
        EXPORT_COLUMNS[ctx.locale].map((h) => ({ header: h })),
      );
      await writeExport(ctx, prepared, out);
      return reply;
    },
  );
}
