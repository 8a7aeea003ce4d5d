// The supervision board (督办看板): counts by status for a programme or unit, the overdue and at-risk
// tasks with a supervise button, and the supervision notices of the subtree with their answers.
import { AlertOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Row, Select, Statistic, Table, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../session';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { OrgSelect } from '../orgs/org-select';
import { SuperviseModal, SupervisionTable } from './supervision';
import { STATUS_HEX, TaskProgressCell, TaskStatusTag } from './task-labels';
import { TASK_STATUSES, type TaskRow } from './tasks-api';
import { useTasksT } from './tasks-i18n';
import { useBoard, useSupervisions } from './tasks-queries';
import { useProgrammeOptions } from './use-task-options';

function StatusBar({ counts }: { counts: Record<string, number> }) {
  const t = useTasksT();
  const total = counts.total ?? 0;
  if (!total) return null;
  const shown = TASK_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  // A picture to assistive technology, named with what it shows.
  const described = `${t('board.byStatus')}${t('p.colon')}${shown.map((s) => `${t(`status.${s}`)} ${counts[s]}`).join(t('p.clause'))}`;
  return (
    <Flex style={{ height: 14, borderRadius: 7, overflow: 'hidden', marginTop: 12 }} role="img" aria-label={described}>
      {shown.map((s) => (
        <Tooltip key={s} title={`${t(`status.${s}`)}${t('p.colon')}${counts[s]}`}>
          <div style={{ width: `${((counts[s] ?? 0) / total) * 100}%`, background: STATUS_HEX[s] }} />
        </Tooltip>
      ))}
    </Flex>
  );
}

export function BoardPage() {
  const t = useTasksT();
  const { user } = useSession();
  const programmes = useProgrammeOptions();
  const [filter, setFilter] = useState<{ programmeId?: string; orgId?: string }>({});
  const board = useBoard(filter);
  const [supPage, setSupPage] = useState({ page: 1, pageSize: 10, status: undefined as 'open' | 'answered' | undefined });
  const sups = useSupervisions({ ...supPage, orgId: filter.orgId });
  const [supervising, setSupervising] = useState<TaskRow | null>(null);
  const c = board.data?.counts;

  const columns: TableProps<TaskRow>['columns'] = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      key: 'title',
      width: 220,
      render: (v: string, r) => <Link to={`/tasks/${r.id}`}>{v}</Link>,
    },
    { title: t('col.lead'), dataIndex: 'orgName', key: 'org', width: 170, ellipsis: true },
    { title: t('col.due'), dataIndex: 'dueDate', key: 'due', width: 110 },
    {
      title: t('col.status'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (s: TaskRow['status']) => <TaskStatusTag status={s} />,
    },
    { title: t('col.progress'), key: 'progress', width: 160, render: (_: unknown, r) => <TaskProgressCell task={r} /> },
    {
      title: '',
      key: 'sup',
      width: 90,
      render: (_: unknown, r) =>
        r.orgId !== user?.orgId && (
          <Button size="small" danger icon={<AlertOutlined />} onClick={() => setSupervising(r)}>
            {t('supervise')}
          </Button>
        ),
    },
  ];
  const list = (title: string, rows: TaskRow[] | undefined) => (
    <Card title={title} style={{ marginBottom: 16 }}>
      <Table<TaskRow>
        rowKey="id"
        size="small"
        aria-label={title}
        columns={columns}
        scroll={{ x: 840 }}
        dataSource={rows ?? []}
        loading={board.isFetching}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('board.none')} /> }}
      />
    </Card>
  );

  return (
    <>
      <PageHeader title={t('board')} />
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('filter.programme')}
          placeholder={t('filter.programme')}
          allowClear
          style={{ width: 280 }}
          value={filter.programmeId}
          onChange={(v) => setFilter((f) => ({ ...f, programmeId: v }))}
          options={programmes.map((p) => ({ value: p.id, label: p.title }))}
        />
        <OrgSelect
          allowClear
          placeholder={t('filter.unit')}
          style={{ width: 240 }}
          value={filter.orgId}
          onChange={(v) => setFilter((f) => ({ ...f, orgId: v }))}
        />
      </Flex>
      {board.error ? (
        <QueryError error={board.error} onRetry={() => void board.refetch()} />
      ) : (
        <>
          <Card style={{ marginBottom: 16 }} loading={board.isPending}>
            <Row gutter={16}>
              <Col xs={12} md={4}>
                <Statistic title={t('board.total')} value={c?.total ?? 0} />
              </Col>
              {TASK_STATUSES.map((s) => (
                <Col key={s} xs={12} md={3}>
                  <Statistic title={t(`status.${s}`)} value={c?.[s] ?? 0} styles={{ content: { color: STATUS_HEX[s] } }} />
                </Col>
              ))}
              <Col xs={12} md={2}>
                <a href="#supervisions">
                  <Statistic title={t('board.openSupervisions')} value={board.data?.openSupervisions ?? 0} />
                </a>
              </Col>
              <Col xs={12} md={3}>
                <Link to="/tasks/reviews">
                  <Statistic title={t('board.pendingReviews')} value={board.data?.pendingReviews ?? 0} />
                </Link>
              </Col>
            </Row>
            {c && <StatusBar counts={c} />}
          </Card>
          {/* One above the other: side by side, each table (840 px) would scroll sideways and hide its status. */}
          {list(t('board.overdue'), board.data?.overdue)}
          {list(t('board.atRisk'), board.data?.atRisk)}
        </>
      )}
      <Card
        id="supervisions"
        title={t('supervise.list')}
        extra={
          <Select
            aria-label={t('col.status')}
            placeholder={t('col.status')}
            allowClear
            style={{ width: 140 }}
            value={supPage.status}
            onChange={(v) => setSupPage((p) => ({ ...p, page: 1, status: v }))}
            options={(['open', 'answered'] as const).map((s) => ({ value: s, label: t(`supervision.${s}`) }))}
          />
        }
      >
        {sups.error ? (
          <QueryError error={sups.error} onRetry={() => void sups.refetch()} />
        ) : (
          <SupervisionTable
            items={sups.data?.items ?? []}
            loading={sups.isFetching}
            showTask
            pagination={{
              current: supPage.page,
              pageSize: supPage.pageSize,
              total: sups.data?.total ?? 0,
              onChange: (page, pageSize) => setSupPage((p) => ({ ...p, page, pageSize })),
            }}
          />
        )}
      </Card>
      {supervising && (
        <SuperviseModal
          open
          taskId={supervising.id}
          taskTitle={supervising.title}
          onClose={() => setSupervising(null)}
          onDone={() => setSupervising(null)}
        />
      )}
    </>
  );
}
