// Two checkouts of Jiangxin side by side: the people list of an earlier tree against this one, both
// running at once on their own bench databases, loaded in alternation (A B A B …, a warm-up before
// each run) so that the machine's swings hit both alike. Prints each pair's throughput, p99 and server
// CPU per request (user + sys of the server process, from /proc), the after/before ratios with their
// median and spread, and the load average at the start and end.
//
//   npx tsx bench/trees.ts --before /work/old --before-db postgres://postgres@127.0.0.1:5432/jx_bench_old \
//     [--after .] [--after-db postgres://postgres@127.0.0.1:5432/jx_bench] [--rounds 6] [--duration 10] [--connections 50]
//
// Each database must hold the dataset its own tree generated (`npm run bench -- people --workers N`
// in that tree makes it), so every tree reads the schema it migrated.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { startTree } from './start-tree.js';

const argv = process.argv.slice(2);
const opt = (name: string, d?: string) => {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1]!;
  if (d === undefined) throw new Error(`--${name} is required`);
  return d;
};
const BEFORE = resolve(opt('before'));
const AFTER = resolve(opt('after', '.'));
const BEFORE_DB = opt('before-db');
const AFTER_DB = opt('after-db', 'postgres://postgres@127.0.0.1:5432/jx_bench');
const ROUNDS = Number(opt('rounds', '6'));
const DURATION = Number(opt('duration', '10'));
const CONNECTIONS = Number(opt('connections', '50'));
const LIST_QUERY = 'skillLevel=senior&sort=name&page=1&pageSize=20';

interface Server {
  name: string;
  url: string;
  pid: number;
  cookie: string;
}

/** A tree's server, signed in as the generated county's user, its list checked once. */
async function serve(name: string, dir: string, db: string): Promise<Server> {
  const s = await startTree(name, dir, db);
  const cookie = await s.login('gen-county');
  const page = await fetch(`${s.url}/api/people?${LIST_QUERY}`, { headers: { cookie } });
  if (page.status !== 200) throw new Error(`${name}: people list ${page.status}`);
  const body = (await page.json()) as { total: number };
  console.log(`${name}: ${dir} on ${new URL(db).pathname.slice(1)}, pid ${s.pid}, the county's list holds ${body.total}`);
  return { name, url: s.url, pid: s.pid, cookie };
}
/** User + system CPU of a process in microseconds (/proc/<pid>/stat, fields 14 and 15, in clock ticks). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

interface Run {
  reqPerSec: number;
  p99: number;
  cpuPerRequest: number;
}

function autocannon(
  url: string,
  cookie: string,
  connections: number,
  duration: number,
): Promise<{ reqPerSec: number; p99: number; total: number; bad: number }> {
  const args = [join(AFTER, 'node_modules/autocannon/autocannon.js'), '-j', '-c', String(connections), '-d', String(duration), '-t', '120'];
  args.push('-H', `cookie=${cookie}`, url);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out);
      done({ reqPerSec: r.requests.average, p99: r.latency.p99, total: r.requests.total, bad: r.non2xx + r.errors + r.timeouts });
    });
  });
}

async function measure(s: Server): Promise<Run> {
  const url = `${s.url}/api/people?${LIST_QUERY}`;
  await autocannon(url, s.cookie, 10, 2); // warm-up
  const cpu0 = cpuMicros(s.pid);
  const r = await autocannon(url, s.cookie, CONNECTIONS, DURATION);
  const cpu = cpuMicros(s.pid) - cpu0;
  if (r.bad) console.log(`  ! ${s.name}: ${r.bad} failed requests`);
  return { reqPerSec: r.reqPerSec, p99: r.p99, cpuPerRequest: cpu / Math.max(1, r.total) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (x: number) => `${Math.round(x * 100)}%`;
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function main() {
  console.log(
    `people list, before against after: ${CONNECTIONS} connections, ${DURATION} s runs, ${ROUNDS} alternated pairs; load ${load()}`,
  );
  const before = await serve('before', BEFORE, BEFORE_DB);
  const after = await serve('after', AFTER, AFTER_DB);
  const pairs: { b: Run; a: Run }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate which goes first, so neither always meets the machine's state the other left.
    const [first, second] = i % 2 === 0 ? [before, after] : [after, before];
    const r1 = await measure(first);
    const r2 = await measure(second);
    const b = first === before ? r1 : r2;
    const a = first === before ? r2 : r1;
    pairs.push({ b, a });
    console.log(
      `  pair ${i + 1} (load ${os.loadavg()[0]!.toFixed(2)}): before ${Math.round(b.reqPerSec)} req/s p99 ${b.p99} ms ${Math.round(b.cpuPerRequest)} µs CPU/req · ` +
        `after ${Math.round(a.reqPerSec)} req/s p99 ${a.p99} ms ${Math.round(a.cpuPerRequest)} µs CPU/req · after/before ${pct(a.reqPerSec / b.reqPerSec)}`,
    );
  }
  const rate = pairs.map((p) => p.a.reqPerSec / p.b.reqPerSec);
  const cpu = pairs.map((p) => p.a.cpuPerRequest / p.b.cpuPerRequest);
  const p99 = pairs.map((p) => p.a.p99 / p.b.p99);
  const line = (what: string, xs: number[]) =>
    console.log(
      `${what}: median ${pct(median(xs))} (spread ${pct(Math.min(...xs))}–${pct(Math.max(...xs))}; pairs ${xs.map(pct).join(' · ')})`,
    );
  line('after / before, req/s', rate);
  line('after / before, server CPU per request', cpu);
  line('after / before, p99', p99);
  console.log(`load average at the end ${load()}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
