// The results dashboard of an organisation's subtree: headline figures, the 12-month trend, the units
// below ranked (bar chart and a sortable table; a click drills down), the breadcrumb back up, export.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Col, Empty, Flex, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useSession } from '../../session';
import { OrgSelect } from '../orgs/org-select';
import { dashboardApi, type DashboardView, type Figures, type OrgRef, type SortField } from './dashboard-api';
import { useDashboardT, type DashboardKey } from './dashboard-i18n';
import { useDashboard } from './dashboard-queries';
import { IndustrySections } from '../industry/industry-sections';
import { useIndustryT } from '../industry/industry-i18n';
import { EChart, type ChartOption } from './echart';

const PAGE_SIZE = 20;
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

interface BreakdownRow {
  key: string;
  org: OrgRef;
  name: string;
  figures: Figures;
  kind: 'child';
}

/** A numeric column of the breakdown: its label, value and whether it is a rate. */
const COLUMNS: { key: SortField; label: DashboardKey; value: (f: Figures) => number | null; rate?: boolean }[] = [
  { key: 'workers', label: 'workers', value: (f) => f.workers },
  { key: 'unionMembers', label: 'unionMembers', value: (f) => f.unionMembers },
  { key: 'unionMembershipRate', label: 'unionMembershipRate', value: (f) => f.unionMembershipRate, rate: true },
  { key: 'enterprises', label: 'enterprises', value: (f) => f.enterprises },
  { key: 'unionCoverage', label: 'unionCoverage', value: (f) => f.unionCoverage, rate: true },
  { key: 'highlySkilled', label: 'highlySkilled', value: (f) => f.highlySkilled },
  { key: 'highlySkilledShare', label: 'highlySkilledShare', value: (f) => f.highlySkilledShare, rate: true },
  { key: 'modelWorkers', label: 'modelWorkers', value: (f) => f.modelWorkers.total },
  { key: 'craftsmen', label: 'craftsmen', value: (f) => f.craftsmen },
  { key: 'tasks', label: 'tasks', value: (f) => f.tasks.total },
  { key: 'taskCompletionRate', label: 'taskCompletionRate', value: (f) => f.tasks.completionRate, rate: true },
  { key: 'tasksOverdue', label: 'tasksOverdue', value: (f) => f.tasks.overdue },
];

function HeadlineCards({ f }: { f: Figures }) {
  const t = useDashboardT();
  const card = (title: string, value: number | string, note?: string) => (
    <Col xs={12} md={8} xl={6} key={title}>
      <Card size="small">
        <Statistic title={title} value={value} />
        {note && <Typography.Text type="secondary">{note}</Typography.Text>}
      </Card>
    </Col>
  );
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {card(t('workers'), f.workers, `${t('unionMembers')} ${f.unionMembers} · ${t('unionMembershipRate')} ${pct(f.unionMembershipRate)}`)}
      {card(
        t('unionCoverage'),
        pct(f.unionCoverage),
        `${t('enterprises')} ${f.enterprises} · ${t('enterprisesWithUnion', { n: f.enterprisesWithUnion })}`,
      )}
      {card(t('highlySkilled'), f.highlySkilled, t('shareOfWorkers', { pct: pct(f.highlySkilledShare) }))}
      {card(t('modelWorkers'), f.modelWorkers.total, t('modelWorkersDetail', f.modelWorkers))}
      {card(t('craftsmen'), f.craftsmen, t('technicalExperts', { n: f.technicalExperts }))}
      {card(t('mayDayMedals'), f.mayDayMedals.total)}
      {card(
        t('taskCompletionRate'),
        pct(f.tasks.completionRate),
        `${t('tasks')} ${f.tasks.total} · ${t('tasksOverdue')} ${f.tasks.overdue}`,
      )}
      {card(t('tasksOverdue'), f.tasks.overdue, t('tasksDetail', { ...f.tasks, completionRate: pct(f.tasks.completionRate) }))}
    </Row>
  );
}

function trendOption(d: DashboardView, t: ReturnType<typeof useDashboardT>): ChartOption {
  const series = (['workers', 'unionMembers', 'highlySkilled', 'modelWorkers'] as const).map((k) => ({
    name: t(k),
    type: 'line',
    smooth: true,
    data: d.trend.map((p) => p[k]),
  }));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: d.trend.map((p) => p.month) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [...series, { name: t('tasks'), type: 'bar', yAxisIndex: 1, data: d.trend.map((p) => p.tasksCompleted), barMaxWidth: 16 }],
  };
}

