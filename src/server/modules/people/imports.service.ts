// Roster imports: upload (stored encrypted, zip-guarded), column mapping guessed from the headers,
// validation of every row into staged rows and per-cell errors, then a commit in batches, each batch
// in one transaction with its progress marker, so a crash never leaves half a batch and a restart
// resumes where the marker stands. Validation and commit run in the background; clients poll.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, fieldError, isUniqueViolation, type ErrorCode } from '../../platform/errors.js';
import { assertInScope, hasPermission } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import { keyOfBox } from '../../platform/secrets.js';
import { releaseArrayBuffer } from '../../platform/buffers.js';
import { errorMessage, fieldMessage, type Locale } from '../../platform/i18n.js';
import type { Config } from '../../config.js';
import type { DatabaseKind } from '../../db/database.js';
import { canCopy } from '../../db/copy.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import * as repo from './imports.repository.js';
import type { Db } from './people.repository.js';
import { titlesAroundPath } from './honours.repository.js';
import {
  columnLetter,
  guessFieldIn,
  IMPORT_FIELDS,
  REQUIRED_FIELDS,
  ROSTER_VOCABULARY,
  type HeaderVocabulary,
  type ImportField,
  type Mapping,
} from './imports.mapping.js';
import type { SheetKind } from './people.tables.js';
import { validateStream, type StagingFormat, type ValidationBatch, type ValidationSetup, type ValidationTotals } from './imports.stream.js';
import { isValidMobile, maskPhone, normalisePhone, scrubPii } from './phone.js';
import { maskIdNumber, normaliseIdNumber } from './id-number.js';
import { parseDateValue } from './excel-dates.js';
import { newFileNonce, sealedFile, writeSealed, type SealedFile } from '../../platform/sealed-file.js';
import { readRows, type Cell, type SheetFormat } from '../../platform/sheet-reader.js';
import { codeOfRank } from './skill-levels.js';
import { ZipRejected } from '../../platform/zip-guard.js';
import { SheetLimitExceeded, sheetLimitError } from '../../platform/sheet-limits.js';
import type { Analysis, HeaderInfo } from './imports.analyse.js';
import {
  analyseInWorker,
  analysisBudget,
  budgetExceeded,
  budgetLimits,
  endIdleAnalysers,
  failureFromWorker,
  isOutOfMemory,
  startWorker,
  takeImportSlot,
  validationBudget,
  type Budget,
  type WorkerFailure,
} from './imports.sandbox.js';
import type { ValidateImportInput } from './imports.schemas.js';

export const LEASE_SECONDS = 10;
export const MAX_UPLOAD_BYTES = 300 * 1024 * 1024;
export const MAX_ROWS = 1_100_000;
const STAGE_FLUSH = 5000;
/**
 * PGlite parses each flush's JSON inside its WebAssembly memory, which grows to the largest statement
 * and never shrinks: 2,000 rows keep that growth small (peak RSS of a 100,000-row import ~480 MB,
 * against ~530 MB when the rows crossed as objects and unnest() arrays; docs/design.md).
 */
const STAGE_FLUSH_PGLITE = 2000;
/**
 * Rows per commit transaction. PostgreSQL: 10,000 (about a third of a second each; fewer round trips
 * and commits), and 5,000 when validation and commit run together: the commit starts after the first
 * 5,000 valid rows instead of 10,000, and applies at most 5,000 alone after validation ends; 3-6 %
 * faster end to end, measured against 10,000 and 2,500 alternated (docs/design.md, "Roster import",
 * "Batch of 5,000 in the pipeline"). PGlite runs one statement at a time for every request, so smaller batches keep the
 * rest of the application answering during a big import.
 */
const defaultBatchSize = (db: object, pipelined = false) => (isPostgres(db) ? (pipelined ? 5_000 : 10_000) : 2_000);

/** The kind of each application database (imports stage and batch differently on PGlite). */
const databaseKinds = new WeakMap<object, DatabaseKind>();
export function noteDatabaseKind(db: object, kind: DatabaseKind): void {
  databaseKinds.set(db, kind);
}
const isPostgres = (db: object) => databaseKinds.get(db) === 'postgres';

class Superseded extends Error {}

/** Lets pending requests in: PGlite runs queries synchronously, so a job would otherwise hold the event loop. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

const importsDir = (config: Config) => join(config.JIANGXIN_DATA_DIR, 'imports');
const filePathOf = (config: Config, id: string, format: SheetFormat) => join(importsDir(config), `${id}.${format}`);
export const fileOf = (
  ctx: Pick<RequestContext, 'config' | 'secrets'>,
  imp: { id: string; file_format: SheetFormat; file_nonce: string },
) => sealedFile(ctx.secrets, filePathOf(ctx.config, imp.id, imp.file_format), imp.file_nonce);

/**
 * What differs between the kinds of sheet this machinery imports: a roster (this module), a studio
 * list or a pair list (the innovation module registers those). Everything else — the upload sealed on
 * disk and zip-guarded, the header scan in a worker, the import slot per user, per-cell errors, the
 * commit in batches with its progress marker and lease, resumption, the open-file and one-committing
 * unique indexes, retention — is shared.
 */
export interface SheetKindOps {
  kind: SheetKind;
  vocabulary: HeaderVocabulary;
  required: readonly string[];
  /**
   * Validates every row into staged rows (sheet_import_rows) and per-cell errors (people_import_errors);
   * `progress` renews the run's lease (and throws when another run took the import over).
   */
  validate: (
    ctx: RequestContext,
    imp: repo.ImportRecord,
    progress: (processed: number) => Promise<void>,
  ) => Promise<{
    total: number;
    valid: number;
    errorRows: number;
    errorCount: number;
    skipped: number;
    willCreate: number;
    willUpdate: number;
  }>;
  countStaged: (db: Db, importId: string, afterRowNo: number) => Promise<number>;
  applyBatch: (
    trx: Parameters<typeof repo.applyBatch>[0],
    importId: string,
    lo: number,
    hi: number,
    ctx: RequestContext,
  ) => Promise<{ rows: number; applied: number; created: number; updated: number; transfers: number }>;
  /** A cell's error as the user reads it. */
  errorText: (field: string | null, code: string, locale: Locale) => string;
}

const sheetKinds = new Map<SheetKind, SheetKindOps>();
export function registerSheetKind(ops: SheetKindOps): void {
  sheetKinds.set(ops.kind, ops);
}
const opsOf = (kind: SheetKind) => sheetKinds.get(kind);
const vocabularyOf = (kind: SheetKind) => opsOf(kind)?.vocabulary ?? ROSTER_VOCABULARY;
/** The roster's own routes reach roster imports only; another module's routes name its kinds. */
const ROSTER: readonly SheetKind[] = ['roster'];

