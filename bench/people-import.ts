// Roster import at province scale: generates an .xlsx roster (valid ID numbers with check digits,
// shared strings as Excel writes them), starts the real server on a fresh database (PostgreSQL and/or
// the embedded PGlite), uploads, validates and commits through the HTTP API, and prints rows/s and
// the server's peak RSS. The issue's figure is "validation + commit, end to end" on PostgreSQL at
// 100,000 rows (>= 20,000 rows/s, peak server RSS < 400 MB); --million adds a 1,000,000-row run.
// Usage: npx tsx bench/people-import.ts [--rows 100000] [--db both|postgres|pglite] [--million]
//   [--url postgres://postgres@127.0.0.1:5432/test] [--batch N] [--in roster.xlsx] [--out roster.xlsx]
//   [--no-triggers]  (PostgreSQL: disables the dashboard roll-up triggers, to measure what they cost)
//   [--built]        runs the compiled server (dist/server/main.js, as `npm start` does; `npm run build` first)
//                    instead of the TypeScript sources under tsx, whose compiler adds to the RSS
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { Client } from '../src/server/testing/harness.js';
import { createOrg } from '../src/server/testing/world.js';
import { nthIdNumber, nthPhone, upload, waitForImport } from '../src/server/testing/people-world.js';

const args = process.argv.slice(2);
const arg = (name: string, d: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : d;
};
const baseRows = Number(arg('rows', '100000'));
const adminUrl = arg('url', 'postgres://postgres@127.0.0.1:5432/test');
const dbs = (arg('db', 'both') === 'both' ? ['postgres', 'pglite'] : [arg('db', 'both')]) as ('postgres' | 'pglite')[];
/** --batch N: rows per commit transaction (default: the server's, 10,000 on PostgreSQL, 2,000 on PGlite). */
const batch = args.includes('--batch') ? Number(arg('batch', '')) : undefined;
const noTriggers = args.includes('--no-triggers');
const built = args.includes('--built');
/** --out FILE: only write the roster there (for profiling) and stop. --in FILE: use that roster. */
const outOnly = args.includes('--out') ? arg('out', '') : undefined;
const inFile = args.includes('--in') ? arg('in', '') : undefined;
const ADMIN = 'Admin-Passw0rd!';
const LEVELS = ['初级工', '中级工', '高级工（三级）', '技师', '高级技师', ''];
const EDU = ['本科', '大专', '中专', '高中', '硕士'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

async function generate(rows: number, file: string) {
  console.log(`generating ${rows.toLocaleString()} rows…`);
  const t = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['滨州装备制造有限公司职工花名册']).commit();
  ws.addRow([
    '序号',
    '姓名',
    '身份证号码',
    '手机号码',
    '入会时间',
    '职业（工种）',
    '学历',
    '技能等级',
    '证书编号',
    '发证机关',
    '发证日期',
    '荣誉称号',
    '备注',
  ]).commit();
  for (let i = 0; i < rows; i++) {
    const name = SURNAMES[i % 20]! + GIVEN[Math.floor(i / 20) % 20]! + (i % 3 ? GIVEN[Math.floor(i / 400) % 20]! : '');
    const level = LEVELS[i % LEVELS.length]!;
    ws.addRow([
      i + 1,
      name,
      nthIdNumber(i),
      nthPhone(i),
      i % 4 ? new Date(Date.UTC(2010 + (i % 14), i % 12, 1 + (i % 28))) : '',
      '车工',
      EDU[i % EDU.length],
      level,
      level ? `S${String(i).padStart(9, '0')}` : '',
      level ? '山东省人力资源和社会保障厅' : '',
      level ? `${2015 + (i % 9)}.${1 + (i % 12)}.${1 + (i % 28)}` : '',
      i % 97 === 0 ? `${2000 + (i % 20)}年全国劳动模范` : i % 53 === 0 ? '省五一劳动奖章(2019)' : '',
      '',
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  console.log(`  ${((performance.now() - t) / 1000).toFixed(1)} s, ${(statSync(file).size / 1e6).toFixed(1)} MB`);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });

interface Result {
  db: string;
  rows: number;
  upload: number;
  validate: number;
  commit: number;
  idleRss: number;
  peakRss: number;
  ok: boolean;
}

async function run(kind: 'postgres' | 'pglite', rows: number, file: string): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'jx-bench-'));
  const dbName = `jx_bench_${process.pid}_${rows}`;
  const url = new URL(adminUrl);
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    url.pathname = `/${dbName}`;
  }
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    JIANGXIN_DATA_DIR: dir,
    JIANGXIN_ADMIN_PASSWORD: ADMIN,
    JIANGXIN_ADMIN_TOTP: 'optional',
    JIANGXIN_DEMO: 'false',
    LOG_LEVEL: 'warn',
    JIANGXIN_WEB_DIR: '/nonexistent',
  };
  if (kind === 'postgres') env.DATABASE_URL = url.toString();
  else delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [
      ...(process.env.JX_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.tmp/prof'] : []),
      ...(built ? ['dist/server/main.js'] : ['--import', 'tsx', 'src/server/main.ts']),
    ],
    { env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const status = (k: string) =>
    Number(new RegExp(`${k}:\\s+(\\d+)`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${baseUrl}/api/health`)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 3000) throw new Error('server did not start in 5 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    if (kind === 'postgres' && noTriggers) {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      for (const t of ['people', 'person_honours']) await c.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
      await c.end();
    }
    const c = new Client(baseUrl);
    await c.post('/api/auth/login', { username: 'admin', password: ADMIN });
    const root = (await c.get('/api/orgs')).body.items[0].id;
    const province = await createOrg(c, root, '山东省总工会', 'federation', 'province');
    const enterprise = await createOrg(c, province, '滨州装备制造有限公司', 'enterprise', 'grassroots');
    const idleRss = status('VmRSS');

    const data = readFileSync(file);
    const t0 = performance.now();
    const up = await upload(c, enterprise, 'roster.xlsx', data);
    if (up.status !== 201) throw new Error(`upload ${up.status} ${JSON.stringify(up.body)}`);
    const t1 = performance.now();
    await c.post(`/api/people/imports/${up.body.id}/validate`, batch ? { batchSize: batch } : {});
    const v = await waitForImport(c, up.body.id, (i) => i.status === 'validated', 7_200_000);
    const t2 = performance.now();
    const commit = await c.post(`/api/people/imports/${up.body.id}/commit`, {});
    if (commit.status !== 202) throw new Error(`commit ${commit.status} ${JSON.stringify(commit.body)}`);
    const done = await waitForImport(c, up.body.id, (i) => i.status === 'committed', 7_200_000);
    const t3 = performance.now();
    const count = (await c.get(`/api/people?orgId=${enterprise}&pageSize=1`)).body.total;
    const r: Result = {
      db: kind === 'postgres' ? 'PostgreSQL' : 'PGlite',
      rows,
      upload: t1 - t0,
      validate: t2 - t1,
      commit: t3 - t2,
      idleRss,
      peakRss: status('VmHWM'),
      ok: count === rows,
    };
    const s = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
    const rate = (ms: number) =>
      `${Math.round(rows / (ms / 1000))
        .toLocaleString()
        .padStart(7)} rows/s`;
    console.log(
      `\n${r.db}${noTriggers && kind === 'postgres' ? ' (roll-up triggers disabled)' : ''}, ${rows.toLocaleString()} rows (${(data.length / 1e6).toFixed(1)} MB .xlsx), batch ${done.batchSize}`,
    );
    console.log(`  upload + zip guard + header scan   ${s(t1 - t0)}`);
    console.log(`${`  validation (${v.validRows} valid, ${v.errorRows} invalid)`.padEnd(36)}${s(t2 - t1)}   ${rate(t2 - t1)}`);
    console.log(`${`  commit (${done.totalBatches} batches)`.padEnd(36)}${s(t3 - t2)}   ${rate(t3 - t2)}`);
    console.log(`  validation + commit, end to end    ${s(t3 - t0)}   ${rate(t3 - t0)}   (upload included)`);
    console.log(`  server RSS: idle ${idleRss.toFixed(0)} MB, peak ${r.peakRss.toFixed(0)} MB`);
    console.log(
      `  people in the database: ${count.toLocaleString()} (created ${done.createdCount}, updated ${done.updatedCount})${r.ok ? '' : '  MISMATCH'}`,
    );
    return r;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (kind === 'postgres') {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const work = mkdtempSync(join(tmpdir(), 'jx-bench-roster-'));
try {
  if (outOnly) {
    await generate(baseRows, outOnly);
    process.exit(0);
  }
  const sizes = args.includes('--million') ? [baseRows, 1_000_000] : [baseRows];
  const results: Result[] = [];
  for (const rows of sizes) {
    const file = inFile && rows === baseRows && existsSync(inFile) ? inFile : join(work, `roster-${rows}.xlsx`);
    if (file !== inFile) await generate(rows, file);
    for (const kind of dbs) results.push(await run(kind, rows, file));
  }
  console.log(
    '\nsummary (validation + commit end to end, upload included; target >= 20,000 rows/s and peak RSS < 400 MB at 100,000 rows on PostgreSQL)',
  );
  for (const r of results) {
    const total = r.upload + r.validate + r.commit;
    console.log(
      `  ${r.db.padEnd(10)} ${r.rows.toLocaleString().padStart(9)} rows  ${Math.round(r.rows / (total / 1000))
        .toLocaleString()
        .padStart(7)} rows/s  peak RSS ${r.peakRss.toFixed(0).padStart(5)} MB${r.ok ? '' : '  (row count mismatch)'}`,
    );
    if (!r.ok) process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
