// The real process: start, data surviving a restart, graceful shutdown on SIGTERM, one log line per
// request, the first sign-in details printed last, and (on PostgreSQL) reconnecting after the database dropped every connection.
import http from 'node:http';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, TEST_PG_URL, testDatabaseKind } from './testing/harness.js';
import {
  PROCESS_ADMIN_PASSWORD as ADMIN,
  processDatabaseEnv,
  startServerProcess,
  type ServerProcess as Proc,
} from './testing/server-process.js';

// A start takes a few seconds, much longer on a busy machine (a child process compiling with tsx).
const startProcess = (env: Record<string, string>) => startServerProcess(env, 150_000);

/** A sign-in sent in two halves: the second only when `finish()` is called. */
function halfSentLogin(baseUrl: string, body: unknown): { sentHalf: Promise<void>; finish: () => void; status: Promise<number> } {
  const data = Buffer.from(JSON.stringify(body));
  const cut = Math.floor(data.length / 2);
  const url = new URL('/api/auth/login', baseUrl);
  const req = http.request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': data.length },
  });
  const status = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
  const sentHalf = new Promise<void>((resolve) => req.on('socket', (socket) => socket.once('connect', () => resolve())));
  req.write(data.subarray(0, cut));
  return { sentHalf, finish: () => req.end(data.subarray(cut)), status };
}

/** Polls `ok` every 50 ms until it holds; fails after `ms`. */
async function until(ok: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(p: Proc) {
  p.child.kill('SIGTERM');
  return p.exited;
}

const databaseEnv = () => processDatabaseEnv('main');

// Two process starts of up to 150 s each on a loaded machine (two busy CPU loops: ~180 s measured).
describe('the server process', { timeout: 480_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('keeps data across a restart, finishes in-flight requests on SIGTERM and exits 0', async () => {
    const { env, cleanup } = await databaseEnv();
    cleanups.push(cleanup);
    const first = await startProcess(env);
    const admin = new Client(first.baseUrl);
    expect((await admin.post('/api/auth/login', { username: 'admin', password: ADMIN })).status).toBe(200);
    const root = (await admin.get('/api/orgs')).body.items[0].id;
    const created = await admin.post('/api/orgs', { parentId: root, name: '重启测试总工会', kind: 'federation', level: 'province' });
    expect(created.status).toBe(201);

    // A sign-in in flight when SIGTERM arrives still gets its answer. In flight for sure, however busy
    // the machine: its headers and half its body are sent first, SIGTERM comes while the server
    // waits for the rest (half a second later), and the rest follows the signal.
    const inFlight = halfSentLogin(first.baseUrl, { username: 'admin', password: ADMIN });
    await inFlight.sentHalf;
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    inFlight.finish();
    expect(await inFlight.status).toBe(200);
    expect(await first.exited).toBe(0);

    const second = await startProcess(env);
    const again = new Client(second.baseUrl);
    expect((await again.post('/api/auth/login', { username: 'admin', password: ADMIN })).status).toBe(200);
    const org = await again.get(`/api/orgs/${created.body.id}`);
    expect(org.status).toBe(200);
    expect(org.body.name).toBe('重启测试总工会');
    expect(second.output()).not.toContain('demo data created'); // created once, on the first start
    await stop(second);
  });

  it.runIf(testDatabaseKind() === 'postgres')('reconnects by itself after PostgreSQL dropped its connections', async () => {
    const { env, cleanup } = await databaseEnv();
    cleanups.push(cleanup);
    const p = await startProcess(env);
    expect((await fetch(`${p.baseUrl}/api/health`)).status).toBe(200);
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    const dbName = new URL(env.DATABASE_URL!).pathname.slice(1);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [dbName]);
    await c.end();
    await new Promise((r) => setTimeout(r, 200));
    const after = await fetch(`${p.baseUrl}/api/health`);
    expect(after.status).toBe(200);
    await stop(p);
  });

  it('logs a request as one line at the default level, and prints the first sign-in details after the start-up lines', async () => {
    const { env, cleanup } = await databaseEnv();
    cleanups.push(cleanup);
    // No admin password given: one is generated and shown; demo logins on both databases.
    const p = await startProcess({ ...env, LOG_LEVEL: 'info', JIANGXIN_ADMIN_PASSWORD: '', JIANGXIN_DEMO: 'true' });
    const res = await fetch(`${p.baseUrl}/api/health?probe=1`);
    expect(res.status).toBe(200);
    // The line is written once the answer is sent: wait for it (not a fixed pause, which a busy machine outlasts).
    await until(() => p.output().includes('/api/health?probe=1'), 30_000);
    const lines = p.output().split('\n');
    const requestLines = lines.filter((l) => l.includes('/api/health?probe=1'));
    expect(requestLines).toHaveLength(1);
    const entry = JSON.parse(requestLines[0]!);
    expect(entry).toMatchObject({ level: 30, method: 'GET', url: '/api/health?probe=1', status: 200 });
    expect(entry.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof entry.ms).toBe('number');
    expect(p.output()).not.toContain('incoming request');

    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(at('system admin created: username "admin", password "')).toBeGreaterThan(at('listening on'));
    expect(at('demo data created. Demo logins')).toBeGreaterThan(at('listening on'));
    expect(at('migrations applied')).toBeLessThan(at('listening on'));
    expect(at('first start: sign in at')).toBeGreaterThan(at('listening on'));
    await stop(p);
  });
});