/** A background failure as the API says it: the stored error code, translated. */
function failureText(r: repo.ImportRecord, locale: Locale): string | null {
  if (!r.failure_code) return null;
  return errorMessage(r.failure_code as ErrorCode, (r.failure_params as Record<string, string | number> | null) ?? {}, locale);
}

export function toImportView(r: repo.ImportRecord, locale: Locale) {
  const running = r.lease_live && (r.status === 'validating' || r.status === 'committing');
  return {
    id: r.id,
    kind: r.kind,
    orgId: r.org_id,
    orgName: r.org_name,
    fileName: r.file_name,
    fileSize: Number(r.file_size),
    format: r.file_format,
    status: r.status,
    running,
    resumable: r.status === 'committing' && !r.lease_live,
    pipelined: r.pipelined,
    headerRow: r.header_row,
    columns: ((r.headers as HeaderInfo[] | null) ?? []).map((h) => ({
      ...h,
      guess: guessFieldIn(vocabularyOf(r.kind), h.header) as ImportField | null,
    })),
    mapping: (r.mapping as Mapping | null) ?? {},
    totalRows: r.total_rows,
    processedRows: r.processed_rows,
    validRows: r.valid_rows,
    errorRows: r.error_rows,
    errorCount: r.error_count,
    skippedRows: r.skipped_rows,
    conflictRows: r.conflict_rows,
    willCreate: r.will_create,
    willUpdate: r.will_update,
    willTransfer: r.will_transfer,
    batchSize: r.batch_size,
    totalBatches: r.total_batches,
    committedBatches: r.committed_batches,
    createdCount: r.created_count,
    updatedCount: r.updated_count,
    transferCount: r.transfer_count,
    appliedRows: r.applied_rows,
    failure: failureText(r, locale),
    failureCode: r.failure_code,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    committedAt: r.committed_at ? new Date(r.committed_at).toISOString() : null,
  };
}

/** An import of one of `kinds` the caller reaches; any other answers not found. */
async function getScopedImport(ctx: RequestContext, id: string, kinds: readonly SheetKind[] = ROSTER) {
  const r = await repo.findImport(ctx.db, id);
  assertInScope(ctx.actor, r && kinds.includes(r.kind) ? r.org_path : undefined, 'import');
  return r!;
}

export async function getImport(ctx: RequestContext, id: string, kinds: readonly SheetKind[] = ROSTER) {
  return toImportView(await getScopedImport(ctx, id, kinds), ctx.locale);
}

export async function listImports(ctx: RequestContext, q: { page: number; pageSize: number }, kinds: readonly SheetKind[] = ROSTER) {
  const rows = await repo.listImports(ctx.db, ctx.actor.orgPath, q.pageSize, (q.page - 1) * q.pageSize, kinds);
  return rows.map((r) => toImportView(r, ctx.locale));
}

/** Streams the upload to an encrypted file while hashing it; refuses files over the cap. */
async function receive(body: Readable, file: SealedFile): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const out = writeSealed(file);
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > MAX_UPLOAD_BYTES) throw new AppError('payload_too_large');
      hash.update(chunk as Buffer);
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    }
    out.end();
    await out.done;
  } catch (err) {
    out.destroy();
    await rm(file.path, { force: true });
    throw err;
  }
  return { sha256: hash.digest('base64url'), size };
}

/** The header scan, in a worker thread within the import budget (imports.sandbox.ts). */
function analyse(file: SealedFile, config: Config, vocabulary: HeaderVocabulary): Promise<Analysis> {
  return analyseInWorker(
    { path: file.path, key: file.key.toString('base64'), iv: file.iv.toString('base64') },
    analysisBudget(config),
    vocabulary,
  );
}

export function uploadRoster(ctx: RequestContext, orgId: string, fileName: string, body: Readable) {
  return uploadSheet(ctx, 'roster', orgId, fileName, body);
}

/** An upload of a sheet of any registered kind: sealed on disk, hashed, its header row and columns guessed. */
export async function uploadSheet(ctx: RequestContext, kind: SheetKind, orgId: string, fileName: string, body: Readable) {
  const org = await findOrgById(ctx.db, orgId);
  assertInScope(ctx.actor, org?.path, 'organisation');
  if (org!.status !== 'active') throw new AppError('org_archived');
  mkdirSync(importsDir(ctx.config), { recursive: true, mode: 0o700 });
  const nonce = newFileNonce();
  const tmp = sealedFile(ctx.secrets, join(importsDir(ctx.config), `upload-${randomUUID()}`), nonce);
  const { sha256, size } = await receive(body, tmp);
  try {
    if (size === 0) throw new AppError('file_rejected', { reason: 'empty' });
    // The same file already open in an import into this organisation: that import is the one to go on
    // with. The unique index on (organisation, file hash) of open imports makes the insert below the
    // real check, so two uploads of one file at the same moment create one import, not two.
    await refuseDuplicate(ctx, org!.id, sha256);
    // One running import per user and a few per server: checking the file is import work too.
    const release = takeImportSlot(ctx.config, ctx.actor.userId);
    const a = await analyse(tmp, ctx.config, vocabularyOf(kind)).finally(release);
    const id = await ctx.db.transaction().execute(async (trx) => {
      const id = await repo.insertImport(trx, {
        org_id: org!.id,
        kind,
        created_by: ctx.actor.userId,
        file_name: fileName,
        file_sha256: sha256,
        file_size: String(size),
        file_format: a.format,
        file_nonce: nonce,
        header_row: a.headerRow,
        headers: JSON.stringify(a.headers),
        mapping: JSON.stringify(a.mapping),
        batch_size: defaultBatchSize(ctx.db),
      });
      if (id)
        await writeAudit(trx, ctx, {
          action: 'upload',
          entityType: 'import',
          entityId: id,
          orgId: org!.id,
          orgPath: org!.path,
          after: { fileName, size, format: a.format },
        });
      return id;
    });
    if (!id) {
      await refuseDuplicate(ctx, org!.id, sha256);
      throw new AppError('import_duplicate', { importId: '?', status: 'uploaded' }); // closed again meanwhile: rare, and retrying works
    }
    await rename(tmp.path, filePathOf(ctx.config, id, a.format));
    return toImportView((await repo.findImport(ctx.db, id))!, ctx.locale);
  } finally {
    await rm(tmp.path, { force: true });
  }
}

