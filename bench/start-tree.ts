// Starting a checkout's server on a generated bench database, for the benches that run outside
// bench/run.ts: the same environment as bench/run.ts (its fixed key and password, jobs off, no web
// directory), `node --import tsx src/server/main.ts` in the checkout's directory, so the process is
// the server itself (its CPU can be read from /proc/<pid>).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';

// The bench's fixed key and password (bench/run.ts): the generated datasets were sealed with them.
const SECRET_KEY = createHash('sha256').update('jiangxin-bench-dataset').digest('base64');
export const BENCH_PASSWORD = 'Bench-Passw0rd!';

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
});
process.on('SIGINT', () => process.exit(130));

function freePort(): Promise<number> {
  return new Promise((done) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => done(p));
    });
  });
}

export interface Started {
  url: string;
  pid: number;
  login(username: string): Promise<string>;
}

/** Starts the server of the checkout at `dir` on database `db` and waits until it answers. */
export async function startTree(name: string, dir: string, db: string): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: db,
      JIANGXIN_DATA_DIR: join(os.tmpdir(), `jx-bench-${name}`),
      JIANGXIN_SECRET_KEY: SECRET_KEY,
      JIANGXIN_ADMIN_PASSWORD: BENCH_PASSWORD,
      JIANGXIN_ADMIN_TOTP: 'optional',
      JIANGXIN_DEMO: 'false',
      JIANGXIN_JOBS: 'off',
      JIANGXIN_WEB_DIR: '/nonexistent',
      LOG_LEVEL: 'warn',
      JIANGXIN_LOGIN_RATE_PER_MINUTE: '100000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.add(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode})`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 6000) throw new Error(`${name} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    async login(username) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: BENCH_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`${name}: login ${username} ${res.status} ${await res.text()}`);
      const cookie = /jx_session=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0];
      if (!cookie) throw new Error(`${name}: no session cookie`);
      return cookie;
    },
  };
}
