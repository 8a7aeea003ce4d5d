// The SQL of programmes, goals and federation tags.
import { sql } from 'kysely';
import { subtreePattern } from '../../platform/access.js';
import type { Db } from './tasks.repository.js';

export interface ProgrammeRecord {
  id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  title: string;
  description: string;
  period_start: string;
  period_end: string;
  status: 'active' | 'archived';
  created_at: Date;
  updated_at: Date;
  task_count: number;
}

function selectProgrammes(db: Db, actorPath: string) {
  const pattern = subtreePattern(actorPath);
  return db
    .selectFrom('task_programmes as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select([
      'p.id',
      'p.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'p.title',
      'p.description',
      sql<string>`p.period_start::text`.as('period_start'),
      sql<string>`p.period_end::text`.as('period_end'),
      'p.status',
      'p.created_at',
      'p.updated_at',
      sql<number>`(SELECT count(*)::int FROM tasks t JOIN organisations lo ON lo.id = t.org_id WHERE t.programme_id = p.id AND (lo.path LIKE ${pattern}
        OR EXISTS (SELECT 1 FROM task_co_units cu JOIN organisations co ON co.id = cu.org_id WHERE cu.task_id = t.id AND co.path LIKE ${pattern})))`.as(
        'task_count',
      ),
    ]);
}

/** Owned in the subtree, or owned above with a task led or co-led in the subtree. */
function visibleProgramme(actorPath: string) {
  const pattern = subtreePattern(actorPath);
  return sql<boolean>`(o.path LIKE ${pattern} OR (left(${actorPath}, length(o.path)) = o.path AND EXISTS (
    SELECT 1 FROM tasks t JOIN organisations lo ON lo.id = t.org_id WHERE t.programme_id = p.id AND (lo.path LIKE ${pattern}
      OR EXISTS (SELECT 1 FROM task_co_units cu JOIN organisations co ON co.id = cu.org_id WHERE cu.task_id = t.id AND co.path LIKE ${pattern})))))`;
}

