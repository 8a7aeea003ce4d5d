// A small streaming .xlsx reader for rosters: the zip's central directory (already checked by the zip
// guard) locates the first worksheet and the shared strings; each entry is inflated as a stream and
// its XML scanned by a tokenizer that knows only what a sheet holds (rows, cells, values, inline and
// shared strings, formulas). About ten times cheaper than exceljs' general SAX reader, which dominated
// the import profile. Shared strings are kept as UTF-8 in one growing buffer with an offset table, so
// a million-row roster's strings cost their bytes, not a JS string object each.
import { createInflateRaw } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { releaseArrayBuffer } from './buffers.js';
import { readCentralDirectory, ZipRejected, type ZipEntry, type ZipSource } from './zip-guard.js';
import { MAX_TOKEN_CHARS, rawCellCap, SHEET_LIMITS, SheetLimitExceeded, type SheetLimits } from './sheet-limits.js';

/** A cell as the validator sees it; formulas are kept apart so they can be refused. */
export type Cell = string | number | boolean | Date | null | { formula: string };

export interface SheetRow {
  /** 1-based row number in the sheet, as the user sees it in Excel. */
  row: number;
  cells: Cell[];
}

const LFH = 0x04034b50;

async function entryStream(src: ZipSource, e: ZipEntry): Promise<Readable> {
  const lh = await src.read(e.localHeaderOffset, 30);
  if (lh.readUInt32LE(0) !== LFH) throw new Error('not a zip');
  const start = e.localHeaderOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  if (e.compressedSize === 0) {
    const { Readable: R } = await import('node:stream');
    return R.from([]);
  }
  const raw = src.stream(start, start + e.compressedSize - 1);
  if (e.method === 0) return raw;
  if (e.method !== 8) throw new Error('unsupported compression');
  const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK });
  raw.on('error', (err) => inflate.destroy(err));
  raw.pipe(inflate);
  // a declared size smaller than the inflated data means a lying directory: stop (the guard also checks)
  let seen = 0;
  inflate.on('data', (c: Buffer) => {
    seen += c.length;
    if (seen > e.uncompressedSize) inflate.destroy(new ZipRejected('size_mismatch'));
  });
  inflate.on('close', () => raw.destroy());
  return inflate;
}

const INFLATE_CHUNK = 256 * 1024;

/**
 * Frees an inflated block once its last chunk is decoded (the text is a copy). zlib writes its output
 * into blocks of INFLATE_CHUNK bytes, each its own ArrayBuffer, and hands out slices of the block; when a
 * slice ends at the block's end, zlib has moved on to a new block and the earlier slices were decoded
 * before this one, so the block can be released at once (platform/buffers.ts). Left to the garbage
 * collector, the blocks of a roster (50 MB of XML per 100,000 rows) waited for a full collection in the
 * validation worker (40-90 MB of its external memory at an import's peak).
 */
function releaseInflated(chunk: Buffer) {
  if (chunk.buffer.byteLength === INFLATE_CHUNK && chunk.byteOffset + chunk.byteLength === INFLATE_CHUNK) releaseArrayBuffer(chunk.buffer);
}

/** The decoded text chunks of an entry; past `maxBytes` inflated bytes, `tooLarge` is thrown. */
async function* entryText(src: ZipSource, e: ZipEntry, maxBytes = Infinity, tooLarge?: () => Error): AsyncGenerator<string> {
  if (e.uncompressedSize > maxBytes && tooLarge) throw tooLarge();
  const s = await entryStream(src, e);
  const dec = new StringDecoder('utf8');
  let bytes = 0;
  try {
    for await (const chunk of s) {
      bytes += (chunk as Buffer).length;
      if (bytes > maxBytes) throw tooLarge ? tooLarge() : new Error('entry too large');
      yield dec.write(chunk as Buffer);
      releaseInflated(chunk as Buffer);
    }
    const tail = dec.end();
    if (tail) yield tail;
  } finally {
    s.destroy();
  }
}

async function entryWhole(src: ZipSource, e: ZipEntry, cap = 16 * 1024 * 1024): Promise<string> {
  let out = '';
  for await (const t of entryText(src, e)) {
    out += t;
    if (out.length > cap) throw new Error('entry too large');
  }
  return out;
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** XML entities, then the OOXML _xHHHH_ escapes (Excel writes a carriage return as _x000D_). */
export function unescapeXml(s: string): string {
  if (s.includes('&')) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITY[e] ?? m;
    });
  }
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

