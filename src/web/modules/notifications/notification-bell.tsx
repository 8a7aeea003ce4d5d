// The header bell: unread count as a badge (polled every minute while the tab is visible, and on
// every route change), a popover with the latest ten, "mark all read", and a link to the full list.
import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, Flex, Popover, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../shared/labels';
import { useErrorHandler } from '../../shared/use-error-handler';
import { announceNotificationsChanged, notificationLink, notificationsApi, onNotificationsChanged, type AppNotification } from './notifications-api';
import { useNotificationsT } from './notifications-i18n';

const POLL_MS = 60_000;
const LATEST = 10;

/** The unread count, kept fresh without polling a hidden tab. */
function useUnreadCount(): [number, () => void] {
  const [count, setCount] = useState(0);
  const location = useLocation();
  const refresh = useCallback(() => {
    if (document.hidden) return;
    // A failed poll is not worth a message; the next one tries again (401 goes to sign-in anyway).
    notificationsApi.unreadCount().then((r) => setCount(r.count), () => {});
  }, []);
  useEffect(refresh, [location.pathname, refresh]);
  useEffect(() => {
    const timer = setInterval(refresh, POLL_MS);
    const onVisible = () => { if (!document.hidden) refresh(); };
    document.addEventListener('visibilitychange', onVisible);
    const off = onNotificationsChanged(refresh);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      off();
    };
  }, [refresh]);
  return [count, refresh];
}

/** One notification as a line: kind, title (bold while unread), time. Enter or click opens it. */
export function NotificationLine({ n, onOpen }: { n: AppNotification; onOpen: (n: AppNotification) => void }) {
  const nt = useNotificationsT();
  const { locale } = useI18n();
  return (
    <div
      role="button"
      tabIndex={0}
      data-unread={n.readAt ? undefined : 'true'}
      onClick={() => onOpen(n)}
      onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onOpen(n); } }}
      style={{ padding: '8px 12px', cursor: 'pointer', borderBottom: '1px solid #f0f0f0', background: n.readAt ? undefined : '#fff7f7' }}
    >
      <Flex gap={8} align="baseline">
        <Tag color={n.kind === 'deadline' || n.kind === 'supervision' || n.kind === 'report_returned' ? 'red' : 'blue'} style={{ flex: 'none' }}>{nt(`kind.${n.kind}`)}</Tag>
        <Typography.Text strong={!n.readAt} style={{ flex: 1, minWidth: 0 }} ellipsis={{ tooltip: n.title }}>{n.title}</Typography.Text>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(n.createdAt, locale)}</Typography.Text>
    </div>
  );
}

/** Marks a notification read (if it is not) and goes to what it is about. */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const onError = useErrorHandler();
  return useCallback(async (n: AppNotification) => {
    try {
      if (!n.readAt) {
        await notificationsApi.markRead(n.id);
        announceNotificationsChanged();
      }
      after?.();
      const link = notificationLink(n);
      if (link) navigate(link);
    } catch (err) {
      onError(err);
    }
  }, [navigate, onError, after]);
}

export function NotificationBell() {
  const nt = useNotificationsT();
  const { locale } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [count] = useUnreadCount();
  const [open, setOpen] = useState(false);
  const [latest, setLatest] = useState<AppNotification[] | null>(null);
  const [busy, setBusy] = useState(false);

  const loadLatest = useCallback(() => {
    notificationsApi.list({ page: 1, pageSize: LATEST }).then((r) => setLatest(r.items), onError);
  }, [onError]);
  // Titles come from the server in the interface language: reload when it changes.
  useEffect(() => { if (open) loadLatest(); }, [open, locale, loadLatest]);
  useEffect(() => onNotificationsChanged(() => { if (open) loadLatest(); }), [open, loadLatest]);

  const close = useCallback(() => setOpen(false), []);
  const openOne = useOpenNotification(close);

  const markAll = async () => {
    setBusy(true);
    try {
      await notificationsApi.markAllRead();
      announceNotificationsChanged();
      void message.success(nt('markedAllRead'));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const content = (
    <div style={{ width: 360 }} data-testid="notification-popover">
      <Flex justify="space-between" align="center" style={{ padding: '4px 12px 8px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>{nt('title')}</Typography.Text>
        <Button type="link" size="small" disabled={count === 0} loading={busy} onClick={markAll}>{nt('markAllRead')}</Button>
      </Flex>
      <div style={{ maxHeight: 420, overflowY: 'auto' }}>
        {latest === null ? (
          <Flex justify="center" style={{ padding: 24 }}><Spin /></Flex>
        ) : latest.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={nt('empty')} style={{ padding: 16 }} />
        ) : (
          latest.map((n) => <NotificationLine key={n.id} n={n} onOpen={openOne} />)
        )}
      </div>
      <div style={{ textAlign: 'center', paddingTop: 8 }}>
        <Link to="/notifications" onClick={close}>{nt('viewAll')}</Link>
      </div>
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} styles={{ container: { padding: '8px 0' } }}>
      <Button type="text" aria-label={count ? nt('bellUnread', { count }) : nt('bell')} style={{ height: 48 }}>
        <Badge count={count} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
