// The ledger (工作台账): every task in the caller's subtree with filters (programme, kind, status,
// unit, tag, overdue, title), sorting and pagination; Excel export and a print view of the same filter.
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { toQueryString } from '../../api';
import { FilterSelect, SearchBox } from '../../shared/list-controls';
import { PageHeader } from '../../shared/page-header';
import { OrgSelect } from '../orgs/org-select';
import { TaskTable } from './task-table';
import { TASK_KINDS, TASK_STATUSES, tasksApi, type TaskFilter, type TaskQuery } from './tasks-api';
import { useTasksT } from './tasks-i18n';
import { useTaskList } from './tasks-queries';
import { useProgrammeOptions, useTags } from './use-task-options';

export function LedgerFilters({ query, update }: { query: TaskFilter; update: (changes: Partial<TaskFilter>) => void }) {
  const t = useTasksT();
  const programmes = useProgrammeOptions();
  const tags = useTags();
  return (
    <Flex gap={12} wrap style={{ marginBottom: 16 }}>
      <SearchBox label={t('search')} placeholder={t('searchPlaceholder')} width={220} onSearch={(q) => update({ q })} />
      <FilterSelect
        label={t('filter.programme')}
        width={240}
        value={query.programmeId}
        onChange={(v) => update({ programmeId: v })}
        options={programmes.map((p) => ({ value: p.id, label: p.title }))}
        optionFilterProp="label"
        showSearch
      />
      <FilterSelect
        label={t('filter.kind')}
        width={120}
        value={query.kind}
        onChange={(v) => update({ kind: v })}
        options={TASK_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
      />
      <FilterSelect
        label={t('filter.status')}
        width={120}
        value={query.status}
        onChange={(v) => update({ status: v })}
        options={TASK_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
      />
      <OrgSelect
        allowClear
        placeholder={t('filter.unit')}
        style={{ width: 220 }}
        value={query.orgId}
        onChange={(v) => update({ orgId: v })}
      />
      <FilterSelect
        label={t('filter.tag')}
        width={140}
        value={query.tagId}
        onChange={(v) => update({ tagId: v })}
        options={tags.map((x) => ({ value: x.id, label: x.name }))}
      />
      <Checkbox
        checked={query.overdue === 'true'}
        onChange={(e) => update({ overdue: e.target.checked ? 'true' : undefined })}
        style={{ alignSelf: 'center' }}
      >
        {t('filter.overdue')}
      </Checkbox>
    </Flex>
  );
}

export const filterOf = ({ page: _p, pageSize: _s, ...rest }: TaskQuery): TaskFilter & { sort?: string } => rest;

export function LedgerPage() {
  const t = useTasksT();
  const navigate = useNavigate();
  const [query, setQuery] = useState<TaskQuery>({ page: 1, pageSize: 20, sort: 'dueDate' });
  const update = (changes: Partial<TaskQuery>) => setQuery((q) => ({ ...q, page: 1, ...changes }));
  const { data, isFetching, error, refetch } = useTaskList(query);
  const filter = filterOf(query);

  return (
    <>
      <PageHeader
        title={t('ledger')}
        extra={
          <Space>
            <Button icon={<PrinterOutlined />} onClick={() => navigate(`/tasks/ledger/print${toQueryString({ ...filter })}`)}>
              {t('printView')}
            </Button>
            <Button type="primary" icon={<DownloadOutlined />} href={tasksApi.exportUrl(filter)}>
              {t('export')}
            </Button>
          </Space>
        }
      />
      <Card>
        <LedgerFilters query={query} update={update} />
        <TaskTable
          label={t('ledger')}
          query={query}
          onQuery={(c) => setQuery((q) => ({ ...q, ...c }))}
          items={data?.items ?? []}
          total={data?.total ?? 0}
          loading={isFetching}
          error={error}
          onRetry={() => void refetch()}
          empty={t('task.none')}
          showLatest
        />
      </Card>
    </>
  );
}
