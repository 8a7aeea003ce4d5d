// The real server as a child process (node + tsx, like production) on the database under test: a
// data directory and, on PostgreSQL, a database of its own; the start, waited for until /api/health
// answers; the admin's sign-in. For tests of what only a process shows (restarts, kills, memory).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Client, TEST_PG_URL, testDatabaseKind } from './harness.js';

/** The admin password the processes are started with. */
export const PROCESS_ADMIN_PASSWORD = 'Admin-Passw0rd!';

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts src/server/main.ts on a free port with `env` over the defaults and waits up to `upWithinMs`
 * for /api/health (a start takes a few seconds, much longer on a busy machine compiling with tsx).
 */
export async function startServerProcess(env: Record<string, string>, upWithinMs: number): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      JIANGXIN_ADMIN_PASSWORD: PROCESS_ADMIN_PASSWORD,
      JIANGXIN_ADMIN_TOTP: 'optional',
      LOG_LEVEL: 'warn',
      JIANGXIN_WEB_DIR: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + upWithinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { child, baseUrl, output: () => out, exited };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not come up: ${out}`);
}

/** A client signed in as the admin of a process. */
export async function loginProcessAdmin(baseUrl: string): Promise<Client> {
  const c = new Client(baseUrl);
  const r = await c.post('/api/auth/login', { username: 'admin', password: PROCESS_ADMIN_PASSWORD });
  if (r.status !== 200) throw new Error(`login: ${r.status}`);
  return c;
}

/**
 * A fresh data directory (jx-<tag>-…) and, on PostgreSQL, a fresh database jx_<tag>_<pid>: the env
 * for startServerProcess and the clean-up that removes both.
 */
export async function processDatabaseEnv(tag: string): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `jx-${tag}-`));
  if (testDatabaseKind() === 'pglite')
    return { env: { JIANGXIN_DATA_DIR: dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const name = `jx_${tag}_${process.pid}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    env: { JIANGXIN_DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
