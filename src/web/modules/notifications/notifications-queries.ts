// Server state of the notifications: the bell's unread count, its latest ten and the full list share
// the 'notifications' key, so marking one read (or any write that notifies) refreshes all of them.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { notificationsApi } from './notifications-api';

export type NotificationsQuery = Parameters<typeof notificationsApi.list>[0];

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  list: (q: NotificationsQuery) => ['notifications', 'list', q] as const,
};

const POLL_MS = 60_000;

/** The unread count: polled every minute while the tab is visible, refetched when it comes back. */
export const useUnreadCount = () =>
  useQuery({
    queryKey: notificationKeys.unread,
    queryFn: notificationsApi.unreadCount,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    // A failed poll is not worth a message; the next one tries again (401 goes to sign-in anyway).
    meta: { silent: true },
  });

export const useNotifications = (q: NotificationsQuery, options: { enabled?: boolean } = {}) =>
  useQuery({
    queryKey: notificationKeys.list(q),
    queryFn: () => notificationsApi.list(q),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
    ...options,
  });

export function useNotificationsChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(() => client.invalidateQueries({ queryKey: notificationKeys.all }), [client]);
}
