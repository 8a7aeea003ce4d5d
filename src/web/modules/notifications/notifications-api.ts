// The signed-in user's own notifications (server module: notifications).
import { api, type QueryOf, type ResponseOf, type Schemas } from '../../api';

/** A notification; its title is already in the interface language (sent as Accept-Language). */
export type AppNotification = Schemas['NotificationView'];

export const notificationsApi = {
  list: (query: { unread?: boolean; page: number; pageSize: number }) =>
    api.get<ResponseOf<'listNotifications'>>('/api/notifications', {
      unread: query.unread ? 'true' : undefined,
      page: query.page,
      pageSize: query.pageSize,
    } satisfies QueryOf<'listNotifications'>),
  unreadCount: () => api.get<ResponseOf<'getNotificationsUnreadCount'>>('/api/notifications/unread-count'),
  markRead: (id: string) => api.post<ResponseOf<'readNotification'>>(`/api/notifications/${id}/read`),
  markAllRead: () => api.post<ResponseOf<'readAllNotifications'>>('/api/notifications/read-all'),
};

/** Where a notification leads: the task or report it is about (pages of the tasks module). */
export function notificationLink(n: Pick<AppNotification, 'entityType' | 'entityId'>): string | null {
  if (n.entityType === 'task') return `/tasks/${n.entityId}`;
  if (n.entityType === 'report') return `/reports/${n.entityId}`;
  if (n.entityType === 'visit') return `/visits/${n.entityId}`;
  if (n.entityType === 'meeting') return `/meetings/${n.entityId}`;
  return null;
}
