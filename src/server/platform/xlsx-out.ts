// The roster import's template and error report only (the exports use xlsx-report.ts).
// Streamed .xlsx answers (exceljs WorkbookWriter into the reply). Every value is written as a string
// cell, never a formula; text that a spreadsheet could still take for one when copied is prefixed
// with an apostrophe.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { looksLikeFormula } from './formula-guard.js';

/** Kept here for the importers that still import it from this module. */
export { looksLikeFormula };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function inert(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s =
    v instanceof Date
      ? v.toISOString().slice(0, 10)
      : typeof v === 'object'
        ? `=${String((v as { formula?: string }).formula ?? '')}`
        : String(v);
  return looksLikeFormula(s) ? `'${s}` : s;
}

export interface SheetOut {
  addRow(values: unknown[]): void;
  /** Waits while the client is slower than the writer. */
  drain(): Promise<void>;
  finish(): Promise<void>;
}

/** Starts an .xlsx download; text columns are formatted as text so Excel keeps long digit runs. */
export function sendXlsx(
  reply: FastifyReply,
  fileName: string,
  sheetName: string,
  columns: { header: string; width?: number }[],
  /** typed: dates stay dates (yyyy-mm-dd), numbers and booleans stay as they are; text is still inert. */
  opts: { typed?: boolean } = {},
): SheetOut {
  const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  void reply
    .type(XLSX_TYPE)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(stream);
  return {
    addRow(values) {
      if (!opts.typed) {
        ws.addRow(values.map(inert)).commit();
        return;
      }
      const row = ws.addRow(
        values.map((v) =>
          (v instanceof Date && !Number.isNaN(v.getTime())) || typeof v === 'number' || typeof v === 'boolean' ? v : inert(v),
        ),
      );
      values.forEach((v, i) => {
        if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
        else if (typeof v === 'number') row.getCell(i + 1).numFmt = 'General';
      });
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
