// Opens what a running Jiangxin needs from its configuration: database (migrated) and secrets.
import type { Config } from './config.js';
import { openDatabase, waitForDatabase, type DatabaseHandle } from './db/database.js';
import { registerDailyBackup } from './db/backup-job.js';
import { migrateToLatest } from './db/migrate.js';
import type { AppDeps } from './platform/http.js';
import { useAuditChainKey } from './platform/audit-chain.js';
import { createSecretBox, loadSecretKey } from './platform/secrets.js';

export async function openRuntime(
  config: Config,
  log: (msg: string) => void = () => {},
): Promise<{ deps: AppDeps; handle: DatabaseHandle }> {
  const handle = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATABASE_URL ? undefined : config.JIANGXIN_DATA_DIR,
    poolMax: config.DATABASE_POOL_MAX,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    pgliteSharedBuffersMb: config.JIANGXIN_PGLITE_SHARED_BUFFERS_MB,
    onPoolError: (err) => log(`database connection lost (${err.message}); reconnecting on demand`),
  });
  if (handle.kind === 'postgres') await waitForDatabase(handle.db, config.DATABASE_START_RETRY_SECONDS, log);
  const applied = await migrateToLatest(handle.db);
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  if (handle.kind === 'pglite' && config.JIANGXIN_BACKUP_DAILY === 'on') registerDailyBackup(handle, config, log);
  const key = loadSecretKey(config.JIANGXIN_SECRET_KEY, config.JIANGXIN_DATA_DIR);
  const secrets = createSecretBox(key);
  useAuditChainKey(key);
  return { deps: { db: handle.db, dbKind: handle.kind, config, secrets }, handle };
}
