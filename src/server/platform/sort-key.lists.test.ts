// Names in pinyin order in every list of people, organisations and users, on PGlite and PostgreSQL
// alike (JX_TEST_DB): the people list through its subtree index (people_scopes) and through the
// plain path, the organisation tree, search and dashboard, the user list; after renames too, with
// the roll-ups and the subtree index still matching a recount.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillKeys } from '../db/migrations/2026-12-03T40-name-sort-keys.js';
import { startTestServer, USER_PASSWORD, type Client, type TestServer } from '../testing/harness.js';
import { expectSortKeysCurrent } from '../testing/sort-keys.js';
import { expectTotalsConsistent } from '../testing/totals.js';
import { createOrg, createWorld, type World } from '../testing/world.js';
import { buildCsv, nthIdNumber, uploadAndValidate, waitForImport } from '../testing/people-world.js';
import { orgNameKey, personNameKey, userNameKey } from './sort-key.js';

/** Entered in this order, on purpose neither sorted nor reversed. */
const NAMES = ['张三', '曾国藩', '阿明', '赵六', '单雄信', '李四', '王五'];
/** People and users: 单 and 曾 by their surname readings (Shàn, Zēng). */
const PERSON_ORDER = ['阿明', '李四', '单雄信', '王五', '曾国藩', '张三', '赵六'];
/** Organisations read as words: 曾 céng, 单 dān. */
const ORG_ORDER = ['阿明', '曾国藩', '单雄信', '李四', '王五', '张三', '赵六'].map((n) => `${n}有限公司`);
const sortedBy = (names: string[], key: (n: string) => string) =>
  [...names].sort((a, b) => Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b))));

