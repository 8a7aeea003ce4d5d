// Roster import through HTTP: upload as people keep sheets, guessed mapping, per-cell errors, the
// error report, fix and re-import, commit, idempotent re-runs, CSV in GB18030, zip guards.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { HEADER_WORDS, IMPORT_FIELDS } from './imports.mapping.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.js';
import { createWorld, type World } from '../../testing/world.js';
import {
  buildCsv,
  buildXlsx,
  createPeopleWorld,
  download,
  guardPii,
  nthIdNumber,
  readXlsx,
  upload,
  uploadAndValidate,
  waitForImport,
  worksheetXml,
  type PeopleWorld,
} from '../../testing/people-world.js';

const HEADER = ['序号', '姓　名', '身份证号码（必填）', '手机号', '备注', '入会时间', '技能等级', '证书编号', '发证日期', '荣誉称号'];

describe('roster import', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jx-people-'));
    server = await startTestServer({ JIANGXIN_DATA_DIR: dataDir });
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts upload after upload: the insert that refuses a second open copy of a file stays valid once PostgreSQL plans it generically', async () => {
    // Repeated statements are prepared (db/prepared.ts); from the sixth run on a connection PostgreSQL may
    // use a generic plan, where an ON CONFLICT … WHERE status IN ($1, …) no longer matches the partial
    // unique index and every upload failed with a 500. The predicate is written as literals.
    for (let i = 0; i < 10; i++) {
      const csv = buildCsv(['姓名', '身份证号'], [[`连传${String.fromCharCode(0x4e00 + i)}`, nthIdNumber(1300 + i)]]);
      const up = await upload(p.entA, w.enterpriseA, `repeat-${i}.csv`, csv, 'text/csv');
      expect(up.status, JSON.stringify(up.body)).toBe(201);
    }
  });

  it('refuses an upload without a session or the permission, and out of scope', async () => {
    expect((await upload(server.anonymous(), w.enterpriseA, 'a.csv', 'x', 'text/csv')).status).toBe(401);
    expect((await upload(p.entA, w.enterpriseB, 'a.csv', 'x', 'text/csv')).status).toBe(404);
    const viewer = await server.login('viewer_a', 'User-Passw0rd!');
    expect((await upload(viewer, w.enterpriseA, 'a.csv', 'x', 'text/csv')).status).toBe(403);
  });

  it('offers the template: Chinese headers of every field, text-formatted columns, and a filled-in template imports with every column recognised', async () => {
    expect((await download(server.anonymous(), '/api/people/imports/template')).status).toBe(401);
    const viewer = await server.login('viewer_a', 'User-Passw0rd!');
    expect((await download(viewer, '/api/people/imports/template')).status).toBe(403);
    const r = await download(p.entA, '/api/people/imports/template');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(r.headers.get('content-disposition') ?? '')).toContain('职工花名册导入模板.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(IMPORT_FIELDS.map((f) => HEADER_WORDS[f][0]));
    expect(ws.getColumn(IMPORT_FIELDS.indexOf('idNumber') + 1).numFmt).toBe('@');
    // filled in, it is recognised column for column
    ws.addRow(IMPORT_FIELDS.map((f) => (f === 'name' ? '模板人' : f === 'idNumber' ? nthIdNumber(77) : null)));
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await upload(p.entA, w.enterpriseA, '模板.xlsx', filled);
    expect(up.status).toBe(201);
    expect(up.body.headerRow).toBe(1);
    expect(Object.keys(up.body.mapping).sort()).toEqual([...IMPORT_FIELDS].sort());
  });

  it('reads the roster LibreOffice wrote as .xlsx, and refuses its .xls, .ods, web-page and XML tables saying how to re-save them', async () => {
    // The same two-row roster saved by LibreOffice 7.4 (soffice --headless --convert-to) in each format.
    const fixture = (ext: string) => readFileSync(join(import.meta.dirname, '../../testing/fixtures/libreoffice', `roster.${ext}`));
    const v = await uploadAndValidate(p.entA, w.enterpriseA, 'roster-lo.xlsx', fixture('xlsx'));
    expect(v).toMatchObject({ totalRows: 2, validRows: 2, errorRows: 0, willCreate: 2 });
    const rows = (await p.entA.get(`/api/people/imports/${v.id}/preview`)).body;
    expect(rows.map((r: { name: string; skillLevel: string }) => `${r.name}:${r.skillLevel}`)).toEqual(['张三:senior', '李四:technician']);
    const refusals = [
      ['xls', '是 Excel 97–2003 工作簿（.xls）', 'an Excel 97–2003 workbook (.xls)'],
      ['ods', '是 OpenDocument 表格（.ods）', 'an OpenDocument spreadsheet (.ods)'],
      ['html', '是网页或 XML 格式的表格', 'a web-page or XML table'],
      ['xml', '是网页或 XML 格式的表格', 'a web-page or XML table'],
    ];
    for (const [ext, zh, en] of refusals) {
      for (const [locale, words] of [
        ['zh-CN', zh],
        ['en-US', en],
      ] as const) {
        p.entA.locale = locale;
        // Other systems export web-page and XML tables under .xls: the name does not decide.
        const up = await upload(
          p.entA,
          w.enterpriseA,
          `roster.${ext === 'ods' ? 'ods' : 'xls'}`,
          fixture(ext!),
          'application/octet-stream',
        );
        expect(up.status, `${ext} ${locale}`).toBe(400);
        expect(up.body.code).toBe('file_rejected');
        expect(up.body.message).toContain(words);
        expect(up.body.message).toContain('.xlsx');
      }
    }
    p.entA.locale = 'zh-CN';
  });

  it('reads a sheet as people keep it, reports every bad cell, and imports the corrected file', async () => {
    const good = (n: number) => nthIdNumber(n);
    const badCheck = good(3).slice(0, 17) + (good(3)[17] === '1' ? '2' : '1');
    const rows: unknown[][] = [
      [
        1,
        '张 三',
        good(1),
        '138 0013 8001',
        '多余列',
        new Date(Date.UTC(2015, 4, 1)),
        '高级工（三级）',
        'C-001',
        '2020.5.1',
        '全国劳动模范(2020)',
      ],
      [2, '李四', `${good(2)}'`, 13800138002, '', '2016年7月1日', '技师', 'C-002', 43952, ''],
      [3, '王五', badCheck, '13800138003', '', '2023.2.30', '大师', '', '', ''],
      [4, '=HYPERLINK("http://x","点我")', 370102199001011000, '', '', '', '', '', '', ''],
      [5, '赵六', good(6), '', '', '', '', '', '', '省五一劳动奖章'],
    ];
    const file = await buildXlsx({ titleRows: ['滨州装备制造有限公司职工花名册', '填报单位：工会委员会'], header: HEADER, rows });
    const up = await upload(p.entA, w.enterpriseA, '花名册.xlsx', file);
    expect(up.status).toBe(201);
    expect(up.body.headerRow).toBe(3);
    expect(up.body.mapping).toMatchObject({
      name: 1,
      idNumber: 2,
      phone: 3,
      joinedOn: 5,
      skillLevel: 6,
      certificateNo: 7,
      certifiedOn: 8,
      honours: 9,
    });
    expect(up.body.mapping.org).toBeUndefined();

    const v = await p.entA.post(`/api/people/imports/${up.body.id}/validate`, {});
    expect(v.status).toBe(202);
    const done = await waitForImport(p.entA, up.body.id, (i) => i.status === 'validated');
    expect(done).toMatchObject({ totalRows: 5, validRows: 3, errorRows: 2, willCreate: 3 });

    const errors = (await p.entA.get(`/api/people/imports/${up.body.id}/errors`)).body;
    const codes = errors.items.map((e: { row: number; column: string; code: string }) => `${e.row}${e.column}:${e.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['6C:invalid_check_digit', '6F:invalid_date', '6G:unknown_skill_level', '7B:formula_injection']),
    );
    // An ID typed as a number has lost its last digits; it is reported, not guessed.
    const row7 = await p.entA.post(`/api/people/imports/${up.body.id}/validate`, { mapping: { ...up.body.mapping, name: 4 } });
    expect(row7.status).toBe(202);
    await waitForImport(p.entA, up.body.id, (i) => i.status === 'validated');
    const errs2 = (await p.entA.get(`/api/people/imports/${up.body.id}/errors?pageSize=200`)).body.items;
    expect(errs2.map((e: { row: number; code: string }) => `${e.row}:${e.code}`)).toContain('7:id_number_as_number');
    expect(errs2.find((e: { code: string }) => e.code === 'invalid_check_digit').message).toContain('校验位');
    // back to the right mapping
    await p.entA.post(`/api/people/imports/${up.body.id}/validate`, { mapping: up.body.mapping });
    await waitForImport(p.entA, up.body.id, (i) => i.status === 'validated');

    // Commit refuses while rows have errors, unless told to skip them.
    expect((await p.entA.post(`/api/people/imports/${up.body.id}/commit`, {})).body.code).toBe('import_has_errors');

    // The error report: the header, every original row (masked for this user) with its reasons, so the
    // sheet can be fixed in place; rows=errors gives the two bad rows only.
    const all = await readXlsx((await download(p.entA, `/api/people/imports/${up.body.id}/error-report`)).data);
    expect(all[0]![0]).toBe('原行号');
    expect(all.slice(1).map((r) => r[0])).toEqual(['4', '5', '6', '7', '8']);
    const errorCol = all[0]!.length - 1;
    expect(all.slice(1).map((r) => (r[errorCol] ? 'error' : ''))).toEqual(['', '', 'error', 'error', '']);
    const report = await download(p.entA, `/api/people/imports/${up.body.id}/error-report?rows=errors`);
    expect(report.status).toBe(200);
    const sheet = await readXlsx(report.data);
    expect(sheet[0]![0]).toBe('原行号');
    expect(sheet[0]!.at(-1)).toBe('错误说明');
    expect(sheet.slice(1).map((r) => r[0])).toEqual(['6', '7']);
    expect(sheet[1]!.at(-1)).toContain('校验位');
    expect(sheet[2]![2]).toBe('\'=HYPERLINK("http://x","点我")'); // inert, as text
    const xml = await worksheetXml(report.data);
    expect(xml).toContain('HYPERLINK');
    expect(xml).not.toMatch(/<f[ >]/);
    for (const r of sheet) for (const c of r) expect(c).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}/);

    // The preview of valid rows is masked.
    const preview = (await p.entA.get(`/api/people/imports/${up.body.id}/preview`)).body;
    expect(preview).toHaveLength(3);
    expect(preview[0]).toMatchObject({ row: 4, name: '张三', action: 'create', skillLevel: 'senior' });
    // Paged in file order (the page is cut before the rows are looked up in people).
    const second = (await p.entA.get(`/api/people/imports/${up.body.id}/preview?page=2&pageSize=2`)).body;
    expect(second.map((r: { row: number }) => r.row)).toEqual([preview[2].row]);
    expect((await p.entA.get(`/api/people/imports/${up.body.id}/preview?page=3&pageSize=2`)).body).toEqual([]);

    // Fixed file: same rows, errors corrected.
    rows[2] = [3, '王五', good(3), '13800138003', '', '2023.2.28', '高级技师', '', '', ''];
    rows[3] = [4, '钱七', good(4), '', '', '', '', '', '', ''];
    const fixed = await buildXlsx({ titleRows: ['滨州装备制造有限公司职工花名册'], header: HEADER, rows });
    const v2 = await uploadAndValidate(p.entA, w.enterpriseA, '花名册-修正.xlsx', fixed);
    expect(v2).toMatchObject({ validRows: 5, errorRows: 0, willCreate: 5 });
    expect((await p.entA.post(`/api/people/imports/${v2.id}/commit`, {})).status).toBe(202);
    const committed = await waitForImport(p.entA, v2.id, (i) => i.status === 'committed');
    expect(committed).toMatchObject({ createdCount: 5, updatedCount: 0, committedBatches: committed.totalBatches });

    const list = (await p.entA.get('/api/people?q=张三')).body;
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      name: '张三',
      skillLevel: 'senior',
      highlySkilled: true,
      unionMember: true,
      unionJoinedOn: '2015-05-01',
      phoneMasked: '138****8001',
    });
    const detail = (await p.entA.get(`/api/people/${list.items[0].id}`)).body;
    expect(detail.skills[0]).toMatchObject({ level: 'senior', certificateNo: 'C-001', certifiedOn: '2020-05-01', fromImport: true });
    expect(detail.honours[0]).toMatchObject({ kind: 'model_worker', grade: 'national', year: 2020 });
    const li = (await p.entA.get('/api/people?q=李四')).body.items[0];
    expect(li).toMatchObject({ skillLevel: 'technician', unionJoinedOn: '2016-07-01' });
    expect((await p.entA.get(`/api/people/${li.id}`)).body.skills[0].certifiedOn).toBe('2020-05-01'); // serial 43952

    // The same file again: no duplicates, updates in place, history not repeated.
    const again = await uploadAndValidate(p.entA, w.enterpriseA, '花名册-修正.xlsx', fixed);
    expect(again).toMatchObject({ willCreate: 0, willUpdate: 5 });
    await p.entA.post(`/api/people/imports/${again.id}/commit`, {});
    await waitForImport(p.entA, again.id, (i) => i.status === 'committed');
    expect((await p.entA.get('/api/people?pageSize=200')).body.total).toBe(6); // 5 + 李甲
    expect((await p.entA.get(`/api/people/${list.items[0].id}`)).body.skills).toHaveLength(1);
  });

  it('validates the same in the optional worker thread (JIANGXIN_IMPORT_WORKER=on, PostgreSQL)', async () => {
    process.env.JIANGXIN_IMPORT_WORKER = 'on';
    try {
      const csv = buildCsv(
        ['姓名', '身份证号', '技能等级'],
        [
          ['蒋甲', nthIdNumber(50), '技师'],
          ['沈乙', nthIdNumber(51), '大师'],
          ['韩丙', nthIdNumber(52), ''],
        ],
      );
      const v = await uploadAndValidate(p.entA, w.enterpriseA, 'worker.csv', csv, 'text/csv');
      expect(v).toMatchObject({ totalRows: 3, validRows: 2, errorRows: 1, willCreate: 2 });
      const errs = (await p.entA.get(`/api/people/imports/${v.id}/errors`)).body.items;
      expect(errs.map((e: { row: number; code: string }) => `${e.row}:${e.code}`)).toEqual(['3:unknown_skill_level']);
    } finally {
      delete process.env.JIANGXIN_IMPORT_WORKER;
    }
  });

  it("checks craftsman titles per row: a title counts where the federation that set it is the row's organisation or above", async () => {
    // imported at the province: city B's title is below the import's organisation, above enterprise B, beside enterprise A
    const csv = buildCsv(
      ['姓名', '身份证号', '所属单位', '荣誉称号'],
      [
        ['冯甲', nthIdNumber(40), '济南机床有限公司', '济南工匠(2021)'],
        ['陈乙', nthIdNumber(41), '滨州装备制造有限公司', '济南工匠(2021)'],
      ],
    );
    const v = await uploadAndValidate(w.admin, w.province, 'titles.csv', csv, 'text/csv');
    expect(v).toMatchObject({ validRows: 1, errorRows: 1 });
    const errs = (await w.admin.get(`/api/people/imports/${v.id}/errors`)).body.items;
    expect(errs.map((e: { row: number; code: string }) => `${e.row}:${e.code}`)).toEqual(['3:unknown_craftsman_title']);
  });

  it('imports CSV saved by Excel on Chinese Windows (GB18030) into a city, placing rows by the organisation column', async () => {
    const staffA = guardPii(w.staffA, 'federation staff A');
    const csv = buildCsv(
      ['姓名', '身份证号', '所属单位', '学历', '在职状态'],
      [
        ['孙八', nthIdNumber(10), '滨州装备制造有限公司', '本科', '在职'],
        ['周九', nthIdNumber(11), '济南机床有限公司', '大专', '退休'],
        ['吴十', nthIdNumber(12), ' 滨州装备制造有限公司 ', '硕士', '在岗'],
        ['郑一', nthIdNumber(13), '', '高中', ''],
      ],
    );
    const v = await uploadAndValidate(staffA, w.cityA, 'roster.csv', encodeGb18030(csv), 'text/csv');
    expect(v).toMatchObject({ format: 'csv', headerRow: 1, validRows: 2, errorRows: 2 });
    const errs = (await staffA.get(`/api/people/imports/${v.id}/errors`)).body.items;
    // A sibling city's enterprise is not found; a city federation is no workplace, so the column is needed.
    expect(errs.map((e: { row: number; code: string }) => `${e.row}:${e.code}`).sort()).toEqual(['3:unknown_org', '5:org_required']);
    // A cell's text comes from the people module (the tasks module has its own unknown_org).
    expect(errs.find((e: { code: string }) => e.code === 'unknown_org').message).toBe('所属单位不是本单位及下级中的企业或基层工会');
    await staffA.post(`/api/people/imports/${v.id}/commit`, { skipInvalid: true });
    const done = await waitForImport(staffA, v.id, (i) => i.status === 'committed');
    expect(done).toMatchObject({ createdCount: 2 });
    const wu = (await staffA.get('/api/people?q=吴十')).body.items[0];
    expect(wu).toMatchObject({ orgId: w.enterpriseA, education: 'master', employmentStatus: 'employed' });
  });

  it('refuses a zip whose directory promises more than the caps, and one that lies about its sizes', async () => {
    const bomb = zipWith('xl/worksheets/sheet1.xml', Buffer.alloc(50_000_000, 0x20));
    const r1 = await upload(p.entA, w.enterpriseA, 'bomb.xlsx', bomb);
    expect(r1.status).toBe(400);
    expect(r1.body.code).toBe('file_rejected');
    expect(r1.body.message).toBe('文件无法读取：压缩比异常，疑似压缩炸弹');
    const liar = zipWith('xl/worksheets/sheet1.xml', Buffer.alloc(200_000, 0x41), 1000);
    const r2 = await upload(p.entA, w.enterpriseA, 'liar.xlsx', liar);
    expect(r2.body.message).toContain('压缩包中的文件大小与记录不符');
  });

  it('refuses to commit when staged rows are missing, and recovers by validating again', async () => {
    const file = await buildXlsx({
      header: ['姓名', '身份证号'],
      rows: [
        ['冯二', nthIdNumber(40)],
        ['陈三', nthIdNumber(41)],
      ],
    });
    const v = await uploadAndValidate(p.entA, w.enterpriseA, 'lost.xlsx', file);
    await server.db.deleteFrom('people_import_rows').where('import_id', '=', v.id).execute();
    const refused = await p.entA.post(`/api/people/imports/${v.id}/commit`, {});
    expect(refused.body).toMatchObject({ status: 409, code: 'import_staging_lost', message: '暂存的数据行已丢失，请重新校验' });
    // The failure is stored as a code and translated when read, in the reader's language.
    expect((await p.entA.get(`/api/people/imports/${v.id}`)).body).toMatchObject({
      status: 'failed',
      failureCode: 'import_staging_lost',
      failure: '暂存的数据行已丢失，请重新校验',
    });
    expect((await p.entA.get(`/api/people/imports/${v.id}`, { 'accept-language': 'en-US' })).body.failure).toBe(
      'The staged rows are missing; validate again',
    );
    await p.entA.post(`/api/people/imports/${v.id}/validate`, {});
    await waitForImport(p.entA, v.id, (i) => i.status === 'validated');
    await p.entA.post(`/api/people/imports/${v.id}/commit`, {});
    expect(await waitForImport(p.entA, v.id, (i) => i.status === 'committed')).toMatchObject({ createdCount: 2 });
  });

  it('keeps backslashes, tabs and line breaks in free text through staging (COPY text on PostgreSQL, JSON on PGlite)', async () => {
    const occupations = ['数控\\车工', '钳工\t二班', '焊工\n(氩弧)', '电工\\N', '铣工\r\n夜班'];
    const file = await buildXlsx({
      header: ['姓名', '身份证号', '工种'],
      rows: occupations.map((o, i) => [`转义${String.fromCharCode(0x4e00 + i)}`, nthIdNumber(1200 + i), o]),
    });
    const v = await uploadAndValidate(p.entA, w.enterpriseA, 'escapes.xlsx', file);
    expect(v.validRows).toBe(occupations.length);
    await p.entA.post(`/api/people/imports/${v.id}/commit`, {});
    await waitForImport(p.entA, v.id, (i) => i.status === 'committed');
    const stored = await server.db
      .selectFrom('people')
      .select(['name', 'occupation'])
      .where('name', 'like', '转义%')
      .orderBy('name')
      .execute();
    // Stored as written: a backslash stays one, a written \N is text (COPY's null is \N unescaped).
    expect(stored.map((r) => r.occupation)).toEqual(occupations);
  });

  it('validates and imports together (pipelined): batches commit while the file is read; invalid, later-duplicate and conflicting rows go to the report', async () => {
    const rows: unknown[][] = Array.from({ length: 130 }, (_, i) => [
      `流水${String.fromCharCode(0x4e00 + i)}`,
      nthIdNumber(600 + i),
      '高级工',
    ]);
    rows[10] = ['错级', nthIdNumber(900), '大师']; // invalid: unknown skill level
    rows[70] = ['重复', nthIdNumber(600 + 5), '']; // the ID number of row 5 (data row 6) again: the later copy is refused
    const csv = buildCsv(['姓名', '身份证号', '技能等级'], rows);
    const up = await upload(p.entA, w.enterpriseA, 'pipe.csv', csv, 'text/csv');
    const started = await p.entA.post(`/api/people/imports/${up.body.id}/validate`, { batchSize: 50, pipelined: true });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ pipelined: true, status: 'committing' });
    const done = await waitForImport(p.entA, up.body.id, (i) => i.status === 'committed');
    // batches of 10 (the first is a fifth of the batch size), 50, 50 and 18 rows
    expect(done).toMatchObject({
      totalRows: 130,
      validRows: 128,
      errorRows: 2,
      createdCount: 128,
      appliedRows: 128,
      committedBatches: 4,
      totalBatches: 4,
    });
    const errs = (await p.entA.get(`/api/people/imports/${up.body.id}/errors`)).body.items;
    expect(errs.map((e: { row: number; code: string }) => `${e.row}:${e.code}`).sort()).toEqual([
      '12:unknown_skill_level',
      '72:duplicate_earlier',
    ]);
    expect(errs.find((e: { code: string }) => e.code === 'duplicate_earlier').message).toContain('较前的行');
    // The first copy is the one imported.
    expect((await p.entA.get(`/api/people?q=${nthIdNumber(605)}`)).body.items[0].name).toBe(`流水${String.fromCharCode(0x4e00 + 5)}`);
    // The per-row report stays downloadable after the commit (the file is kept while it has rows to report).
    expect((await download(p.entA, `/api/people/imports/${up.body.id}/error-report`)).status).toBe(200);

    // The same people under other names: skipped as conflicts, never renamed; the rest updated.
    const again = buildCsv(
      ['姓名', '身份证号'],
      [
        ['改名甲', nthIdNumber(600)],
        [`流水${String.fromCharCode(0x4e00 + 1)}`, nthIdNumber(601)],
      ],
    );
    const up2 = await upload(p.entA, w.enterpriseA, 'pipe2.csv', again, 'text/csv');
    await p.entA.post(`/api/people/imports/${up2.body.id}/validate`, { pipelined: true });
    const done2 = await waitForImport(p.entA, up2.body.id, (i) => i.status === 'committed');
    expect(done2).toMatchObject({ validRows: 1, conflictRows: 1, errorRows: 1, updatedCount: 1, createdCount: 0, appliedRows: 1 });
    const errs2 = (await p.entA.get(`/api/people/imports/${up2.body.id}/errors`, { 'accept-language': 'en-US' })).body.items;
    expect(errs2.map((e: { row: number; code: string }) => `${e.row}:${e.code}`)).toEqual(['2:name_conflict_skipped']);
    expect((await p.entA.get(`/api/people?q=${nthIdNumber(600)}`)).body.items[0].name).toBe(`流水${String.fromCharCode(0x4e00)}`);

    // A person of another enterprise: a transfer request, then (imported again) one already pending,
    // which is no new request but is an applied row all the same (the wizard's progress counts it).
    const elsewhere = nthIdNumber(2600);
    expect((await w.admin.post('/api/people', { orgId: w.enterpriseB, name: '调动乙', idNumber: elsewhere })).status).toBe(201);
    const moved = [] as { transferCount: number; appliedRows: number }[];
    for (const n of [1, 2]) {
      const up3 = await upload(
        p.entA,
        w.enterpriseA,
        `transfer-${n}.csv`,
        buildCsv(['姓名', '身份证号'], [['调动乙', elsewhere]]),
        'text/csv',
      );
      await p.entA.post(`/api/people/imports/${up3.body.id}/validate`, { pipelined: true });
      moved.push(await waitForImport(p.entA, up3.body.id, (i) => i.status === 'committed'));
    }
    expect(moved.map((m) => [m.transferCount, m.appliedRows])).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });

  it('scanned every answer to the enterprise staff for unmasked ID numbers and phones', () => {
    expect(p.entA.scanned).toBeGreaterThan(10);
  });
});

/** A one-entry zip; declaredSize overrides the uncompressed size written in the directory. */
function zipWith(name: string, content: Buffer, declaredSize?: number): Buffer {
  const data = deflateRawSync(content);
  const nameBuf = Buffer.from(name);
  const size = declaredSize ?? content.length;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = 30 + nameBuf.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBuf.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBuf, data, central, nameBuf, end]);
}

/** Encodes text as GB18030 by inverting TextDecoder('gb18030') over the two-byte range (enough for these names). */
function encodeGb18030(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...(table.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}
