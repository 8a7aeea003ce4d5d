// The benchmark suite: `npm run bench [-- <section…>] [options]` prints a table and writes
// bench/results/<date>.json. Sections (all by default):
//   dashboard  GET /api/dashboard for the root, a province, a city and a county: p50/p99; an industry union's vs the province's p50
//   people     the people list (filtered, sorted, paged, subtree-scoped, masked, signed in) at
//              50 connections, beside a bare Fastify + pg route running the same SQL (bench/bare-server.ts);
//              the province's first page (20) by birth date at one connection, p50/p99 over --sort-requests
//              requests (target p50 ≤ 20 ms), and by birth date descending, creation time and skill level
//              (both ways) as figures (bench/first-page.ts, shared with bench/people-sort.ts)
//   directus   the same list and the skill-level aggregate served by Directus 12.4.0 (installed into
//              /tmp/jx-directus from the npm registry, bootstrapped on the same database; Node 22 only:
//              under Node 24 its native addon does not load, and the section says so)
//   pglite     the people list on the embedded database (a smaller dataset)
//   memory     the embedded database's server (PGlite) with the demo data: its resident memory --settle s after
//              its first start and after a restart (bench/pglite-footprint.ts, as bench/pglite-memory.ts)
//   import     roster import (bench/people-import.ts --built), --import-rows rows, on PostgreSQL and on PGlite:
//              --rounds interleaved rounds of validation alone, commit alone and the pipelined import end to
//              end, their ratio (median, spread) and the peak server RSS; one pipelined import of
//              --million-rows rows on PostgreSQL (time, rows/s, peak RSS, whether every row arrived); whether
//              the SIGKILL test of an import commit (src/server/modules/people/imports.kill.test.ts) passes on
//              PostgreSQL and on PGlite; ledger export time (bench/ledger-export.ts)
//   studios    --studios innovation studios (namings at every level) and --pairs mentor–apprentice pairs added
//              to the dataset (generate_series on PostgreSQL, once): a province's studio list page p50/p99, the
//              innovation dashboard of the root, a province, a city and a county (p50/p99, figures per
//              naming level, checked against a recount), the studio figures of the province
// Options: --workers 5000000 --seed 1 --province 37 --db postgres://postgres@127.0.0.1:5432/jx_bench
//   --duration 10 --connections 50 --dashboard-connections 1 --pglite-workers 100000 --import-rows 100000
//   --ledger-tasks 10000 --directus-dir /tmp/jx-directus --rounds 3 --studios 50000 --pairs 500000
//   --million-rows 1000000 (0 skips that import) --settle 20 --sort-requests 100 --settle-max 120
// Before the people list's comparisons (people, pglite) and each database's import rounds the bench
// settles: CHECKPOINT on PostgreSQL, then it waits (at most --settle-max s) for the load average to fall
// below half the cores.
// Every Jiangxin server runs as `npm start` runs it: the compiled server (built first when stale, `node
// scripts/build.mjs --if-stale`) under the flags scripts/start.sh chooses for its database (8 MB semi-spaces on
// PGlite, V8's own young generation on PostgreSQL; bench/npm-start.ts); the bare route on PGlite gets the same
// flags, the one on PostgreSQL none (as Jiangxin's there but --liftoff-only, which only PGlite's WebAssembly feels).
// Comparisons run interleaved (--rounds rounds of A B …, a warm-up before each run) and print each
// round's ratio, the median and the spread, with the load average; when the load average at a
// section's start exceeds the core count, figures are printed but no target is judged.
// The PostgreSQL dataset is generated once (npm run cli -- generate) and reused while size, seed and
// province match. Every server this starts is stopped at the end, also on failure or Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cpuBetween, sampleCpu } from './cpu-time.js';
import { timePage } from './first-page.js';
import { benchServerEnv, buildIfStale, type NpmStart, npmStart } from './npm-start.js';
import { footprint } from './pglite-footprint.js';

