// All of the user's notifications: newest first, paged, unread filter, mark one or all read;
// opening one marks it read and goes to the task or report it is about.
import { CheckOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Pagination, Spin, Switch, Typography } from 'antd';
import { useId, useState } from 'react';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { NotificationLine, useMarkAllRead, useOpenNotification } from './notification-bell';
import { useNotificationsT } from './notifications-i18n';
import { useNotifications } from './notifications-queries';

export function NotificationsPage() {
  const nt = useNotificationsT();
  const [query, setQuery] = useState({ unread: false, page: 1, pageSize: 20 });
  const { data, isFetching: loading, error, refetch } = useNotifications(query);
  const markAllRead = useMarkAllRead();
  const openOne = useOpenNotification();
  const unreadOnlyId = useId();

  return (
    <Card>
      <PageHeader
        title={nt('title')}
        extra={
          <Flex gap={16} align="center">
            <label htmlFor={unreadOnlyId} style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
              <Switch
                id={unreadOnlyId}
                aria-label={nt('unreadOnly')}
                checked={query.unread}
                onChange={(unread) => setQuery((q) => ({ ...q, unread, page: 1 }))}
              />
              {nt('unreadOnly')}
            </label>
            <Button icon={<CheckOutlined />} disabled={!data?.unread} loading={markAllRead.isPending} onClick={() => markAllRead.mutate()}>
              {nt('markAllRead')}
            </Button>
          </Flex>
        }
      />
      {data && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
          {nt('total', { total: data.total, unread: data.unread })}
        </Typography.Text>
      )}
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Spin spinning={loading}>
          <div aria-busy={loading} style={{ border: '1px solid #f0f0f0', borderBottom: 'none', minHeight: 80 }}>
            {data && data.items.length === 0 ? (
              <Empty style={{ padding: 32 }} description={query.unread ? nt('emptyUnread') : nt('empty')} />
            ) : (
              data?.items.map((n) => <NotificationLine key={n.id} n={n} onOpen={openOne} />)
            )}
          </div>
        </Spin>
      )}
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