async function refuseDuplicate(ctx: RequestContext, orgId: string, sha256: string) {
  const open = await repo.findOpenBySha(ctx.db, orgId, sha256);
  if (open) throw new AppError('import_duplicate', { importId: open.id, status: open.status });
}

function checkMapping(mapping: Mapping, width: number, required: readonly string[]) {
  for (const f of required as ImportField[]) if (mapping[f] === undefined) throw fieldError(`body.mapping.${f}`, 'mapping_required');
  const used = new Set<number>();
  for (const [f, col] of Object.entries(mapping)) {
    if (col === undefined) continue;
    if (col >= Math.max(width, 1) || used.has(col)) throw fieldError(`body.mapping.${f}`, 'mapping_column');
    used.add(col);
  }
}

/** Starts (or restarts) validation with the confirmed mapping; the client polls the import. */
export async function startValidation(
  ctx: RequestContext,
  id: string,
  input: Omit<ValidateImportInput, 'mapping'> & { mapping?: Record<string, number | undefined> },
  kinds: readonly SheetKind[] = ROSTER,
) {
  const imp = await getScopedImport(ctx, id, kinds);
  const ops = opsOf(imp.kind);
  if (imp.report_purged_at) throw new AppError('import_report_expired');
  const mapping = (input.mapping as Mapping | undefined) ?? (imp.mapping as Mapping | null) ?? {};
  const headerRow = input.headerRow ?? imp.header_row;
  if (!headerRow) throw fieldError('body.headerRow', 'required');
  checkMapping(
    mapping,
    Math.max(((imp.headers as HeaderInfo[] | null) ?? []).length, headerRow === imp.header_row ? 0 : 16384),
    ops?.required ?? REQUIRED_FIELDS,
  );
  const runToken = randomUUID();
  // Validate and commit together: the roster's pipeline (the other kinds validate on this thread).
  const pipelined = !ops && !!input.pipelined;
  const release = takeImportSlot(ctx.config, ctx.actor.userId);
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      const locked = (await repo.lockImport(trx, id))!;
      // A failed import reopened while the same file was uploaded again meanwhile: go on with that one.
      if (locked.status === 'failed') {
        const open = await repo.findOpenBySha(trx, imp.org_id, imp.file_sha256);
        if (open && open.id !== id) throw new AppError('import_duplicate', { importId: open.id, status: open.status });
      }
      const allowed =
        locked.status === 'uploaded' ||
        locked.status === 'validated' ||
        locked.status === 'failed' ||
        (locked.status === 'validating' && !locked.lease_live);
      if (!allowed) throw new AppError(locked.lease_live ? 'import_running' : 'import_state', { status: locked.status });
      // The pipeline commits as it goes: it claims the organisation as a commit does (one at a time).
      if (pipelined) await refuseBusy(trx, imp.org_id, id);
      await repo.clearStaging(trx, id);
      await repo.setImport(trx, id, {
        status: pipelined ? 'committing' : 'validating',
        pipelined,
        skip_invalid: pipelined,
        mapping: JSON.stringify(mapping),
        header_row: headerRow,
        run_token: runToken,
        failure_code: null,
        failure_params: null,
        applied_rows: 0,
        total_rows: 0,
        processed_rows: 0,
        valid_rows: 0,
        error_rows: 0,
        error_count: 0,
        skipped_rows: 0,
        conflict_rows: 0,
        will_create: 0,
        will_update: 0,
        will_transfer: 0,
        total_batches: 0,
        committed_batches: 0,
        created_count: 0,
        updated_count: 0,
        transfer_count: 0,
        batch_size: input.batchSize ?? defaultBatchSize(ctx.db, pipelined),
        lease_until: new Date(Date.now() + LEASE_SECONDS * 1000),
      });
      await writeAudit(trx, ctx, {
        action: 'validate',
        entityType: 'import',
        entityId: id,
        orgId: imp.org_id,
        orgPath: imp.org_path,
        after: { mapping, headerRow, ...(pipelined && { pipelined }) },
      });
    })
    .catch(async (err) => {
      release();
      if (isUniqueViolation(err, 'people_imports_open_file_idx')) await refuseDuplicate(ctx, imp.org_id, imp.file_sha256);
      if (isUniqueViolation(err, 'people_imports_committing_idx')) await refuseBusy(ctx.db, imp.org_id, id);
      throw err;
    });
  void (
    ops
      ? runSheetValidation(ctx, ops, id, runToken, release)
      : pipelined
        ? runPipeline(ctx, id, runToken, release)
        : runValidation(ctx, id, runToken, release)
  )
    .catch(() => {})
    .finally(release);
  return getImport(ctx, id, kinds);
}

/** Workplaces in the import's subtree by normalised name, union name and credit code (null: ambiguous), and their paths. */
export async function loadWorkplaces(
  ctx: RequestContext,
  rootPath: string,
): Promise<{ keys: [string, string | null][]; paths: [string, string][] }> {
  const rows = await repo.listWorkplacesUnder(ctx.db, rootPath);
  const byKey = new Map<string, string | null>();
  const put = (k: string | null, id: string) => {
    if (!k) return;
    const key = k.normalize('NFKC').replace(/\s/g, '');
    byKey.set(key, byKey.has(key) && byKey.get(key) !== id ? null : id); // a name shared by two is ambiguous
  };
  for (const r of rows) {
    put(r.name, r.id);
    put(r.uscc, r.id);
    put(r.union_name, r.id);
  }
  return { keys: [...byKey], paths: rows.map((r) => [r.id, r.path]) };
}

/** Validation on this thread, each batch's write overlapping the parsing of the next rows. */
async function validateInline(setup: ValidationSetup, write: (b: ValidationBatch) => Promise<void>): Promise<ValidationTotals> {
  // One write in flight while the next rows are parsed: the database and the parser overlap.
  let inflight: Promise<void> = Promise.resolve();
  const t = await validateStream(setup, async (b) => {
    await inflight;
    inflight = write(b);
    inflight.catch(() => {});
  });
  await inflight;
  return t;
}

/**
 * The CPU half of validation (parse, validate, seal) runs in a worker thread within the import
 * budget (imports.sandbox.ts: a capped heap and a deadline; past either the worker is terminated and
 * the import fails with import_budget_exceeded) and hands each batch to `write` on this thread, in
 * order, so no roster slows other users' requests. JIANGXIN_IMPORT_WORKER=off runs it on this
 * thread as before (no budget): on the 2-core bench machine that was a little faster for big
 * rosters, at the price of the event loop.
 */
