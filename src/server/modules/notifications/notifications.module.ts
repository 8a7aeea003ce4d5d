// The notifications module: the caller's own in-app notifications (the header bell).
// Other modules send them with notify() (./notify.ts); scheduled reminders use platform/jobs.ts.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http.js';
import { notificationRoutes } from './notifications.routes.js';

export async function notificationsModule(root: FastifyInstance, deps: AppDeps) {
  await notificationRoutes(root, deps);
}
