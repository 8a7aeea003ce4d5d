// Request and response shapes of the notification routes. A notification is the caller's own:
// no route takes a user or organisation, so there is nothing of anybody else's to name.
import { z } from 'zod';
import { pageQuery } from '../../platform/http.js';
import { NOTIFICATION_KINDS } from './notifications.tables.js';

const id = z.string().regex(/^\d{1,18}$/);
export const idParam = z.strictObject({ id });

export const listNotificationsQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...pageQuery,
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const notificationView = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  entityType: z.string(),
  entityId: z.string(),
  /** In the caller's language. */
  title: z.string(),
  /** The organisation the notification was addressed to (the caller's). */
  orgId: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const notificationList = z.object({ items: z.array(notificationView), total: z.number(), unread: z.number() });
export const unreadCount = z.object({ count: z.number() });
export const readAllResult = z.object({ updated: z.number() });
