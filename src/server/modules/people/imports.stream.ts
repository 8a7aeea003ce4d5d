// The CPU half of validating a roster, free of the database so it can run in a worker thread
// (imports.worker.ts): read the rows, validate and seal each, and hand over batches of staged rows
// (already as the bytes the database reads: COPY text on PostgreSQL, a JSON array on PGlite, see
// insertStagedRows) and per-cell errors.
// The caller writes each batch and acknowledges it; at most two batches wait at any time.
import { AppError } from '../../platform/errors.js';
import { createSecretBox } from '../../platform/secrets.js';
import { copyText } from '../../db/copy.js';
import type { Mapping } from './imports.mapping.js';
import { summaryLine, validateRow, type CellError, type StagedRow } from './imports.validate.js';
import { readRows, type Cell, type SheetFormat } from '../../platform/sheet-reader.js';
import { FixedWidthSet } from './hash-set.js';
import { personNameKey } from '../../platform/sort-key.js';

export interface ValidationSetup {
  importId: string;
  file: { path: string; key: string; iv: string }; // key and iv base64 (sealed-file.ts)
  format: SheetFormat;
  headerRow: number;
  mapping: Mapping;
  defaultOrgId: string | null;
  /** Normalised workplace name / credit code → organisation id (null: ambiguous). */
  orgKeys: [string, string | null][];
  /** Craftsman titles above and below the import's organisation, with the path of the federation setting each. */
  craftsmanTitles: { name: string; path: string }[];
  /** Paths of the organisations rows can land in (workplaces of the subtree, and the import's own). */
  orgPaths: [string, string][];
  secretKey: string; // base64, only ever passed to a worker thread of this process
  today: string;
  flushRows: number;
  /** The first batch's rows when fewer (the pipelined import's first commit waits for them). */
  firstFlushRows?: number;
  /** How staged rows are written: COPY's text format (PostgreSQL) or a JSON array (PGlite). */
  stagingFormat: StagingFormat;
  maxRows: number;
  /**
   * The pipelined import (validation and commit together): an ID number seen on an earlier row refuses
   * this row (duplicate_earlier) instead of the post-pass that refuses every copy, which needs the whole file.
   */
  firstCopyWins?: boolean;
}

export type StagingFormat = 'copy' | 'json';

export interface ValidationBatch {
  firstRowNo: number;
  staged: number;
  /**
   * The staged rows in the setup's staging format, UTF-8, sent to the database as they are. A worker
   * transfers the bytes, with no copy; a string cost the worker ~50 ms a batch to join and clone, and
   * the main thread a string in its heap.
   */
  rows: Uint8Array | null;
  errors: (CellError & { source_row: number })[];
  /** ID numbers (keyed hashes) of refused rows, for the duplicate check over the whole file. */
  ids: { source_row: number; col: number | null; id_hash: string }[];
  processed: number;
}

export interface ValidationTotals {
  total: number;
  valid: number;
  errorRows: number;
  errorCount: number;
  /** Totals, signature and blank-marker lines skipped (not in errorRows). */
  skipped: number;
}

export function orgFinder(entries: Iterable<[string, string | null]>): (k: string) => string | undefined {
  const byKey = new Map(entries);
  return (k: string) => byKey.get(k) ?? byKey.get(k.toUpperCase()) ?? undefined;
}

export const isEmptyRow = (cells: Cell[]) =>
  cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

/** One staged row as JSON for json_populate_recordset(NULL::people_import_rows, …); null fields left out. */
export function stagedRowJson(importId: number, rowNo: number, r: StagedRow & { source_row: number }): string {
  // ids are digit strings and the sealed, hashed, masked and date values are base64/ASCII: no escaping needed
  let json = `{"import_id":${importId},"row_no":${rowNo},"source_row":${r.source_row},"org_id":${Number(r.org_id)},"name":${JSON.stringify(r.name)},"name_key":${JSON.stringify(r.name_key)},"id_hash":"${r.id_hash}","id_sealed":"${r.id_sealed}","id_masked":"${r.id_masked}","gender":"${r.gender}","birth_date":"${r.birth_date}"`;
  if (r.phone_sealed !== null) json += `,"phone_sealed":"${r.phone_sealed}","phone_masked":"${r.phone_masked}"`;
  if (r.union_member !== null) json += `,"union_member":${r.union_member}`;
  if (r.union_joined_on !== null) json += `,"union_joined_on":"${r.union_joined_on}"`;
  if (r.occupation !== null) json += `,"occupation":${JSON.stringify(r.occupation)}`;
  if (r.education !== null) json += `,"education":${JSON.stringify(r.education)}`;
  if (r.employment_status !== null) json += `,"employment_status":${JSON.stringify(r.employment_status)}`;
  if (r.skill_level !== null) json += `,"skill_level":${r.skill_level}`;
  if (r.cert_no !== null) json += `,"cert_no":${JSON.stringify(r.cert_no)}`;
  if (r.cert_issuer !== null) json += `,"cert_issuer":${JSON.stringify(r.cert_issuer)}`;
  if (r.certified_on !== null) json += `,"certified_on":"${r.certified_on}"`;
  if (r.honours !== null) json += `,"honours":${JSON.stringify(r.honours)}`;
  return `${json}}`;
}

