// The SQL of tasks: the ledger query (visibility, filters, sorting, keyset pages for the export),
// the batch hydration of rows (targets, co-units, tags, latest report), and the rollup.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
import { industryReachSql } from '../../platform/reach.repository.js';
import type { ReportStatus, TaskFilter, TaskKind, TaskRow, TaskStatus, ReportCycle } from './tasks.schemas.js';
import { completionShare, computeStatus, isoDay, shareOf } from './status.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface TaskRecord {
  id: string;
  programme_id: string;
  programme_title: string;
  programme_org_id: string;
  goal_id: string;
  goal_title: string;
  parent_id: string | null;
  kind: TaskKind;
  title: string;
  description: string;
  org_id: string;
  org_name: string;
  org_path: string;
  org_kind: string;
  assigned_by_org_id: string;
  assigned_by_org_name: string;
  assigned_by_path: string;
  start_date: string;
  due_date: string;
  cycle: ReportCycle;
  status: TaskStatus;
  share: number;
  child_count: number;
  children_completed: number;
  has_accepted_report: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function selectTasks(db: Db) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('organisations as o', 'o.id', 't.org_id')
    .innerJoin('organisations as ao', 'ao.id', 't.assigned_by_org_id')
    .innerJoin('task_programmes as p', 'p.id', 't.programme_id')
    .innerJoin('task_goals as g', 'g.id', 't.goal_id')
    .select([
      't.id',
      't.programme_id',
      'p.title as programme_title',
      'p.org_id as programme_org_id',
      't.goal_id',
      'g.title as goal_title',
      't.parent_id',
      't.kind',
      't.title',
      't.description',
      't.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'o.kind as org_kind',
      't.assigned_by_org_id',
      'ao.name as assigned_by_org_name',
      'ao.path as assigned_by_path',
      sql<string>`t.start_date::text`.as('start_date'),
      sql<string>`t.due_date::text`.as('due_date'),
      't.cycle',
      't.status',
      't.share',
      't.child_count',
      't.children_completed',
      't.has_accepted_report',
      't.version',
      't.created_at',
      't.updated_at',
    ]);
}

/** Led by, or co-led by, an organisation of the subtree. */
/** Tasks whose lead or a co-unit is in the subtree, or (industry reach) whose lead is an enterprise affiliated to the caller's union. */
export function visibleSql(rootPath: string, industryUnionId?: string) {
  const pattern = subtreePattern(rootPath);
  return sql<boolean>`(o.path LIKE ${pattern} OR ${industryReachSql(industryUnionId, 'o.id')} OR EXISTS (SELECT 1 FROM task_co_units cu JOIN organisations co ON co.id = cu.org_id WHERE cu.task_id = t.id AND co.path LIKE ${pattern}))`;
}

export interface ResolvedFilter extends Omit<TaskFilter, 'orgId'> {
  /** The actor's organisation path: the visibility root. */
  actorPath: string;
  actorOrgId: string;
  /** The caller's industry union, when it reaches affiliated enterprises (platform/reach.repository.ts). */
  industryUnionId?: string;
  /** Lead units in this subtree (the orgId filter, resolved). */
  leadPath?: string;
  today: string;
}

type TaskQuery = ReturnType<typeof selectTasks>;

