// The results dashboard: subtree roll-ups kept by triggers (see totals.repository.ts and the
// migration 2026-11-23T20-dashboard), read in a few indexed lookups.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http.js';
import { dashboardRoutes } from './dashboard.routes.js';

export async function dashboardModule(root: FastifyInstance, deps: AppDeps) {
  await dashboardRoutes(root, deps);
}
