// The public article page against the same bytes as a static file, from the same server in one run:
// `npx tsx bench/portal.ts [--duration 10] [--connections 50] [--rounds 3]`. The server (in this process, on the
// embedded database with the demo data) renders and caches the seed-004 page (ETag, Cache-Control);
// the static copy is served by @fastify/static from the app's web directory. Prints both throughputs
// and their ratio (the target: the page at >= 50% of the static file), and the page's size.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { buildApp } from '../src/server/app.js';
import { seedDemo } from '../src/server/bootstrap/demo.js';
import { ensureRootAndAdmin } from '../src/server/bootstrap/first-start.js';
import { testConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { useAuditChainKey } from '../src/server/platform/audit-chain.js';
import { createSecretBox } from '../src/server/platform/secrets.js';

const argv = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : d;
};
const DURATION = Number(opt('duration', '10'));
const CONNECTIONS = Number(opt('connections', '50'));
const ROUNDS = Number(opt('rounds', '3'));

/** autocannon in its own process (not competing with the server for this event loop): req/s. */
async function autocannon(url: string, connections: number, duration: number): Promise<number> {
  const args = ['node_modules/autocannon/autocannon.js', '-j', '-c', String(connections), '-d', String(duration), url];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let s = '';
    child.stdout.on('data', (d) => (s += d));
    child.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`autocannon exited with ${code}`))));
  });
  const r = JSON.parse(out) as { requests: { average: number }; non2xx: number };
  if (r.non2xx) throw new Error(`${url}: ${r.non2xx} answers were not 2xx`);
  return r.requests.average;
}
const run = (url: string) => autocannon(url, CONNECTIONS, DURATION);

const key = randomBytes(32);
useAuditChainKey(key);
const webDir = mkdtempSync(join(tmpdir(), 'jx-portal-bench-'));
const handle = await openDatabase({});
try {
  await migrateToLatest(handle.db);
  await ensureRootAndAdmin(handle.db, 'Bench-Passw0rd!');
  await seedDemo(handle.db, createSecretBox(key));
  // @fastify/static (wildcard: false) routes the files present when the app is built; the copy of the
  // page is written over the placeholder once the page is rendered.
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(webDir, 'article.html'), '');
  const app = await buildApp({
    db: handle.db,
    dbKind: handle.kind,
    config: testConfig({ JIANGXIN_WEB_DIR: webDir }),
    secrets: createSecretBox(key),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const article = await handle.db
    .selectFrom('news_articles')
    .select('id')
    .where('status', '=', 'published')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const pageUrl = `${base}/portal/binzhou/articles/${article.id}`;
  const html = await (await fetch(pageUrl)).text();
  writeFileSync(join(webDir, 'article.html'), html);
  const staticUrl = `${base}/article.html`;
  // Warm both up, then measure one after the other.
  await autocannon(pageUrl, 4, 1);
  await autocannon(staticUrl, 4, 1);
  // Alternating (static, page, static, page, …): on a shared machine a single run mostly measures the
  // neighbours, so every pair's ratio is printed with the median and the load average.
  const loadAtStart = loadavg()[0]!;
  const pairs: { file: number; page: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const file = await run(staticUrl);
    const page = await run(pageUrl);
    pairs.push({ file, page });
    console.log(
      `  pair ${i + 1} (load ${loadavg()[0]!.toFixed(2)}): page ${page.toFixed(0)} req/s · static ${file.toFixed(0)} req/s · ${((page / file) * 100).toFixed(0)}%`,
    );
  }
  const ratios = pairs.map((p) => p.page / p.file).sort((a, b) => a - b);
  const mid = ratios[Math.floor((ratios.length - 1) / 2)]!;
  const pc = (x: number) => `${(x * 100).toFixed(0)}%`;
  console.log(`portal article page: ${Buffer.byteLength(html)} bytes of HTML incl. inline CSS`);
  console.log(
    `page / static: median ${pc(mid)} (spread ${pc(ratios[0]!)}–${pc(ratios.at(-1)!)}), target >= 50%, ${CONNECTIONS} connections, ${DURATION} s each, ${ROUNDS} pairs`,
  );
  console.log(
    `load average at the start ${loadAtStart.toFixed(2)}, at the end ${loadavg()[0]!.toFixed(2)} (${cpus().length} cores)${loadAtStart > cpus().length ? ': above the core count, no verdict' : ''}`,
  );
  await app.close();
} finally {
  await handle.close();
  rmSync(webDir, { recursive: true, force: true });
}
