// Where the embedded default's memory goes: starts the compiled server (dist/server/main.js, built first when
// stale) on a new PGlite data directory with the demo data, waits, and reads /proc/<pid>: the resident
// memory, split into the WebAssembly memory of PGlite and the rest (bench/pglite-footprint.ts, which
// `npm run bench -- memory` uses too). Then starts it again on the same directory (a restart), reads the
// same, and loads the people list for 10 s (autocannon, 10 connections, after 3 s of warm-up) for its
// throughput and the resident memory's maximum meanwhile.
// Two node command lines are compared, interleaved (A B A B A B): A = `node dist/server/main.js` with V8's
// default WebAssembly tiering, B = with node's flags of `npm start` on PGlite (printed by scripts/start.sh, read by
// bench/npm-start.ts; today `--liftoff-only --max-semi-space-size=8`, see docs/design.md, "The embedded
// database's memory"); each pair's ratios, their median and the load average are printed.
//   npx tsx bench/pglite-memory.ts [--rounds 3] [--settle 20] [--env NAME=VALUE ...] [--a "FLAGS"] [--b "FLAGS"]
// e.g. --env JIANGXIN_PGLITE_SHARED_BUFFERS_MB=8 --env NODE_OPTIONS=--max-semi-space-size=2 (JIANGXIN_WEB_DIR=/nonexistent
// when dist/web is not built)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { buildIfStale, npmStart } from './npm-start.js';
import { footprint, readMemory } from './pglite-footprint.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SETTLE_S = Number(option('--settle') ?? 20);
const ROUNDS = Number(option('--rounds') ?? 3);
const FLAGS = {
  A: (option('--a') ?? '').split(' ').filter(Boolean),
  B: option('--b')?.split(' ').filter(Boolean) ?? npmStart('pglite').nodeFlags,
};
const extraEnv: Record<string, string> = {};
args.forEach((a, i) => {
  if (a === '--env') {
    const [k, ...v] = args[i + 1]!.split('=');
    extraEnv[k!] = v.join('=');
  }
});

const loadNow = () => loadavg()[0]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
  const f = await footprint(flags, { settleS: SETTLE_S, env: extraEnv, whileUp: load });
  const { first: m1, restart: m2, then: l } = f;
  const row = { first: m1, firstListenS: f.firstListenS, restart: m2, restartListenS: f.restartListenS, ...l };
  console.log(
    `  ${name} node ${flags.join(' ') || '(V8 defaults)'}: first start RSS ${m1.rssMb} MB (peak ${m1.peakMb}, WebAssembly ${m1.wasmResidentMb} resident) listening after ${f.firstListenS.toFixed(1)} s; ` +
      `restart RSS ${m2.rssMb} MB (peak ${m2.peakMb}) after ${f.restartListenS.toFixed(1)} s; people list ${Math.round(l.reqPerSec)} req/s, ${l.cpuMsPerReq.toFixed(2)} ms CPU/request, RSS under load ≤ ${l.maxRss} MB`,
  );
  return row;
}

buildIfStale();
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