function validateInWorker(
  setup: ValidationSetup,
  writeBatch: (b: ValidationBatch) => Promise<void>,
  budget: Budget | null,
  signal?: AbortSignal,
): Promise<ValidationTotals> {
  // Aborted (the pipeline's commit failed): no further batch is written, and the worker ends.
  const write = async (b: ValidationBatch) => {
    signal?.throwIfAborted();
    await writeBatch(b);
  };
  if (!budget) return validateInline(setup, write);
  return new Promise((resolve, reject) => {
    endIdleAnalysers();
    const worker = startWorker('imports.worker', setup, budgetLimits(budget));
    let chain = Promise.resolve();
    let settled = false;
    const finish = (err: unknown, totals?: ValidationTotals) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (err) reject(err);
      else resolve(totals!);
    };
    const timer = setTimeout(() => finish(budgetExceeded(budget)), budget.deadlineMs);
    signal?.addEventListener('abort', () => finish(signal.reason), { once: true });
    worker.on('message', (m: { type: 'batch'; batch: ValidationBatch } | { type: 'done'; totals: ValidationTotals } | WorkerFailure) => {
      chain = chain
        .then(async () => {
          if (settled) return;
          if (m.type === 'batch') {
            await write(m.batch);
            worker.postMessage('ack');
          } else if (m.type === 'done') finish(undefined, m.totals);
          else finish(failureFromWorker(m));
        })
        .catch((err) => finish(err));
    });
    worker.on('error', (err) => finish(isOutOfMemory(err) ? budgetExceeded(budget) : err));
    worker.on('exit', (code) => {
      void chain.then(() => finish(new Error(`validation worker stopped (${code})`)));
    });
  });
}

/**
 * `workDone` gives the user's import slot back before the final state is written: a user who sees
 * "validated" or "committed" may start the next import at once (it was refused 429 while the slot
 * waited for the last write and the file's removal).
 */
async function runValidation(ctx: RequestContext, id: string, runToken: string, workDone: () => void) {
  try {
    const imp = (await repo.findImport(ctx.db, id))!;
    const phases = phaseClock();
    const setup = await validationSetup(ctx, imp);
    // The worker parses the next rows while this thread writes the previous batch.
    const t = await validateInWorker(setup, stageBatch(ctx, id, runToken, setup.stagingFormat), workerBudget(ctx));
    phases.mark('rows');
    // Fresh statistics of the staged rows: planned with those of an empty table, a commit batch joins
    // its thousands of rows by nested loops (minutes for 5,000 updates) instead of hashing them.
    await repo.analyzeStaging(ctx.db);
    phases.mark('analyze');
    // Over the whole file, now that every batch is in: each ID number written twice, on every row.
    await repo.markDuplicateIds(ctx.db, id, (imp.mapping as Mapping).idNumber ?? null);
    phases.mark('duplicates');
    const final = await repo.stagingCounts(ctx.db, id);
    const counts = await repo.previewCounts(ctx.db, id);
    phases.mark('counts');
    ctx.log?.info({ importId: id, rows: t.total, phases: phases.done() }, 'roster import validated');
    workDone();
    await repo.setImportIfRun(ctx.db, id, runToken, {
      status: 'validated',
      total_rows: t.total,
      processed_rows: t.total,
      valid_rows: final.valid,
      error_rows: final.error_rows,
      error_count: final.error_count,
      skipped_rows: final.skipped,
      conflict_rows: final.conflicts,
      will_create: counts.create,
      will_update: counts.update,
      will_transfer: counts.transfer,
      total_batches: Math.ceil(final.valid / imp.batch_size),
      committed_batches: 0,
      lease_until: null,
    });
  } catch (err) {
    if (err instanceof Superseded) return;
    await repo
      .setImportIfRun(ctx.db, id, runToken, { status: 'failed', ...failureOf(ctx, id, 'validation', err), lease_until: null })
      .catch(() => {});
  }
}

/** Milliseconds per named phase, for the log line of a finished validation. */
function phaseClock() {
  let last = performance.now();
  const ms: Record<string, number> = {};
  return {
    mark(name: string) {
      const now = performance.now();
      ms[name] = Math.round(now - last);
      last = now;
    },
    done: () => ms,
  };
}

/** The worker's budget, or none when JIANGXIN_IMPORT_WORKER=off validates on this thread. */
const workerBudget = (ctx: RequestContext) => (process.env.JIANGXIN_IMPORT_WORKER === 'off' ? null : validationBudget(ctx.config));

/** What the validation of a roster import needs to know, for the worker thread. */
async function validationSetup(ctx: RequestContext, imp: repo.ImportRecord): Promise<ValidationSetup> {
  const id = imp.id;
  const org = (await findOrgById(ctx.db, imp.org_id))!;
  const file = fileOf(ctx, imp);
  const workplaces = await loadWorkplaces(ctx, imp.org_path);
  return {
    importId: id,
    file: { path: file.path, key: file.key.toString('base64'), iv: file.iv.toString('base64') },
    format: imp.file_format,
    headerRow: imp.header_row ?? 0,
    mapping: imp.mapping as Mapping,
    defaultOrgId: org.kind === 'enterprise' || org.level === 'grassroots' ? org.id : null,
    orgKeys: workplaces.keys,
    orgPaths: [...workplaces.paths, [org.id, org.path]],
    craftsmanTitles: await titlesAroundPath(ctx.db, imp.org_path),
    secretKey: keyOfBox(ctx.secrets)!.toString('base64'),
    today: new Date().toISOString().slice(0, 10),
    flushRows: isPostgres(ctx.db) ? STAGE_FLUSH : STAGE_FLUSH_PGLITE,
    // COPY on PostgreSQL (when the handle can: the root Kysely, not a transaction), JSON on PGlite
    stagingFormat: canCopy(ctx.db) ? 'copy' : 'json',
    maxRows: MAX_ROWS,
  };
}

/**
 * Writes one validated batch: staged rows (in the format the setup told the worker to write), per-cell
 * errors, refused ID hashes, and the progress (renewing the lease).
 */
const stageBatch = (ctx: RequestContext, id: string, runToken: string, format: StagingFormat) => async (b: ValidationBatch) => {
  if (b.rows) {
    await repo.insertStagedRows(ctx.db, b.rows, format);
    releaseStagedBytes(b.rows);
  }
  await repo.insertErrors(ctx.db, id, b.errors);
  await repo.insertRefusedIds(ctx.db, id, b.ids);
  if (!(await repo.setImportIfRun(ctx.db, id, runToken, { processed_rows: b.processed }, LEASE_SECONDS))) throw new Superseded();
  await yieldToRequests();
};

