// The streaming .xlsx reader against workbooks as exceljs writes them and as other writers do
// (prefixed elements, inline strings, rich text with phonetic runs, shared formulas, no cell refs),
// the compact hash set of seen ID numbers, and the pooled GCM nonces of the secret box.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { zip } from '../../testing/zip.js';
import { createSecretBox } from '../../platform/secrets.js';
import { FixedWidthSet } from './hash-set.js';
import { SheetLimitExceeded } from '../../platform/sheet-limits.js';
import { xlsxHead, xlsxRows } from '../../platform/xlsx-reader.js';
import type { ZipSource } from '../../platform/zip-guard.js';

const source = (buf: Buffer): ZipSource => ({
  size: buf.length,
  read: async (s, l) => buf.subarray(s, s + l),
  stream: (s, e) => Readable.from([buf.subarray(s, e + 1)]),
});

async function rows(buf: Buffer) {
  const out: { row: number; cells: unknown[] }[] = [];
  for await (const r of xlsxRows(source(buf))) out.push(r);
  return out;
}

describe('xlsx reader', () => {
  it('reads what exceljs writes: shared and rich strings, numbers, booleans, dates, formulas, gaps', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    wb.addWorksheet('说明').addRow(['not the roster']); // only the first sheet is read
    ws.addRow(['职工花名册']);
    ws.addRow(['姓名', '身份证号码', '入会时间', '在职', '备注']);
    ws.addRow([
      '王伟',
      '370102199001011234',
      new Date(Date.UTC(2023, 4, 1)),
      true,
      { richText: [{ text: '甲' }, { font: { bold: true }, text: '乙 & <丙>' }] },
    ]);
    ws.getCell('A4').value = { formula: 'A3&"x"', result: '王伟x' };
    ws.getCell('C4').value = 45000.5;
    ws.getCell('E5').value = 'only E';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const got = await rows(buf);
    expect(got.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(got[0]!.cells).toEqual(['职工花名册']);
    expect(got[1]!.cells).toEqual(['姓名', '身份证号码', '入会时间', '在职', '备注']);
    expect(got[2]!.cells[0]).toBe('王伟');
    expect(got[2]!.cells[1]).toBe('370102199001011234');
    expect(typeof got[2]!.cells[2]).toBe('number'); // a date cell is its serial number (styles are not read)
    expect(got[2]!.cells[3]).toBe(true);
    expect(got[2]!.cells[4]).toBe('甲乙 & <丙>');
    expect(got[3]!.cells[0]).toEqual({ formula: 'A3&"x"' });
    expect(got[3]!.cells[2]).toBe(45000.5);
    expect(got[4]!.cells).toEqual([null, null, null, null, 'only E']);
    const head = await xlsxHead(source(buf), 2);
    expect(head.map((r) => r.cells)).toEqual([['职工花名册'], ['姓名', '身份证号码', '入会时间', '在职', '备注']]);
  });

  it('reads other writers: prefixed elements, inline strings, phonetic runs, shared formulas, cells without refs', async () => {
    const ns =
      'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const buf = zip({
      '[Content_Types].xml': '<Types/>',
      'xl/workbook.xml': `<x:workbook ${ns}><x:sheets><x:sheet name="a" sheetId="7" r:id="rId9"/></x:sheets></x:workbook>`,
      'xl/_rels/workbook.xml.rels':
        '<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/></Relationships>',
      'xl/strings.xml': `<x:sst ${ns}><x:si><x:t>姓名</x:t></x:si><x:si><x:r><x:t xml:space="preserve">张 </x:t></x:r><x:r><x:t>三</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ちょう</x:t></x:rPh></x:si><x:si><x:t>a&amp;b_x000D_c</x:t></x:si></x:sst>`,
      'xl/worksheets/data.xml': `<x:worksheet ${ns}><x:sheetData>
        <x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>身份证</x:t></x:is></x:c></x:row>
        <x:row><x:c t="s"><x:v>1</x:v></x:c><x:c><x:v>1.5E+17</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>
        <x:row r="5"><x:c r="B5"><x:f t="shared" ref="B5:B6" si="0">A5+1</x:f><x:v>2</x:v></x:c></x:row>
        <x:row r="6"><x:c r="B6"><x:f t="shared" si="0"/><x:v>3</x:v></x:c><x:c r="C6" t="e"><x:v>#N/A</x:v></x:c><x:c r="D6" t="str"><x:v>x</x:v></x:c></x:row>
        <x:row r="7"/>
      </x:sheetData></x:worksheet>`,
    });
    const got = await rows(buf);
    expect(got).toEqual([
      { row: 1, cells: ['姓名', '身份证'] },
      { row: 2, cells: ['张 三', 1.5e17, 'a&b\rc'] },
      { row: 5, cells: [null, { formula: 'A5+1' }] },
      { row: 6, cells: [null, { formula: 'A5+1' }, '#N/A', 'x'] },
      { row: 7, cells: [] },
    ]);
  });

  it('reads the shared strings alongside the rows, as far as they need, in any order', async () => {
    const book = (strings: string[], sheetRows: string[]) =>
      zip({
        'xl/sharedStrings.xml': `<sst>${strings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`,
        'xl/worksheets/sheet1.xml': `<worksheet><sheetData>${sheetRows.map((r) => `<row>${r}</row>`).join('')}</sheetData></worksheet>`,
      });
    const s = (i: number) => `<c t="s"><v>${i}</v></c>`;
    // Another writer's order: a row may ask for a later string first, or an earlier one again; an index
    // past the table is an empty cell.
    const padding = Array.from({ length: 20_000 }, (_, i) => `职工${i}`);
    const got = await rows(book(['甲', '乙', ...padding, '丙'], [s(20_002) + s(0), s(1) + s(0), s(5), s(99_999)]));
    expect(got.map((r) => r.cells)).toEqual([['丙', '甲'], ['乙', '甲'], ['职工3'], []]);
    // The first rows come before the rest of the table is read: a string beyond the cell limit at its
    // end is refused only at the row that asks for it.
    const seen: unknown[] = [];
    const late = book(['甲', ...padding, 'x'.repeat(300_000)], [s(0), s(1), s(20_001)]);
    await expect(
      (async () => {
        for await (const r of xlsxRows(source(late))) seen.push(r.cells);
      })(),
    ).rejects.toThrow(SheetLimitExceeded);
    expect(seen).toEqual([['甲'], ['职工0']]);
  });

  it('refuses an entry that inflates beyond its declared size', async () => {
    const buf = zip({
      'xl/worksheets/sheet1.xml': `<worksheet><sheetData>${'<row><c><v>1</v></c></row>'.repeat(100)}</sheetData></worksheet>`,
    });
    // declare a smaller uncompressed size in the central directory
    const cd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt32LE(10, cd + 24);
    await expect(rows(buf)).rejects.toThrow(/size/);
  });
});

describe('FixedWidthSet', () => {
  it('is exact over many entries and growth', () => {
    const set = new FixedWidthSet(8, 16);
    const key = (i: number) => `k${String(i).padStart(7, '0')}`;
    for (let i = 0; i < 50_000; i += 2) set.add(key(i));
    expect(set.size).toBe(25_000);
    for (let i = 0; i < 50_000; i++) expect(set.has(key(i))).toBe(i % 2 === 0);
    set.add(key(0));
    expect(set.size).toBe(25_000);
  });
});

describe('secret box', () => {
  it('seals with a fresh nonce each time across pool refills and opens what it sealed', () => {
    const box = createSecretBox(Buffer.alloc(32, 3));
    const nonces = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const sealed = box.seal(`370102199001011234-${i}`);
      nonces.add(Buffer.from(sealed.slice(3), 'base64').subarray(0, 12).toString('hex'));
      if (i % 997 === 0) expect(box.open(sealed)).toBe(`370102199001011234-${i}`);
    }
    expect(nonces.size).toBe(10_000);
  });
});
