// Roster validation's CPU alone, no database and no HTTP (docs/design.md, "Validation speed and peak RSS"):
// seals the roster, runs the header scan, then validateStream inline or in the validation worker with the
// given resourceLimits, and prints wall time, the process's and the main thread's CPU, the worker's heap and
// the load averages. Runs the compiled server (`npm run build` first).
// Usage: node bench/validation-cpu.mjs ROSTER.xlsx MODE...  (MODE: inline | worker:OLD_MB:YOUNG_MB, 0 = V8's default)
// (a roster: npx tsx bench/people-import.ts --rows 100000 --out roster.xlsx; add node --cpu-prof for a profile)
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
const D = '../dist/server/';
const { writeSealed } = await import(new URL(`${D}platform/sealed-file.js`, import.meta.url));
const { analyseFile } = await import(new URL(`${D}modules/people/imports.analyse.js`, import.meta.url));
const { validateStream } = await import(new URL(`${D}modules/people/imports.stream.js`, import.meta.url));

const [file, ...modes] = process.argv.slice(2);
const path = `/tmp/validation-cpu-${process.pid}.sealed`;
const sf = { path, key: randomBytes(32), iv: randomBytes(16) };
const w = writeSealed(sf);
w.end(readFileSync(file));
await w.done;
const a = await analyseFile(sf);
const setup = {
  importId: '1',
  file: { path, key: sf.key.toString('base64'), iv: sf.iv.toString('base64') },
  format: a.format,
  headerRow: a.headerRow ?? 0,
  mapping: a.mapping,
  defaultOrgId: '1',
  orgKeys: [],
  orgPaths: [['1', '1']],
  craftsmanTitles: [],
  secretKey: randomBytes(32).toString('base64'),
  today: '2026-12-05',
  flushRows: 5000,
  maxRows: 1_100_000,
  stagedAs: process.env.STAGED ?? 'json',
  firstCopyWins: !!process.env.FIRST_COPY,
};
const la = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
for (const mode of modes) {
  const t0 = performance.now();
  const c0 = process.threadCpuUsage();
  const p0 = process.cpuUsage();
  let total;
  let wheap = null;
  if (mode === 'inline') {
    total = await validateStream(setup, async () => {});
  } else {
    const [, old, young] = mode.split(':');
    const rl = { maxOldGenerationSizeMb: Number(old) };
    if (Number(young)) rl.maxYoungGenerationSizeMb = Number(young);
    const url = new URL(`${D}modules/people/imports.worker.js`, import.meta.url);
    const worker = new Worker(url, { workerData: setup, resourceLimits: rl });
    let maxHeap = 0;
    const iv = setInterval(async () => {
      try {
        const h = await worker.getHeapStatistics();
        maxHeap = Math.max(maxHeap, h.used_heap_size);
      } catch {}
    }, 200);
    total = await new Promise((res, rej) => {
      worker.on('message', (m) => {
        if (m.type === 'batch') worker.postMessage('ack');
        else if (m.type === 'done') res(m.totals);
        else rej(new Error(m.message));
      });
      worker.on('error', rej);
    });
    clearInterval(iv);
    wheap = maxHeap;
    await worker.terminate();
  }
  const ms = performance.now() - t0;
  const tc = process.threadCpuUsage(c0);
  const pc = process.cpuUsage(p0);
  console.log(
    `${mode.padEnd(14)} rows ${total.total} valid ${total.valid}  wall ${(ms / 1000).toFixed(2)} s  ${Math.round(total.total / (ms / 1000))} rows/s  proc cpu ${((pc.user + pc.system) / 1e6).toFixed(2)} s  main-thread cpu ${((tc.user + tc.system) / 1e6).toFixed(2)} s  ${wheap ? `worker heap max ${(wheap / 1e6).toFixed(0)} MB` : ''}  rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB  load ${la()}`,
  );
}
rmSync(path, { force: true });
