import { Migrator } from 'kysely/migration';
import { rmSync } from 'node:fs';
import { openDatabase } from './src/server/db/database.js';
import { migrationProvider } from './src/server/db/migrate.js';
rmSync('/tmp/jx-mig-prof', { recursive: true, force: true });
const h = await openDatabase({ dataDir: '/tmp/jx-mig-prof', pgliteSharedBuffersMb: 16 });
console.log('opened rss', Math.round(process.memoryUsage().rss / 1e6), 'MB', JSON.stringify(Object.fromEntries(Object.entries(process.memoryUsage()).map(([k,v])=>[k,Math.round(v/1e6)]))));
const migrator = new Migrator({ db: h.db, provider: migrationProvider, migrationTableName: 'jx_migrations', migrationLockTableName: 'jx_migrations_lock' });
const all = await migrator.getMigrations();
for (const mig of all) {
  const t = performance.now();
  const r = await migrator.migrateTo(mig.name);
  if (r.error) throw r.error;
  console.log(mig.name, Math.round(performance.now() - t), 'ms rss', Math.round(process.memoryUsage().rss / 1e6), 'MB');
}
await h.close();
