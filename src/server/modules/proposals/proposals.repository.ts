// The only SQL about innovation items.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
import { industryReachSql } from '../../platform/reach.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

export function selectItem(db: Db, id: string) {
  return db
    .selectFrom('innovation_items as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .leftJoin('studios as st', 'st.id', 'i.studio_id')
    .leftJoin('innovation_items as m', 'm.id', 'i.merged_into')
    .select([
      'i.id',
      'i.merged_into',
      'm.title as merged_into_title',
      'i.merge_reason',
      'i.org_id',
      'i.studio_id',
      'st.name as studio_name',
      'i.team',
      'o.path as org_path',
      'i.title',
      'i.category',
      'i.area',
      'i.problem',
      'i.measures',
      'i.expected_benefit',
      'i.own_duties',
      'i.proposers',
      'i.status',
      'i.reason',
      sql<string | null>`i.implemented_on::text`.as('implemented_on'),
      'i.benefit',
      sql<string | null>`i.estimated_benefit_fen::text`.as('estimated_benefit_fen'),
      sql<string | null>`i.submitted_on::text`.as('submitted_on'),
      sql<string | null>`i.decided_on::text`.as('decided_on'),
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
}
export type ItemRow = NonNullable<Awaited<ReturnType<typeof selectItem>>>;

export async function lockItem(db: Transaction<Database>, id: string) {
  await db.selectFrom('innovation_items').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findItemOrgPath(db: Db, id: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('innovation_items as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select('o.path')
    .where('i.id', '=', id)
    .executeTakeFirst();
  return r?.path;
}

/** A studio's enterprise path (to check that an item may name it). */
export function findStudioOrgPath(db: Db, studioId: string) {
  return db
    .selectFrom('studios as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(['o.path'])
    .where('s.id', '=', studioId)
    .executeTakeFirst();
}

/**
 * The items of a subtree by the studio they belong to: how many, adopted or further, implemented or
 * further, and the verified benefit (fen, exact), in the order of the studios' names.
 */
export function itemsByStudio(db: Db, rootPath: string, limit: number) {
  return db
    .selectFrom('innovation_items as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .innerJoin('studios as st', 'st.id', 'i.studio_id')
    .where('o.path', 'like', subtreePattern(rootPath))
    .where('i.status', 'not in', ['draft', 'merged'])
    .select([
      'st.id as studio_id',
      'st.name as studio_name',
      sql<number>`count(*)::int`.as('submitted'),
      sql<number>`(count(*) FILTER (WHERE i.status IN ('adopted','trial','implemented','accepted','verified','paid')))::int`.as('adopted'),
      sql<number>`(count(*) FILTER (WHERE i.status IN ('implemented','accepted','verified','paid')))::int`.as('implemented'),
      sql<string>`coalesce(sum((i.benefit->>'savingFen')::bigint) FILTER (WHERE i.status IN ('verified','paid')), 0)::text`.as(
        'verified_fen',
      ),
    ])
    .groupBy(['st.id', 'st.name'])
    .orderBy('st.name')
    .limit(limit)
    .execute();
}

export function findOrgPath(db: Db, orgId: string) {
  return db.selectFrom('organisations').select(['path']).where('id', '=', orgId).executeTakeFirst();
}

/** Registry people by id, with their organisation's path. */
export function findPeople(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.name', 'o.path'])
    .where('p.id', 'in', ids)
    .execute();
}

/** Registry people of a subtree whose name contains the text (the proposer picker), at most 20. */
export function searchPeople(db: Db, rootPath: string, q: string) {
  return db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.name', 'o.name as org_name'])
    .where('o.path', 'like', subtreePattern(rootPath))
    .where('p.name', 'ilike', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(20)
    .execute();
}

export async function insertItem(
  db: Db,
  v: {
    org_id: string;
    title: string;
    category: string;
    area: string;
    problem: string;
    measures: string;
    expected_benefit: string;
    own_duties: boolean;
    estimated_benefit_fen: string | null;
    studio_id: string | null;
    team: string;
    proposers: string;
    created_by: string | null;
  },
) {
  const r = await db.insertInto('innovation_items').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateItem(
  db: Db,
  id: string,
  v: {
    status?: string;
    reason?: string | null;
    implemented_on?: string | null;
    benefit?: string | null;
    submitted_on?: string | null;
    decided_on?: string | null;
  },
) {
  await db
    .updateTable('innovation_items')
    .set({ ...v, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** The registry person a worker account signs in as (null for staff accounts). */
export async function findUserPerson(db: Db, userId: string): Promise<string | null> {
  const r = await db.selectFrom('users').select('person_id').where('id', '=', userId).executeTakeFirst();
  return r?.person_id ?? null;
}

export async function personHasAccount(db: Db, personId: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('person_id', '=', personId).executeTakeFirst());
}

export async function linkUserPerson(db: Db, userId: string, personId: string) {
  await db.updateTable('users').set({ person_id: personId }).where('id', '=', userId).execute();
}

/**
 * Items of a subtree (newest first) — with an industry union (industryUnionOf), also of the enterprises
 * affiliated to it — optionally by status, or only those a given person proposes.
 */
export async function listItems(
  db: Db,
  f: { rootPath: string; industryUnionId?: string; status?: string; proposer?: string | null; q?: string },
  limit: number,
  offset: number,
) {
  let q = db
    .selectFrom('innovation_items as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .where(
      f.industryUnionId
        ? sql<boolean>`(o.path LIKE ${subtreePattern(f.rootPath)} OR ${industryReachSql(f.industryUnionId, 'i.org_id')})`
        : sql<boolean>`o.path LIKE ${subtreePattern(f.rootPath)}`,
    );
  // Merged duplicates are listed only when asked for by their status.
  q = f.status ? q.where('i.status', '=', f.status) : q.where('i.status', '<>', 'merged');
  if (f.q) {
    const text = f.q;
    const number = /^(?:CX)?0*(\d{1,15})$/i.exec(text)?.[1];
    q = q.where((e) =>
      e.or([e('i.title', 'ilike', `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`), ...(number ? [e('i.id', '=', number)] : [])]),
    );
  }
  if (f.proposer) q = q.where(sql<boolean>`i.proposers @> ${JSON.stringify([{ personId: f.proposer }])}::jsonb`);
  const total = await q.select((e) => e.fn.countAll<string>().as('n')).executeTakeFirst();
  const ids = await q.select('i.id').orderBy('i.id', 'desc').limit(limit).offset(offset).execute();
  return { ids: ids.map((r) => r.id), total: Number(total?.n ?? 0) };
}

// ---- merging duplicates

/** Sets the kept item's proposers (the merging user's list). */
export async function setProposers(db: Db, id: string, proposers: string) {
  await db.updateTable('innovation_items').set({ proposers, updated_at: sql`now()` }).where('id', '=', id).execute();
}

/** Marks a duplicate merged into the kept item (the totals trigger then takes it out of every figure). */
export async function markMerged(db: Db, id: string, keptId: string, reason: string) {
  await db
    .updateTable('innovation_items')
    .set({ status: 'merged', merged_into: keptId, merged_at: sql`now()`, merge_reason: reason, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** An item's selection entries with their award counts (to combine two items' entries). */
export function entriesToMerge(db: Db, itemId: string) {
  return db
    .selectFrom('innovation_entries as e')
    .innerJoin('innovation_selections as s', 's.id', 'e.selection_id')
    .select([
      'e.id',
      'e.selection_id',
      'e.decision',
      's.name as selection_name',
      sql<number>`(SELECT count(*) FROM innovation_awards a WHERE a.entry_id = e.id)::int`.as('awards'),
    ])
    .where('e.item_id', '=', itemId)
    .orderBy('e.id')
    .execute();
}

export async function moveEntry(db: Db, entryId: string, itemId: string) {
  await db.updateTable('innovation_entries').set({ item_id: itemId }).where('id', '=', entryId).execute();
}

/** Moves an entry's awards to another entry (of the kept item), then drops the emptied entry. */
export async function foldEntry(db: Db, fromEntryId: string, intoEntryId: string, itemId: string) {
  await db.updateTable('innovation_awards').set({ entry_id: intoEntryId, item_id: itemId }).where('entry_id', '=', fromEntryId).execute();
  await db.deleteFrom('innovation_entries').where('id', '=', fromEntryId).execute();
}

/** Moves the awards still filed under the duplicate (of entries moved with it) to the kept item. */
export async function moveAwards(db: Db, fromItemId: string, itemId: string) {
  await db.updateTable('innovation_awards').set({ item_id: itemId }).where('item_id', '=', fromItemId).execute();
}

export async function movePatents(db: Db, fromItemId: string, itemId: string): Promise<number> {
  const r = await db.updateTable('innovation_patents').set({ item_id: itemId }).where('item_id', '=', fromItemId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The item and every duplicate merged into it (or into one of those), with their numbers' ids and titles. */
export async function itemWithMerged(db: Db, id: string) {
  const r = await sql<{ id: string; title: string }>`
    WITH RECURSIVE t(id) AS (
      SELECT id FROM innovation_items WHERE id = ${id}
      UNION SELECT i.id FROM innovation_items i JOIN t ON i.merged_into = t.id
    )
    SELECT i.id::text AS id, i.title FROM innovation_items i JOIN t ON t.id = i.id`.execute(db);
  return r.rows;
}

/** The audit entries of some items, oldest first (an item's timeline). */
export function auditOfItems(db: Db, ids: string[]) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'at', 'action', 'actor_username', 'entity_id', 'before', 'after'])
    .where('entity_type', '=', 'innovation_item')
    .where('entity_id', 'in', ids)
    .orderBy('id')
    .limit(500)
    .execute();
}
