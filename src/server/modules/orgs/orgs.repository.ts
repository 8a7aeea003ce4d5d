// The only place that talks SQL about organisations.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, NewOrganisation, OrganisationRow, OrganisationUpdate } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
import { industryReachSql } from '../../platform/reach.repository.js';
import { AppError } from '../../platform/errors.js';
import { orgNameKey } from '../../platform/sort-key.js';

type Db = Kysely<Database> | Transaction<Database>;
export type OrgWithCount = OrganisationRow & { child_count: number };

const childCount = sql<number>`(SELECT count(*)::int FROM organisations c WHERE c.parent_id = organisations.id AND c.status = 'active')`;

export function findOrgById(db: Db, id: string): Promise<OrgWithCount | undefined> {
  return db.selectFrom('organisations').selectAll().select(childCount.as('child_count')).where('id', '=', id).executeTakeFirst();
}

export async function findOrgPath(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('path').where('id', '=', id).executeTakeFirst();
  return row?.path;
}

export function lockOrg(db: Transaction<Database>, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findOrgsByIds(db: Db, ids: string[]): Promise<Pick<OrganisationRow, 'id' | 'name' | 'path'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('organisations').select(['id', 'name', 'path']).where('id', 'in', ids).execute();
}

export async function listChildren(
  db: Db,
  parentId: string,
  opts: { includeArchived: boolean; kind?: string; limit: number; offset: number },
) {
  let q = db.selectFrom('organisations').where('parent_id', '=', parentId);
  if (!opts.includeArchived) q = q.where('status', '=', 'active');
  if (opts.kind) q = q.where('kind', '=', opts.kind as never);
  const [items, total] = await Promise.all([
    q.selectAll().select(childCount.as('child_count')).orderBy('name_key').orderBy('id').limit(opts.limit).offset(opts.offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

/** By name in the subtree and, with an industry union (industryUnionOf), among the enterprises affiliated to it. */
export async function searchInSubtree(
  db: Db,
  rootPath: string,
  text: string,
  opts: { includeArchived: boolean; kind?: string; limit: number; offset: number; industryUnionId?: string },
) {
  let q = db
    .selectFrom('organisations')
    .where(
      opts.industryUnionId
        ? sql<boolean>`(path LIKE ${subtreePattern(rootPath)} OR ${industryReachSql(opts.industryUnionId, 'organisations.id')})`
        : sql<boolean>`path LIKE ${subtreePattern(rootPath)}`,
    )
    .where('name', 'ilike', `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (!opts.includeArchived) q = q.where('status', '=', 'active');
  if (opts.kind) q = q.where('kind', '=', opts.kind as never);
  const [items, total] = await Promise.all([
    q
      .selectAll()
      .select(childCount.as('child_count'))
      .orderBy('depth')
      .orderBy('name_key')
      .orderBy('id')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

export function findSiblingByName(db: Db, parentId: string, name: string, exceptId?: string) {
  let q = db
    .selectFrom('organisations')
    .select('id')
    .where('parent_id', '=', parentId)
    .where('name', '=', name)
    .where('status', '=', 'active');
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export function findByUscc(db: Db, uscc: string) {
  return db.selectFrom('organisations').select(['id']).where('uscc', '=', uscc).executeTakeFirst();
}

/**
 * Inserts a node; its path needs its own id, so it is set by a second statement. The placeholder
 * path is unique per insert: a shared one would collide on the unique path index (outside a
 * transaction) or make every concurrent insert wait for the first one's commit (inside one).
 * The name's sort key is computed here.
 */
export async function insertOrg(
  db: Db,
  parent: Pick<OrganisationRow, 'path' | 'depth' | 'id'> | null,
  values: Omit<NewOrganisation, 'path' | 'depth' | 'parent_id' | 'name_key'>,
): Promise<OrganisationRow> {
  const row = await db
    .insertInto('organisations')
    .values({
      ...values,
      name_key: orgNameKey(values.name),
      parent_id: parent?.id ?? null,
      path: `pending:${randomUUID()}`,
      depth: parent ? parent.depth + 1 : 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? ''}${row.id}.`;
  return db.updateTable('organisations').set({ path }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
}

/** Updates an organisation and raises its version (optimistic locking); a new name gets its sort key here. */
export function updateOrg(db: Db, id: string, values: OrganisationUpdate) {
  const key = values.name !== undefined ? { name_key: orgNameKey(values.name) } : {};
  return db
    .updateTable('organisations')
    .set({ ...values, ...key, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Re-roots a whole subtree in one statement: every path under the old prefix gets the new prefix. */
export async function moveSubtree(db: Transaction<Database>, node: OrganisationRow, newParent: OrganisationRow): Promise<number> {
  const newPath = `${newParent.path}${node.id}.`;
  const depthDelta = newParent.depth + 1 - node.depth;
  await db
    .updateTable('organisations')
    .set({ parent_id: newParent.id, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', node.id)
    .execute();
  const res = await db
    .updateTable('organisations')
    .set({
      path: sql`${newPath} || substr(path, ${node.path.length + 1})`,
      depth: sql`depth + ${depthDelta}::int`,
    })
    .where('path', 'like', subtreePattern(node.path))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function countActiveChildren(db: Db, id: string): Promise<number> {
  const r = await db
    .selectFrom('organisations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('parent_id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return r.n;
}

/** Whether anything refers to the organisation; such an organisation may be archived, never deleted. */
export async function orgHasData(db: Db, id: string): Promise<boolean> {
  const r = await db
    .selectNoFrom([
      sql<boolean>`EXISTS (SELECT 1 FROM organisations WHERE parent_id = ${id})`.as('children'),
      sql<boolean>`EXISTS (SELECT 1 FROM users WHERE org_id = ${id})`.as('users'),
      sql<boolean>`(EXISTS (SELECT 1 FROM people WHERE org_id = ${id})
        OR EXISTS (SELECT 1 FROM person_transfers WHERE from_org_id = ${id} OR to_org_id = ${id})
        OR EXISTS (SELECT 1 FROM people_imports WHERE org_id = ${id})
        OR EXISTS (SELECT 1 FROM craftsman_titles WHERE org_id = ${id}))`.as('people'),
    ])
    .executeTakeFirstOrThrow();
  return r.children || r.users || r.people;
}

/** Deletes the row; anything else still referring to it (a later module's records) answers org_has_data, not a 500. */
export async function deleteOrg(db: Db, id: string) {
  try {
    return await db.deleteFrom('organisations').where('id', '=', id).execute();
  } catch (err) {
    if ((err as { code?: string }).code === '23503') throw new AppError('org_has_data');
    throw err;
  }
}

export function findRootOrg(db: Db) {
  return db.selectFrom('organisations').selectAll().where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
}

/** The industry unions an organisation is actively affiliated to (the industry chain of its detail view). */
export function findIndustryUnionsOf(db: Db, orgId: string) {
  return db
    .selectFrom('org_affiliations as a')
    .innerJoin('organisations as u', 'u.id', 'a.union_id')
    .select(['u.id', 'u.name', 'u.level', 'u.path', 'a.valid_from'])
    .where('a.enterprise_id', '=', orgId)
    .where('a.status', '=', 'active')
    .orderBy('u.depth')
    .orderBy('u.name_key')
    .execute();
}
