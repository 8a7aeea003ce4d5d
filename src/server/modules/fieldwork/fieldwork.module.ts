// Field work and meetings (issue 13): research visits and meetings that turn into supervised tasks,
// and meetings fed by the tasks' own progress; plus the daily reminder job.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http.js';
import './fieldwork.jobs.js';
import { agendaRoutes, calendarRoutes } from './agenda.routes.js';
import { plansRoutes } from './plans.routes.js';
import { fieldworkRoutes } from './fieldwork.routes.js';
import { fileRoutes } from './files.routes.js';
import { registerNewsFacts } from './news-facts.js';
import { returnsRoutes } from './returns.routes.js';

export async function fieldworkModule(root: FastifyInstance, deps: AppDeps) {
  await fieldworkRoutes(root, deps);
  await returnsRoutes(root, deps);
  await agendaRoutes(root, deps);
  await calendarRoutes(root, deps);
  await plansRoutes(root, deps);
  await fileRoutes(root, deps);
  // The news desk drafts stories from visits and meetings (news.drafting.ts).
  registerNewsFacts(deps.db);
}
