// The header scan of an uploaded roster, free of the database so it runs in a worker thread with a
// memory and time budget (imports.sandbox.ts): the zip guard's directory checks, the first rows under
// the sheet limits (platform/sheet-limits.ts), then the guard's full inflate. The head is read before
// the full inflate so a crafted file (a giant first cell) is refused after a bounded read.
import { AppError } from '../../platform/errors.js';
import { readSealedRange, readSealedStream, sealedSize, type SealedFile } from '../../platform/sealed-file.js';
import { formatOf, readHead, unreadSheet, type Cell, type SheetFormat } from '../../platform/sheet-reader.js';
import { SheetLimitExceeded, sheetLimitError } from '../../platform/sheet-limits.js';
import { checkDeclaredSizes, readCentralDirectory, verifyInflatedSizes, ZipRejected, type ZipSource } from '../../platform/zip-guard.js';
import { columnLetter, findHeaderRow, guessMapping, ROSTER_VOCABULARY, type HeaderVocabulary, type Mapping } from './imports.mapping.js';
import { scrubPii } from './phone.js';

const HEADER_SCAN_ROWS = 30;

export interface HeaderInfo {
  index: number;
  letter: string;
  header: string;
}

export interface Analysis {
  format: SheetFormat;
  headerRow: number | null;
  headers: HeaderInfo[];
  mapping: Mapping;
}

/** A refusal of the file as the error model says it, or undefined for anything else. */
export function fileError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof SheetLimitExceeded) return sheetLimitError(err);
  if (err instanceof ZipRejected) return new AppError('file_rejected', { reason: err.reason });
  return undefined;
}

/** `vocabulary`: the header words of the kind of sheet (a roster unless said). */
export async function analyseFile(file: SealedFile, vocabulary: HeaderVocabulary = ROSTER_VOCABULARY): Promise<Analysis> {
  const head = await readSealedRange(file, 0, 1024);
  const unread = unreadSheet(head);
  if (unread) throw new AppError('file_rejected', { reason: unread });
  const format = formatOf(head);
  let zip: ZipSource | undefined;
  if (format === 'xlsx') {
    const size = await sealedSize(file);
    zip = { size, read: (s, l) => readSealedRange(file, s, l), stream: (s, e) => readSealedStream(file, s, e) };
    try {
      checkDeclaredSizes(await readCentralDirectory(zip));
    } catch (err) {
      throw fileError(err) ?? err;
    }
  }
  let first: { row: number; cells: Cell[] }[] = [];
  try {
    first = await readHead(file, format, HEADER_SCAN_ROWS);
  } catch (err) {
    if (err instanceof SheetLimitExceeded || err instanceof ZipRejected) throw fileError(err);
    throw new AppError('file_rejected', { reason: format === 'xlsx' ? 'not_a_workbook' : 'unreadable' });
  }
  if (zip) {
    try {
      await verifyInflatedSizes(zip, await readCentralDirectory(zip));
    } catch (err) {
      throw fileError(err) ?? err;
    }
  }
  const headerRow = findHeaderRow(first, vocabulary) ?? null;
  const cells = first.find((r) => r.row === headerRow)?.cells ?? [];
  const width = Math.max(cells.length, ...first.map((r) => r.cells.length));
  const headers = Array.from({ length: width }, (_, i) => {
    const c = cells[i];
    const text = c === null || c === undefined ? '' : typeof c === 'object' && !(c instanceof Date) ? '' : String(c);
    return { index: i, letter: columnLetter(i), header: scrubPii(text.trim()).slice(0, 100) };
  });
  return { format, headerRow, headers, mapping: headerRow ? guessMapping(cells, vocabulary) : {} };
}
