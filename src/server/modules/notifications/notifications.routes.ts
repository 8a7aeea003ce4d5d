// Notification routes: thin — schema, access rule, one service call. Every route acts only on the
// caller's own notifications (scope = self), so none names an organisation to check.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import * as s from './notifications.schemas.js';
import * as service from './notifications.service.js';

const tags = ['notifications'];

export async function notificationRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first, title in my language; unread=true for unread only',
        querystring: s.listNotificationsQuery,
        response: { 200: s.notificationList },
      },
      config: { access: {} },
    },
    (req) => service.listNotifications(contextOf(req, deps), req.query),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      schema: { tags, summary: 'How many of my notifications are unread (the bell badge)', response: { 200: s.unreadCount } },
      config: { access: {} },
    },
    (req) => service.unreadCount(contextOf(req, deps)),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags,
        summary: "Mark one of my notifications read (someone else's answers 404)",
        params: s.idParam,
        response: { 200: s.notificationView },
      },
      config: { access: {} },
    },
    (req) => service.markRead(contextOf(req, deps), req.params.id),
  );

  app.post(
    '/api/notifications/read-all',
    {
      schema: { tags, summary: 'Mark all my notifications read', response: { 200: s.readAllResult } },
      config: { access: {} },
    },
    (req) => service.markAllRead(contextOf(req, deps)),
  );
}
