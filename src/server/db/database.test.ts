// The database handle. Concurrency: many transactions and plain queries at once; on PGlite this
// guards the serialized driver (one connection; a query issued while another caller's transaction
// is open must not run inside it); on PostgreSQL the pool and READ COMMITTED give the same answers.
// PostgreSQL only: prepared statements (prepared.ts), and migrations running past the statement timeout.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrg } from '../modules/orgs/orgs.repository.js';
import { openTestDatabase, TEST_PG_URL, testDatabaseKind } from '../testing/harness.js';
import { openDatabase } from './database.js';
import { untimed } from './migrate.js';
import type { Database, OrganisationRow } from './schema.js';
import { PREPARE_AFTER, PREPARED_PER_CONNECTION } from './prepared.js';

let handle: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Kysely<Database>;
let root: OrganisationRow;

const org = (name: string) => ({
  name,
  kind: 'federation' as const,
  level: 'province' as const,
  region_code: null,
  uscc: null,
  union_name: null,
});
const countChildren = async (prefix: string) =>
  (
    await db
      .selectFrom('organisations')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('parent_id', '=', root.id)
      .where('name', 'like', `${prefix}%`)
      .executeTakeFirstOrThrow()
  ).n;
const byName = (name: string) => db.selectFrom('organisations').selectAll().where('name', '=', name).executeTakeFirst();

class Rollback extends Error {}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  root = await insertOrg(db, null, { ...org('根'), level: 'national' });
});
afterAll(() => handle.close());

