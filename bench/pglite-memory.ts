// Where the embedded default's memory goes: starts the compiled server (dist/server/main.js, `npm run
// build` first) on a new PGlite data directory with the demo data, waits, and reads /proc/<pid>: the
// resident memory, split into the WebAssembly memory of PGlite (the one mapping of several GB of
// address space that V8 reserves for a 32-bit WebAssembly memory; only its touched pages are resident)
// and the rest (Node, V8's heap, the server's modules, the mapped code). Then starts it again on the
// same directory (a restart), reads the same, and loads the people list for 10 s (autocannon, 10
// connections, after 3 s of warm-up) for its throughput and the resident memory's maximum meanwhile.
// Two node command lines are compared, interleaved (A B A B A B): A = `node dist/server/main.js` with V8's
// default WebAssembly tiering, B = with `--liftoff-only` as `npm start` runs it (see docs/design.md,
// "The embedded database's memory"); each pair's ratios, their median and the load average are printed.
//   npx tsx bench/pglite-memory.ts [--rounds 3] [--settle 20] [--env NAME=VALUE ...] [--a "FLAGS"] [--b "FLAGS"]
// e.g. --env JIANGXIN_PGLITE_SHARED_BUFFERS_MB=8 --env NODE_OPTIONS=--max-semi-space-size=2 (JIANGXIN_WEB_DIR=/nonexistent
// when dist/web is not built)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SETTLE_S = Number(option('--settle') ?? 20);
const ROUNDS = Number(option('--rounds') ?? 3);
const FLAGS = { A: (option('--a') ?? '').split(' ').filter(Boolean), B: (option('--b') ?? '--liftoff-only').split(' ').filter(Boolean) };
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

const loadNow = () => loadavg()[0]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function startServer(dataDir: string, flags: string[]) {
  const child = spawn(process.execPath, [...flags, 'dist/server/main.js'], {
    env: { ...process.env, PORT: '0', JIANGXIN_DATA_DIR: dataDir, JIANGXIN_DEMO: 'true', ...extraEnv },
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
    if (performance.now() - t0 > 300_000) throw new Error(`no start in 300 s: ${out}`);
    await sleep(200);
  }
  return { child, url, listenedS: (performance.now() - t0) / 1000 };
}

async function stop(child: ChildProcess) {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** Signs in as a demo login and loads its people list; returns req/s and the highest RSS seen meanwhile. */
async function load(url: string, pid: number) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'shandong', password: 'Jiangxin-Demo-2026' }),
  });
  const cookie = /jx_session=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`demo sign-in failed: ${res.status}`);
  let maxRss = 0;
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, readMemory(pid).rssMb)), 200);
  const cannon = async (seconds: number) =>
    new Promise<number>((resolve, reject) => {
      const c = spawn(
        process.execPath,
        [
          'node_modules/autocannon/autocannon.js',
          '-j',
          '-c',
          '10',
          '-d',
          String(seconds),
          '-H',
          `cookie=${cookie}`,
          `${url}/api/people?sort=name&page=1&pageSize=20`,
        ],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      let s = '';
      c.stdout.on('data', (d) => (s += d));
      c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(s).requests.average as number) : reject(new Error(`autocannon ${code}`))));
    });
  // CPU time per request (utime + stime of the server in /proc/<pid>/stat) holds better than req/s when other
  // work shares the cores.
  const cpuMs = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  };
  try {
    await cannon(3);
    const c0 = cpuMs();
    const t0 = performance.now();
    const reqPerSec = await cannon(10);
    const requests = (reqPerSec * (performance.now() - t0)) / 1000;
    return { reqPerSec, cpuMsPerReq: (cpuMs() - c0) / requests, maxRss };
  } finally {
    clearInterval(sampler);
  }
}

async function measure(name: 'A' | 'B') {
  const flags = FLAGS[name];
  const dir = mkdtempSync(join(tmpdir(), 'jx-mem-'));
  try {
    const first = await startServer(dir, flags);
    await sleep(SETTLE_S * 1000);
    const m1 = readMemory(first.child.pid!);
    await stop(first.child);
    const again = await startServer(dir, flags);
    await sleep(SETTLE_S * 1000);
    const m2 = readMemory(again.child.pid!);
    const l = await load(again.url, again.child.pid!);
    await stop(again.child);
    const row = { first: m1, firstListenS: first.listenedS, restart: m2, restartListenS: again.listenedS, ...l };
    console.log(
      `  ${name} node ${flags.join(' ') || '(V8 defaults)'}: first start RSS ${m1.rssMb} MB (peak ${m1.peakMb}, WebAssembly ${m1.wasmResidentMb} resident) listening after ${first.listenedS.toFixed(1)} s; ` +
        `restart RSS ${m2.rssMb} MB (peak ${m2.peakMb}) after ${again.listenedS.toFixed(1)} s; people list ${Math.round(l.reqPerSec)} req/s, ${l.cpuMsPerReq.toFixed(2)} ms CPU/request, RSS under load ≤ ${l.maxRss} MB`,
    );
    return row;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loadAtStart = loadNow();
console.log(
  `PGlite memory and speed, A = node ${FLAGS.A.join(' ') || '(V8 defaults)'}, B = node ${FLAGS.B.join(' ') || '(V8 defaults)'}; ${ROUNDS} interleaved rounds, ` +
    `settle ${SETTLE_S} s; settings: ${
      Object.entries(extraEnv)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || 'defaults'
    }; load ${loadAtStart.toFixed(2)}`,
);
const pairs: { a: Awaited<ReturnType<typeof measure>>; b: Awaited<ReturnType<typeof measure>> }[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  console.log(`round ${round}/${ROUNDS} (load ${loadNow().toFixed(2)})`);
  const a = await measure('A');
  const b = await measure('B');
  pairs.push({ a, b });
  console.log(
    `  B / A: people list ${Math.round((100 * b.reqPerSec) / a.reqPerSec)} %, RSS after restart ${Math.round((100 * b.restart.rssMb) / a.restart.rssMb)} %`,
  );
}
const col = (f: (p: (typeof pairs)[number]) => number) => {
  const xs = pairs.map(f);
  return `median ${median(xs)} (${Math.min(...xs)}–${Math.max(...xs)})`;
};
for (const k of ['a', 'b'] as const)
  console.log(
    `${k.toUpperCase()}: first start RSS ${col((p) => p[k].first.rssMb)} MB, its peak ${col((p) => p[k].first.peakMb)} MB; restart RSS ${col((p) => p[k].restart.rssMb)} MB, ` +
      `its peak ${col((p) => p[k].restart.peakMb)} MB; under load ≤ ${col((p) => p[k].maxRss)} MB; people list ${col((p) => Math.round(p[k].reqPerSec))} req/s`,
  );
console.log(
  `B / A people list: req/s ${col((p) => Math.round((100 * p.b.reqPerSec) / p.a.reqPerSec))} %, CPU per request ${col((p) => Math.round((100 * p.b.cpuMsPerReq) / p.a.cpuMsPerReq))} %`,
);
const loadAtEnd = loadNow();
const cores = cpus().length;
console.log(
  `load average ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end on ${cores} cores` +
    (loadAtStart > cores
      ? ' — above the core count: figures printed, no verdict on the < 300 MB target'
      : `; target < 300 MB after start: ${pairs.every((p) => p.b.first.rssMb < 300 && p.b.restart.rssMb < 300) ? 'met' : 'not met'} with B`),
);
