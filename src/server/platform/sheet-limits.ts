// What an uploaded sheet may hold, enforced while it streams (xlsx-reader.ts, sheet-reader.ts): no
// cell, row or part is ever held whole beyond these caps, so a crafted file is refused after reading
// a bounded amount, never after materialising a giant string. The numbers are documented in the
// README ("Import limits") and docs/design.md.
import { AppError } from './errors.js';

export interface SheetLimits {
  /** Characters in one cell, after XML unescaping: Excel's own limit. */
  maxCellChars: number;
  /** Columns a row may hold values in (a roster has about 20); empty cells beyond are ignored. */
  maxColumns: number;
  /** Rows of the sheet, blank ones included (the data rows are capped again by the import: MAX_ROWS). */
  maxRows: number;
  /** Inflated XML of the worksheet, in bytes. */
  maxSheetXmlBytes: number;
  /** Inflated XML of the shared strings part, in bytes (the strings are held in memory while reading). */
  maxSharedStringsXmlBytes: number;
  /** Items in the shared strings part. */
  maxSharedStrings: number;
}

export const SHEET_LIMITS: SheetLimits = {
  maxCellChars: 32_767,
  maxColumns: 256,
  maxRows: 1_200_000,
  maxSheetXmlBytes: 1_500_000_000,
  maxSharedStringsXmlBytes: 256 * 1024 * 1024,
  maxSharedStrings: 8_000_000,
};

/**
 * The raw XML of one cell's text may be longer than the text (entities, _xHHHH_ escapes): past this
 * many characters it cannot be within the cap in any sensible encoding, and the reader stops.
 */
export const rawCellCap = (l: SheetLimits) => l.maxCellChars * 8;
/** A tag, comment or CDATA section longer than this is not part of a roster. */
export const MAX_TOKEN_CHARS = 1024 * 1024;

export type SheetLimitKind = 'cell' | 'columns' | 'rows' | 'sheet_xml' | 'strings_xml' | 'strings';

export class SheetLimitExceeded extends Error {
  constructor(
    readonly kind: SheetLimitKind,
    readonly limit: number,
    public row?: number,
    public col?: number,
  ) {
    super(`sheet limit: ${kind} > ${limit}`);
  }
}

/** Excel's column letters of a 0-based index: 0 → A, 26 → AA. */
function letters(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The refusal as the error model says it (translated in common.messages.ts). */
export function sheetLimitError(err: SheetLimitExceeded): AppError {
  switch (err.kind) {
    case 'cell':
      return err.row === undefined
        ? new AppError('import_cell_too_long', { limit: err.limit, row: '?', column: '?' })
        : new AppError('import_cell_too_long', { limit: err.limit, row: err.row, column: err.col === undefined ? '?' : letters(err.col) });
    case 'columns':
      return new AppError('import_too_many_columns', { limit: err.limit, row: err.row ?? '?' });
    case 'rows':
      return new AppError('import_too_many_rows', { limit: err.limit });
    case 'sheet_xml':
      return new AppError('import_sheet_too_large', { limit: Math.round(err.limit / (1024 * 1024)) });
    case 'strings_xml':
    case 'strings':
      return new AppError('import_strings_too_large', {
        limit: Math.round(SHEET_LIMITS.maxSharedStringsXmlBytes / (1024 * 1024)),
        count: SHEET_LIMITS.maxSharedStrings,
      });
  }
}