const argv = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : d;
};
const SECTIONS = ['dashboard', 'people', 'directus', 'pglite', 'memory', 'import', 'studios'] as const;
type Section = (typeof SECTIONS)[number];
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1]!.startsWith('--')));
const unknown = positional.filter((p) => !(SECTIONS as readonly string[]).includes(p));
if (unknown.length) {
  console.error(`unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const sections = new Set<Section>(positional.length ? (positional as Section[]) : SECTIONS);
const WORKERS = Number(opt('workers', '5000000'));
const SEED = Number(opt('seed', '1'));
const PROVINCE = opt('province', '37');
const DB_URL = opt('db', 'postgres://postgres@127.0.0.1:5432/jx_bench');
const DURATION = Number(opt('duration', '10'));
const CONNECTIONS = Number(opt('connections', '50'));
const PGLITE_WORKERS = Number(opt('pglite-workers', '100000'));
const IMPORT_ROWS = Number(opt('import-rows', '100000'));
const LEDGER_TASKS = Number(opt('ledger-tasks', '10000'));
const DIRECTUS_DIR = opt('directus-dir', '/tmp/jx-directus');
/** Interleaved rounds of every comparison (A B A B A B). */
const ROUNDS = Number(opt('rounds', '3'));
/** The dashboard is a latency target (one leader's request), not a throughput one. */
const DASHBOARD_CONNECTIONS = Number(opt('dashboard-connections', '1'));
const DIRECTUS_VERSION = '12.4.0';
/** Issue #15's scale: 50,000 studios and 500,000 pairs beside the 5,000,000 workers. */
const STUDIOS = Number(opt('studios', '50000'));
const PAIRS = Number(opt('pairs', '500000'));
/** Issue #17: a 1,000,000-row import still completes (0: not run). */
const MILLION_ROWS = Number(opt('million-rows', '1000000'));
/** Seconds after the server listens before its resident memory is read (section memory). */
const SETTLE_S = Number(opt('settle', '20'));
/** Timed requests of each sort of the province's first page, one at a time (section people). */
const SORT_REQUESTS = Number(opt('sort-requests', '100'));

// A fixed key: the generated dataset is synthetic, and every run must open what an earlier run sealed.
/** The bench database's name (PostgreSQL's backends for it are counted in the CPU per request). */
const DB_NAME = new URL(DB_URL).pathname.slice(1);
const SECRET_KEY = createHash('sha256').update('jiangxin-bench-dataset').digest('base64');
const PASSWORD = 'Bench-Passw0rd!';
const ROOT = process.cwd();

// ---- processes ----------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    stopAll();
    process.exit(130);
  });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

function start(cmd: string, args: string[], env: Record<string, string | undefined>, opts: { cwd?: string; quiet?: boolean } = {}) {
  const child = spawn(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', opts.quiet ? 'pipe' : 'inherit', opts.quiet ? 'pipe' : 'inherit'],
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
      children.delete(child);
    },
  };
}

/** Runs to the end; rejects on a non-zero exit. Output is shown and returned. */
async function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<string> {
  const r = await runToEnd(cmd, args, env, cwd);
  if (r.code === 0) return r.output;
  throw new Error(`${cmd} ${args.join(' ')} exited with ${r.code}`);
}

/** Runs to the end, whatever its exit code. Output is shown and returned. */
function runToEnd(
  cmd: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = ROOT,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    const show = (d: Buffer) => {
      out += d;
      process.stdout.write(`    ${d.toString().replace(/\n(?=.)/g, '\n    ')}`);
    };
    child.stdout.on('data', show);
    child.stderr.on('data', show);
    child.on('exit', (code) => {
      children.delete(child);
      resolve({ code, output: out });
    });
  });
}

async function waitFor(url: string, what: string, seconds = 120, proc?: ChildProcess) {
  for (let i = 0; i < seconds * 10; i++) {
    if (proc && proc.exitCode !== null) throw new Error(`${what} exited (${proc.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer ${url}`);
}

const tsx = (script: string, ...args: string[]) => [process.execPath, ['--import', 'tsx', script, ...args]] as const;

// ---- the dataset ----------------------------------------------------------------------------------

const dbUrl = (name: string) => {
  const u = new URL(DB_URL);
  u.pathname = `/${name}`;
  return u.toString();
};
const BENCH_DB = new URL(DB_URL).pathname.slice(1);

async function query<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

const appEnv = (extra: Record<string, string | undefined>) => ({
  JIANGXIN_SECRET_KEY: SECRET_KEY,
  JIANGXIN_ADMIN_PASSWORD: PASSWORD,
  JIANGXIN_ADMIN_TOTP: 'optional',
  JIANGXIN_DEMO: 'false',
  JIANGXIN_JOBS: 'off',
  JIANGXIN_WEB_DIR: '/nonexistent',
  LOG_LEVEL: 'warn',
  JIANGXIN_LOGIN_RATE_PER_MINUTE: '100000',
  ...extra,
});

async function generatedWith(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const rows = await query<{ after: Record<string, unknown> }>(
      url,
      `SELECT after FROM audit_log WHERE action = 'generate' ORDER BY id DESC LIMIT 1`,
    );
    return rows[0]?.after;
  } catch {
    return undefined;
  }
}

/** The PostgreSQL bench database with the asked-for dataset: reused when it matches, else made anew. */
async function ensurePgDataset(): Promise<{ reused: boolean; seconds: number }> {
  const exists = (await query(dbUrl('postgres'), 'SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB])).length > 0;
  if (exists) {
    const g = await generatedWith(DB_URL);
    if (g && g.workers === WORKERS && g.seed === SEED && g.province === PROVINCE) {
      console.log(
        `dataset: reusing ${BENCH_DB} (${WORKERS.toLocaleString()} workers, seed ${SEED}, province ${PROVINCE}, generated ${g.asOf})`,
      );
      return { reused: true, seconds: 0 };
    }
    console.log(`dataset: ${BENCH_DB} holds another dataset; recreating it`);
    await query(dbUrl('postgres'), `DROP DATABASE ${BENCH_DB} WITH (FORCE)`);
  }
  await query(dbUrl('postgres'), `CREATE DATABASE ${BENCH_DB}`);
  console.log(`dataset: generating ${WORKERS.toLocaleString()} workers (seed ${SEED}, province ${PROVINCE}) into ${BENCH_DB}…`);
  const t = performance.now();
  const [cmd, args] = tsx('src/cli/main.ts', 'generate', '--workers', String(WORKERS), '--seed', String(SEED), '--province', PROVINCE);
  await run(cmd, [...args], appEnv({ DATABASE_URL: DB_URL, JIANGXIN_DATA_DIR: join(os.tmpdir(), 'jx-bench-data') }));
  return { reused: false, seconds: (performance.now() - t) / 1000 };
}

async function ensurePgliteDataset(): Promise<{ dir: string; reused: boolean; seconds: number }> {
  const dir = join(os.tmpdir(), `jx-bench-pglite-${PGLITE_WORKERS}-${SEED}-${PROVINCE}`);
  const marker = join(dir, 'bench-generated.json');
  if (existsSync(marker)) return { dir, reused: true, seconds: 0 };
  console.log(`dataset: generating ${PGLITE_WORKERS.toLocaleString()} workers into PGlite at ${dir}…`);
  const t = performance.now();
  const [cmd, args] = tsx(
    'src/cli/main.ts',
    'generate',
    '--workers',
    String(PGLITE_WORKERS),
    '--seed',
    String(SEED),
    '--province',
    PROVINCE,
  );
  await run(cmd, [...args], appEnv({ DATABASE_URL: undefined, JIANGXIN_DATA_DIR: dir }));
  writeFileSync(marker, JSON.stringify({ workers: PGLITE_WORKERS, seed: SEED, province: PROVINCE }));
  return { dir, reused: false, seconds: (performance.now() - t) / 1000 };
}

// ---- servers and load -----------------------------------------------------------------------------

/**
 * `npm start`'s command line (scripts/start.sh, by database): its environment (glibc's malloc settings),
 * node's flags (docs/design.md, "The embedded database's memory", "Validation speed and peak RSS" and "The
 * young generation by database") and the compiled server, for every Jiangxin server this starts.
 */
const START = { pglite: npmStart('pglite'), postgres: npmStart('postgres') };
/** node's flags of npm start on PGlite (the bare route on PGlite gets the same). */
const NODE_FLAGS = START.pglite.nodeFlags;
/** npm start's environment (glibc's malloc settings) for every Jiangxin server, unless the caller's environment sets it. */
const START_ENV = benchServerEnv(START.pglite);
/** A server's command line as printed: `MALLOC_ARENA_MAX=2 node --liftoff-only … dist/server/main.js`. */
const startLine = (s: NpmStart) =>
  [...Object.keys(s.env).map((k) => `${k}=${process.env[k] ?? s.env[k]}`), 'node', ...s.nodeFlags, s.entry].join(' ');
const START_LINE = startLine(START.pglite);

async function startJiangxin(env: Record<string, string | undefined>) {
  const port = await freePort();
  const how = env.DATABASE_URL ? START.postgres : START.pglite;
  const s = start(process.execPath, [...how.nodeFlags, how.entry], appEnv({ ...benchServerEnv(how), PORT: String(port), ...env }));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/health`, 'Jiangxin', 300, s.child);
  return { ...s, url };
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = /jx_session=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU milliseconds per request of the server process and of PostgreSQL's processes for its database. */
  cpu?: { server: number; db: number };
}

async function autocannon(
  url: string,
  o: { connections?: number; duration?: number; headers?: Record<string, string> } = {},
): Promise<Load> {
  const args = [
    join(ROOT, 'node_modules/autocannon/autocannon.js'),
    '-j',
    '-c',
    String(o.connections ?? CONNECTIONS),
    '-d',
    String(o.duration ?? DURATION),
    '-t',
    '120',
  ];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(url);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let s = '';
    child.stdout.on('data', (d) => (s += d));
    child.on('exit', (code) => {
      children.delete(child);
      if (code === 0) resolve(s);
      else reject(new Error(`autocannon exited with ${code}`));
    });
  });
  const r = JSON.parse(out);
  return {
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

async function expectOk(url: string, headers: Record<string, string>, what: string) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

// ---- results ------------------------------------------------------------------------------------

interface Row {
  section: string;
  name: string;
  reqPerSec?: number;
  p50?: number;
  p99?: number;
  note?: string;
  target?: string;
  pass?: boolean;
}
const rows: Row[] = [];
const extra: Record<string, unknown> = {};
const add = (r: Row) => {
  rows.push(r);
  const f = (n?: number, d = 1) => (n === undefined ? '' : n.toLocaleString('en-US', { maximumFractionDigits: d }));
  console.log(
    `  → ${r.name}: ${r.reqPerSec !== undefined ? `${f(r.reqPerSec, 0)} req/s ` : ''}${r.p50 !== undefined ? `p50 ${f(r.p50)} ms ` : ''}${r.p99 !== undefined ? `p99 ${f(r.p99)} ms ` : ''}${r.note ?? ''}${r.pass === undefined ? '' : r.pass ? ' ✓' : ' ✗'}`,
  );
};
const loadRow = (section: string, name: string, l: Load, target?: string, pass?: boolean, note = ''): Row => ({
  section,
  name,
  reqPerSec: l.reqPerSec,
  p50: l.p50,
  p99: l.p99,
  target,
  pass,
  note: `${note}${l.non2xx || l.errors ? ` (${l.non2xx} non-2xx, ${l.errors} errors!)` : ''}`,
});

// ---- sections -----------------------------------------------------------------------------------

interface Orgs {
  root: { id: string; path: string };
  province: { id: string; path: string; name: string };
  city: { id: string; path: string };
  county: { id: string; path: string };
}

async function benchOrgs(): Promise<Orgs> {
  const one = async (where: string) =>
    (
      await query<{ id: string; path: string; name: string }>(
        DB_URL,
        `SELECT o.id::text, o.path, o.name FROM organisations o ${where} LIMIT 1`,
      )
    )[0]!;
  return {
    root: await one('WHERE parent_id IS NULL'),
    province: await one(`WHERE level = 'province' AND kind = 'federation' ORDER BY id`),
    city: await one(`JOIN users u ON u.org_id = o.id AND u.username = 'gen-city'`),
    county: await one(`JOIN users u ON u.org_id = o.id AND u.username = 'gen-county'`),
  };
}

/** The list request of every contender: 高级工 in the county's subtree, by name, first page of 20. */
const LIST_QUERY = 'skillLevel=senior&sort=name&page=1&pageSize=20';

async function sectionDashboard(app: { url: string }, orgs: Orgs, admin: string) {
  console.log('\n[a] dashboard API');
  let provinceP50: number | undefined;
  for (const [name, org] of Object.entries(orgs) as [keyof Orgs, { id: string }][]) {
    const url = `${app.url}/api/dashboard?orgId=${org.id}`;
    const first = await fetch(url, { headers: { cookie: admin } });
    if (first.status === 404 && (await first.text()).includes('route_not_found')) {
      add({ section: 'dashboard', name: 'dashboard API', note: 'not available yet (no /api/dashboard route)' });
      return;
    }
    await autocannon(url, { connections: 1, duration: 1, headers: { cookie: admin } }); // warm-up
    const l = await autocannon(url, { connections: DASHBOARD_CONNECTIONS, duration: Math.min(DURATION, 5), headers: { cookie: admin } });
    add(loadRow('dashboard', `dashboard ${name} (${DASHBOARD_CONNECTIONS} conn)`, l, 'p50 ≤ 5 ms, p99 ≤ 20 ms', l.p50 <= 5 && l.p99 <= 20));
    if (name === 'province') provinceP50 = l.p50;
  }
  // The industry chain: the largest industry union's dashboard (over its affiliated enterprises) against the province's.
  const union = (await query<{ id: string }>(DB_URL, 'SELECT union_id::text AS id FROM industry_totals ORDER BY workers DESC LIMIT 1'))[0];
  if (!union || provinceP50 === undefined) {
    add({ section: 'dashboard', name: 'dashboard industry union', note: 'no affiliated enterprises in this dataset' });
    return;
  }
  const url = `${app.url}/api/dashboard?orgId=${union.id}`;
  await autocannon(url, { connections: 1, duration: 1, headers: { cookie: admin } }); // warm-up
  const l = await autocannon(url, { connections: DASHBOARD_CONNECTIONS, duration: Math.min(DURATION, 5), headers: { cookie: admin } });
  const limit = 2 * provinceP50;
  add(
    loadRow('dashboard', `dashboard industry union (${DASHBOARD_CONNECTIONS} conn)`, l, `p50 ≤ 2× province (${limit} ms)`, l.p50 <= limit),
  );
}

interface Contender {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** The server's process, to read its CPU time (and PostgreSQL's for DB_URL's database) over each run. */
  pid?: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const spread = (xs: number[]) => `${pct(Math.min(...xs))}–${pct(Math.max(...xs))}`;
const loadNow = () => os.loadavg()[0]!;
/** At most this many seconds of waiting for a quiet machine before a throughput comparison (--settle-max). */
const SETTLE_MAX_S = Number(opt('settle-max', '120'));

/**
 * Before a throughput comparison: PostgreSQL writes out what the generation of a dataset left dirty
 * (CHECKPOINT), then the bench waits, at most --settle-max s, for the 1-minute load average to fall below
 * half the cores, so that the first rounds do not run beside the writeback of millions of rows or the
 * previous section's tail. Prints what it did; the verdict still follows the load at the section's start.
 */
async function settle(label: string, pgUrl?: string) {
  const t = performance.now();
  if (pgUrl) await query(pgUrl, 'CHECKPOINT');
  const checkpointS = (performance.now() - t) / 1000;
  const from = loadNow();
  while (loadNow() >= os.cpus().length / 2 && performance.now() - t < SETTLE_MAX_S * 1000) await new Promise((r) => setTimeout(r, 5000));
  console.log(
    `  ${label}: ${pgUrl ? `CHECKPOINT in ${checkpointS.toFixed(1)} s, ` : ''}load ${from.toFixed(2)} → ${loadNow().toFixed(2)} after ${((performance.now() - t) / 1000).toFixed(0)} s (waits for < ${os.cpus().length / 2}, at most ${SETTLE_MAX_S} s)`,
  );
}

/**
 * Rounds of every contender in turn (A B C, A B C, …), each with the same connections and duration and
 * a short warm-up of its own just before, so a swing of the machine's speed hits every contender alike
 * and each round's ratios compare runs made within a minute of each other.
 */
async function interleaved(contenders: Contender[], rounds: number, connections: number): Promise<Load[][]> {
  const runs: Load[][] = contenders.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    const line: string[] = [];
    for (const [i, c] of contenders.entries()) {
      await autocannon(c.url, { connections: Math.min(10, connections), duration: 2, headers: c.headers });
      const before = c.pid ? sampleCpu(c.pid, DB_NAME) : undefined;
      const l = await autocannon(c.url, { connections, headers: c.headers });
      if (before && c.pid) {
        const used = cpuBetween(before, sampleCpu(c.pid, DB_NAME));
        l.cpu = { server: (used.server * 1000) / l.requests, db: (used.db * 1000) / l.requests };
      }
      runs[i]!.push(l);
      const cpu = l.cpu ? `, CPU ${l.cpu.server.toFixed(2)} + ${l.cpu.db.toFixed(2)} ms/req` : '';
      line.push(`${c.name} ${Math.round(l.reqPerSec).toLocaleString('en-US')} req/s p99 ${l.p99} ms${cpu}`);
    }
    console.log(`  round ${round}/${rounds} (load ${loadNow().toFixed(2)}): ${line.join(' · ')}`);
  }
  return runs;
}

/** The verdict of a target, or none when the machine was busier than its cores at the start. */
const verdict = (loadAtStart: number, met: boolean) => (loadAtStart > os.cpus().length ? undefined : met);

/** Per-round ratios a/b, their median and spread, as a result row. */
function ratioRow(section: string, name: string, a: Load[], b: Load[], target: string, atLeast: number, loadAtStart: number): Row {
  const ratios = a.map((l, i) => l.reqPerSec / b[i]!.reqPerSec);
  const m = median(ratios);
  return {
    section,
    name,
    note: `median ${pct(m)} (spread ${spread(ratios)}; rounds ${ratios.map(pct).join(' ')})`,
    target,
    pass: verdict(loadAtStart, m >= atLeast),
  };
}

/** The run with the median throughput of a contender's rounds, as a result row. */
function medianRun(section: string, name: string, runs: Load[], target?: string, pass?: boolean): [Row, Load] {
  const byRate = [...runs].sort((x, y) => x.reqPerSec - y.reqPerSec);
  const mid = byRate[Math.floor((byRate.length - 1) / 2)]!;
  const rates = runs.map((r) => Math.round(r.reqPerSec).toLocaleString('en-US'));
  return [loadRow(section, name, mid, target, pass, `median of ${runs.length} (${rates.join(', ')} req/s)`), mid];
}

function noVerdictNote(section: string, loadAtStart: number) {
  if (loadAtStart > os.cpus().length)
    add({
      section,
      name: 'verdict',
      note: `none: the load average at the start (${loadAtStart.toFixed(2)}) exceeded the ${os.cpus().length} cores; figures are printed, targets not judged`,
    });
}

/**
 * Issue 17: the province's first page (20) by birth date at one connection, p50 ≤ 20 ms; the other sorts a
 * leader picks there (birth date descending, creation time, skill level) as figures. Requests one at a time
 * as the admin, after a warm-up of each (bench/first-page.ts).
 */
async function provinceSorts(app: { url: string }, orgs: Orgs, admin: string, loadAtStart: number) {
  console.log(`  first page at the province ${orgs.province.name}, one connection, ${SORT_REQUESTS} requests per sort`);
  const sorts = [
    ['birthDate', 'by birth date'],
    ['-birthDate', 'by birth date, descending'],
    ['createdAt', 'by creation time'],
    ['-createdAt', 'by creation time, descending'],
    ['skillLevel', 'by skill level'],
    ['-skillLevel', 'by skill level, descending'],
  ] as const;
  const figures: Record<string, unknown> = {};
  for (const [sort, label] of sorts) {
    const url = `${app.url}/api/people?orgId=${orgs.province.id}&sort=${sort}&page=1&pageSize=20`;
    const t = await timePage(url, admin, SORT_REQUESTS);
    figures[sort] = t;
    const judged = sort === 'birthDate';
    add({
      section: 'people',
      name: `people list, province, page 1 ${label} (1 conn)`,
      p50: t.p50,
      p99: t.p99,
      note: `${t.requests} requests after a warm-up; ${t.total.toLocaleString('en-US')} people`,
      target: judged ? 'p50 ≤ 20 ms' : undefined,
      pass: judged ? verdict(loadAtStart, t.p50 <= 20) : undefined,
    });
  }
  extra.peopleProvinceSorts = { province: orgs.province.name, pageSize: 20, ...figures };
}

async function sectionPeople(app: { url: string; child: ChildProcess }, orgs: Orgs, county: string, admin: string) {
  await settle('[b] settling', DB_URL);
  const loadAtStart = loadNow();
  console.log(
    `\n[b] people list, ${CONNECTIONS} connections, ${DURATION} s, ${ROUNDS} interleaved rounds (load ${loadAtStart.toFixed(2)})`,
  );
  const listUrl = `${app.url}/api/people?${LIST_QUERY}`;
  const sample = await expectOk(listUrl, { cookie: county }, 'people list');
  extra.peopleList = { request: `GET /api/people?${LIST_QUERY} as gen-county`, total: sample.total, firstName: sample.items[0]?.name };
  // Before the runs at 50 connections, which leave the machine's load average up for a minute.
  await provinceSorts(app, orgs, admin, loadAtStart);

  const port = await freePort();
  const [cmd, args] = tsx('bench/bare-server.ts');
  const bare = start(
    cmd,
    [...args],
    {
      PORT: String(port),
      DATABASE_URL: DB_URL,
      BARE_ROOT_PATH: orgs.county.path,
      BARE_FILTER: JSON.stringify({ skillLevel: 'senior' }),
      BARE_SORT: 'name',
      BARE_PAGE_SIZE: '20',
    },
    { quiet: true },
  );
  let runs: Load[][];
  try {
    await waitFor(`http://127.0.0.1:${port}/sql`, 'bare server', 60, bare.child);
    const bareUrl = `http://127.0.0.1:${port}`;
    for (const path of ['/people', '/people-work']) {
      const bareSample = await expectOk(`${bareUrl}${path}`, { cookie: county }, `bare route ${path}`);
      if (bareSample.total !== sample.total) console.log(`  ! bare route ${path} total ${bareSample.total} ≠ Jiangxin ${sample.total}`);
      const keys = (o: object) => Object.keys(o).sort().join(',');
      if (keys(bareSample.items[0] ?? {}) !== keys(sample.items[0] ?? {})) console.log(`  ! bare route ${path} answers other fields`);
    }
    runs = await interleaved(
      [
        { name: 'Jiangxin', url: listUrl, headers: { cookie: county }, pid: app.child.pid },
        { name: 'bare (same SQL)', url: `${bareUrl}/people`, pid: bare.child.pid },
        { name: 'bare (same work)', url: `${bareUrl}/people-work`, headers: { cookie: county }, pid: bare.child.pid },
      ],
      ROUNDS,
      CONNECTIONS,
    );
  } finally {
    await bare.stop();
  }
  const [jRuns, sqlRuns, workRuns] = runs as [Load[], Load[], Load[]];
  const [jRow, j] = medianRun('people', 'people list, Jiangxin', jRuns);
  add(jRow);
  const [sqlRow, bSql] = medianRun('people', 'people list, bare Fastify + pg (same SQL)', sqlRuns);
  add(sqlRow);
  add(medianRun('people', 'people list, bare Fastify + pg (same work: session + page)', workRuns)[0]);
  add(ratioRow('people', 'Jiangxin / bare, same SQL (req/s)', jRuns, sqlRuns, '≥ 60%', 0.6, loadAtStart));
  add(ratioRow('people', 'Jiangxin / bare, same work (req/s)', jRuns, workRuns, '≥ 80%', 0.8, loadAtStart));
  const p99Ratio = median(jRuns.map((l, i) => l.p99 / sqlRuns[i]!.p99));
  add({
    section: 'people',
    name: 'p99 Jiangxin / bare (same SQL)',
    note: `median ${p99Ratio.toFixed(1)}× (${j.p99} vs ${bSql.p99} ms in the median runs)`,
    target: '≤ 3×',
    pass: verdict(loadAtStart, p99Ratio <= 3),
  });
  // Why: CPU per request of each server and of PostgreSQL, which share the two cores with the load generator.
  const cpuOf = (runs: Load[]) => {
    const c = runs.filter((l) => l.cpu).map((l) => l.cpu!);
    return c.length ? { server: median(c.map((x) => x.server)), db: median(c.map((x) => x.db)) } : undefined;
  };
  const [cj, cs, cw] = [cpuOf(jRuns), cpuOf(sqlRuns), cpuOf(workRuns)];
  if (cj && cs && cw) {
    const ms = (c: { server: number; db: number }) => `${c.server.toFixed(2)} + ${c.db.toFixed(2)} ms`;
    add({
      section: 'people',
      name: 'CPU per request, server + PostgreSQL (median of the rounds)',
      note: `Jiangxin ${ms(cj)} · bare, same SQL ${ms(cs)} · bare, same work ${ms(cw)}; CPU alone would allow Jiangxin / bare ${pct((cs.server + cs.db) / (cj.server + cj.db))} (same SQL), ${pct((cw.server + cw.db) / (cj.server + cj.db))} (same work)`,
    });
  }
  noVerdictNote('people', loadAtStart);
  extra.peopleRounds = { jiangxin: jRuns, bareSameSql: sqlRuns, bareSameWork: workRuns, loadAtStart, loadAtEnd: loadNow() };
  return j;
}

async function sectionDirectus(app: { url: string }, orgs: Orgs, county: string, admin: string, jList: Load | undefined) {
  console.log('\n[c] Directus 12.4.0 on the same database');
  const bin = join(DIRECTUS_DIR, 'node_modules/directus/cli.js');
  if (!existsSync(bin)) {
    console.log(`  installing directus@${DIRECTUS_VERSION} into ${DIRECTUS_DIR} (npm registry)…`);
    mkdirSync(DIRECTUS_DIR, { recursive: true });
    if (!existsSync(join(DIRECTUS_DIR, 'package.json')))
      writeFileSync(join(DIRECTUS_DIR, 'package.json'), '{"name":"jx-directus","private":true}');
    try {
      await run('npm', ['install', `directus@${DIRECTUS_VERSION}`, '--no-audit', '--no-fund'], {}, DIRECTUS_DIR);
    } catch (err) {
      add({ section: 'directus', name: 'Directus', note: `could not be installed: ${(err as Error).message}` });
      return;
    }
  }
  const version = JSON.parse(readFileSync(join(DIRECTUS_DIR, 'node_modules/directus/package.json'), 'utf8')).version;
  // Directus needs node >= 22, and its sandbox's native addon (isolated-vm 5.0) neither loads nor builds for
  // Node 24's V8: only a Node 22 runs it. Said plainly rather than as a failed bootstrap's stack trace.
  if ((await runToEnd(process.execPath, ['-e', "require('isolated-vm')"], {}, DIRECTUS_DIR)).code !== 0) {
    add({
      section: 'directus',
      name: `Directus ${version}`,
      note: `not run: its native addon isolated-vm does not load under node ${process.version} (Directus ${version} runs on Node 22 only)`,
    });
    return;
  }
  const port = await freePort();
  const token = 'jx-bench-directus-admin-token';
  const env = {
    KEY: 'jx-bench-key',
    SECRET: 'jx-bench-secret-jx-bench-secret-0123456789',
    DB_CLIENT: 'pg',
    DB_CONNECTION_STRING: DB_URL,
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: PASSWORD,
    ADMIN_TOKEN: token,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    TELEMETRY: 'false',
    RATE_LIMITER_ENABLED: 'false',
    CACHE_ENABLED: 'false',
    WEBSOCKETS_ENABLED: 'false',
    EXTENSIONS_PATH: join(DIRECTUS_DIR, 'extensions'),
    STORAGE_LOCATIONS: 'local',
    STORAGE_LOCAL_ROOT: join(DIRECTUS_DIR, 'uploads'),
  };
  try {
    await run(process.execPath, [bin, 'bootstrap'], env, DIRECTUS_DIR);
  } catch (err) {
    add({ section: 'directus', name: `Directus ${version}`, note: `bootstrap failed: ${(err as Error).message}` });
    return;
  }
  const d = start(process.execPath, [bin, 'start'], env, { cwd: DIRECTUS_DIR, quiet: true });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/server/ping`, 'Directus', 180, d.child);
    const auth = { authorization: `Bearer ${token}` };
    // The existing tables as collections (no-op when registered by an earlier run).
    for (const collection of ['organisations', 'people']) {
      const has = await fetch(`${base}/collections/${collection}`, { headers: auth });
      const body = has.ok ? await has.json() : null;
      if (!has.ok || !body?.data?.meta) {
        const r = await fetch(`${base}/collections`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ collection, meta: { icon: 'box' } }),
        });
        const text = await r.text();
        // Directus lists existing tables as collections without meta; "already exists" is fine.
        if (!r.ok && !text.includes('already exists')) console.log(`  register ${collection}: ${r.status} ${text.slice(0, 200)}`);
      }
    }
    // Jiangxin reads its own subtree index (people_scopes), which Directus cannot use; give Directus
    // the plain index its filtered, name-sorted query wants, as whoever set it up would.
    const t0 = performance.now();
    await query(DB_URL, 'CREATE INDEX IF NOT EXISTS bench_directus_people_skill_name ON people (skill_level, org_id, name, id)');
    console.log(
      `  index for Directus's query (people: skill_level, org_id, name, id) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const fields =
      'id,org_id.name,name,id_masked,gender,birth_date,phone_masked,union_member,union_joined_on,occupation,education,employment_status,skill_level,created_at,updated_at';
    const scope = `filter[org_id][path][_starts_with]=${encodeURIComponent(orgs.county.path)}`;
    const listUrl = `${base}/items/people?${scope}&filter[skill_level][_eq]=4&sort=name,id&limit=20&page=1&meta=filter_count&fields=${fields}`;
    const sample = await expectOk(listUrl, auth, 'Directus list');
    const jSample = await expectOk(`${app.url}/api/people?${LIST_QUERY}`, { cookie: county }, 'people list');
    if (sample.meta?.filter_count !== jSample.total)
      console.log(`  ! Directus filter_count ${sample.meta?.filter_count} ≠ Jiangxin total ${jSample.total}`);
    await autocannon(listUrl, { connections: 10, duration: 2, headers: auth });
    const dl = await autocannon(listUrl, { headers: auth });
    add(loadRow('directus', `people list, Directus ${version}`, dl));
    if (jList) {
      const ratio = jList.reqPerSec / dl.reqPerSec;
      add({
        section: 'directus',
        name: 'Jiangxin / Directus, list (req/s)',
        note: `${ratio.toFixed(1)}×`,
        target: '≥ 15×',
        pass: ratio >= 15,
      });
    }
    // The skill-level aggregate of the province: Directus groups the worker rows; Jiangxin reads its roll-ups.
    const provScope = `filter[org_id][path][_starts_with]=${encodeURIComponent(orgs.province.path)}`;
    const aggUrl = `${base}/items/people?aggregate[count]=*&groupBy[]=skill_level&${provScope}&filter[employment_status][_eq]=employed`;
    const aggSample = await expectOk(aggUrl, auth, 'Directus aggregate');
    extra.directusAggregate = aggSample.data;
    const da = await autocannon(aggUrl, { connections: 1, duration: DURATION, headers: auth });
    const jAggUrl = `${app.url}/api/dashboard?orgId=${orgs.province.id}`;
    const ja = await autocannon(jAggUrl, { connections: 1, duration: Math.min(DURATION, 5), headers: { cookie: admin } });
    add(loadRow('directus', `skill-level aggregate (province), Directus, 1 conn`, da));
    add(loadRow('directus', `skill-level aggregate (province), Jiangxin dashboard, 1 conn`, ja));
    const faster = da.p50 / Math.max(ja.p50, 0.001);
    const meanRatio = ja.reqPerSec / Math.max(da.reqPerSec, 0.001);
    add({
      section: 'directus',
      name: 'Jiangxin / Directus, aggregate',
      note: `${faster.toFixed(0)}× (p50), ${meanRatio.toFixed(0)}× (req/s)`,
      target: '≥ 100×',
      pass: Math.min(faster, meanRatio) >= 100,
    });
  } catch (err) {
    add({ section: 'directus', name: `Directus ${version}`, note: `failed: ${(err as Error).message}` });
  } finally {
    await d.stop();
  }
}

async function sectionPglite() {
  const ds = await ensurePgliteDataset();
  await settle('[d] settling');
  const loadAtStart = loadNow();
  console.log(`\n[d] people list on PGlite, ${ROUNDS} interleaved rounds (load ${loadAtStart.toFixed(2)})`);
  extra.pgliteDataset = { workers: PGLITE_WORKERS, reused: ds.reused, generateSeconds: ds.seconds };
  // One process at a time can open an embedded data directory, so each round starts Jiangxin, measures,
  // stops it, then does the same with the bare route (same SQL, same answer fields) on the same directory.
  let county = '';
  const jRuns: Load[] = [];
  const bRuns: Load[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const app = await startJiangxin({ DATABASE_URL: undefined, JIANGXIN_DATA_DIR: ds.dir });
    try {
      if (!county) county = await login(app.url, 'gen-county');
      const url = `${app.url}/api/people?${LIST_QUERY}`;
      await expectOk(url, { cookie: county }, 'people list on PGlite');
      await autocannon(url, { connections: 10, duration: 2, headers: { cookie: county } });
      jRuns.push(await autocannon(url, { connections: 10, headers: { cookie: county } }));
    } finally {
      await app.stop();
    }
    const port = await freePort();
    const [cmd, args] = tsx('bench/bare-server.ts');
    const bare = start(
      cmd,
      // the same flags and environment as Jiangxin on PGlite (--liftoff-only changes PGlite's speed and
      // memory): a fair pair
      [...NODE_FLAGS, ...args],
      {
        ...START_ENV,
        PORT: String(port),
        DATABASE_URL: undefined,
        BARE_PGLITE_DIR: ds.dir,
        BARE_ROOT_USER: 'gen-county',
        BARE_FILTER: JSON.stringify({ skillLevel: 'senior' }),
        BARE_SORT: 'name',
        BARE_PAGE_SIZE: '20',
      },
      { quiet: true },
    );
    try {
      await waitFor(`http://127.0.0.1:${port}/sql`, 'bare server on PGlite', 120, bare.child);
      const url = `http://127.0.0.1:${port}/people`;
      await autocannon(url, { connections: 10, duration: 2 });
      bRuns.push(await autocannon(url, { connections: 10 }));
    } finally {
      await bare.stop();
    }
    const j = jRuns.at(-1)!;
    const b = bRuns.at(-1)!;
    console.log(
      `  round ${round}/${ROUNDS} (load ${loadNow().toFixed(2)}): Jiangxin ${Math.round(j.reqPerSec)} req/s p99 ${j.p99} ms · bare ${Math.round(b.reqPerSec)} req/s p99 ${b.p99} ms`,
    );
  }
  const name = `people list, PGlite, ${PGLITE_WORKERS.toLocaleString()} workers, 10 conn`;
  add(medianRun('pglite', `${name}, Jiangxin`, jRuns)[0]);
  add(medianRun('pglite', `${name}, bare Fastify + PGlite (same SQL)`, bRuns)[0]);
  add(ratioRow('pglite', 'Jiangxin / bare on PGlite, same SQL (req/s)', jRuns, bRuns, '≥ 60%', 0.6, loadAtStart));
  noVerdictNote('pglite', loadAtStart);
  extra.pgliteRounds = { jiangxin: jRuns, bareSameSql: bRuns, loadAtStart, loadAtEnd: loadNow() };
}

async function sectionMemory() {
  const loadAtStart = loadNow();
  console.log(
    `\n[e] the embedded database's server (PGlite) with the demo data: resident memory ${SETTLE_S} s after start (load ${loadAtStart.toFixed(2)})`,
  );
  const name = `PGlite server RSS after start with the demo data (${START_LINE})`;
  try {
    const f = await footprint(NODE_FLAGS, { settleS: SETTLE_S });
    const worst = Math.max(f.first.rssMb, f.restart.rssMb);
    add({
      section: 'memory',
      name,
      note: `first start ${f.first.rssMb} MB (peak ${f.first.peakMb}, PGlite's WebAssembly ${f.first.wasmResidentMb} resident), after a restart ${f.restart.rssMb} MB (peak ${f.restart.peakMb})`,
      target: '< 300 MB',
      pass: verdict(loadAtStart, worst < 300),
    });
    extra.pgliteFootprint = { nodeFlags: NODE_FLAGS, settleSeconds: SETTLE_S, ...f, loadAtStart, loadAtEnd: loadNow() };
  } catch (err) {
    add({ section: 'memory', name, note: `failed: ${(err as Error).message.slice(0, 300)}` });
  }
  noVerdictNote('memory', loadAtStart);
}

/** The rows of one database's interleaved import rounds, from bench/people-import.ts's summary. */
function importRows(db: 'postgres' | 'pglite', out: string) {
  const name = `roster import, ${IMPORT_ROWS.toLocaleString()} rows (.xlsx), ${db === 'postgres' ? 'PostgreSQL' : 'PGlite'}`;
  // Issue #17: pipelined end to end against the slower phase alone, interleaved rounds.
  const ratio = /ratio end to end \/ slower phase: median ([\d.]+) \(spread ([\d.]+–[\d.]+); rounds ([^)]*)\)/.exec(out);
  const peak = /peak server RSS, pipelined: (\d+) MB \(max over the rounds; sequential (\d+) MB\)/.exec(out);
  const loadAtStart = Number(/load average ([\d.]+) at the start/.exec(out)?.[1] ?? loadNow());
  const phase = (label: string) => new RegExp(`${label}\\s+median ([\\d,]+) rows/s \\(([^)]*)\\)`).exec(out);
  if (!ratio || !peak) {
    add({ section: 'import', name, note: 'see the output above (its summary was not recognised)' });
    return;
  }
  const [v, c, e] = [phase('validation alone'), phase('commit alone'), phase('pipelined end to end')];
  add({
    section: 'import',
    name: `${name}: validation alone · commit alone · pipelined end to end (rows/s, median)`,
    note: `${v?.[1] ?? '?'} (${v?.[2] ?? '?'}) · ${c?.[1] ?? '?'} (${c?.[2] ?? '?'}) · ${e?.[1] ?? '?'} (${e?.[2] ?? '?'})`,
  });
  // The ratio's target is PostgreSQL's (issue #17); on PGlite it is printed for comparison.
  add({
    section: 'import',
    name: `${name}: pipelined end to end / slower phase alone`,
    note: `median ${ratio[1]} (spread ${ratio[2]}; rounds ${ratio[3]})`,
    ...(db === 'postgres' && { target: '≥ 0.85', pass: verdict(loadAtStart, Number(ratio[1]) >= 0.85) }),
  });
  // Why the ratio is what it is: the CPU both phases need, against what the cores give in the pipelined run's time.
  const cpu =
    /what (\d+) cores allow: the two phases alone took CPU ([\d.]+) s \(median; pipelined ([\d.]+) s\), so even a pipeline that kept every core busy would reach at most ([\d.]+)/.exec(
      out,
    );
  if (cpu)
    add({
      section: 'import',
      name: `${name}: CPU seconds (server + PostgreSQL), and the best ratio ${cpu[1]} cores allow`,
      note: `both phases alone ${cpu[2]} s, pipelined ${cpu[3]} s: at most ${cpu[4]} of the slower phase (the machine's other load not counted)`,
    });
  const [pipe, seq] = [Number(peak[1]), Number(peak[2])];
  if (db === 'postgres')
    add({
      section: 'import',
      name: `${name}: peak server RSS, pipelined`,
      note: `${pipe} MB (sequential ${seq} MB; max over the rounds)`,
      target: '< 400 MB',
      pass: verdict(loadAtStart, pipe < 400),
    });
  // On PGlite issue #17 asks < 450 MB at the peak of an import: either flow, whichever is higher.
  else
    add({
      section: 'import',
      name: `${name}: peak server RSS, pipelined and sequential`,
      note: `${pipe} MB pipelined, ${seq} MB sequential (max over the rounds)`,
      target: '< 450 MB',
      pass: verdict(loadAtStart, Math.max(pipe, seq) < 450),
    });
  noVerdictNote('import', loadAtStart);
}

