// The ledger as a page for printing: no menu or header, a plain bordered table in the meeting
// layout, the filters in words, print CSS (A4 landscape, header row repeated), and a print button.
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { toQueryString } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { formatDateTime } from '../../shared/labels';
import { QueryError } from '../../shared/query-error';
import { fmtNumber, percent } from './task-labels';
import { tasksApi, type TaskFilter, type TaskRow } from './tasks-api';
import { periodLabel, useTasksT } from './tasks-i18n';
import { taskKeys, useProgramme } from './tasks-queries';

const MAX_ROWS = 1000;

/** The filtered ledger, page after page, up to MAX_ROWS rows. */
async function loadAll(filter: TaskFilter, sort: string): Promise<{ rows: TaskRow[]; total: number }> {
  const all: TaskRow[] = [];
  let total = 0;
  for (let page = 1; all.length < MAX_ROWS; page++) {
    const res = await tasksApi.list({ ...filter, sort, page, pageSize: 200 });
    all.push(...res.items);
    total = res.total;
    if (res.items.length < 200 || all.length >= res.total) break;
  }
  return { rows: all.slice(0, MAX_ROWS), total };
}
const FILTER_KEYS = ['programmeId', 'goalId', 'kind', 'status', 'orgId', 'tagId', 'overdue', 'mine', 'parentId', 'topLevel', 'q'] as const;

export const PRINT_CSS = `
.jx-print { background: #fff; color: #000; padding: 24px; font-size: 12px; min-height: 100vh; }
.jx-print h1 { text-align: center; font-size: 22px; margin: 0 0 4px; }
.jx-print .jx-print-sub { display: flex; justify-content: space-between; margin-bottom: 8px; color: #333; }
.jx-print table { width: 100%; border-collapse: collapse; }
.jx-print th, .jx-print td { border: 1px solid #000; padding: 4px 6px; vertical-align: top; }
.jx-print th { background: #ededed; text-align: center; }
.jx-print thead { display: table-header-group; }
.jx-print tr { page-break-inside: avoid; }
.jx-print .c { text-align: center; white-space: nowrap; }
.jx-print .pre { white-space: pre-line; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  .jx-no-print { display: none !important; }
  .jx-print { padding: 0; }
  .jx-print th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

export function LedgerPrintPage() {
  const t = useTasksT();
  const { locale } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const filter: TaskFilter & { sort?: string } = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) (filter as Record<string, string>)[k] = v;
  }
  const sort = params.get('sort') ?? 'dueDate';
  const ledger = useQuery({ queryKey: [...taskKeys.all, 'print', filter, sort], queryFn: () => loadAll(filter, sort) });
  const rows = ledger.data?.rows;
  const total = ledger.data?.total ?? 0;
  const programmeTitle = useProgramme(filter.programmeId ?? '', { enabled: !!filter.programmeId }).data?.title;

  const words = [
    filter.kind && t(`kind.${filter.kind}`),
    filter.status && t(`status.${filter.status}`),
    filter.overdue === 'true' && t('filter.overdue'),
    filter.q && t('p.quote', { text: filter.q }),
  ]
    .filter(Boolean)
    .join(t('p.comma'));

  return (
    <div className="jx-print">
      <style>{PRINT_CSS}</style>
      <Space className="jx-no-print" style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/tasks/ledger')}>
          {t('ledger.close')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!rows} onClick={() => window.print()}>
          {t('print')}
        </Button>
      </Space>
      <h1>
        {programmeTitle ? `${programmeTitle}${locale === 'zh-CN' ? '' : ' — '}` : ''}
        {t('ledger.printTitle')}
      </h1>
      <div className="jx-print-sub">
        <span>
          {user?.orgName}
          {words ? `　${t('ledger.filters', { text: words })}` : ''}
        </span>
        <span>{t('ledger.printedAt', { at: formatDateTime(new Date().toISOString(), locale) })}</span>
      </div>
      {ledger.error ? (
        <QueryError error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : !rows ? (
        <Spin />
      ) : (
        <>
          {total > rows.length && <p className="jx-no-print">{t('ledger.printLimit', { n: rows.length, total })}</p>}
          <table aria-label={t('ledger.printTitle')}>
            <thead>
              <tr>
                <th>{t('col.no')}</th>
                <th>{t('col.title')}</th>
                <th>{t('col.kind')}</th>
                <th>{t('col.lead')}</th>
                <th>{t('col.coUnits')}</th>
                <th>{t('col.due')}</th>
                <th>{t('col.targets')}</th>
                <th>{t('detail.actual')}</th>
                <th>{t('detail.share')}</th>
                <th>{t('col.status')}</th>
                <th>{t('col.latest')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={11} className="c">
                    {t('task.none')}
                  </td>
                </tr>
              )}
              {rows.map((r, i) => (
                <tr key={r.id}>
                  <td className="c">{i + 1}</td>
                  <td>{r.title}</td>
                  <td className="c">{t(`kind.${r.kind}`)}</td>
                  <td>{r.orgName}</td>
                  <td>{r.coUnits.map((c) => c.name).join(t('p.list'))}</td>
                  <td className="c">{r.dueDate}</td>
                  <td className="pre">{r.targets.map((x) => `${x.metric} ${fmtNumber(x.targetValue)}${x.unit}`).join('\n')}</td>
                  <td className="pre">{r.targets.map((x) => `${fmtNumber(x.actualValue)}${x.unit}`).join('\n')}</td>
                  <td className="c">{percent(r.share)}%</td>
                  <td className="c">{t(`status.${r.status}`)}</td>
                  <td className="pre">
                    {r.latestReport
                      ? `${r.latestReport.period === 'once' ? '' : `[${periodLabel(t, r.latestReport.period)}] `}${r.latestReport.narrative.slice(0, 300)}`
                      : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/** The print view's address for a filter. */
export const printUrl = (f: TaskFilter & { sort?: string }) => `/tasks/ledger/print${toQueryString({ ...f })}`;
