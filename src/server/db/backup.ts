// Backups and restores of a whole Jiangxin: the database, the evidence files, and (embedded
// default) the secret key, in one directory `jiangxin-backup-<UTC time>/`:
//   database/      PGlite: the PostgreSQL files of its data directory, copied after a CHECKPOINT while
//                  the one connection is held (no statement runs meanwhile); streamed file by file, so
//                  the server's memory does not grow by the database's size (pglite.dumpDataDir built
//                  the whole tar in memory). Backups of format 1 hold database.tar instead.
//   database.dump  PostgreSQL: `pg_dump -Fc`, one consistent snapshot
//   files/         the evidence files (<JIANGXIN_DATA_DIR>/files), copied after the database dump,
//                  so every file the dump refers to is there (files stored later are extra, unused)
//   secret.key     the data directory's key, when no JIANGXIN_SECRET_KEY is set: sealed ID numbers
//                  and phones cannot be read without it. Keep backups as private as the data.
//   manifest.json  what is inside, and from where
// restore puts them into a fresh data directory (PGlite) or an empty database (PostgreSQL).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { DatabaseHandle } from './database.js';

const run = promisify(execFile);

export interface BackupManifest {
  /** 1: PGlite as database.tar; 2: PGlite as the directory database/. */
  format: 1 | 2;
  createdAt: string;
  database: 'pglite' | 'postgres';
  databaseFile: 'database.tar' | 'database' | 'database.dump';
  files: number;
  secretKey: 'included' | 'from JIANGXIN_SECRET_KEY (not included)';
}

export const backupDirOf = (config: Pick<Config, 'JIANGXIN_DATA_DIR' | 'JIANGXIN_BACKUP_DIR'>) =>
  resolve(config.JIANGXIN_BACKUP_DIR ?? join(config.JIANGXIN_DATA_DIR, 'backups'));