async function sectionImport() {
  console.log('\n[f] roster import and ledger export');
  const adminDb = dbUrl('postgres');
  // The compiled server (built by main) under npm start's flags, which bench/people-import.ts reads itself.
  for (const db of ['postgres', 'pglite'] as const) {
    const dbArgs = db === 'postgres' ? ['--db', 'postgres', '--url', adminDb] : ['--db', 'pglite'];
    const [cmd, args] = tsx('bench/people-import.ts', '--rows', String(IMPORT_ROWS), ...dbArgs, '--rounds', String(ROUNDS), '--built');
    // Each database's rounds are judged by the load at their start: let the previous ones' tail (or the
    // previous section's) pass first, as before the people list's comparisons.
    await settle(`[f] settling before ${db === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, db === 'postgres' ? adminDb : undefined);
    try {
      importRows(db, await run(cmd, [...args]));
    } catch (err) {
      add({ section: 'import', name: `roster import, ${db}`, note: `failed: ${(err as Error).message}` });
    }
  }
  // Issue #17: 1,000,000 rows still complete (one pipelined import, as `people-import.ts --million` runs it).
  if (MILLION_ROWS > 0) {
    const name = `roster import, ${MILLION_ROWS.toLocaleString()} rows (.xlsx) pipelined, PostgreSQL`;
    const [cmd, args] = tsx(
      'bench/people-import.ts',
      '--rows',
      String(MILLION_ROWS),
      '--db',
      'postgres',
      '--url',
      adminDb,
      '--mode',
      'pipelined',
      '--built',
    );
    const loadAtStart = loadNow();
    const { code, output } = await runToEnd(cmd, [...args]);
    const pipe = /pipelined \(\d+ valid, \d+ batches\)\s*([\d.]+) s\s+([\d,]+) rows\/s/.exec(output);
    const peak = /server RSS: idle \d+ MB, peak (\d+) MB/.exec(output);
    const count = /people in the database: ([\d,]+)/.exec(output);
    const complete = code === 0 && pipe !== null && Number(count?.[1]?.replace(/,/g, '')) === MILLION_ROWS;
    add({
      section: 'import',
      name,
      note: pipe
        ? `${complete ? 'complete' : 'INCOMPLETE'}: ${pipe[1]} s, ${pipe[2]} rows/s, peak server RSS ${peak?.[1] ?? '?'} MB, ${count?.[1] ?? '?'} people in the database (load ${loadAtStart.toFixed(2)} → ${loadNow().toFixed(2)})`
        : `did not complete (exit ${code}; see the output above)`,
      target: 'completes',
      pass: complete,
    });
  }
  // Issue #17: the pipelined commit keeps its crash safety.
  for (const db of ['postgres', 'pglite'] as const) {
    const t = performance.now();
    const { code, output } = await runToEnd(
      'npx',
      ['vitest', 'run', '--project', 'server', 'src/server/modules/people/imports.kill.test.ts'],
      { NO_COLOR: '1', JX_TEST_DB: db, ...(db === 'postgres' && { JX_TEST_PG_URL: process.env.JX_TEST_PG_URL ?? dbUrl('test') }) },
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its summary
    const tests = /Tests\s+(.*?)\s*$/m.exec(output.replace(/\x1b\[[\d;]*m/g, ''))?.[1];
    add({
      section: 'import',
      name: `SIGKILL halfway through an import commit (imports.kill.test.ts), ${db === 'postgres' ? 'PostgreSQL' : 'PGlite'}`,
      note: `${code === 0 ? 'passed' : 'FAILED'} (tests: ${tests ?? `none counted, exit ${code}`}; ${((performance.now() - t) / 1000).toFixed(0)} s)`,
      target: 'passes',
      pass: code === 0,
    });
  }
  if (existsSync(join(ROOT, 'bench/ledger-export.ts'))) {
    const [cmd, args] = tsx('bench/ledger-export.ts', '--tasks', String(LEDGER_TASKS), '--db', adminDb, '--built');
    // The script exits 1 for a wrong row count or an error, and also when slower than its 5 s target:
    // the time is judged here, like every target, only when the load allowed it.
    const loadAtStart = loadNow();
    const { code, output: out } = await runToEnd(cmd, [...args]);
    const t = /export time\s+([\d.]+) s/.exec(out);
    const delta = /peak RSS delta\s+(\S+ ?MB|n\/a)/.exec(out);
    const wrong = !t || /expected \d+ rows, got/.test(out);
    add({
      section: 'import',
      name: `ledger export, ${LEDGER_TASKS.toLocaleString()} tasks (.xlsx)`,
      note: wrong
        ? `failed (exit ${code}; see the output above)`
        : `${t[1]} s, peak RSS delta ${delta?.[1] ?? '?'} (load ${loadAtStart.toFixed(2)} → ${loadNow().toFixed(2)})`,
      target: '< 5 s',
      pass: wrong ? false : verdict(loadAtStart, Number(t[1]) < 5),
    });
  } else add({ section: 'import', name: 'ledger export', note: 'bench/ledger-export.ts not present' });
}

// ---- innovation studios at scale ------------------------------------------------------------------

const BENCH_STUDIO = '基准工作室-';
const BENCH_PAIR = '基准协议-';
/** Share of the studios named at each level, in per cent (a studio named higher is named lower too, as in life). */
const NAMING_SHARE: [string, number][] = [
  ['grassroots', 60],
  ['county', 25],
  ['city', 12],
  ['province', 5],
  ['national', 1],
];

/** Adds --studios studios and --pairs pairs to the PostgreSQL dataset (once; reused while the counts match). */
async function ensureStudios(): Promise<{ reused: boolean; seconds: number }> {
  const c = new pg.Client({ connectionString: DB_URL });
  await c.connect();
  try {
    const have = (
      await c.query<{ s: number; p: number }>(
        `SELECT (SELECT count(*) FROM studios WHERE name LIKE $1)::int AS s, (SELECT count(*) FROM mentorships WHERE agreement_no LIKE $2)::int AS p`,
        [`${BENCH_STUDIO}%`, `${BENCH_PAIR}%`],
      )
    ).rows[0]!;
    if (have.s === STUDIOS && have.p === PAIRS) {
      console.log(`studios: reusing ${STUDIOS.toLocaleString()} studios and ${PAIRS.toLocaleString()} pairs`);
      return { reused: true, seconds: 0 };
    }
    console.log(`studios: adding ${STUDIOS.toLocaleString()} studios and ${PAIRS.toLocaleString()} pairs…`);
    const t = performance.now();
    await c.query('BEGIN');
    await c.query('SET LOCAL statement_timeout = 0');
    // A bulk load as `repair-totals` documents it: the row triggers of the totals are off while an earlier
    // seed is taken out and the new one loaded (each studio and naming would update its ancestors' rows
    // one at a time, the root's 50,000 times in one transaction); studios.named_level and studio_totals
    // are rebuilt at the end, in the same transaction.
    const bulkTriggers = [
      'studios studio_totals_list',
      'studio_members studio_totals_member',
      'studio_namings studio_totals_naming',
      'studio_namings studio_named_level',
    ];
    for (const t of bulkTriggers) await c.query(`ALTER TABLE ${t.replace(' ', ' DISABLE TRIGGER ')}`);
    // an earlier seed of other counts goes first (its namings first: they refer to the studios)
    await c.query(`DELETE FROM mentorships WHERE agreement_no LIKE $1`, [`${BENCH_PAIR}%`]);
    await c.query(`DELETE FROM studio_namings WHERE studio_id IN (SELECT id FROM studios WHERE name LIKE $1)`, [`${BENCH_STUDIO}%`]);
    await c.query(`DELETE FROM studios WHERE name LIKE $1`, [`${BENCH_STUDIO}%`]);
    // every active enterprise with a worker, numbered: studio g goes to enterprise g mod n, led by its first worker
    await c.query(`
      CREATE TEMP TABLE bench_ent ON COMMIT DROP AS
      SELECT (row_number() OVER (ORDER BY o.id))::int - 1 AS k, o.id AS org_id, l.person_id
      FROM organisations o
      JOIN LATERAL (SELECT p.id AS person_id FROM people p WHERE p.org_id = o.id ORDER BY p.id LIMIT 1) l ON true
      WHERE o.kind = 'enterprise' AND o.status = 'active'`);
    const n = (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_ent')).rows[0]!.n;
    if (n === 0) throw new Error('no enterprise with workers in this dataset');
    await c.query(
      `INSERT INTO studios (org_id, name, category, leader_person_id, founded_on, venue_address, venue_area)
       SELECT e.org_id, $3 || g, (ARRAY['劳模创新工作室','工匠人才创新工作室','职工创新工作室','技能大师工作室','巾帼创新工作室'])[1 + g % 5],
         e.person_id, date '2012-01-01' + (g % 4000), '基准地址', 50 + g % 500
       FROM generate_series(0, $1::int - 1) g JOIN bench_ent e ON e.k = g % $2::int`,
      [STUDIOS, n, BENCH_STUDIO],
    );
    await c.query(
      `INSERT INTO studio_members (studio_id, person_id, role, joined_on)
       SELECT id, leader_person_id, 'leader', founded_on FROM studios WHERE name LIKE $1`,
      [`${BENCH_STUDIO}%`],
    );
    // namings: the naming organisation is the one of that level on the enterprise's path (the enterprise itself for 企业级)
    for (const [level, share] of NAMING_SHARE)
      await c.query(
        `INSERT INTO studio_namings (studio_id, org_id, level, doc_no, named_on, grant_fen)
         SELECT s.id, a.id, $1, '基准文号-' || s.id, s.founded_on + 400, 100000
         FROM studios s JOIN organisations o ON o.id = s.org_id
         JOIN LATERAL (
           SELECT x.id FROM organisations x
           WHERE x.id = ANY (string_to_array(rtrim(o.path, '.'), '.')::bigint[]) AND x.level = $1
             AND (x.kind = 'federation' OR $1 = 'grassroots')
           ORDER BY x.depth DESC LIMIT 1) a ON true
         WHERE s.name LIKE $3 AND s.id % 100 < $2`,
        [level, share, `${BENCH_STUDIO}%`],
      );
    await c.query(`UPDATE studios SET named_level = jx_studio_named_level(id) WHERE name LIKE $1`, [`${BENCH_STUDIO}%`]);
    for (const t of bulkTriggers) await c.query(`ALTER TABLE ${t.replace(' ', ' ENABLE TRIGGER ')}`);
    await c.query('LOCK TABLE studio_totals IN EXCLUSIVE MODE');
    await c.query('DELETE FROM studio_totals');
    await c.query('INSERT INTO studio_totals SELECT * FROM jx_studio_totals_recount()');
    // and then writes through the row triggers again: 500 county namings revoked (摘牌)
    await c.query(
      `UPDATE studio_namings SET status = 'revoked', revoked_on = named_on + 100, revoke_reason = '基准'
       WHERE id IN (SELECT n.id FROM studio_namings n JOIN studios s ON s.id = n.studio_id
                    WHERE s.name LIKE $1 AND n.level = 'county' ORDER BY n.id LIMIT 500)`,
      [`${BENCH_STUDIO}%`],
    );
    // and 1 studio in 100 closed, also one row at a time
    await c.query(`UPDATE studios SET status = 'closed' WHERE name LIKE $1 AND id % 100 = 99`, [`${BENCH_STUDIO}%`]);
    // pairs: every k-th worker an apprentice of another worker of the same enterprise
    const workers = (await c.query<{ n: string }>('SELECT count(*) AS n FROM people')).rows[0]!.n;
    const step = Math.max(1, Math.floor(Number(workers) / Math.max(PAIRS, 1)));
    await c.query(
      `INSERT INTO mentorships (org_id, agreement_no, master_person_id, apprentice_person_id, trade, target_level, start_on, end_on, allowance_fen, status)
       SELECT a.org_id, $3 || a.id, m.id, a.id, '钳工', 4, date '2024-01-01' + (a.id % 300)::int, date '2026-06-01' + (a.id % 300)::int, 30000,
         CASE WHEN a.id % 10 = 0 THEN 'graduated' ELSE 'in_progress' END
       FROM (SELECT id, org_id FROM people WHERE id % $2 = 0 ORDER BY id LIMIT $1) a
       JOIN LATERAL (SELECT q.id FROM people q WHERE q.org_id = a.org_id AND q.id <> a.id ORDER BY q.id LIMIT 1) m ON true`,
      [PAIRS, step, BENCH_PAIR],
    );
    await c.query('COMMIT');
    await c.query('ANALYZE studios, studio_members, studio_namings, mentorships, studio_totals');
    const made = (
      await c.query<{ s: number; p: number }>(
        `SELECT (SELECT count(*) FROM studios WHERE name LIKE $1)::int AS s, (SELECT count(*) FROM mentorships WHERE agreement_no LIKE $2)::int AS p`,
        [`${BENCH_STUDIO}%`, `${BENCH_PAIR}%`],
      )
    ).rows[0]!;
    if (made.s !== STUDIOS || made.p !== PAIRS)
      throw new Error(`seeded ${made.s} studios and ${made.p} pairs, not ${STUDIOS} and ${PAIRS} (too few enterprises or workers)`);
    return { reused: false, seconds: (performance.now() - t) / 1000 };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await c.end();
  }
}

/** The studio totals of one organisation by naming level, stored and recounted from the records. */
async function studioFiguresOf(orgId: string) {
  const rows = await query<{ level: string; stored: number; expected: number }>(
    DB_URL,
    `SELECT coalesce(t.level, r.level) AS level, coalesce(sum(t.studios_named), 0)::int AS stored, coalesce(sum(r.studios_named), 0)::int AS expected
     FROM (SELECT * FROM studio_totals WHERE org_id = $1) t
     FULL JOIN (SELECT * FROM jx_studio_totals_recount() WHERE org_id = $1) r ON r.level = t.level AND r.category = t.category
     WHERE coalesce(t.level, r.level) <> 'none'
     GROUP BY 1 ORDER BY array_position(ARRAY['national','province','city','county','grassroots'], coalesce(t.level, r.level))`,
    [orgId],
  );
  return rows;
}

/** The number of studios of a subtree a list filter matches, counted from the records (the level from the namings). */
async function studioRecount(rootPath: string, where = '') {
  const rows = await query<{ n: number }>(
    DB_URL,
    `SELECT count(*)::int AS n FROM studios s JOIN organisations o ON o.id = s.org_id
     LEFT JOIN LATERAL (SELECT n.level FROM studio_namings n WHERE n.studio_id = s.id AND n.status <> 'revoked'
       ORDER BY array_position(ARRAY['national','province','city','county','grassroots'], n.level) LIMIT 1) l ON true
     WHERE o.path LIKE $1 ${where}`,
    [`${rootPath}%`],
  );
  return rows[0]!.n;
}

async function sectionStudios(app: { url: string }, orgs: Orgs, admin: string) {
  console.log('\n[g] innovation studios at scale');
  const seeded = await ensureStudios();
  if (!seeded.reused) console.log(`    seeded in ${seeded.seconds.toFixed(1)} s`);
  // The load once the dataset is there (seeding it loads the machine): the verdicts follow this one.
  const loadAtStart = loadNow();
  const loadBefore = os.loadavg();
  console.log(`    load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
  extra.studios = { studios: STUDIOS, pairs: PAIRS, ...seeded, loadAverageBefore: loadBefore };
  const headers = { cookie: admin };
  // One leader's requests, one after another (a page load), timed here: 3 to warm up, then up to 100
  // or --duration seconds, whichever ends first, per round. The p50 is the median of the rounds' p50s
  // (their spread printed), the p99 that of every request.
  const timed = async (name: string, url: string, target?: string, met?: (l: Load) => boolean, rounds = 1) => {
    for (let i = 0; i < 3; i++) await expectOk(url, headers, name);
    const all: number[] = [];
    const p50s: number[] = [];
    const at = (xs: number[], q: number) => Math.round(xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]! * 10) / 10;
    for (let r = 0; r < rounds; r++) {
      const ms: number[] = [];
      const until = performance.now() + Math.min(DURATION, 10) * 1000;
      while (ms.length < 100 && performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${name}: ${res.status}`);
        ms.push(performance.now() - t0);
      }
      ms.sort((x, y) => x - y);
      p50s.push(at(ms, 0.5));
      all.push(...ms);
    }
    all.sort((x, y) => x - y);
    const l: Load = {
      reqPerSec: 1000 / (all.reduce((x, y) => x + y, 0) / all.length),
      p50: rounds > 1 ? median(p50s) : p50s[0]!,
      p99: at(all, 0.99),
      requests: all.length,
      non2xx: 0,
      errors: 0,
    };
    const spreadNote =
      rounds > 1
        ? `; rounds' p50 ${p50s.join(' / ')} ms (spread ${Math.min(...p50s)}–${Math.max(...p50s)} ms, load ${loadNow().toFixed(2)})`
        : '';
    add(loadRow('studios', name, l, target, met ? verdict(loadAtStart, met(l)) : undefined, `${all.length} requests${spreadNote}`));
    return l;
  };
  // The studio list of a province, first page and a later one, with filters and a search; each total
  // against a recount from the records.
  const list = `${app.url}/api/studios?orgId=${orgs.province.id}&pageSize=20`;
  const totals: string[] = [];
  for (const [what, params, where] of [
    ['all', '', ''],
    ['city-level', '&level=city', `AND l.level = 'city'`],
    ['not named', '&level=none', 'AND l.level IS NULL'],
    ['closed', '&status=closed', `AND s.status = 'closed'`],
    ['劳模创新', `&category=${encodeURIComponent('劳模创新工作室')}`, `AND s.category = '劳模创新工作室'`],
  ] as const) {
    const shown = (await expectOk(`${list}&page=1${params}`, headers, 'studio list')).total as number;
    const expected = await studioRecount(orgs.province.path, where);
    totals.push(`${what} ${shown.toLocaleString()}${shown === expected ? '' : ` ≠ recount ${expected.toLocaleString()}!`}`);
  }
  const allEqual = totals.every((t) => !t.includes('≠'));
  console.log(`    list totals: ${totals.join(' · ')}; ${allEqual ? 'each equal to a recount' : 'DIFFER from a recount'}`);
  const total = (await expectOk(`${list}&page=1`, headers, 'studio list')).total as number;
  await timed(
    `studio list, province, page 1 (${total.toLocaleString()} studios)`,
    `${list}&page=1`,
    'p50 ≤ 20 ms',
    (l) => l.p50 <= 20,
    ROUNDS,
  );
  rows[rows.length - 1]!.note += `; totals ${allEqual ? 'equal to a recount' : 'DIFFER from a recount'}`;
  await timed('studio list, province, page 50', `${list}&page=50`, 'p50 ≤ 20 ms', (l) => l.p50 <= 20, ROUNDS);
  await timed('studio list, province, city-level studios', `${list}&page=1&level=city`);
  await timed('studio list, province, by name', `${list}&page=1&sort=name`);
  await timed('studio list, province, search (exact count)', `${list}&page=1&q=${encodeURIComponent('基准工作室-4999')}`);
  // The dashboard at every level: its figures (maintained totals) against a recount from the records.
  for (const [name, org] of Object.entries(orgs) as [keyof Orgs, { id: string }][]) {
    const url = `${app.url}/api/innovation/dashboard?orgId=${org.id}`;
    const view = (await expectOk(url, headers, `innovation dashboard ${name}`)) as { rows: { level: string; studiosNamed: number }[] };
    const shown = new Map<string, number>();
    for (const r of view.rows) shown.set(r.level, (shown.get(r.level) ?? 0) + r.studiosNamed);
    const recount = await studioFiguresOf(org.id);
    const consistent = recount.every((r) => r.stored === r.expected && (shown.get(r.level) ?? 0) === r.expected);
    const figures = recount.map((r) => `${r.level} ${r.expected.toLocaleString()}`).join(' · ') || 'none';
    const l = await timed(`innovation dashboard ${name}`, url);
    rows[rows.length - 1]!.note = `named: ${figures}; ${consistent ? 'equal to a recount' : 'DIFFERS from a recount'}`;
    console.log(`    ${name}: ${rows[rows.length - 1]!.note} (p50 ${l.p50} ms)`);
  }
  await timed('studio figures, province (studios from the totals, pairs live)', `${app.url}/api/studios/figures?orgId=${orgs.province.id}`);
  noVerdictNote('studios', loadAtStart);
  const loadAfter = os.loadavg();
  (extra.studios as Record<string, unknown>).loadAverageAfter = loadAfter;
  console.log(
    `    load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cores)`,
  );
}

// ---- main ---------------------------------------------------------------------------------------

async function main() {
  const started = new Date();
  const load = os.loadavg();
  console.log(
    `Jiangxin bench: ${[...sections].join(', ')} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${load.map((x) => x.toFixed(2)).join(' ')}`,
  );
  console.log(`servers: ${START_LINE} on PGlite, ${startLine(START.postgres)} on PostgreSQL (npm start: scripts/start.sh)`);
  // Every section starts the compiled server, as `npm start` does, after building what is stale.
  buildIfStale(ROOT);
  let dataset: Awaited<ReturnType<typeof ensurePgDataset>> | undefined;
  let pgVersion: string | undefined;
  const needsPg = sections.has('dashboard') || sections.has('people') || sections.has('directus') || sections.has('studios');
  if (needsPg) {
    dataset = await ensurePgDataset();
    pgVersion = (await query<{ v: string }>(DB_URL, 'SHOW server_version'))[0]?.v;
    const orgs = await benchOrgs();
    const app = await startJiangxin({ DATABASE_URL: DB_URL, JIANGXIN_DATA_DIR: join(os.tmpdir(), 'jx-bench-data') });
    try {
      const admin = await login(app.url, 'admin');
      const county = await login(app.url, 'gen-county');
      if (sections.has('dashboard')) await sectionDashboard(app, orgs, admin);
      if (sections.has('studios')) await sectionStudios(app, orgs, admin);
      let jList: Load | undefined;
      if (sections.has('people')) jList = await sectionPeople(app, orgs, county, admin);
      if (sections.has('directus')) {
        if (!jList) {
          const url = `${app.url}/api/people?${LIST_QUERY}`;
          await autocannon(url, { connections: 10, duration: 2, headers: { cookie: county } });
          jList = await autocannon(url, { headers: { cookie: county } });
          add(loadRow('people', 'people list, Jiangxin', jList));
        }
        await sectionDirectus(app, orgs, county, admin, jList);
      }
    } finally {
      await app.stop();
    }
  }
  if (sections.has('pglite')) await sectionPglite();
  if (sections.has('memory')) await sectionMemory();
  if (sections.has('import')) await sectionImport();

  // The table.
  const f = (n?: number, d = 1) => (n === undefined ? '' : n.toLocaleString('en-US', { maximumFractionDigits: d }));
  const table = rows.map((r) => [
    r.name,
    f(r.reqPerSec, 0),
    f(r.p50),
    f(r.p99),
    r.note ?? '',
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const head = ['benchmark', 'req/s', 'p50 ms', 'p99 ms', 'note', 'target', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 1 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const t of table) console.log(line(t));

  const result = {
    date: started.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 1e9),
      node: process.version,
      postgres: pgVersion,
      loadAverageAtStart: load,
      loadAverageAtEnd: os.loadavg(),
    },
    dataset: {
      workers: WORKERS,
      seed: SEED,
      province: PROVINCE,
      database: BENCH_DB,
      ...(dataset && { reused: dataset.reused, generateSeconds: dataset.seconds }),
    },
    settings: { connections: CONNECTIONS, durationSeconds: DURATION, listQuery: LIST_QUERY, sortRequests: SORT_REQUESTS },
    results: rows,
    extra,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `load average at the start ${load.map((x) => x.toFixed(2)).join(' ')}, at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(`\nwritten ${file}`);
}

main().then(
  () => {
    stopAll();
    process.exit(0);
  },
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    stopAll();
    process.exit(1);
  },
);
