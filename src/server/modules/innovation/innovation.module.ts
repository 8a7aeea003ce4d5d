// The employee innovation module (issue #16): proposals, review workflow, verified benefit ledger.
import type { FastifyInstance } from 'fastify';
import { registerScopeResolver, type AppDeps } from '../../platform/http.js';
import { findItemOrgPath } from './innovation.repository.js';
import { innovationRoutes } from './innovation.routes.js';

export async function innovationModule(root: FastifyInstance, deps: AppDeps) {
  registerScopeResolver(root, 'innovation_item', findItemOrgPath);
  await innovationRoutes(root, deps);
}
