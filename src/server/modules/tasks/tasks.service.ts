// Tasks: the ledger, one task with everything the UI shows, create/edit/delete, the hand-down
// cascade and the supervision board.
//
// Who may do what (on top of the route permission):
//   see       the lead unit or a co-unit is in the caller's subtree
//   edit      the assigning level is in the caller's subtree (the assigning level or above)
//   hand down the lead unit is in the caller's subtree; children go to units strictly below the lead
//   report    the caller belongs to the lead unit
//   review    the assigning level is in the caller's subtree, and the caller is not the lead unit
//   supervise same as review
import { AppError, fieldError } from '../../platform/errors.js';
import { hasPermission, isInScope, subtreePattern } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { parseSort, type RequestContext } from '../../platform/http.js';
import { findOrgById, findOrgsByIds } from '../orgs/orgs.repository.js';
import { notify } from '../notifications/notify.js';
import * as repo from './tasks.repository.js';
import * as prepo from './programmes.repository.js';
import { getVisibleProgramme } from './programmes.service.js';
import { isoDay, owedPeriods } from './status.js';
import type { CreateTaskInput, HandDownInput, ListTasksQuery, TaskDetailView, TaskFilter, TaskRow, UpdateTaskInput } from './tasks.schemas.js';
import { listSupervisionsOfTask } from './supervision.service.js';
import { z } from 'zod';
import { boardQuery } from './tasks.schemas.js';
import { inTransaction } from '../../db/transaction.js';

export const auditTask = (t: Pick<repo.TaskRecord, 'id' | 'org_id' | 'org_path'>) => ({ entityType: 'task' as const, entityId: t.id, orgId: t.org_id, orgPath: t.org_path });

/** The task if the caller may see it (lead or co-unit in their subtree); otherwise not found. */
export async function getVisibleTask(ctx: RequestContext, id: string, db: repo.Db = ctx.db): Promise<repo.TaskRecord> {
  const t = await repo.findTask(db, id);
  if (t && (isInScope(ctx.actor, t.org_path) || (await repo.isCoUnitInSubtree(db, id, ctx.actor.orgPath)))) return t;
  throw new AppError('not_found', { entity: 'task' });
}

type TaskAccess = Pick<repo.TaskRecord, 'org_id' | 'org_path' | 'assigned_by_path'> & { org_kind?: string };
export const canEditTask = (ctx: RequestContext, t: TaskAccess) => hasPermission(ctx.actor, 'tasks.write') && isInScope(ctx.actor, t.assigned_by_path);
export const canReviewTask = (ctx: RequestContext, t: TaskAccess) => canEditTask(ctx, t) && ctx.actor.orgId !== t.org_id;
export const canReportTask = (ctx: RequestContext, t: TaskAccess) => hasPermission(ctx.actor, 'tasks.report') && ctx.actor.orgId === t.org_id;
/** An enterprise is a leaf of the tree: nothing below it to hand a task down to. */
export const canHandDownTask = (ctx: RequestContext, t: TaskAccess) => hasPermission(ctx.actor, 'tasks.write') && isInScope(ctx.actor, t.org_path) && t.org_kind !== 'enterprise';

export function today(): string {
  return isoDay(new Date());
}

export async function resolveFilter(ctx: RequestContext, f: TaskFilter): Promise<repo.ResolvedFilter> {
  let leadPath: string | undefined;
  if (f.orgId) {
    const org = await findOrgById(ctx.db, f.orgId);
    if (!org || !isInScope(ctx.actor, org.path)) throw new AppError('not_found', { entity: 'organisation' });
    leadPath = org.path;
  }
  return { ...f, actorPath: ctx.actor.orgPath, actorOrgId: ctx.actor.orgId, leadPath, today: today() };
}

export async function listTasks(ctx: RequestContext, q: ListTasksQuery) {
  const filter = await resolveFilter(ctx, q);
  const sort = (parseSort(q.sort) as { field: repo.TaskSortField; dir: 'asc' | 'desc' } | undefined) ?? { field: 'dueDate', dir: 'asc' };
  const { items, total } = await repo.listTasks(ctx.db, filter, sort, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: (await repo.hydrate(ctx.db, items)).map((h) => h.row), total };
}

