// The worker registry module: people, skills, honours, transfers, roster imports and export.
import type { FastifyInstance } from 'fastify';
import { registerScopeResolver, type AppDeps } from '../../platform/http.js';
import { exportRoutes } from './export.routes.js';
import { honourRoutes } from './honours.routes.js';
import { importRoutes } from './imports.routes.js';
import { findImportOrgPath } from './imports.repository.js';
import { registerImportRetention } from './imports.jobs.js';
import { noteDatabaseKind } from './imports.service.js';
import { findPersonOrgPath } from './people.repository.js';
import { personRoutes } from './people.routes.js';
import { skillRoutes } from './skills.routes.js';
import { findTransferFromPath } from './transfers.repository.js';
import { transferRoutes } from './transfers.routes.js';

export async function peopleModule(root: FastifyInstance, deps: AppDeps) {
  noteDatabaseKind(deps.db, deps.dbKind);
  registerImportRetention(deps.config);
  registerScopeResolver(root, 'person', findPersonOrgPath);
  registerScopeResolver(root, 'import', findImportOrgPath);
  registerScopeResolver(root, 'transfer', findTransferFromPath);
  for (const routes of [personRoutes, skillRoutes, honourRoutes, transferRoutes, importRoutes, exportRoutes]) await routes(root, deps);
}
