// The header bell: unread count as a badge (polled every minute while the tab is visible, and on
// every route change), a popover with the latest ten, "mark all read", and a link to the full list.
// Marking read invalidates the 'notifications' queries, so the bell and the full list agree.
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Empty, Flex, Popover, Spin, Tag, Typography } from 'antd';
import { type CSSProperties, useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../shared/labels';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { notificationLink, notificationsApi, type AppNotification } from './notifications-api';
import { useNotificationsT } from './notifications-i18n';
import { notificationKeys, useNotifications, useNotificationsChanged, useUnreadCount } from './notifications-queries';

const LATEST = { page: 1, pageSize: 10 };
/** The unread count as a small badge; white on a red dark enough for AA contrast. */
const BELL_COUNT: CSSProperties = {
  display: 'inline-block',
  minWidth: 16,
  height: 16,
  padding: '0 4px',
  borderRadius: 8,
  background: '#cf1322',
  color: '#fff',
  fontSize: 12,
  lineHeight: '16px',
  textAlign: 'center',
  boxShadow: '0 0 0 1px #fff',
};

/** The unread count; also refetched on every route change (a page visited may have been the news). */
function useBellCount(): number {
  const { pathname } = useLocation();
  const client = useQueryClient();
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger: the count is fetched again on every route change
  useEffect(() => {
    void client.invalidateQueries({ queryKey: notificationKeys.unread });
  }, [pathname, client]);
  return useUnreadCount().data?.count ?? 0;
}

/** "Mark all read", shared by the bell and the notifications page. */
export function useMarkAllRead() {
  const nt = useNotificationsT();
  const { message } = App.useApp();
  const changed = useNotificationsChanged();
  return useMutation({
    mutationFn: notificationsApi.markAllRead,
    onSuccess: () => {
      void message.success(nt('markedAllRead'));
      return changed();
    },
  });
}

/** A button that looks like a line of the list (full width, left-aligned, no button chrome). */
const LINE: CSSProperties = {
  display: 'block',
  width: '100%',
  boxSizing: 'border-box',
  padding: '8px 12px',
  margin: 0,
  border: 'none',
  borderBottom: '1px solid #f0f0f0',
  font: 'inherit',
  color: 'inherit',
  textAlign: 'start',
  cursor: 'pointer',
};

/** One notification as a line: kind, title (bold while unread), time. Enter, Space or click opens it. */
export function NotificationLine({ n, onOpen }: { n: AppNotification; onOpen: (n: AppNotification) => void }) {
  const nt = useNotificationsT();
  const { locale } = useI18n();
  return (
    <button
      type="button"
      data-unread={n.readAt ? undefined : 'true'}
      onClick={() => onOpen(n)}
      style={{ ...LINE, background: n.readAt ? 'transparent' : '#fff7f7' }}
    >
      <Flex component="span" gap={8} align="baseline">
        <Tag
          color={n.kind === 'deadline' || n.kind === 'supervision' || n.kind === 'report_returned' ? 'red' : 'blue'}
          style={{ flex: 'none' }}
        >
          {nt(`kind.${n.kind}`)}
        </Tag>
        <Typography.Text strong={!n.readAt} style={{ flex: 1, minWidth: 0 }} ellipsis={{ tooltip: n.title }}>
          {n.title}
        </Typography.Text>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDateTime(n.createdAt, locale)}
      </Typography.Text>
    </button>
  );
}

/** Marks a notification read (if it is not) and goes to what it is about. */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const changed = useNotificationsChanged();
  return useCallback(
    async (n: AppNotification) => {
      try {
        if (!n.readAt) {
          await notificationsApi.markRead(n.id);
          void changed();
        }
        after?.();
        const link = notificationLink(n);
        if (link) navigate(link);
      } catch (err) {
        onError(err);
      }
    },
    [navigate, onError, after, changed],
  );
}

export function NotificationBell() {
  const nt = useNotificationsT();
  const count = useBellCount();
  const shown = count > 99 ? '99+' : count ? String(count) : '';
  const [open, setOpen] = useState(false);
  // Loaded while the popover is open (refetched each time it opens; titles follow the language).
  const latestQuery = useNotifications(LATEST, { enabled: open });
  const latest = latestQuery.data?.items ?? null;
  const markAllRead = useMarkAllRead();

  const close = useCallback(() => setOpen(false), []);
  const openOne = useOpenNotification(close);

  const content = (
    <div style={{ width: 360 }} data-testid="notification-popover">
      <Flex justify="space-between" align="center" style={{ padding: '4px 12px 8px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>{nt('title')}</Typography.Text>
        <Button type="link" size="small" disabled={count === 0} loading={markAllRead.isPending} onClick={() => markAllRead.mutate()}>
          {nt('markAllRead')}
        </Button>
      </Flex>
      <div style={{ maxHeight: 420, overflowY: 'auto' }}>
        {latestQuery.error ? (
          <QueryError compact error={latestQuery.error} onRetry={() => void latestQuery.refetch()} />
        ) : latest === null ? (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        ) : latest.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={nt('empty')} style={{ padding: 16 }} />
        ) : (
          latest.map((n) => <NotificationLine key={n.id} n={n} onOpen={openOne} />)
        )}
      </div>
      <div style={{ textAlign: 'center', paddingTop: 8 }}>
        <Link to="/notifications" onClick={close}>
          {nt('viewAll')}
        </Link>
      </div>
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      styles={{ container: { padding: '8px 0' } }}
    >
      <Button type="text" aria-label={shown ? nt('bellUnread', { count: shown }) : nt('bell')} style={{ height: 48 }}>
        {/* The count is plain text (not the badge's animated digit columns), so the visible text is
            exactly the number the accessible name carries (WCAG 2.5.3, axe label-content-name-mismatch). */}
        <Badge
          count={
            shown ? (
              <span data-testid="bell-count" style={BELL_COUNT}>
                {shown}
              </span>
            ) : (
              0
            )
          }
        >
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