/**
 * Gives a staged batch's bytes (1-3 MB, their own ArrayBuffer, from the worker or the inline writer) back
 * to the allocator now that the database has them (platform/buffers.ts: left to the garbage collector,
 * they grew the worker's malloc arena for good).
 */
function releaseStagedBytes(bytes: Uint8Array) {
  // StagedRowsWriter.take() hands over the start of a buffer it never touches again; a pooled Buffer
  // (a slice of Node's shared 8 KB pool) must never be detached
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength > Buffer.poolSize) releaseArrayBuffer(bytes.buffer);
}

/** An error of the file itself (refused, over a limit or the budget): the import fails rather than waiting to be resumed. */
const isFileFailure = (err: unknown) => err instanceof AppError || err instanceof ZipRejected || err instanceof SheetLimitExceeded;

/**
 * Validation and commit together (issue #17 item 3): the worker thread validates and seals the rows
 * (one core) while this thread writes each 5,000-row flush to the staging table and applies batch k in
 * its own transaction as soon as the staged rows pass (k + 1) × batch size (PostgreSQL, the other
 * core). The worker waits once two flushes are unwritten, so memory stays bounded whatever the gap.
 * Exactly once: each batch moves the marker in its transaction, as in runCommit. Killed, the import
 * stays 'committing' (pipelined) and a resume runs the pipeline again: validation from the file's
 * start (the staged rows are numbered the same way again: the same file, the first copy of an ID
 * number wins), the commit from the marker. The import ends 'committed' with its counts, or 'failed'
 * when the file itself fails midway (the batches already committed stay: they were valid rows).
 */
async function runPipeline(ctx: RequestContext, id: string, runToken: string, workDone: () => void) {
  const abort = new AbortController();
  let validationFailed = false;
  try {
    const imp = (await repo.findImport(ctx.db, id))!;
    const size = imp.batch_size;
    const start = pipelineBatchStart(size);
    const setup: ValidationSetup = { ...(await validationSetup(ctx, imp)), firstCopyWins: true, firstFlushRows: start(1) };
    let staged = 0; // valid rows staged so far by this run (numbered 1…staged)
    let ended = false;
    let wake: (() => void) | undefined;
    const signal = () => {
      wake?.();
      wake = undefined;
    };
    const stage = stageBatch(ctx, id, runToken, setup.stagingFormat);
    // Where the time went (the log line of a finished pipeline): staging the worker's batches, waiting
    // for staged rows, ANALYZE, committing batches, and the tail after validation ended.
    const ms = { firstStaged: 0, staging: 0, waiting: 0, analyze: 0, commit: 0, validationEnded: 0, finish: 0 };
    const t0 = performance.now();
    const since = (t: number) => Math.round(performance.now() - t);
    const validation = validateInWorker(
      setup,
      async (b) => {
        const ts = performance.now();
        if (!ms.firstStaged) ms.firstStaged = since(t0);
        await stage(b);
        ms.staging += since(ts);
        staged = b.firstRowNo + b.staged - 1;
        signal();
      },
      workerBudget(ctx),
      abort.signal,
    );
    validation
      .catch(() => {
        validationFailed = true;
      })
      .finally(() => {
        ended = true;
        signal();
      });
    const nameCol = (imp.mapping as Mapping).name ?? null;
    let k = imp.committed_batches;
    let analysedUpTo = 0;
    let totals: ValidationTotals | undefined;
    validation.finally(() => (ms.validationEnded = since(t0))).catch(() => {});
    for (;;) {
      const tw = performance.now();
      while (!ended && staged < start(k + 1)) await new Promise<void>((r) => (wake = r));
      ms.waiting += since(tw);
      if (ended) totals = await validation;
      if (totals && start(k) >= totals.valid) break;
      // Statistics that cover the batch's row numbers: planned with a histogram that ends below them
      // (the table grows while it is read), a batch's joins go by nested loops and run for minutes.
      // One ANALYZE covers every batch staged by then (when validation runs ahead, few are needed).
      // After the first, only the two columns that bound a batch: ~40 ms instead of ~200 ms for all
      // 23 (sealed and hashed text), which cost a tenth of a 100,000-row pipeline.
      if (start(k + 1) > analysedUpTo) {
        const ta = performance.now();
        const rangeOnly = analysedUpTo > 0;
        analysedUpTo = staged;
        await repo.analyzeStaging(ctx.db, rangeOnly ? 'row-range' : 'all');
        ms.analyze += since(ta);
      }
      const tc = performance.now();
      await commitBatch(ctx, id, runToken, k, start(k), start(k + 1), { nameCol });
      ms.commit += since(tc);
      k++;
      await yieldToRequests();
    }
    workDone();
    const tf = performance.now();
    const report = await repo.pipelineCounts(ctx.db, id);
    const done = await ctx.db.transaction().execute(async (trx) => {
      await repo.setPipelineTotals(trx, id, runToken, { total: totals!.total, valid: totals!.valid, ...report, batches: k });
      return finishCommitted(trx, ctx, id, runToken);
    });
    ms.finish = since(tf);
    ctx.log?.info({ importId: id, rows: totals!.total, batches: k, ms: { ...ms, total: since(t0) } }, 'roster import pipelined');
    // The file stays for the error report while it has rows to report (retention removes it later).
    if (done && done.error_rows + done.skipped_rows === 0) await rm(filePathOf(ctx.config, id, done.file_format), { force: true });
  } catch (err) {
    abort.abort(err);
    if (err instanceof Superseded) return;
    const failed = (validationFailed && isFileFailure(err)) || (err instanceof AppError && err.code === 'import_incomplete');
    await repo
      .setImportIfRun(ctx.db, id, runToken, {
        ...(failed && { status: 'failed' }),
        ...failureOf(ctx, id, validationFailed ? 'validation' : 'commit', err),
        lease_until: null,
      })
      .catch(() => {});
  }
}

