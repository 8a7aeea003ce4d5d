// The innovation module: model-worker and craftsman innovation studios, their naming level by level
// and annual assessment, mentor–apprentice pairs, and the talent record of a person.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http.js';
import { innovationRoutes } from './innovation.routes.js';

export async function innovationModule(root: FastifyInstance, deps: AppDeps) {
  await innovationRoutes(root, deps);
}
