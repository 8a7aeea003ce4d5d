// Roster import at province scale: generates an .xlsx roster (valid ID numbers with check digits,
// shared strings as Excel writes them), starts the real server on a fresh database (PostgreSQL and/or
// the embedded PGlite), uploads, validates and commits through the HTTP API, and prints rows/s and
// the server's peak RSS. Issue #17's figure: the pipelined import (validation of batch n + 1 while
// batch n commits) end to end >= 0.85 x the rate of the slower phase measured alone in the same run,
// peak server RSS < 400 MB, at 100,000 rows on PostgreSQL (on PGlite: peak server RSS < 450 MB). Each
// of --rounds rounds (3) runs the sequential flow (validation alone, then commit alone) and then the
// pipelined one, each on a fresh server and database, and prints the round's ratio; then the median,
// the spread and a verdict, none when the load average at the start exceeded the cores (as
// bench/run.ts). --million adds one pipelined run of 1,000,000 rows (its time and peak RSS); `--mode
// pipelined --rows N` is one such run of N rows alone (bench/run.ts's --million-rows).
// Usage: npx tsx bench/people-import.ts [--rows 100000] [--db both|postgres|pglite] [--rounds 3] [--million]
//   [--mode compare|sequential|pipelined]  (compare: the rounds above; otherwise one run of that flow)
//   [--url postgres://postgres@127.0.0.1:5432/test] [--batch N] [--in roster.xlsx] [--out roster.xlsx]
//   [--no-triggers]  (PostgreSQL: disables the dashboard roll-up triggers, to measure what they cost)
//   [--built]        runs the compiled server (dist/server/main.js, as `npm start` does, built first when
//                    stale) instead of the TypeScript sources under tsx, whose compiler adds to the RSS;
//                    either way with node's flags of `npm start`, read from package.json (bench/npm-start.ts)
//   [--mem-probe]    preloads bench/mem-probe.mjs in the server and prints where its peak RSS went
//                    (main thread's heap, external and array buffers; the workers' heaps)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { Client } from '../src/server/testing/harness.js';
import { createOrg } from '../src/server/testing/world.js';
import { nthIdNumber, nthPhone, upload, waitForImport } from '../src/server/testing/people-world.js';
import { cpuBetween, sampleCpu } from './cpu-time.js';
import { benchNodeFlags, benchServerEnv, buildIfStale, npmStart } from './npm-start.js';

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
const START = { pglite: npmStart('pglite'), postgres: npmStart('postgres') };
if (built) buildIfStale();
const memProbe = args.includes('--mem-probe');
const ROUNDS = Number(arg('rounds', '3'));
const MODE = arg('mode', 'compare') as 'compare' | 'sequential' | 'pipelined';
const CORES = os.cpus().length;
const load = () => os.loadavg()[0]!;
/** The three load averages, as uptime prints them. */
const loads = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
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
  mode: 'sequential' | 'pipelined';
  upload: number;
  /** Sequential: validation alone. Pipelined: 0 (it is inside `commit`). */
  validate: number;
  /** Sequential: commit alone. Pipelined: validation and commit together, from the request to "committed". */
  commit: number;
  idleRss: number;
  peakRss: number;
  /** CPU seconds of the server and of PostgreSQL's processes for it: validation alone, commit alone (sequential) or both (pipelined: in `commit`). */
  cpuValidate: number;
  cpuCommit: number;
  ok: boolean;
}

