// The employee innovation module (issue #16): proposals, review workflow, verified benefit ledger.
import type { FastifyInstance } from 'fastify';
import { registerScopeResolver, type AppDeps } from '../../platform/http.js';
import { findItemOrgPath } from './proposals.repository.js';
import { proposalsRoutes } from './proposals.routes.js';
import { findEntryOrgPath, findSelectionOrgPath } from './upward.repository.js';
import { findRegistrationOrgPath } from './registrations.repository.js';
import { registrationsRoutes } from './registrations.routes.js';

export async function proposalsModule(root: FastifyInstance, deps: AppDeps) {
  registerScopeResolver(root, 'innovation_item', findItemOrgPath);
  registerScopeResolver(root, 'innovation_selection', findSelectionOrgPath);
  registerScopeResolver(root, 'innovation_entry', findEntryOrgPath);
  registerScopeResolver(root, 'worker_registration', findRegistrationOrgPath);
  await proposalsRoutes(root, deps);
  await registrationsRoutes(root, deps);
}
