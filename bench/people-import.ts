// Roster import at province scale: generates an .xlsx roster (valid ID numbers with check digits,
// shared strings as Excel writes them), starts the real server on a fresh PostgreSQL database,
// uploads, validates and commits through the HTTP API, and prints rows/s and the server's peak RSS.
// Usage: npx tsx bench/people-import.ts [--rows 100000] [--db postgres://postgres@127.0.0.1:5432/test] [--batch 2000] [--out roster.xlsx]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { Client } from '../src/server/testing/harness.js';
import { createOrg } from '../src/server/testing/world.js';
import { nthIdNumber, nthPhone, upload, waitForImport } from '../src/server/testing/people-world.js';

const args = process.argv.slice(2);
const arg = (name: string, d: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1]! : d; };
const rows = Number(arg('rows', '100000'));
const adminUrl = arg('db', 'postgres://postgres@127.0.0.1:5432/test');
const batch = Number(arg('batch', '2000'));
/** --out FILE: only write the roster there (for profiling) and stop. */
const outOnly = args.includes('--out') ? arg('out', '') : undefined;
const ADMIN = 'Admin-Passw0rd!';

const dir = mkdtempSync(join(tmpdir(), "jx-bench-"));
const file = outOnly ?? join(dir, 'roster.xlsx');
const LEVELS = ['初级工', '中级工', '高级工（三级）', '技师', '高级技师', ''];
const EDU = ['本科', '大专', '中专', '高中', '硕士'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

console.log(`generating ${rows.toLocaleString()} rows…`);
let t = performance.now();
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
const ws = wb.addWorksheet('花名册');
ws.addRow(['滨州装备制造有限公司职工花名册']).commit();
ws.addRow(['序号', '姓名', '身份证号码', '手机号码', '入会时间', '职业（工种）', '学历', '技能等级', '证书编号', '发证机关', '发证日期', '荣誉称号', '备注']).commit();
for (let i = 0; i < rows; i++) {
  const name = SURNAMES[i % 20]! + GIVEN[Math.floor(i / 20) % 20]! + (i % 3 ? GIVEN[Math.floor(i / 400) % 20]! : '');
  const level = LEVELS[i % LEVELS.length]!;
  ws.addRow([
    i + 1, name, nthIdNumber(i), nthPhone(i), i % 4 ? new Date(Date.UTC(2010 + (i % 14), i % 12, 1 + (i % 28))) : '', '车工', EDU[i % EDU.length],
    level, level ? `S${String(i).padStart(9, '0')}` : '', level ? '山东省人力资源和社会保障厅' : '', level ? `${2015 + (i % 9)}.${1 + (i % 12)}.${1 + (i % 28)}` : '',
    i % 97 === 0 ? `${2000 + (i % 20)}年全国劳动模范` : i % 53 === 0 ? '省五一劳动奖章(2019)' : '', '',
  ]).commit();
}
ws.commit();
await wb.commit();
const size = statSync(file).size;
console.log(`  ${((performance.now() - t) / 1000).toFixed(1)} s, ${(size / 1e6).toFixed(1)} MB`);
if (outOnly) process.exit(0);

const dbName = `jx_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;

const port = await new Promise<number>((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => { const p = (srv.address() as net.AddressInfo).port; srv.close(() => resolve(p)); });
});
const child = spawn(process.execPath, [...(process.env.JX_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.tmp/prof'] : []), '--import', 'tsx', 'src/server/main.ts'], {
  env: { ...process.env, PORT: String(port), DATABASE_URL: url.toString(), JIANGXIN_DATA_DIR: dir, JIANGXIN_ADMIN_PASSWORD: ADMIN, JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'false', LOG_LEVEL: 'warn', JIANGXIN_WEB_DIR: '/nonexistent' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const baseUrl = `http://127.0.0.1:${port}`;
const peakRss = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const rssNow = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${baseUrl}/api/health`)).ok) break; } catch { /* starting */ }
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const c = new Client(baseUrl);
  await c.post('/api/auth/login', { username: 'admin', password: ADMIN });
  const root = (await c.get('/api/orgs')).body.items[0].id;
  const province = await createOrg(c, root, '山东省总工会', 'federation', 'province');
  const enterprise = await createOrg(c, province, '滨州装备制造有限公司', 'enterprise', 'grassroots');
  const idleRss = rssNow();

  const data = readFileSync(file);
  const t0 = performance.now();
  const up = await upload(c, enterprise, 'roster.xlsx', data);
  if (up.status !== 201) throw new Error(`upload ${up.status} ${JSON.stringify(up.body)}`);
  const t1 = performance.now();
  await c.post(`/api/people/imports/${up.body.id}/validate`, { batchSize: batch });
  const v = await waitForImport(c, up.body.id, (i) => i.status === 'validated', 3_600_000);
  const t2 = performance.now();
  const commit = await c.post(`/api/people/imports/${up.body.id}/commit`, {});
  if (commit.status !== 202) throw new Error(`commit ${commit.status} ${JSON.stringify(commit.body)}`);
  const done = await waitForImport(c, up.body.id, (i) => i.status === 'committed', 3_600_000);
  const t3 = performance.now();
  const count = (await c.get(`/api/people?orgId=${enterprise}&pageSize=1`)).body.total;

  const s = (ms: number) => (ms / 1000).toFixed(2);
  const rate = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString();
  console.log(`\nPostgreSQL, ${rows.toLocaleString()} rows (${(size / 1e6).toFixed(1)} MB .xlsx), batch ${batch}`);
  console.log(`  upload + zip guard + header scan   ${s(t1 - t0)} s`);
  console.log(`  validation (${v.validRows} valid, ${v.errorRows} invalid)   ${s(t2 - t1)} s   ${rate(t2 - t1)} rows/s`);
  console.log(`  commit (${done.totalBatches} batches)            ${s(t3 - t2)} s   ${rate(t3 - t2)} rows/s`);
  console.log(`  end to end                         ${s(t3 - t0)} s   ${rate(t3 - t0)} rows/s`);
  console.log(`  server RSS: idle ${idleRss.toFixed(0)} MB, peak ${peakRss().toFixed(0)} MB`);
  console.log(`  people in the database: ${count.toLocaleString()} (created ${done.createdCount}, updated ${done.updatedCount})`);
  if (count !== rows) process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const a = new pg.Client({ connectionString: adminUrl });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await a.end();
  rmSync(dir, { recursive: true, force: true });
}
