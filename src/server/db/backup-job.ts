// The embedded default's daily backup: the job runner takes one a day (the schedule lives in the
// database, so a restart does not skip or repeat it) and keeps the JIANGXIN_BACKUP_KEEP newest.
import type { Config } from '../config.js';
import { registerJob } from '../platform/jobs.js';
import { backupDirOf, createBackup, pruneBackups } from './backup.js';
import type { DatabaseHandle } from './database.js';

export const DAILY_BACKUP_JOB = 'backup.daily';

export function registerDailyBackup(handle: DatabaseHandle, config: Config, log: (msg: string) => void = () => {}): void {
  registerJob({
    name: DAILY_BACKUP_JOB,
    everyMinutes: 24 * 60,
    run: async (_db, now) => {
      const dir = await createBackup(handle, config, backupDirOf(config), now);
      const pruned = await pruneBackups(backupDirOf(config), config.JIANGXIN_BACKUP_KEEP);
      log(`backup written to ${dir}${pruned.length ? `; removed ${pruned.length} older` : ''}`);
    },
  });
}