export async function taskRows(ctx: RequestContext, records: repo.TaskRecord[]): Promise<TaskRow[]> {
  return (await repo.hydrate(ctx.db, records)).map((h) => h.row);
}

export async function getTask(ctx: RequestContext, id: string): Promise<TaskDetailView> {
  const t = await getVisibleTask(ctx, id);
  const [[h], children, reports, parent, supervisions] = await Promise.all([
    repo.hydrate(ctx.db, [t]),
    repo.selectTasks(ctx.db).where('t.parent_id', '=', id).orderBy('o.name').orderBy('t.id').execute() as Promise<repo.TaskRecord[]>,
    ctx.db.selectFrom('task_reports').select(['id', 'period', 'status', 'version', 'submitted_at', 'reviewed_at', 'updated_at']).where('task_id', '=', id).orderBy('period', 'desc').execute(),
    t.parent_id ? repo.findTask(ctx.db, t.parent_id) : Promise.resolve(undefined),
    listSupervisionsOfTask(ctx, t),
  ]);
  const byPeriod = new Map(reports.map((r) => [r.period, r]));
  const canEdit = canEditTask(ctx, t);
  return {
    ...h!.row,
    description: t.description,
    // The parent is named only when the caller can see it (a lower level sees who assigned, not more).
    parent: parent && isInScope(ctx.actor, parent.org_path) ? { id: parent.id, title: parent.title, orgId: parent.org_id, orgName: parent.org_name } : null,
    // A co-unit sees the task, not how the lead unit broke it down.
    children: (isInScope(ctx.actor, t.org_path) ? children : []).map((c) => ({ id: c.id, title: c.title, orgId: c.org_id, orgName: c.org_name, status: c.status, share: Number(c.share), dueDate: c.due_date })),
    reports: reports.map((r) => ({
      id: r.id, period: r.period, status: r.status, version: r.version,
      submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null, reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null, updatedAt: new Date(r.updated_at).toISOString(),
    })),
    periods: owedPeriods(t.cycle, t.start_date, t.due_date, isoDay(new Date(t.created_at)), new Set(byPeriod.keys())).map((p) => ({ period: p.key, deadline: p.deadline, reportId: byPeriod.get(p.key)?.id ?? null, status: byPeriod.get(p.key)?.status ?? null })),
    supervisions,
    permissions: {
      canEdit,
      canDelete: canEdit && reports.length === 0 && children.length === 0,
      canReport: canReportTask(ctx, t),
      canReview: canReviewTask(ctx, t),
      canHandDown: canHandDownTask(ctx, t),
      canSupervise: canReviewTask(ctx, t),
    },
  };
}

/** Active organisations in the caller's subtree (co-units, hand-down units); errors name the field. */
async function orgsInScope(ctx: RequestContext, ids: string[], path: string, under?: string) {
  const unique = [...new Set(ids)];
  const orgs = await findOrgsByIds(ctx.db, unique);
  const full = await Promise.all(orgs.map((o) => findOrgById(ctx.db, o.id)));
  ids.forEach((oid, i) => {
    const o = full.find((x) => x?.id === oid);
    if (!o || !isInScope(ctx.actor, o.path)) throw fieldError(`${path}.${i}`, 'unknown_org');
    if (o.status !== 'active') throw fieldError(`${path}.${i}`, 'org_archived');
    if (under !== undefined && (!o.path.startsWith(under) || o.path === under)) throw fieldError(`${path}.${i}`, 'not_below_lead');
  });
  return unique;
}

async function usableTags(ctx: RequestContext, tagIds: string[] | undefined, leadPath: string, path: string) {
  if (!tagIds?.length) return [];
  const unique = [...new Set(tagIds)];
  const tags = await prepo.tagsByIds(ctx.db, unique);
  unique.forEach((tid, i) => {
    const t = tags.find((x) => x.id === tid);
    if (!t || !(leadPath.startsWith(t.path) || ctx.actor.orgPath.startsWith(t.path) || isInScope(ctx.actor, t.path))) throw fieldError(`${path}.${i}`, 'unknown_tag');
  });
  return unique;
}

const title = (t: { title: string }) => ({ zh: `新任务：${t.title}`, en: `New task: ${t.title}` });