export async function listProgrammes(
  db: Db,
  actorPath: string,
  f: { ownerPath?: string; q?: string; status?: string },
  limit: number,
  offset: number,
) {
  let q = selectProgrammes(db, actorPath).where(visibleProgramme(actorPath));
  if (f.ownerPath) q = q.where('o.path', 'like', subtreePattern(f.ownerPath));
  if (f.q) q = q.where('p.title', 'ilike', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.status) q = q.where('p.status', '=', f.status as 'active');
  const [items, total] = await Promise.all([
    q.orderBy('p.period_end', 'desc').orderBy('p.id', 'desc').limit(limit).offset(offset).execute() as Promise<ProgrammeRecord[]>,
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

export function findVisibleProgramme(db: Db, actorPath: string, id: string) {
  return selectProgrammes(db, actorPath).where('p.id', '=', id).where(visibleProgramme(actorPath)).executeTakeFirst() as Promise<
    ProgrammeRecord | undefined
  >;
}

export async function listProgrammeTags(db: Db, programmeIds: string[]) {
  if (!programmeIds.length) return [];
  return db
    .selectFrom('task_programme_tags as pt')
    .innerJoin('task_tags as tg', 'tg.id', 'pt.tag_id')
    .select(['pt.programme_id', 'tg.id', 'tg.org_id', 'tg.name', 'tg.color'])
    .where('pt.programme_id', 'in', programmeIds)
    .orderBy('tg.name')
    .execute();
}

export async function listGoals(db: Db, programmeId: string, actorPath: string) {
  const pattern = subtreePattern(actorPath);
  return db
    .selectFrom('task_goals as g')
    .select([
      'g.id',
      'g.programme_id',
      'g.title',
      'g.description',
      'g.sort_order',
      sql<number>`(SELECT count(*)::int FROM tasks t JOIN organisations lo ON lo.id = t.org_id WHERE t.goal_id = g.id AND lo.path LIKE ${pattern})`.as(
        'task_count',
      ),
    ])
    .where('g.programme_id', '=', programmeId)
    .orderBy('g.sort_order')
    .orderBy('g.id')
    .execute();
}

export interface GoalRecord {
  id: string;
  programme_id: string;
  title: string;
  description: string;
  sort_order: number;
  created_at: Date;
}

export function findGoal(db: Db, id: string): Promise<GoalRecord | undefined> {
  return db.selectFrom('task_goals').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface TagRecord {
  id: string;
  org_id: string;
  name: string;
  color: string | null;
  path: string;
}

export async function findTagsByIds(db: Db, ids: string[]): Promise<TagRecord[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('task_tags as tg')
    .innerJoin('organisations as o', 'o.id', 'tg.org_id')
    .select(['tg.id', 'tg.org_id', 'tg.name', 'tg.color', 'o.path'])
    .where('tg.id', 'in', ids)
    .execute();
}

/** Tags of the organisations on a path (ancestors and self), nearest first. */
export async function listTagsOnPath(db: Db, orgPath: string) {
  const ids = orgPath.split('.').filter(Boolean);
  return db
    .selectFrom('task_tags as tg')
    .innerJoin('organisations as o', 'o.id', 'tg.org_id')
    .select(['tg.id', 'tg.org_id', 'tg.name', 'tg.color', 'o.depth'])
    .where('tg.org_id', 'in', ids)
    .orderBy('o.depth', 'desc')
    .orderBy('tg.name')
    .execute();
}

// ---------------------------------------------------------------- writes

export async function insertProgramme(
  db: Db,
  v: { org_id: string; title: string; description: string; period_start: string; period_end: string; created_by: string },
): Promise<string> {
  return (await db.insertInto('task_programmes').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateProgrammeFields(
  db: Db,
  id: string,
  set: { title?: string; description?: string; period_start?: string; period_end?: string; status?: 'active' | 'archived' },
): Promise<void> {
  await db
    .updateTable('task_programmes')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function replaceProgrammeTags(db: Db, programmeId: string, tagIds: string[]): Promise<void> {
  await db.deleteFrom('task_programme_tags').where('programme_id', '=', programmeId).execute();
  if (tagIds.length)
    await db
      .insertInto('task_programme_tags')
      .values(tagIds.map((tag_id) => ({ programme_id: programmeId, tag_id })))
      .execute();
}

/** Appends a goal (after the last one unless an order is given). */
export async function insertGoal(
  db: Db,
  v: { programme_id: string; title: string; description: string; sort_order?: number },
): Promise<GoalRecord> {
  let order = v.sort_order;
  if (order === undefined) {
    const max = await db
      .selectFrom('task_goals')
      .select((eb) => eb.fn.max('sort_order').as('m'))
      .where('programme_id', '=', v.programme_id)
      .executeTakeFirst();
    order = Number(max?.m ?? -1) + 1;
  }
  return db
    .insertInto('task_goals')
    .values({ ...v, sort_order: order })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateGoalFields(
  db: Db,
  id: string,
  set: { title?: string; description?: string; sort_order?: number },
): Promise<void> {
  if (Object.keys(set).length) await db.updateTable('task_goals').set(set).where('id', '=', id).execute();
}

/** The nearest federation at or above an organisation (its path's ids). */
export function findNearestFederation(db: Db, path: string) {
  const ids = path.split('.').filter(Boolean);
  return db
    .selectFrom('organisations')
    .select(['id', 'path', 'kind'])
    .where('id', 'in', ids)
    .where('kind', '=', 'federation')
    .orderBy('depth', 'desc')
    .executeTakeFirst();
}

export async function hasTagNamed(db: Db, orgId: string, name: string): Promise<boolean> {
  return !!(await db.selectFrom('task_tags').select('id').where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst());
}

export function insertTag(db: Db, v: { org_id: string; name: string; color: string | null }) {
  return db.insertInto('task_tags').values(v).returningAll().executeTakeFirstOrThrow();
}

/** Removes a tag and its links; how many tasks carried it. */
export async function deleteTag(db: Db, id: string): Promise<number> {
  const links = await db.deleteFrom('task_tag_links').where('tag_id', '=', id).executeTakeFirst();
  await db.deleteFrom('task_programme_tags').where('tag_id', '=', id).execute();
  await db.deleteFrom('task_tags').where('id', '=', id).execute();
  return Number(links.numDeletedRows);
}
