// Studio lists and pair lists through the roster import's machinery (issue #15 item 7): header
// variants and other spreadsheet programs, per-cell errors in both languages, commit, idempotence
// (the same file twice adds nothing), the naming records a list brings, access and audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zip } from '../../testing/zip.js';
import { countAudits } from '../../testing/audit.js';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { buildCsv, buildXlsx, nthIdNumber, uploadTo, waitForImport } from '../../testing/people-world.js';
import { createOrg, createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { findHeaderRow, guessMapping } from '../people/imports.mapping.js';
import { PAIR_VOCABULARY, parseNamingLevel, STUDIO_VOCABULARY } from './imports.mapping.js';

const BASE = '/api/innovation/imports';
const CSV = 'text/csv';
const THIS_YEAR = new Date().getFullYear();

/** A workbook as WPS or LibreOffice may write it: prefixed elements, inline strings, the sheet elsewhere, cells without refs. */
function otherWriterXlsx(rows: string[][]): Buffer {
  const ns =
    'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = rows
    .map((r) => `<x:row>${r.map((c) => `<x:c t="inlineStr"><x:is><x:t>${esc(c)}</x:t></x:is></x:c>`).join('')}</x:row>`)
    .join('');
  return zip({
    '[Content_Types].xml': '<Types/>',
    'xl/workbook.xml': `<x:workbook ${ns}><x:sheets><x:sheet name="名单" sheetId="3" r:id="rId7"/></x:sheets></x:workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<Relationships><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/list.xml"/></Relationships>',
    'xl/worksheets/list.xml': `<x:worksheet ${ns}><x:sheetData>${body}</x:sheetData></x:worksheet>`,
  });
}

describe('studio-list and pair-list columns', () => {
  it('guesses the columns from the header words ledgers use (full-width brackets, required marks, notes)', () => {
    const studioHeader = [
      '序号',
      '＊工作室名称',
      '工作室类别',
      '所属企业（必填）',
      '领衔人姓名',
      '领衔人身份证号码',
      '成立日期',
      '场地面积（㎡）',
      '命名级别',
    ];
    expect(guessMapping(studioHeader, STUDIO_VOCABULARY)).toEqual({
      name: 1,
      category: 2,
      enterprise: 3,
      leaderName: 4,
      leaderIdNumber: 5,
      foundedOn: 6,
      venueArea: 7,
      namingLevel: 8,
    });
    const rows = [
      { row: 1, cells: ['2024年师带徒名册'] },
      { row: 2, cells: ['师傅姓名', '徒弟姓名', '工种', '目标等级', '起始日期', '截止日期', '带徒津贴（元）'] },
    ];
    expect(findHeaderRow(rows, PAIR_VOCABULARY)).toBe(2);
    expect(guessMapping(rows[1]!.cells, PAIR_VOCABULARY)).toEqual({
      masterName: 0,
      apprenticeName: 1,
      trade: 2,
      targetLevel: 3,
      startOn: 4,
      endOn: 5,
      allowance: 6,
    });
    // a roster's header is no studio list's
    expect(findHeaderRow([{ row: 1, cells: ['姓名', '手机号', '性别'] }], STUDIO_VOCABULARY)).toBeUndefined();
  });

  it('reads naming levels as ledgers write them', () => {
    expect(['国家级', '全国', '省级', '市级', '县级', '区级', '企业级', '基层', 'city', '乡级'].map(parseNamingLevel)).toEqual([
      'national',
      'national',
      'province',
      'city',
      'county',
      'county',
      'grassroots',
      'grassroots',
      'city',
      undefined,
    ]);
  });
});

describe('studio-list and pair-list imports', () => {
  let server: TestServer;
  let w: World;
  let county: string;
  let ent: string;
  let countyStaff: Client;
  let entStaff: Client;
  let n = 810_000;
  const ids: Record<string, string> = {};
  const personIds: Record<string, string> = {};
  const person = async (name: string, orgId = ent) => {
    n += 1;
    const idNumber = nthIdNumber(n);
    const r = await w.admin.post('/api/people', { orgId, name, idNumber });
    if (r.status !== 201) throw new Error(`person ${name}: ${r.status} ${JSON.stringify(r.body)}`);
    ids[name] = idNumber;
    personIds[name] = r.body.person.id;
    return r.body.person.id as string;
  };
  let entName: string;
  let entBName: string;

  const importList = async (
    client: Client,
    kind: 'studios' | 'pairs',
    orgId: string,
    file: Buffer | string,
    type = CSV,
    name = 'list.csv',
  ) => {
    const up = await uploadTo(client, `${BASE}?orgId=${orgId}&kind=${kind}&fileName=${encodeURIComponent(name)}`, file, type);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const v = await client.post(`${BASE}/${up.body.id}/validate`, {});
    expect(v.status, JSON.stringify(v.body)).toBe(202);
    return waitForImport(client, up.body.id, (i) => i.status === 'validated', 30_000, BASE);
  };
  const commit = async (client: Client, id: string, skipInvalid = true) => {
    const c = await client.post(`${BASE}/${id}/commit`, { skipInvalid });
    expect(c.status, JSON.stringify(c.body)).toBe(202);
    return waitForImport(client, id, (i) => i.status === 'committed', 30_000, BASE);
  };
  const errorsOf = async (client: Client, id: string) => {
    const r = await client.get(`${BASE}/${id}/errors?pageSize=100`);
    expect(r.status).toBe(200);
    return r.body.items as { row: number; field: string | null; code: string; message: string; skipped: boolean }[];
  };

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    county = await createOrg(w.admin, w.cityA, '芙蓉区总工会', 'federation', 'county');
    entName = '湘潭钢铁集团有限公司';
    ent = await createOrg(w.admin, county, entName, 'enterprise', 'grassroots');
    entBName = (await w.admin.get(`/api/orgs/${w.enterpriseB}`)).body.name;
    await createUser(w.admin, 'imp_county', county, ['federation_staff']);
    await createUser(w.admin, 'imp_ent', ent, ['enterprise_staff']);
    countyStaff = await loginFresh(server, 'imp_county');
    entStaff = await loginFresh(server, 'imp_ent');
    await person('周领衔');
    await person('吴领衔');
    await person('钱师傅');
    await person('孙师傅');
    for (const a of ['郑徒弟', '冯徒弟', '陈徒弟', '褚徒弟', '卫徒弟', '蒋徒弟', '沈徒弟', '韩徒弟']) await person(a);
    for (const m of ['钱师傅', '孙师傅']) {
      const r = await w.admin.post(`/api/people/${personIds[m]}/skills`, { level: 'technician', certifiedOn: '2015-06-01' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  }, 300_000);
  afterAll(() => server?.close());

  it('imports a studio list with header variants, per-cell errors in both languages, namings, and adds nothing the second time', async () => {
    const header = [
      '工作室名称',
      '类别',
      '所属单位',
      '领衔人',
      '领衔人身份证号',
      '成立时间',
      '面积(平方米)',
      '命名级别',
      '命名文号',
      '命名日期',
      '补助资金(元)',
    ];
    const rows = [
      [
        '周领衔劳模创新工作室',
        '劳模创新工作室',
        entName,
        '周领衔',
        ids.周领衔,
        '2019-03-01',
        '120.5',
        '县级',
        '芙工发〔2021〕3号',
        '2021-05-01',
        '50000',
      ],
      ['吴领衔职工创新工作室', '职工创新', entName, '吴领衔', '', '2020/6/1', '', '', '', '', ''],
      ['无名工作室', '劳模创新工作室', entName, '', nthIdNumber(899_999), '2020-01-01', '', '', '', '', ''],
      ['越界工作室', '劳模创新工作室', entBName, '周领衔', '', '2020-01-01', '', '', '', '', ''],
      ['补助有厘工作室', '劳模创新工作室', entName, '吴领衔', '', '2020-01-01', '', '县级', '芙工发〔2021〕4号', '2021-05-01', '1000.005'],
      ['省级工作室', '劳模创新工作室', entName, '吴领衔', '', '2020-01-01', '', '省级', '湘工发〔2022〕1号', '2022-05-01', ''],
      ['合计', '', '', '', '', '', '', '', '', '', ''],
    ];
    const file = await buildXlsx({ titleRows: ['2024年度创新工作室名单'], header, rows });
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const imp = await importList(countyStaff, 'studios', county, file, XLSX, '工作室名单.xlsx');
    expect(imp.kind).toBe('studios');
    expect(imp.headerRow).toBe(2);
    expect(imp).toMatchObject({ totalRows: 7, validRows: 2, errorRows: 4, skippedRows: 1, willCreate: 2, willUpdate: 0 });
    const errs = await errorsOf(countyStaff, imp.id);
    const byRow = (row: number) => errs.filter((e) => e.row === row && !e.skipped).map((e) => `${e.field}:${e.code}`);
    expect(byRow(5)).toEqual(['leaderIdNumber:not_in_registry']);
    expect(byRow(6)).toEqual(['enterprise:org_unreachable']);
    expect(byRow(7)).toEqual(['grant:fraction_of_fen']);
    expect(byRow(8)).toEqual(['namingLevel:naming_org_unreachable']);
    expect(errs.find((e) => e.row === 9)?.skipped).toBe(true);
    expect(errs.find((e) => e.row === 7)?.message).toContain('补助资金');
    countyStaff.locale = 'en-US';
    const en = await errorsOf(countyStaff, imp.id);
    countyStaff.locale = 'zh-CN';
    expect(en.find((e) => e.row === 5)?.message).toMatch(/not in the worker registry/);
    expect(en.find((e) => e.row === 6)?.message).toMatch(/outside your organisation/);
    expect(en.find((e) => e.row === 7)?.message).toMatch(/two decimals/);

    const preview = await countyStaff.get(`${BASE}/${imp.id}/preview`);
    expect(preview.body.map((p: { studio: { name: string; category: string } }) => p.studio.category)).toEqual([
      '劳模创新工作室',
      '职工创新工作室',
    ]);
    // with errors, committing needs skipInvalid: nothing is half-saved
    expect((await countyStaff.post(`${BASE}/${imp.id}/commit`, {})).status).toBe(409);

    const before = await countAudits(server.db, 'studio', 'create');
    const done = await commit(countyStaff, imp.id);
    expect(done.createdCount).toBe(2);
    expect(await countAudits(server.db, 'studio', 'create')).toBe(before + 2);
    const list = await countyStaff.get(`/api/studios?orgId=${county}&pageSize=50`);
    expect(list.body.total).toBe(2);
    const named = list.body.items.find((s: { name: string }) => s.name === '周领衔劳模创新工作室');
    expect(named.level).toBe('county');
    const detail = await countyStaff.get(`/api/studios/${named.id}`);
    expect(detail.body.venueArea).toBe(120.5);
    expect(detail.body.namings[0]).toMatchObject({ level: 'county' });
    expect(detail.body.members.map((m: { role: string }) => m.role)).toEqual(['leader']);

    // The same file again: validated rows are all "already registered", the commit adds nothing.
    const again = await importList(countyStaff, 'studios', county, file, XLSX, '工作室名单.xlsx');
    expect(again).toMatchObject({ validRows: 2, willCreate: 0, willUpdate: 2 });
    const twice = await commit(countyStaff, again.id);
    expect(twice.createdCount).toBe(0);
    expect((await countyStaff.get(`/api/studios?orgId=${county}&pageSize=50`)).body.total).toBe(2);
    expect(await countAudits(server.db, 'studio', 'create')).toBe(before + 2);

    // Not a roster: the roster's routes do not see it, nor list it.
    expect((await countyStaff.get(`/api/people/imports/${imp.id}`)).status).toBe(404);
    expect((await w.admin.get('/api/people/imports')).body.some((i: { id: string }) => i.id === imp.id)).toBe(false);
    expect((await w.admin.get(BASE)).body.some((i: { id: string }) => i.id === imp.id)).toBe(true);
  });

  it('reads a studio list written by another program (prefixed XML, inline strings) with other header words', async () => {
    const file = otherWriterXlsx([
      ['序号', '创新工作室名称', '工作室类型', '依托单位', '负责人姓名', '创建时间', '场地地址'],
      ['1', '周领衔工匠人才创新工作室', '工匠人才创新工作室', entName, '周领衔', '2018年3月1日', '湘潭市岳塘区'],
    ]);
    const imp = await importList(
      countyStaff,
      'studios',
      county,
      file,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'wps.xlsx',
    );
    expect(imp).toMatchObject({ headerRow: 1, validRows: 1, errorRows: 0 });
    expect(imp.mapping).toMatchObject({ name: 1, category: 2, enterprise: 3, leaderName: 4, foundedOn: 5, venueAddress: 6 });
    expect((await commit(countyStaff, imp.id)).createdCount).toBe(1);
  });

  it('imports a pair list: the registry, the limits, the term and exact money checked per cell; nothing added twice', async () => {
    const header = [
      '协议编号',
      '所属企业',
      '师傅姓名',
      '师傅身份证号',
      '徒弟姓名',
      '目标技能等级',
      '工种',
      '开始日期',
      '结束日期',
      '月带徒津贴(元)',
    ];
    const start = `${THIS_YEAR - 1}-03-01`;
    const end = `${THIS_YEAR + 1}-03-01`;
    const row = (no: string, master: string, apprentice: string, extra: Partial<Record<'start' | 'end' | 'money', string>> = {}) => [
      no,
      entName,
      master,
      ids[master] ?? '',
      apprentice,
      '高级工',
      '焊工',
      extra.start ?? start,
      extra.end ?? end,
      extra.money ?? '300.5',
    ];
    const rows = [
      row('XT-1', '钱师傅', '郑徒弟'),
      row('XT-2', '钱师傅', '冯徒弟', { end: `${THIS_YEAR - 2}-01-01` }),
      row('XT-3', '钱师傅', '陈徒弟', { money: '12.345' }),
      row('XT-4', '孙师傅', '郑徒弟'),
      row('XT-5', '孙师傅', '查无此人'),
      row('XT-6', '孙师傅', '褚徒弟'),
      row('XT-7', '孙师傅', '卫徒弟'),
      row('XT-8', '孙师傅', '蒋徒弟'),
      row('XT-9', '孙师傅', '沈徒弟'),
      row('XT-10', '孙师傅', '韩徒弟'),
      row('XT-11', '孙师傅', '冯徒弟'),
      row('XT-12', '孙师傅', '孙师傅'),
    ];
    const csv = buildCsv(header, rows);
    const imp = await importList(entStaff, 'pairs', ent, csv);
    const errs = await errorsOf(entStaff, imp.id);
    const codes = Object.fromEntries(errs.map((e) => [e.row, `${e.field}:${e.code}`]));
    expect(codes).toEqual({
      3: 'endOn:end_before_start',
      4: 'allowance:fraction_of_fen',
      5: 'apprenticeName:apprentice_paired',
      6: 'apprenticeName:not_in_registry',
      12: 'masterIdNumber:master_full_row',
      13: 'apprenticeName:same_person',
    });
    expect(imp).toMatchObject({ validRows: 6, willCreate: 6, errorRows: 6 });
    entStaff.locale = 'en-US';
    const en = await errorsOf(entStaff, imp.id);
    entStaff.locale = 'zh-CN';
    expect(en.find((e) => e.row === 3)?.message).toMatch(/after the start date/);
    expect(en.find((e) => e.row === 12)?.message).toMatch(/as many apprentices as a master may/);
    expect(errs.find((e) => e.row === 5)?.message).toContain('已在另一份在期的师带徒协议中');

    const preview = await entStaff.get(`${BASE}/${imp.id}/preview`);
    expect(preview.body[0].pair).toMatchObject({ masterName: '钱师傅', apprenticeName: '郑徒弟', targetLevel: 'senior' });
    expect(preview.body[0].pair.allowance).toEqual({ fen: '30050', yuan: '300.50' });

    const done = await commit(entStaff, imp.id);
    expect(done.createdCount).toBe(6);
    const pairs = await entStaff.get(`/api/mentorships?orgId=${ent}&pageSize=50`);
    expect(pairs.body.total).toBe(6);
    const first = pairs.body.items.find((p: { agreementNo: string }) => p.agreementNo === 'XT-1');
    expect(first).toMatchObject({ status: 'in_progress', allowance: { fen: '30050' }, trade: '焊工' });

    const again = await importList(entStaff, 'pairs', ent, csv);
    expect(again).toMatchObject({ willCreate: 0, willUpdate: 6 });
    expect((await commit(entStaff, again.id)).createdCount).toBe(0);
    expect((await entStaff.get(`/api/mentorships?orgId=${ent}&pageSize=50`)).body.total).toBe(6);
  });

  it('resumes a commit whose process died, from its progress marker, in batches', async () => {
    const csv = buildCsv(
      ['工作室名称', '类别', '所属企业', '领衔人', '成立日期'],
      ['一', '二', '三'].map((k) => [`续传${k}号工作室`, '职工创新工作室', entName, '周领衔', '2021-01-01']),
    );
    const imp = await importList(entStaff, 'studios', ent, csv);
    expect(imp).toMatchObject({ validRows: 3, errorRows: 0 });
    // As if a commit of three one-row batches had started and its process had died before the first batch.
    await server.db
      .updateTable('people_imports')
      .set({ status: 'committing', run_token: 'gone', lease_until: null, batch_size: 1, total_batches: 3, committed_batches: 0 })
      .where('id', '=', imp.id)
      .execute();
    const stuck = await entStaff.get(`${BASE}/${imp.id}`);
    expect(stuck.body).toMatchObject({ status: 'committing', resumable: true, running: false });
    const done = await commit(entStaff, imp.id, false);
    expect(done).toMatchObject({ createdCount: 3, committedBatches: 3, totalBatches: 3 });
    const list = await entStaff.get(`/api/studios?orgId=${ent}&q=${encodeURIComponent('续传')}&pageSize=50`);
    expect(list.body.total).toBe(3);
  });

  it('refuses a mapping without the required columns, per field, and an import of another subtree', async () => {
    const up = await uploadTo(
      entStaff,
      `${BASE}?orgId=${ent}&kind=pairs&fileName=x.csv`,
      buildCsv(['师傅', '徒弟'], [['钱师傅', '郑徒弟']]),
      CSV,
    );
    expect(up.status).toBe(201);
    const v = await entStaff.post(`${BASE}/${up.body.id}/validate`, {});
    expect(v.status).toBe(400);
    const field = v.body.fields.find((f: { path: string }) => f.path === 'body.mapping.enterprise');
    expect(field.message).toBe('所属企业必须对应到文件中的一列');
    const other = await uploadTo(entStaff, `${BASE}?orgId=${w.enterpriseB}&kind=pairs&fileName=x.csv`, 'a,b\r\n', CSV);
    expect([403, 404]).toContain(other.status);
    const template = await entStaff.get(`${BASE}/template?kind=studios`);
    expect(template.status).toBe(200);
  });

  it('refuses a file that is no workbook with the reason in words, in both languages, never as a code', async () => {
    const notWorkbook = zip({ 'readme.txt': 'hello' });
    for (const locale of ['zh-CN', 'en-US'] as const) {
      entStaff.locale = locale;
      const up = await uploadTo(entStaff, `${BASE}?orgId=${ent}&kind=studios&fileName=list.xlsx`, notWorkbook);
      expect(up.status).toBe(400);
      expect(up.body.code).toBe('file_rejected');
      expect(up.body.message).toBe(
        locale === 'zh-CN' ? '文件无法读取：不是有效的 .xlsx 工作簿' : 'The file cannot be read: it is not a valid .xlsx workbook',
      );
    }
    entStaff.locale = 'zh-CN';
  });
});
