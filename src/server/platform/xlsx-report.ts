// Spreadsheets people can use: a title row, who exported it (the organisation), when, and with what
// filter, then a header row and typed cells — numbers as numbers, shares as numbers in % format,
// dates as dates — streamed into the reply (exceljs' WorkbookWriter), never a formula: text that a
// spreadsheet could take for one is prefixed with an apostrophe.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { looksLikeFormula } from './xlsx-out.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type CellType = 'text' | 'integer' | 'decimal' | 'percent' | 'date' | 'datetime';

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
}

export interface ReportOut {
  addRow(values: unknown[], style?: { bold?: boolean; indent?: number }): void;
  /** Waits while the client is slower than the writer. */
  drain(): Promise<void>;
  finish(): Promise<void>;
}

const NUMBER_FORMATS: Record<CellType, string> = {
  text: '@',
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
  const headerRowNumber = 2 + sheet.meta.length + 1;
  const ws = wb.addWorksheet(sheet.sheetName, { views: [{ state: 'frozen', ySplit: headerRowNumber }] });
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
  const header = ws.addRow(sheet.columns.map((c) => inertText(c.header)));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.numFmt = '@';
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
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
      if (style?.indent) row.getCell(1).alignment = { indent: style.indent };
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
