// The sheet limits as the readers enforce them while streaming: a cell's length (inline, shared,
// escaped, split over chunks), a row's columns (values beyond refused, empty formatted cells beyond
// dropped), a sheet's rows and XML size, for .xlsx and .csv alike; and the translated refusals.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { errorMessage } from './i18n.js';
import { writeSealed, type SealedFile } from './sealed-file.js';
import { readRows } from './sheet-reader.js';
import { SHEET_LIMITS, SheetLimitExceeded, sheetLimitError } from './sheet-limits.js';
import { xlsxHead, xlsxRows } from './xlsx-reader.js';
import type { ZipSource } from './zip-guard.js';

const MAX = SHEET_LIMITS.maxCellChars;

/** The zip streamed in 64 KiB pieces, so tokens and texts are split across chunks as in a real upload. */
const source = (buf: Buffer): ZipSource => ({
  size: buf.length,
  read: async (s, l) => buf.subarray(s, s + l),
  stream: (s, e) => {
    const part = buf.subarray(s, e + 1);
    return Readable.from(Array.from({ length: Math.ceil(part.length / 65536) }, (_, i) => part.subarray(i * 65536, (i + 1) * 65536)));
  },
});

/** A minimal zip of deflated entries; `declared` overrides an entry's declared uncompressed size. */
function zip(files: Record<string, string>, declared: Record<string, number> = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const comp = deflateRawSync(data);
    const size = declared[name] ?? data.length;
    const nameBuf = Buffer.from(name, 'utf8');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(nameBuf.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(nameBuf.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, nameBuf, comp);
    central.push(ch, nameBuf);
    offset += 30 + nameBuf.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const sheet = (rowsXml: string) =>
  `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rowsXml}</sheetData></worksheet>`;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

async function xlsxAll(files: Record<string, string>, declared?: Record<string, number>) {
  const out: { row: number; cells: unknown[] }[] = [];
  for await (const r of xlsxRows(source(zip(files, declared)))) out.push(r);
  return out;
}

/** The refusal a read ends with (or undefined when it ends normally). */
async function refusal(p: Promise<unknown>): Promise<SheetLimitExceeded | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    if (err instanceof SheetLimitExceeded) return err;
    throw err;
  }
}

