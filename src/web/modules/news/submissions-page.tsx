// The submission ledger (报送台账) under the news menu: counts of sent and adopted per unit and per
// outlet for a period over the caller's subtree — listed by unit name, with no rank column, because
// per the 2025 burden-reduction rules they are information and never a ranking or score — then every
// submission, filtered by period, unit and outlet, sorted and paged; the counts export to .xlsx.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Flex, Row, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { OrgSelect } from '../orgs/org-select';
import { useNewsT } from './news-i18n';
import {
  type LedgerQuery,
  OUTCOME_COLORS,
  OUTCOMES,
  type Submission,
  type SubmissionOutcome,
  submissionsApi,
  useCounts,
  useLedger,
  useOutlets,
} from './submissions-api';

type PeriodKind = 'all' | 'year' | 'quarter' | 'month';
interface PeriodState {
  kind: PeriodKind;
  year: number;
  quarter: number;
  month: number;
}

const now = new Date(Date.now() + 8 * 3600_000);
const THIS_YEAR = now.getUTCFullYear();

function periodOf(p: PeriodState): string | undefined {
  if (p.kind === 'year') return String(p.year);
  if (p.kind === 'quarter') return `${p.year}-Q${p.quarter}`;
  if (p.kind === 'month') return `${p.year}-${String(p.month).padStart(2, '0')}`;
  return undefined;
}

type UnitRow = { orgId: string; orgName: string; sent: number; adopted: number };
type OutletRow = { outlet: string; sent: number; adopted: number };

