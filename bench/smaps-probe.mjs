// Where a server's resident memory sits, by kind of mapping (docs/design.md, "Where the PGlite import's
// peak went"): samples /proc/PID/smaps of the `node … dist/server/main.js` started below a bench process
// every 250 ms and keeps, in OUT.json, the sample at the highest total with its largest mappings, and a
// timeline. Kinds: `wasm` PGlite's WebAssembly memory (the read-write mapping in front of its 8 GB
// reservation), `arena` malloc arenas of threads other than the main one (64 MB heaps), `brk` the main
// thread's malloc heap, `code`, `file` (mapped files), `anonBig`/`anonSmall` other anonymous memory (V8's
// heaps, stacks, mmapped blocks). Linux only. Beside a bench, e.g.:
//   npx tsx bench/people-import.ts --in roster.xlsx --db pglite --mode pipelined --built & node bench/smaps-probe.mjs $! out.json
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const [benchPid, out] = process.argv.slice(2);
const children = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
};
const findServer = () => {
  const stack = [benchPid];
  while (stack.length) {
    const p = stack.pop();
    for (const c of children(p)) {
      try {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('dist/server/main.js')) return c;
      } catch {}
      stack.push(c);
    }
  }
};
function sample(pid) {
  const lines = readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n');
  const maps = [];
  let cur;
  for (const l of lines) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(l);
    if (m) {
      cur = { size: (parseInt(m[2], 16) - parseInt(m[1], 16)) / 2 ** 20, perm: m[3], name: m[4], rss: 0 };
      maps.push(cur);
    } else if (l.startsWith('Rss:')) cur.rss = Number(l.split(/\s+/)[1]) / 1024;
  }
  const r0 = {};
  const cat = { arena: 0, wasm: 0, brk: 0, code: 0, file: 0, anonBig: 0, anonSmall: 0, other: 0 };
  let wasmSize = 0;
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i];
    const next = maps[i + 1];
    if (m.perm === 'rw-p' && !m.name && next && next.perm === '---p' && next.size > 4000) {
      cat.wasm += m.rss;
      wasmSize += m.size;
    } else if (
      m.perm === 'rw-p' &&
      !m.name &&
      ((next && next.perm === '---p' && !next.name && Math.abs(m.size + next.size - 64) < 0.01) || Math.abs(m.size - 64) < 0.01)
    )
      cat.arena += m.rss;
    else if (m.name === '[heap]') cat.brk += m.rss;
    else if (m.perm.includes('x')) cat.code += m.rss;
    else if (m.name.startsWith('/')) cat.file += m.rss;
    else if (!m.name && m.size >= 60)
      cat.anonBig += m.rss; // glibc arenas (64 MB) and V8 spaces
    else if (!m.name) cat.anonSmall += m.rss;
    else cat.other += m.rss;
  }
  r0.top = maps
    .filter((m) => m.rss > 3)
    .sort((a, b) => b.rss - a.rss)
    .slice(0, 25)
    .map((m) => `${Math.round(m.rss)}/${Math.round(m.size)} ${m.perm} ${m.name}`);
  const total = Object.values(cat).reduce((a, b) => a + b, 0);
  const r = { total: Math.round(total), top: r0.top };
  for (const k in cat) r[k] = Math.round(cat[k]);
  r.wasmSize = Math.round(wasmSize);
  r.threads = readdirSync(`/proc/${pid}/task`).length;
  return r;
}
let pid,
  peak,
  t0 = Date.now(),
  timeline = [];
for (;;) {
  if (!pid) pid = findServer();
  if (pid) {
    try {
      const s = sample(pid);
      s.t = ((Date.now() - t0) / 1000).toFixed(1);
      s.at = Date.now();
      timeline.push({ ...s, top: undefined });
      if (!peak || s.total > peak.total) peak = s;
      writeFileSync(out, JSON.stringify({ peak, timeline }));
    } catch {
      pid = undefined;
      if (peak) break;
    }
  }
  try {
    process.kill(Number(benchPid), 0);
  } catch {
    break;
  }
  await new Promise((r) => setTimeout(r, 250));
}
console.log('peak', JSON.stringify(peak));
