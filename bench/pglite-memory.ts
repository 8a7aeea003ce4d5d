// Where the embedded default's memory goes: starts the compiled server (dist/server/main.js, `npm run
// build` first) on a new PGlite data directory with the demo data, waits, and reads /proc/<pid>: the
// resident memory, split into the WebAssembly memory of PGlite (the one mapping of several GB of
// address space that V8 reserves for a 32-bit WebAssembly memory; only its touched pages are resident)
// and the rest (Node, V8's heap, the server's modules, the mapped code). Then starts it again on the
// same directory (a restart) and reads the same.
//   npx tsx bench/pglite-memory.ts [--settle 20] [--env NAME=VALUE ...]
// e.g. --env JIANGXIN_PGLITE_SHARED_BUFFERS_MB=8 --env NODE_OPTIONS=--max-semi-space-size=2 (JIANGXIN_WEB_DIR=/nonexistent
// when dist/web is not built)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SETTLE_S = Number(option('--settle') ?? 20);
const extraEnv: Record<string, string> = {};
args.forEach((a, i) => {
  if (a === '--env') {
    const [k, ...v] = args[i + 1]!.split('=');
    extraEnv[k!] = v.join('=');
  }
});

const mb = (kb: number) => Math.round(kb / 1024);

function readMemory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  // smaps: V8 reserves ~8-10 GB of address space for a 32-bit WebAssembly memory and makes its used
  // part read-write, which splits the reservation: the read-write mapping just before the huge
  // inaccessible one is PGlite's memory (its Size: grown so far; its Rss: touched so far).
  const maps: { start: bigint; end: bigint; perms: string; size: number; rss: number }[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
    if (head) maps.push({ start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), perms: head[3]!, size: 0, rss: 0 });
    else if (line.startsWith('Size:')) maps.at(-1)!.size = Number(line.split(/\s+/)[1]);
    else if (line.startsWith('Rss:')) maps.at(-1)!.rss = Number(line.split(/\s+/)[1]);
  }
  const guard = maps.find((m) => m.perms.startsWith('---') && m.size > 6 * 1024 * 1024);
  const wasm = (guard && maps.find((m) => m.end === guard.start && m.perms.startsWith('rw'))) ?? { size: 0, rss: 0 };
  return {
    rssMb: mb(field('VmRSS')),
    peakMb: mb(field('VmHWM')),
    anonMb: mb(field('RssAnon')),
    fileMb: mb(field('RssFile')),
    wasmResidentMb: mb(wasm.rss),
    wasmSizeMb: mb(wasm.size),
  };
}

async function startOnce(dataDir: string, label: string) {
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    env: { ...process.env, PORT: '0', JIANGXIN_DATA_DIR: dataDir, JIANGXIN_DEMO: 'true', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const t0 = performance.now();
  while (!/listening on/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    if (performance.now() - t0 > 300_000) throw new Error(`no start in 300 s: ${out}`);
    await sleep(200);
  }
  const listenedS = (performance.now() - t0) / 1000;
  await sleep(SETTLE_S * 1000);
  const m = readMemory(child.pid!);
  console.log(
    `${label}: listening after ${listenedS.toFixed(1)} s; ${SETTLE_S} s later RSS ${m.rssMb} MB (peak ${m.peakMb} MB; anonymous ${m.anonMb}, file-backed ${m.fileMb}); PGlite's WebAssembly memory ${m.wasmSizeMb} MB grown, ${m.wasmResidentMb} MB resident; the rest ${m.rssMb - m.wasmResidentMb} MB`,
  );
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return m;
}

const dir = mkdtempSync(join(tmpdir(), 'jx-mem-'));
try {
  console.log(
    `settings: ${
      Object.entries(extraEnv)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || 'defaults'
    }`,
  );
  await startOnce(dir, 'first start (new data directory, demo data)');
  await startOnce(dir, 'restart on that data');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
