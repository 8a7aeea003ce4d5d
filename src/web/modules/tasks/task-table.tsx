// The task table of the ledger and "my tasks": server-side sorting and pagination, coloured status,
// progress, and (optionally) the latest report.
import { Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { QueryError } from '../../shared/query-error';
import { ReportStatusTag, TaskKindTag, TaskProgressCell, TaskStatusTag } from './task-labels';
import type { TaskQuery, TaskRow } from './tasks-api';
import { periodLabel, useTasksT } from './tasks-i18n';

interface Props {
  query: TaskQuery;
  onQuery: (changes: Partial<TaskQuery>) => void;
  items: TaskRow[];
  total: number;
  loading: boolean;
  /** A failed load: shown with a Retry button instead of the (empty) table. */
  error?: unknown;
  onRetry?: () => void;
  empty: string;
  /** Extra columns at the end (e.g. actions). */
  extra?: TableProps<TaskRow>['columns'];
  showLatest?: boolean;
  /** The unit column: the lead unit (ledger) or the assigning level (my tasks). */
  unitColumn?: 'lead' | 'assignedBy';
  label?: string;
}

export function TaskTable({
  query,
  onQuery,
  items,
  total,
  loading,
  error,
  onRetry,
  empty,
  extra = [],
  showLatest,
  label,
  unitColumn = 'lead',
}: Props) {
  const t = useTasksT();
  const order = (field: string) => (query.sort === field ? 'ascend' : query.sort === `-${field}` ? 'descend' : null);
  const columns: TableProps<TaskRow>['columns'] = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      key: 'title',
      width: 250,
      sorter: true,
      sortOrder: order('title'),
      render: (v: string, r) => (
        <Space direction="vertical" size={0}>
          <Link to={`/tasks/${r.id}`}>{v}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.programmeTitle} · {r.goalTitle}
          </Typography.Text>
          {r.tags.length > 0 && (
            <Space size={[0, 2]} wrap>
              {r.tags.map((x) => (
                <Tag key={x.id} style={{ fontSize: 11 }}>
                  {x.name}
                </Tag>
              ))}
            </Space>
          )}
        </Space>
      ),
    },
    { title: t('col.kind'), dataIndex: 'kind', key: 'kind', width: 90, render: (k: TaskRow['kind']) => <TaskKindTag kind={k} /> },
    unitColumn === 'lead'
      ? { title: t('col.lead'), dataIndex: 'orgName', key: 'org', width: 160, ellipsis: true }
      : { title: t('col.assignedBy'), dataIndex: 'assignedByOrgName', key: 'assignedBy', width: 160, ellipsis: true },
    { title: t('col.start'), dataIndex: 'startDate', key: 'startDate', width: 110, sorter: true, sortOrder: order('startDate') },
    { title: t('col.due'), dataIndex: 'dueDate', key: 'dueDate', width: 110, sorter: true, sortOrder: order('dueDate') },
    {
      title: t('col.status'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      sorter: true,
      sortOrder: order('status'),
      render: (s: TaskRow['status']) => <TaskStatusTag status={s} />,
    },
    { title: t('col.progress'), key: 'progress', width: 150, render: (_: unknown, r) => <TaskProgressCell task={r} /> },
    ...(showLatest
      ? [
          {
            title: t('col.latest'),
            key: 'latest',
            width: 190,
            render: (_: unknown, r: TaskRow): ReactNode =>
              r.latestReport && (
                <Space size={4} wrap>
                  <Link to={`/reports/${r.latestReport.id}`}>{periodLabel(t, r.latestReport.period)}</Link>
                  <ReportStatusTag status={r.latestReport.status} />
                </Space>
              ),
          },
        ]
      : []),
    ...extra,
  ];

  const onChange: TableProps<TaskRow>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.order ? String(s.columnKey) : undefined;
    onQuery({
      page: pagination.current ?? 1,
      pageSize: pagination.pageSize ?? query.pageSize,
      sort: field ? (s?.order === 'descend' ? `-${field}` : field) : undefined,
    });
  };

  if (error) return <QueryError error={error} onRetry={() => onRetry?.()} />;
  return (
    <Table<TaskRow>
      rowKey="id"
      aria-label={label}
      columns={columns}
      dataSource={items}
      loading={loading}
      onChange={onChange}
      scroll={{ x: 1150 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      pagination={{
        current: query.page,
        pageSize: query.pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (n) => t('total', { total: n }),
      }}
    />
  );
}
