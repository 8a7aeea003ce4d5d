// The news desk's list: articles of the subtree, searched, filtered by status, sorted and paged;
// "write an article" opens the editor.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Select, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { formatDateTime } from '../../shared/labels';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import type { ArticleListItem, ArticleStatus } from './news-api';
import { useNewsT } from './news-i18n';
import { type ArticlesQuery, useArticles } from './news-queries';
import { PortalSettingsButton } from './portal-settings';

export const STATUSES: ArticleStatus[] = ['draft', 'returned', 'review1', 'review2', 'review3', 'published', 'withdrawn'];
export const STATUS_COLORS: Record<ArticleStatus, string> = {
  draft: 'default',
  returned: 'orange',
  review1: 'blue',
  review2: 'blue',
  review3: 'purple',
  published: 'green',
  withdrawn: 'red',
};

export function NewsListPage() {
  const nt = useNewsT();
  const { locale } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState<ArticlesQuery>({ page: 1, pageSize: 20, sort: '-updatedAt' });
  const { data, isFetching, error, refetch } = useArticles(query);

  const columns: TableProps<ArticleListItem>['columns'] = [
    {
      title: nt('col.headline'),
      dataIndex: 'headline',
      key: 'headline',
      sorter: true,
      render: (_: unknown, a) => <Link to={`/news/${a.id}`}>{a.headline}</Link>,
    },
    { title: nt('col.column'), dataIndex: 'column', key: 'column' },
    { title: nt('col.org'), dataIndex: 'orgName', key: 'orgName' },
    {
      title: nt('col.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: ArticleStatus) => <Tag color={STATUS_COLORS[s]}>{nt(`status.${s}`)}</Tag>,
    },
    {
      title: nt('col.publishedAt'),
      dataIndex: 'publishedAt',
      key: 'publishedAt',
      sorter: true,
      render: (v: string | null) => (v ? formatDateTime(v, locale) : ''),
    },
    {
      title: nt('col.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      sorter: true,
      defaultSortOrder: 'descend',
      render: (v: string) => formatDateTime(v, locale),
    },
  ];

  return (
    <Card>
      <PageHeader
        title={nt('title')}
        extra={
          <Flex gap={8} align="center" wrap>
            <PortalSettingsButton />
            {can('news.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/news/new')}>
                {nt('newArticle')}
              </Button>
            )}
          </Flex>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={nt('search')}
          placeholder={nt('search')}
          allowClear
          style={{ maxWidth: 320 }}
          onSearch={(q) => setQuery((x) => ({ ...x, q: q || undefined, page: 1 }))}
        />
        <Select
          aria-label={nt('col.status')}
          style={{ width: 200 }}
          allowClear
          placeholder={nt('allStatuses')}
          value={query.status}
          options={STATUSES.map((s) => ({ value: s, label: nt(`status.${s}`) }))}
          onChange={(status) => setQuery((x) => ({ ...x, status, page: 1 }))}
        />
      </Flex>
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<ArticleListItem>
          rowKey="id"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={nt('empty')} /> }}
          pagination={{ current: query.page, pageSize: query.pageSize, total: data?.total ?? 0, showSizeChanger: true }}
          onChange={(p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = s?.order ? String(s.columnKey ?? s.field) : undefined;
            setQuery((x) => ({
              ...x,
              page: p.pageSize === x.pageSize ? (p.current ?? 1) : 1,
              pageSize: p.pageSize ?? 20,
              sort: field ? `${s?.order === 'descend' ? '-' : ''}${field}` : undefined,
            }));
          }}
        />
      )}
    </Card>
  );
}
