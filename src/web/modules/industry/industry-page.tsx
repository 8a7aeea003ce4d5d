// 产业工会: for an industry union's user, "my industry" (its figures over its affiliated enterprises,
// on the dashboard) and the list of its enterprises (paged, searchable, sortable, with the
// proposals to confirm); for everyone, which industry unions serve which division (set nationally).
import { Button, Card, Flex, Input, Select, Space, Table, Tabs, Typography, App } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { formatDateTime } from '../../shared/labels';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { INDUSTRY_DIVISIONS, INDUSTRY_VINTAGE } from '../../../shared/industries';
import { industryApi, type AffiliationQuery, type AffiliationView } from './industry-api';
import { AffiliationActions, AffiliationStatusTag } from './affiliations-card';
import { divisionLabel, useIndustryT } from './industry-i18n';
import { useAffiliations, useAffiliationsChanged, useIndustryMapping } from './industry-queries';

type SortKey = 'name' | 'since' | 'industry';

function EnterprisesTab() {
  const t = useIndustryT();
  const { locale } = useI18n();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<AffiliationView['status'] | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [sort, setSort] = useState<{ field: SortKey; dir: 'asc' | 'desc' }>({ field: 'name', dir: 'asc' });
  const query: AffiliationQuery = {
    page,
    pageSize,
    ...(q.trim() && { q: q.trim() }),
    ...(status && { status }),
    sort: `${sort.dir === 'desc' ? '-' : ''}${sort.field}` as AffiliationQuery['sort'],
  };
  const { data, error, isFetching, refetch } = useAffiliations(query, { inPage: true });
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('search')}
          placeholder={t('search')}
          allowClear
          style={{ width: 260 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <Select
          aria-label={t('status')}
          style={{ width: 180 }}
          value={status ?? ''}
          onChange={(v) => {
            setStatus(v === '' ? undefined : (v as AffiliationView['status']));
            setPage(1);
          }}
          options={[
            { value: '', label: t('allOpen') },
            ...(['proposed', 'active', 'ended', 'declined'] as const).map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
      </Flex>
      <Table<AffiliationView>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{`${t('empty')}：${t('emptyHint')}`}</Typography.Text> }}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          if (s?.order && s.columnKey) setSort({ field: s.columnKey as SortKey, dir: s.order === 'descend' ? 'desc' : 'asc' });
          else setSort({ field: 'name', dir: 'asc' });
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('count', { total }),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        columns={[
          {
            title: t('enterprise'),
            key: 'name',
            sorter: true,
            sortOrder: sort.field === 'name' ? (sort.dir === 'desc' ? 'descend' : 'ascend') : null,
            render: (_, a) => <Link to={`/orgs/${a.enterprise.id}`}>{a.enterprise.name}</Link>,
          },
          { title: t('territorial'), key: 'territorial', render: (_, a) => a.enterprise.pathNames.slice(1).join(' / ') },
          {
            title: t('industry'),
            key: 'industry',
            sorter: true,
            sortOrder: sort.field === 'industry' ? (sort.dir === 'desc' ? 'descend' : 'ascend') : null,
            render: (_, a) => divisionLabel(a.enterprise.industryCode, locale) ?? t('notClassified'),
          },
          { title: t('status'), key: 'status', render: (_, a) => <AffiliationStatusTag status={a.status} /> },
          {
            title: t('since'),
            key: 'since',
            sorter: true,
            sortOrder: sort.field === 'since' ? (sort.dir === 'desc' ? 'descend' : 'ascend') : null,
            render: (_, a) => (a.validFrom ? formatDateTime(a.validFrom, locale) : ''),
          },
          { title: t('actions'), key: 'actions', render: (_, a) => <AffiliationActions a={a} /> },
        ]}
      />
    </>
  );
}

function MappingRow({ division, unions, editable }: { division: string; unions: { id: string; name: string }[]; editable: boolean }) {
  const t = useIndustryT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useAffiliationsChanged();
  const [editing, setEditing] = useState<string[] | null>(null);
  const { data: all } = useIndustryMapping();
  const known = new Map((all?.items ?? []).flatMap((m) => m.unions).map((u) => [u.id, u.name]));
  if (editing)
    return (
      <Space>
        <Select
          mode="multiple"
          aria-label={`${t('unions')} ${division}`}
          style={{ minWidth: 280 }}
          value={editing}
          onChange={setEditing}
          options={[...known].map(([value, label]) => ({ value, label }))}
        />
        <Button
          type="primary"
          onClick={async () => {
            try {
              await industryApi.setMapping(division, editing);
              void message.success(t('mappingSaved'));
              setEditing(null);
              await changed();
            } catch (err) {
              onError(err);
            }
          }}
        >
          {t('saveMapping')}
        </Button>
      </Space>
    );
  return (
    <Space>
      <span>
        {unions.length ? unions.map((u) => u.name).join('、') : <Typography.Text type="secondary">{t('noMapping')}</Typography.Text>}
      </span>
      {editable && (
        <Button size="small" onClick={() => setEditing(unions.map((u) => u.id))}>
          {t('editMapping')}
        </Button>
      )}
    </Space>
  );
}

function MappingTab() {
  const t = useIndustryT();
  const { locale } = useI18n();
  const { can } = useSession();
  const { data, error, isLoading, refetch } = useIndustryMapping({ inPage: true });
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  const byDivision = new Map((data?.items ?? []).map((m) => [m.division, m.unions]));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('mappingHint', { vintage: INDUSTRY_VINTAGE })}</Typography.Paragraph>
      <Table
        rowKey="code"
        size="small"
        loading={isLoading}
        dataSource={INDUSTRY_DIVISIONS.map((d) => ({ code: d.code }))}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('division'), key: 'division', render: (_, d) => divisionLabel(d.code, locale) },
          {
            title: t('unions'),
            key: 'unions',
            render: (_, d) => <MappingRow division={d.code} unions={byDivision.get(d.code) ?? []} editable={can('orgs.write')} />,
          },
        ]}
      />
    </>
  );
}

export function IndustryPage() {
  const t = useIndustryT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mapping' ? 'mapping' : 'enterprises';
  return (
    <Card
      title={
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('title')}
        </Typography.Title>
      }
      extra={
        <Button type="primary" onClick={() => navigate('/dashboard')}>
          {t('openDashboard')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('myIndustryHint')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'mapping' ? { tab: 'mapping' } : {})}
        items={[
          { key: 'enterprises', label: t('enterprises'), children: <EnterprisesTab /> },
          { key: 'mapping', label: t('mapping'), children: <MappingTab /> },
        ]}
      />
    </Card>
  );
}
