// Employee innovation figures (issue #16 item 7): the maintained totals of an organisation — submitted,
// adopted, implemented with rates and per 100 workers, participation, median days to decision,
// estimated vs verified benefit (万元), awards, upward selections, patents by type — by category, its
// direct children as drill-down (?orgId=), charts (ECharts) and the .xlsx export.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { EChart, type ChartOption } from '../dashboard/echart';
import { innovationApi, type InnovationDashboard } from './proposals-api';
import { useInnovationT } from './proposals-i18n';
import { useInnovationDashboard } from './proposals-queries';

type Figures = InnovationDashboard['totals'];

/** 万元 from fen, exact: 2,108,980 fen → "2.10898" shown to 4 decimals ("2.1090"). */
function wanText(fen: string): string {
  const f = BigInt(fen);
  const neg = f < 0n;
  const abs = neg ? -f : f;
  // to 4 decimals of 万元 = whole 100 fen, rounded half up
  const units = (abs + 50n) / 100n;
  const text = `${units / 10_000n}.${(units % 10_000n).toString().padStart(4, '0')}`;
  return neg ? `-${text}` : text;
}
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

export function InnovationDashboardPage() {
  const t = useInnovationT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const orgId = params.get('orgId') ?? undefined;
  const { data, isLoading, error, refetch } = useInnovationDashboard(orgId);

  const categoryChart = useMemo<ChartOption | undefined>(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
        xAxis: { type: 'category', data: data.byCategory.map((c) => t(`category.${c.category}`)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('dash.submitted'), type: 'bar', data: data.byCategory.map((c) => c.submitted), itemStyle: { color: '#c8102e' } },
          { name: t('dash.adopted'), type: 'bar', data: data.byCategory.map((c) => c.adopted), itemStyle: { color: '#d48806' } },
          { name: t('dash.implemented'), type: 'bar', data: data.byCategory.map((c) => c.implemented), itemStyle: { color: '#237804' } },
        ],
      },
    [data, t],
  );
  const patentChart = useMemo<ChartOption | undefined>(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: (['invention', 'utility_model', 'design'] as const).map((p) => t(`patentType.${p}`)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            name: t('patents.title'),
            type: 'bar',
            barMaxWidth: 32,
            data: [data.totals.patentsInvention, data.totals.patentsUtility, data.totals.patentsDesign],
            itemStyle: { color: '#1d39c4' },
          },
        ],
      },
    [data, t],
  );

  const figureColumns = [
    { title: t('dash.submitted'), dataIndex: 'submitted', key: 'submitted', align: 'right' as const },
    { title: t('dash.adopted'), dataIndex: 'adopted', key: 'adopted', align: 'right' as const },
    {
      title: t('dash.adoptionRate'),
      key: 'adoptionRate',
      align: 'right' as const,
      render: (_: unknown, r: Figures) => pct(r.adoptionRate),
    },
    { title: t('dash.implemented'), dataIndex: 'implemented', key: 'implemented', align: 'right' as const },
    {
      title: t('dash.implementationRate'),
      key: 'implementationRate',
      align: 'right' as const,
      render: (_: unknown, r: Figures) => pct(r.implementationRate),
    },
    { title: t('dash.estimated'), key: 'estimated', align: 'right' as const, render: (_: unknown, r: Figures) => wanText(r.estimatedFen) },
    { title: t('dash.verified'), key: 'verified', align: 'right' as const, render: (_: unknown, r: Figures) => wanText(r.verifiedFen) },
    {
      title: t('dash.awardsPaid'),
      key: 'awardsPaid',
      align: 'right' as const,
      render: (_: unknown, r: Figures) => wanText(r.awardsPaidFen),
    },
    { title: t('dash.recommended'), dataIndex: 'recommended', key: 'recommended', align: 'right' as const },
    { title: t('dash.selected'), dataIndex: 'selected', key: 'selected', align: 'right' as const },
    {
      title: t('dash.patents'),
      key: 'patents',
      align: 'right' as const,
      render: (_: unknown, r: Figures) => `${r.patentsInvention} / ${r.patentsUtility} / ${r.patentsDesign}`,
    },
  ];

  return (
    <>
      <PageHeader
        title={data ? t('dash.of', { org: data.org.name }) : t('dash.title')}
        extra={
          <Space>
            {orgId && <Button onClick={() => navigate(-1)}>{t('dash.up')}</Button>}
            <Button icon={<DownloadOutlined />} href={innovationApi.dashboardExportUrl(orgId)}>
              {t('dash.export')}
            </Button>
          </Space>
        }
      />
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card loading={isLoading}>
            {data && (
              <>
                <Row gutter={[16, 16]}>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.submitted')} value={data.totals.submitted} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.adoptionRate')} value={pct(data.totals.adoptionRate)} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.implementationRate')} value={pct(data.totals.implementationRate)} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.per100')} value={data.submittedPer100 ?? '—'} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.participation')} value={pct(data.participationRate)} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.median')} value={data.medianDecisionDays ?? '—'} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.estimated')} value={wanText(data.totals.estimatedFen)} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.verified')} value={wanText(data.totals.verifiedFen)} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.awardsPaid')} value={wanText(data.totals.awardsPaidFen)} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.recommended')} value={data.totals.recommended} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.selected')} value={data.totals.selected} />
                  </Col>
                  <Col xs={12} md={6} xl={4}>
                    <Statistic title={t('dash.selectionAwards')} value={wanText(data.totals.selectionAwardsFen)} />
                  </Col>
                </Row>
                <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
                  {t('dash.participants')}: {data.participants} · {t('dash.onceNote')}
                </Typography.Paragraph>
              </>
            )}
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Card title={t('dash.chartCategory')} loading={isLoading}>
                {data?.byCategory.length && categoryChart ? (
                  <EChart option={categoryChart} label={t('dash.chartCategory')} />
                ) : (
                  <Empty description={t('dash.none')} />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title={t('dash.chartPatents')} loading={isLoading}>
                {patentChart && <EChart option={patentChart} label={t('dash.chartPatents')} />}
              </Card>
            </Col>
          </Row>
          <Card title={t('dash.byCategory')} loading={isLoading}>
            <Table<Figures & { category: string }>
              rowKey="category"
              size="small"
              scroll={{ x: true }}
              columns={[
                { title: t('dash.category'), key: 'category', render: (_: unknown, r) => t(`category.${r.category as 'patent'}`) },
                ...figureColumns,
              ]}
              dataSource={data?.byCategory ?? []}
              pagination={false}
              locale={{ emptyText: <Empty description={t('dash.none')} /> }}
            />
          </Card>
          <Card title={t('dash.byStudio')} loading={isLoading}>
            <Table<InnovationDashboard['byStudio'][number]>
              rowKey="studioId"
              size="small"
              scroll={{ x: true }}
              columns={[
                { title: t('dash.studio'), dataIndex: 'studioName', key: 'studioName' },
                { title: t('dash.submitted'), dataIndex: 'submitted', key: 'submitted', align: 'right' },
                { title: t('dash.adopted'), dataIndex: 'adopted', key: 'adopted', align: 'right' },
                { title: t('dash.implemented'), dataIndex: 'implemented', key: 'implemented', align: 'right' },
                { title: t('dash.verified'), key: 'verified', align: 'right', render: (_: unknown, r) => wanText(r.verifiedFen) },
              ]}
              dataSource={data?.byStudio ?? []}
              pagination={false}
              locale={{ emptyText: <Empty description={t('dash.noStudio')} /> }}
            />
          </Card>
          <Card title={t('dash.children')} loading={isLoading}>
            <Table<Figures & { orgId: string; orgName: string }>
              rowKey="orgId"
              size="small"
              scroll={{ x: true }}
              columns={[
                {
                  title: t('dash.org'),
                  key: 'orgName',
                  render: (_: unknown, r) => <Link to={`/proposals/dashboard?orgId=${encodeURIComponent(r.orgId)}`}>{r.orgName}</Link>,
                },
                ...figureColumns,
              ]}
              dataSource={data?.children ?? []}
              pagination={false}
              locale={{ emptyText: <Empty description={t('dash.none')} /> }}
            />
          </Card>
        </Space>
      )}
    </>
  );
}
