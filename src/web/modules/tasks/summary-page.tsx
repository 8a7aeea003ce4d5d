// The symposium summary (座谈会/推进会): choose a programme and a period, get per lead unit the tasks,
// reports, metric totals against targets, progress excerpts and overdue items — worded to be read
// out at a meeting, and printable (the menu and header are hidden in print).
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Divider, Empty, Flex, Select, Space, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../shared/labels';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { fmtNumber, percent, ReportStatusTag } from './task-labels';
import type { MetricTotal, ProgrammeView } from './tasks-api';
import { periodLabel, useTasksT, type TasksT } from './tasks-i18n';
import { useSummary } from './tasks-queries';
import { useProgrammeOptions } from './use-task-options';

const SUMMARY_PRINT_CSS = `
@media print {
  @page { size: A4 portrait; margin: 15mm; }
  .ant-layout-sider, .ant-layout-header, .jx-no-print { display: none !important; }
  .ant-layout-content { margin: 0 !important; }
  .jx-summary .ant-card { border: none !important; box-shadow: none !important; }
  .jx-summary-unit { page-break-inside: avoid; }
}
`;

/** The reporting periods a programme spans: quarters, halves and months, newest first. */
function periodsOf(p: Pick<ProgrammeView, 'periodStart' | 'periodEnd'> | undefined): string[] {
  if (!p) return [];
  const out: string[] = [];
  const y0 = Number(p.periodStart.slice(0, 4));
  const y1 = Number(p.periodEnd.slice(0, 4));
  const m0 = `${p.periodStart.slice(0, 7)}`;
  const m1 = `${p.periodEnd.slice(0, 7)}`;
  for (let y = y0; y <= y1 && y - y0 < 10; y++) {
    const months = Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`).filter((m) => m >= m0 && m <= m1);
    for (let q = 1; q <= 4; q++) if (months.some((m) => Math.ceil(Number(m.slice(5)) / 3) === q)) out.push(`${y}-Q${q}`);
    for (let h = 1; h <= 2; h++) if (months.some((m) => Math.ceil(Number(m.slice(5)) / 6) === h)) out.push(`${y}-H${h}`);
    for (const m of months) out.push(`${y}-M${m.slice(5)}`);
  }
  return out;
}

function MetricLines({ metrics, t }: { metrics: MetricTotal[]; t: TasksT }) {
  if (!metrics.length) return null;
  return (
    <ul style={{ margin: '4px 0 8px', paddingInlineStart: 20 }}>
      {metrics.map((m) => (
        <li key={`${m.metric}|${m.unit}`}>
          {t('summary.metricLine', {
            metric: m.metric,
            actual: fmtNumber(m.actualValue),
            target: fmtNumber(m.targetValue),
            unit: m.unit,
            share: `${percent(m.share)}%`,
          })}
        </li>
      ))}
    </ul>
  );
}

export function SummaryPage() {
  const t = useTasksT();
  const { locale } = useI18n();
  const programmes = useProgrammeOptions();
  const [params, setParams] = useSearchParams();
  const programmeId = params.get('programmeId') ?? undefined;
  const period = params.get('period') ?? undefined;
  const programme = programmes.find((p) => p.id === programmeId);
  const periodOptions = useMemo(() => periodsOf(programme), [programme]);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) v ? next.set(k, v) : next.delete(k);
    setParams(next, { replace: true });
  };
  const { data, isPending, error, refetch } = useSummary(programmeId, period);

  return (
    <div className="jx-summary">
      <style>{SUMMARY_PRINT_CSS}</style>
      <div className="jx-no-print">
        <PageHeader
          title={t('summary')}
          extra={
            <Button icon={<PrinterOutlined />} disabled={!data} onClick={() => window.print()}>
              {t('print')}
            </Button>
          }
        />
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Select
            aria-label={t('summary.choose')}
            placeholder={t('summary.choose')}
            style={{ width: 320 }}
            value={programmeId}
            showSearch
            optionFilterProp="label"
            onChange={(v) => set({ programmeId: v, period: undefined })}
            options={programmes.map((p) => ({ value: p.id, label: p.title }))}
          />
          <Select
            aria-label={t('summary.period')}
            placeholder={t('summary.periodAll')}
            allowClear
            style={{ width: 200 }}
            value={period}
            disabled={!programmeId}
            onChange={(v) => set({ period: v })}
            options={periodOptions.map((k) => ({ value: k, label: periodLabel(t, k) }))}
          />
        </Flex>
      </div>
      {!programmeId ? (
        <Card>
          <Empty description={t('summary.none')} />
        </Card>
      ) : error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : isPending ? (
        <Spin />
      ) : (
        <Card>
          <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
            {data.programme.title}
            {data.period ? ` · ${periodLabel(t, data.period)}` : ''}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {t('programme.period')}
            {t('p.colon')}
            {data.programme.periodStart} ~ {data.programme.periodEnd}　
            {t('summary.generatedAt', { at: formatDateTime(data.generatedAt, locale) })}
          </Typography.Paragraph>
          <Typography.Title level={4}>{t('summary.totals')}</Typography.Title>
          <Typography.Paragraph data-testid="summary-headline">
            {t('summary.headline', {
              tasks: data.totals.taskCount,
              completed: data.totals.completed,
              overdue: data.totals.overdue,
              submitted: data.totals.reportsSubmitted,
              accepted: data.totals.reportsAccepted,
            })}
          </Typography.Paragraph>
          <MetricLines metrics={data.totals.metrics} t={t} />
          {data.units.length === 0 && <Empty description={t('summary.unitsNone')} />}
          {data.units.map((u, i) => (
            <div key={u.orgId} className="jx-summary-unit" data-testid={`summary-unit-${u.orgId}`}>
              <Divider />
              <Typography.Title level={4}>
                {i + 1}. {u.orgName}
              </Typography.Title>
              <Typography.Paragraph>
                {t('summary.unitLine', {
                  tasks: u.taskCount,
                  completed: u.completed,
                  submitted: u.reportsSubmitted,
                  accepted: u.reportsAccepted,
                })}
              </Typography.Paragraph>
              {u.metrics.length > 0 && (
                <>
                  <Typography.Text strong>{t('summary.metrics')}</Typography.Text>
                  <MetricLines metrics={u.metrics} t={t} />
                </>
              )}
              {u.narratives.length > 0 && (
                <>
                  <Typography.Text strong>{t('summary.narratives')}</Typography.Text>
                  <ul style={{ margin: '4px 0 8px', paddingInlineStart: 20 }}>
                    {u.narratives.map((n) => (
                      <li key={n.reportId}>
                        <Space size={4} wrap>
                          <Link to={`/reports/${n.reportId}`}>{n.taskTitle}</Link>
                          <Typography.Text type="secondary">{t('p.paren', { text: periodLabel(t, n.period) })}</Typography.Text>
                          <span className="jx-no-print">
                            <ReportStatusTag status={n.status} />
                          </span>
                        </Space>
                        <div style={{ whiteSpace: 'pre-wrap' }}>{n.excerpt}</div>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {u.overdue.length > 0 && (
                <>
                  <Typography.Text strong type="danger">
                    {t('summary.overdue')}
                  </Typography.Text>
                  <ul style={{ margin: '4px 0 8px', paddingInlineStart: 20 }}>
                    {u.overdue.map((o) => (
                      <li key={o.taskId}>
                        <Link to={`/tasks/${o.taskId}`}>{o.title}</Link>
                        {t('p.paren', { text: `${t('col.due')} ${o.dueDate}` })}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          ))}
        </Card>
      )}
    </div>
  );
}
