// Ledger export at scale: starts the real server on a fresh PostgreSQL database, seeds N tasks
// (default 10,000: targets, co-units, tags, latest reports) under one programme, downloads
// GET /api/tasks/export.xlsx and prints the time, the size and the server's peak RSS growth during
// the export (the export streams: rows are read in keyset batches and written through exceljs'
// WorkbookWriter into the reply, so the growth must not scale with N — try --tasks 40000).
// Usage: npx tsx bench/ledger-export.ts [--tasks 10000] [--db postgres://postgres@127.0.0.1:5432/test] [--built]
//   (DATABASE_URL, when set, names the server whose database list the fresh bench database joins)
//   --built runs the compiled server (dist/server/main.js, built first when stale) instead of the sources under
//   tsx; either way node gets the flags of `npm start` from package.json (bench/npm-start.ts)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { Client } from '../src/server/testing/harness.js';
import { createOrg } from '../src/server/testing/world.js';
import { benchNodeFlags, benchServerEnv, buildIfStale, npmStart } from './npm-start.js';

const args = process.argv.slice(2);
const arg = (name: string, d: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : d;
};
const N = Number(arg('tasks', '10000'));
const adminUrl = arg('db', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const ADMIN = 'Admin-Passw0rd!';
const UNITS = 40;
const built = args.includes('--built');
const START = npmStart('postgres');
if (built) buildIfStale();

const dir = mkdtempSync(join(tmpdir(), 'jx-bench-'));
const dbName = `jx_bench_ledger_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;

const port = await new Promise<number>((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as net.AddressInfo).port;
    srv.close(() => resolve(p));
  });
});
// JX_BENCH_NODE_ARGS, e.g. "--max-old-space-size=96", adds to npm start's flags: a capped heap (a streamed export still finishes).
const nodeArgs = benchNodeFlags(START);
const child = spawn(process.execPath, [...nodeArgs, ...(built ? [START.entry] : ['--import', 'tsx', 'src/server/main.ts'])], {
  env: {
    ...process.env,
    ...benchServerEnv(START),
    PORT: String(port),
    DATABASE_URL: url.toString(),
    JIANGXIN_DATA_DIR: dir,
    JIANGXIN_ADMIN_PASSWORD: ADMIN,
    JIANGXIN_ADMIN_TOTP: 'optional',
    JIANGXIN_DEMO: 'false',
    LOG_LEVEL: 'warn',
    JIANGXIN_WEB_DIR: '/nonexistent',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const baseUrl = `http://127.0.0.1:${port}`;
const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
const peakRss = () => Number(/VmHWM:\s+(\d+)/.exec(status())?.[1] ?? 0) / 1024;
const rssNow = () => Number(/VmRSS:\s+(\d+)/.exec(status())?.[1] ?? 0) / 1024;
/** Resets the kernel's peak-RSS mark of the server process (clear_refs 5), so the peak is the export's. */
const resetPeak = () => {
  try {
    writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
};

try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const c = new Client(baseUrl);
  await c.post('/api/auth/login', { username: 'admin', password: ADMIN });
  const root = (await c.get('/api/orgs')).body.items[0].id;
  const province = await createOrg(c, root, '山东省总工会', 'federation', 'province');
  const city = await createOrg(c, province, '滨州市总工会', 'federation', 'city');
  const units: string[] = [];
  for (let i = 0; i < UNITS; i++) units.push(await createOrg(c, city, `滨州第${i + 1}装备制造有限公司`, 'enterprise', 'grassroots'));
  const tag = (await c.post('/api/task-tags', { orgId: city, name: '人才链' })).body.id;
  const p = (
    await c.post('/api/programmes', {
      orgId: city,
      title: '滨州市2026年产业工人队伍建设改革工作要点',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      goals: [{ title: '壮大技能人才队伍' }, { title: '提升产业工人地位' }],
    })
  ).body;

  console.log(`seeding ${N.toLocaleString()} tasks…`);
  let t = performance.now();
  const db = new pg.Client({ connectionString: url.toString() });
  db.on('error', () => {});
  await db.connect();
  await db.query(
    `
    INSERT INTO tasks (programme_id, goal_id, kind, title, description, org_id, assigned_by_org_id, start_date, due_date, cycle, status, share)
    SELECT $1, CASE WHEN i % 2 = 0 THEN $2::bigint ELSE $3::bigint END, CASE WHEN i % 5 = 0 THEN 'optional' ELSE 'prescribed' END,
      '推进产业工人技能提升行动第' || i || '项', '按季度报送', ($4::bigint[])[1 + i % ${UNITS}], $5, DATE '2026-01-01' + (i % 60), DATE '2026-06-30' + (i % 180), 'quarterly',
      (ARRAY['not_started','on_track','at_risk','overdue','completed'])[1 + i % 5], (i % 100) / 100.0
    FROM generate_series(1, $6::int) i`,
    [p.id, p.goals[0].id, p.goals[1].id, units, city, N],
  );
  await db.query(
    `INSERT INTO task_targets (task_id, metric, unit, target_value, actual_value, sort_order)
    SELECT id, '新增技能人才', '人', 100 + id % 50, id % 120, 0 FROM tasks WHERE programme_id = $1
    UNION ALL SELECT id, '开展培训', '场次', 10, id % 12, 1 FROM tasks WHERE programme_id = $1 AND id % 2 = 0`,
    [p.id],
  );
  await db.query(
    `INSERT INTO task_co_units (task_id, org_id) SELECT t.id, ($2::bigint[])[1 + (t.id + 7) % ${UNITS}] FROM tasks t WHERE t.programme_id = $1 AND t.id % 3 = 0`,
    [p.id, units],
  );
  await db.query(`INSERT INTO task_tag_links (task_id, tag_id) SELECT id, $2 FROM tasks WHERE programme_id = $1 AND id % 4 = 0`, [
    p.id,
    tag,
  ]);
  await db.query(
    `INSERT INTO task_reports (task_id, period, status, narrative, metric_values, version, submitted_at)
    SELECT id, '2026-Q1', 'accepted', '一季度组织技能培训 ' || (id % 9 + 1) || ' 场，新增技能人才 ' || (id % 120) || ' 人，完成职工技能提升补贴申领。', '[]', 1, now()
    FROM tasks WHERE programme_id = $1 AND id % 2 = 1`,
    [p.id],
  );
  await db.query('ANALYZE');
  await db.end();
  console.log(`  ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Warm-up (code paths, connections), then the measured export.
  await (
    await fetch(`${baseUrl}/api/tasks/export.xlsx?programmeId=${p.id}&status=completed`, { headers: { cookie: c.cookie! } })
  ).arrayBuffer();
  await new Promise((r) => setTimeout(r, 500));
  const before = rssNow();
  const resetOk = resetPeak();
  t = performance.now();
  const res = await fetch(`${baseUrl}/api/tasks/export.xlsx?programmeId=${p.id}`, { headers: { cookie: c.cookie! } });
  if (res.status !== 200) throw new Error(`export ${res.status} ${await res.text()}`);
  const chunks: Buffer[] = [];
  let firstByte = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (!firstByte) firstByte = performance.now() - t;
    chunks.push(Buffer.from(chunk));
  }
  const ms = performance.now() - t;
  const peak = resetOk ? peakRss() : NaN;
  const data = Buffer.concat(chunks);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  // Title, three meta rows, a blank, the group headings and the column headers (row 7); then one
  // row per target, the task's number (1, 1.1 …) on its first.
  let rows = 0;
  wb.worksheets[0]!.eachRow((row, n) => {
    if (n > 7 && row.getCell(1).value) rows++;
  });

  console.log(
    `\nPostgreSQL, ledger export of ${N.toLocaleString()} tasks (${(data.length / 1e6).toFixed(1)} MB .xlsx, ${rows.toLocaleString()} data rows)`,
  );
  console.log(`  export time          ${(ms / 1000).toFixed(2)} s (first byte after ${(firstByte / 1000).toFixed(2)} s)`);
  console.log(
    `  server RSS           before ${before.toFixed(0)} MB, peak during export ${resetOk ? `${peak.toFixed(0)} MB` : 'n/a (clear_refs refused)'}`,
  );
  console.log(`  peak RSS delta       ${resetOk ? `${(peak - before).toFixed(0)} MB` : 'n/a'}`);
  if (rows !== N) {
    console.error(`expected ${N} rows, got ${rows}`);
    process.exitCode = 1;
  }
  if (ms > 5000) {
    console.error('slower than the 5 s target');
    process.exitCode = 1;
  }
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const a = new pg.Client({ connectionString: adminUrl });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await a.end();
  rmSync(dir, { recursive: true, force: true });
}
