// My tasks (for a liaison): the tasks the caller's unit leads or co-leads, with the latest report
// and a shortcut to report; open supervision notices addressed to the unit on top.
import { Badge, Card, Flex, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../session';
import { FilterSelect, SearchBox } from '../../shared/list-controls';
import { PageHeader } from '../../shared/page-header';
import { SupervisionTable } from './supervision';
import { TaskTable } from './task-table';
import { TASK_STATUSES, type TaskQuery } from './tasks-api';
import { useTasksT } from './tasks-i18n';
import { useSupervisions, useTaskList } from './tasks-queries';

const OPEN_NOTICES = { mine: 'true', status: 'open', page: 1, pageSize: 50 } as const;

export function MyTasksPage() {
  const t = useTasksT();
  const { user } = useSession();
  const [query, setQuery] = useState<TaskQuery>({ mine: 'true', page: 1, pageSize: 20, sort: 'dueDate' });
  const update = (changes: Partial<TaskQuery>) => setQuery((q) => ({ ...q, page: 1, ...changes }));
  const { data, isFetching, error, refetch } = useTaskList(query);
  const notices = useSupervisions(OPEN_NOTICES);

  return (
    <>
      <PageHeader title={t('myTasks')} />
      {(notices.data?.total ?? 0) > 0 && (
        <Card
          title={
            <Space>
              {t('supervise.list')}
              <Badge count={notices.data?.total} />
            </Space>
          }
          style={{ marginBottom: 16 }}
        >
          <SupervisionTable items={notices.data?.items ?? []} showTask />
        </Card>
      )}
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <SearchBox label={t('search')} placeholder={t('searchPlaceholder')} width={240} onSearch={(q) => update({ q })} />
          <FilterSelect
            label={t('filter.status')}
            width={140}
            value={query.status}
            onChange={(v) => update({ status: v })}
            options={TASK_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        </Flex>
        <TaskTable
          label={t('myTasks')}
          query={query}
          onQuery={(c) => setQuery((q) => ({ ...q, ...c }))}
          items={data?.items ?? []}
          total={data?.total ?? 0}
          loading={isFetching}
          error={error}
          onRetry={() => void refetch()}
          empty={t('task.noneMine')}
          showLatest
          unitColumn="assignedBy"
          extra={[
            {
              title: '',
              key: 'go',
              width: 90,
              fixed: 'right',
              render: (_: unknown, r) => <Link to={`/tasks/${r.id}`}>{r.orgId === user?.orgId ? t('report.write') : t('open')}</Link>,
            },
          ]}
        />
      </Card>
    </>
  );
}