export function applyTaskFilter<Q extends TaskQuery>(q: Q, f: ResolvedFilter): Q {
  let r = q.where(visibleSql(f.actorPath, f.industryUnionId)) as Q;
  if (f.leadPath) r = r.where('o.path', 'like', subtreePattern(f.leadPath)) as Q;
  if (f.programmeId) r = r.where('t.programme_id', '=', f.programmeId) as Q;
  if (f.goalId) r = r.where('t.goal_id', '=', f.goalId) as Q;
  if (f.kind) r = r.where('t.kind', '=', f.kind) as Q;
  if (f.status) r = r.where('t.status', '=', f.status) as Q;
  if (f.parentId) r = r.where('t.parent_id', '=', f.parentId) as Q;
  if (f.topLevel) r = r.where('t.parent_id', 'is', null) as Q;
  if (f.overdue === true) r = r.where('t.status', '=', 'overdue') as Q;
  if (f.overdue === false) r = r.where('t.status', '!=', 'overdue') as Q;
  if (f.tagId) r = r.where(sql<boolean>`EXISTS (SELECT 1 FROM task_tag_links tl WHERE tl.task_id = t.id AND tl.tag_id = ${f.tagId})`) as Q;
  if (f.mine)
    r = r.where(
      sql<boolean>`(t.org_id = ${f.actorOrgId} OR EXISTS (SELECT 1 FROM task_co_units cu2 WHERE cu2.task_id = t.id AND cu2.org_id = ${f.actorOrgId}))`,
    ) as Q;
  if (f.q) r = r.where('t.title', 'ilike', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as Q;
  return r;
}

export const SORT_COLUMNS = {
  dueDate: 't.due_date',
  startDate: 't.start_date',
  title: 't.title',
  status: 't.status',
  createdAt: 't.created_at',
} as const;
export type TaskSortField = keyof typeof SORT_COLUMNS;

export async function listTasks(
  db: Db,
  f: ResolvedFilter,
  sort: { field: TaskSortField; dir: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const [items, total] = await Promise.all([
    applyTaskFilter(selectTasks(db), f)
      .orderBy(sql.ref(SORT_COLUMNS[sort.field]), sort.dir)
      .orderBy('t.id', sort.dir)
      .limit(limit)
      .offset(offset)
      .execute() as Promise<TaskRecord[]>,
    applyTaskFilter(selectTasks(db), f).clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

/** Only the id and parent of every matching task, in id order (the export numbers the hierarchy from it). */
export function listTaskOutline(db: Db, f: ResolvedFilter): Promise<{ id: string; parent_id: string | null }[]> {
  return applyTaskFilter(selectTasks(db), f).clearSelect().select(['t.id', 't.parent_id']).orderBy('t.id').execute();
}

export function findTask(db: Db, id: string) {
  return selectTasks(db).where('t.id', '=', id).executeTakeFirst() as Promise<TaskRecord | undefined>;
}

export async function hasCoUnitInSubtree(db: Db, taskId: string, rootPath: string): Promise<boolean> {
  const r = await db
    .selectFrom('task_co_units as cu')
    .innerJoin('organisations as co', 'co.id', 'cu.org_id')
    .select('cu.org_id')
    .where('cu.task_id', '=', taskId)
    .where('co.path', 'like', subtreePattern(rootPath))
    .executeTakeFirst();
  return !!r;
}

export function findTasksByIds(db: Db, ids: string[]): Promise<TaskRecord[]> {
  if (!ids.length) return Promise.resolve([]);
  return selectTasks(db).where('t.id', 'in', ids).orderBy('t.id').execute() as Promise<TaskRecord[]>;
}

/** All child tasks of a task (the lead unit's breakdown). */
export function listChildTasks(db: Db, parentId: string): Promise<TaskRecord[]> {
  return selectTasks(db).where('t.parent_id', '=', parentId).orderBy('o.name_key').orderBy('t.id').execute() as Promise<TaskRecord[]>;
}

/** The tasks the filter lets the caller see, by lead unit name (the children list). */
export function listFilteredByName(db: Db, f: ResolvedFilter): Promise<TaskRecord[]> {
  return applyTaskFilter(selectTasks(db), f).orderBy('o.name_key').orderBy('t.id').execute() as Promise<TaskRecord[]>;
}

/** Tasks of a programme led in a subtree, in tree order (the symposium summary). */
export function listProgrammeTasksLedIn(db: Db, programmeId: string, rootPath: string): Promise<TaskRecord[]> {
  return selectTasks(db)
    .where('t.programme_id', '=', programmeId)
    .where('o.path', 'like', subtreePattern(rootPath))
    .orderBy('o.path')
    .orderBy('t.id')
    .execute() as Promise<TaskRecord[]>;
}

export async function countByStatus(db: Db, f: ResolvedFilter): Promise<{ status: TaskStatus; n: number }[]> {
  const rows = await applyTaskFilter(selectTasks(db), f)
    .clearSelect()
    .select(['t.status', sql<number>`count(*)::int`.as('n')])
    .groupBy('t.status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

/** The first tasks of a status by due date (the board's overdue and at-risk lists). */
export function listByDueDate(db: Db, f: ResolvedFilter, limit: number): Promise<TaskRecord[]> {
  return applyTaskFilter(selectTasks(db), f).orderBy('t.due_date').orderBy('t.id').limit(limit).execute() as Promise<TaskRecord[]>;
}

/** Submitted reports waiting for a reviewer of the subtree (not of tasks the caller's unit leads). */
export async function countPendingReviews(db: Db, actorPath: string, actorOrgId: string): Promise<number> {
  const r = await db
    .selectFrom('task_reports as r')
    .innerJoin('tasks as t', 't.id', 'r.task_id')
    .innerJoin('organisations as ao', 'ao.id', 't.assigned_by_org_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('r.status', '=', 'submitted')
    .where('ao.path', 'like', subtreePattern(actorPath))
    .where('t.org_id', '!=', actorOrgId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---------------------------------------------------------------- writes

type NewTask = {
  programme_id: string;
  goal_id: string;
  parent_id: string | null;
  kind: TaskKind;
  title: string;
  description: string;
  org_id: string;
  assigned_by_org_id: string;
  start_date: string;
  due_date: string;
  cycle: ReportCycle;
  created_by: string;
};

export async function insertTask(db: Db, v: NewTask): Promise<string> {
  return (await db.insertInto('tasks').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** Locks the task's row until the transaction ends; its version (the optimistic lock), if it exists. */
export async function lockTask(db: Db, id: string): Promise<number | undefined> {
  const r = await db.selectFrom('tasks').select('version').where('id', '=', id).forUpdate().executeTakeFirst();
  return r?.version;
}

/** Writes the task's own fields and bumps its version. */
export async function updateTaskFields(
  db: Db,
  id: string,
  set: { title?: string; description?: string; goal_id?: string; start_date?: string; due_date?: string; cycle?: ReportCycle },
): Promise<void> {
  await db
    .updateTable('tasks')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .execute();
}

export async function insertCoUnits(db: Db, taskId: string, orgIds: string[]): Promise<void> {
  if (orgIds.length)
    await db
      .insertInto('task_co_units')
      .values(orgIds.map((org_id) => ({ task_id: taskId, org_id })))
      .execute();
}

export async function replaceCoUnits(db: Db, taskId: string, orgIds: string[]): Promise<void> {
  await db.deleteFrom('task_co_units').where('task_id', '=', taskId).execute();
  await insertCoUnits(db, taskId, orgIds);
}

export async function insertTagLinks(db: Db, taskId: string, tagIds: string[]): Promise<void> {
  if (tagIds.length)
    await db
      .insertInto('task_tag_links')
      .values(tagIds.map((tag_id) => ({ task_id: taskId, tag_id })))
      .execute();
}

export async function replaceTagLinks(db: Db, taskId: string, tagIds: string[]): Promise<void> {
  await db.deleteFrom('task_tag_links').where('task_id', '=', taskId).execute();
  await insertTagLinks(db, taskId, tagIds);
}

export async function insertTargets(
  db: Db,
  rows: { task_id: string; parent_target_id: string | null; metric: string; unit: string; target_value: number; sort_order: number }[],
): Promise<void> {
  if (rows.length) await db.insertInto('task_targets').values(rows).execute();
}

export async function updateTarget(db: Db, id: string, set: { metric: string; unit: string; target_value: number }): Promise<void> {
  await db.updateTable('task_targets').set(set).where('id', '=', id).execute();
}

/** A task with reports or child tasks is kept (their history hangs on it). */
export async function hasReportsOrChildren(db: Db, id: string): Promise<boolean> {
  const [reports, kids] = await Promise.all([
    db.selectFrom('task_reports').select('id').where('task_id', '=', id).limit(1).execute(),
    db.selectFrom('tasks').select('id').where('parent_id', '=', id).limit(1).execute(),
  ]);
  return reports.length > 0 || kids.length > 0;
}

/** Deletes the task (its targets, co-units and tag links go with it by cascade). */
export async function deleteTask(db: Db, id: string): Promise<void> {
  await db.deleteFrom('tasks').where('id', '=', id).execute();
}

export async function listChildOrgIds(db: Db, parentId: string): Promise<string[]> {
  return (await db.selectFrom('tasks').select('org_id').where('parent_id', '=', parentId).execute()).map((r) => r.org_id);
}

/** Audit entries about a record, newest first: what changed since the version a stale writer read. */
export function listAuditEntriesOf(db: Db, entityType: 'task' | 'report', entityId: string, limit = 50) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'after'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export interface TargetRecord {
  id: string;
  task_id: string;
  parent_target_id: string | null;
  metric: string;
  unit: string;
  target_value: number;
  actual_value: number;
  sort_order: number;
}

export async function listTargets(db: Db, taskIds: string[]): Promise<TargetRecord[]> {
  if (!taskIds.length) return [];
  const rows = await db
    .selectFrom('task_targets')
    .selectAll()
    .where('task_id', 'in', taskIds)
    .orderBy('task_id')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, target_value: Number(r.target_value), actual_value: Number(r.actual_value) }));
}

export async function listCoUnits(db: Db, taskIds: string[]) {
  if (!taskIds.length) return [];
  return db
    .selectFrom('task_co_units as cu')
    .innerJoin('organisations as o', 'o.id', 'cu.org_id')
    .select(['cu.task_id', 'o.id', 'o.name', 'o.path'])
    .where('cu.task_id', 'in', taskIds)
    .orderBy('o.name_key')
    .execute();
}

export async function listTaskTags(db: Db, taskIds: string[]) {
  if (!taskIds.length) return [];
  return db
    .selectFrom('task_tag_links as tl')
    .innerJoin('task_tags as tg', 'tg.id', 'tl.tag_id')
    .select(['tl.task_id', 'tg.id', 'tg.name'])
    .where('tl.task_id', 'in', taskIds)
    .orderBy('tg.name')
    .execute();
}

/** The latest non-draft report of each task (drafts are the unit's own business). */
export async function listLatestReports(db: Db, taskIds: string[]) {
  if (!taskIds.length) return [];
  const r = await sql<{ task_id: string; id: string; period: string; status: ReportStatus; narrative: string; updated_at: Date }>`
    SELECT DISTINCT ON (task_id) task_id, id, period, status, left(narrative, 1000) AS narrative, updated_at FROM task_reports
    WHERE task_id = ANY(${taskIds}::bigint[]) AND status <> 'draft'
    ORDER BY task_id, period DESC, updated_at DESC`.execute(db);
  return r.rows;
}

export interface Hydrated {
  record: TaskRecord;
  targets: TargetRecord[];
  row: TaskRow;
}

/** Rows of the ledger with their targets, co-units, tags and latest report (four queries per batch). */
export async function hydrate(db: Db, records: TaskRecord[]): Promise<Hydrated[]> {
  const ids = records.map((r) => r.id);
  const [targets, coUnits, tags, reports] = await Promise.all([
    listTargets(db, ids),
    listCoUnits(db, ids),
    listTaskTags(db, ids),
    listLatestReports(db, ids),
  ]);
  const group = <T extends { task_id: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const list = m.get(x.task_id);
      if (list) list.push(x);
      else m.set(x.task_id, [x]);
    }
    return m;
  };
  const tByTask = group(targets);
  const cByTask = group(coUnits);
  const gByTask = group(tags);
  const rByTask = new Map(reports.map((r) => [r.task_id, r]));
  return records.map((r) => {
    const ts = tByTask.get(r.id) ?? [];
    const latest = rByTask.get(r.id);
    const row: TaskRow = {
      id: r.id,
      programmeId: r.programme_id,
      programmeTitle: r.programme_title,
      goalId: r.goal_id,
      goalTitle: r.goal_title,
      parentId: r.parent_id,
      kind: r.kind,
      title: r.title,
      orgId: r.org_id,
      orgName: r.org_name,
      assignedByOrgId: r.assigned_by_org_id,
      assignedByOrgName: r.assigned_by_org_name,
      coUnits: (cByTask.get(r.id) ?? []).map((c) => ({ id: c.id, name: c.name })),
      tags: (gByTask.get(r.id) ?? []).map((g) => ({ id: g.id, name: g.name })),
      startDate: r.start_date,
      dueDate: r.due_date,
      cycle: r.cycle,
      status: r.status,
      overdue: r.status === 'overdue',
      targets: ts.map((t) => ({
        id: t.id,
        metric: t.metric,
        unit: t.unit,
        targetValue: t.target_value,
        actualValue: t.actual_value,
        share: shareOf(t.actual_value, t.target_value),
        parentTargetId: t.parent_target_id,
      })),
      share: Number(r.share),
      childCount: r.child_count,
      childrenCompleted: r.children_completed,
      childrenShare: r.child_count ? r.children_completed / r.child_count : 0,
      latestReport: latest
        ? {
            id: latest.id,
            period: latest.period,
            status: latest.status,
            narrative: latest.narrative,
            updatedAt: new Date(latest.updated_at).toISOString(),
          }
        : null,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
    return { record: r, targets: ts, row };
  });
}

// ---------------------------------------------------------------- rollup

/**
 * Recomputes a task's targets (own latest accepted report + the sum of the children's actuals),
 * child counts, share and status, then its parent's, up to the top of the cascade.
 */
export async function recomputeTask(db: Db, taskId: string, now: Date = new Date()): Promise<void> {
  let id: string | null = taskId;
  for (let guard = 0; id && guard < 50; guard++) {
    const t = await db
      .selectFrom('tasks')
      .select(['id', 'parent_id', sql<string>`start_date::text`.as('start_date'), sql<string>`due_date::text`.as('due_date')])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!t) return;
    const latest = await db
      .selectFrom('task_reports')
      .select(['metric_values'])
      .where('task_id', '=', id)
      .where('status', '=', 'accepted')
      .orderBy('period', 'desc')
      .orderBy('reviewed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const own = new Map<string, number>();
    for (const v of (parseJson(latest?.metric_values) as { targetId: string; value: number }[] | null) ?? [])
      own.set(String(v.targetId), Number(v.value));
    const targets = await listTargets(db, [id]);
    const sums = targets.length
      ? await db
          .selectFrom('task_targets')
          .select(['parent_target_id', sql<string>`sum(actual_value)::text`.as('sum')])
          .where(
            'parent_target_id',
            'in',
            targets.map((x) => x.id),
          )
          .groupBy('parent_target_id')
          .execute()
      : [];
    const childSum = new Map(sums.map((s) => [String(s.parent_target_id), Number(s.sum)]));
    const computed = targets.map((x) => ({ ...x, actual_value: (own.get(x.id) ?? 0) + (childSum.get(x.id) ?? 0) }));
    for (const x of computed) {
      const before = targets.find((y) => y.id === x.id)!;
      if (before.actual_value !== x.actual_value)
        await db.updateTable('task_targets').set({ actual_value: x.actual_value }).where('id', '=', x.id).execute();
    }
    const kids = await db
      .selectFrom('tasks')
      .select([sql<number>`count(*)::int`.as('n'), sql<number>`count(*) FILTER (WHERE status = 'completed')::int`.as('done')])
      .where('parent_id', '=', id)
      .executeTakeFirstOrThrow();
    const input = {
      startDate: t.start_date,
      dueDate: t.due_date,
      targets: computed.map((x) => ({ targetValue: x.target_value, actualValue: x.actual_value })),
      hasAcceptedReport: !!latest,
      childCount: kids.n,
      childrenCompleted: kids.done,
    };
    await db
      .updateTable('tasks')
      .set({
        status: computeStatus(input, isoDay(now)),
        share: completionShare(input),
        child_count: kids.n,
        children_completed: kids.done,
        has_accepted_report: !!latest,
      })
      .where('id', '=', id)
      .execute();
    id = t.parent_id;
  }
}

export function parseJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? JSON.parse(v) : v;
}

/**
 * Recomputes the stored status of every task that is not completed (dates move; completion does
 * not change by itself). Batches of 1000 in id order; returns how many changed.
 */
export async function refreshStatuses(db: Kysely<Database>, now: Date): Promise<number> {
  const today = isoDay(now);
  let after = '0';
  let changed = 0;
  for (;;) {
    const batch = await db
      .selectFrom('tasks')
      .select([
        'id',
        'status',
        'child_count',
        'children_completed',
        'has_accepted_report',
        sql<string>`start_date::text`.as('start_date'),
        sql<string>`due_date::text`.as('due_date'),
      ])
      .where('status', '!=', 'completed')
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (!batch.length) break;
    const targets = await listTargets(
      db,
      batch.map((b) => b.id),
    );
    const byTask = new Map<string, TargetRecord[]>();
    for (const t of targets) byTask.set(t.task_id, [...(byTask.get(t.task_id) ?? []), t]);
    const updates = new Map<TaskStatus, string[]>();
    for (const b of batch) {
      const s = computeStatus(
        {
          startDate: b.start_date,
          dueDate: b.due_date,
          hasAcceptedReport: b.has_accepted_report,
          childCount: b.child_count,
          childrenCompleted: b.children_completed,
          targets: (byTask.get(b.id) ?? []).map((x) => ({ targetValue: x.target_value, actualValue: x.actual_value })),
        },
        today,
      );
      if (s !== b.status) updates.set(s, [...(updates.get(s) ?? []), b.id]);
    }
    for (const [status, ids] of updates) {
      await db.updateTable('tasks').set({ status }).where('id', 'in', ids).execute();
      changed += ids.length;
    }
    after = batch[batch.length - 1]!.id;
  }
  return changed;
}
