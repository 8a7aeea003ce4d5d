// Spreadsheets people can use: a title row, who exported it (the organisation), when, and with what
// filter, then a header row and typed cells — numbers as numbers, shares as numbers in % format,
// dates as dates — streamed into the reply (exceljs' WorkbookWriter), never a formula: text that a
// spreadsheet could take for one is prefixed with an apostrophe.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { looksLikeFormula } from './formula-guard.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `number`: any number, shown as it is (General: 100, 12.5); `integer`/`decimal` with thousands separators. */
export type CellType = 'text' | 'number' | 'integer' | 'decimal' | 'percent' | 'date' | 'datetime';

export interface ReportColumn {
  header: string;
  type: CellType;
  width?: number;
}

export interface ReportSheet {
  /** The sheet's title, on its first row. */
  title: string;
  sheetName: string;
  /** Lines under the title, e.g. [['导出单位', '滨州市总工会'], ['导出日期', '2026-12-03'], ['筛选条件', '全部']]. */
  meta: [label: string, value: string][];
  columns: ReportColumn[];
  /** Group headings above the column headers, e.g. 基本信息 over columns 1–8 (1-based, inclusive). */
  groups?: { label: string; from: number; to: number }[];
  /** Thin borders around the header and data cells, landscape A4 fitted to the page width (printed ledgers). */
  print?: boolean;
}

export interface ReportOut {
  /** `indent` indents column `indentColumn` (1-based, default 1). */
  addRow(values: unknown[], style?: { bold?: boolean; indent?: number; indentColumn?: number }): void;
  /** Waits while the client is slower than the writer. */
  drain(): Promise<void>;
  finish(): Promise<void>;
}

const NUMBER_FORMATS: Record<CellType, string> = {
  text: '@',
  number: 'General',
  integer: '#,##0',
  decimal: '#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

export function inertText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return looksLikeFormula(s) ? `'${s}` : s;
}

/** A calendar date ('2026-12-03' or a Date) as the spreadsheet's date serial of that day. */
function toDate(value: unknown, withTime: boolean): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return withTime ? shiftToChinaWallClock(value) : value;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  if (!m) return null;
  if (!withTime) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return shiftToChinaWallClock(new Date(String(value)));
}

/** Spreadsheet times have no zone: write the wall-clock time in China (UTC+8, no daylight saving). */
function shiftToChinaWallClock(d: Date): Date {
  return new Date(d.getTime() + 8 * 3600_000);
}

function cellValue(type: CellType, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'number':
    case 'integer':
    case 'decimal':
    case 'percent': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? n : inertText(value);
    }
    case 'date':
      return toDate(value, false) ?? inertText(value);
    case 'datetime':
      return toDate(value, true) ?? inertText(value);
    default:
      return inertText(value);
  }
}

/** Today's date in China, 'YYYY-MM-DD'. */
export function chinaToday(now = new Date()): string {
  return shiftToChinaWallClock(now).toISOString().slice(0, 10);
}

/** Starts an .xlsx download laid out as a report. */
export function sendReport(reply: FastifyReply, fileName: string, sheet: ReportSheet): ReportOut {
  const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const groupRows = sheet.groups?.length ? 1 : 0;
  const headerRowNumber = 2 + sheet.meta.length + 1 + groupRows;
  const ws = wb.addWorksheet(sheet.sheetName, {
    views: [{ state: 'frozen', ySplit: headerRowNumber }],
    ...(sheet.print
      ? {
          pageSetup: {
            orientation: 'landscape',
            paperSize: 9,
            fitToPage: true,
            fitToWidth: 1,
            fitToHeight: 0,
            printTitlesRow: `${headerRowNumber - groupRows}:${headerRowNumber}`,
          },
        }
      : {}),
  });
  const border: Partial<ExcelJS.Borders> | undefined = sheet.print
    ? { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } }
    : undefined;
  ws.columns = sheet.columns.map((c) => ({ width: c.width ?? 14, style: { numFmt: NUMBER_FORMATS[c.type] } }));

  const title = ws.addRow([inertText(sheet.title)]);
  title.font = { bold: true, size: 14 };
  title.getCell(1).numFmt = '@';
  ws.mergeCells(1, 1, 1, Math.max(1, sheet.columns.length));
  title.commit();
  for (const [label, value] of sheet.meta) {
    const r = ws.addRow([inertText(label), inertText(value)]);
    r.getCell(1).numFmt = '@';
    r.getCell(2).numFmt = '@';
    r.commit();
  }
  ws.addRow([]).commit();
  if (sheet.groups?.length) {
    const groups = ws.addRow([]);
    for (const g of sheet.groups) {
      for (let c = g.from; c <= g.to; c++) {
        const cell = groups.getCell(c);
        cell.value = inertText(g.label);
        cell.numFmt = '@';
        cell.font = { bold: true };
        cell.alignment = { horizontal: 'center', vertical: 'middle' };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
        if (border) cell.border = border;
      }
      if (g.to > g.from) ws.mergeCells(groups.number, g.from, groups.number, g.to);
    }
    groups.commit();
  }
  const header = ws.addRow(sheet.columns.map((c) => inertText(c.header)));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.numFmt = '@';
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    if (border) cell.border = border;
  });
  header.commit();

  void reply
    .type(XLSX_TYPE)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(stream);
  return {
    addRow(values, style) {
      const row = ws.addRow(values.map((v, i) => cellValue(sheet.columns[i]?.type ?? 'text', v)));
      if (style?.bold) row.font = { bold: true };
      if (style?.indent) row.getCell(style.indentColumn ?? 1).alignment = { indent: style.indent };
      if (border)
        for (let c = 1; c <= sheet.columns.length; c++) {
          const cell = row.getCell(c);
          cell.border = border;
          cell.alignment = { ...cell.alignment, vertical: 'top', wrapText: sheet.columns[c - 1]?.type === 'text' };
        }
      row.commit();
    },
    async drain() {
      if (stream.writableNeedDrain) await new Promise((r) => stream.once('drain', r));
    },
    async finish() {
      ws.commit();
      await wb.commit();
    },
  };
}
