// Transfer requests of my subtree: "to decide" are requests for people who work here (approve or
// reject, confirmed first; approving cancels the person's other pending requests), "sent by us" are
// requests this subtree made for people registered elsewhere.
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Popconfirm, Segmented, Select, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../session';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { peopleApi, type TransferStatus, type TransferView } from './people-api';
import { usePeopleT } from './people-i18n';
import { usePeopleChanged, useTransfers } from './people-queries';

type Direction = 'incoming' | 'outgoing' | 'all';
const STATUS_COLOR: Record<TransferStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
};

export function TransfersPage() {
  const t = usePeopleT();
  const { can } = useSession();
  const { message } = App.useApp();
  const [direction, setDirection] = useState<Direction>('incoming');
  const [status, setStatus] = useState<TransferStatus | undefined>('pending');
  const [page, setPage] = useState({ current: 1, size: 20 });
  const { data, isFetching, error, refetch } = useTransfers({
    ...(direction !== 'all' && { direction }),
    ...(status && { status }),
    page: page.current,
    pageSize: page.size,
  });
  const items = data ?? [];
  const peopleChanged = usePeopleChanged();
  // Approving moves the worker: the registry's lists and pages refetch with the transfers.
  const decision = useMutation({
    mutationFn: ({ tr, approve }: { tr: TransferView; approve: boolean }) =>
      approve ? peopleApi.approveTransfer(tr.id) : peopleApi.rejectTransfer(tr.id),
    onSuccess: (_done, { approve }) => {
      void message.success(t(approve ? 'transfers.approved' : 'transfers.rejected'));
      return peopleChanged();
    },
  });
  const decide = (tr: TransferView, approve: boolean) => decision.mutateAsync({ tr, approve }).catch(() => undefined); // shown by the query client

  const columns: TableProps<TransferView>['columns'] = [
    {
      title: t('transfers.person'),
      key: 'person',
      render: (_, tr) => (tr.personId ? <Link to={`/people/${tr.personId}`}>{tr.personName}</Link> : tr.personName),
    },
    {
      title: t('col.idNumber'),
      dataIndex: 'idNumberMasked',
      key: 'id',
      width: 190,
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    { title: t('transfers.from'), dataIndex: 'fromOrgName', key: 'from', render: (v: string | null) => v ?? '—' },
    { title: t('transfers.to'), dataIndex: 'toOrgName', key: 'to' },
    { title: t('transfers.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 120, render: (v: string) => v.slice(0, 10) },
    {
      title: t('transfers.status'),
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (v: TransferStatus) => <Tag color={STATUS_COLOR[v]}>{t(`transfers.status.${v}`)}</Tag>,
    },
    {
      title: t('transfers.decidedAt'),
      dataIndex: 'decidedAt',
      key: 'decidedAt',
      width: 120,
      render: (v: string | null) => v?.slice(0, 10) ?? '',
    },
    {
      title: '',
      key: 'actions',
      width: 190,
      render: (_, tr) =>
        tr.status === 'pending' &&
        tr.personId &&
        can('people.write') && (
          <Space>
            <Popconfirm title={t('transfers.approveConfirm', { org: tr.toOrgName })} onConfirm={() => decide(tr, true)}>
              <Button size="small" type="primary" icon={<CheckOutlined />}>
                {t('transfers.approve')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('transfers.rejectConfirm', { org: tr.toOrgName })}
              okButtonProps={{ danger: true }}
              onConfirm={() => decide(tr, false)}
            >
              <Button size="small" danger icon={<CloseOutlined />}>
                {t('transfers.reject')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('transfers.title')} />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Segmented<Direction>
            value={direction}
            onChange={(v) => {
              setDirection(v);
              setPage((p) => ({ ...p, current: 1 }));
            }}
            options={[
              { value: 'incoming', label: t('transfers.incoming') },
              { value: 'outgoing', label: t('transfers.outgoing') },
              { value: 'all', label: t('transfers.all') },
            ]}
          />
          <Select<TransferStatus>
            aria-label={t('transfers.status')}
            placeholder={t('transfers.status')}
            allowClear
            style={{ width: 140 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage((p) => ({ ...p, current: 1 }));
            }}
            options={(['pending', 'approved', 'rejected', 'cancelled'] as const).map((s) => ({
              value: s,
              label: t(`transfers.status.${s}`),
            }))}
          />
        </Flex>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<TransferView>
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={isFetching}
            scroll={{ x: 1000 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('transfers.none')} /> }}
            // the list answers a page without a total: offer the next page while pages come back full
            pagination={{
              current: page.current,
              pageSize: page.size,
              total: (page.current - 1) * page.size + items.length + (items.length === page.size ? 1 : 0),
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
            }}
            onChange={(p) => setPage({ current: p.current ?? 1, size: p.pageSize ?? 20 })}
          />
        )}
      </Card>
    </>
  );
}