/** Validation of a sheet of another registered kind (its module validates; this runs the lease and the outcome). */
async function runSheetValidation(ctx: RequestContext, ops: SheetKindOps, id: string, runToken: string, workDone: () => void) {
  try {
    const imp = (await repo.findImport(ctx.db, id))!;
    const t = await ops.validate(ctx, imp, async (processed) => {
      if (!(await repo.setImportIfRun(ctx.db, id, runToken, { processed_rows: processed }, LEASE_SECONDS))) throw new Superseded();
      await yieldToRequests();
    });
    workDone();
    await repo.setImportIfRun(ctx.db, id, runToken, {
      status: 'validated',
      total_rows: t.total,
      processed_rows: t.total,
      valid_rows: t.valid,
      error_rows: t.errorRows,
      error_count: t.errorCount,
      skipped_rows: t.skipped,
      conflict_rows: 0,
      will_create: t.willCreate,
      will_update: t.willUpdate,
      will_transfer: 0,
      total_batches: Math.ceil(t.valid / imp.batch_size),
      committed_batches: 0,
      lease_until: null,
    });
  } catch (err) {
    if (err instanceof Superseded) return;
    await repo
      .setImportIfRun(ctx.db, id, runToken, { status: 'failed', ...failureOf(ctx, id, 'validation', err), lease_until: null })
      .catch(() => {});
  }
}

/**
 * A failure of validation or commit, which run after the request that started them has answered:
 * logged with that request's id (its logger carries it), and stored as an error code of the error
 * model with its parameters, which the API translates when the import is read. A raw error message
 * never reaches the user: anything that is no AppError is stored as `internal` with the request id,
 * the same answer a request would have given.
 */
function failureOf(
  ctx: RequestContext,
  id: string,
  stage: 'validation' | 'commit',
  err: unknown,
): { failure_code: ErrorCode; failure_params: string } {
  const known =
    err instanceof AppError
      ? err
      : err instanceof ZipRejected
        ? new AppError('file_rejected', { reason: err.reason })
        : err instanceof SheetLimitExceeded
          ? sheetLimitError(err)
          : undefined;
  const code = known?.code ?? 'internal';
  const params = known?.params ?? { requestId: String(ctx.requestId) };
  ctx.log?.[known ? 'warn' : 'error']({ err, importId: id, stage, code }, `roster import ${stage} failed`);
  return { failure_code: code, failure_params: JSON.stringify(params) };
}

/** Starts the commit, or resumes one whose process died (its lease ran out). */
export async function startCommit(ctx: RequestContext, id: string, input: { skipInvalid?: boolean }, kinds: readonly SheetKind[] = ROSTER) {
  const imp = await getScopedImport(ctx, id, kinds);
  const ops = opsOf(imp.kind);
  const runToken = randomUUID();
  const release = takeImportSlot(ctx.config, ctx.actor.userId);
  const outcome = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const locked = (await repo.lockImport(trx, id))!;
      const resume = locked.status === 'committing' && !locked.lease_live;
      if (locked.status === 'committing' && locked.lease_live) throw new AppError('import_running');
      if (resume && locked.pipelined) {
        // A pipeline whose process died: validation again from the file's start (the staging table may
        // be partial), the commit from its marker; the conflicts already skipped stay in the report.
        await repo.clearStaging(trx, id, true);
        await repo.setImport(trx, id, {
          run_token: runToken,
          failure_code: null,
          failure_params: null,
          processed_rows: 0,
          lease_until: new Date(Date.now() + LEASE_SECONDS * 1000),
        });
        await writeAudit(trx, ctx, {
          action: 'resume_commit',
          entityType: 'import',
          entityId: id,
          orgId: imp.org_id,
          orgPath: imp.org_path,
          after: { fromBatch: imp.committed_batches, pipelined: true },
        });
        return 'pipeline';
      }
      if (locked.status !== 'validated' && !resume) throw new AppError('import_state', { status: locked.status });
      if (!resume && imp.error_rows > 0 && !input.skipInvalid) throw new AppError('import_has_errors', { rows: imp.error_rows });
      // A row whose ID number is registered here under another name waits for the user's decision.
      if (!resume && imp.conflict_rows > 0) {
        const { undecided } = await repo.conflictsPage(trx, id, 0, 0);
        if (undecided > 0) throw new AppError('import_conflicts', { rows: undecided });
      }
      // Staged rows must all be there (they are deleted only at the end); if not, validate again.
      const done = imp.committed_batches * imp.batch_size;
      if ((await (ops?.countStaged ?? repo.countStaged)(trx, id, done)) !== Math.max(0, imp.valid_rows - done)) {
        await repo.setImport(trx, id, { status: 'failed', failure_code: 'import_staging_lost', failure_params: null, lease_until: null });
        return 'lost';
      }
      if (!resume && imp.conflict_rows > 0) {
        // Rows the user chose to skip leave before the first batch; the batches are counted again.
        const { dropped, left } = await repo.dropSkippedRows(trx, id);
        if (dropped > 0) await repo.setImport(trx, id, { valid_rows: left, total_batches: Math.ceil(left / imp.batch_size) });
      }
      if (!resume) await refuseBusy(trx, imp.org_id, id);
      await repo.setImport(trx, id, {
        status: 'committing',
        run_token: runToken,
        failure_code: null,
        failure_params: null,
        skip_invalid: resume ? imp.skip_invalid : !!input.skipInvalid,
        lease_until: new Date(Date.now() + LEASE_SECONDS * 1000),
      });
      await writeAudit(trx, ctx, {
        action: resume ? 'resume_commit' : 'commit',
        entityType: 'import',
        entityId: id,
        orgId: imp.org_id,
        orgPath: imp.org_path,
        after: { fromBatch: imp.committed_batches, totalBatches: imp.total_batches },
      });
      return 'started';
    })
    .catch(async (err) => {
      release();
      // Two commits into one organisation at the same moment: the unique index lets one through.
      if (isUniqueViolation(err, 'people_imports_committing_idx')) await refuseBusy(ctx.db, imp.org_id, id);
      throw err;
    });
  if (outcome === 'lost') {
    release();
    throw new AppError('import_staging_lost');
  }
  void (outcome === 'pipeline' ? runPipeline(ctx, id, runToken, release) : runCommit(ctx, id, runToken, release, ops))
    .catch(() => {})
    .finally(release);
  return getImport(ctx, id, kinds);
}

/**
 * One committing import per organisation. Imports of one organisation's roster overlap (the same ID
 * numbers, a corrected file after the first): run together, the second's batches read `people` before
 * the first's inserts were committed, and its rows fell through (it once ended "committed" having
 * applied nothing). The rule is the partial unique index people_imports_committing_idx on
 * (org_id) WHERE status = 'committing': the database decides atomically between two requests, and the
 * claim outlives the process: an import whose process died stays 'committing' (resumable from its
 * marker once its lease has run out) and keeps the organisation until it is resumed and finished, so
 * a later roster is never applied before the rest of an earlier one. A lease alone would free the
 * organisation when the process died; an advisory lock would be lost with the connection. The second
 * import is refused (409 import_busy naming the other) rather than queued: the user decides when.
 */
