// The SQL of tasks: the ledger query (visibility, filters, sorting, keyset pages for the export),
// the batch hydration of rows (targets, co-units, tags, latest report), and the rollup.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
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
      't.id', 't.programme_id', 'p.title as programme_title', 'p.org_id as programme_org_id', 't.goal_id', 'g.title as goal_title', 't.parent_id', 't.kind', 't.title', 't.description',
      't.org_id', 'o.name as org_name', 'o.path as org_path', 'o.kind as org_kind', 't.assigned_by_org_id', 'ao.name as assigned_by_org_name', 'ao.path as assigned_by_path',
      sql<string>`t.start_date::text`.as('start_date'), sql<string>`t.due_date::text`.as('due_date'), 't.cycle', 't.status', 't.share', 't.child_count', 't.children_completed',
      't.has_accepted_report', 't.created_at', 't.updated_at',
    ]);
}

/** Led by, or co-led by, an organisation of the subtree. */
export function visibleSql(rootPath: string) {
  const pattern = subtreePattern(rootPath);
  return sql<boolean>`(o.path LIKE ${pattern} OR EXISTS (SELECT 1 FROM task_co_units cu JOIN organisations co ON co.id = cu.org_id WHERE cu.task_id = t.id AND co.path LIKE ${pattern}))`;
}

export interface ResolvedFilter extends Omit<TaskFilter, 'orgId'> {
  /** The actor's organisation path: the visibility root. */
  actorPath: string;
  actorOrgId: string;
  /** Lead units in this subtree (the orgId filter, resolved). */
  leadPath?: string;
  today: string;
}

type TaskQuery = ReturnType<typeof selectTasks>;