describe('concurrent transactions', () => {
  it('20 transactions inserting under the root, interleaved with plain reads, all succeed', async () => {
    const N = 20;
    const writes = Array.from({ length: N }, (_, i) =>
      db.transaction().execute(async (trx) => {
        const parent = await trx.selectFrom('organisations').selectAll().where('id', '=', root.id).executeTakeFirstOrThrow();
        await sleep(i % 3);
        const row = await insertOrg(trx, parent, org(`并发-${String(i).padStart(2, '0')}`));
        const seen = await trx.selectFrom('organisations').select('id').where('id', '=', row.id).executeTakeFirst();
        expect(seen?.id).toBe(row.id);
        return row;
      }),
    );
    const reads = Array.from({ length: N }, () =>
      db.selectFrom('organisations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    );
    const [rows, counts] = await Promise.all([Promise.all(writes), Promise.all(reads)]);

    for (const c of counts) {
      expect(c.n).toBeGreaterThanOrEqual(1);
      expect(c.n).toBeLessThanOrEqual(N + 1);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(N);
    for (const r of rows) {
      expect(r.path).toBe(`${root.path}${r.id}.`);
      expect(r.depth).toBe(1);
    }
    expect(await countChildren('并发-')).toBe(N);
  });

  it('a rolled-back transaction leaves nothing behind, even with concurrent work around it', async () => {
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));
    const doomed = db.transaction().execute(async (trx) => {
      await insertOrg(trx, root, org('回滚-内部'));
      started();
      await sleep(30);
      throw new Rollback('roll back');
    });
    await inside;
    // Issued while the doomed transaction is open: must neither see its row nor be swept into it.
    const [readDuring, writeDuring, otherTrx] = await Promise.all([
      byName('回滚-内部'),
      insertOrg(db, root, org('回滚-外部写入')),
      db.transaction().execute((trx) => insertOrg(trx, root, org('回滚-另一事务'))),
      expect(doomed).rejects.toBeInstanceOf(Rollback),
    ]);
    expect(readDuring).toBeUndefined();
    expect(writeDuring.name).toBe('回滚-外部写入');
    expect(otherTrx.name).toBe('回滚-另一事务');

    expect(await byName('回滚-内部')).toBeUndefined();
    expect(await byName('回滚-外部写入')).toBeDefined();
    expect(await byName('回滚-另一事务')).toBeDefined();
    expect(await countChildren('回滚-')).toBe(2);
  });

  it('a failing statement rolls back its transaction and the handle keeps working', async () => {
    const attempt = db.transaction().execute(async (trx) => {
      await insertOrg(trx, root, org('失败-之前'));
      await sql`SELECT 1 / 0`.execute(trx);
    });
    const [, read] = await Promise.all([
      expect(attempt).rejects.toThrow(/division by zero/),
      db.selectFrom('organisations').select('id').where('id', '=', root.id).executeTakeFirst(),
    ]);
    expect(read?.id).toBe(root.id);
    expect(await byName('失败-之前')).toBeUndefined();
    const after = await Promise.all(Array.from({ length: 10 }, () => sql<{ one: number }>`SELECT 1::int AS one`.execute(db)));
    expect(after.map((r) => r.rows[0]!.one)).toEqual(Array(10).fill(1));
  });

  // PGlite runs one transaction at a time by design; on PostgreSQL two open transactions must not
  // wait on each other just because both created an organisation (a shared placeholder path did).
  it.skipIf(testDatabaseKind() === 'pglite')('an open transaction that created an organisation does not block another one', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let created!: () => void;
    const first = new Promise<void>((resolve) => (created = resolve));
    const holder = db.transaction().execute(async (trx) => {
      await insertOrg(trx, root, org('并行-甲'));
      created();
      await gate;
    });
    await first;
    const second = db.transaction().execute((trx) => insertOrg(trx, root, org('并行-乙')));
    // Blocked would mean waiting until released; 10 s leaves a busy machine time to insert.
    const outcome = await Promise.race([second.then(() => 'done'), sleep(10_000).then(() => 'blocked')]);
    release();
    await Promise.all([holder, second]);
    expect(outcome).toBe('done');
    expect(await countChildren('并行-')).toBe(2);
  });

  it('total count matches what was committed', async () => {
    const n = (await db.selectFrom('organisations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    expect(n).toBe(1 + 20 + 2 + (handle.kind === 'postgres' ? 2 : 0));
  });
});

// PostgreSQL only: statements sent again and again become server-side prepared statements of the
// connection (database.ts). One transaction holds one connection, so its statements can be seen.
describe.skipIf(testDatabaseKind() === 'pglite')('prepared statements', () => {
  const preparedOfConnection = (trx: Kysely<Database>) =>
    sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'jx\\_%'`
      .execute(trx)
      .then((r) => r.rows);

  it(`prepares a statement seen ${PREPARE_AFTER} times, and answers the same with any parameters`, async () => {
    await db.transaction().execute(async (trx) => {
      const answers = [];
      for (let i = 0; i < PREPARE_AFTER + 3; i++)
        answers.push((await sql<{ x: number }>`SELECT ${i}::int * 2 AS x`.execute(trx)).rows[0]!.x);
      expect(answers).toEqual(Array.from({ length: PREPARE_AFTER + 3 }, (_, i) => i * 2));
      expect((await preparedOfConnection(trx)).map((p) => p.statement)).toContain('SELECT $1::int * 2 AS x');
    });
  });

  it(`keeps at most ${PREPARED_PER_CONNECTION} per connection, deallocating the least recently used`, async () => {
    await db.transaction().execute(async (trx) => {
      for (let k = 0; k < PREPARED_PER_CONNECTION + 20; k++) {
        for (let i = 0; i < PREPARE_AFTER; i++)
          expect((await sql<{ x: number }>`SELECT ${i}::int + ${sql.lit(k)} AS x`.execute(trx)).rows[0]!.x).toBe(i + k);
      }
      const prepared = await preparedOfConnection(trx);
      expect(prepared.length).toBeLessThanOrEqual(PREPARED_PER_CONNECTION);
      expect(prepared.map((p) => p.statement)).toContain(`SELECT $1::int + ${PREPARED_PER_CONNECTION + 19} AS x`);
      expect(prepared.map((p) => p.statement)).not.toContain('SELECT $1::int + 0 AS x');
    });
  });

  it("survives DDL that changes a prepared statement's result columns: run again outside a transaction, failing once inside one", async () => {
    await sql`CREATE TABLE prepared_probe (a int)`.execute(db);
    await sql`INSERT INTO prepared_probe VALUES (1)`.execute(db);
    const probe = (on: Kysely<Database>) => sql`SELECT * FROM prepared_probe WHERE a = ${1}`.execute(on).then((r) => r.rows);
    // Prepared on every pooled connection that runs it; then the table changes.
    for (let i = 0; i < 20; i++) expect(await Promise.all([probe(db), probe(db), probe(db)])).toEqual([[{ a: 1 }], [{ a: 1 }], [{ a: 1 }]]);
    await sql`ALTER TABLE prepared_probe ADD COLUMN b int DEFAULT 7`.execute(db);
    for (let i = 0; i < 5; i++) expect(await Promise.all([probe(db), probe(db)])).toEqual([[{ a: 1, b: 7 }], [{ a: 1, b: 7 }]]);
    await sql`ALTER TABLE prepared_probe ADD COLUMN c int DEFAULT 8`.execute(db);
    const inside = () => db.transaction().execute((trx) => probe(trx));
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, inside));
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toBe('0A000');
    for (let i = 0; i < 5; i++) expect(await inside()).toEqual([{ a: 1, b: 7, c: 8 }]);
    await sql`DROP TABLE prepared_probe`.execute(db);
  });
});

describe.skipIf(testDatabaseKind() === 'pglite')('migrations and the statement timeout', () => {
  it('a migration runs past the statement timeout that cuts a request off', async () => {
    const short = await openDatabase({ databaseUrl: TEST_PG_URL, statementTimeoutMs: 100, poolMax: 1 });
    try {
      const slow = {
        up: async (trx: Kysely<any>) => {
          await sql`SELECT pg_sleep(0.3)`.execute(trx);
        },
      };
      await expect(short.db.transaction().execute((trx) => slow.up(trx))).rejects.toMatchObject({ code: '57014' });
      await short.db.transaction().execute((trx) => untimed(slow).up(trx));
      // The request timeout is back for the next transaction on the same connection.
      await expect(short.db.transaction().execute((trx) => slow.up(trx))).rejects.toMatchObject({ code: '57014' });
    } finally {
      await short.close();
    }
  });
});
