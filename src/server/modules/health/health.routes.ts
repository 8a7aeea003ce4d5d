// Liveness and the state of what the app stands on, for load balancers and monitoring:
// - 503 unavailable: the database does not answer;
// - 200 degraded: it answers but refuses writes (read-only, disk full), or the data directory is
//   low on space (below JIANGXIN_DISK_MIN_FREE_MB); reads still work;
// - 200 ok otherwise.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { classifyFault } from '../../db/faults.js';
import { AppError } from '../../platform/errors.js';
import { freeBytes } from '../../platform/files.js';
import type { AppDeps } from '../../platform/http.js';
import { pingDatabase, probeWrite } from './health.repository.js';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['pglite', 'postgres']),
  checks: z.object({
    writes: z.enum(['ok', 'refused']).describe('Whether the database accepted a write just now'),
    writesRefusedBecause: z.enum(['storage_full', 'unavailable', 'other']).optional(),
    disk: z.enum(['ok', 'low', 'unknown']).describe('Free space on the data directory against JIANGXIN_DISK_MIN_FREE_MB'),
    diskFreeMb: z.number().optional(),
  }),
});

export async function healthRoutes(root: FastifyInstance, deps: AppDeps) {
  root.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      schema: { tags: ['health'], summary: 'Service, database and disk status', response: { 200: healthSchema } },
      config: { access: { public: true } },
    },
    async (req) => {
      try {
        await pingDatabase(deps.db);
      } catch {
        throw new AppError('unavailable');
      }
      const checks: z.infer<typeof healthSchema>['checks'] = { writes: 'ok', disk: 'unknown' };
      try {
        await probeWrite(deps.db);
      } catch (err) {
        const kind = classifyFault(err);
        checks.writes = 'refused';
        checks.writesRefusedBecause = kind === 'storage_full' ? 'storage_full' : kind === 'unavailable' ? 'unavailable' : 'other';
        req.log.warn(
          { err: { message: (err as Error).message, code: (err as { code?: string }).code } },
          'health: the database refused a write',
        );
      }
      try {
        const free = await freeBytes(deps.config.JIANGXIN_DATA_DIR);
        checks.diskFreeMb = Math.floor(free / 1024 / 1024);
        checks.disk = checks.diskFreeMb < deps.config.JIANGXIN_DISK_MIN_FREE_MB ? 'low' : 'ok';
      } catch {
        /* unknown: no file system answer is not a reason to call the service degraded */
      }
      const degraded = checks.writes !== 'ok' || checks.disk === 'low';
      return { status: degraded ? ('degraded' as const) : ('ok' as const), database: deps.dbKind, checks };
    },
  );
}
