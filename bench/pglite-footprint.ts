// The resident memory of the compiled server on the embedded database (PGlite) with the demo data, as
// bench/pglite-memory.ts and bench/run.ts (section `memory`) measure it: starts `node <flags> dist/server/main.js`
// on a new data directory with the demo data, waits --settle seconds after it listens, reads /proc/<pid>;
// then starts it again on the same directory (a restart) and reads the same. The split: the WebAssembly
// memory of PGlite (the one mapping of several GB of address space that V8 reserves for a 32-bit
// WebAssembly memory; only its touched pages are resident) and the rest (Node, V8's heap, the server's
// modules, the mapped code).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchServerEnv, npmStart } from './npm-start.js';

const mb = (kb: number) => Math.round(kb / 1024);

export function readMemory(pid: number) {
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
type Memory = ReturnType<typeof readMemory>;

async function startServer(dataDir: string, flags: string[], env: Record<string, string | undefined>) {
  // PGlite: no DATABASE_URL, whatever the caller's environment holds; the demo data on.
  const start = npmStart('pglite');
  const child = spawn(process.execPath, [...flags, start.entry], {
    env: {
      ...process.env,
      ...benchServerEnv(start),
      DATABASE_URL: undefined,
      PORT: '0',
      JIANGXIN_DATA_DIR: dataDir,
      JIANGXIN_DEMO: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const t0 = performance.now();
  let url: string | undefined;
  while (!url) {
    url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    if (performance.now() - t0 > 300_000) {
      await stop(child);
      throw new Error(`no start in 300 s: ${out}`);
    }
    await sleep(200);
  }
  return { child, url, listenedS: (performance.now() - t0) / 1000 };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export interface Footprint<T> {
  first: Memory;
  firstListenS: number;
  restart: Memory;
  restartListenS: number;
  /** What `whileUp` returned, run on the restarted server before it is stopped. */
  then: T;
}

/**
 * The server's memory `settleS` seconds after its first start on a new data directory with the demo data,
 * and again after a restart on that directory; `whileUp` runs against the restarted server (its URL and
 * pid) before it stops. The data directory is removed at the end, also on failure.
 */
export async function footprint<T = undefined>(
  flags: string[],
  o: { settleS: number; env?: Record<string, string | undefined>; whileUp?: (url: string, pid: number) => Promise<T> },
): Promise<Footprint<T>> {
  const dir = mkdtempSync(join(tmpdir(), 'jx-mem-'));
  try {
    const first = await startServer(dir, flags, o.env ?? {});
    let m1: Memory;
    try {
      await sleep(o.settleS * 1000);
      m1 = readMemory(first.child.pid!);
    } finally {
      await stop(first.child);
    }
    const again = await startServer(dir, flags, o.env ?? {});
    try {
      await sleep(o.settleS * 1000);
      const m2 = readMemory(again.child.pid!);
      const then = (await o.whileUp?.(again.url, again.child.pid!)) as T;
      return { first: m1, firstListenS: first.listenedS, restart: m2, restartListenS: again.listenedS, then };
    } finally {
      await stop(again.child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