export async function createTask(ctx: RequestContext, input: CreateTaskInput) {
  const programme = await getVisibleProgramme(ctx, input.programmeId);
  if (programme.status !== 'active') throw fieldError('body.programmeId', 'programme_archived');
  const goal = await prepo.findGoal(ctx.db, input.goalId);
  if (!goal || goal.programme_id !== programme.id) throw fieldError('body.goalId', 'unknown_goal');
  // Below the owner of the programme, a level adds only its own optional tasks (自选动作).
  if (!isInScope(ctx.actor, programme.org_path) && input.kind !== 'optional') throw fieldError('body.kind', 'optional_only');
  const lead = await findOrgById(ctx.db, input.orgId);
  if (!lead || !isInScope(ctx.actor, lead.path)) throw new AppError('not_found', { entity: 'organisation' });
  if (lead.status !== 'active') throw new AppError('org_archived');
  if (input.dueDate < input.startDate) throw fieldError('body.dueDate', 'end_before_start');
  const coUnits = (await orgsInScope(ctx, input.coUnitIds ?? [], 'body.coUnitIds')).filter((c) => c !== lead.id);
  const tagIds = await usableTags(ctx, input.tagIds, lead.path, 'body.tagIds');
  const id = await inTransaction(ctx.db, async (trx) => {
    const { id } = await trx.insertInto('tasks').values({
      programme_id: programme.id, goal_id: goal.id, parent_id: null, kind: input.kind, title: input.title, description: input.description ?? '',
      org_id: lead.id, assigned_by_org_id: ctx.actor.orgId, start_date: input.startDate, due_date: input.dueDate, cycle: input.cycle, created_by: ctx.actor.userId,
    }).returning('id').executeTakeFirstOrThrow();
    if (coUnits.length) await trx.insertInto('task_co_units').values(coUnits.map((org_id) => ({ task_id: id, org_id }))).execute();
    if (tagIds.length) await trx.insertInto('task_tag_links').values(tagIds.map((tag_id) => ({ task_id: id, tag_id }))).execute();
    if (input.targets?.length) {
      await trx.insertInto('task_targets').values(input.targets.map((t, i) => ({ task_id: id, parent_target_id: null, metric: t.metric, unit: t.unit, target_value: t.targetValue, sort_order: i }))).execute();
    }
    await repo.recomputeTask(trx, id);
    await writeAudit(trx, ctx, { action: 'create', entityType: 'task', entityId: id, orgId: lead.id, orgPath: lead.path, after: input });
    if (lead.id !== ctx.actor.orgId) await notify(trx, { orgId: lead.id, kind: 'task_assigned', entityType: 'task', entityId: id, title: title(input), dedupeKey: `task_assigned:${id}` });
    return id;
  });
  return getTask(ctx, id);
}

export async function updateTask(ctx: RequestContext, id: string, input: UpdateTaskInput) {
  const before = await getVisibleTask(ctx, id);
  if (!canEditTask(ctx, before)) throw new AppError('forbidden');
  const start = input.startDate ?? before.start_date;
  const due = input.dueDate ?? before.due_date;
  if (due < start) throw fieldError('body.dueDate', 'end_before_start');
  if (input.goalId) {
    const g = await prepo.findGoal(ctx.db, input.goalId);
    if (!g || g.programme_id !== before.programme_id) throw fieldError('body.goalId', 'unknown_goal');
  }
  const coUnits = input.coUnitIds ? (await orgsInScope(ctx, input.coUnitIds, 'body.coUnitIds')).filter((c) => c !== before.org_id) : undefined;
  const tagIds = input.tagIds ? await usableTags(ctx, input.tagIds, before.org_path, 'body.tagIds') : undefined;
  const [beforeRow] = await taskRows(ctx, [before]);
  await inTransaction(ctx.db, async (trx) => {
    await trx.selectFrom('tasks').select('id').where('id', '=', id).forUpdate().execute();
    await trx.updateTable('tasks').set({
      ...(input.title !== undefined && { title: input.title }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.goalId !== undefined && { goal_id: input.goalId }),
      ...(input.startDate !== undefined && { start_date: input.startDate }),
      ...(input.dueDate !== undefined && { due_date: input.dueDate }),
      ...(input.cycle !== undefined && { cycle: input.cycle }),
      updated_at: new Date(),
    }).where('id', '=', id).execute();
    if (coUnits) {
      await trx.deleteFrom('task_co_units').where('task_id', '=', id).execute();
      if (coUnits.length) await trx.insertInto('task_co_units').values(coUnits.map((org_id) => ({ task_id: id, org_id }))).execute();
    }
    if (tagIds) {
      await trx.deleteFrom('task_tag_links').where('task_id', '=', id).execute();
      if (tagIds.length) await trx.insertInto('task_tag_links').values(tagIds.map((tag_id) => ({ task_id: id, tag_id }))).execute();
    }
    if (input.targets) {
      const existing = await repo.targetsOf(trx, [id]);
      let order = existing.length;
      for (const [i, t] of input.targets.entries()) {
        if (t.id) {
          if (!existing.some((e) => e.id === t.id)) throw fieldError(`body.targets.${i}.id`, 'unknown_target');
          await trx.updateTable('task_targets').set({ metric: t.metric, unit: t.unit, target_value: t.targetValue }).where('id', '=', t.id).execute();
        } else {
          await trx.insertInto('task_targets').values({ task_id: id, parent_target_id: null, metric: t.metric, unit: t.unit, target_value: t.targetValue, sort_order: order++ }).execute();
        }
      }
    }
    await repo.recomputeTask(trx, id);
    await writeAudit(trx, ctx, { ...auditTask(before), action: 'update', before: beforeRow, after: input });
  });
  return getTask(ctx, id);
}