async function refuseBusy(db: Db, orgId: string, id: string) {
  const other = await repo.findCommitting(db, orgId, id);
  if (other) throw new AppError('import_busy', { importId: other.id, fileName: other.file_name });
}

/** Tries of a batch whose rows did not all apply (a person inserted or deleted by another transaction meanwhile). */
const BATCH_TRIES = 3;
class BatchIncomplete extends Error {
  constructor(
    readonly rows: number,
    readonly applied: number,
  ) {
    super('batch incomplete');
  }
}

/**
 * Where batch k of a pipelined import starts: after the rows of batches 0…k-1. The first batch is a fifth
 * of the others, so the commit starts as soon as the worker has opened the file and validated a few
 * rows instead of waiting for a whole batch (on PostgreSQL the commit is the pipeline's longer phase, so
 * that wait is added to the end to end time). A function of k and the import's batch size only: a
 * resumed pipeline (its marker counts batches) finds the same boundaries.
 */
export const pipelineBatchStart =
  (size: number) =>
  (k: number): number => {
    const first = Math.max(1, Math.floor(size / 5));
    return k === 0 ? 0 : first + (k - 1) * size;
  };

/**
 * Applies batch k, rows (lo, hi], in one transaction with the marker; retried when a
 * row fell between the batch's snapshot and its writes. The pipeline first moves the batch's conflicts
 * (registered here under another name) to the error report, in the same transaction.
 */
async function commitBatch(
  ctx: RequestContext,
  id: string,
  runToken: string,
  k: number,
  lo: number,
  hi: number,
  pipeline?: { nameCol: number | null },
  ops?: SheetKindOps,
) {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.db.transaction().execute(async (trx) => {
        const conflicts = pipeline ? await repo.skipConflictsInBatch(trx, id, lo, hi, pipeline.nameCol) : 0;
        const counts = ops ? await ops.applyBatch(trx, id, lo, hi, ctx) : await repo.applyBatch(trx, id, lo, hi, ctx.actor.userId);
        // A batch applies every one of its rows or none: rolled back, it is read again (a new snapshot).
        if (counts.applied !== counts.rows) throw new BatchIncomplete(counts.rows, counts.applied);
        // The marker moves in the same transaction as the rows: both or neither.
        if (!(await repo.advanceMarker(trx, id, runToken, k, { ...counts, conflicts }, LEASE_SECONDS))) throw new Superseded();
      });
      return;
    } catch (err) {
      const incomplete = err instanceof BatchIncomplete ? err : undefined;
      // Someone registered one of the batch's people meanwhile (the insert met their row): read again too.
      if (!incomplete && !isUniqueViolation(err, repo.PERSON_INSERTED_MEANWHILE)) throw err;
      if (attempt >= BATCH_TRIES) {
        const now = (await repo.findImport(ctx.db, id))!;
        throw new AppError('import_incomplete', { staged: now.valid_rows, applied: now.applied_rows });
      }
      ctx.log?.warn(
        {
          importId: id,
          batch: k,
          attempt,
          ...(incomplete ? { rows: incomplete.rows, applied: incomplete.applied } : { insertedMeanwhile: true }),
        },
        'roster import batch did not apply every row; retrying',
      );
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/** Marks the import committed (every batch applied, the counts adding up) and audits it; undefined when another run owns it. */
async function finishCommitted(trx: Parameters<typeof repo.finishCommit>[0], ctx: RequestContext, id: string, runToken: string) {
  if (!(await repo.finishCommit(trx, id, runToken))) {
    const now = (await repo.findImport(trx, id))!;
    // Never "committed" with rows unapplied: the import's own counts must add up.
    if (now.run_token === runToken && now.status === 'committing' && now.applied_rows !== now.valid_rows) {
      throw new AppError('import_incomplete', { staged: now.valid_rows, applied: now.applied_rows });
    }
    return undefined;
  }
  const after = (await repo.findImport(trx, id))!;
  await writeAudit(trx, ctx, {
    action: 'import_committed',
    entityType: 'import',
    entityId: id,
    orgId: after.org_id,
    orgPath: after.org_path,
    after: { created: after.created_count, updated: after.updated_count, transfers: after.transfer_count, skipped: after.error_rows },
  });
  return after;
}

async function runCommit(ctx: RequestContext, id: string, runToken: string, workDone: () => void, ops?: SheetKindOps) {
  try {
    const imp = (await repo.findImport(ctx.db, id))!;
    for (let k = imp.committed_batches; k < imp.total_batches; k++) {
      await commitBatch(ctx, id, runToken, k, k * imp.batch_size, (k + 1) * imp.batch_size, undefined, ops);
      await yieldToRequests();
    }
    workDone();
    const done = await ctx.db.transaction().execute((trx) => finishCommitted(trx, ctx, id, runToken));
    // The roster's plain ID numbers are no longer needed on disk once the rows are in.
    if (done) await rm(filePathOf(ctx.config, id, done.file_format), { force: true });
  } catch (err) {
    if (err instanceof Superseded) return;
    // Rows missing from the counts: the import fails loudly (validate again, then commit; updates are
    // idempotent). Any other failure stays 'committing' with no lease: resumable from the marker.
    const incomplete = err instanceof AppError && err.code === 'import_incomplete';
    await repo
      .setImportIfRun(ctx.db, id, runToken, {
        ...(incomplete && { status: 'failed' }),
        ...failureOf(ctx, id, 'commit', err),
        lease_until: null,
      })
      .catch(() => {});
  }
}

export async function listImportErrors(
  ctx: RequestContext,
  id: string,
  q: { page: number; pageSize: number },
  kinds: readonly SheetKind[] = ROSTER,
) {
  const imp = await getScopedImport(ctx, id, kinds);
  const text = opsOf(imp.kind)?.errorText ?? errorText;
  const [rows, total] = await Promise.all([
    repo.listErrors(ctx.db, id, q.pageSize, (q.page - 1) * q.pageSize),
    repo.countErrors(ctx.db, id),
  ]);
  const headers = (imp.headers as HeaderInfo[] | null) ?? [];
  return {
    total,
    items: rows.map((e) => ({
      row: e.source_row,
      column: e.col === null ? null : columnLetter(e.col),
      header: e.col === null ? null : (headers[e.col]?.header ?? null),
      field: e.field,
      code: e.code,
      value: e.value === null ? null : scrubPii(e.value),
      message: text(e.field, e.code, ctx.locale),
      skipped: e.skipped,
    })),
  };
}

/** Rows whose ID number is registered here under another name: both names, and the decision so far. */
export async function listImportConflicts(ctx: RequestContext, id: string, q: { page: number; pageSize: number }) {
  await getScopedImport(ctx, id);
  const { rows, total, undecided } = await repo.conflictsPage(ctx.db, id, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    total,
    undecided,
    items: rows.map((r) => ({
      row: r.source_row,
      name: r.name,
      registeredName: r.registered_name,
      idNumberMasked: r.id_masked,
      decision: r.decision,
    })),
  };
}

/** Decides conflicts: rename the registered person to the file's name, or skip the row; some rows or all. */
export async function decideImportConflicts(ctx: RequestContext, id: string, input: { decision: 'rename' | 'skip'; rows?: number[] }) {
  const imp = await getScopedImport(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = (await repo.lockImport(trx, id))!;
    if (locked.status !== 'validated') throw new AppError('import_state', { status: locked.status });
    const decided = await repo.decideConflicts(trx, id, input.decision, input.rows ?? null);
    await writeAudit(trx, ctx, {
      action: 'decide_conflicts',
      entityType: 'import',
      entityId: id,
      orgId: imp.org_id,
      orgPath: imp.org_path,
      after: { decision: input.decision, rows: input.rows ?? 'all', decided },
    });
  });
  return listImportConflicts(ctx, id, { page: 1, pageSize: 50 });
}

