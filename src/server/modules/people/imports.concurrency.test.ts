// Roster imports at the same time (issue 10, item 3): two rosters with the same ID numbers committed
// into one enterprise at once (the second once ended "committed" with 0 created and 0 updated, its
// different trade never applied), two imports racing into one enterprise from different organisations
// (no shared lock: each batch checks its own counts and retries), and the same file uploaded twice at
// once (one import; the other request is told which), and a person registered by another transaction
// while a batch applies (PostgreSQL). Runs on PGlite and PostgreSQL (JX_TEST_DB).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../testing/harness.js';
import { startTestServer, testDatabaseKind, type TestServer } from '../../testing/harness.js';
import { createWorld, type World } from '../../testing/world.js';
import { buildCsv, nthIdNumber, upload, waitForImport } from '../../testing/people-world.js';

const ROWS = 2000;
const roster = (trade: string, from = 0) =>
  buildCsv(
    ['姓名', '身份证号', '职业（工种）'],
    Array.from({ length: ROWS }, (_, i) => [`职工${String.fromCharCode(0x4e00 + (i % 500))}`, nthIdNumber(from + i), trade]),
  );

async function validated(c: Client, orgId: string, name: string, csv: string, batchSize: number) {
  const up = await upload(c, orgId, name, csv, 'text/csv');
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  expect((await c.post(`/api/people/imports/${up.body.id}/validate`, { batchSize })).status).toBe(202);
  return waitForImport(c, up.body.id, (i) => i.status === 'validated', 60_000);
}

