// Opens Kysely over PGlite (embedded default) or PostgreSQL (DATABASE_URL).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, sql, PostgresDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import pg from 'pg';
import { rememberPool } from './copy.js';
import { classifyFault } from './faults.js';
import { preparing } from './prepared.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The embedded database itself (backups dump its data directory). */
  pglite?: PGlite;
  /** Its data directory (undefined: in memory). */
  dataDir?: string;
  /** The PostgreSQL URL (backups run pg_dump against it). */
  url?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite directory; undefined means in memory (tests). */
  dataDir?: string;
  poolMax?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** PGlite's shared buffers (MB): PostgreSQL's default 128 MB lives in the server's own memory there. */
  pgliteSharedBuffersMb?: number;
  /** Told of every connection the database dropped (idle or in use); the pool replaces it. */
  onPoolError?: (err: Error) => void;
}

/** How long past the statement timeout the client waits for an answer before giving the connection up. */
export const QUERY_TIMEOUT_MARGIN_MS = 5000;

// bigint (int8) columns come back as strings, so ids never lose precision;
// counts cast with ::int stay numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts);
  return openPglite(opts.dataDir, opts.pgliteSharedBuffersMb);
}

/**
 * Time bounds, so a silent database fails a request instead of hanging it:
 * - connect (and waiting for a free pooled client): connectTimeoutMs;
 * - each statement: PostgreSQL cancels it at statementTimeoutMs; if PostgreSQL never saw it (a
 *   stalled network), the client gives up at statementTimeoutMs + 5 s and drops the connection;
 * - a transaction left idle: PostgreSQL ends the session at 2 × statementTimeoutMs;
 * - TCP keepalive on every connection, so the kernel notices a peer that vanished.
 */
function openPostgres(url: string, opts: OpenOptions): DatabaseHandle {
  const statementTimeout = opts.statementTimeoutMs ?? 30000;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout > 0 ? statementTimeout + QUERY_TIMEOUT_MARGIN_MS : undefined, // 0: no limit (CLI, migrations)
    idle_in_transaction_session_timeout: statementTimeout * 2,
    idleTimeoutMillis: 30000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10000,
  });
  // A dropped connection emits 'error' on its client. The pool listens on idle clients only and
  // re-emits on itself; a client checked out by a request has no listener of the pool's, and an
  // unhandled 'error' event would end the process. So every client gets one for its whole life:
  // the request on it fails with the query's own error (→ 503), and the pool discards the client
  // when it comes back (it is no longer queryable) and opens a new one on demand.
  pool.on('connect', (client) => client.on('error', (err) => opts.onPoolError?.(err)));
  pool.on('error', () => {}); // the same error, already reported by the client's listener above
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparing(pool) }) });
  rememberPool(db, pool); // for COPY (db/copy.ts)
  return { db, kind: 'postgres', url, close: () => db.destroy() };
}

/**
 * PGlite's default start parameters with fsync on: PGlite passes `-F` (fsync off) by default.
 * Measured with PGlite 0.5.16 (bench/pglite-fsync.ts, strace): its file system layer issues no fsync
 * to the OS either way, so this costs nothing today and takes effect when PGlite passes it through;
 * what survives a power loss is said in the README (operations).
 */
const PGLITE_DEFAULT_PARAMS = (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams;
const PGLITE_START_PARAMS = PGLITE_DEFAULT_PARAMS.filter((p) => p !== '-F');

/**
 * A new data directory is created (PGlite's initdb) in a short-lived child process: initdb grows the
 * WebAssembly memory to ~600 MB, which a process never gives back, so a server that created its own
 * directory carried ~800 MB for its whole life instead of ~180 MB (docs/design.md).
 */
async function createPgliteDataDir(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const pgliteUrl = import.meta.resolve('@electric-sql/pglite');
  const script = `const { PGlite } = await import(${JSON.stringify(pgliteUrl)}); const db = await PGlite.create({ dataDir: process.argv[1] }); await db.close();`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, dataDir]);
}

async function openPglite(dataDir: string | undefined, sharedBuffersMb = 16): Promise<DatabaseHandle> {
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    await createPgliteDataDir(dataDir);
  }
  // Same as pg above: int8 stays a string.
  const parsers = { 20: (v: string) => v };
  // PGlite's buffers are WebAssembly memory of this process, which never shrinks; the data files stay in
  // the OS page cache either way (measured in docs/design.md, "The embedded database's memory").
  const base = dataDir ? PGLITE_START_PARAMS : PGLITE_DEFAULT_PARAMS;
  const startParams = [...base, '-c', `shared_buffers=${sharedBuffersMb}MB`];
  const pglite = await PGlite.create(dataDir ? { dataDir, parsers, startParams } : { parsers, startParams });
  const db = new Kysely<Database>({ dialect: new SerializedPGliteDialect({ pglite }) });
  return { db, kind: 'pglite', pglite, dataDir, close: () => db.destroy() };
}

/**
 * Kysely's PGlite driver hands the single connection to every caller at once, so a query
 * issued while another request's transaction is open would run inside that transaction.
 * This dialect queues callers: one query or one whole transaction at a time.
 */
class SerializedPGliteDialect extends PGliteDialect {
  override createDriver(): Driver {
    return new SerializedDriver(super.createDriver());
  }
}

class SerializedDriver implements Driver {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(private readonly inner: Driver) {}

  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.inner.acquireConnection();
  }
  async releaseConnection(connection: DatabaseConnection) {
    await this.inner.releaseConnection(connection);
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  beginTransaction(c: DatabaseConnection, s: TransactionSettings) {
    return this.inner.beginTransaction(c, s);
  }
  commitTransaction(c: DatabaseConnection) {
    return this.inner.commitTransaction(c);
  }
  rollbackTransaction(c: DatabaseConnection) {
    return this.inner.rollbackTransaction(c);
  }
  destroy() {
    return this.inner.destroy();
  }
}

/**
 * Waits for the database at start: a service manager may start the app before PostgreSQL is up.
 * Tries `SELECT 1`, then again after 0.5 s, 1 s, 2 s, … (at most 10 s apart) until `seconds` have
 * passed, logging each failed attempt; errors that waiting cannot fix (a wrong password, an unknown
 * database) end the wait at once.
 */
export async function waitForDatabase(db: Kysely<Database>, seconds: number, log: (msg: string) => void = () => {}): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (let attempt = 1, pause = 500; ; attempt++, pause = Math.min(pause * 2, 10_000)) {
    try {
      await sql`SELECT 1`.execute(db);
      if (attempt > 1) log(`database reachable after ${attempt} attempts`);
      return;
    } catch (err) {
      const left = deadline - Date.now();
      if (classifyFault(err) !== 'unavailable' || left <= 0) throw err;
      const wait = Math.min(pause, left);
      log(
        `database not reachable (attempt ${attempt}: ${(err as Error).message || (err as { code?: string }).code}); retrying in ${(wait / 1000).toFixed(1)} s, giving up in ${Math.ceil(left / 1000)} s`,
      );
      await sleep(wait);
    }
  }
}