function rankingOption(d: DashboardView, field: (typeof COLUMNS)[number], t: ReturnType<typeof useDashboardT>): ChartOption {
  const items = d.children.items.slice(0, 15);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (field.rate ? pct(v) : String(v)) },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      minInterval: field.rate ? undefined : 1,
      axisLabel: field.rate ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : undefined,
    },
    yAxis: { type: 'category', inverse: true, data: items.map((c) => c.org.name), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      {
        name: t(field.label),
        type: 'bar',
        data: items.map((c) => field.value(c.figures) ?? 0),
        barMaxWidth: 18,
        itemStyle: { color: '#c8102e' },
      },
    ],
  };
}

export function DashboardPage() {
  const t = useDashboardT();
  const ti = useIndustryT();
  const { locale } = useI18n();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const orgId = params.get('orgId') ?? undefined;
  /** An industry union's dashboard: the territorial unit (province, city, …) its figures are drilled down to. */
  const within = params.get('within') ?? undefined;
  const [sort, setSort] = useState<string>('-workers');
  const [page, setPage] = useState(1);
  const { data, isFetching: loading, error, refetch } = useDashboard({ orgId, within, sort, page, pageSize: PAGE_SIZE });

  const goTo = (id: string) => {
    setPage(1);
    setParams(id === session?.user.orgId ? {} : { orgId: id });
  };
  /** Within an industry union's dashboard: its figures in one territorial unit (none: the whole industry). */
  const drillTo = (unionId: string, areaId?: string) => {
    setPage(1);
    setParams({ ...(unionId !== session?.user.orgId && { orgId: unionId }), ...(areaId && { within: areaId }) });
  };
  /** The address of a level of the breadcrumb (a link, so it is reached with Tab and opened with Enter). */
  const searchFor = (id: string, areaId?: string) =>
    `?${new URLSearchParams({ ...(id !== session?.user.orgId && { orgId: id }), ...(areaId && { within: areaId }) })}`;
  /** A row of the breakdown: an industry union's territorial units drill down in its chain, anything else opens its own dashboard. */
  const open = (org: OrgRef) => (data?.industry && org.kind !== 'enterprise' ? drillTo(data.org.id, org.id) : goTo(org.id));

  const sortField = sort.replace(/^-/, '') as SortField;
  const rankField = COLUMNS.find((c) => c.key === sortField) ?? COLUMNS[0]!;
  const trend = useMemo(() => (data ? trendOption(data, t) : undefined), [data, t]);
  const ranking = useMemo(() => (data ? rankingOption(data, rankField, t) : undefined), [data, rankField, t]);

  const columns: TableProps<BreakdownRow>['columns'] = [
    {
      title: t('unit'),
      dataIndex: 'name',
      key: 'name',
      fixed: 'left',
      width: 220,
      sorter: true,
      sortOrder: sortField === 'name' ? (sort.startsWith('-') ? 'descend' : 'ascend') : null,
      render: (name: string, r) => (
        <Space size={4}>
          <Typography.Link>{name}</Typography.Link>
          {r.org.status === 'archived' && <Tag>{t('archived')}</Tag>}
        </Space>
      ),
    },
    ...COLUMNS.map((c) => ({
      title: t(c.label),
      key: c.key,
      align: 'right' as const,
      width: 110,
      sorter: true,
      sortOrder: sortField === c.key ? (sort.startsWith('-') ? ('descend' as const) : ('ascend' as const)) : null,
      render: (_: unknown, r: BreakdownRow) => (c.rate ? pct(c.value(r.figures)) : c.value(r.figures)),
    })),
  ];

  const rows: BreakdownRow[] = data
    ? data.children.items.map((c) => ({ key: c.org.id, org: c.org, name: c.org.name, figures: c.figures, kind: 'child' as const }))
    : [];
  // What the organisation holds itself, then the total: fixed rows under every page of children.
  const summaryRows = (d: DashboardView) => [
    ...(d.own ? [{ name: d.industry ? ti('industryOther') : t('own', { name: d.org.name }), figures: d.own, strong: false }] : []),
    { name: t('total'), figures: d.totals, strong: true },
  ];
  const summary = () => (
    <Table.Summary fixed="bottom">
      {data &&
        summaryRows(data).map((r) => (
          <Table.Summary.Row key={r.name}>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong={r.strong}>{r.name}</Typography.Text>
            </Table.Summary.Cell>
            {COLUMNS.map((c, i) => (
              <Table.Summary.Cell key={c.key} index={i + 1} align="right">
                <Typography.Text strong={r.strong}>{c.rate ? pct(c.value(r.figures)) : c.value(r.figures)}</Typography.Text>
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        ))}
    </Table.Summary>
  );

  const onTableChange: TableProps<BreakdownRow>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const next = s?.order ? `${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}` : '-workers';
    if (next !== sort) {
      setSort(next);
      setPage(1);
    } else setPage(pagination.current ?? 1);
  };

  const empty =
    data && data.totals.workers === 0 && data.totals.tasks.total === 0 && data.totals.enterprises === 0 && data.children.total === 0;

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Space wrap>
            <OrgSelect
              key={data?.org.id}
              value={data?.org.id}
              initial={data ? [{ id: data.org.id, name: data.org.name }] : []}
              onChange={(id) => id && goTo(id)}
              placeholder={t('org')}
              style={{ width: 260 }}
            />
            <Button
              icon={<DownloadOutlined />}
              href={dashboardApi.exportUrl({ orgId: data?.org.id, within: data?.area?.id, sort })}
              disabled={!data}
            >
              {t('export')}
            </Button>
          </Space>
        }
      />
      {data && (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[
            ...data.ancestors.map((a) => ({ id: a.id, name: a.name, search: searchFor(a.id) })),
            { id: data.org.id, name: data.org.name, search: searchFor(data.org.id) },
            // An industry union drilled down: the territorial units down to the one shown.
            ...(data.area
              ? [...data.area.trail, { id: data.area.id, name: data.area.name }].map((a) => ({
                  id: `area-${a.id}`,
                  name: a.name,
                  search: searchFor(data.org.id, a.id),
                }))
              : []),
          ].map((a, i, all) => ({
            key: a.id,
            title:
              i < all.length - 1 ? (
                <Link to={{ search: a.search }} onClick={() => setPage(1)}>
                  {a.name}
                </Link>
              ) : (
                a.name
              ),
          }))}
        />
      )}
      <Spin spinning={loading}>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : !data ? (
          <div style={{ minHeight: 240 }} />
        ) : (
          <>
            <Flex justify="space-between" style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">
                {t('generatedAt', { time: new Date(data.generatedAt).toLocaleString(locale) })}
              </Typography.Text>
            </Flex>
            {empty && <Empty description={t('noData')} style={{ margin: '24px 0' }} />}
            {data.industry && <Alert type="info" showIcon message={ti('industryFigures')} style={{ marginBottom: 16 }} />}
            <HeadlineCards f={data.totals} />
            <Alert type="info" showIcon message={t('notYet')} style={{ marginBottom: 16 }} />
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              <Col xs={24} xl={14}>
                <Card size="small" title={t('trend')} extra={<Typography.Text type="secondary">{t('trendHint')}</Typography.Text>}>
                  {trend && <EChart option={trend} label={t('trend')} />}
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card size="small" title={`${t('ranking')} · ${t(rankField.label)}`}>
                  {data.children.total ? (
                    ranking && <EChart option={ranking} label={t('ranking')} />
                  ) : (
                    <Empty description={t('noChildren')} style={{ height: 248 }} />
                  )}
                </Card>
              </Col>
            </Row>
            <Card
              size="small"
              title={t('breakdown')}
              extra={
                <Typography.Text type="secondary">
                  {data.children.total ? `${t('count', { total: data.children.total })} · ${t('drillHint')}` : ''}
                </Typography.Text>
              }
            >
              <Table<BreakdownRow>
                size="small"
                rowKey="key"
                columns={columns}
                dataSource={rows}
                scroll={{ x: 1500 }}
                onChange={onTableChange}
                locale={{ emptyText: t('noChildren') }}
                summary={summary}
                pagination={
                  data.children.total > PAGE_SIZE
                    ? { current: page, pageSize: PAGE_SIZE, total: data.children.total, showSizeChanger: false }
                    : false
                }
                onRow={(r) => (r.org ? { onClick: () => open(r.org!), style: { cursor: 'pointer' } } : {})}
              />
            </Card>
            {!data.industry && data.org.kind === 'federation' && <IndustrySections orgId={data.org.id} />}
          </>
        )}
      </Spin>
    </>
  );
}
