// The submission ledger (报送) through the API, on PGlite and PostgreSQL (JX_TEST_DB): an article
// sent to outlets and adopted or not, who may see and write it (the unit that owns the article and
// those above), per-field translated errors, every write audited, the counts per unit, period and
// outlet (by name, never a rank), and the .xlsx export's cell types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { expectError } from '../../testing/expect-error.js';
import { download } from '../../testing/people-world.js';
import { article } from '../../testing/news-world.js';
import { periodRange } from './submissions.service.js';

let server: TestServer;
let w: World;
let unitStaff: Client;
let viewer: Client;
let articleCity: string;
let articleEnt: string;

beforeAll(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  await createUser(w.admin, 'unit_news', w.unitA, ['federation_staff']);
  unitStaff = await loginFresh(server, 'unit_news');
  await createUser(w.admin, 'reader_a', w.cityA, ['news_second_reviewer']);
  viewer = await loginFresh(server, 'reader_a');
  const a = await w.staffA.post('/api/news/articles', article());
  articleCity = a.body.id;
  const b = await w.staffA.post('/api/news/articles', article({ orgId: w.enterpriseA, headline: '企业稿件' }));
  articleEnt = b.body.id;
  expect([a.status, b.status]).toEqual([201, 201]);
}, 120_000);
afterAll(() => server?.close());