export function SubmissionsPage() {
  const nt = useNewsT();
  const [p, setP] = useState<PeriodState>({
    kind: 'year',
    year: THIS_YEAR,
    quarter: Math.floor(now.getUTCMonth() / 3) + 1,
    month: now.getUTCMonth() + 1,
  });
  const [orgId, setOrgId] = useState<string | undefined>();
  const [outlet, setOutlet] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<SubmissionOutcome | undefined>();
  const [list, setList] = useState<Pick<LedgerQuery, 'page' | 'pageSize' | 'sort'>>({ page: 1, pageSize: 20, sort: '-sentOn' });
  const period = periodOf(p);
  const countsQuery = { period, orgId };
  const counts = useCounts(countsQuery);
  const ledger = useLedger({ ...list, period, orgId, outlet, outcome });
  const outlets = useOutlets();
  const resetPage = () => setList((x) => ({ ...x, page: 1 }));

  const unitColumns: TableProps<UnitRow>['columns'] = [
    { title: nt('ledger.unit'), dataIndex: 'orgName', key: 'orgName' },
    { title: nt('ledger.sent'), dataIndex: 'sent', key: 'sent', align: 'right' },
    { title: nt('ledger.adopted'), dataIndex: 'adopted', key: 'adopted', align: 'right' },
  ];
  const outletColumns: TableProps<OutletRow>['columns'] = [
    { title: nt('ledger.outlet'), dataIndex: 'outlet', key: 'outlet' },
    { title: nt('ledger.sent'), dataIndex: 'sent', key: 'sent', align: 'right' },
    { title: nt('ledger.adopted'), dataIndex: 'adopted', key: 'adopted', align: 'right' },
  ];
  const sorted = (key: string) => {
    const s = list.sort;
    if (s === key) return 'ascend' as const;
    if (s === `-${key}`) return 'descend' as const;
    return null;
  };
  const ledgerColumns: TableProps<Submission>['columns'] = [
    {
      title: nt('sub.headline'),
      dataIndex: 'headline',
      key: 'headline',
      render: (_: unknown, s) => <Link to={`/news/${s.articleId}`}>{s.headline}</Link>,
    },
    { title: nt('sub.unit'), dataIndex: 'orgName', key: 'unit', sorter: true, sortOrder: sorted('unit') },
    { title: nt('sub.outlet'), dataIndex: 'outlet', key: 'outlet', sorter: true, sortOrder: sorted('outlet') },
    { title: nt('sub.sentOn'), dataIndex: 'sentOn', key: 'sentOn', sorter: true, sortOrder: sorted('sentOn') },
    {
      title: nt('sub.outcome'),
      dataIndex: 'outcome',
      key: 'outcome',
      render: (o: SubmissionOutcome) => <Tag color={OUTCOME_COLORS[o]}>{nt(`outcome.${o}`)}</Tag>,
    },
    {
      title: nt('sub.adoptedOn'),
      dataIndex: 'adoptedOn',
      key: 'adoptedOn',
      sorter: true,
      sortOrder: sorted('adoptedOn'),
      render: (v: string | null) => v ?? '',
    },
    { title: nt('sub.placement'), dataIndex: 'placement', key: 'placement' },
  ];

  const years = Array.from({ length: 6 }, (_, i) => THIS_YEAR - i);
  const total = counts.data?.total;

  return (
    <Card>
      <PageHeader
        title={nt('ledger.title')}
        extra={
          <Flex gap={8} wrap>
            <Button icon={<DownloadOutlined />} href={submissionsApi.exportUrl(countsQuery)} disabled={!counts.data}>
              {nt('ledger.export')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={submissionsApi.ledgerExportUrl({ period, orgId, outlet, outcome, sort: list.sort })}
              disabled={!ledger.data?.total}
            >
              {nt('ledger.exportRows')}
            </Button>
          </Flex>
        }
      />
      <Alert type="info" showIcon message={nt('ledger.notice')} style={{ marginBottom: 16 }} />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select<PeriodKind>
          aria-label={nt('ledger.periodKind')}
          style={{ width: 120 }}
          value={p.kind}
          onChange={(kind) => {
            setP((x) => ({ ...x, kind }));
            resetPage();
          }}
          options={(['all', 'year', 'quarter', 'month'] as const).map((k) => ({ value: k, label: nt(`ledger.${k}`) }))}
        />
        {p.kind !== 'all' && (
          <Select<number>
            aria-label={nt('ledger.year')}
            style={{ width: 110 }}
            value={p.year}
            onChange={(year) => {
              setP((x) => ({ ...x, year }));
              resetPage();
            }}
            options={years.map((y) => ({ value: y, label: nt('ledger.yearValue', { year: y }) }))}
          />
        )}
        {p.kind === 'quarter' && (
          <Select<number>
            aria-label={nt('ledger.quarter')}
            style={{ width: 150 }}
            value={p.quarter}
            onChange={(quarter) => {
              setP((x) => ({ ...x, quarter }));
              resetPage();
            }}
            options={[1, 2, 3, 4].map((q) => ({ value: q, label: nt('ledger.quarterValue', { year: p.year, q }) }))}
          />
        )}
        {p.kind === 'month' && (
          <Select<number>
            aria-label={nt('ledger.month')}
            style={{ width: 140 }}
            value={p.month}
            onChange={(month) => {
              setP((x) => ({ ...x, month }));
              resetPage();
            }}
            options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: nt('ledger.monthValue', { year: p.year, m: i + 1 }) }))}
          />
        )}
        <OrgSelect
          aria-label={nt('ledger.unit')}
          allowClear
          placeholder={nt('ledger.allUnits')}
          style={{ width: 240 }}
          value={orgId}
          onChange={(v) => {
            setOrgId(v ?? undefined);
            resetPage();
          }}
        />
        <Select<string>
          aria-label={nt('ledger.outlet')}
          allowClear
          showSearch
          placeholder={nt('ledger.allOutlets')}
          style={{ width: 200 }}
          value={outlet}
          onChange={(v) => {
            setOutlet(v);
            resetPage();
          }}
          options={(outlets.data?.items ?? []).map((o) => ({ value: o.name, label: o.name }))}
        />
        <Select<SubmissionOutcome>
          aria-label={nt('sub.outcome')}
          allowClear
          placeholder={nt('sub.outcome')}
          style={{ width: 140 }}
          value={outcome}
          onChange={(v) => {
            setOutcome(v);
            resetPage();
          }}
          options={OUTCOMES.map((o) => ({ value: o, label: nt(`outcome.${o}`) }))}
        />
      </Flex>

      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {nt('ledger.counts')}
        {total && (
          <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginLeft: 12 }}>
            {nt('ledger.total')}：{nt('ledger.sent')} {total.sent} · {nt('ledger.adopted')} {total.adopted}
          </Typography.Text>
        )}
      </Typography.Title>
      {counts.error ? (
        <QueryError error={counts.error} onRetry={() => void counts.refetch()} />
      ) : (
        <Row gutter={16} style={{ marginBottom: 24 }}>
          <Col xs={24} lg={12}>
            <Table<UnitRow>
              title={() => nt('ledger.byUnit')}
              rowKey="orgId"
              size="small"
              loading={counts.isFetching}
              columns={unitColumns}
              dataSource={counts.data?.units ?? []}
              pagination={false}
              locale={{ emptyText: <Empty description={nt('ledger.empty')} /> }}
            />
          </Col>
          <Col xs={24} lg={12}>
            <Table<OutletRow>
              title={() => nt('ledger.byOutlet')}
              rowKey="outlet"
              size="small"
              loading={counts.isFetching}
              columns={outletColumns}
              dataSource={counts.data?.outlets ?? []}
              pagination={false}
              locale={{ emptyText: <Empty description={nt('ledger.empty')} /> }}
            />
          </Col>
        </Row>
      )}

      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {nt('ledger.list')}
      </Typography.Title>
      {ledger.error ? (
        <QueryError error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : (
        <Table<Submission>
          rowKey="id"
          loading={ledger.isFetching}
          columns={ledgerColumns}
          dataSource={ledger.data?.items ?? []}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={nt('ledger.empty')} /> }}
          pagination={{ current: list.page, pageSize: list.pageSize, total: ledger.data?.total ?? 0, showSizeChanger: true }}
          onChange={(pg, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = s?.order ? String(s.columnKey ?? s.field) : undefined;
            setList((x) => ({
              page: pg.pageSize === x.pageSize ? (pg.current ?? 1) : 1,
              pageSize: pg.pageSize ?? 20,
              sort: field ? `${s?.order === 'descend' ? '-' : ''}${field}` : undefined,
            }));
          }}
        />
      )}
    </Card>
  );
}
