#!/usr/bin/env node
// Proof of the production path (npm run test:prod; npm test runs it under CI): the built tree
// (package.json, package-lock.json, scripts/build.mjs and start.sh, dist/) copied to an empty directory, `npm ci
// --omit=dev` there, then package.json's own "start" script, as `npm start` runs it (`sh -c`), on a free
// port with a new data directory must answer /api/health and serve the web app, stop cleanly on SIGTERM,
// and `node dist/cli/main.js migrate` must run: first on the embedded database, then on PostgreSQL
// (DATABASE_URL, a database of its own on the test server) when it is reachable.
// No build or test tool (tsx, vite, vitest) is present in that copy. (typescript may be: i18next names it
// as an optional peer, which npm keeps on a production install; nothing loads it at run time.)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import pg from 'pg';

const log = (m) => console.log(`[prod-smoke] ${m}`);
/** A failed check: thrown, so the PostgreSQL run's `finally` still drops its database; reported and exit 1 at the top. */
class SmokeFailed extends Error {}
function fail(m) {
  throw new SmokeFailed(m);
}
process.on('uncaughtException', (err) => {
  console.error(`[prod-smoke] FAILED: ${err instanceof SmokeFailed ? err.message : (err?.stack ?? err)}`);
  process.exit(1);
});

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
if (build.status !== 0) fail('the build failed');

const dir = mkdtempSync(join(tmpdir(), 'jx-prod-'));
let child = null;
process.on('exit', () => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

mkdirSync(join(dir, 'scripts'));
for (const f of ['package.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/start.sh', 'dist'])
  cpSync(f, join(dir, f), { recursive: true });
log(`npm ci --omit=dev in ${dir}`);
const ci = spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'inherit' });
if (ci.status !== 0) fail('npm ci --omit=dev failed');
for (const dev of ['tsx', 'vite', 'vitest']) {
  if (existsSync(join(dir, 'node_modules', dev))) fail(`${dev} is installed by npm ci --omit=dev: it must be a devDependency`);
}
// The roster import stages its rows with COPY on PostgreSQL (db/copy.ts).
if (!existsSync(join(dir, 'node_modules', 'pg-copy-streams'))) fail('pg-copy-streams is not installed by npm ci --omit=dev');
// The opt-in import worker thread is loaded from its compiled file next to the service.
if (!existsSync(join(dir, 'dist/server/modules/people/imports.worker.js'))) fail('dist has no compiled import worker');

const freePort = () =>
  new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = srv.address().port;
      srv.close(() => resolve(p));
    });
  });

/**
 * `npm start` on one database: it must answer /api/health, serve the web app and stop with exit 0 on SIGTERM;
 * then `node dist/cli/main.js migrate` on the same database must find nothing to do.
 */
async function smoke(label, dataDir, databaseUrl) {
  const port = await freePort();
  const env = {
    ...process.env,
    // `node` in the start script is this node, as npm start would find the node that runs npm.
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    JIANGXIN_DATA_DIR: join(dir, dataDir),
    LOG_LEVEL: 'info',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  delete env.JIANGXIN_WEB_DIR;
  // The start script itself, not a copy of its command line: its flags and environment (scripts/start.sh: glibc's
  // malloc settings, --liftoff-only, and --max-semi-space-size on the embedded database only; docs/design.md) cannot
  // drift from what this proves. It ends in `exec sh scripts/start.sh`, which ends in `exec node …`, so the shell's
  // process becomes the server's and receives the SIGTERM below.
  const start = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.start;
  log(`${label}: npm start (sh -c '${start}') on port ${port}`);
  child = spawn('sh', ['-c', start], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000; // first start: migrations, demo data (argon2), on a busy machine
  for (;;) {
    if (child.exitCode !== null) fail(`${label}: the server exited (${child.exitCode}) before answering:\n${output}`);
    if (Date.now() > deadline) fail(`${label}: no answer from /api/health within 180 s:\n${output}`);
    const res = await fetch(`${base}/api/health`).catch(() => null);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const page = await fetch(`${base}/`);
  if (page.status !== 200 || !(await page.text()).includes('<div id="root">'))
    fail(`${label}: GET / did not serve the web app (${page.status})`);
  log(`${label}: /api/health 200, / serves the web app`);

  child.kill('SIGTERM');
  const code = await exited;
  child = null;
  if (code !== 0) fail(`${label}: the server exited ${code} on SIGTERM:\n${output}`);

  const cli = spawnSync(process.execPath, ['dist/cli/main.js', 'migrate'], { cwd: dir, env, encoding: 'utf8' });
  if (cli.status !== 0 || !cli.stdout.includes('migrations are up to date'))
    fail(`${label}: node dist/cli/main.js migrate: ${cli.stdout}${cli.stderr}`);
  log(`${label}: stopped on SIGTERM with exit 0; node dist/cli/main.js migrate ran`);
}

await smoke('embedded database', 'data-embedded');

// The same on PostgreSQL (DATABASE_URL: start.sh's other branch), in a database of its own on the test server
// (JX_TEST_PG_URL, as npm test), created here and dropped after. Unreachable, it is skipped, or fails under CI.
const adminUrl = process.env.JX_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
if (
  await admin.connect().then(
    () => true,
    () => false,
  )
) {
  const name = `jx_prod_smoke_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await smoke('PostgreSQL', 'data-postgres', url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
} else if (process.env.CI === 'true' || process.env.CI === '1')
  fail(`PostgreSQL at ${new URL(adminUrl).host} is not reachable and CI=true`);
else log(`PostgreSQL at ${new URL(adminUrl).host} is not reachable: its run is skipped (CI=true makes this a failure)`);
log('ok');
