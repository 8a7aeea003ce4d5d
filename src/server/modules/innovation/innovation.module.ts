// The innovation module: model-worker and craftsman innovation studios, their naming level by level
// and annual assessment, mentor–apprentice pairs, the talent record of a person, and the imports of
// existing studio lists and pair lists (through the roster import's machinery).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http.js';
import { innovationImportRoutes } from './imports.routes.js';
import { innovationRoutes } from './innovation.routes.js';

export async function innovationModule(root: FastifyInstance, deps: AppDeps) {
  await innovationRoutes(root, deps);
  await innovationImportRoutes(root, deps);
}
