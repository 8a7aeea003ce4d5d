// The reform-task module: programmes and goals, federation tags, tasks with the hand-down cascade
// and rollup, progress reports with review and evidence files, supervision, the ledger and its
// export, the board and the symposium summary; plus the daily status/reminder job.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http.js';
import './tasks.jobs.js';
import { taskRoutes } from './tasks.routes.js';

export async function tasksModule(root: FastifyInstance, deps: AppDeps) {
  await taskRoutes(root, deps);
}
