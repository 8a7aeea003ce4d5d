// Connection faults on PostgreSQL (PGlite has no connections to lose): a backend killed while a
// request uses it fails that request with 503 database_unavailable and a Retry-After, the process
// stays up, and the pool opens a new connection for the next request; a database that goes silent
// fails a query within statement timeout + 5 s instead of hanging.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PG_URL, testDatabaseKind, type Client, type TestServer } from '../testing/harness.js';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.js';
import { openDatabase, QUERY_TIMEOUT_MARGIN_MS, waitForDatabase, type DatabaseHandle } from './database.js';
import { classifyFault } from './faults.js';

const onPostgres = testDatabaseKind() === 'postgres';

describe.skipIf(!onPostgres)('connection faults (PostgreSQL)', () => {
  let server: TestServer;
  let admin: Client;
  let dbUrl: string;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    server = await startTestServer();
    admin = await server.login('admin');
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(server.db);
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${rows[0]!.name}`;
    dbUrl = url.toString();
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await server.close();
  });

  const newOrg = (name: string, parentId = server.rootOrgId) =>
    admin.post('/api/orgs', { parentId, name, kind: 'federation', level: 'province' });
  const lockWaiters = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`;

  it('pg_terminate_backend of busy connections: those requests answer 503, the process stays up, the next request succeeds', async () => {
    // Hold the audit log so the requests' transactions wait inside PostgreSQL, on their connections.
    // Three parents, so the three creates do not wait for each other's parent row.
    const parents = [];
    for (const i of [1, 2, 3]) parents.push((await newOrg(`断线上级-${i}`)).body.id as string);
    const clients = await Promise.all(parents.map(() => server.login('admin')));
    const locker = new pg.Client({ connectionString: dbUrl });
    locker.on('error', () => {});
    await locker.connect();
    await locker.query('BEGIN; LOCK TABLE audit_log IN SHARE MODE');
    const pending = parents.map((parentId, i) =>
      clients[i]!.post('/api/orgs', { parentId, name: `断线-${i}`, kind: 'federation', level: 'province' }),
    );
    // Kill each request's connection while it waits inside PostgreSQL (they may arrive one by one;
    // on a loaded machine one may not have arrived before the lock is let go, and then succeeds).
    let killed = 0;
    for (let i = 0; i < 600 && killed < pending.length; i++) {
      await sleep(25);
      killed += (await locker.query(`SELECT pg_terminate_backend(pid) FROM (${lockWaiters}) w`)).rowCount ?? 0;
    }
    expect(killed).toBeGreaterThanOrEqual(1);
    await locker.query('COMMIT');
    await locker.end();

    const answers = await Promise.all(pending);
    const refused = answers.filter((a) => a.status !== 201);
    // Every killed request is refused; on a very busy machine a request can also outwait the
    // statement timeout behind the lock before the killing loop sees it: refused the same way.
    expect(refused.length).toBeGreaterThanOrEqual(killed);
    for (const res of refused) {
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 503, code: 'database_unavailable' });
      expect(res.body.message).toContain('数据库暂时无法访问');
      expect(res.headers.get('retry-after')).toBe('5');
    }
    expect(uncaught).toEqual([]);
    // Nothing of the failed requests was written; the pool serves the next ones on new connections.
    expect((await server.db.selectFrom('organisations').select('id').where('name', 'like', '断线-%').execute()).length).toBe(
      3 - refused.length,
    );
    expect((await server.anonymous().get('/api/health')).status).toBe(200);
    expect((await newOrg('断线-之后')).status).toBe(201);
  }, 60_000);

  it('answers in English too', async () => {
    const locker = new pg.Client({ connectionString: dbUrl });
    locker.on('error', () => {});
    await locker.connect();
    await locker.query('BEGIN; LOCK TABLE audit_log IN SHARE MODE');
    admin.locale = 'en-US';
    const pending = newOrg('断线-en');
    for (let i = 0; i < 200; i++) {
      await sleep(50);
      const r = await locker.query(`SELECT pg_terminate_backend(pid) FROM (${lockWaiters}) w`);
      if (r.rowCount) break;
    }
    await locker.query('COMMIT');
    await locker.end();
    const res = await pending;
    admin.locale = 'zh-CN';
    expect(res.status).toBe(503);
    expect(res.body.message).toContain('The database cannot be reached right now');
  }, 60_000);

  describe('through a TCP proxy', () => {
    let proxy: TcpProxy;
    let handle: DatabaseHandle;
    beforeAll(async () => {
      const target = new URL(dbUrl);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      const via = new URL(dbUrl);
      via.port = String(proxy.port);
      handle = await openDatabase({ databaseUrl: via.toString(), poolMax: 2, statementTimeoutMs: 300, connectTimeoutMs: 1000 });
    });
    afterAll(async () => {
      await handle.close();
      await proxy.close();
    });

    it('a silent database fails the query within statement timeout + 5 s; after it returns, queries work again', async () => {
      await sql`SELECT 1`.execute(handle.db);
      proxy.stall();
      const started = Date.now();
      const err = await sql`SELECT 1`.execute(handle.db).then(
        () => undefined,
        (e: unknown) => e,
      );
      const took = Date.now() - started;
      expect(classifyFault(err)).toBe('unavailable');
      expect(took).toBeGreaterThanOrEqual(300 + QUERY_TIMEOUT_MARGIN_MS - 100);
      // The bound is that it ends (not hangs), not how fast: headroom for a machine busy with other work.
      expect(took).toBeLessThan(300 + QUERY_TIMEOUT_MARGIN_MS + 15_000);
      proxy.resume();
      expect((await sql<{ n: number }>`SELECT 1 AS n`.execute(handle.db)).rows[0]!.n).toBe(1);
      expect(uncaught).toEqual([]);
    });

    it('connections cut by the network fail only their own queries; the pool replaces them', async () => {
      // Two queries of 3 s (the pool's 300 ms statement timeout lifted for them, under the client's
      // 5.3 s limit), cut once both run in PostgreSQL (seen from a connection of its own), however
      // long a busy machine takes to send them.
      const sleeper = () =>
        handle.db.transaction().execute(async (trx) => {
          await sql`SET LOCAL statement_timeout = 0`.execute(trx);
          await sql`SELECT pg_sleep(3)`.execute(trx);
        });
      const busy = [sleeper(), sleeper()].map((p) =>
        p.then(
          () => 'ok',
          (e: unknown) => classifyFault(e),
        ),
      );
      const watcher = new pg.Client({ connectionString: dbUrl });
      await watcher.connect();
      const running = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query = 'SELECT pg_sleep(3)'`;
      for (let i = 0; i < 400 && (await watcher.query<{ n: number }>(running)).rows[0]!.n < 2; i++) await sleep(25);
      await watcher.end();
      proxy.cut();
      expect(await Promise.all(busy)).toEqual(['unavailable', 'unavailable']);
      await sleep(20);
      expect((await sql<{ n: number }>`SELECT 2 AS n`.execute(handle.db)).rows[0]!.n).toBe(2);
      expect(uncaught).toEqual([]);
    });

    it('at start, waits for a database that refuses connections, with backoff, and gives up after the stated time', async () => {
      proxy.refuse(true);
      proxy.cut();
      await sleep(50);
      const log: string[] = [];
      const started = Date.now();
      const err = await waitForDatabase(handle.db, 2, (m) => log.push(m)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(classifyFault(err)).toBe('unavailable');
      // Two attempts with a 0.5 s back-off: it gives up instead of waiting on (generous bound for a busy machine).
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(log.length).toBeGreaterThanOrEqual(2);
      expect(log[0]).toMatch(/attempt 1.*retrying in 0\.5 s/);
      setTimeout(() => proxy.refuse(false), 700);
      const log2: string[] = [];
      await waitForDatabase(handle.db, 10, (m) => log2.push(m));
      expect(log2.at(-1)).toMatch(/reachable after \d attempts/);
    });
  });
});