describe('submission ledger', () => {
  let adoptedId: string;
  let pendingId: string;

  it('records a submission, then its adoption with date and placement', async () => {
    const res = await w.staffA.post(`/api/news/articles/${articleCity}/submissions`, { outlet: '工人日报', sentOn: '2026-03-02' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      outlet: '工人日报',
      sentOn: '2026-03-02',
      outcome: 'pending',
      adoptedOn: null,
      version: 1,
      orgId: w.cityA,
    });
    adoptedId = res.body.id;
    const adopted = await w.staffA.patch(`/api/news/submissions/${adoptedId}`, {
      version: 1,
      outcome: 'adopted',
      adoptedOn: '2026-03-05',
      placement: '第3版',
    });
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
    expect(adopted.body).toMatchObject({ outcome: 'adopted', adoptedOn: '2026-03-05', placement: '第3版', version: 2 });

    const other = await w.staffA.post(`/api/news/articles/${articleEnt}/submissions`, { outlet: '上级工会信息简报', sentOn: '2026-04-10' });
    pendingId = other.body.id;
    const third = await w.staffA.post(`/api/news/articles/${articleEnt}/submissions`, {
      outlet: '中工网',
      sentOn: '2026-05-01',
      outcome: 'not_adopted',
    });
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    const list = await viewer.get(`/api/news/articles/${articleEnt}/submissions`);
    expect(list.body.items.map((s: { outlet: string }) => s.outlet)).toEqual(['中工网', '上级工会信息简报']);
  });

  it('names the field of each wrong answer, in both languages', async () => {
    const url = `/api/news/articles/${articleCity}/submissions`;
    expectError(await w.staffA.post(url, { outlet: '工人日报', sentOn: '2026-03-10', outcome: 'adopted', adoptedOn: '2026-03-01' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.adoptedOn', code: 'adopted_before_sent', message: '采用日期不能早于报送日期（2026-03-10）' },
    });
    expectError(await w.staffA.post(url, { outlet: '工人日报', sentOn: '2026-03-10', outcome: 'adopted' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.adoptedOn', code: 'adoption_date_required' },
    });
    expectError(await w.staffA.post(url, { outlet: '工人日报', sentOn: '2999-01-01' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.sentOn', code: 'date_in_future' },
    });
    expectError(await w.staffA.post(url, { outlet: '报'.repeat(61), sentOn: '2026-03-10' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.outlet', message: /报送媒体/ },
    });
    w.staffA.locale = 'en-US';
    try {
      expectError(await w.staffA.patch(`/api/news/submissions/${pendingId}`, { version: 1, adoptedOn: '2026-04-01' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.adoptedOn', message: 'The date adopted cannot be before the date sent (2026-04-10)' },
      });
      expectError(await w.staffA.post('/api/news/articles/999999/submissions', { outlet: '工人日报', sentOn: '2026-03-10' }), {
        status: 404,
        code: 'not_found',
        message: /Article/,
      });
      expectError(await w.staffA.patch(`/api/news/submissions/${adoptedId}`, { version: 1, note: '旧版本' }), {
        status: 409,
        code: 'conflict',
        field: { path: 'body.version', code: 'stale_version' },
      });
    } finally {
      w.staffA.locale = 'zh-CN';
    }
  });

  it('lets the owning unit and those above see and write it, and no one else', async () => {
    // city B (a sibling), and unit A (a sibling of the enterprise under the same city)
    for (const c of [w.staffB, unitStaff]) {
      expect((await c.get(`/api/news/articles/${articleEnt}/submissions`)).status).toBe(404);
      expect((await c.post(`/api/news/articles/${articleEnt}/submissions`, { outlet: 'x', sentOn: '2026-01-01' })).status).toBe(404);
      expect((await c.patch(`/api/news/submissions/${pendingId}`, { version: 1, note: 'x' })).status).toBe(404);
      expect((await c.delete(`/api/news/submissions/${pendingId}`)).status).toBe(404);
      const ledger = await c.get('/api/news/submissions');
      expect(ledger.body.items.map((s: { id: string }) => s.id)).not.toContain(pendingId);
    }
    // a reader of the city (news.read, no news.write) reads, but does not write
    expect((await viewer.get(`/api/news/submissions?orgId=${w.enterpriseA}`)).body.total).toBe(2);
    expect((await viewer.patch(`/api/news/submissions/${pendingId}`, { version: 1, note: 'x' })).status).toBe(403);
    expect((await viewer.post(`/api/news/articles/${articleEnt}/submissions`, { outlet: 'x', sentOn: '2026-01-01' })).status).toBe(403);
  });

  it('keeps a per-federation outlet list staff can extend', async () => {
    const before = await w.staffA.get('/api/news/outlets');
    expect(before.body.items.map((o: { name: string }) => o.name)).toEqual(
      expect.arrayContaining(['工人日报', '省工人报', '上级工会信息简报']),
    );
    const added = await w.staffA.post('/api/news/outlets', { outlet: '滨州日报' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.items).toContainEqual({ name: '滨州日报', orgId: w.cityA });
    // seen below the city, not by the sibling city
    expect((await unitStaff.get('/api/news/outlets')).body.items.map((o: { name: string }) => o.name)).toContain('滨州日报');
    expect((await w.staffB.get('/api/news/outlets')).body.items.map((o: { name: string }) => o.name)).not.toContain('滨州日报');
    expect((await w.staffB.post('/api/news/outlets', { orgId: w.cityA, outlet: '越权' })).status).toBe(404);
  });

  it('counts sent and adopted per unit, period and outlet, listing units by name, not by count', async () => {
    const year = await w.staffA.get('/api/news/submissions/counts?period=2026');
    expect(year.status, JSON.stringify(year.body)).toBe(200);
    expect(year.body.total).toEqual({ sent: 3, adopted: 1 });
    // by the names' pinyin (bin zhou shi… before bin zhou zhuang…), though the second sent more
    expect(year.body.units).toEqual([
      { orgId: w.cityA, orgName: '滨州市总工会', sent: 1, adopted: 1 },
      { orgId: w.enterpriseA, orgName: '滨州装备制造有限公司', sent: 2, adopted: 0 },
    ]);
    expect(JSON.stringify(year.body)).not.toMatch(/rank|score/i);
    expect(year.body.outlets).toContainEqual({ outlet: '工人日报', sent: 1, adopted: 1 });
    const q1 = await w.staffA.get('/api/news/submissions/counts?period=2026-Q1');
    expect(q1.body.total).toEqual({ sent: 1, adopted: 1 });
    const april = await w.staffA.get(`/api/news/submissions/counts?period=2026-04&orgId=${w.enterpriseA}`);
    expect(april.body.units).toEqual([{ orgId: w.enterpriseA, orgName: expect.any(String), sent: 1, adopted: 0 }]);
    expect((await w.staffB.get('/api/news/submissions/counts?period=2026')).body.total).toEqual({ sent: 0, adopted: 0 });
    expect(periodRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2027-01-01' });
    expect(periodRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expectError(await w.staffA.get('/api/news/submissions/counts?period=2026-Q5'), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'query.period', message: /统计期间/ },
    });
  });

  it('lists the ledger with filters, sorting and pages', async () => {
    const all = await w.staffA.get('/api/news/submissions?sort=sentOn&pageSize=2');
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((s: { sentOn: string }) => s.sentOn)).toEqual(['2026-03-02', '2026-04-10']);
    const page2 = await w.staffA.get('/api/news/submissions?sort=sentOn&pageSize=2&page=2');
    expect(page2.body.items.map((s: { outlet: string }) => s.outlet)).toEqual(['中工网']);
    const byOutlet = await w.staffA.get(`/api/news/submissions?outlet=${encodeURIComponent('工人日报')}`);
    expect(byOutlet.body.items).toHaveLength(1);
    expect(byOutlet.body.items[0]).toMatchObject({ headline: article().headline, outcome: 'adopted' });
    const adopted = await w.staffA.get('/api/news/submissions?outcome=adopted&period=2026-03');
    expect(adopted.body.total).toBe(1);
  });

  it('exports the counts with numbers as numbers and dates as dates', async () => {
    const r = await download(w.staffA, '/api/news/submissions/export.xlsx?period=2026');
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('稿件报送采用情况统计');
    expect(ws.getCell('B2').value).toBe('滨州市总工会');
    expect(ws.getCell('B3').value).toBe('2026年');
    expect(String(ws.getCell('B5').value)).toMatch(/不作排名/);
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row) => rows.push(row));
    const city = rows.find((row) => row.getCell(1).value === '滨州市总工会' && row.number > 5)!;
    expect(city.getCell(2).value).toBe(1);
    expect(city.getCell(3).value).toBe(1);
    expect(city.getCell(4).value).toBeInstanceOf(Date);
    expect((city.getCell(5).value as Date).toISOString().slice(0, 10)).toBe('2026-03-05');
    const total = rows.at(-1)!;
    expect([total.getCell(1).value, total.getCell(2).value, total.getCell(3).value]).toEqual(['合计', 3, 1]);
    const header = rows.find((row) => row.getCell(2).value === '报送（篇次）')!;
    expect(header.values).not.toContain('排名');
  });

  it('exports the ledger row by row with its filters, dates as dates and outcomes in words', async () => {
    const r = await download(w.staffA, '/api/news/submissions/ledger.xlsx?period=2026&sort=sentOn');
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('稿件报送台账');
    expect(ws.getCell('B2').value).toBe('滨州市总工会');
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row) => rows.push(row));
    const header = rows.findIndex((row) => row.getCell(1).value === '稿件标题');
    const body = rows.slice(header + 1);
    const listed = await w.staffA.get('/api/news/submissions?period=2026&sort=sentOn&pageSize=200');
    expect(body).toHaveLength(listed.body.total);
    const first = listed.body.items[0];
    expect(body[0]!.getCell(3).value).toBe(first.outlet);
    expect(body[0]!.getCell(4).value).toBeInstanceOf(Date);
    expect((body[0]!.getCell(4).value as Date).toISOString().slice(0, 10)).toBe(first.sentOn);
    expect(body.map((row) => row.getCell(5).value)).toEqual(expect.arrayContaining(['已采用']));
    expect(body.flatMap((row) => (row.values as unknown[]).map(String))).not.toContain('adopted');
    const adopted = await download(w.staffA, '/api/news/submissions/ledger.xlsx?period=2026&outcome=adopted');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(adopted.data as unknown as ArrayBuffer);
    const rows2: ExcelJS.Row[] = [];
    wb2.worksheets[0]!.eachRow((row) => rows2.push(row));
    expect(rows2.map((row) => row.getCell(2).value)).toContain('已采用'); // the filter, named in the heading lines
    const outcomes = rows2.slice(rows2.findIndex((row) => row.getCell(1).value === '稿件标题') + 1).map((row) => row.getCell(5).value);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(['已采用']));
  });

  it('deletes with an audit entry, and audits every write', async () => {
    expect((await w.staffA.delete(`/api/news/submissions/${pendingId}`)).status).toBe(204);
    expect((await w.staffA.get(`/api/news/articles/${articleEnt}/submissions`)).body.items).toHaveLength(1);
    const res = await w.admin.get(`/api/audit?entityType=news_submission&pageSize=100`);
    const seen = (res.body.items as { action: string; entityId: string | null }[]).map((e) => `${e.action}:${e.entityId ?? ''}`);
    expect(seen).toEqual(
      expect.arrayContaining([`create:${adoptedId}`, `update:${adoptedId}`, `create:${pendingId}`, `delete:${pendingId}`, 'export:']),
    );
    const outlets = await w.admin.get('/api/audit?entityType=news_outlet&pageSize=10');
    expect(outlets.body.items.map((e: { action: string }) => e.action)).toEqual(['create']);
  });
});
