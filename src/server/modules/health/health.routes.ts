// Liveness and database reachability, for load balancers.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { AppDeps } from '../../platform/http.js';
import { pingDatabase } from './health.repository.js';

export async function healthRoutes(root: FastifyInstance, deps: AppDeps) {
  root.withTypeProvider<ZodTypeProvider>().get('/api/health', {
    schema: { tags: ['health'], summary: 'Service and database status', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) } },
    config: { access: { public: true } },
  }, async () => {
    try {
      await pingDatabase(deps.db);
    } catch {
      throw new AppError('unavailable');
    }
    return { status: 'ok' as const, database: deps.dbKind };
  });
}
