// The only SQL about upward selections, their entries and awards, patents, and the maintained
// employee-innovation totals (migration 2026-12-07T20-innovation-upward).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';

type Db = Kysely<Database> | Transaction<Database>;

// ---- selections
export function insertSelection(
  db: Db,
  v: { org_id: string; name: string; kind: string; year: number; deadline: string; created_by: string },
) {
  return db
    .insertInto('innovation_selections')
    .values(v)
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}

const selectionColumns = [
  's.id',
  's.org_id',
  'o.name as org_name',
  'o.path as org_path',
  's.name',
  's.kind',
  's.year',
  sql<string>`s.deadline::text`.as('deadline'),
  sql<string>`(SELECT count(*) FROM innovation_entries e WHERE e.selection_id = s.id)::int`.as('entries'),
] as const;

export function selectSelection(db: Db, id: string) {
  return db
    .selectFrom('innovation_selections as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(selectionColumns)
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type SelectionRow = NonNullable<Awaited<ReturnType<typeof selectSelection>>>;

/** Selections of the caller's subtree (it reviews them) and of the organisations above it (it recommends into them). */
export function listSelections(db: Db, orgPath: string) {
  const ancestors = orgPath
    .replace(/\.$/, '')
    .split('.')
    .slice(0, -1)
    .filter((x) => x !== '');
  return db
    .selectFrom('innovation_selections as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(selectionColumns)
    .where((e) => e.or([e('o.path', 'like', subtreePattern(orgPath)), ...(ancestors.length ? [e('s.org_id', 'in', ancestors)] : [])]))
    .orderBy('s.year', 'desc')
    .orderBy('s.id', 'desc')
    .limit(500)
    .execute();
}

export async function findSelectionOrgPath(db: Db, id: string): Promise<string | undefined> {
  return (await selectSelection(db, id))?.org_path;
}

// ---- entries
export function insertEntry(
  db: Db,
  v: { selection_id: string; item_id: string; recommended_by: string; note: string; created_by: string },
) {
  return db
    .insertInto('innovation_entries')
    .values(v)
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}

export function entryExists(db: Db, selectionId: string, itemId: string) {
  return db
    .selectFrom('innovation_entries')
    .select('id')
    .where('selection_id', '=', selectionId)
    .where('item_id', '=', itemId)
    .executeTakeFirst()
    .then((r) => !!r);
}

function entriesQuery(db: Db) {
  return db
    .selectFrom('innovation_entries as e')
    .innerJoin('innovation_selections as s', 's.id', 'e.selection_id')
    .innerJoin('organisations as so', 'so.id', 's.org_id')
    .innerJoin('innovation_items as i', 'i.id', 'e.item_id')
    .innerJoin('organisations as io', 'io.id', 'i.org_id')
    .innerJoin('organisations as ro', 'ro.id', 'e.recommended_by')
    .select([
      'e.id',
      'e.selection_id',
      's.name as selection_name',
      'so.name as selection_org_name',
      'so.path as selection_org_path',
      'so.id as selection_org_id',
      's.year as selection_year',
      'e.item_id',
      'i.title as item_title',
      'i.category as item_category',
      'io.name as item_org_name',
      'io.path as item_org_path',
      'i.org_id as item_org_id',
      'ro.name as recommended_by_name',
      'ro.path as recommended_by_path',
      'e.note',
      sql<string | null>`e.score::text`.as('score'),
      'e.rank',
      'e.decision',
      'e.reason',
    ]);
}
export type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesQuery>['execute']>>[number];

export function selectEntry(db: Db, id: string) {
  return entriesQuery(db).where('e.id', '=', id).executeTakeFirst();
}

export function entriesOfSelection(db: Db, selectionId: string) {
  return entriesQuery(db).where('e.selection_id', '=', selectionId).orderBy(sql`e.rank NULLS LAST`).orderBy('e.id').execute();
}

/** An item's entries the caller sees: those its subtree recommended, or those addressed to its subtree. */
export function entriesOfItem(db: Db, itemId: string, orgPath: string) {
  const p = subtreePattern(orgPath);
  return entriesQuery(db)
    .where('e.item_id', '=', itemId)
    .where((e) => e.or([e('ro.path', 'like', p), e('so.path', 'like', p)]))
    .orderBy('e.id')
    .execute();
}

export async function findEntryOrgPath(db: Db, id: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('innovation_entries as e')
    .innerJoin('innovation_selections as s', 's.id', 'e.selection_id')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select('o.path')
    .where('e.id', '=', id)
    .executeTakeFirst();
  return r?.path;
}

export async function lockEntry(db: Transaction<Database>, id: string) {
  await db.selectFrom('innovation_entries').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateEntry(
  db: Db,
  id: string,
  v: { score: string | null; rank: number | null; decision: string | null; reason: string | null },
) {
  await db.updateTable('innovation_entries').set(v).where('id', '=', id).execute();
}

export function awardsOfEntries(db: Db, entryIds: string[]) {
  if (!entryIds.length) return Promise.resolve([]);
  return db
    .selectFrom('innovation_awards')
    .select(['id', 'entry_id', 'name', 'tier', sql<string>`amount_fen::text`.as('amount_fen')])
    .where('entry_id', 'in', entryIds)
    .orderBy('id')
    .execute();
}

export function insertAward(db: Db, v: { entry_id: string; item_id: string; name: string; tier: string; amount_fen: string }) {
  return db
    .insertInto('innovation_awards')
    .values(v)
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}

// ---- patents
export function insertPatent(
  db: Db,
  v: {
    item_id: string;
    type: string;
    application_no: string;
    application_date: string;
    grant_no: string | null;
    grant_date: string | null;
    job_invention: boolean;
    created_by: string;
  },
) {
  return db
    .insertInto('innovation_patents')
    .values(v)
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}

export async function insertInventors(db: Db, patentId: string, personIds: string[]) {
  await db
    .insertInto('innovation_patent_inventors')
    .values(personIds.map((person_id, i) => ({ patent_id: patentId, position: i + 1, person_id })))
    .execute();
}

export function applicationNoTaken(db: Db, applicationNo: string) {
  return db
    .selectFrom('innovation_patents')
    .select('id')
    .where('application_no', '=', applicationNo)
    .executeTakeFirst()
    .then((r) => !!r);
}

const patentColumns = [
  'p.id',
  'p.item_id',
  'p.type',
  'p.application_no',
  sql<string>`p.application_date::text`.as('application_date'),
  'p.grant_no',
  sql<string | null>`p.grant_date::text`.as('grant_date'),
  'p.job_invention',
] as const;

export function patentsOfItem(db: Db, itemId: string) {
  return db.selectFrom('innovation_patents as p').select(patentColumns).where('p.item_id', '=', itemId).orderBy('p.id').execute();
}

export function selectPatent(db: Db, id: string) {
  return db.selectFrom('innovation_patents as p').select(patentColumns).where('p.id', '=', id).executeTakeFirst();
}

export function inventorsOf(db: Db, patentIds: string[]) {
  if (!patentIds.length) return Promise.resolve([]);
  return db
    .selectFrom('innovation_patent_inventors as x')
    .innerJoin('people as p', 'p.id', 'x.person_id')
    .select(['x.patent_id', 'x.person_id', 'p.name'])
    .where('x.patent_id', 'in', patentIds)
    .orderBy('x.patent_id')
    .orderBy('x.position')
    .execute();
}

/** A person's patents, for the talent record: with the position they hold among the inventors and the item's title. */
export function patentsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('innovation_patent_inventors as x')
    .innerJoin('innovation_patents as p', 'p.id', 'x.patent_id')
    .innerJoin('innovation_items as i', 'i.id', 'p.item_id')
    .select([
      'p.id',
      'p.type',
      'p.application_no',
      sql<string>`p.application_date::text`.as('application_date'),
      'p.grant_no',
      sql<string | null>`p.grant_date::text`.as('grant_date'),
      'p.job_invention',
      'x.position',
      'i.title',
      'i.id as item_id',
    ])
    .where('x.person_id', '=', personId)
    .orderBy('p.application_date')
    .execute();
}

// ---- totals
/** The maintained totals of an organisation and of its direct children, by category. */
export function totalsOf(db: Db, orgId: string) {
  return db
    .selectFrom('innovation_totals as t')
    .innerJoin('organisations as o', 'o.id', 't.org_id')
    .selectAll('t')
    .select(['o.name as org_name', 'o.name_key'])
    .where((e) => e.or([e('t.org_id', '=', orgId), e('o.parent_id', '=', orgId)]))
    .orderBy('o.name_key')
    .orderBy('t.category')
    .execute();
}

export async function workersOf(db: Db, orgId: string): Promise<number> {
  const r = await db.selectFrom('org_totals').select('workers').where('org_id', '=', orgId).executeTakeFirst();
  return Number(r?.workers ?? 0);
}

export async function participantsOf(db: Db, orgId: string): Promise<number> {
  const r = await db
    .selectFrom('innovation_participants')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('items', '>', 0)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export function decisionDaysOf(db: Db, orgId: string) {
  return db
    .selectFrom('innovation_decision_days')
    .select(['days', 'n'])
    .where('org_id', '=', orgId)
    .where('n', '>', 0)
    .orderBy('days')
    .execute();
}

const INNOVATION_FIGURES = [
  'submitted',
  'adopted',
  'implemented',
  'decided',
  'estimated_fen',
  'verified_fen',
  'awards_paid_fen',
  'recommended',
  'selected',
  'selection_awards_fen',
  'patents_invention',
  'patents_utility',
  'patents_design',
] as const;

/** Differences between the maintained innovation totals and a recount from scratch (verify-totals). */
export async function innovationMismatches(db: Db) {
  const totals = await sql<{ org_id: string; col: string; stored: string; expected: string }>`
    SELECT coalesce(t.org_id, r.org_id)::text AS org_id, 'innovation.' || coalesce(t.category, r.category) || '.' || x.col AS col,
      x.stored, x.expected
    FROM innovation_totals t FULL JOIN jx_innovation_totals_recount() r ON r.org_id = t.org_id AND r.category = t.category
    CROSS JOIN LATERAL (VALUES ${sql.raw(INNOVATION_FIGURES.map((c) => `('${c}', coalesce(t.${c}, 0)::bigint, coalesce(r.${c}, 0)::bigint)`).join(', '))}) AS x(col, stored, expected)
    WHERE x.stored <> x.expected`.execute(db);
  const participants = await sql<{ org_id: string; col: string; stored: string; expected: string }>`
    SELECT coalesce(t.org_id, r.org_id)::text AS org_id, 'innovation_participants.' || coalesce(t.person_id, r.person_id) AS col,
      coalesce(t.items, 0) AS stored, coalesce(r.items, 0) AS expected
    FROM innovation_participants t FULL JOIN jx_innovation_participants_recount() r ON r.org_id = t.org_id AND r.person_id = t.person_id
    WHERE coalesce(t.items, 0) <> coalesce(r.items, 0)`.execute(db);
  const days = await sql<{ org_id: string; col: string; stored: string; expected: string }>`
    SELECT coalesce(t.org_id, r.org_id)::text AS org_id, 'innovation_decision_days.' || coalesce(t.days, r.days) AS col,
      coalesce(t.n, 0) AS stored, coalesce(r.n, 0) AS expected
    FROM innovation_decision_days t FULL JOIN jx_innovation_days_recount() r ON r.org_id = t.org_id AND r.days = t.days
    WHERE coalesce(t.n, 0) <> coalesce(r.n, 0)`.execute(db);
  return [...totals.rows, ...participants.rows, ...days.rows];
}

/** Rewrites the maintained innovation figures from scratch (repair-totals). */
export async function repairInnovationTotals(db: Transaction<Database>) {
  await sql`DELETE FROM innovation_totals`.execute(db);
  await sql`DELETE FROM innovation_participants`.execute(db);
  await sql`DELETE FROM innovation_decision_days`.execute(db);
  await sql`DELETE FROM innovation_item_figures`.execute(db);
  await sql`INSERT INTO innovation_item_figures SELECT * FROM jx_innovation_figures(NULL)`.execute(db);
  await sql`SELECT jx_innovation_apply(f, 1) FROM innovation_item_figures f`.execute(db);
}