export async function deleteTask(ctx: RequestContext, id: string) {
  const t = await getVisibleTask(ctx, id);
  if (!canEditTask(ctx, t)) throw new AppError('forbidden');
  const [row] = await taskRows(ctx, [t]);
  await inTransaction(ctx.db, async (trx) => {
    await trx.selectFrom('tasks').select('id').where('id', '=', id).forUpdate().execute();
    const reports = await trx.selectFrom('task_reports').select('id').where('task_id', '=', id).limit(1).execute();
    const kids = await trx.selectFrom('tasks').select('id').where('parent_id', '=', id).limit(1).execute();
    if (reports.length || kids.length) throw new AppError('task_in_use');
    await trx.deleteFrom('task_supervisions').where('task_id', '=', id).execute();
    // Children's targets pointing here are gone with the children (there are none).
    await trx.deleteFrom('tasks').where('id', '=', id).execute();
    if (t.parent_id) await repo.recomputeTask(trx, t.parent_id);
    await writeAudit(trx, ctx, { ...auditTask(t), action: 'delete', before: row });
  });
}

export async function handDown(ctx: RequestContext, id: string, input: HandDownInput) {
  const parent = await getVisibleTask(ctx, id);
  if (!canHandDownTask(ctx, parent)) throw new AppError('forbidden');
  const units = await orgsInScope(ctx, input.units.map((u) => u.orgId), 'body.units', parent.org_path);
  if (units.length !== input.units.length) throw fieldError('body.units', 'duplicate_unit');
  const existing = await ctx.db.selectFrom('tasks').select('org_id').where('parent_id', '=', id).execute();
  input.units.forEach((u, i) => {
    if (existing.some((e) => e.org_id === u.orgId)) throw fieldError(`body.units.${i}.orgId`, 'already_assigned');
  });
  const targets = await repo.targetsOf(ctx.db, [id]);
  input.units.forEach((u, i) => {
    (u.targets ?? []).forEach((t, j) => {
      if (!targets.some((x) => x.id === t.targetId)) throw fieldError(`body.units.${i}.targets.${j}.targetId`, 'unknown_target');
    });
    if (u.dueDate && u.dueDate > parent.due_date) throw fieldError(`body.units.${i}.dueDate`, 'after_parent_due');
    if (u.dueDate && u.dueDate < parent.start_date) throw fieldError(`body.units.${i}.dueDate`, 'end_before_start');
  });
  const tags = await repo.tagsOf(ctx.db, [id]);
  const orgs = await findOrgsByIds(ctx.db, units);
  const childIds = await inTransaction(ctx.db, async (trx) => {
    await trx.selectFrom('tasks').select('id').where('id', '=', id).forUpdate().execute();
    const ids: string[] = [];
    for (const u of input.units) {
      const org = orgs.find((o) => o.id === u.orgId)!;
      const childTitle = u.title ?? parent.title;
      const { id: cid } = await trx.insertInto('tasks').values({
        programme_id: parent.programme_id, goal_id: parent.goal_id, parent_id: id, kind: parent.kind, title: childTitle, description: parent.description,
        org_id: org.id, assigned_by_org_id: parent.org_id, start_date: parent.start_date, due_date: u.dueDate ?? parent.due_date, cycle: parent.cycle, created_by: ctx.actor.userId,
      }).returning('id').executeTakeFirstOrThrow();
      const given = u.targets ?? [];
      if (given.length) {
        await trx.insertInto('task_targets').values(given.map((g, i) => {
          const pt = targets.find((x) => x.id === g.targetId)!;
          return { task_id: cid, parent_target_id: pt.id, metric: pt.metric, unit: pt.unit, target_value: g.value, sort_order: i };
        })).execute();
      }
      if (tags.length) await trx.insertInto('task_tag_links').values(tags.map((tg) => ({ task_id: cid, tag_id: tg.id }))).execute();
      await repo.recomputeTask(trx, cid);
      await writeAudit(trx, ctx, { action: 'create', entityType: 'task', entityId: cid, orgId: org.id, orgPath: org.path, after: { parentId: id, title: childTitle, orgId: org.id, targets: given, dueDate: u.dueDate ?? parent.due_date } });
      await notify(trx, { orgId: org.id, kind: 'task_assigned', entityType: 'task', entityId: cid, title: title({ title: childTitle }), dedupeKey: `task_assigned:${cid}` });
      ids.push(cid);
    }
    await repo.recomputeTask(trx, id);
    await writeAudit(trx, ctx, { ...auditTask(parent), action: 'hand_down', after: { children: ids, units: input.units } });
    return ids;
  });
  const records = await repo.selectTasks(ctx.db).where('t.id', 'in', childIds).orderBy('t.id').execute() as repo.TaskRecord[];
  return { items: await taskRows(ctx, records) };
}