/** Commits, retrying while another import holds the organisation (409 import_busy). */
async function commitWhenFree(c: Client, id: string) {
  for (let i = 0; ; i++) {
    const r = await c.post(`/api/people/imports/${id}/commit`, {});
    if (r.status === 202 || r.body.code !== 'import_busy' || i > 600) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe('roster imports at the same time', () => {
  let server: TestServer;
  let w: World;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jx-imp-conc-'));
    // these tests run several imports of one user at once on purpose: lift the per-user and server slots
    server = await startTestServer({ JIANGXIN_DATA_DIR: dataDir, JIANGXIN_IMPORTS_PER_USER: 8, JIANGXIN_IMPORTS_MAX: 8 });
    w = await createWorld(server);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const occupations = async (orgId: string) => {
    const rows = await server.db
      .selectFrom('people')
      .select(['occupation', (eb) => eb.fn.countAll<string>().as('n')])
      .where('org_id', '=', orgId)
      .groupBy('occupation')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.occupation, Number(r.n)]));
  };

  it('two rosters with the same ID numbers committed into one enterprise at once: one waits its turn (409 import_busy), then both apply, the later one last', async () => {
    const enterprise = w.enterpriseA;
    const [a, b] = await Promise.all([
      validated(w.admin, enterprise, '花名册-车工.csv', roster('车工'), 500),
      validated(w.admin, enterprise, '花名册-钳工.csv', roster('钳工'), 500),
    ]);
    expect(a).toMatchObject({ validRows: ROWS, willCreate: ROWS });
    expect(b).toMatchObject({ validRows: ROWS, willCreate: ROWS });

    const [ra, rb] = await Promise.all([
      w.admin.post(`/api/people/imports/${a.id}/commit`, {}),
      w.admin.post(`/api/people/imports/${b.id}/commit`, {}),
    ]);
    // The one that started first finishes first; a refused one is committed when the organisation is free.
    const [first, second] = rb.status === 202 && ra.status !== 202 ? [b, a] : [a, b];
    const refused = [ra, rb].filter((r) => r.status !== 202);
    for (const r of refused)
      expect(r.body).toMatchObject({ status: 409, code: 'import_busy', message: expect.stringContaining(`#${first.id}`) });
    const done1 = await waitForImport(w.admin, first.id, (i) => i.status === 'committed', 60_000);
    if (refused.length) expect(await commitWhenFree(w.admin, second.id)).toMatchObject({ status: 202 });
    const done2 = await waitForImport(w.admin, second.id, (i) => i.status === 'committed', 60_000);
    // Each committed import applied every one of its rows: the first created them, the second updated them
    // (before the fix the second ended here with 0 created and 0 updated, its trade never applied).
    expect(done1).toMatchObject({ createdCount: ROWS, updatedCount: 0, failure: null });
    expect(done2).toMatchObject({ createdCount: 0, updatedCount: ROWS, failure: null });
    const laterTrade = second.fileName.includes('钳工') ? '钳工' : '车工';
    expect(await occupations(enterprise)).toEqual({ [laterTrade]: ROWS });
    // The import's updates raised each person's version: an edit based on a read from before it is stale.
    const person = (await w.admin.get(`/api/people?q=${nthIdNumber(7)}`)).body.items[0];
    expect(person.version).toBe(2);
    const stale = await w.admin.patch(`/api/people/${person.id}`, { version: 1, occupation: '电工' });
    expect(stale.body).toMatchObject({ status: 409, code: 'conflict', current: { version: 2, occupation: laterTrade } });
    // One committing import per organisation: the second request was refused with a message naming the first.
    expect(refused).toHaveLength(1);
    expect(refused[0]!.body.message).toContain(first.fileName);
  }, 180_000);

  it('two imports into one enterprise from different organisations at once: every batch applies all its rows (retried after the other\'s inserts), never "committed" with rows unapplied', async () => {
    const from = 10_000;
    const cityCsv = buildCsv(
      ['姓名', '身份证号', '职业（工种）', '所属单位'],
      Array.from({ length: ROWS }, (_, i) => [
        `职工${String.fromCharCode(0x4e00 + (i % 500))}`,
        nthIdNumber(from + i),
        '焊工',
        '滨州装备制造有限公司',
      ]),
    );
    const [viaCity, direct] = await Promise.all([
      validated(w.admin, w.cityA, '市总工会汇总.csv', cityCsv, 200),
      validated(w.admin, w.enterpriseA, '花名册-电工.csv', roster('电工', from), 200),
    ]);
    const rs = await Promise.all([
      w.admin.post(`/api/people/imports/${viaCity.id}/commit`, {}),
      w.admin.post(`/api/people/imports/${direct.id}/commit`, {}),
    ]);
    expect(rs.map((r) => r.status)).toEqual([202, 202]);
    for (const imp of [viaCity, direct]) {
      const done = await waitForImport(w.admin, imp.id, (i) => i.status === 'committed', 120_000);
      expect(done.createdCount + done.updatedCount + done.transferCount, JSON.stringify(done)).toBe(ROWS);
    }
    const trades = await occupations(w.enterpriseA);
    expect((trades.焊工 ?? 0) + (trades.电工 ?? 0)).toBe(ROWS);
  }, 240_000);

  // PostgreSQL only: the open transaction holds a connection of its own while the import uses others
  // (PGlite has one connection, so the import would wait for the test behind it).
  it.skipIf(testDatabaseKind() === 'pglite')(
    'a person registered by another transaction while a batch applies: the insert meets their row, the batch is read again and updates them',
    async () => {
      const imp = await validated(w.admin, w.enterpriseB, '花名册-铣工.csv', roster('铣工', 30_000), 500);
      expect(imp).toMatchObject({ validRows: ROWS, willCreate: ROWS });
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const isInserted = new Promise<void>((r) => (inserted = r));
      // Registers the roster's row 7 (same organisation, same name), and commits only when told.
      const other = server.db.transaction().execute(async (trx) => {
        await sql`
          INSERT INTO people (org_id, name, name_key, id_hash, id_sealed, id_masked, gender, birth_date, union_member, employment_status)
          SELECT org_id, name, name_key, id_hash, id_sealed, id_masked, gender, birth_date, false, 'employed'
          FROM people_import_rows WHERE import_id = ${imp.id} AND row_no = 7`.execute(trx);
        inserted();
        await released;
      });
      await isInserted;
      expect((await w.admin.post(`/api/people/imports/${imp.id}/commit`, {})).status).toBe(202);
      // The batch's insert waits for the open transaction's row (same ID number) before it commits.
      let waited = false;
      for (let i = 0; i < 400 && !waited; i++) {
        const waiting = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`.execute(server.db);
        waited = waiting.rows[0]!.n > 0;
        if (!waited) await new Promise((r) => setTimeout(r, 50));
      }
      release();
      expect(waited).toBe(true);
      await other;
      const done = await waitForImport(w.admin, imp.id, (i) => i.status !== 'committing', 60_000);
      expect(done).toMatchObject({ status: 'committed', createdCount: ROWS - 1, updatedCount: 1, failure: null });
      expect(await occupations(w.enterpriseB)).toEqual({ 铣工: ROWS });
    },
    120_000,
  );

  it('the same file uploaded twice at once makes one import; the other request answers 409 naming it, and so does a later upload while it is open', async () => {
    const csv = roster('装配工', 20_000).slice(0, 2000);
    const [r1, r2] = await Promise.all([
      upload(w.admin, w.enterpriseB, '同一文件.csv', csv, 'text/csv'),
      upload(w.admin, w.enterpriseB, '同一文件.csv', csv, 'text/csv'),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([201, 409]);
    const [created, refused] = r1.status === 201 ? [r1, r2] : [r2, r1];
    expect(refused.body.code).toBe('import_duplicate');
    expect(refused.body.message).toContain(`#${created.body.id}`);
    const later = await upload(w.admin, w.enterpriseB, '改了名.csv', csv, 'text/csv');
    expect(later.status).toBe(409);
    expect(later.body).toMatchObject({ code: 'import_duplicate', message: expect.stringContaining(`#${created.body.id}`) });
    const open = await server.db
      .selectFrom('people_imports')
      .select('id')
      .where('org_id', '=', w.enterpriseB)
      .where('status', '=', 'uploaded')
      .execute();
    expect(open).toHaveLength(1);
    // The same file into another organisation is another import.
    expect((await upload(w.admin, w.enterpriseA, '同一文件.csv', csv, 'text/csv')).status).toBe(201);
  });
});
