// Innovation items: the review queue of the user's subtree (union staff), or a worker's own proposals
// (the server decides which), by status, with the verified benefit.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../session';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import type { ResponseOf } from '../../api';
import { CreateProposalModal } from './create-proposal-modal';
import { useInnovationT } from './proposals-i18n';
import { useInnovationItems } from './proposals-queries';

type Item = ResponseOf<'listInnovationItems'>['items'][number];
const STATUSES = [
  'draft',
  'submitted',
  'returned',
  'not_adopted',
  'expert_review',
  'adopted',
  'implemented',
  'verified',
  'paid',
  'filed',
  'trial',
  'accepted',
  // merged duplicates are listed only by this filter
  'merged',
] as const satisfies readonly Item['status'][];

export function ProposalsPage() {
  const t = useInnovationT();
  const [status, setStatus] = useState<Item['status']>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const { can } = useSession();
  const pageSize = 20;
  const { data, error, isFetching, refetch } = useInnovationItems({ status, page, pageSize });
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  return (
    <>
      <PageHeader
        title={t('list.title')}
        extra={
          can('innovation.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('create.open')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('list.status')}
          allowClear
          placeholder={t('list.allStatuses')}
          style={{ width: 200 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
      </Space>
      <Table<Item>
        rowKey="id"
        loading={isFetching}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={t('list.empty')} /> }}
        pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('col.number'), dataIndex: 'number' },
          { title: t('col.title'), render: (_, r) => <Link to={`/proposals/${r.id}`}>{r.title}</Link> },
          { title: t('col.category'), render: (_, r) => t(`category.${r.category}`) },
          { title: t('col.status'), render: (_, r) => <Tag>{t(`status.${r.status}`)}</Tag> },
          {
            title: t('col.proposers'),
            render: (_, r) => r.proposers.map((p) => `${p.name}（${p.shareBp / 100}%）`).join('、'),
          },
          { title: t('col.saving'), align: 'right', render: (_, r) => r.benefit?.savingYuan ?? '—' },
        ]}
      />
      {creating && <CreateProposalModal onClose={() => setCreating(false)} />}
    </>
  );
}
