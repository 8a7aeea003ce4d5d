// Transfer request routes.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, pageQuery, type AppDeps } from '../../platform/http.js';
import { idParam, transferView } from './people.schemas.js';
import * as service from './transfers.service.js';

const tags = ['people'];
const byTransfer = { from: 'params', key: 'id', entity: 'transfer' } as const;
const listQuery = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']).optional(),
  direction: z.enum(['incoming', 'outgoing']).optional(),
  ...pageQuery,
});

export async function transferRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/people/transfers',
    {
      schema: {
        tags,
        summary: 'Transfer requests into or out of the subtree',
        querystring: listQuery,
        response: { 200: z.array(transferView) },
      },
      config: { access: { permission: 'people.read' } },
    },
    (req) => service.listTransfers(contextOf(req, deps), req.query),
  );

  app.post(
    '/api/people/transfers/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve: the person moves to the requesting organisation (by the current organisation or above)',
        params: idParam,
        response: { 200: transferView },
      },
      config: { access: { permission: 'people.write', scope: [byTransfer] } },
    },
    (req) => service.decideTransfer(contextOf(req, deps), req.params.id, 'approved'),
  );

  app.post(
    '/api/people/transfers/:id/reject',
    {
      schema: { tags, summary: 'Reject a transfer request', params: idParam, response: { 200: transferView } },
      config: { access: { permission: 'people.write', scope: [byTransfer] } },
    },
    (req) => service.decideTransfer(contextOf(req, deps), req.params.id, 'rejected'),
  );
}