function attr(tag: string, name: string): string | undefined {
  // name="value" or name='value', preceded by whitespace (so r= is not matched inside t=)
  let i = 0;
  for (;;) {
    i = tag.indexOf(name, i);
    if (i < 0) return undefined;
    const before = tag.charCodeAt(i - 1);
    const after = i + name.length;
    if ((before === 32 || before === 9 || before === 10 || before === 13 || before === 58) /* prefix: */ && tag[after] === '=') {
      const q = tag[after + 1];
      if (q !== '"' && q !== "'") return undefined;
      const end = tag.indexOf(q, after + 2);
      return end < 0 ? undefined : tag.slice(after + 2, end);
    }
    i = after;
  }
}

const localName = (name: string) => {
  const c = name.indexOf(':');
  return c < 0 ? name : name.slice(c + 1);
};

/**
 * A streaming tokenizer for the few OOXML elements rosters need. feed() takes text chunks; the
 * handler gets open tags (local name, raw tag text, self-closing), close tags, and text.
 */
class Tokenizer {
  private carry = '';
  constructor(
    private readonly h: { open(name: string, tag: string, selfClosing: boolean): void; close(name: string): void; text(t: string): void },
  ) {}

  feed(chunk: string): void {
    const s = this.carry + chunk;
    const n = s.length;
    let pos = 0;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // text runs on into the next chunk: hand it over now (the handler caps what it keeps), never
        // carry it, or a giant text would be copied again with every chunk
        if (pos < n) this.h.text(s.slice(pos));
        this.carry = '';
        return;
      }
      if (lt > pos) this.h.text(s.slice(pos, lt));
      if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) {
          this.keep(s.slice(lt));
          return;
        }
        this.h.text(
          s
            .slice(lt + 9, end)
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;'),
        );
        pos = end + 3;
        continue;
      }
      if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) {
          this.keep(s.slice(lt));
          return;
        }
        pos = end + 3;
        continue;
      }
      const gt = s.indexOf('>', lt + 1);
      if (gt < 0) {
        this.keep(s.slice(lt));
        return;
      }
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 47 /* / */) {
        this.h.close(localName(s.slice(lt + 2, gt).trim()));
      } else if (c1 !== 63 /* ? */ && c1 !== 33 /* ! */) {
        let e = lt + 1;
        while (e < gt) {
          const c = s.charCodeAt(e);
          if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
          e++;
        }
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        this.h.open(localName(s.slice(lt + 1, e)), s.slice(e, selfClosing ? gt - 1 : gt), selfClosing);
      }
      pos = gt + 1;
      if (pos >= n) {
        this.carry = '';
        return;
      }
    }
  }

  /** Keeps an unfinished tag, comment or CDATA for the next chunk: a roster has none this long. */
  private keep(rest: string): void {
    if (rest.length > MAX_TOKEN_CHARS) throw new SheetLimitExceeded('cell', SHEET_LIMITS.maxCellChars);
    this.carry = rest;
  }

  end(): void {
    if (this.carry.trim()) this.h.text(this.carry);
    this.carry = '';
  }
}

