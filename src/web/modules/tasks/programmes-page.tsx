// The programmes (改革方案/年度要点) the caller can see: search, status filter, pagination; create a
// programme and configure the federation's tags.
import { PlusOutlined, TagsOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../session';
import { FilterSelect, SearchBox, listPagination } from '../../shared/list-controls';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { readableColor } from '../../shared/readable-color';
import { ProgrammeFormModal, TagsModal } from './programme-form';
import type { ProgrammeView } from './tasks-api';
import { useTasksT } from './tasks-i18n';
import { useProgrammes } from './tasks-queries';

export function ProgrammesPage() {
  const t = useTasksT();
  const { can } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState<{ q?: string; status?: 'active' | 'archived'; page: number; pageSize: number }>({
    status: 'active',
    page: 1,
    pageSize: 20,
  });
  const { data, isFetching, error, refetch } = useProgrammes(query);
  const [creating, setCreating] = useState(false);
  const [tagsOpen, setTagsOpen] = useState(false);

  return (
    <>
      <PageHeader
        title={t('programmes')}
        extra={
          <Space>
            <Button icon={<TagsOutlined />} onClick={() => setTagsOpen(true)}>
              {t('tags.manage')}
            </Button>
            {can('tasks.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('programme.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <SearchBox
            label={t('programme.searchPlaceholder')}
            width={280}
            onSearch={(text) => setQuery((q) => ({ ...q, page: 1, q: text }))}
          />
          <FilterSelect
            label={t('programme.status')}
            width={140}
            value={query.status}
            onChange={(v) => setQuery((q) => ({ ...q, page: 1, status: v }))}
            options={(['active', 'archived'] as const).map((s) => ({ value: s, label: t(`programmeStatus.${s}`) }))}
          />
        </Flex>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<ProgrammeView>
            rowKey="id"
            loading={isFetching}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('programme.none')} /> }}
            pagination={listPagination(query, setQuery, data?.total, (total) => t('total', { total }))}
            columns={[
              { title: t('programme.title'), dataIndex: 'title', render: (v: string, p) => <Link to={`/programmes/${p.id}`}>{v}</Link> },
              { title: t('programme.owner'), dataIndex: 'orgName', width: 200 },
              { title: t('programme.period'), key: 'period', width: 220, render: (_: unknown, p) => `${p.periodStart} ~ ${p.periodEnd}` },
              {
                title: t('programme.tags'),
                key: 'tags',
                render: (_: unknown, p) => (
                  <Space size={[0, 4]} wrap>
                    {p.tags.map((x) => (
                      <Tag key={x.id} color={readableColor(x.color)}>
                        {x.name}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { title: t('programme.taskCount'), dataIndex: 'taskCount', width: 90, align: 'right' },
              {
                title: t('programme.status'),
                dataIndex: 'status',
                width: 100,
                render: (s: 'active' | 'archived') => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`programmeStatus.${s}`)}</Tag>,
              },
            ]}
          />
        )}
      </Card>
      {creating && (
        <ProgrammeFormModal
          open
          onClose={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            navigate(`/programmes/${p.id}`);
          }}
        />
      )}
      {tagsOpen && <TagsModal open onClose={() => setTagsOpen(false)} />}
    </>
  );
}
