// The signed-in user's own notifications (server module: notifications).
import { api, type Page } from '../../api';

export type NotificationKind = 'task_assigned' | 'report_returned' | 'report_submitted' | 'report_accepted' | 'supervision' | 'deadline';

export interface AppNotification {
  id: string;
  kind: NotificationKind;
  entityType: string;
  entityId: string;
  /** Already in the interface language (sent as Accept-Language). */
  title: string;
  orgId: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<AppNotification> {
  unread: number;
}

export const notificationsApi = {
  list: (query: { unread?: boolean; page: number; pageSize: number }) =>
    api.get<NotificationPage>('/api/notifications', { unread: query.unread ? 'true' : undefined, page: query.page, pageSize: query.pageSize }),
  unreadCount: () => api.get<{ count: number }>('/api/notifications/unread-count'),
  markRead: (id: string) => api.post<AppNotification>(`/api/notifications/${id}/read`),
  markAllRead: () => api.post<{ updated: number }>('/api/notifications/read-all'),
};

/** Where a notification leads: the task or report it is about (pages of the tasks module). */
export function notificationLink(n: Pick<AppNotification, 'entityType' | 'entityId'>): string | null {
  if (n.entityType === 'task') return `/tasks/${n.entityId}`;
  if (n.entityType === 'report') return `/reports/${n.entityId}`;
  return null;
}
