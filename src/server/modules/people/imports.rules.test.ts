// Roster import rules that real sheets need (issue #11, items 1 and 3): an ID number written twice is
// reported on every row and none is imported; a registered ID under another name waits for a decision;
// totals, blank-marker and signature lines are skipped with a reason, never errors; one message per cell;
// the error report round trip (cells as uploaded, dates as dates, IDs in full for the uploader with
// people.pii) and its masking (parsed ID and phone values, whatever their written form) and retention.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import {
  buildXlsx,
  createPeopleWorld,
  download,
  findPiiInSheet,
  guardPii,
  nthIdNumber,
  readXlsx,
  upload,
  uploadAndValidate,
  waitForImport,
  type PeopleWorld,
} from '../../testing/people-world.js';
import { purgeExpiredImports } from './imports.jobs.js';
import { summaryLine } from './imports.validate.js';
import { maskIdNumber } from './id-number.js';

const HEADER = ['序号', '姓名', '性别', '身份证号码', '手机号码', '入会时间', '技能等级', '证书编号'];
/** Male or female per the ID number's 17th digit. */
const genderOf = (id: string) => (Number(id[16]) % 2 === 1 ? '男' : '女');
const otherGender = (id: string) => (genderOf(id) === '男' ? '女' : '男');

type ErrorItem = {
  row: number;
  column: string | null;
  code: string;
  field: string | null;
  message: string;
  skipped: boolean;
  value: string | null;
};
const errorsOf = async (c: Client, id: string): Promise<ErrorItem[]> =>
  (await c.get(`/api/people/imports/${id}/errors?pageSize=200`)).body.items;

