// Studio figures (issue #15, item 6): the maintained totals of an organisation per naming level ×
// category, its direct children as drill-down (?orgId=), named vs quota of its own calls, .xlsx export.
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Space, Table, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { innovationApi } from './innovation-api';
import { useInnovationT } from './innovation-i18n';
import { IN_PAGE } from '../../query';
import { levelText } from './studios-page';

type Figures = {
  level: string;
  category: string;
  studiosNamed: number;
  revoked: number;
  grantsFen: string;
  excellent: number;
  passed: number;
  rectify: number;
  members: number;
};

const yuanText = (fen: string) => {
  const f = BigInt(fen);
  const cents = (f % 100n).toString().padStart(2, '0');
  return `${(f / 100n).toLocaleString()}.${cents}`;
};

export function StudioDashboardPage() {
  const t = useInnovationT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const orgId = params.get('orgId') ?? undefined;
  const { data, isLoading, error, refetch } = useQuery({
    queryKey: ['innovation', 'dashboard', orgId ?? ''],
    queryFn: () => innovationApi.dashboard(orgId),
    meta: IN_PAGE,
  });
  const figureColumns = [
    { title: t('field.level'), dataIndex: 'level', key: 'level', render: (v: string) => levelText(t, v) },
    { title: t('field.category'), dataIndex: 'category', key: 'category' },
    { title: t('dashboard.named'), dataIndex: 'studiosNamed', key: 'studiosNamed', align: 'right' as const },
    { title: t('dashboard.revoked'), dataIndex: 'revoked', key: 'revoked', align: 'right' as const },
    { title: t('dashboard.grants'), dataIndex: 'grantsFen', key: 'grantsFen', align: 'right' as const, render: yuanText },
    { title: t('dashboard.excellent'), dataIndex: 'excellent', key: 'excellent', align: 'right' as const },
    { title: t('dashboard.passed'), dataIndex: 'passed', key: 'passed', align: 'right' as const },
    { title: t('dashboard.rectify'), dataIndex: 'rectify', key: 'rectify', align: 'right' as const },
    { title: t('field.members'), dataIndex: 'members', key: 'members', align: 'right' as const },
  ];
  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        extra={
          <Space>
            {orgId && <Button onClick={() => navigate(-1)}>{t('dashboard.up')}</Button>}
            <Button icon={<DownloadOutlined />} href={innovationApi.dashboardExportUrl(orgId)}>
              {t('export')}
            </Button>
          </Space>
        }
      />
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={data ? t('dashboard.of', { org: data.org.name }) : t('dashboard.title')} loading={isLoading}>
            <Table<Figures>
              rowKey={(r) => `${r.level}|${r.category}`}
              columns={figureColumns}
              dataSource={data?.rows ?? []}
              pagination={false}
              locale={{ emptyText: <Empty description={t('none')} /> }}
            />
          </Card>
          <Card title={t('dashboard.children')} loading={isLoading}>
            <Table<Figures & { orgId: string; orgName: string }>
              rowKey={(r) => `${r.orgId}|${r.level}|${r.category}`}
              columns={[
                {
                  title: t('dashboard.org'),
                  dataIndex: 'orgName',
                  key: 'orgName',
                  render: (v: string, r) => <Link to={`/studio-dashboard?orgId=${encodeURIComponent(r.orgId)}`}>{v}</Link>,
                },
                ...figureColumns,
              ]}
              dataSource={data?.children ?? []}
              pagination={false}
              locale={{ emptyText: <Empty description={t('none')} /> }}
            />
          </Card>
          <Card title={t('dashboard.quotas')} loading={isLoading}>
            {data?.quotas.length ? (
              <Table
                rowKey={(r) => `${r.year}|${r.level}`}
                columns={[
                  { title: t('dashboard.year'), dataIndex: 'year', key: 'year' },
                  { title: t('field.level'), dataIndex: 'level', key: 'level', render: (v: string) => levelText(t, v) },
                  { title: t('dashboard.quota'), dataIndex: 'quota', key: 'quota', align: 'right' as const },
                  { title: t('dashboard.namedInCall'), dataIndex: 'named', key: 'named', align: 'right' as const },
                ]}
                dataSource={data.quotas}
                pagination={false}
              />
            ) : (
              <Typography.Text type="secondary">{t('none')}</Typography.Text>
            )}
          </Card>
        </Space>
      )}
    </>
  );
}
