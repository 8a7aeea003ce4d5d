// Cost of the dashboard roll-up triggers on bulk inserts, and the dashboard's reads at any depth.
// On a fresh PostgreSQL database: a tree of 1 root > 5 provinces > 50 cities > 500 counties > 10,000
// enterprises; people inserted in 2,000-row statements (as the roster import commits them) with the
// triggers on and off; then the dashboard's lookups (org row + totals, a page of children, their sum,
// 12 months) for the root, a province, a city and a county, and verify-totals at the end.
// Usage: npx tsx bench/roll-up-triggers.ts [--rows 200000] [--db postgres://postgres@127.0.0.1:5432/test]
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import * as repo from '../src/server/modules/dashboard/dashboard.repository.js';
import { recountTotals } from '../src/server/modules/dashboard/totals.repository.js';

const args = process.argv.slice(2);
const arg = (name: string, d: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : d;
};
const rows = Number(arg('rows', '200000'));
const adminUrl = arg('db', 'postgres://postgres@127.0.0.1:5432/test');
const BATCH = 2000;

const name = `jx_bench_rollup_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const h = await openDatabase({ databaseUrl: url.toString(), poolMax: 2 });

try {
  await migrateToLatest(h.db);
  const db = h.db;
  console.log('building the tree (10,556 organisations)…');
  await sql`INSERT INTO organisations (parent_id, path, depth, name, name_key, kind, level) VALUES (NULL, '1.', 0, 'root', 'root', 'federation', 'national')`.execute(
    db,
  );
  const level = async (depth: number, per: number, kind: string, lvl: string) => {
    await sql`
      INSERT INTO organisations (parent_id, path, depth, name, name_key, kind, level, union_name)
      SELECT p.id, 'pending:' || p.id || ':' || g, ${depth}, ${lvl} || p.id || '-' || g, ${lvl} || p.id || '-' || g, ${kind}, ${lvl}, CASE WHEN ${kind} = 'enterprise' AND g % 3 > 0 THEN 'union' END
      FROM organisations p, generate_series(1, ${per}) g WHERE p.depth = ${depth - 1}`.execute(db);
    await sql`UPDATE organisations o SET path = p.path || o.id || '.' FROM organisations p WHERE o.parent_id = p.id AND o.path LIKE 'pending:%'`.execute(
      db,
    );
  };
  await level(1, 5, 'federation', 'province');
  await level(2, 10, 'federation', 'city');
  await level(3, 10, 'federation', 'county');
  await level(4, 20, 'enterprise', 'grassroots');
  const enterprises = (await sql<{ id: string }>`SELECT id FROM organisations WHERE kind = 'enterprise' ORDER BY id`.execute(db)).rows.map(
    (r) => r.id,
  );

  let seq = 0;
  const insertRows = async (n: number) => {
    const started = performance.now();
    for (let done = 0; done < n; done += BATCH) {
      const org = enterprises[(seq / BATCH) % enterprises.length]!;
      await db.transaction().execute(async (trx) => {
        await sql`
          INSERT INTO people (org_id, name, name_key, id_hash, id_sealed, id_masked, gender, birth_date, union_member, skill_level, employment_status)
          SELECT ${org}, 'w' || g, 'w ' || lpad(g::text, 10, '0') || chr(1) || 'w' || g, 'h' || g, 's', 'm', 'M', '1990-01-01', g % 3 > 0, CASE WHEN g % 4 = 0 THEN NULL ELSE 1 + g % 8 END, 'employed'
          FROM generate_series(${seq + 1}::int, ${seq + BATCH}::int) g`.execute(trx);
      });
      seq += BATCH;
    }
    return n / ((performance.now() - started) / 1000);
  };
  await insertRows(20_000); // warm up
  const half = Math.floor(rows / 2 / BATCH) * BATCH;
  const withTriggers = await insertRows(half);
  await sql`ALTER TABLE people DISABLE TRIGGER people_totals_ins`.execute(db);
  const without = await insertRows(half);
  await sql`ALTER TABLE people ENABLE TRIGGER people_totals_ins`.execute(db);
  console.log(`\nPostgreSQL, people INSERT in ${BATCH}-row statements (${half.toLocaleString()} rows each way)`);
  console.log(`  triggers on   ${Math.round(withTriggers).toLocaleString()} rows/s`);
  console.log(`  triggers off  ${Math.round(without).toLocaleString()} rows/s`);
  console.log(`  trigger cost  ${(((1 / withTriggers - 1 / without) * 1e6 * BATCH) / 1000).toFixed(2)} ms per ${BATCH}-row statement`);
  // The rows inserted without triggers are not counted: repair so the reads below see true figures.
  const { repairTotals } = await import('../src/server/modules/dashboard/totals.repository.js');
  await repairTotals(db);

  const pick = async (depth: number) =>
    (await sql<{ id: string }>`SELECT id FROM organisations WHERE depth = ${depth} ORDER BY id LIMIT 1`.execute(db)).rows[0]!.id;
  console.log('\ndashboard reads (org + totals, 50 children sorted by workers, children sum, 12 months), ms');
  console.log('  node      children   p50     p99');
  for (const [label, depth] of [
    ['root', 0],
    ['province', 1],
    ['city', 2],
    ['county', 3],
  ] as const) {
    const id = await pick(depth);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      const org = await repo.findOrgTotals(db, id);
      await Promise.all([
        repo.listChildTotals(db, id, { field: 'workers', dir: 'desc' }, 50, 0),
        repo.sumChildTotals(db, id),
        repo.listMonthly(db, id, '2025-01-01'),
      ]);
      if (org && i >= 20) times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
    const children = (await repo.sumChildTotals(db, id)).n;
    console.log(`  ${label.padEnd(9)} ${String(children).padStart(8)}   ${q(0.5).padStart(5)}   ${q(0.99).padStart(5)}`);
  }
  const t = performance.now();
  const wrong = await recountTotals(db);
  console.log(`\nverify-totals over ${(seq).toLocaleString()} people: ${wrong.length} mismatches, ${Math.round(performance.now() - t)} ms`);
} finally {
  await h.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