describe('roster import rules', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let dataDir: string;
  let n = 5000;
  const nextId = () => nthIdNumber(n++);
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jx-import-rules-'));
    server = await startTestServer({ JIANGXIN_DATA_DIR: dataDir });
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
  }, 120_000);
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports an ID number written twice on both rows when the first is refused for another reason, and imports neither', async () => {
    const dup = nextId();
    const file = await buildXlsx({
      header: HEADER,
      rows: [
        [1, '甲一', otherGender(dup), dup, '', '', '', ''], // refused: gender does not match the ID
        [2, '甲二', genderOf(dup), dup, '', '', '', ''], // otherwise valid
        [3, '甲三', '', nextId(), '', '', '', ''],
        [4, '甲六', '', nextId(), '', '', '', ''],
      ],
    });
    // the staged rows left after the post-pass are numbered 1…n again (a commit batch is a range of them)
    const v = await uploadAndValidate(p.entA, w.enterpriseA, 'dup-first-refused.xlsx', file, undefined, { batchSize: 50 });
    expect(v).toMatchObject({ totalRows: 4, validRows: 2, errorRows: 2, willCreate: 2 });
    const errs = await errorsOf(p.entA, v.id);
    expect(errs.filter((e) => e.code === 'duplicate_in_file').map((e) => `${e.row}${e.column}`)).toEqual(['2D', '3D']);
    expect(errs.find((e) => e.row === 2 && e.code === 'gender_mismatch')).toBeDefined();
    expect(errs.find((e) => e.code === 'duplicate_in_file')!.value).toBe('2, 3');
    expect(errs.find((e) => e.code === 'duplicate_in_file')!.message).toContain('出现多次');
    await p.entA.post(`/api/people/imports/${v.id}/commit`, { skipInvalid: true });
    expect(await waitForImport(p.entA, v.id, (i) => i.status === 'committed')).toMatchObject({ createdCount: 2, validRows: 2 });
    expect((await p.entA.get('/api/people?q=甲二')).body.total).toBe(0);
    expect((await p.entA.get('/api/people?q=甲一')).body.total).toBe(0);
    expect((await p.entA.get('/api/people?q=甲三')).body.total).toBe(1);
  });

  it('reports an ID number on two otherwise valid rows on both, and never updates the person registered under it', async () => {
    const id = nextId();
    const reg = await w.admin.post('/api/people', { orgId: w.enterpriseA, name: '原登记', idNumber: id });
    expect(reg.status).toBe(201);
    const file = await buildXlsx({
      header: HEADER,
      rows: [
        [1, '乙一', '', id, '', '', '', ''],
        [2, '乙二', '', id, '', '', '', ''],
      ],
    });
    const v = await uploadAndValidate(p.entA, w.enterpriseA, 'dup-both-valid.xlsx', file);
    expect(v).toMatchObject({ validRows: 0, errorRows: 2, willUpdate: 0, conflictRows: 0 });
    expect((await errorsOf(p.entA, v.id)).map((e) => `${e.row}:${e.code}`)).toEqual(['2:duplicate_in_file', '3:duplicate_in_file']);
    const person = (await p.entA.get(`/api/people/${reg.body.person.id}`)).body;
    expect(person.name).toBe('原登记');
  });

  it('imports a real roster with a subtotal, totals, signature, seal and blank-marker lines with zero errors', async () => {
    const ids = [nextId(), nextId(), nextId()];
    const file = await buildXlsx({
      titleRows: ['滨州装备制造有限公司职工花名册', '填报单位：工会委员会'],
      header: HEADER,
      rows: [
        [1, '丙一', genderOf(ids[0]!), ids[0], '138 0013 8101', new Date(Date.UTC(2015, 4, 1)), '高级工', 'C-101'],
        [2, '丙二', genderOf(ids[1]!), ids[1], '', '', '', ''],
        ['小计', '', '', '', '', '', '', '2人'],
        [3, '丙三', genderOf(ids[2]!), ids[2], '', '', '技师', ''],
        ['合计：3人', '', '', '', '', '', '', ''],
        ['Total: 3', null, null, null, null, null, null, null],
        ['填表人：王芳', '', '', '审核人：李强', '', '制表日期：2026年12月1日', '', ''],
        ['Prepared by: Wang Fang', '', '', 'Checked by: Li Qiang', '', '', '', ''],
        ['', '', '', '', '', '单位（盖章）', '', ''],
        ['以下空白', '', '', '', '', '', '', ''],
        ['备注：本表一式两份', '', '', '', '', '', '', ''],
      ],
    });
    const v = await uploadAndValidate(p.entA, w.enterpriseA, '真实花名册.xlsx', file);
    expect(v).toMatchObject({ validRows: 3, errorRows: 0, errorCount: 0, skippedRows: 8, willCreate: 3 });
    const items = await errorsOf(p.entA, v.id);
    expect(items.every((e) => e.skipped)).toBe(true);
    expect(items.map((e) => `${e.row}:${e.code}`)).toEqual([
      '6:skipped_total',
      '8:skipped_total',
      '9:skipped_total',
      '10:skipped_signature',
      '11:skipped_signature',
      '12:skipped_signature',
      '13:skipped_blank_marker',
      '14:skipped_after_blank_marker',
    ]);
    expect(items[0]!.message).toBe('合计/小计行，已跳过');
    // the error report: skipped lines carry their reason in the full report, and are no "rows with errors"
    const full = await readXlsx((await download(p.entA, `/api/people/imports/${v.id}/error-report`)).data);
    expect(full.find((r) => r[0] === '8')!.at(-1)).toBe('合计/小计行，已跳过');
    expect(await readXlsx((await download(p.entA, `/api/people/imports/${v.id}/error-report?rows=errors`)).data)).toHaveLength(1);
    // no "skip rows with errors" needed
    expect((await p.entA.post(`/api/people/imports/${v.id}/commit`, {})).status).toBe(202);
    expect(await waitForImport(p.entA, v.id, (i) => i.status === 'committed')).toMatchObject({ createdCount: 3 });
    // a person named like a marker, with an ID number, is data
    const data = await buildXlsx({ header: HEADER, rows: [[1, '张合计', '', nextId(), '', '', '', '']] });
    expect(await uploadAndValidate(p.entA, w.enterpriseA, 'name-like-marker.xlsx', data)).toMatchObject({ validRows: 1, skippedRows: 0 });
  });

  it('gives an unknown skill level such as 特级大师 one message, not a second "required" one (and the same for every coded field)', async () => {
    const id = nextId();
    const file = await buildXlsx({
      header: [...HEADER, '学历', '在职状态', '是否会员'],
      rows: [[1, '丁一', '未知', id, '', '', '特级大师', 'C-9', '博士后后', '休假', '也许']],
    });
    const v = await uploadAndValidate(p.entA, w.enterpriseA, 'one-message.xlsx', file);
    const errs = await errorsOf(p.entA, v.id);
    expect(errs.map((e) => `${e.column}:${e.code}`).sort()).toEqual(
      ['C:invalid_gender', 'G:unknown_skill_level', 'I:unknown_education', 'J:unknown_employment_status', 'K:invalid_yes_no'].sort(),
    );
    const perColumn = new Map<string | null, number>();
    for (const e of errs) perColumn.set(e.column, (perColumn.get(e.column) ?? 0) + 1);
    expect([...perColumn.values()].every((k) => k === 1)).toBe(true);
  });

  it('shows a registered ID under another name as a conflict with both names, decided per row or for all, never a silent rename', async () => {
    const [a, b] = [nextId(), nextId()];
    const ra = await w.admin.post('/api/people', { orgId: w.enterpriseA, name: '戊登记', idNumber: a });
    const rb = await w.admin.post('/api/people', { orgId: w.enterpriseA, name: '己登记', idNumber: b });
    const file = await buildXlsx({
      header: HEADER,
      rows: [
        [1, '戊新名', '', a, '', '', '', ''],
        [2, '己新名', '', b, '', '', '', ''],
      ],
    });
    const v = await uploadAndValidate(p.entA, w.enterpriseA, 'conflicts.xlsx', file);
    expect(v).toMatchObject({ validRows: 2, errorRows: 0, conflictRows: 2, willUpdate: 2 });
    const list = (await p.entA.get(`/api/people/imports/${v.id}/conflicts`)).body;
    expect(list).toMatchObject({ total: 2, undecided: 2 });
    expect(list.items[0]).toMatchObject({
      row: 2,
      name: '戊新名',
      registeredName: '戊登记',
      decision: null,
      idNumberMasked: maskIdNumber(a),
    });
    // A page past the end still says how many there are; a page of one is the next in file order.
    const url = `/api/people/imports/${v.id}/conflicts`;
    expect((await p.entA.get(`${url}?page=2&pageSize=20`)).body).toEqual({ total: 2, undecided: 2, items: [] });
    expect((await p.entA.get(`${url}?page=2&pageSize=1`)).body.items.map((i: { row: number }) => i.row)).toEqual([3]);
    const refused = await p.entA.post(`/api/people/imports/${v.id}/commit`, {});
    expect(refused.body).toMatchObject({ status: 409, code: 'import_conflicts' });
    const bad = await p.entA.post(`/api/people/imports/${v.id}/conflicts`, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    const one = await p.entA.post(`/api/people/imports/${v.id}/conflicts`, { decision: 'rename', rows: [2] });
    expect(one.body).toMatchObject({ undecided: 1 });
    expect((await p.entA.post(`/api/people/imports/${v.id}/commit`, {})).body.code).toBe('import_conflicts');
    const all = await p.entA.post(`/api/people/imports/${v.id}/conflicts`, { decision: 'skip' });
    expect(all.body.undecided).toBe(0);
    expect(all.body.items.map((i: { decision: string }) => i.decision)).toEqual(['skip', 'skip']);
    await p.entA.post(`/api/people/imports/${v.id}/conflicts`, { decision: 'rename', rows: [2] });
    expect((await p.entA.post(`/api/people/imports/${v.id}/commit`, {})).status).toBe(202);
    expect(await waitForImport(p.entA, v.id, (i) => i.status === 'committed')).toMatchObject({ updatedCount: 1, validRows: 1 });
    expect((await p.entA.get(`/api/people/${ra.body.person.id}`)).body.name).toBe('戊新名');
    expect((await p.entA.get(`/api/people/${rb.body.person.id}`)).body.name).toBe('己登记');
    const audit = (await w.admin.get(`/api/audit?action=decide_conflicts&entityType=import&entityId=${v.id}`)).body.items;
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  describe('error report', () => {
    const phones = ['138 0013 8201', '138-0013-8202', '+86 138 0013 8203', '１３８００１３８２０４'];
    let ids: string[];
    let importId: string;
    let file: Buffer;
    beforeAll(async () => {
      ids = [nextId(), nextId(), nextId(), nextId()];
      const spaced = `${ids[1]!.slice(0, 6)} ${ids[1]!.slice(6, 14)} ${ids[1]!.slice(14)}`;
      const fullWidth = ids[2]!.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
      file = await buildXlsx({
        titleRows: ['职工花名册'],
        header: HEADER,
        rows: [
          [1, '庚一', '男女', ids[0], phones[0], new Date(Date.UTC(2016, 6, 1)), '', ''],
          [2, '庚二', genderOf(ids[1]!), spaced, phones[1], new Date(Date.UTC(2017, 2, 15)), '技师', 'C-2'],
          [3, '庚三', genderOf(ids[2]!), fullWidth, phones[2], '', '特级大师', ''],
          [4, '庚四', genderOf(ids[3]!), ids[3], phones[3], '', '', ''],
        ],
      });
      // admin (people.pii) uploads into enterprise A
      const up = await upload(w.admin, w.enterpriseA, '错误报告花名册.xlsx', file);
      expect(up.status).toBe(201);
      importId = up.body.id;
      await w.admin.post(`/api/people/imports/${importId}/validate`, {});
      expect(await waitForImport(w.admin, importId, (i) => i.status === 'validated')).toMatchObject({ errorRows: 2 });
    });

    it('gives the uploader with people.pii the cells as uploaded (dates as dates, ID numbers in full); fixed with exceljs, it imports with zero errors', async () => {
      const r = await download(w.admin, `/api/people/imports/${importId}/error-report`);
      expect(r.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.data as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.getRow(1).getCell(1).value).toBe('原行号');
      // row 2 of the report is the file's row 3 (庚一); columns shift by one for the row number
      expect(ws.getRow(2).getCell(5).value).toBe(ids[0]);
      expect(ws.getRow(2).getCell(6).value).toBe(phones[0]);
      expect(ws.getRow(2).getCell(7).value).toBeInstanceOf(Date);
      expect((ws.getRow(2).getCell(7).value as Date).toISOString().slice(0, 10)).toBe('2016-07-01');
      expect(ws.getRow(3).getCell(7).value).toBeInstanceOf(Date);
      expect(ws.getRow(5).getCell(6).value).toBe(phones[3]);
      expect(String(ws.getRow(2).getCell(10).value)).toContain('性别');
      // fix the two bad cells and upload the report itself again
      ws.getRow(2).getCell(4).value = genderOf(ids[0]!);
      ws.getRow(4).getCell(8).value = '高级技师';
      const fixed = Buffer.from(await wb.xlsx.writeBuffer());
      const again = await uploadAndValidate(w.admin, w.enterpriseA, '错误报告-修正.xlsx', fixed);
      expect(again).toMatchObject({ totalRows: 4, validRows: 4, errorRows: 0, errorCount: 0 });
    });

    it('masks every ID number and phone by its parsed value, whatever the written form, for users without people.pii and for a parent federation that did not upload it', async () => {
      await createUser(w.admin, 'admin_two', server.rootOrgId, ['admin']);
      const admin2 = guardPii(await loginFresh(server, 'admin_two'), 'second admin (did not upload)');
      const staffA = guardPii(w.staffA, 'federation staff A');
      for (const c of [staffA, admin2]) {
        // download() of a guarded client scans the sheet's XML in every written form (findPiiInSheet)
        const r = await download(c, `/api/people/imports/${importId}/error-report`);
        expect(r.status).toBe(200);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(r.data as unknown as ArrayBuffer);
        const ws = wb.worksheets[0]!;
        expect(ws.getRow(2).getCell(5).value).toBe(maskIdNumber(ids[0]!));
        expect(ws.getRow(3).getCell(5).value).toBe(maskIdNumber(ids[1]!));
        expect(ws.getRow(4).getCell(5).value).toBe(maskIdNumber(ids[2]!));
        expect([2, 3, 4, 5].map((k) => ws.getRow(k).getCell(6).value)).toEqual([
          '138****8201',
          '138****8202',
          '138****8203',
          '138****8204',
        ]);
      }
      // the scan itself sees every form
      for (const ph of phones) expect(findPiiInSheet(`<t>${ph}</t>`)).toBeDefined();
      expect(findPiiInSheet(`<t>${ids[1]!.slice(0, 6)} ${ids[1]!.slice(6)}</t>`)).toBeDefined();
      const audit = (await w.admin.get(`/api/audit?entityType=import&entityId=${importId}&action=download`)).body.items;
      expect(audit.length).toBeGreaterThanOrEqual(2);
    });

    it('deletes the file and the report after the retention period (JIANGXIN_IMPORT_REPORT_DAYS, 7 days by default)', async () => {
      const cfg = { JIANGXIN_DATA_DIR: dataDir, JIANGXIN_IMPORT_REPORT_DAYS: 7 };
      expect(readdirSync(join(dataDir, 'imports')).some((f) => f.startsWith(`${importId}.`))).toBe(true);
      // six days later: kept
      expect(await purgeExpiredImports(server.db, cfg, new Date(Date.now() + 6 * 86400_000))).toBe(0);
      expect(await purgeExpiredImports(server.db, cfg, new Date(Date.now() + 8 * 86400_000))).toBeGreaterThanOrEqual(1);
      expect(existsSync(join(dataDir, 'imports', `${importId}.xlsx`))).toBe(false);
      const r = await w.admin.get(`/api/people/imports/${importId}/error-report`);
      expect(r.body).toMatchObject({ status: 410, code: 'import_report_expired' });
      expect((await w.admin.get(`/api/people/imports/${importId}`)).body).toMatchObject({
        status: 'failed',
        failureCode: 'import_report_expired',
      });
      expect((await errorsOf(w.admin, importId)).length).toBe(0);
    });
  });
});

describe('summaryLine: non-data lines by their text and by being mostly empty', () => {
  const m = { name: 1, idNumber: 2, phone: 3, gender: 4, skillLevel: 5, certificateNo: 6, certifiedOn: 7 };
  const line = (...cells: unknown[]) => cells as never[];
  it('recognises totals, blank markers and signature lines in Chinese and English, wherever the marker stands', () => {
    expect(summaryLine(line('合计：40人'), m, false)).toBe('skipped_total');
    expect(summaryLine(line(null, '小 计', null, null, '12'), m, false)).toBe('skipped_total');
    expect(summaryLine(line('总计'), m, false)).toBe('skipped_total');
    expect(summaryLine(line(null, null, null, null, null, null, '以下空白'), m, false)).toBe('skipped_blank_marker');
    expect(summaryLine(line('填表人：王芳', null, '审核人：李强', null, '制表日期：2026年12月1日'), m, false)).toBe('skipped_signature');
    expect(summaryLine(line(null, null, null, null, '单位（盖章）'), m, false)).toBe('skipped_signature');
    expect(summaryLine(line('审核人'), m, false)).toBe('skipped_signature');
    expect(summaryLine(line('Grand Total', null, null, '40'), m, false)).toBe('skipped_total');
    expect(summaryLine(line('Prepared by: Wang'), m, false)).toBe('skipped_signature');
    expect(summaryLine(line('(blank below)'), m, false)).toBe('skipped_blank_marker');
    // a totals line with sums in several columns: the marker leads and the name cell is empty
    expect(summaryLine(line('合计', null, null, 40, 20, 8, 4, 3), m, false)).toBe('skipped_total');
  });
  it('reads people, however named, and lines with an ID number as data', () => {
    expect(summaryLine(line(1, '张合计', nthIdNumber(1), null, '男'), m, false)).toBeNull();
    expect(summaryLine(line(1, '合计', nthIdNumber(1)), m, false)).toBeNull();
    expect(summaryLine(line(1, '王总计', null, '13800138000', '男', '技师', 'C-1', '2020-01-01'), m, false)).toBeNull();
    expect(summaryLine(line('Totally', '李四', null, '13800138000', '男', '技师', 'C-1'), m, false)).toBeNull();
    expect(summaryLine(line(1, '王五', null), m, false)).toBeNull();
    // a person with no ID number yet whose name holds a marker: an error row, not a totals line
    expect(summaryLine(line(7, '王总计'), m, false)).toBeNull();
    expect(summaryLine(line(7, '填表人：王芳'), m, false)).toBe('skipped_signature');
    // after 以下空白: skipped unless it holds an ID number
    expect(summaryLine(line('备注：一式两份'), m, true)).toBe('skipped_after_blank_marker');
    expect(summaryLine(line(5, '赵六', nthIdNumber(2)), m, true)).toBeNull();
  });
});