export async function listChildren(ctx: RequestContext, id: string) {
  await getVisibleTask(ctx, id);
  // Only the children the caller can see (a co-unit above sees none of the lead's breakdown).
  const filter = { actorPath: ctx.actor.orgPath, actorOrgId: ctx.actor.orgId, parentId: id, today: today() };
  const records = await repo.applyTaskFilter(repo.selectTasks(ctx.db), filter).orderBy('o.name').orderBy('t.id').execute() as repo.TaskRecord[];
  return { items: await taskRows(ctx, records) };
}

export async function board(ctx: RequestContext, q: z.infer<typeof boardQuery>) {
  const filter = await resolveFilter(ctx, { programmeId: q.programmeId, orgId: q.orgId });
  const counts = await repo.applyTaskFilter(repo.selectTasks(ctx.db), filter).clearSelect()
    .select(['t.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('t.status').execute();
  const c = { total: 0, not_started: 0, on_track: 0, at_risk: 0, overdue: 0, completed: 0 };
  for (const r of counts) {
    c[r.status] = Number(r.n);
    c.total += Number(r.n);
  }
  const [overdue, atRisk] = await Promise.all(
    (['overdue', 'at_risk'] as const).map((status) => repo.applyTaskFilter(repo.selectTasks(ctx.db), { ...filter, status }).orderBy('t.due_date').orderBy('t.id').limit(100).execute() as Promise<repo.TaskRecord[]>),
  );
  const pattern = ctx.actor.orgPath;
  const [openSup, pending] = await Promise.all([
    ctx.db.selectFrom('task_supervisions as s').innerJoin('organisations as o', 'o.id', 's.org_id').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('s.status', '=', 'open').where('o.path', 'like', subtreePattern(pattern)).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('task_reports as r').innerJoin('tasks as t', 't.id', 'r.task_id').innerJoin('organisations as ao', 'ao.id', 't.assigned_by_org_id')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('r.status', '=', 'submitted').where('ao.path', 'like', subtreePattern(pattern)).where('t.org_id', '!=', ctx.actor.orgId).executeTakeFirstOrThrow(),
  ]);
  return { counts: c, overdue: await taskRows(ctx, overdue!), atRisk: await taskRows(ctx, atRisk!), openSupervisions: Number(openSup.n), pendingReviews: Number(pending.n) };
}
