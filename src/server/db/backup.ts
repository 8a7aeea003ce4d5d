// Backups and restores of a whole Jiangxin: the database, the evidence files, and (embedded
// default) the secret key, in one directory `jiangxin-backup-<UTC time>/`:
//   database/      PGlite: the PostgreSQL files of its data directory, copied as PostgreSQL's online
//                  base backup does (pg_backup_start, the files, pg_backup_stop, the WAL written
//                  meanwhile and a backup_label), so statements go on running during the copy and the
//                  restored database replays the WAL to a consistent state on its first start; streamed
//                  file by file, so the server's memory does not grow by the database's size
//                  (pglite.dumpDataDir built the whole tar in memory). Backups of format 1 hold
//                  database.tar instead.
//   database.dump  PostgreSQL: `pg_dump -Fc`, one consistent snapshot
//   files/         the evidence files (<JIANGXIN_DATA_DIR>/files), copied after the database dump,
//                  so every file the dump refers to is there (files stored later are extra, unused)
//   secret.key     the data directory's key, when no JIANGXIN_SECRET_KEY is set: sealed ID numbers
//                  and phones cannot be read without it. Keep backups as private as the data.
//   manifest.json  what is inside, and from where
// restore puts them into a fresh data directory (PGlite) or an empty database (PostgreSQL).
import { execFile } from 'node:child_process';
import { cpSync, type Dirent, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFile, cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
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

/**
 * Takes a backup of the running database and the files; returns its directory. It runs inside the
 * server (the daily job), so every copy is asynchronous: a synchronous copy of the evidence files or
 * of the finished backup held the event loop for half a second and more per 100 MB.
 */
export async function createBackup(
  handle: DatabaseHandle,
  config: Config,
  outDir = backupDirOf(config),
  now = new Date(),
): Promise<string> {
  const dir = join(outDir, `jiangxin-backup-${backupStamp(now)}`);
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    let databaseFile: BackupManifest['databaseFile'];
    if (handle.kind === 'pglite' && handle.dataDir) {
      await copyDataDirOnline(handle, handle.dataDir, join(partial, 'database'));
      databaseFile = 'database';
    } else if (handle.kind === 'pglite') {
      // In memory (tests): there are no files to copy, so the tar it is, the one connection held.
      databaseFile = await handle.db.connection().execute(async (conn) => {
        await sql`CHECKPOINT`.execute(conn);
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
      // A file deleted meanwhile is skipped: the database copy, taken before, may name it, as before.
      await copyTree(filesDir, join(partial, 'files'), (name) => !name.includes('.upload-'));
      files = (await readdir(join(partial, 'files'))).length;
    }
    const keyFile = join(config.JIANGXIN_DATA_DIR, 'secret.key');
    const includeKey = !config.JIANGXIN_SECRET_KEY && existsSync(keyFile);
    if (includeKey) await cp(keyFile, join(partial, 'secret.key'));
    const manifest: BackupManifest = {
      format: databaseFile === 'database.tar' ? 1 : 2,
      createdAt: now.toISOString(),
      database: handle.kind,
      databaseFile,
      files,
      secretKey: includeKey ? 'included' : 'from JIANGXIN_SECRET_KEY (not included)',
    };
    writeFileSync(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2));
    // Complete or absent: a crash half-way leaves only a *.partial directory; the rename within one
    // directory is atomic.
    await rename(partial, dir);
    return dir;
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The PostgreSQL files of a PGlite data directory, copied while statements go on running, as an online
 * base backup: pg_backup_start (a checkpoint; from then on every page's first change after it is
 * written to the WAL whole), every file but the WAL, pg_backup_stop, then the WAL and the backup_label
 * it returns. A page copied half-way through a write is repaired on the restored database's first
 * start, which replays the WAL from the label's checkpoint. Before, the copy held the one connection,
 * so every request waited for it (1.1 s for 62 MB of demo data on an idle machine; 3-4 s at load 4).
 * Should the WAL from the backup's start to its stop no longer all be there (recycled by a checkpoint
 * during the copy), the copy is taken again with the connection held, as before.
 */
async function copyDataDirOnline(handle: DatabaseHandle, dataDir: string, dest: string): Promise<void> {
  const db = handle.db;
  await sql`SELECT pg_backup_start('jiangxin', true)`.execute(db);
  let stop: { labelfile: string; walfile: string } | undefined;
  try {
    await copyTree(dataDir, dest, (name, top) => !top || (isPostgresEntry(name) && name !== 'pg_wal'));
  } finally {
    // Also after a failed copy: the backup mode ends with the statement, whatever happened to the files.
    const r = await sql<{ labelfile: string; walfile: string }>`
      SELECT labelfile, pg_walfile_name(lsn) AS walfile FROM pg_backup_stop(false)`.execute(db);
    stop = r.rows[0];
  }
  const start = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(stop!.labelfile)?.[1];
  const segmentBytes = Number(
    (await sql<{ b: string }>`SELECT setting AS b FROM pg_settings WHERE name = 'wal_segment_size'`.execute(db)).rows[0]!.b,
  );
  if (start) {
    // Only the segments the restore replays, as pg_basebackup takes them: pg_wal also holds older ones not
    // yet removed and old ones recycled under future names, up to max_wal_size (1 GB by default).
    const wanted = walSegmentPick(start, stop!.walfile, segmentBytes);
    await copyTree(join(dataDir, 'pg_wal'), join(dest, 'pg_wal'), (name, top) => !top || wanted(name));
    if (walComplete(join(dest, 'pg_wal'), start, stop!.walfile, segmentBytes)) {
      writeFileSync(join(dest, 'backup_label'), stop!.labelfile, { mode: 0o600 });
      return;
    }
  }
  await rm(dest, { recursive: true, force: true });
  await db.connection().execute(async (conn) => {
    await sql`CHECKPOINT`.execute(conn);
    await copyTree(dataDir, dest, (name, top) => !top || isPostgresEntry(name));
  });
}

const WAL_SEGMENT = /^[0-9A-F]{24}$/;

/** A WAL segment file's number within its timeline (its name: timeline, log file, segment, 8 hex digits each). */
function segmentNo(name: string, segmentBytes: number): number {
  return Number.parseInt(name.slice(8, 16), 16) * (0x1_0000_0000 / segmentBytes) + Number.parseInt(name.slice(16, 24), 16);
}

/**
 * Which entries of pg_wal a backup from segment `first` to `last` takes: those segments, and every entry
 * that is not a segment (timeline history, the backup history file, archive_status).
 */
export function walSegmentPick(first: string, last: string, segmentBytes: number): (name: string) => boolean {
  const [lo, hi] = [segmentNo(first, segmentBytes), segmentNo(last, segmentBytes)];
  return (name) => {
    if (!WAL_SEGMENT.test(name)) return true;
    const n = segmentNo(name, segmentBytes);
    return name.startsWith(first.slice(0, 8)) && n >= lo && n <= hi;
  };
}

/** Whether every WAL segment from `first` to `last` (file names, one timeline) is in `walDir`. */
export function walComplete(walDir: string, first: string, last: string, segmentBytes: number): boolean {
  const perId = 0x1_0000_0000 / segmentBytes;
  const have = new Set(readdirSync(walDir));
  const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
  for (let n = segmentNo(first, segmentBytes); n <= segmentNo(last, segmentBytes); n++)
    if (!have.has(`${first.slice(0, 8)}${hex8(Math.floor(n / perId))}${hex8(n % perId)}`)) return false;
  return true;
}

/**
 * Copies a directory tree file by file (asynchronously), only the entries `pick` takes (`top`: an entry
 * of `src` itself; the backups may live inside the data directory); a file removed while the tree is
 * walked (a dropped table's, a truncated segment) is skipped, as pg_basebackup does: the WAL replay on
 * restore removes it too.
 */
async function copyTree(src: string, dest: string, pick: (name: string, top: boolean) => boolean = () => true, top = true): Promise<void> {
  await mkdir(dest, { recursive: true, mode: 0o700 });
  let entries: Dirent[];
  try {
    entries = await readdir(src, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const e of entries) {
    if (!pick(e.name, top)) continue;
    const from = join(src, e.name);
    if (e.isDirectory()) await copyTree(from, join(dest, e.name), pick, false);
    else
      await copyFile(from, join(dest, e.name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
  }
}

/** The PostgreSQL files of a PGlite data directory, which also holds the key, the evidence files and backups. */
const isPostgresEntry = (name: string) =>
  /^(PG_VERSION|base|global|pg_[a-z_]+|postgresql(\.auto)?\.conf|pg_hba\.conf|pg_ident\.conf)$/.test(name);

/** How old a `*.partial` backup directory must be to count as a killed backup's remains (no backup runs this long). */
const PARTIAL_STALE_MS = 24 * 60 * 60 * 1000;

/** The UTC time in a backup directory's name (`jiangxin-backup-20261201T020000Z`): fixed width, so names sort by time. */
const backupStamp = (t: Date) =>
  t
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * Keeps the `keep` newest backups in `outDir`, deleting older ones, and removes what killed backups
 * left: a `*.partial` directory over a day older than `now` (a younger one may be a backup still
 * being written, by the CLI beside the daily job). Returns the names deleted.
 */
export async function pruneBackups(outDir: string, keep: number, now = new Date()): Promise<string[]> {
  if (!existsSync(outDir)) return [];
  const names = await readdir(outDir);
  const all = names.filter((n) => /^jiangxin-backup-\d{8}T\d{6}Z$/.test(n)).sort();
  const old = all.slice(0, Math.max(0, all.length - keep));
  const staleBefore = backupStamp(new Date(now.getTime() - PARTIAL_STALE_MS));
  const stale = names
    .filter((n) => {
      const stamp = /^jiangxin-backup-(\d{8}T\d{6}Z)\.partial$/.exec(n)?.[1];
      return stamp !== undefined && stamp < staleBefore;
    })
    .sort();
  for (const n of [...old, ...stale]) await rm(join(outDir, n), { recursive: true, force: true });
  return [...old, ...stale];
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