export function applyTaskFilter<Q extends TaskQuery>(q: Q, f: ResolvedFilter): Q {
  let r = q.where(visibleSql(f.actorPath)) as Q;
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
  if (f.mine) r = r.where(sql<boolean>`(t.org_id = ${f.actorOrgId} OR EXISTS (SELECT 1 FROM task_co_units cu2 WHERE cu2.task_id = t.id AND cu2.org_id = ${f.actorOrgId}))`) as Q;
  if (f.q) r = r.where('t.title', 'ilike', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as Q;
  return r;
}

export const SORT_COLUMNS = { dueDate: 't.due_date', startDate: 't.start_date', title: 't.title', status: 't.status', createdAt: 't.created_at' } as const;
export type TaskSortField = keyof typeof SORT_COLUMNS;

export async function listTasks(db: Db, f: ResolvedFilter, sort: { field: TaskSortField; dir: 'asc' | 'desc' }, limit: number, offset: number) {
  const [items, total] = await Promise.all([
    applyTaskFilter(selectTasks(db), f).orderBy(sql.ref(SORT_COLUMNS[sort.field]), sort.dir).orderBy('t.id', sort.dir).limit(limit).offset(offset).execute() as Promise<TaskRecord[]>,
    applyTaskFilter(selectTasks(db), f).clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

/** Keyset pages in id order (the export). */
export function pageTasks(db: Db, f: ResolvedFilter, afterId: string, limit: number) {
  return applyTaskFilter(selectTasks(db), f).where('t.id', '>', afterId).orderBy('t.id').limit(limit).execute() as Promise<TaskRecord[]>;
}

export function findTask(db: Db, id: string) {
  return selectTasks(db).where('t.id', '=', id).executeTakeFirst() as Promise<TaskRecord | undefined>;
}

export async function isCoUnitInSubtree(db: Db, taskId: string, rootPath: string): Promise<boolean> {
  const r = await db.selectFrom('task_co_units as cu').innerJoin('organisations as co', 'co.id', 'cu.org_id')
    .select('cu.org_id').where('cu.task_id', '=', taskId).where('co.path', 'like', subtreePattern(rootPath)).executeTakeFirst();
  return !!r;
}

export interface TargetRecord { id: string; task_id: string; parent_target_id: string | null; metric: string; unit: string; target_value: number; actual_value: number; sort_order: number }

export async function targetsOf(db: Db, taskIds: string[]): Promise<TargetRecord[]> {
  if (!taskIds.length) return [];
  const rows = await db.selectFrom('task_targets').selectAll().where('task_id', 'in', taskIds).orderBy('task_id').orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({ ...r, target_value: Number(r.target_value), actual_value: Number(r.actual_value) }));
}

export async function coUnitsOf(db: Db, taskIds: string[]) {
  if (!taskIds.length) return [];
  return db.selectFrom('task_co_units as cu').innerJoin('organisations as o', 'o.id', 'cu.org_id')
    .select(['cu.task_id', 'o.id', 'o.name', 'o.path']).where('cu.task_id', 'in', taskIds).orderBy('o.name_key').execute();
}

export async function tagsOf(db: Db, taskIds: string[]) {
  if (!taskIds.length) return [];
  return db.selectFrom('task_tag_links as tl').innerJoin('task_tags as tg', 'tg.id', 'tl.tag_id')
    .select(['tl.task_id', 'tg.id', 'tg.name']).where('tl.task_id', 'in', taskIds).orderBy('tg.name').execute();
}

/** The latest non-draft report of each task (drafts are the unit's own business). */
export async function latestReportsOf(db: Db, taskIds: string[]) {
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
  const [targets, coUnits, tags, reports] = await Promise.all([targetsOf(db, ids), coUnitsOf(db, ids), tagsOf(db, ids), latestReportsOf(db, ids)]);
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
      targets: ts.map((t) => ({ id: t.id, metric: t.metric, unit: t.unit, targetValue: t.target_value, actualValue: t.actual_value, share: shareOf(t.actual_value, t.target_value), parentTargetId: t.parent_target_id })),
      share: Number(r.share),
      childCount: r.child_count,
      childrenCompleted: r.children_completed,
      childrenShare: r.child_count ? r.children_completed / r.child_count : 0,
      latestReport: latest ? { id: latest.id, period: latest.period, status: latest.status, narrative: latest.narrative, updatedAt: new Date(latest.updated_at).toISOString() } : null,
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
    const t = await db.selectFrom('tasks').select(['id', 'parent_id', sql<string>`start_date::text`.as('start_date'), sql<string>`due_date::text`.as('due_date')]).where('id', '=', id).executeTakeFirst();
    if (!t) return;
    const latest = await db.selectFrom('task_reports').select(['metric_values']).where('task_id', '=', id).where('status', '=', 'accepted')
      .orderBy('period', 'desc').orderBy('reviewed_at', 'desc').limit(1).executeTakeFirst();
    const own = new Map<string, number>();
    for (const v of (parseJson(latest?.metric_values) as { targetId: string; value: number }[] | null) ?? []) own.set(String(v.targetId), Number(v.value));
    const targets = await targetsOf(db, [id]);
    const sums = targets.length
      ? await db.selectFrom('task_targets').select(['parent_target_id', sql<string>`sum(actual_value)::text`.as('sum')]).where('parent_target_id', 'in', targets.map((x) => x.id)).groupBy('parent_target_id').execute()
      : [];
    const childSum = new Map(sums.map((s) => [String(s.parent_target_id), Number(s.sum)]));
    const computed = targets.map((x) => ({ ...x, actual_value: (own.get(x.id) ?? 0) + (childSum.get(x.id) ?? 0) }));
    for (const x of computed) {
      const before = targets.find((y) => y.id === x.id)!;
      if (before.actual_value !== x.actual_value) await db.updateTable('task_targets').set({ actual_value: x.actual_value }).where('id', '=', x.id).execute();
    }
    const kids = await db.selectFrom('tasks').select([sql<number>`count(*)::int`.as('n'), sql<number>`count(*) FILTER (WHERE status = 'completed')::int`.as('done')]).where('parent_id', '=', id).executeTakeFirstOrThrow();
    const input = {
      startDate: t.start_date,
      dueDate: t.due_date,
      targets: computed.map((x) => ({ targetValue: x.target_value, actualValue: x.actual_value })),
      hasAcceptedReport: !!latest,
      childCount: kids.n,
      childrenCompleted: kids.done,
    };
    await db.updateTable('tasks').set({
      status: computeStatus(input, isoDay(now)),
      share: completionShare(input),
      child_count: kids.n,
      children_completed: kids.done,
      has_accepted_report: !!latest,
    }).where('id', '=', id).execute();
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
    const batch = await db.selectFrom('tasks').select(['id', 'status', 'child_count', 'children_completed', 'has_accepted_report', sql<string>`start_date::text`.as('start_date'), sql<string>`due_date::text`.as('due_date')])
      .where('status', '!=', 'completed').where('id', '>', after).orderBy('id').limit(1000).execute();
    if (!batch.length) break;
    const targets = await targetsOf(db, batch.map((b) => b.id));
    const byTask = new Map<string, TargetRecord[]>();
    for (const t of targets) byTask.set(t.task_id, [...(byTask.get(t.task_id) ?? []), t]);
    const updates = new Map<TaskStatus, string[]>();
    for (const b of batch) {
      const s = computeStatus({
        startDate: b.start_date, dueDate: b.due_date, hasAcceptedReport: b.has_accepted_report, childCount: b.child_count, childrenCompleted: b.children_completed,
        targets: (byTask.get(b.id) ?? []).map((x) => ({ targetValue: x.target_value, actualValue: x.actual_value })),
      }, today);
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