describe('sheet limits, .xlsx', () => {
  it('takes a cell of exactly the cap, also written with entities, and refuses one character more, naming row and column', async () => {
    const ok = await xlsxAll({
      'xl/worksheets/sheet1.xml': sheet(`<row r="1">${inline('A1', 'x'.repeat(MAX))}${inline('B1', '&amp;'.repeat(MAX))}</row>`),
    });
    expect((ok[0]!.cells[0] as string).length).toBe(MAX);
    expect(ok[0]!.cells[1]).toBe('&'.repeat(MAX));
    const err = await refusal(
      xlsxAll({
        'xl/worksheets/sheet1.xml': sheet(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2">${inline('B2', 'x'.repeat(MAX + 1))}</row>`),
      }),
    );
    expect(err).toMatchObject({ kind: 'cell', limit: MAX, row: 2, col: 1 });
    expect(errorMessage(sheetLimitError(err!).code, sheetLimitError(err!).params, 'en-US')).toBe(
      `The cell in row 2, column B is longer than ${MAX} characters (the import limit, as in Excel); nothing was imported. Check that cell`,
    );
  });

  it('stops a giant inline string after a bounded read, split over chunks, without waiting for its end', async () => {
    // 40 MB of text with no tag in it: read chunk by chunk, refused at the raw cap (8× the cell cap).
    const t0 = performance.now();
    const err = await refusal(
      xlsxHead(source(zip({ 'xl/worksheets/sheet1.xml': sheet(`<row r="7">${inline('C7', 'y'.repeat(40_000_000))}</row>`) })), 30),
    );
    expect(err).toMatchObject({ kind: 'cell', row: 7, col: 2 });
    expect(performance.now() - t0).toBeLessThan(20_000); // was quadratic: minutes
  });

  it('refuses a shared string over the cap where a cell uses it, and an unfinished tag over 1 MiB', async () => {
    const err = await refusal(
      xlsxAll({
        'xl/sharedStrings.xml': `<sst><si><t>ok</t></si><si><t>${'z'.repeat(MAX + 5)}</t></si></sst>`,
        'xl/worksheets/sheet1.xml': sheet('<row r="3"><c r="A3" t="s"><v>0</v></c><c r="D3" t="s"><v>1</v></c></row>'),
      }),
    );
    expect(err).toMatchObject({ kind: 'cell', row: 3, col: 3 });
    const tag = await refusal(xlsxAll({ 'xl/worksheets/sheet1.xml': sheet(`<row r="1"><c r="A1" s="${'9'.repeat(2_000_000)}"/></row>`) }));
    expect(tag).toMatchObject({ kind: 'cell', row: 1 });
  });

  it('drops empty formatted cells beyond the column cap and refuses a value there', async () => {
    const ok = await xlsxAll({
      'xl/worksheets/sheet1.xml': sheet(`<row r="1">${inline('A1', '姓名')}<c r="IV1" s="1"/><c r="XFD1" s="2"/></row>`),
    });
    expect(ok[0]!.cells).toEqual(['姓名']);
    const err = await refusal(
      xlsxAll({ 'xl/worksheets/sheet1.xml': sheet(`<row r="4">${inline('A4', '姓名')}${inline('IW4', 'x')}</row>`) }),
    );
    expect(err).toMatchObject({ kind: 'columns', limit: SHEET_LIMITS.maxColumns, row: 4 });
    // the same cell written again and again, no reference: each one is another column
    const many = await refusal(xlsxAll({ 'xl/worksheets/sheet1.xml': sheet(`<row r="1">${'<c><v>1</v></c>'.repeat(300)}</row>`) }));
    expect(many).toMatchObject({ kind: 'columns', row: 1 });
  });

  it('refuses a worksheet or shared strings part declared larger than its cap before inflating it', async () => {
    const big = await refusal(
      xlsxAll({ 'xl/worksheets/sheet1.xml': sheet('<row r="1"/>') }, { 'xl/worksheets/sheet1.xml': SHEET_LIMITS.maxSheetXmlBytes + 1 }),
    );
    expect(big).toMatchObject({ kind: 'sheet_xml' });
    const sst = await refusal(
      xlsxAll(
        {
          'xl/sharedStrings.xml': '<sst><si><t>a</t></si></sst>',
          'xl/worksheets/sheet1.xml': sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        },
        { 'xl/sharedStrings.xml': SHEET_LIMITS.maxSharedStringsXmlBytes + 1 },
      ),
    );
    expect(sst).toMatchObject({ kind: 'strings_xml' });
    expect(errorMessage(sheetLimitError(sst!).code, sheetLimitError(sst!).params, 'zh-CN')).toContain('256 MB');
  });
});

describe('sheet limits, .csv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jx-sheet-limits-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  async function csvFile(text: string): Promise<SealedFile> {
    const f = { path: join(dir, `f${n++}.csv`), key: randomBytes(32), iv: randomBytes(16) };
    const out = writeSealed(f);
    out.end(Buffer.from(text));
    await out.done;
    return f;
  }
  async function csvAll(text: string) {
    const out: { row: number; cells: unknown[] }[] = [];
    for await (const r of readRows(await csvFile(text), 'csv')) out.push(r);
    return out;
  }

  it('takes a field of exactly the cap (quoted, with doubled quotes) and refuses one more, naming row and column', async () => {
    const ok = await csvAll(`姓名,备注\n张三,"${'""'.repeat(MAX)}"\n`);
    expect((ok[1]!.cells[1] as string).length).toBe(MAX);
    const err = await refusal(csvAll(`姓名,备注\n张三,${'x'.repeat(MAX + 1)}\n`));
    expect(err).toMatchObject({ kind: 'cell', row: 2, col: 1 });
    // a file of nothing but quotes is refused, not carried from chunk to chunk
    expect(await refusal(csvAll('"'.repeat(3_000_000)))).toMatchObject({ kind: 'cell' });
  });

  it('drops empty fields beyond the column cap, refuses a value there: the million-column line stops at column 257', async () => {
    const ok = await csvAll(`姓名,身份证号${','.repeat(5000)}\n`);
    expect(ok[0]!.cells).toHaveLength(SHEET_LIMITS.maxColumns);
    const t0 = performance.now();
    const err = await refusal(csvAll(`${'1,'.repeat(999_999)}1\n`));
    expect(err).toMatchObject({ kind: 'columns', limit: SHEET_LIMITS.maxColumns, row: 1 });
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('refuses a sheet past the row cap', async () => {
    const err = await refusal(csvAll('\n'.repeat(SHEET_LIMITS.maxRows + 1)));
    expect(err).toMatchObject({ kind: 'rows', limit: SHEET_LIMITS.maxRows });
    expect(errorMessage(sheetLimitError(err!).code, sheetLimitError(err!).params, 'zh-CN')).toBe(
      `文件超过 ${SHEET_LIMITS.maxRows} 行（导入上限），未导入；请分成几个文件导入`,
    );
  }, 60_000);
});
