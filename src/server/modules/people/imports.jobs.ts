// Retention of roster imports: the uploaded file (plain ID numbers and phones, sealed on disk) and the
// error report built from it and the per-cell errors are kept JIANGXIN_IMPORT_REPORT_DAYS days (7 by
// default) after the import last changed, then this job deletes them; an import not yet committed
// fails as expired (its error report answers 410 import_report_expired). Runs hourly.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { registerJob } from '../../platform/jobs.js';
import { listExpiredImports, purgeImportData } from './imports.repository.js';

export const IMPORT_RETENTION_JOB = 'people.import-retention';

export async function purgeExpiredImports(
  db: Kysely<Database>,
  config: Pick<Config, 'JIANGXIN_DATA_DIR' | 'JIANGXIN_IMPORT_REPORT_DAYS'>,
  now: Date,
): Promise<number> {
  const before = new Date(now.getTime() - config.JIANGXIN_IMPORT_REPORT_DAYS * 24 * 3600 * 1000);
  let purged = 0;
  for (;;) {
    const batch = await listExpiredImports(db, before, 200);
    if (!batch.length) return purged;
    for (const imp of batch) {
      await rm(join(config.JIANGXIN_DATA_DIR, 'imports', `${imp.id}.${imp.file_format}`), { force: true });
      await db.transaction().execute(async (trx) => {
        await purgeImportData(trx, imp.id, now);
        await writeAudit(
          trx,
          {},
          {
            action: 'purge_expired',
            entityType: 'import',
            entityId: imp.id,
            orgId: imp.org_id,
            orgPath: imp.org_path,
            after: { retentionDays: config.JIANGXIN_IMPORT_REPORT_DAYS },
          },
        );
      });
      purged++;
    }
  }
}

/** Registered when the people module is built (it knows the configuration). */
export function registerImportRetention(config: Config): void {
  registerJob({ name: IMPORT_RETENTION_JOB, everyMinutes: 60, run: (db, now) => purgeExpiredImports(db, config, now).then(() => {}) });
}