type StagedCopyRow = StagedRow & { import_id: number; row_no: number; source_row: number };

/**
 * A staged row's columns in COPY's text format, in order, and how each is written: `raw` for ids, and
 * the hashed, sealed, masked and date values (digits, base64, ASCII: nothing to escape), `text`
 * escaped (or \N), `json` as JSON text escaped.
 */
const STAGED_COPY: [keyof StagedCopyRow, 'raw' | 'text' | 'json'][] = [
  ['import_id', 'raw'],
  ['row_no', 'raw'],
  ['source_row', 'raw'],
  ['org_id', 'raw'],
  ['name', 'text'],
  ['name_key', 'text'],
  ['id_hash', 'raw'],
  ['id_sealed', 'raw'],
  ['id_masked', 'raw'],
  ['gender', 'raw'],
  ['birth_date', 'raw'],
  ['phone_sealed', 'text'],
  ['phone_masked', 'text'],
  ['union_member', 'text'],
  ['union_joined_on', 'text'],
  ['occupation', 'text'],
  ['education', 'text'],
  ['employment_status', 'text'],
  ['skill_level', 'text'],
  ['cert_no', 'text'],
  ['cert_issuer', 'text'],
  ['certified_on', 'text'],
  ['honours', 'json'],
];

/** The column list of the COPY statement that reads stagedRowCopy's lines. */
export const STAGED_COPY_COLUMNS = STAGED_COPY.map(([column]) => column);

/** One staged row as a line of COPY's text format (STAGED_COPY_COLUMNS), without the newline. */
export function stagedRowCopy(importId: number, rowNo: number, r: StagedRow & { source_row: number }): string {
  const row: StagedCopyRow = Object.assign(r, { import_id: importId, row_no: rowNo });
  const values = STAGED_COPY.map(([column, kind]) => {
    const v = row[column];
    if (kind === 'raw') return String(v);
    return copyText(kind === 'json' && v !== null ? JSON.stringify(v) : (v as string | number | boolean | null));
  });
  return values.join('\t');
}

/** A title counts for a row when the federation that set it is the row's organisation or above it. */
export function titleScope(
  titles: { name: string; path: string }[],
  orgPaths: [string, string][],
): (title: string, orgId: string) => boolean {
  const pathOf = new Map(orgPaths);
  return (title, orgId) => {
    const path = pathOf.get(orgId);
    return path !== undefined && titles.some((t) => t.name === title && path.startsWith(t.path));
  };
}

/**
 * Staged rows written one by one into one growing UTF-8 buffer: lines of COPY text, or the elements
 * of a JSON array.
 */
class StagedRowsWriter {
  private buf = Buffer.allocUnsafeSlow(1 << 20);
  private len = 0;
  count = 0;
  constructor(private readonly format: StagingFormat) {}
  push(row: string) {
    // room for the worst case (3 bytes per UTF-16 unit), the separator and the closing bracket
    const need = this.len + row.length * 3 + 2;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    if (this.format === 'json') this.buf[this.len++] = this.count ? 0x2c : 0x5b; // , or [
    this.count++;
    this.len += this.buf.write(row, this.len);
    if (this.format === 'copy') this.buf[this.len++] = 0x0a; // newline
  }
  /** The rows so far (their own memory, transferable), and a fresh writer state. */
  take(): Buffer {
    if (this.format === 'json') this.buf[this.len++] = 0x5d; // ]
    const out = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafeSlow(Math.max(1 << 20, this.buf.length));
    this.len = 0;
    this.count = 0;
    return out;
  }
}

/**
 * personNameKey with a bounded memo: the pinyin reading (pinyin-pro's segmentation) was a fifth of a
 * roster's validation time, and a roster repeats names (common given names; the bench's roster has
 * 8,000 distinct names in 100,000 rows, so it gains more than most). Emptied when full.
 */
