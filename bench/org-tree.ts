// Measures "everything under node X" on a 100,000-node tree: the materialized path (what Jiangxin
// stores) against a recursive CTE over parent_id. Prints median and p99 per query and depth.
// Usage: npx tsx bench/org-tree.ts [--nodes 100000] [--db postgres://…|pglite]
import { sql } from 'kysely';
import { openDatabase } from '../src/server/db/database.js';

const args = process.argv.slice(2);
const arg = (name: string, d: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : d;
};
const nodes = Number(arg('nodes', '100000'));
const target = arg('db', 'postgres://postgres@127.0.0.1:5432/test');

const url = target === 'pglite' ? undefined : target;
const handle = await openDatabase({ databaseUrl: url });
const db = handle.db;
const schema = `bench_tree_${process.pid}`;
if (url) {
  await sql.raw(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`).execute(db);
}
// a private schema so the benchmark never touches real data
const exec = (q: string) => sql.raw(q).execute(db);
await exec(`CREATE TABLE IF NOT EXISTS t (id bigint PRIMARY KEY, parent_id bigint, path text COLLATE "C" NOT NULL, depth int NOT NULL)`);
await exec(`CREATE INDEX IF NOT EXISTS t_path ON t (path)`);
await exec(`CREATE INDEX IF NOT EXISTS t_parent ON t (parent_id)`);

// A shape like the real tree: 1 root, 34 provinces, ~10 cities each, ~10 counties each, enterprises below.
console.log(`building ${nodes} nodes…`);
const rows: { id: number; parent: number | null; path: string; depth: number }[] = [{ id: 1, parent: null, path: '1.', depth: 0 }];
const fanout = [34, 10, 10];
let frontier = [rows[0]!];
for (const f of fanout) {
  const next = [];
  for (const p of frontier)
    for (let i = 0; i < f && rows.length < nodes; i++) {
      const id = rows.length + 1;
      const r = { id, parent: p.id, path: `${p.path}${id}.`, depth: p.depth + 1 };
      rows.push(r);
      next.push(r);
    }
  frontier = next;
}
let k = 0;
while (rows.length < nodes) {
  const p = frontier[k++ % frontier.length]!;
  const id = rows.length + 1;
  rows.push({ id, parent: p.id, path: `${p.path}${id}.`, depth: p.depth + 1 });
}
for (let i = 0; i < rows.length; i += 5000) {
  const chunk = rows.slice(i, i + 5000);
  await db
    .insertInto('t' as never)
    .values(chunk.map((r) => ({ id: r.id, parent_id: r.parent, path: r.path, depth: r.depth })) as never)
    .execute();
}
await exec('ANALYZE t');

const pick = (depth: number) => rows.find((r) => r.depth === depth)!;
const targets = [
  ['root', pick(0)],
  ['province', pick(1)],
  ['city', pick(2)],
  ['county', pick(3)],
] as const;

async function time(fn: () => Promise<unknown>, n = 50) {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor(n / 2)]!, p99: t[Math.floor(n * 0.99)]! };
}

console.log(`\n${target === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${nodes} nodes: count of the subtree (ms)`);
console.log('node      size     path LIKE p50/p99     recursive CTE p50/p99');
for (const [name, node] of targets) {
  const size = rows.filter((r) => r.path.startsWith(node.path)).length;
  const like = await time(() => sql`SELECT count(*) FROM t WHERE path LIKE ${`${node.path}%`}`.execute(db));
  const cte = await time(
    () =>
      sql`WITH RECURSIVE s AS (SELECT id FROM t WHERE id = ${node.id} UNION ALL SELECT t.id FROM t JOIN s ON t.parent_id = s.id) SELECT count(*) FROM s`.execute(
        db,
      ),
    10,
  );
  console.log(
    `${name.padEnd(9)} ${String(size).padStart(6)}   ${like.p50.toFixed(2).padStart(7)} / ${like.p99.toFixed(2).padEnd(8)}   ${cte.p50.toFixed(2).padStart(8)} / ${cte.p99.toFixed(2)}`,
  );
}
if (url) await exec(`DROP SCHEMA ${schema} CASCADE`);
await handle.close();
