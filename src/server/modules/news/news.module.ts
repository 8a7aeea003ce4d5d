// The news desk (articles, versions, the three-step review, corrections and withdrawals, images,
// portal settings), the submission ledger (报送) and the public portal it publishes to.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http.js';
import { newsRoutes } from './news.routes.js';
import { portalRoutes } from './portal.routes.js';
import { submissionsRoutes } from './submissions.routes.js';

export async function newsModule(root: FastifyInstance, deps: AppDeps) {
  await newsRoutes(root, deps);
  await submissionsRoutes(root, deps);
  await portalRoutes(root, deps);
}