export function memoNameKey(limit = 20_000): (name: string) => string {
  const memo = new Map<string, string>();
  return (name) => {
    let key = memo.get(name);
    if (key === undefined) {
      if (memo.size >= limit) memo.clear();
      key = personNameKey(name);
      memo.set(name, key);
    }
    return key;
  };
}

export async function validateStream(setup: ValidationSetup, emit: (b: ValidationBatch) => Promise<void>): Promise<ValidationTotals> {
  const vctx = {
    mapping: setup.mapping,
    defaultOrgId: setup.defaultOrgId,
    findOrg: orgFinder(setup.orgKeys),
    craftsmanTitles: [...new Set(setup.craftsmanTitles.map((t) => t.name))],
    titleAllowedAt: titleScope(setup.craftsmanTitles, setup.orgPaths),
    secrets: createSecretBox(Buffer.from(setup.secretKey, 'base64')),
    today: setup.today,
    nameKey: memoNameKey(),
  };
  const file = { path: setup.file.path, key: Buffer.from(setup.file.key, 'base64'), iv: Buffer.from(setup.file.iv, 'base64') };
  // Each valid row is written out as UTF-8 (COPY text or JSON) when it is validated, so its row object and text die
  // young (a batch of 5,000 row objects kept to the flush outlived the worker's young generation:
  // promoted, then collected by full GCs of the capped old generation; on PGlite the row objects also
  // cost the main thread ~100 MB of heap at an import's peak).
  const importNo = Number(setup.importId);
  const staged = new StagedRowsWriter(setup.stagingFormat);
  const stagedRow = setup.stagingFormat === 'copy' ? stagedRowCopy : stagedRowJson;
  const stagedCount = () => staged.count;
  let errors: (CellError & { source_row: number })[] = [];
  let ids: ValidationBatch['ids'] = [];
  let afterBlankMarker = false;
  // Keyed hashes (sha256, base64url: 43 characters) of the ID numbers seen so far, in the pipelined mode.
  const seen = setup.firstCopyWins ? new FixedWidthSet(43, 16_384) : null;
  const idCol = setup.mapping.idNumber ?? null;
  const t: ValidationTotals = { total: 0, valid: 0, errorRows: 0, errorCount: 0, skipped: 0 };
  let flushAt = Math.min(setup.firstFlushRows ?? setup.flushRows, setup.flushRows);
  const flush = async () => {
    flushAt = setup.flushRows;
    const n = stagedCount();
    const b: ValidationBatch = {
      firstRowNo: t.valid - n + 1,
      staged: n,
      rows: n > 0 ? staged.take() : null,
      errors,
      ids,
      processed: t.total,
    };
    errors = [];
    ids = [];
    await emit(b);
  };
  for await (const r of readRows(file, setup.format)) {
    if (r.row <= setup.headerRow || isEmptyRow(r.cells)) continue;
    t.total++;
    if (t.total > setup.maxRows) throw new AppError('file_rejected', { reason: 'too_many_rows' });
    const skip = summaryLine(r.cells, setup.mapping, afterBlankMarker);
    if (skip) {
      if (skip === 'skipped_blank_marker') afterBlankMarker = true;
      t.skipped++;
      errors.push({ source_row: r.row, col: null, field: null, code: skip, value: null, skipped: true });
      if (errors.length >= setup.flushRows) await flush();
      continue;
    }
    const res = validateRow(r.cells, vctx);
    const hash = 'row' in res ? res.row.id_hash : res.idHash;
    if (seen && hash && seen.has(hash)) {
      t.errorRows++;
      t.errorCount++;
      errors.push({ source_row: r.row, col: idCol, field: 'idNumber', code: 'duplicate_earlier', value: null });
    } else if ('row' in res) {
      seen?.add(hash!);
      t.valid++;
      const row = Object.assign(res.row, { source_row: r.row });
      staged.push(stagedRow(importNo, t.valid, row));
    } else {
      if (hash) seen?.add(hash);
      t.errorRows++;
      t.errorCount += res.errors.length;
      for (const e of res.errors) errors.push(Object.assign(e, { source_row: r.row }));
      if (res.idHash && !seen) ids.push({ source_row: r.row, col: res.idCol ?? null, id_hash: res.idHash });
    }
    if (stagedCount() >= flushAt || errors.length >= setup.flushRows || ids.length >= setup.flushRows) await flush();
  }
  await flush();
  return t;
}
