// Reads the rows of an uploaded roster, .xlsx (xlsx-reader.ts, after the zip guard) or .csv
// (UTF-8, with or without BOM, or GB18030 as saved by Excel on Chinese Windows), as plain cell arrays.
import { readSealedRange, readSealedStream, sealedSize, type SealedFile } from './sealed-file.js';
import { xlsxHead, xlsxRows, type Cell, type SheetRow } from './xlsx-reader.js';
import type { ZipSource } from './zip-guard.js';
import { SHEET_LIMITS, SheetLimitExceeded, type SheetLimits } from './sheet-limits.js';

export type { Cell, SheetRow } from './xlsx-reader.js';

export type SheetFormat = 'xlsx' | 'csv';

/** How a file whose first bytes are `head` is read: a zip as .xlsx, anything else as .csv (after unreadSheet). */
export function formatOf(head: Buffer): SheetFormat {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50 ? 'xlsx' : 'csv';
}

/** A spreadsheet this reader does not read, as the reason its refusal names (file_rejected). */
export type UnreadSheet = 'legacy_workbook' | 'opendocument' | 'markup_table';

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Web-page and XML tables that other systems export under .xls (HTML, Excel 2003 XML). */
const MARKUP = /^<(?:!doctype html|html|table|\?xml)|urn:schemas-microsoft-com:office:spreadsheet/i;

/**
 * What people upload as a spreadsheet and this reader cannot read, from the file's first bytes (up
 * to 1 KB): an OLE compound file (Excel 97–2003 .xls, WPS .et, or a workbook encrypted with a
 * password, which Excel also keeps in one), an OpenDocument spreadsheet (a zip whose first entry is
 * its `mimetype`), or a web-page or XML table. Anything else is read as .xlsx (a zip) or .csv.
 */
export function unreadSheet(head: Buffer): UnreadSheet | undefined {
  if (head.subarray(0, 8).equals(OLE_MAGIC)) return 'legacy_workbook';
  if (head.length >= 38 && head.readUInt32LE(0) === 0x04034b50 && head.toString('latin1', 30, 38) === 'mimetype')
    return head.toString('latin1', 38, 100).startsWith('application/vnd.oasis.opendocument') ? 'opendocument' : undefined;
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('<') && MARKUP.test(text.slice(0, 1024)) ? 'markup_table' : undefined;
}

function zipSource(file: SealedFile, size: number): ZipSource {
  return { size, read: (s, l) => readSealedRange(file, s, l), stream: (s, e) => readSealedStream(file, s, e) };
}

async function* xlsxFileRows(file: SealedFile): AsyncGenerator<SheetRow> {
  yield* xlsxRows(zipSource(file, await sealedSize(file)));
}

async function csvEncoding(file: SealedFile): Promise<string> {
  {
    const head = await readSealedRange(file, 0, Math.min(1024 * 1024, await sealedSize(file)));
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
    try {
      // a multi-byte character cut at the end of the sample is not an error
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
      return 'utf-8';
    } catch {
      return 'gb18030';
    }
  }
}

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CR/LF line ends, newlines inside quotes. The sheet
 * limits hold as it streams: a field is refused as soon as it grows past the cell cap, a row as soon
 * as it has a value beyond the column cap (empty fields beyond it are dropped), the file past the row cap.
 */
async function* csvRows(file: SealedFile, lim: SheetLimits = SHEET_LIMITS): AsyncGenerator<SheetRow> {
  const decoder = new TextDecoder(await csvEncoding(file), { ignoreBOM: false });
  const tooLong = (): never => {
    throw new SheetLimitExceeded('cell', lim.maxCellChars, rowNo, width);
  };
  let field = '';
  let cells: Cell[] = [];
  let inQuotes = false;
  let afterQuote = false;
  let rowNo = 1;
  let started = false;
  const pending: SheetRow[] = [];
  let width = 0; // fields of this row, kept or dropped
  const endField = () => {
    const empty = field === '' && !afterQuote;
    if (width++ < lim.maxColumns) cells.push(empty ? null : field);
    else if (!empty) throw new SheetLimitExceeded('columns', lim.maxColumns, rowNo);
    field = '';
    afterQuote = false;
  };
  const endRow = () => {
    endField();
    width = 0;
    if (rowNo > lim.maxRows) throw new SheetLimitExceeded('rows', lim.maxRows);
    pending.push({ row: rowNo++, cells });
    cells = [];
    started = false;
  };
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            inQuotes = false;
            afterQuote = true;
          }
        } else {
          field += c;
          if (field.length > lim.maxCellChars) tooLong();
        }
        continue;
      }
      started = true;
      if (c === '"' && field === '') inQuotes = true;
      else if (c === ',') endField();
      else if (c === '\n') endRow();
      else if (c === '\r') {
        if (text[i + 1] !== '\n') endRow();
      } else {
        field += c;
        if (field.length > lim.maxCellChars) tooLong();
      }
    }
  };
  let carry = '';
  for await (const chunk of readSealedStream(file)) {
    // keep a trailing quote back so a doubled quote split across chunks is seen whole
    let text = carry + decoder.decode(chunk as Buffer, { stream: true });
    carry = '';
    // (found by a loop from the end: a regex anchored at $ backtracks over every run of quotes)
    let cut = text.length;
    while (cut > 0 && (text.charCodeAt(cut - 1) === 34 || text.charCodeAt(cut - 1) === 13)) cut--;
    if (text.length - cut > 2 * lim.maxCellChars + 2) tooLong(); // quotes only: more than any field holds
    if (cut < text.length) {
      carry = text.slice(cut);
      text = text.slice(0, cut);
    }
    feed(text);
    yield* pending.splice(0);
  }
  feed(carry + decoder.decode());
  if (started || field !== '' || cells.length) endRow();
  yield* pending.splice(0);
}

export function readRows(file: SealedFile, format: SheetFormat): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? xlsxFileRows(file) : csvRows(file);
}

/** The first `n` rows (the header scan): an .xlsx reads only the shared strings those rows use. */
export async function readHead(file: SealedFile, format: SheetFormat, n: number): Promise<SheetRow[]> {
  if (format === 'xlsx') return xlsxHead(zipSource(file, await sealedSize(file)), n);
  const rows: SheetRow[] = [];
  for await (const r of csvRows(file)) {
    rows.push(r);
    if (rows.length >= n) break;
  }
  return rows;
}