async function run(
  kind: 'postgres' | 'pglite',
  rows: number,
  file: string,
  mode: 'sequential' | 'pipelined' = 'sequential',
): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'jx-bench-'));
  const loadBefore = loads();
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
    // npm start's environment (glibc's malloc settings), as its node flags below
    ...benchServerEnv(START[kind]),
    PORT: String(port),
    JIANGXIN_DATA_DIR: dir,
    JIANGXIN_ADMIN_PASSWORD: ADMIN,
    JIANGXIN_ADMIN_TOTP: 'optional',
    JIANGXIN_DEMO: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    JIANGXIN_WEB_DIR: '/nonexistent',
  };
  if (kind === 'postgres') env.DATABASE_URL = url.toString();
  else delete env.DATABASE_URL;
  const probeFile = join(dir, 'mem-probe.json');
  if (memProbe) env.JX_MEM_PROBE = probeFile;
  const child = spawn(
    process.execPath,
    [
      ...(process.env.JX_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.tmp/prof'] : []),
      // node's flags of `npm start` for this database, as scripts/start.sh prints them (bench/npm-start.ts; on
      // PGlite --liftoff-only and --max-semi-space-size=8), and JX_BENCH_NODE_ARGS to try others beside them.
      ...benchNodeFlags(START[kind]),
      ...(memProbe ? ['--import', './bench/mem-probe.mjs'] : []),
      ...(built ? [START[kind].entry] : ['--import', 'tsx', 'src/server/main.ts']),
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
    const cpu = () => sampleCpu(child.pid!, kind === 'postgres' ? dbName : undefined);
    const t0 = performance.now();
    const up = await upload(c, enterprise, 'roster.xlsx', data);
    if (up.status !== 201) throw new Error(`upload ${up.status} ${JSON.stringify(up.body)}`);
    const t1 = performance.now();
    const c1 = cpu();
    const pipelined = mode === 'pipelined';
    const started = await c.post(`/api/people/imports/${up.body.id}/validate`, {
      ...(batch && { batchSize: batch }),
      ...(pipelined && { pipelined }),
    });
    if (started.status !== 202) throw new Error(`validate ${started.status} ${JSON.stringify(started.body)}`);
    const v = pipelined ? undefined : await waitForImport(c, up.body.id, (i) => i.status === 'validated', 7_200_000);
    const t2 = performance.now();
    const c2 = cpu();
    if (!pipelined) {
      const commit = await c.post(`/api/people/imports/${up.body.id}/commit`, {});
      if (commit.status !== 202) throw new Error(`commit ${commit.status} ${JSON.stringify(commit.body)}`);
    }
    const done = await waitForImport(c, up.body.id, (i) => i.status === 'committed', 7_200_000);
    const t3 = performance.now();
    const c3 = cpu();
    const count = (await c.get(`/api/people?orgId=${enterprise}&pageSize=1`)).body.total;
    const r: Result = {
      db: kind === 'postgres' ? 'PostgreSQL' : 'PGlite',
      rows,
      mode,
      upload: t1 - t0,
      validate: t2 - t1,
      commit: t3 - t2,
      idleRss,
      peakRss: status('VmHWM'),
      cpuValidate: cpuBetween(c1, c2).total,
      cpuCommit: cpuBetween(c2, c3).total,
      ok: count === rows,
    };
    const s = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
    // a label in its column, with at least one space before the time (200 batches of 1,000,000 rows outgrow it)
    const column = (label: string) => `${label.padEnd(35)} `;
    const cpuText = (a: ReturnType<typeof cpuBetween>, ms: number) =>
      `   CPU ${a.total.toFixed(1)} s (server ${a.server.toFixed(1)}${kind === 'postgres' ? `, PostgreSQL ${a.db.toFixed(1)}` : ''}; ${((a.total / (ms / 1000)) * 100).toFixed(0)}% of one core)`;
    const rate = (ms: number) =>
      `${Math.round(rows / (ms / 1000))
        .toLocaleString()
        .padStart(7)} rows/s`;
    console.log(
      `\n${r.db}${noTriggers && kind === 'postgres' ? ' (roll-up triggers disabled)' : ''}, ${mode}, ${rows.toLocaleString()} rows (${(data.length / 1e6).toFixed(1)} MB .xlsx), batch ${done.batchSize}, load average ${loadBefore} → ${loads()}`,
    );
    console.log(`  upload + zip guard + header scan   ${s(t1 - t0)}`);
    if (v) {
      console.log(
        `${column(`  validation (${v.validRows} valid, ${v.errorRows} invalid)`)}${s(t2 - t1)}   ${rate(t2 - t1)}${cpuText(cpuBetween(c1, c2), t2 - t1)}`,
      );
      console.log(
        `${column(`  commit (${done.totalBatches} batches)`)}${s(t3 - t2)}   ${rate(t3 - t2)}${cpuText(cpuBetween(c2, c3), t3 - t2)}`,
      );
    } else
      console.log(
        `${column(`  pipelined (${done.validRows} valid, ${done.totalBatches} batches)`)}${s(t3 - t1)}   ${rate(t3 - t1)}${cpuText(cpuBetween(c1, c3), t3 - t1)}`,
      );
    console.log(`  validation + commit, end to end    ${s(t3 - t0)}   ${rate(t3 - t0)}   (upload included)`);
    console.log(`  server RSS: idle ${idleRss.toFixed(0)} MB, peak ${r.peakRss.toFixed(0)} MB`);
    if (memProbe && existsSync(probeFile)) {
      const { atPeakRss: p, peaks, timeline } = JSON.parse(readFileSync(probeFile, 'utf8'));
      if (process.env.JX_MEM_TIMELINE) writeFileSync(process.env.JX_MEM_TIMELINE, JSON.stringify(timeline));
      console.log(
        `  at the highest sampled RSS (${p.rss} MB): main heap ${p.mainHeapUsed}/${p.mainHeapTotal} MB used/total, main external ${p.mainExternal} MB (array buffers ${p.mainArrayBuffers}), ${p.workers} worker(s) heap ${p.workerHeapUsed}/${p.workerHeapTotal} MB, worker external ${p.workerExternal} MB`,
      );
      console.log(
        `  peaks on their own: main heap total ${peaks.mainHeapTotal} MB, main external ${peaks.mainExternal} MB, worker heap total ${peaks.workerHeapTotal} MB, worker external ${peaks.workerExternal} MB`,
      );
    }
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
  const file = inFile && existsSync(inFile) ? inFile : join(work, `roster-${baseRows}.xlsx`);
  if (file !== inFile) await generate(baseRows, file);
  const perSec = (rows: number, ms: number) => rows / (ms / 1000);
  const fmt = (n: number) => Math.round(n).toLocaleString();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  for (const kind of dbs) {
    if (MODE !== 'compare') {
      const r = await run(kind, baseRows, file, MODE);
      if (!r.ok) process.exitCode = 1;
      continue;
    }
    // Interleaved rounds: the sequential flow (each phase alone), then the pipelined one, on fresh servers.
    const loadAtStart = load();
    const rounds: {
      validation: number;
      commit: number;
      slower: number;
      e2e: number;
      ratio: number;
      peakSeq: number;
      peakPipe: number;
      /** CPU seconds of validation alone + commit alone, and of the pipelined run. */
      cpuSeq: number;
      cpuPipe: number;
      /** The best ratio the cores allow: rows / (cpuSeq / cores) against the slower phase, at most 1. */
      ceiling: number;
      before: number;
      after: number;
    }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const before = load();
      const seq = await run(kind, baseRows, file, 'sequential');
      const pipe = await run(kind, baseRows, file, 'pipelined');
      if (!seq.ok || !pipe.ok) process.exitCode = 1;
      const validation = perSec(baseRows, seq.validate);
      const commit = perSec(baseRows, seq.commit);
      const slower = Math.min(validation, commit);
      const e2e = perSec(baseRows, pipe.commit);
      const cpuSeq = seq.cpuValidate + seq.cpuCommit;
      rounds.push({
        validation,
        commit,
        slower,
        e2e,
        ratio: e2e / slower,
        peakSeq: seq.peakRss,
        peakPipe: pipe.peakRss,
        cpuSeq,
        cpuPipe: pipe.cpuValidate + pipe.cpuCommit,
        ceiling: Math.min(1, baseRows / (cpuSeq / CORES) / slower),
        before,
        after: load(),
      });
      const r = rounds.at(-1)!;
      console.log(
        `\nround ${round}/${ROUNDS} (${kind}, load ${before.toFixed(2)} → ${r.after.toFixed(2)}): validation alone ${fmt(validation)} rows/s · commit alone ${fmt(commit)} rows/s · pipelined end to end ${fmt(e2e)} rows/s · ratio to the slower phase ${r.ratio.toFixed(2)} · peak RSS ${seq.peakRss.toFixed(0)} MB sequential, ${pipe.peakRss.toFixed(0)} MB pipelined · CPU ${cpuSeq.toFixed(1)} s for the two phases alone, ${r.cpuPipe.toFixed(1)} s pipelined · ${CORES} cores allow at most ${r.ceiling.toFixed(2)}`,
      );
    }
    const ratios = rounds.map((r) => r.ratio);
    const peak = Math.max(...rounds.map((r) => r.peakPipe));
    const loadAtEnd = load();
    const name = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
    console.log(
      `\nsummary, ${name}, ${baseRows.toLocaleString()} rows, ${ROUNDS} interleaved rounds (load average ${loadAtStart.toFixed(2)} at the start, ${loadAtEnd.toFixed(2)} at the end, ${CORES} cores)`,
    );
    console.log(
      `  validation alone     median ${fmt(median(rounds.map((r) => r.validation)))} rows/s (${fmt(Math.min(...rounds.map((r) => r.validation)))}–${fmt(Math.max(...rounds.map((r) => r.validation)))})`,
    );
    console.log(
      `  commit alone         median ${fmt(median(rounds.map((r) => r.commit)))} rows/s (${fmt(Math.min(...rounds.map((r) => r.commit)))}–${fmt(Math.max(...rounds.map((r) => r.commit)))})`,
    );
    console.log(
      `  pipelined end to end median ${fmt(median(rounds.map((r) => r.e2e)))} rows/s (${fmt(Math.min(...rounds.map((r) => r.e2e)))}–${fmt(Math.max(...rounds.map((r) => r.e2e)))})`,
    );
    console.log(
      `  ratio end to end / slower phase: median ${median(ratios).toFixed(2)} (spread ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; rounds ${ratios.map((x) => x.toFixed(2)).join(', ')}), target >= 0.85`,
    );
    const ceilings = rounds.map((r) => r.ceiling);
    console.log(
      `  what ${CORES} cores allow: the two phases alone took CPU ${median(rounds.map((r) => r.cpuSeq)).toFixed(1)} s (median; pipelined ${median(rounds.map((r) => r.cpuPipe)).toFixed(1)} s), so even a pipeline that kept every core busy would reach at most ${median(ceilings).toFixed(2)} of the slower phase (${ceilings.map((x) => x.toFixed(2)).join(', ')})`,
    );
    console.log(
      `  peak server RSS, pipelined: ${peak.toFixed(0)} MB (max over the rounds; sequential ${Math.max(...rounds.map((r) => r.peakSeq)).toFixed(0)} MB), target < ${kind === 'postgres' ? 400 : 450} MB`,
    );
    if (kind === 'postgres') {
      if (loadAtStart > CORES)
        console.log(
          `  verdict: none: the load average at the start (${loadAtStart.toFixed(2)}) exceeded the ${CORES} cores; figures are printed, targets not judged`,
        );
      else
        console.log(
          `  verdict: ratio ${median(ratios) >= 0.85 ? 'PASS' : 'FAIL'} (median ${median(ratios).toFixed(2)} vs 0.85), peak RSS ${peak < 400 ? 'PASS' : 'FAIL'} (${peak.toFixed(0)} vs 400 MB)`,
        );
    }
  }
  if (args.includes('--million')) {
    const big = join(work, 'roster-1000000.xlsx');
    await generate(1_000_000, big);
    for (const kind of dbs) {
      const before = load();
      const r = await run(kind, 1_000_000, big, 'pipelined');
      console.log(
        `\n1,000,000 rows pipelined (${r.db}): ${(r.commit / 1000).toFixed(1)} s (${fmt(perSec(1_000_000, r.commit))} rows/s), peak server RSS ${r.peakRss.toFixed(0)} MB, ${r.ok ? 'complete' : 'ROW COUNT MISMATCH'} (load ${before.toFixed(2)} → ${load().toFixed(2)})`,
      );
      if (!r.ok) process.exitCode = 1;
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
