// The review queue (for the federation): submitted reports of the tasks it assigned, oldest first;
// accept (confirmed) or return with a reason, or open the report to read it in full.
import { Card, Empty, Flex, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../shared/labels';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { ReviewActions } from './report-page';
import { fmtNumber } from './task-labels';
import type { ReportView } from './tasks-api';
import { periodLabel, useTasksT } from './tasks-i18n';
import { useReviews } from './tasks-queries';
import { useProgrammeOptions } from './use-task-options';

export function ReviewsPage() {
  const t = useTasksT();
  const { locale } = useI18n();
  const programmes = useProgrammeOptions();
  const [query, setQuery] = useState<{ programmeId?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const { data, isFetching, error, refetch } = useReviews(query);

  return (
    <>
      <PageHeader title={t('reviews')} />
      <Card>
        <Flex gap={12} style={{ marginBottom: 16 }}>
          <Select
            aria-label={t('filter.programme')}
            placeholder={t('filter.programme')}
            allowClear
            style={{ width: 280 }}
            value={query.programmeId}
            onChange={(v) => setQuery((q) => ({ ...q, page: 1, programmeId: v }))}
            options={programmes.map((p) => ({ value: p.id, label: p.title }))}
          />
        </Flex>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<ReportView>
            rowKey="id"
            aria-label={t('reviews')}
            loading={isFetching}
            dataSource={data?.items ?? []}
            scroll={{ x: 1500 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviews.none')} /> }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              showTotal: (total) => t('total', { total }),
              onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
            }}
            columns={[
              { title: t('reviews.col.unit'), dataIndex: 'orgName', key: 'org', width: 170 },
              {
                title: t('reviews.col.task'),
                dataIndex: 'taskTitle',
                key: 'task',
                width: 240,
                render: (v: string, r) => <Link to={`/tasks/${r.taskId}`}>{v}</Link>,
              },
              {
                title: t('reviews.col.period'),
                dataIndex: 'period',
                key: 'period',
                width: 140,
                render: (v: string, r) => <Link to={`/reports/${r.id}`}>{periodLabel(t, v)}</Link>,
              },
              { title: t('reviews.col.version'), dataIndex: 'version', key: 'version', width: 80, align: 'center' },
              {
                title: t('reviews.col.values'),
                key: 'values',
                width: 220,
                render: (_: unknown, r) => (
                  <Space direction="vertical" size={0}>
                    {r.values.map((v) => (
                      <Typography.Text key={v.targetId}>
                        {v.metric}
                        {t('p.colon')}
                        {v.value == null ? '—' : fmtNumber(v.value)} / {fmtNumber(v.targetValue)}
                        {v.unit}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
              { title: t('report.narrative'), dataIndex: 'narrative', key: 'narrative', width: 260, ellipsis: true },
              {
                title: t('reviews.col.submittedAt'),
                dataIndex: 'submittedAt',
                key: 'at',
                width: 170,
                render: (v: string | null) => formatDateTime(v, locale),
              },
              {
                title: '',
                key: 'actions',
                width: 220,
                fixed: 'right',
                render: (_: unknown, r) => <ReviewActions size="small" reportId={r.id} />,
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