/** Takes a backup of the running database and the files; returns its directory. */
export async function createBackup(
  handle: DatabaseHandle,
  config: Config,
  outDir = backupDirOf(config),
  now = new Date(),
): Promise<string> {
  const name = `jiangxin-backup-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
  const dir = join(outDir, name);
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    let databaseFile: BackupManifest['databaseFile'];
    if (handle.kind === 'pglite') {
      const dataDir = handle.dataDir;
      // Holding the (one, serialized) connection: no transaction is half-way while the files are read.
      databaseFile = await handle.db.connection().execute(async (conn) => {
        await sql`CHECKPOINT`.execute(conn);
        if (dataDir) {
          // Entry by entry: the backups may live inside the data directory, which cp refuses to copy whole.
          for (const entry of readdirSync(dataDir).filter(isPostgresEntry))
            await cp(join(dataDir, entry), join(partial, 'database', entry), { recursive: true });
          return 'database' as const;
        }
        // In memory (tests): there are no files to copy, so the tar it is.
        const tar = await handle.pglite!.dumpDataDir('none');
        writeFileSync(join(partial, 'database.tar'), Buffer.from(await tar.arrayBuffer()), { mode: 0o600 });
        return 'database.tar' as const;
      });
    } else {
      await run(pgTool('pg_dump'), ['-Fc', '--no-owner', '-f', join(partial, 'database.dump'), handle.url!], {
        maxBuffer: 64 * 1024 * 1024,
      });
      databaseFile = 'database.dump';
    }
    const filesDir = join(config.JIANGXIN_DATA_DIR, 'files');
    let files = 0;
    if (existsSync(filesDir)) {
      cpSync(filesDir, join(partial, 'files'), { recursive: true, filter: (src) => !src.includes('.upload-') });
      files = readdirSync(join(partial, 'files')).length;
    }
    const keyFile = join(config.JIANGXIN_DATA_DIR, 'secret.key');
    const includeKey = !config.JIANGXIN_SECRET_KEY && existsSync(keyFile);
    if (includeKey) cpSync(keyFile, join(partial, 'secret.key'));
    const manifest: BackupManifest = {
      format: databaseFile === 'database.tar' ? 1 : 2,
      createdAt: now.toISOString(),
      database: handle.kind,
      databaseFile,
      files,
      secretKey: includeKey ? 'included' : 'from JIANGXIN_SECRET_KEY (not included)',
    };
    writeFileSync(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2));
    // Complete or absent: a crash half-way leaves only a *.partial directory.
    cpSync(partial, dir, { recursive: true });
    rmSync(partial, { recursive: true, force: true });
    return dir;
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

/** The PostgreSQL files of a PGlite data directory, which also holds the key, the evidence files and backups. */
const isPostgresEntry = (name: string) =>
  /^(PG_VERSION|base|global|pg_[a-z_]+|postgresql(\.auto)?\.conf|pg_hba\.conf|pg_ident\.conf)$/.test(name);

/** Keeps the `keep` newest backups in `outDir`, deleting older ones; returns the names deleted. */
export function pruneBackups(outDir: string, keep: number): string[] {
  if (!existsSync(outDir)) return [];
  const all = readdirSync(outDir)
    .filter((n) => /^jiangxin-backup-\d{8}T\d{6}Z$/.test(n))
    .sort();
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const n of old) rmSync(join(outDir, n), { recursive: true, force: true });
  return old;
}

/**
 * Restores a backup into the configured place, which must be fresh: PGlite — a data directory
 * without a database; PostgreSQL — an empty database (DATABASE_URL). Run with the app stopped.
 */
export async function restoreBackup(from: string, config: Config, log: (msg: string) => void = () => {}): Promise<BackupManifest> {
  const manifest = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as BackupManifest;
  const dataDir = resolve(config.JIANGXIN_DATA_DIR);
  if (manifest.database === 'pglite') {
    if (config.DATABASE_URL) throw new Error('this is a backup of the embedded database: unset DATABASE_URL to restore it');
    if (existsSync(join(dataDir, 'PG_VERSION')))
      throw new Error(`${dataDir} already holds a database; restore into a fresh JIANGXIN_DATA_DIR`);
    mkdirSync(dataDir, { recursive: true });
    if (manifest.databaseFile === 'database') await cp(join(from, 'database'), dataDir, { recursive: true });
    else {
      const tar = readFileSync(join(from, 'database.tar'));
      const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([tar]) });
      await pglite.close();
    }
    log(`database restored into ${dataDir}`);
  } else {
    if (!config.DATABASE_URL) throw new Error('this is a PostgreSQL backup: set DATABASE_URL to an empty database to restore it into');
    await run(
      pgTool('pg_restore'),
      ['--no-owner', '--exit-on-error', '--single-transaction', '-d', config.DATABASE_URL, join(from, 'database.dump')],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    log('database restored');
  }
  if (existsSync(join(from, 'files'))) {
    cpSync(join(from, 'files'), join(dataDir, 'files'), { recursive: true, force: false, errorOnExist: false });
    log(`${manifest.files} evidence files restored into ${join(dataDir, 'files')}`);
  }
  if (existsSync(join(from, 'secret.key'))) {
    if (config.JIANGXIN_SECRET_KEY) log('the backup holds a secret.key; JIANGXIN_SECRET_KEY is set and is used instead');
    else if (
      existsSync(join(dataDir, 'secret.key')) &&
      readFileSync(join(dataDir, 'secret.key'), 'utf8') !== readFileSync(join(from, 'secret.key'), 'utf8')
    ) {
      throw new Error(`${join(dataDir, 'secret.key')} differs from the backup's key; move it away to restore`);
    } else cpSync(join(from, 'secret.key'), join(dataDir, 'secret.key'));
  } else if (!config.JIANGXIN_SECRET_KEY) {
    log('the backup holds no secret.key: set JIANGXIN_SECRET_KEY to the key the backed-up server used');
  }
  return manifest;
}

/** pg_dump / pg_restore: from PATH, or where Debian and source builds put them. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  for (const dir of (process.env.PATH ?? '')
    .split(':')
    .concat(['/usr/bin', '/usr/local/bin', '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin'])) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} not found: install the PostgreSQL client tools (e.g. apt-get install postgresql-client) to back up PostgreSQL`);
}