describe('lists in pinyin order', () => {
  let server: TestServer;
  let w: World;
  let admin: Client;
  let county: string;
  const orgs = new Map<string, string>();
  const people = new Map<string, string>();
  const users = new Map<string, string>();

  const names = (r: { status: number; body: { items: { name?: string; displayName?: string }[] } }) => {
    expect(r.status).toBe(200);
    return r.body.items.map((x) => x.name ?? x.displayName);
  };
  const orgNames = async (query: string) => names(await admin.get(`/api/orgs?${query}`));
  const personNames = async (query: string) => names(await admin.get(`/api/people?orgId=${county}&pageSize=100&${query}`));
  const userNames = async (query: string) => names(await admin.get(`/api/users?orgId=${county}&pageSize=100&${query}`));

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    admin = w.admin;
    county = await createOrg(admin, w.cityA, '拼音区总工会', 'federation', 'county');
    for (const n of NAMES) orgs.set(n, await createOrg(admin, county, `${n}有限公司`, 'enterprise', 'grassroots'));
    for (const [i, n] of NAMES.entries()) {
      // Each person in another person's enterprise: the subtree list merges them across organisations.
      const r = await admin.post('/api/people', {
        orgId: orgs.get(NAMES[(i + 3) % NAMES.length]!),
        name: n,
        idNumber: nthIdNumber(900 + i),
      });
      expect(r.status).toBe(201);
      people.set(n, r.body.person.id);
      if (i % 2 === 0) expect((await admin.post(`/api/people/${r.body.person.id}/skills`, { level: 'senior' })).status).toBe(201);
    }
    for (const [i, n] of NAMES.entries()) {
      const r = await admin.post('/api/users', {
        username: `pinyin_${i}`,
        displayName: n,
        password: USER_PASSWORD,
        orgId: county,
        roles: ['viewer'],
      });
      expect(r.status).toBe(201);
      users.set(n, r.body.id);
    }
  }, 180_000); // 7 organisations, people and users (each password hashed) on a shared machine
  afterAll(() => server.close());

  it('is what the library says: surname readings for people, word readings for organisations', () => {
    expect(sortedBy(NAMES, personNameKey)).toEqual(PERSON_ORDER);
    expect(sortedBy(NAMES, userNameKey)).toEqual(PERSON_ORDER);
    expect(
      sortedBy(
        NAMES.map((n) => `${n}有限公司`),
        orgNameKey,
      ),
    ).toEqual(ORG_ORDER);
  });

  it('people: through the subtree index and the plain path, ascending and descending', async () => {
    const senior = PERSON_ORDER.filter((n) => NAMES.indexOf(n) % 2 === 0);
    // people_scopes: the whole subtree (every level merged), one level, several levels.
    expect(await personNames('sort=name')).toEqual(PERSON_ORDER);
    expect(await personNames('sort=-name')).toEqual([...PERSON_ORDER].reverse());
    expect(await personNames('sort=name&skillLevel=senior')).toEqual(senior);
    expect(await personNames('sort=name&highlySkilled=false')).toEqual(PERSON_ORDER.filter((n) => !senior.includes(n)));
    expect(
      names(await admin.get(`/api/people?orgId=${w.cityA}&sort=name&skillLevel=senior&pageSize=100`)).filter((n) =>
        PERSON_ORDER.includes(n!),
      ),
    ).toEqual(senior);
    // The plain path (a filter the index does not answer), and the default sort.
    expect(await personNames('sort=name&employmentStatus=employed')).toEqual(PERSON_ORDER);
    expect(await personNames('sort=-name&unionMember=false')).toEqual([...PERSON_ORDER].reverse());
    expect(await personNames('employmentStatus=employed&skillLevel=senior')).toEqual(senior);
    expect(await personNames('')).toEqual(PERSON_ORDER);
    // Pages follow the same order.
    const paged = [];
    for (let page = 1; page <= 3; page++)
      paged.push(...names(await admin.get(`/api/people?orgId=${county}&sort=name&page=${page}&pageSize=3`)));
    expect(paged).toEqual(PERSON_ORDER);
  });

  it('organisations: the tree, the search and the dashboard', async () => {
    expect(await orgNames(`parentId=${county}`)).toEqual(ORG_ORDER);
    expect((await orgNames('q=有限公司&pageSize=500')).filter((n) => ORG_ORDER.includes(n!))).toEqual(ORG_ORDER);
    const dash = await admin.get(`/api/dashboard?orgId=${county}&sort=name`);
    expect(dash.status).toBe(200);
    expect(dash.body.children.items.map((c: { org: { name: string } }) => c.org.name)).toEqual(ORG_ORDER);
    const back = await admin.get(`/api/dashboard?orgId=${county}&sort=-name`);
    expect(back.body.children.items.map((c: { org: { name: string } }) => c.org.name)).toEqual([...ORG_ORDER].reverse());
  });

  it('users: by display name', async () => {
    expect(await userNames('sort=displayName')).toEqual(PERSON_ORDER);
    expect(await userNames('sort=-displayName')).toEqual([...PERSON_ORDER].reverse());
  });

  it('keeps the order after renames and a move, with the roll-ups and the subtree index matching a recount', async () => {
    // 阿明 becomes 钱七 (Qián): between 李四 and 单雄信 (Shàn).
    expect((await admin.patch(`/api/people/${people.get('阿明')}`, { name: '钱七' })).status).toBe(200);
    expect((await admin.patch(`/api/users/${users.get('阿明')}`, { displayName: '钱七' })).status).toBe(200);
    expect((await admin.patch(`/api/orgs/${orgs.get('阿明')}`, { name: '钱七有限公司' })).status).toBe(200);
    const personOrder = ['李四', '钱七', '单雄信', '王五', '曾国藩', '张三', '赵六'];
    expect(await personNames('sort=name')).toEqual(personOrder);
    expect(await personNames('sort=name&skillLevel=senior')).toEqual(
      personOrder.filter((n) => ['张三', '钱七', '单雄信', '王五'].includes(n)),
    );
    expect(await personNames('sort=name&employmentStatus=employed')).toEqual(personOrder);
    expect(await userNames('sort=displayName')).toEqual(personOrder);
    expect(await orgNames(`parentId=${county}`)).toEqual(
      ['曾国藩', '单雄信', '李四', '钱七', '王五', '张三', '赵六'].map((n) => `${n}有限公司`),
    );
    // The county moves under city B: its people are filed under their new ancestors, in the same order.
    expect((await admin.post(`/api/orgs/${county}/move`, { parentId: w.cityB })).status).toBe(200);
    expect(names(await admin.get(`/api/people?orgId=${w.cityB}&sort=name&pageSize=100`)).filter((n) => personOrder.includes(n!))).toEqual(
      personOrder,
    );
    await expectTotalsConsistent(server.db);
    await expectSortKeysCurrent(server.db);
  });

  it('roster import: people added, then renamed by a second roster, are filed in pinyin order', async () => {
    const roster = (rows: string[][]) => buildCsv(['姓名', '身份证号'], rows);
    const commit = async (rows: string[][]) => {
      const v = await uploadAndValidate(admin, orgs.get('王五')!, 'pinyin.csv', roster(rows), 'text/csv');
      expect(v.validRows).toBe(rows.length);
      // A registered ID under another name is a conflict to decide (here: rename the person).
      if (v.conflictRows) expect((await admin.post(`/api/people/imports/${v.id}/conflicts`, { decision: 'rename' })).status).toBe(200);
      expect((await admin.post(`/api/people/imports/${v.id}/commit`, {})).status).toBe(202);
      await waitForImport(admin, v.id, (i) => i.status === 'committed');
    };
    // 解 Xiè and 区 Ōu as surnames.
    await commit([
      ['解缙', nthIdNumber(950)],
      ['区寄', nthIdNumber(951)],
      ['欧阳修', nthIdNumber(952)],
    ]);
    await commit([['包拯', nthIdNumber(952)]]);
    const listed = await personNames('sort=name');
    expect(listed.filter((n) => ['解缙', '区寄', '包拯', '欧阳修'].includes(n!))).toEqual(['包拯', '区寄', '解缙']);
    expect(listed).toEqual(sortedBy(listed as string[], personNameKey));
    expect(await personNames('sort=name&employmentStatus=employed')).toEqual(listed);
    await expectTotalsConsistent(server.db);
    await expectSortKeysCurrent(server.db);
  });

  it('backfill (migration 2026-12-03T40-name-sort-keys): keyset batches reach every row, past ids of any length', async () => {
    await sql`UPDATE people SET name_key = 'stale'`.execute(server.db);
    await sql`UPDATE organisations SET name_key = 'stale'`.execute(server.db);
    const count = async (t: 'people' | 'organisations') =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(server.db)).rows[0]!.n);
    // Batches of 3: ids 9, 10, 11… cross a digit boundary, where an order by text would stop early.
    expect(await backfillKeys(server.db, 'people', 'name', 'name_key', personNameKey, 3)).toBe(await count('people'));
    expect(await backfillKeys(server.db, 'organisations', 'name', 'name_key', orgNameKey, 3)).toBe(await count('organisations'));
    await expectSortKeysCurrent(server.db);
    await expectTotalsConsistent(server.db);
  });
});
