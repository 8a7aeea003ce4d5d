// The only SQL about roster imports: the import record, its staged rows and per-cell errors, and the
// commit of one batch (transfer requests, upsert by ID keyed hash, skills, honours, progress marker).
import { sql, type Transaction } from 'kysely';
import { copyIn } from '../../db/copy.js';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
import { refreshSkillLevel, type Db } from './people.repository.js';
import type { CellError } from './imports.validate.js';
import { STAGED_COPY_COLUMNS, type StagingFormat } from './imports.stream.js';
import type { ImportStatus, SheetKind } from './people.tables.js';

export function findImport(db: Db, id: string) {
  return db
    .selectFrom('people_imports as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .selectAll('i')
    .select([
      'o.path as org_path',
      'o.name as org_name',
      sql<boolean>`(i.lease_until IS NOT NULL AND i.lease_until > now())`.as('lease_live'),
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
}
export type ImportRecord = NonNullable<Awaited<ReturnType<typeof findImport>>>;

/** Active workplaces (enterprises, grassroots unions) of a subtree, which a roster's rows may name. */
export function listWorkplacesUnder(db: Db, rootPath: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'uscc', 'union_name', 'path'])
    .where('path', 'like', subtreePattern(rootPath))
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('kind', '=', 'enterprise'), eb('level', '=', 'grassroots')]))
    .execute();
}

