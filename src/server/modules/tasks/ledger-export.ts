// The ledger (工作台账) as .xlsx in the layout printed for meetings: a title row merged across, a
// subtitle, two header rows (merged group headers 基本信息 | 目标任务 | 进展情况 over the column
// names), dates as yyyy-mm-dd. Streamed: exceljs WorkbookWriter into the reply, rows read from the
// database in keyset batches, so memory stays flat however many tasks there are.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { inert } from '../../platform/xlsx-out.js';
import * as repo from './tasks.repository.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { resolveFilter } from './tasks.service.js';
import { loadProgramme } from './tasks.policy.js';
import type { ExportTasksQuery, TaskRow } from './tasks.schemas.js';
import { TASK_KIND_LABELS, TASK_STATUS_LABELS } from './tasks.messages.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BATCH = 1000;

export const LEDGER_HEADERS = {
  'zh-CN': {
    title: '工作台账',
    groups: ['基本信息', '目标任务', '进展情况'],
    columns: ['序号', '任务名称', '类型', '牵头单位', '配合单位', '开始日期', '完成时限', '目标', '完成值', '完成率', '状态', '最新进展'],
    exportedBy: '导出单位',
    exportedAt: '导出时间',
    sheet: '工作台账',
  },
  'en-US': {
    title: 'Task ledger',
    groups: ['Task', 'Targets', 'Progress'],
    columns: [
      'No.',
      'Task',
      'Kind',
      'Lead unit',
      'Co-units',
      'Start',
      'Due',
      'Targets',
      'Achieved',
      'Completion',
      'Status',
      'Latest progress',
    ],
    exportedBy: 'Exported by',
    exportedAt: 'Exported at',
    sheet: 'Ledger',
  },
} as const;
/** Columns of each group: 1–7 基本信息, 8–10 目标任务, 11–12 进展情况. */
const GROUPS: [number, number][] = [
  [1, 7],
  [8, 10],
  [11, 12],
];
const WIDTHS = [6, 36, 8, 22, 22, 12, 12, 26, 18, 10, 10, 48];

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, ''));
const asDate = (d: string) => new Date(`${d}T00:00:00Z`);
const text = (v: string) => inert(v);

export function ledgerCells(row: TaskRow, n: number, locale: 'zh-CN' | 'en-US'): unknown[] {
  const zh = locale === 'zh-CN';
  return [
    n,
    text(row.title),
    zh ? TASK_KIND_LABELS[row.kind]['zh-CN'] : TASK_KIND_LABELS[row.kind]['en-US'],
    text(row.orgName),
    text(row.coUnits.map((c) => c.name).join('、')),
    asDate(row.startDate),
    asDate(row.dueDate),
    text(row.targets.map((t) => `${t.metric} ${fmt(t.targetValue)}${t.unit}`).join('\n')),
    text(row.targets.map((t) => `${fmt(t.actualValue)}${t.unit}`).join('\n')),
    row.share,
    zh ? TASK_STATUS_LABELS[row.status]['zh-CN'] : TASK_STATUS_LABELS[row.status]['en-US'],
    text(
      row.latestReport
        ? `${row.latestReport.period === 'once' ? '' : `[${row.latestReport.period}] `}${row.latestReport.narrative}`.slice(0, 2000)
        : '',
    ),
  ];
}

/** `org` is the lead-unit subtree (query.orgId) as the route's scope check resolved it. */
export async function exportLedger(ctx: RequestContext, q: ExportTasksQuery, reply: FastifyReply, org: ScopedOrg | undefined) {
  const filter = resolveFilter(ctx, q, org);
  const programme = q.programmeId ? await loadProgramme(ctx.db, ctx.actor, q.programmeId, 'read') : undefined;
  await writeAudit(ctx.db, ctx, {
    action: 'export',
    entityType: 'task',
    entityId: null,
    orgId: ctx.actor.orgId,
    orgPath: ctx.actor.orgPath,
    after: { export: 'ledger', filter: q },
  });
  const h = LEDGER_HEADERS[ctx.locale];
  const today = new Date().toISOString().slice(0, 10);
  const fileName = `${programme ? `${programme.title}-` : ''}${h.title}-${today}.xlsx`;

  const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(h.sheet, {
    views: [{ state: 'frozen', ySplit: 4 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4' },
  });
  ws.columns = WIDTHS.map((width) => ({ width }));
  const last = h.columns.length;
  const border: Partial<ExcelJS.Borders> = {
    top: { style: 'thin' },
    left: { style: 'thin' },
    bottom: { style: 'thin' },
    right: { style: 'thin' },
  };
  const center: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };

  const titleRow = ws.getRow(1);
  titleRow.getCell(1).value = programme ? `${programme.title}${ctx.locale === 'zh-CN' ? '' : ' — '}${h.title}` : h.title;
  titleRow.getCell(1).font = { bold: true, size: 16 };
  titleRow.getCell(1).alignment = center;
  titleRow.height = 30;
  ws.mergeCells(1, 1, 1, last);
  titleRow.commit();

  const sub = ws.getRow(2);
  const orgName = (await findOrgById(ctx.db, ctx.actor.orgId))?.name ?? '';
  sub.getCell(1).value = `${h.exportedBy}：${orgName}    ${h.exportedAt}：${today}`;
  sub.getCell(1).alignment = { horizontal: 'right' };
  ws.mergeCells(2, 1, 2, last);
  sub.commit();

  const groups = ws.getRow(3);
  GROUPS.forEach(([from, to], i) => {
    for (let c = from; c <= to; c++) {
      const cell = groups.getCell(c);
      cell.value = h.groups[i]!;
      cell.font = { bold: true };
      cell.alignment = center;
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    }
    ws.mergeCells(3, from, 3, to);
  });
  groups.commit();
  const header = ws.getRow(4);
  h.columns.forEach((name, i) => {
    const cell = header.getCell(i + 1);
    cell.value = name;
    cell.font = { bold: true };
    cell.alignment = center;
    cell.border = border;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
  });
  header.commit();

  void reply
    .type(XLSX_TYPE)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(stream);

  let n = 0;
  let after = '0';
  for (;;) {
    const page = await repo.pageTasks(ctx.db, filter, after, BATCH);
    if (!page.length) break;
    for (const { row } of await repo.hydrate(ctx.db, page)) {
      n++;
      const r = ws.addRow(ledgerCells(row, n, ctx.locale));
      r.eachCell({ includeEmpty: true }, (cell, col) => {
        cell.border = border;
        cell.alignment = {
          vertical: 'top',
          wrapText: true,
          ...(col === 1 || col === 3 || col === 6 || col === 7 || col === 10 || col === 11 ? { horizontal: 'center' } : {}),
        };
        if (col === 6 || col === 7) cell.numFmt = 'yyyy-mm-dd';
        if (col === 10) cell.numFmt = '0.0%';
      });
      r.commit();
    }
    if (stream.writableNeedDrain) await new Promise((res) => stream.once('drain', res));
    if (page.length < BATCH) break;
    after = page[page.length - 1]!.id;
  }
  ws.commit();
  await wb.commit();
}
