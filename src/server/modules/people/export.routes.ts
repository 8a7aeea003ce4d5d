// Export of the filtered people list (.xlsx, streamed). POST: the filter (which may hold an ID
// number) and the purpose of an unmasked export travel in the body, never in a URL.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { sendReport } from '../../platform/xlsx-report.js';
import { exportPeopleBody } from './people.schemas.js';
import { exportSheet, prepareExport, writeExport } from './export.service.js';

export async function exportRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/people/export',
    {
      schema: {
        tags: ['people'],
        summary:
          'The filtered list as .xlsx; unmasked=true needs people.pii and a purpose (audited as view_pii); masked exports audited as export',
        body: exportPeopleBody,
      },
      config: { access: { permission: 'people.read', scope: [{ from: 'body', key: 'orgId', entity: 'organisation', reach: 'read' }] } },
    },
    async (req, reply) => {
      const ctx = contextOf(req, deps);
      const prepared = await prepareExport(ctx, req.body);
      const { fileName, sheet } = exportSheet(ctx, prepared);
      await writeExport(ctx, prepared, sendReport(reply, fileName, sheet));
      return reply;
    },
  );
}