export async function findImportOrgPath(db: Db, id: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('people_imports as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select('o.path')
    .where('i.id', '=', id)
    .executeTakeFirst();
  return r?.path;
}

export function lockImport(db: Transaction<Database>, id: string) {
  return db
    .selectFrom('people_imports')
    .select(['id', 'status', 'pipelined', sql<boolean>`(lease_until IS NOT NULL AND lease_until > now())`.as('lease_live')])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Statuses of an open import: one per file and organisation (unique index people_imports_open_file_idx). */
export const OPEN_STATUSES = ['uploaded', 'validating', 'validated', 'committing'] as const;

/** The open import of the same file into the same organisation, if any. */
export function findOpenBySha(db: Db, orgId: string, sha: string) {
  return db
    .selectFrom('people_imports')
    .select(['id', 'status'])
    .where('org_id', '=', orgId)
    .where('file_sha256', '=', sha)
    .where('status', 'in', OPEN_STATUSES)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The import committing into an organisation, if any (at most one: unique index people_imports_committing_idx). */
export function findCommitting(db: Db, orgId: string, exceptId: string) {
  return db
    .selectFrom('people_imports')
    .select(['id', 'file_name'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'committing')
    .where('id', '<>', exceptId)
    .executeTakeFirst();
}

export function listImports(db: Db, rootPath: string, limit: number, offset: number, kinds: readonly SheetKind[] = ['roster']) {
  return db
    .selectFrom('people_imports as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .selectAll('i')
    .select([
      'o.path as org_path',
      'o.name as org_name',
      sql<boolean>`(i.lease_until IS NOT NULL AND i.lease_until > now())`.as('lease_live'),
    ])
    .where('o.path', 'like', subtreePattern(rootPath))
    .where('i.kind', 'in', kinds)
    .orderBy('i.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * A new import, unless the same file is already open in an import into the same organisation: then
 * nothing is inserted (undefined). The unique index decides, so two uploads at once make one import.
 */
export async function insertImport(
  db: Db,
  v: {
    org_id: string;
    kind?: SheetKind;
    created_by: string;
    file_name: string;
    file_sha256: string;
    file_size: string;
    file_format: 'xlsx' | 'csv';
    file_nonce: string;
    header_row: number | null;
    headers: string;
    mapping: string;
    batch_size: number;
  },
) {
  const r = await db
    .insertInto('people_imports')
    .values(v)
    // The partial index's predicate as literals: with parameters ($1, …) a generic plan of this prepared
    // statement (db/prepared.ts) cannot prove it, and PostgreSQL finds no index for the ON CONFLICT.
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'file_sha256'])
        .where(sql<boolean>`status IN (${sql.join(OPEN_STATUSES.map((s) => sql.lit(s)))})`)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export function setImport(db: Db, id: string, values: Record<string, unknown>) {
  return db
    .updateTable('people_imports')
    .set({ ...(values as object), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Updates the import only while this run still owns it (a newer run changes the token). */
export async function setImportIfRun(
  db: Db,
  id: string,
  runToken: string,
  values: Record<string, unknown>,
  leaseSeconds?: number,
): Promise<boolean> {
  const r = await db
    .updateTable('people_imports')
    .set({
      ...(values as object),
      updated_at: new Date(),
      ...(leaseSeconds && { lease_until: sql`now() + make_interval(secs => ${leaseSeconds})` }),
    })
    .where('id', '=', id)
    .where('run_token', '=', runToken)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** An import's staged rows, errors and ID hashes; `keepConflicts` keeps the conflicts a pipelined commit already skipped. */
export async function clearStaging(db: Db, id: string, keepConflicts = false) {
  await db.deleteFrom('people_import_rows').where('import_id', '=', id).execute();
  await db
    .deleteFrom('people_import_errors')
    .where('import_id', '=', id)
    .$if(keepConflicts, (q) => q.where('code', '<>', NAME_CONFLICT_SKIPPED))
    .execute();
  await db.deleteFrom('people_import_ids').where('import_id', '=', id).execute();
  await db.deleteFrom('sheet_import_rows').where('import_id', '=', id).execute();
}

/**
 * A batch of staged rows (imports.stream.ts), as the worker wrote them:
 * - PostgreSQL: lines of COPY's text format (stagedRowCopy), COPY … FROM STDIN. PostgreSQL reads them
 *   for ~0.3 s of its CPU per 100,000 rows, where expanding the same rows from one JSON parameter with
 *   json_populate_recordset cost ~2.0 s — CPU the commit of the pipelined import needs (docs/design.md).
 * - PGlite: a JSON array (stagedRowJson) expanded by json_populate_recordset, passed as text (PGlite
 *   takes a json parameter only as text: a Buffer would be sent as the JSON of a Buffer object); on PGlite
 *   it took half the main thread's heap at an import's peak that twenty unnest()ed arrays did.
 */
export async function insertStagedRows(db: Db, rows: Uint8Array, format: StagingFormat) {
  const bytes = Buffer.isBuffer(rows) ? rows : Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  if (format === 'copy') {
    await copyIn(db, `COPY people_import_rows (${STAGED_COPY_COLUMNS.join(', ')}) FROM STDIN`, bytes);
    return;
  }
  await sql`INSERT INTO people_import_rows SELECT * FROM json_populate_recordset(NULL::people_import_rows, ${bytes.toString('utf8')}::json)`.execute(
    db,
  );
}

export async function insertErrors(db: Db, importId: string, errors: (CellError & { source_row: number })[]) {
  if (!errors.length) return;
  await sql`
    INSERT INTO people_import_errors (import_id, source_row, col, field, code, value, skipped)
    SELECT ${importId}::bigint, * FROM unnest(${errors.map((e) => e.source_row)}::int[], ${errors.map((e) => e.col)}::int[],
      ${errors.map((e) => e.field)}::text[], ${errors.map((e) => e.code)}::text[], ${errors.map((e) => e.value)}::text[],
      ${errors.map((e) => e.skipped === true)}::boolean[])`.execute(db);
}

/** The ID numbers' hashes of refused rows (see markDuplicateIds). */
export async function insertRefusedIds(db: Db, importId: string, ids: { source_row: number; col: number | null; id_hash: string }[]) {
  if (!ids.length) return;
  await sql`
    INSERT INTO people_import_ids (import_id, source_row, col, id_hash)
    SELECT ${importId}::bigint, * FROM unnest(${ids.map((i) => i.source_row)}::int[], ${ids.map((i) => i.col)}::int[],
      ${ids.map((i) => i.id_hash)}::text[])`.execute(db);
}

/**
 * The post-pass over the whole file, once every batch is staged: an ID number written on more than one
 * row (staged or refused for another reason) is reported on every occurrence, with the rows it is on,
 * and none of those rows is imported. The staged rows left are numbered 1…n again (batches are ranges).
 */
export async function markDuplicateIds(db: Db, importId: string, idCol: number | null) {
  await sql`
    WITH occ AS (
      SELECT source_row, id_hash FROM people_import_rows WHERE import_id = ${importId}
      UNION ALL
      SELECT source_row, id_hash FROM people_import_ids WHERE import_id = ${importId}
    ), dup AS (
      SELECT id_hash, string_agg(source_row::text, ', ' ORDER BY source_row) AS rows FROM occ GROUP BY id_hash HAVING count(*) > 1
    )
    INSERT INTO people_import_errors (import_id, source_row, col, field, code, value)
    SELECT ${importId}::bigint, occ.source_row, ${idCol}::int, 'idNumber', 'duplicate_in_file', dup.rows
    FROM occ JOIN dup ON dup.id_hash = occ.id_hash`.execute(db);
  const removed = await sql<{ first: number | null }>`
    WITH d AS (
      DELETE FROM people_import_rows r USING people_import_errors e
      WHERE r.import_id = ${importId} AND e.import_id = ${importId} AND e.source_row = r.source_row AND e.code = 'duplicate_in_file'
      RETURNING r.row_no
    ) SELECT min(row_no) AS first FROM d`.execute(db);
  const first = removed.rows[0]?.first;
  if (first !== null && first !== undefined) await renumberStaged(db, importId, first);
}

/**
 * Numbers an import's staged rows 1…n again after some were removed, from the first removed one on
 * (negated first, so the key stays unique while rows move).
 */
async function renumberStaged(db: Db, importId: string, from: number) {
  await sql`
    UPDATE people_import_rows r SET row_no = -(${from}::int - 1 + n.rn)
    FROM (SELECT row_no, row_number() OVER (ORDER BY row_no) AS rn FROM people_import_rows WHERE import_id = ${importId} AND row_no > ${from}) n
    WHERE r.import_id = ${importId} AND r.row_no = n.row_no`.execute(db);
  await sql`UPDATE people_import_rows SET row_no = -row_no WHERE import_id = ${importId} AND row_no < 0`.execute(db);
}

/** An import's counts as the tables hold them after the post-pass. */
export async function stagingCounts(db: Db, importId: string) {
  const r = await sql<{ valid: number; error_rows: number; error_count: number; skipped: number; conflicts: number }>`
    SELECT (SELECT count(*) FROM people_import_rows WHERE import_id = ${importId})::int AS valid,
      (SELECT count(DISTINCT source_row) FROM people_import_errors WHERE import_id = ${importId} AND NOT skipped)::int AS error_rows,
      (SELECT count(*) FROM people_import_errors WHERE import_id = ${importId} AND NOT skipped)::int AS error_count,
      (SELECT count(*) FROM people_import_errors WHERE import_id = ${importId} AND skipped)::int AS skipped,
      (SELECT count(*) FROM people_import_rows r JOIN people p ON p.id_hash = r.id_hash
        WHERE r.import_id = ${importId} AND p.org_id = r.org_id AND p.name <> r.name)::int AS conflicts`.execute(db);
  return r.rows[0]!;
}

/**
 * Staged rows whose ID number is registered in the same organisation under a different name: one page
 * of them (both names, and the decision taken so far: null is undecided), with how many there are and
 * how many are undecided. One join of the import's staged rows to people, not one per figure: at
 * registry scale (1,000,000 people) each join reads every staged row against people (~0.65 s).
 * With limit 0, the counts alone (the commit's check for undecided conflicts).
 */
interface ConflictRow {
  source_row: number;
  name: string;
  registered_name: string;
  id_masked: string;
  decision: 'rename' | 'skip' | null;
}
export async function conflictsPage(db: Db, importId: string, limit: number, offset: number) {
  // One row at least (t), whose page columns are null when the page is past the end.
  const r = await sql<{ total: number; undecided: number } & ({ [K in keyof ConflictRow]: null } | ConflictRow)>`
    WITH c AS MATERIALIZED (
      SELECT r.row_no, r.source_row, r.name, p.name AS registered_name, r.id_masked, r.decision
      FROM people_import_rows r JOIN people p ON p.id_hash = r.id_hash
      WHERE r.import_id = ${importId} AND p.org_id = r.org_id AND p.name <> r.name
    ), t AS (SELECT count(*)::int AS total, (count(*) FILTER (WHERE decision IS NULL))::int AS undecided FROM c)
    SELECT t.total, t.undecided, pg.source_row, pg.name, pg.registered_name, pg.id_masked, pg.decision
    FROM t LEFT JOIN LATERAL (SELECT * FROM c ORDER BY row_no LIMIT ${limit} OFFSET ${offset}) pg ON true
    ORDER BY pg.row_no`.execute(db);
  const { total, undecided } = r.rows[0]!;
  const rows = r.rows.filter((x): x is typeof x & ConflictRow => x.source_row !== null);
  return { total, undecided, rows };
}

/** Records a decision on conflicting rows (those source rows, or all of them); returns how many. */
export async function decideConflicts(db: Db, importId: string, decision: 'rename' | 'skip', sourceRows: number[] | null) {
  const r = await sql`
    UPDATE people_import_rows r SET decision = ${decision}
    FROM people p
    WHERE r.import_id = ${importId} AND p.id_hash = r.id_hash AND p.org_id = r.org_id AND p.name <> r.name
      ${sourceRows ? sql`AND r.source_row = ANY(${sourceRows}::int[])` : sql``}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export const NAME_CONFLICT_SKIPPED = 'name_conflict_skipped';

/**
 * The pipelined commit of rows (lo, hi], in its transaction: a row whose ID number is registered in the
 * same organisation under another name leaves the staging table and becomes an error of the report
 * (the pipeline has no step where the user decides; it never renames). Returns how many.
 */
export async function skipConflictsInBatch(trx: Transaction<Database>, importId: string, lo: number, hi: number, nameCol: number | null) {
  // The person is looked up per staged row (a subquery on the unique id_hash index, never a join): as a
  // join, the planner switched between index lookups and hashing the whole of `people`, from batch to
  // batch (20-40 ms against 110-220 ms per 5,000 rows at 1,000,000 people, growing with the registry).
  const r = await sql<{ n: number }>`
    WITH d AS (
      DELETE FROM people_import_rows r
      WHERE r.import_id = ${importId} AND r.row_no > ${lo} AND r.row_no <= ${hi}
        AND (SELECT p.name FROM people p WHERE p.id_hash = r.id_hash AND p.org_id = r.org_id) <> r.name
      RETURNING r.source_row, r.name
    ), e AS (
      INSERT INTO people_import_errors (import_id, source_row, col, field, code, value)
      SELECT ${importId}::bigint, source_row, ${nameCol}::int, 'name', ${NAME_CONFLICT_SKIPPED}, name FROM d
      RETURNING 1
    ) SELECT count(*)::int AS n FROM e`.execute(trx);
  return r.rows[0]?.n ?? 0;
}

/** The counts of a pipelined import once every row is read and every batch applied. */
export async function pipelineCounts(db: Db, importId: string) {
  const r = await sql<{ error_rows: number; error_count: number; skipped: number }>`
    SELECT count(DISTINCT source_row) FILTER (WHERE NOT skipped)::int AS error_rows,
      count(*) FILTER (WHERE NOT skipped)::int AS error_count,
      count(*) FILTER (WHERE skipped)::int AS skipped
    FROM people_import_errors WHERE import_id = ${importId}`.execute(db);
  return r.rows[0]!;
}

/**
 * A pipelined import's totals once the file is read and every batch applied: its valid rows are the
 * staged ones less the conflicts skipped, and what it "will" do is what it did.
 */
export async function setPipelineTotals(
  db: Db,
  importId: string,
  runToken: string,
  t: { total: number; valid: number; error_rows: number; error_count: number; skipped: number; batches: number },
) {
  await sql`
    UPDATE people_imports SET total_rows = ${t.total}, processed_rows = ${t.total}, valid_rows = ${t.valid}::int - conflict_rows,
      error_rows = ${t.error_rows}, error_count = ${t.error_count}, skipped_rows = ${t.skipped}, total_batches = ${t.batches},
      will_create = created_count, will_update = updated_count, will_transfer = transfer_count, updated_at = now()
    WHERE id = ${importId} AND run_token = ${runToken}`.execute(db);
}

/** At the start of a commit: rows the user chose to skip leave the staging table; returns the rows left. */
export async function dropSkippedRows(db: Db, importId: string) {
  const r = await db
    .deleteFrom('people_import_rows')
    .where('import_id', '=', importId)
    .where('decision', '=', 'skip')
    .returning('row_no')
    .execute();
  if (r.length > 0)
    await renumberStaged(
      db,
      importId,
      r.reduce((m, x) => Math.min(m, x.row_no), Number.POSITIVE_INFINITY),
    );
  const n = await db
    .selectFrom('people_import_rows')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('import_id', '=', importId)
    .executeTakeFirstOrThrow();
  return { dropped: r.length, left: n.n };
}

/** Fresh statistics of the staging table: every column, or only the two that bound a batch's rows. */
export async function analyzeStaging(db: Db, columns: 'all' | 'row-range' = 'all') {
  if (columns === 'row-range') await sql`ANALYZE people_import_rows (import_id, row_no)`.execute(db);
  else await sql`ANALYZE people_import_rows`.execute(db);
}

/** What a commit would do: new people, updates in place, and transfer requests (registered elsewhere). */
export async function previewCounts(db: Db, importId: string) {
  const r = await sql<{ create: number; update: number; transfer: number }>`
    SELECT count(*) FILTER (WHERE p.id IS NULL)::int AS create,
           count(*) FILTER (WHERE p.org_id = r.org_id)::int AS update,
           count(*) FILTER (WHERE p.id IS NOT NULL AND p.org_id <> r.org_id)::int AS transfer
    FROM people_import_rows r LEFT JOIN people p ON p.id_hash = r.id_hash
    WHERE r.import_id = ${importId}`.execute(db);
  return r.rows[0]!;
}

/** Staged rows after a row number (to detect a staging table emptied by a database crash). */
export async function countStaged(db: Db, importId: string, afterRowNo: number) {
  const r = await db
    .selectFrom('people_import_rows')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('import_id', '=', importId)
    .where('row_no', '>', afterRowNo)
    .executeTakeFirstOrThrow();
  return r.n;
}

export function listErrors(db: Db, importId: string, limit: number, offset: number) {
  return db
    .selectFrom('people_import_errors')
    .selectAll()
    .where('import_id', '=', importId)
    .orderBy('source_row')
    .orderBy('col')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countErrors(db: Db, importId: string) {
  const r = await db
    .selectFrom('people_import_errors')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('import_id', '=', importId)
    .executeTakeFirstOrThrow();
  return r.n;
}

/** Errors of the rows in [fromRow, toRow], for the error report. */
export function errorsOfRows(db: Db, importId: string, fromRow: number, toRow: number) {
  return db
    .selectFrom('people_import_errors')
    .selectAll()
    .where('import_id', '=', importId)
    .where('source_row', '>=', fromRow)
    .where('source_row', '<=', toRow)
    .orderBy('source_row')
    .orderBy('col')
    .execute();
}

/**
 * One page of an import's staged rows with what the commit would do to each. The page is cut from the
 * staged rows first and only its rows are looked up in people: cut after the join, a page deep in a
 * 100,000-row import looked up every row before it (~0.9 s against 1,000,000 people).
 */
export function stagedRows(db: Db, importId: string, limit: number, offset: number) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('people_import_rows')
        .selectAll()
        .where('import_id', '=', importId)
        .orderBy('row_no')
        .limit(limit)
        .offset(offset)
        .as('r'),
    )
    .leftJoin('organisations as o', 'o.id', 'r.org_id')
    .leftJoin('people as p', 'p.id_hash', 'r.id_hash')
    .select([
      'r.row_no',
      'r.source_row',
      'r.name',
      'r.id_masked',
      'r.gender',
      sql<string>`r.birth_date::text`.as('birth_date'),
      'r.phone_masked',
      'r.skill_level',
      'o.name as org_name',
      'r.org_id',
      sql<
        'create' | 'update' | 'transfer'
      >`CASE WHEN p.id IS NULL THEN 'create' WHEN p.org_id = r.org_id THEN 'update' ELSE 'transfer' END`.as('action'),
    ])
    .orderBy('r.row_no')
    .execute();
}

/** The unique index that refuses a person registered by another transaction while a batch applied (a retry settles it). */
export const PERSON_INSERTED_MEANWHILE = 'people_id_hash_idx';

/**
 * Applies valid rows (lo, hi] of an import in the caller's transaction. Someone registered in another
 * organisation becomes a transfer request; someone registered here is updated (blank cells keep the
 * stored value); everyone else is inserted. Skills and honours already recorded are not repeated.
 */
export async function applyBatch(trx: Transaction<Database>, importId: string, lo: number, hi: number, userId: string | null) {
  // Small statements: parallel workers cost more to start than they save.
  await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
  const r = await sql<{
    transfers: number;
    updated: number;
    created: number;
    rows: number;
    elsewhere: number;
    updated_ids: string[] | null;
  }>`
    WITH r AS (
      SELECT * FROM people_import_rows WHERE import_id = ${importId} AND row_no > ${lo} AND row_no <= ${hi}
    ), ex AS (
      -- Each row's person by one lookup on the unique id_hash index. As a plain join, the planner hashed the
      -- whole of people instead for 62 of a 1,000,000-row import's 201 batches (its estimates put the
      -- two plans close at that size); LIMIT 1 keeps the subquery a per-row lookup (id_hash is unique).
      SELECT r.*, p.pid, p.porg FROM r
      LEFT JOIN LATERAL (SELECT p.id AS pid, p.org_id AS porg FROM people p WHERE p.id_hash = r.id_hash LIMIT 1) p ON true
    ), tr AS (
      INSERT INTO person_transfers (person_id, from_org_id, to_org_id, requested_name, requested_by, import_id)
      SELECT pid, porg, org_id, name, ${userId}::bigint, import_id FROM ex WHERE pid IS NOT NULL AND porg <> org_id
      ON CONFLICT (person_id, to_org_id) WHERE status = 'pending' DO NOTHING
      RETURNING 1
    ), up AS (
      UPDATE people p SET
        -- a different name only when the user chose to rename (a conflict is never a silent update)
        name = CASE WHEN ex.decision = 'rename' THEN ex.name ELSE p.name END,
        name_key = CASE WHEN ex.decision = 'rename' THEN ex.name_key ELSE p.name_key END,
        phone_sealed = coalesce(ex.phone_sealed, p.phone_sealed),
        phone_masked = coalesce(ex.phone_masked, p.phone_masked),
        union_member = coalesce(ex.union_member, p.union_member),
        union_joined_on = coalesce(ex.union_joined_on, p.union_joined_on),
        occupation = coalesce(ex.occupation, p.occupation),
        education = coalesce(ex.education, p.education),
        employment_status = coalesce(ex.employment_status, p.employment_status),
        version = p.version + 1,
        updated_at = now()
      FROM ex WHERE p.id = ex.pid AND ex.porg = ex.org_id
      RETURNING p.id, p.id_hash
    ), ins AS (
      INSERT INTO people (org_id, name, name_key, id_hash, id_sealed, id_masked, gender, birth_date, phone_sealed, phone_masked,
        union_member, union_joined_on, occupation, education, employment_status, skill_level)
      SELECT org_id, name, name_key, id_hash, id_sealed, id_masked, gender, birth_date, phone_sealed, phone_masked,
        coalesce(union_member, false), union_joined_on, occupation, education, coalesce(employment_status, 'employed'), skill_level
      FROM ex WHERE pid IS NULL ORDER BY row_no
      RETURNING id, id_hash
    ), here AS (
      SELECT id, id_hash FROM ins UNION ALL SELECT id, id_hash FROM up
    ), sk AS (
      INSERT INTO person_skills (person_id, level, certificate_no, issuer, certified_on, import_id)
      SELECT here.id, ex.skill_level, coalesce(ex.cert_no, ''), ex.cert_issuer, ex.certified_on, ex.import_id
      FROM here JOIN ex ON ex.id_hash = here.id_hash WHERE ex.skill_level IS NOT NULL
      ON CONFLICT (person_id, level, certificate_no, certified_on) DO NOTHING
      RETURNING 1
    ), ho AS (
      INSERT INTO person_honours (person_id, kind, grade, title, year, awarding_body, import_id)
      SELECT here.id, h.kind, h.grade, h.title, h.year, h.body, ex.import_id
      FROM here JOIN ex ON ex.id_hash = here.id_hash,
        jsonb_to_recordset(ex.honours) AS h(kind text, grade text, title text, year smallint, body text)
      WHERE ex.honours IS NOT NULL
      ON CONFLICT (person_id, kind, grade, title, year) DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM tr)::int AS transfers, (SELECT count(*) FROM up)::int AS updated, (SELECT count(*) FROM ins)::int AS created,
      (SELECT count(*) FROM ex)::int AS rows, (SELECT count(*) FROM ex WHERE pid IS NOT NULL AND porg <> org_id)::int AS elsewhere,
      (SELECT array_agg(up.id) FROM up JOIN ex ON ex.id_hash = up.id_hash WHERE ex.skill_level IS NOT NULL) AS updated_ids,
      (SELECT count(*) FROM sk)::int + (SELECT count(*) FROM ho)::int AS history`.execute(trx);
  const row = r.rows[0]!;
  // New people got their level on insert; people already here may have a newer certificate now.
  if (row.updated_ids?.length) await refreshSkillLevel(trx, row.updated_ids);
  // Every staged row is applied one way: created, updated, or registered elsewhere (a transfer request,
  // new or already pending). Fewer means a row fell between the statement's snapshot and its writes:
  // someone deleted that person in a transaction not yet committed when the batch read `people`. The
  // caller rolls the batch back and retries; it does the same when someone inserted that person meanwhile,
  // which fails the insert on people_id_hash_idx (PERSON_INSERTED_MEANWHILE). A plain insert, not ON
  // CONFLICT DO NOTHING: speculative insertion made every inserted row ~30 % dearer for a race that a
  // retry settles (docs/design.md, "The import's working tables").
  return {
    created: row.created,
    updated: row.updated,
    transfers: row.transfers,
    rows: row.rows,
    applied: row.created + row.updated + row.elsewhere,
  };
}

/** Imports whose uploaded file and error report are past their retention (nothing running on them). */
export function listExpiredImports(db: Db, before: Date, limit: number) {
  return db
    .selectFrom('people_imports as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.file_format', 'i.status', 'i.org_id', 'o.path as org_path'])
    .where('i.report_purged_at', 'is', null)
    .where('i.status', 'not in', ['validating', 'committing'])
    .where('i.updated_at', '<', before)
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

/** Deletes an expired import's staged rows, errors and ID hashes; an import not committed fails as expired. */
export async function purgeImportData(db: Db, id: string, now: Date) {
  await clearStaging(db, id);
  await sql`
    UPDATE people_imports SET report_purged_at = ${now}, lease_until = NULL,
      status = CASE WHEN status = 'committed' THEN status ELSE 'failed' END,
      failure_code = CASE WHEN status = 'committed' THEN failure_code ELSE 'import_report_expired' END,
      failure_params = CASE WHEN status = 'committed' THEN failure_params ELSE NULL END
    WHERE id = ${id} AND status NOT IN ('validating', 'committing')`.execute(db);
}

/** The progress marker: moves from batch k to k+1 only if this run still owns the import and is at k. */
export async function advanceMarker(
  trx: Transaction<Database>,
  importId: string,
  runToken: string,
  batch: number,
  counts: { created: number; updated: number; transfers: number; applied: number; conflicts?: number },
  leaseSeconds: number,
): Promise<boolean> {
  const r = await sql`
    UPDATE people_imports SET committed_batches = ${batch + 1}, applied_rows = applied_rows + ${counts.applied},
      conflict_rows = conflict_rows + ${counts.conflicts ?? 0},
      created_count = created_count + ${counts.created}, updated_count = updated_count + ${counts.updated}, transfer_count = transfer_count + ${counts.transfers},
      lease_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
    WHERE id = ${importId} AND run_token = ${runToken} AND committed_batches = ${batch} AND status = 'committing'`.execute(trx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** Marks the import committed only if this run owns it, every batch is done and every staged row was applied. */
export async function finishCommit(trx: Transaction<Database>, importId: string, runToken: string): Promise<boolean> {
  const r = await sql`
    UPDATE people_imports SET status = 'committed', committed_at = now(), lease_until = NULL, updated_at = now()
    WHERE id = ${importId} AND run_token = ${runToken} AND status = 'committing' AND committed_batches = total_batches AND applied_rows = valid_rows`.execute(
    trx,
  );
  if (Number(r.numAffectedRows ?? 0) !== 1) return false;
  await trx.deleteFrom('people_import_rows').where('import_id', '=', importId).execute();
  await trx.deleteFrom('sheet_import_rows').where('import_id', '=', importId).execute();
  return true;
}

export type { ImportStatus };