/** Shared strings as UTF-8 in one growing buffer; get(i) decodes one. */
export class SharedStrings {
  private pool = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private offsets = new Uint32Array(1 << 16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(s: string): void {
    const need = Buffer.byteLength(s, 'utf8');
    if (this.used + need > this.pool.length) {
      const next = Buffer.allocUnsafe(Math.max(this.pool.length * 2, this.used + need));
      this.pool.copy(next, 0, 0, this.used);
      this.pool = next;
    }
    if (this.count + 2 > this.offsets.length) {
      const next = new Uint32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
    this.offsets[this.count] = this.used;
    this.used += this.pool.write(s, this.used, 'utf8');
    this.count++;
    this.offsets[this.count] = this.used;
  }

  get(i: number): string | null {
    if (!(i >= 0 && i < this.count)) return null;
    return this.pool.toString('utf8', this.offsets[i]!, this.offsets[i + 1]!);
  }
}

/**
 * Shared strings read on demand: `ensure(n)` reads <si> items (plain <t>, rich-text runs <r><t>,
 * phonetic <rPh> skipped) until n are held or the part ends; `close()` stops reading.
 */
function sharedStringsReader(src: ZipSource, e: ZipEntry, lim: SheetLimits = SHEET_LIMITS) {
  const tooLarge = () => new SheetLimitExceeded('strings_xml', lim.maxSharedStringsXmlBytes);
  // refused before any row is read, as when the whole table was read first
  if (e.uncompressedSize > lim.maxSharedStringsXmlBytes) throw tooLarge();
  const sst = new SharedStrings();
  const rawCap = rawCellCap(lim);
  let inSi = false;
  let inT = false;
  let inRph = false;
  let cur = '';
  const tok = new Tokenizer({
    open(name, _tag, selfClosing) {
      if (name === 'si') {
        if (selfClosing) {
          if (sst.size >= lim.maxSharedStrings) throw new SheetLimitExceeded('strings', lim.maxSharedStrings);
          sst.push('');
        } else {
          inSi = true;
          cur = '';
        }
      } else if (name === 't' && inSi && !inRph && !selfClosing) inT = true;
      else if (name === 'rPh' && !selfClosing) inRph = true;
    },
    close(name) {
      if (name === 't') inT = false;
      else if (name === 'rPh') inRph = false;
      else if (name === 'si') {
        if (sst.size >= lim.maxSharedStrings) throw new SheetLimitExceeded('strings', lim.maxSharedStrings);
        sst.push(unescapeXml(cur));
        cur = '';
        inSi = false;
      }
    },
    text(t) {
      if (!inT) return;
      cur += t;
      if (cur.length > rawCap) throw new SheetLimitExceeded('cell', lim.maxCellChars);
    },
  });
  const chunks = entryText(src, e, lim.maxSharedStringsXmlBytes, tooLarge);
  let ended = false;
  return {
    sst,
    async ensure(n: number): Promise<void> {
      while (sst.size < n && !ended) {
        const c = await chunks.next();
        if (c.done) {
          tok.end();
          ended = true;
        } else tok.feed(c.value);
      }
    },
    async close(): Promise<void> {
      ended = true;
      await chunks.return(undefined);
    },
  };
}

/** The first `limit` shared strings (all by default). */
async function readSharedStrings(src: ZipSource, e: ZipEntry, limit = Infinity): Promise<SharedStrings> {
  const r = sharedStringsReader(src, e);
  try {
    await r.ensure(limit);
  } finally {
    await r.close();
  }
  return r.sst;
}

/** One past the highest shared-string index a row's cells refer to (0: none). */
function sharedNeeded(cells: RawCell[]): number {
  let need = 0;
  for (const c of cells) if (c.type === 's' && c.v !== null && c.formula === null) need = Math.max(need, Number(c.v) + 1);
  return need;
}

interface RawCell {
  col: number;
  type: string | undefined;
  v: string | null;
  inline: string | null;
  formula: string | null;
}

/** The sheet's rows with raw cells (shared strings not yet looked up). */
async function* rawRows(src: ZipSource, e: ZipEntry, lim: SheetLimits = SHEET_LIMITS): AsyncGenerator<{ row: number; cells: RawCell[] }> {
  const out: { row: number; cells: RawCell[] }[] = [];
  const rawCap = rawCellCap(lim);
  let rows = 0;
  let rawCellsInRow = 0;
  /** The open cell lies beyond the column cap: dropped when empty, refused when it holds anything. */
  let beyond = false;
  const tooLong = (): never => {
    throw new SheetLimitExceeded('cell', lim.maxCellChars, rowNo, cell?.col);
  };
  const keepCell = (c: RawCell) => {
    if (beyond) {
      if (c.v !== null || c.formula !== null || (c.inline !== null && c.inline !== ''))
        throw new SheetLimitExceeded('columns', lim.maxColumns, rowNo);
      return;
    }
    if (++rawCellsInRow > 4 * lim.maxColumns) throw new SheetLimitExceeded('columns', lim.maxColumns, rowNo);
    cells!.push(c);
  };
  let rowNo = 0;
  let cells: RawCell[] | null = null;
  let cell: RawCell | null = null;
  let nextCol = 0;
  let textOf: 'v' | 'f' | 't' | null = null;
  let inIs = false;
  let inRph = false;
  let buf = '';
  const shared = new Map<string, string>();
  let sharedSi: string | undefined;
  const colOf = (ref: string | undefined): number => {
    if (!ref) return nextCol;
    let n = 0;
    for (let i = 0; i < ref.length; i++) {
      const c = ref.charCodeAt(i);
      if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
      else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
      else break;
    }
    return n > 0 ? n - 1 : nextCol;
  };
  const tok = new Tokenizer({
    open(name, tag, selfClosing) {
      switch (name) {
        case 'row': {
          const r = attr(tag, 'r');
          rowNo = r ? Number(r) : rowNo + 1;
          if (++rows > lim.maxRows) throw new SheetLimitExceeded('rows', lim.maxRows);
          nextCol = 0;
          rawCellsInRow = 0;
          if (selfClosing) out.push({ row: rowNo, cells: [] });
          else cells = [];
          break;
        }
        case 'c': {
          if (!cells) break;
          const col = colOf(attr(tag, 'r'));
          nextCol = col + 1;
          beyond = col >= lim.maxColumns;
          cell = { col, type: attr(tag, 't'), v: null, inline: null, formula: null };
          if (selfClosing) {
            keepCell(cell);
            cell = null;
          }
          break;
        }
        case 'v':
          if (cell && !selfClosing) {
            textOf = 'v';
            buf = '';
          }
          break;
        case 'f':
          if (!cell) break;
          sharedSi = attr(tag, 't') === 'shared' ? attr(tag, 'si') : undefined;
          if (selfClosing) cell.formula = (sharedSi !== undefined ? shared.get(sharedSi) : undefined) ?? '';
          else {
            textOf = 'f';
            buf = '';
          }
          break;
        case 'is':
          if (cell) {
            inIs = true;
            cell.inline = '';
          }
          break;
        case 'rPh':
          if (!selfClosing) inRph = true;
          break;
        case 't':
          if (cell && inIs && !inRph && !selfClosing) {
            textOf = 't';
            buf = '';
          }
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
          if (cell && textOf === 'v') cell.v = buf;
          textOf = null;
          break;
        case 'f':
          if (cell && textOf === 'f') {
            cell.formula = unescapeXml(buf);
            if (sharedSi !== undefined && !shared.has(sharedSi)) shared.set(sharedSi, cell.formula);
          }
          textOf = null;
          break;
        case 't':
          if (cell && textOf === 't') {
            cell.inline += buf;
            if (cell.inline!.length > rawCap) tooLong();
          }
          textOf = null;
          break;
        case 'rPh':
          inRph = false;
          break;
        case 'is':
          inIs = false;
          break;
        case 'c':
          if (cell && cells) keepCell(cell);
          cell = null;
          break;
        case 'row':
          if (cells) out.push({ row: rowNo, cells });
          cells = null;
          break;
      }
    },
    text(t) {
      if (!textOf) return;
      buf += t;
      if (buf.length > rawCap) tooLong();
    },
  });
  const tooLarge = () => new SheetLimitExceeded('sheet_xml', lim.maxSheetXmlBytes);
  for await (const chunk of entryText(src, e, lim.maxSheetXmlBytes, tooLarge)) {
    try {
      tok.feed(chunk);
    } catch (err) {
      // a refusal from the tokenizer itself names the row it was in
      if (err instanceof SheetLimitExceeded && err.row === undefined && err.kind === 'cell') {
        err.row = rowNo;
        err.col = (cell as RawCell | null)?.col;
      }
      throw err;
    }
    if (out.length) yield* out.splice(0);
  }
  tok.end();
  yield* out.splice(0);
}

function toCell(c: RawCell, sst: SharedStrings | null): Cell {
  if (c.formula !== null) return { formula: c.formula };
  switch (c.type) {
    case 's':
      return c.v === null || !sst ? null : sst.get(Number(c.v));
    case 'inlineStr':
      return c.inline === null ? null : unescapeXml(c.inline);
    case 'str':
      return c.v === null ? null : unescapeXml(c.v);
    case 'b':
      return c.v === null ? null : c.v.trim() === '1' || c.v.trim() === 'true';
    case 'e':
      return c.v === null ? null : unescapeXml(c.v);
    case 'd': {
      if (c.v === null) return null;
      const d = new Date(c.v);
      return Number.isNaN(d.getTime()) ? c.v : d;
    }
    default: {
      if (c.v === null) return c.inline === null ? null : unescapeXml(c.inline);
      const n = Number(c.v);
      return c.v.trim() !== '' && Number.isFinite(n) ? n : unescapeXml(c.v);
    }
  }
}

function cellsOf(raw: RawCell[], sst: SharedStrings | null, row: number, lim: SheetLimits = SHEET_LIMITS): Cell[] {
  let width = 0;
  for (const c of raw) if (c.col + 1 > width) width = c.col + 1;
  const cells: Cell[] = new Array(width).fill(null);
  for (const c of raw) {
    const v = toCell(c, sst);
    const len = typeof v === 'string' ? v.length : v !== null && typeof v === 'object' && 'formula' in v ? v.formula.length : 0;
    if (len > lim.maxCellChars) throw new SheetLimitExceeded('cell', lim.maxCellChars, row, c.col);
    cells[c.col] = v;
  }
  // exceljs gave rows no trailing empties; keep that shape
  let w = width;
  while (w > 0 && cells[w - 1] === null) w--;
  cells.length = w;
  return cells;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

/** Finds the first worksheet (workbook order) and the shared strings part. */
async function locate(src: ZipSource): Promise<{ sheet: ZipEntry; sst: ZipEntry | undefined }> {
  const entries = await readCentralDirectory(src);
  const byName = new Map(entries.map((e) => [e.name.replace(/\\/g, '/').replace(/^\//, '').toLowerCase(), e]));
  const find = (name: string) => byName.get(name.toLowerCase());
  let sheetPath: string | undefined;
  let sstPath: string | undefined;
  const wbEntry = find('xl/workbook.xml');
  const relsEntry = find('xl/_rels/workbook.xml.rels');
  if (wbEntry && relsEntry) {
    const wb = await entryWhole(src, wbEntry);
    const rels = await entryWhole(src, relsEntry);
    const firstSheet = /<(?:\w+:)?sheet\b[^>]*>/.exec(wb)?.[0];
    const rid = firstSheet
      ? (/\br:id="([^"]+)"/.exec(firstSheet)?.[1] ?? /\bid="([^"]+)"/i.exec(firstSheet.replace(/\bsheetId="[^"]*"/, ''))?.[1])
      : undefined;
    for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
      const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
      const type = /\bType="([^"]+)"/.exec(m[0])?.[1] ?? '';
      if (!target) continue;
      if (rid && id === rid) sheetPath = resolveTarget('xl/workbook.xml', unescapeXml(target));
      if (type.endsWith('/sharedStrings')) sstPath = resolveTarget('xl/workbook.xml', unescapeXml(target));
    }
  }
  const sheet =
    (sheetPath && find(sheetPath)) ??
    find('xl/worksheets/sheet1.xml') ??
    entries
      .filter((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))[0];
  if (!sheet) throw new Error('no worksheet');
  return { sheet, sst: (sstPath && find(sstPath)) || find('xl/sharedStrings.xml') };
}

/**
 * Every row of the first worksheet. The shared strings are read alongside, as far as the rows read so far
 * need: writers number them in the order of first use, so the first row comes after its own few strings
 * instead of after the whole table (8 MB of XML for a roster of 100,000, ~0.2 s), which is time the
 * pipelined import's commit would otherwise wait for. A table in another order is read as far as the
 * highest index a row asks for (at worst all of it at the first row, as before).
 */
export async function* xlsxRows(src: ZipSource): AsyncGenerator<SheetRow> {
  const { sheet, sst: sstEntry } = await locate(src);
  const strings = sstEntry ? sharedStringsReader(src, sstEntry) : null;
  try {
    for await (const r of rawRows(src, sheet)) {
      if (strings) {
        const need = sharedNeeded(r.cells);
        if (need > strings.sst.size) await strings.ensure(need);
      }
      yield { row: r.row, cells: cellsOf(r.cells, strings?.sst ?? null, r.row) };
    }
  } finally {
    await strings?.close();
  }
}

/** The first `n` rows, reading shared strings only as far as those rows need (the header scan). */
export async function xlsxHead(src: ZipSource, n: number): Promise<SheetRow[]> {
  const { sheet, sst: sstEntry } = await locate(src);
  const raws: { row: number; cells: RawCell[] }[] = [];
  for await (const r of rawRows(src, sheet)) {
    raws.push(r);
    if (raws.length >= n) break;
  }
  const need = raws.reduce((m, r) => Math.max(m, sharedNeeded(r.cells)), 0);
  const sst = sstEntry && need > 0 ? await readSharedStrings(src, sstEntry, need) : null;
  return raws.map((r) => ({ row: r.row, cells: cellsOf(r.cells, sst, r.row) }));
}
