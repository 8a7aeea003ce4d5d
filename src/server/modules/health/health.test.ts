import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestServer, TEST_PG_URL, testDatabaseKind, type TestServer } from '../../testing/harness.js';

describe('GET /api/health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('reports ok and the database kind', async () => {
    const res = await server.anonymous().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: server.kind, checks: { writes: 'ok', disk: 'ok' } });
    expect(res.body.checks.diskFreeMb).toBeGreaterThan(0);
  });

  it('says degraded when the database refuses writes for a full disk (53100), and ok again once it accepts them', async () => {
    await sql`CREATE FUNCTION jx_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$`.execute(
      server.db,
    );
    await sql`CREATE TRIGGER jx_test_disk_full BEFORE INSERT OR UPDATE ON health_heartbeat FOR EACH ROW EXECUTE FUNCTION jx_test_disk_full()`.execute(
      server.db,
    );
    const res = await server.anonymous().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'degraded', checks: { writes: 'refused', writesRefusedBecause: 'storage_full' } });
    await sql`DROP TRIGGER jx_test_disk_full ON health_heartbeat`.execute(server.db);
    await sql`DROP FUNCTION jx_test_disk_full()`.execute(server.db);
    expect((await server.anonymous().get('/api/health')).body.status).toBe('ok');
  });

  it('says degraded when the data directory has less free space than JIANGXIN_DISK_MIN_FREE_MB', async () => {
    const before = server.config.JIANGXIN_DISK_MIN_FREE_MB;
    server.config.JIANGXIN_DISK_MIN_FREE_MB = 1024 * 1024 * 1024; // a petabyte
    try {
      expect((await server.anonymous().get('/api/health')).body).toMatchObject({
        status: 'degraded',
        checks: { writes: 'ok', disk: 'low' },
      });
    } finally {
      server.config.JIANGXIN_DISK_MIN_FREE_MB = before;
    }
  });

  it.skipIf(testDatabaseKind() !== 'postgres')('says degraded when PostgreSQL is read-only (default_transaction_read_only)', async () => {
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(server.db);
    const name = rows[0]!.name;
    // New sessions start read-only; the app's current ones are ended so the pool opens new ones.
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${name}`;
    const reconnect = async (...first: string[]) => {
      const admin = new pg.Client({ connectionString: url.toString() });
      admin.on('error', () => {});
      await admin.connect();
      for (const q of first) await admin.query(q);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await admin.end();
      await sleep(200);
    };
    await sql.raw(`ALTER DATABASE ${name} SET default_transaction_read_only = on`).execute(server.db);
    await reconnect();
    try {
      const res = await server.anonymous().get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'degraded', checks: { writes: 'refused', writesRefusedBecause: 'unavailable' } });
    } finally {
      await reconnect('SET default_transaction_read_only = off', `ALTER DATABASE ${name} RESET default_transaction_read_only`);
    }
    expect((await server.anonymous().get('/api/health')).body.status).toBe('ok');
  });

  it('serves the OpenAPI document generated from the schemas', async () => {
    const res = await server.anonymous().get('/api/docs/json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/api/orgs/{id}');
  });

  it('answers unknown routes with the error model, translated', async () => {
    const zh = await server.anonymous().get('/api/nope');
    expect(zh.status).toBe(404);
    expect(zh.body).toMatchObject({ status: 404, code: 'route_not_found' });
    expect(zh.body.message).toContain('接口不存在');
    const client = server.anonymous();
    client.locale = 'en-US';
    const en = await client.get('/api/nope');
    expect(en.body.message).toContain('No such endpoint');
  });
});
