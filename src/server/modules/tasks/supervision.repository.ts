// The SQL of supervision notices (督办).
import { sql } from 'kysely';
import { subtreePattern } from '../../platform/access.js';
import type { Db } from './tasks.repository.js';

function selectSupervisions(db: Db) {
  return db
    .selectFrom('task_supervisions as s')
    .innerJoin('tasks as t', 't.id', 's.task_id')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .innerJoin('organisations as fo', 'fo.id', 's.from_org_id')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select([
      's.id',
      's.task_id',
      't.title as task_title',
      's.org_id',
      'o.name as org_name',
      'o.path as org_path',
      's.from_org_id',
      'fo.name as from_org_name',
      's.message',
      (eb) => eb.cast<string>('s.respond_by', 'text').as('respond_by'),
      's.status',
      's.response',
      's.responded_at',
      'u.display_name as created_by',
      's.created_at',
    ]);
}
export type SupervisionRow = Awaited<ReturnType<ReturnType<typeof selectSupervisions>['executeTakeFirstOrThrow']>>;

export function findSupervision(db: Db, id: string): Promise<SupervisionRow | undefined> {
  return selectSupervisions(db).where('s.id', '=', id).executeTakeFirst();
}

export function listSupervisionsOfTask(db: Db, taskId: string): Promise<SupervisionRow[]> {
  return selectSupervisions(db).where('s.task_id', '=', taskId).orderBy('s.id', 'desc').execute();
}

/** Notices to units of the actor's subtree, narrowed to a subtree of it (`rootPath`). */
export async function listSupervisions(
  db: Db,
  f: { actorPath: string; rootPath: string; status?: 'open' | 'answered'; taskId?: string; orgId?: string },
  limit: number,
  offset: number,
) {
  let base = selectSupervisions(db)
    .where('o.path', 'like', subtreePattern(f.actorPath))
    .where('o.path', 'like', subtreePattern(f.rootPath));
  if (f.status) base = base.where('s.status', '=', f.status);
  if (f.taskId) base = base.where('s.task_id', '=', f.taskId);
  if (f.orgId) base = base.where('s.org_id', '=', f.orgId);
  const [rows, total] = await Promise.all([
    base.orderBy('s.status', 'desc').orderBy('s.respond_by').orderBy('s.id', 'desc').limit(limit).offset(offset).execute(),
    base.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function countOpenSupervisions(db: Db, actorPath: string): Promise<number> {
  const r = await db
    .selectFrom('task_supervisions as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('s.status', '=', 'open')
    .where('o.path', 'like', subtreePattern(actorPath))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertSupervision(
  db: Db,
  v: { task_id: string; org_id: string; from_org_id: string; message: string; respond_by: string; created_by: string },
): Promise<string> {
  return (await db.insertInto('task_supervisions').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** Records the answer if the notice is still open; false when someone answered first. */
export async function answerSupervision(db: Db, id: string, v: { response: string; responded_by: string }): Promise<boolean> {
  const r = await db
    .updateTable('task_supervisions')
    .set({ status: 'answered', ...v, responded_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteSupervisionsOfTask(db: Db, taskId: string): Promise<void> {
  await db.deleteFrom('task_supervisions').where('task_id', '=', taskId).execute();
}