/** A roster cell's error, labelled by its import field in the people module's messages. */
export function errorText(field: string | null, code: string, locale: Locale): string {
  return fieldMessage({ path: field ? `cell.${field}` : 'row', code }, locale, 'people');
}

export async function previewRows(ctx: RequestContext, id: string, q: { page: number; pageSize: number }) {
  await getScopedImport(ctx, id);
  const rows = await repo.stagedRows(ctx.db, id, q.pageSize, (q.page - 1) * q.pageSize);
  return rows.map((r) => ({
    row: r.source_row,
    name: r.name,
    idNumberMasked: r.id_masked,
    gender: r.gender as 'M' | 'F',
    birthDate: r.birth_date,
    phoneMasked: r.phone_masked,
    orgName: r.org_name ?? '',
    skillLevel: r.skill_level ? (codeOfRank(r.skill_level) ?? null) : null,
    action: r.action,
  }));
}

/** The import's file and its errors, for the error report; callers stream rows from it. */
export async function errorReportSource(ctx: RequestContext, id: string, kinds: readonly SheetKind[] = ROSTER) {
  const imp = await getScopedImport(ctx, id, kinds);
  const text = opsOf(imp.kind)?.errorText ?? errorText;
  if (imp.report_purged_at) throw new AppError('import_report_expired');
  // A pipelined import commits with its errors: its report stays while the file does (retention).
  const reportable = imp.pipelined && imp.error_rows + imp.skipped_rows > 0;
  if ((imp.status === 'committed' && !reportable) || imp.status === 'uploaded') throw new AppError('import_state', { status: imp.status });
  const errs = await repo.errorsOfRows(ctx.db, id, 0, 2_000_000_000);
  const byRow = new Map<number, string[]>();
  // Lines skipped as totals, signatures… (their reason is in the error column; not "rows with errors").
  const skipped = new Set<number>();
  for (const e of errs) {
    if (e.skipped) skipped.add(e.source_row);
    const at = e.col === null ? '' : `${columnLetter(e.col)}列 `;
    const list = byRow.get(e.source_row) ?? [];
    list.push(`${at}${text(e.field, e.code, ctx.locale)}`);
    byRow.set(e.source_row, list);
  }
  // The cells as uploaded go back to whoever holds people.pii and uploaded the file, or works in the
  // organisation it was imported into; a parent federation that did not upload it gets the masked report.
  const unmasked =
    hasPermission(ctx.actor, 'people.pii') && (ctx.actor.userId === String(imp.created_by) || ctx.actor.orgId === String(imp.org_id));
  await writeAudit(ctx.db, ctx, {
    action: unmasked ? 'view_pii' : 'download',
    entityType: 'import',
    entityId: id,
    orgId: imp.org_id,
    orgPath: imp.org_path,
    after: { report: 'errors', rows: byRow.size, unmasked },
  });
  return {
    rows: readRows(fileOf(ctx, imp), imp.file_format),
    headerRow: imp.header_row ?? 0,
    byRow,
    skipped,
    cell: reportCell((imp.mapping as Mapping | null) ?? {}, unmasked),
    fileName: imp.file_name,
  };
}

const DATE_FIELDS: readonly ImportField[] = ['birthDate', 'joinedOn', 'certifiedOn'];

/**
 * A cell of the error report. Dates of the mapped date columns come back as dates (Excel keeps them as
 * serial numbers), everything else as uploaded. Masked, the mapped ID and phone columns are masked by
 * their PARSED value, whatever the written form (spaces, dashes, +86, full-width digits); a value that
 * does not parse is masked whole; any other cell that reads as an ID number or a mobile is masked too.
 */
export function reportCell(mapping: Mapping, unmasked: boolean): (cell: Cell, col: number) => unknown {
  const fieldOf = new Map<number, ImportField>(Object.entries(mapping).map(([f, c]) => [c!, f as ImportField]));
  return (cell, col) => {
    const field = fieldOf.get(col);
    if (field && DATE_FIELDS.includes(field) && typeof cell === 'number') {
      const d = parseDateValue(cell);
      if (d.ok && d.value) return new Date(`${d.value}T00:00:00Z`);
    }
    if (unmasked || cell === null || cell === undefined || cell instanceof Date || typeof cell === 'boolean') return cell;
    if (typeof cell === 'object') return `=${cell.formula}`.replace(/[0-9０-９]/g, '*');
    const text = String(cell).trim();
    if (!text) return cell;
    if (field === 'idNumber') return maskedId(text) ?? maskAll(text);
    if (field === 'phone') return maskedPhone(text) ?? maskAll(text);
    return maskedId(text) ?? maskedPhone(text) ?? (typeof cell === 'number' ? cell : scrubPii(text.normalize('NFKC')));
  };
}

const maskAll = (text: string) => text.replace(/[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]/g, '*');
function maskedId(text: string): string | undefined {
  const id = normaliseIdNumber(text.normalize('NFKC').replace(/[\s\-'‘’]/g, ''));
  return /^\d{17}[\dX]$|^\d{15}$/.test(id) ? maskIdNumber(id) : undefined;
}
function maskedPhone(text: string): string | undefined {
  const p = normalisePhone(text);
  return isValidMobile(p) ? maskPhone(p) : undefined;
}

export const FIELD_ORDER: readonly ImportField[] = IMPORT_FIELDS;
