// All of the user's notifications: newest first, paged, unread filter, mark one or all read;
// opening one marks it read and goes to the task or report it is about.
import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Pagination, Spin, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { PageHeader } from '../../shared/page-header';
import { useErrorHandler } from '../../shared/use-error-handler';
import { useRequest } from '../../shared/use-request';
import { NotificationLine, useOpenNotification } from './notification-bell';
import { announceNotificationsChanged, notificationsApi, onNotificationsChanged } from './notifications-api';
import { useNotificationsT } from './notifications-i18n';

export function NotificationsPage() {
  const nt = useNotificationsT();
  const { locale } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [query, setQuery] = useState({ unread: false, page: 1, pageSize: 20 });
  const { data, loading, reload } = useRequest(() => notificationsApi.list(query), [JSON.stringify(query), locale]);
  const [busy, setBusy] = useState(false);
  useEffect(() => onNotificationsChanged(reload), [reload]);
  const openOne = useOpenNotification();

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

  return (
    <Card>
      <PageHeader
        title={nt('title')}
        extra={
          <Flex gap={16} align="center">
            <label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
              <Switch aria-label={nt('unreadOnly')} checked={query.unread} onChange={(unread) => setQuery((q) => ({ ...q, unread, page: 1 }))} />
              {nt('unreadOnly')}
            </label>
            <Button icon={<CheckOutlined />} disabled={!data?.unread} loading={busy} onClick={markAll}>{nt('markAllRead')}</Button>
          </Flex>
        }
      />
      {data && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
          {nt('total', { total: data.total, unread: data.unread })}
        </Typography.Text>
      )}
      <Spin spinning={loading}>
        <div aria-busy={loading} style={{ border: '1px solid #f0f0f0', borderBottom: 'none', minHeight: 80 }}>
          {data && data.items.length === 0 ? (
            <Empty style={{ padding: 32 }} description={query.unread ? nt('emptyUnread') : nt('empty')} />
          ) : (
            data?.items.map((n) => <NotificationLine key={n.id} n={n} onOpen={openOne} />)
          )}
        </div>
      </Spin>
      {data && data.total > query.pageSize && (
        <Flex justify="end" style={{ marginTop: 16 }}>
          <Pagination
            current={query.page}
            pageSize={query.pageSize}
            total={data.total}
            showSizeChanger
            onChange={(page, pageSize) => setQuery((q) => ({ ...q, page: pageSize === q.pageSize ? page : 1, pageSize }))}
          />
        </Flex>
      )}
    </Card>
  );
}
