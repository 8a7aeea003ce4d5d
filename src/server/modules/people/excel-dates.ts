// Dates as rosters hold them: Excel serial numbers (1900 date system), Date cells, and text such as
// 2023-05-01, 2023/5/1, 2023.5.1, 2023年5月1日, 20230501, or year-month only (2023.5, 2023年5月: day 1).

export function isValidDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Excel 1900-system serial (1 = 1900-01-01; 60 is Excel's phantom 1900-02-29) → YYYY-MM-DD. */
export function excelSerialToIso(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return undefined;
  const day = Math.floor(serial);
  if (day === 60) return undefined;
  const ms = Date.UTC(1899, 11, 31) + (day > 60 ? day - 1 : day) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

export type DateProblem = 'invalid_date';

/** Parses a cell value into YYYY-MM-DD, or reports why not. Empty input gives null. */
export function parseDateValue(value: unknown): { ok: true; value: string | null } | { ok: false; problem: DateProblem } {
  if (value === null || value === undefined || value === '') return { ok: true, value: null };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, problem: 'invalid_date' };
    // exceljs gives date cells as UTC midnight of the calendar date
    return { ok: true, value: value.toISOString().slice(0, 10) };
  }
  if (typeof value === 'number') {
    const v = excelSerialToIso(value);
    if (v && value >= 367) return { ok: true, value: v }; // serials before 1901 are not plausible roster dates
    if (Number.isInteger(value) && value >= 19000101 && value <= 29991231) return parseDateText(String(value));
    return { ok: false, problem: 'invalid_date' };
  }
  return parseDateText(String(value));
}

export function parseDateText(raw: string): { ok: true; value: string | null } | { ok: false; problem: DateProblem } {
  const s = raw.normalize('NFKC').replace(/\s/g, '');
  if (s === '') return { ok: true, value: null };
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isValidDate(y, mo, d) && y >= 1900 ? { ok: true, value: iso(y, mo, d) } : { ok: false, problem: 'invalid_date' };
  }
  m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return isValidDate(y, mo, 1) && y >= 1900 ? { ok: true, value: iso(y, mo, 1) } : { ok: false, problem: 'invalid_date' };
  }
  if (/^\d+(\.\d+)?$/.test(s)) return parseDateValue(Number(s));
  return { ok: false, problem: 'invalid_date' };
}
