// PGlite with fsync off (its default -F) and on: the cost of 300 autocommit inserts each way.
// Run: npx tsx bench/pglite-fsync.ts (not part of the tests). See README, operations.
import { PGlite } from '@electric-sql/pglite';
import { rmSync } from 'node:fs';
const defaults = PGlite.defaultStartParams;
console.log('defaults has -F:', defaults?.includes('-F'));
for (const mode of ['off', 'on', 'off', 'on']) {
  const dir = `/tmp/jx-fsync-${mode}`;
  rmSync(dir, { recursive: true, force: true });
  const params = mode === 'on' ? defaults.filter((p) => p !== '-F') : defaults;
  const db = await PGlite.create({ dataDir: dir, startParams: params });
  console.log(mode, (await db.query('SHOW fsync')).rows);
  await db.exec('CREATE TABLE t (id serial primary key, v text)');
  const n = 300;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await db.query('INSERT INTO t (v) VALUES ($1)', ['x'.repeat(100)]);
  const ms = performance.now() - t0;
  console.log(mode, `${n} autocommit inserts: ${ms.toFixed(0)} ms, ${(ms / n).toFixed(2)} ms each`);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
