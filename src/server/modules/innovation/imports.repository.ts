// The SQL of studio-list and pair-list imports: finding the registry's people and the organisations a
// row names, the keys already present (so a second import adds nothing), the staged rows of the
// import (sheet_import_rows) and the inserts of a commit batch.
import { sql } from 'kysely';
import type { Db } from './innovation.repository.js';

export interface PersonHit {
  id: string;
  name: string;
  org_id: string;
  org_path: string;
  skill_level: number | null;
  id_hash: string;
}

const personColumns = ['p.id', 'p.name', 'p.org_id', 'o.path as org_path', 'p.skill_level', 'p.id_hash'] as const;

export function peopleByHashes(db: Db, hashes: string[]): Promise<PersonHit[]> {
  if (!hashes.length) return Promise.resolve([]);
  return db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(personColumns)
    .where('p.id_hash', 'in', hashes)
    .execute();
}

/** People of the given workplaces with one of the given names (a name is identified within its workplace). */
export function peopleByNames(db: Db, orgIds: string[], names: string[]): Promise<PersonHit[]> {
  if (!orgIds.length || !names.length) return Promise.resolve([]);
  return db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(personColumns)
    .where('p.org_id', 'in', orgIds)
    .where('p.name', 'in', names)
    .execute();
}

/** Which of these names or credit codes name an active organisation anywhere (to tell "unreachable" from "unknown"). */
export async function orgKeysAnywhere(db: Db, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db
    .selectFrom('organisations')
    .select(['name', 'uscc', 'union_name'])
    .where((eb) => eb.or([eb('name', 'in', keys), eb('uscc', 'in', keys), eb('union_name', 'in', keys)]))
    .execute();
  return new Set(rows.flatMap((r) => [r.name, r.uscc, r.union_name]).filter((k): k is string => !!k));
}

/** Organisations by id with their kind, level and path (the naming organisation is found on a path). */
export function orgsByIds(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('organisations').select(['id', 'name', 'kind', 'level', 'path', 'depth']).where('id', 'in', ids).execute();
}

/** Keys "org|name" of studios already registered. */
export async function existingStudioKeys(db: Db, keys: { org_id: string; name: string }[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db
    .selectFrom('studios')
    .select(['org_id', 'name'])
    .where('org_id', 'in', [...new Set(keys.map((k) => k.org_id))])
    .where('name', 'in', [...new Set(keys.map((k) => k.name))])
    .execute();
  return new Set(rows.map((r) => `${r.org_id}|${r.name}`));
}

/** Keys "master|apprentice|start" of pairs already registered. */
export async function existingPairKeys(db: Db, masters: string[]): Promise<Set<string>> {
  if (!masters.length) return new Set();
  const rows = await db
    .selectFrom('mentorships')
    .select(['master_person_id', 'apprentice_person_id', sql<string>`start_on::text`.as('start_on')])
    .where('master_person_id', 'in', masters)
    .execute();
  return new Set(rows.map((r) => `${r.master_person_id}|${r.apprentice_person_id}|${r.start_on}`));
}

const OPEN = ['proposed', 'approved', 'signed', 'in_progress', 'exam_due'];

/** Running pairs per person, as master or as apprentice. */
export async function openPairCounts(db: Db, column: 'master_person_id' | 'apprentice_person_id', ids: string[]) {
  if (!ids.length) return new Map<string, number>();
  const rows = await db
    .selectFrom('mentorships')
    .select([`${column} as person_id`, sql<number>`count(*)::int`.as('n')])
    .where(column, 'in', ids)
    .where('status', 'in', OPEN)
    .groupBy(column)
    .execute();
  return new Map(rows.map((r) => [String(r.person_id), r.n]));
}

/** Staged rows of a studio or pair list (JSON records numbered 1…n). */
export async function insertSheetRows(
  db: Db,
  importId: string,
  rows: { row_no: number; source_row: number; row_key: string; data: unknown }[],
) {
  if (!rows.length) return;
  await sql`
    INSERT INTO sheet_import_rows (import_id, row_no, source_row, row_key, data)
    SELECT ${importId}::bigint, r.row_no, r.source_row, r.row_key, r.data
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(row_no int, source_row int, row_key text, data jsonb)`.execute(db);
}

export async function countSheetRows(db: Db, importId: string, afterRowNo: number) {
  const r = await db
    .selectFrom('sheet_import_rows')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('import_id', '=', importId)
    .where('row_no', '>', afterRowNo)
    .executeTakeFirstOrThrow();
  return r.n;
}

export function sheetRows(db: Db, importId: string, lo: number, hi: number) {
  return db
    .selectFrom('sheet_import_rows')
    .select(['row_no', 'source_row', 'row_key', 'data'])
    .where('import_id', '=', importId)
    .where('row_no', '>', lo)
    .where('row_no', '<=', hi)
    .orderBy('row_no')
    .execute();
}

export function sheetRowsPage(db: Db, importId: string, limit: number, offset: number) {
  return db
    .selectFrom('sheet_import_rows')
    .select(['row_no', 'source_row', 'data'])
    .where('import_id', '=', importId)
    .orderBy('row_no')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function studioExists(db: Db, orgId: string, name: string) {
  const r = await db.selectFrom('studios').select('id').where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
  return r !== undefined;
}

export async function pairExists(db: Db, master: string, apprentice: string, startOn: string) {
  const r = await db
    .selectFrom('mentorships')
    .select('id')
    .where('master_person_id', '=', master)
    .where('apprentice_person_id', '=', apprentice)
    .where('start_on', '=', startOn)
    .executeTakeFirst();
  return r !== undefined;
}

/** A naming record brought in with a studio list (no call or application: it predates the platform). */
export function insertImportedNaming(
  db: Db,
  v: { studio_id: string; org_id: string; level: string; doc_no: string; named_on: string; plaque_no: string | null; grant_fen: string },
) {
  return db
    .insertInto('studio_namings')
    .values({ ...v, call_id: null, application_id: null })
    .onConflict((oc) => oc.columns(['studio_id', 'org_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}
