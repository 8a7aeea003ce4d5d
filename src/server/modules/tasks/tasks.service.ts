// Tasks: the ledger, one task with everything the UI shows, create/edit/delete, the hand-down
// cascade and the supervision board. Who may do what is decided in tasks.policy.ts (the routes
// declare it; the handler passes the task the policy loaded).
import { AppError, fieldError } from '../../platform/errors.js';
import { isIndustryReach, isInScope } from '../../platform/access.js';
import { industryUnionOf } from '../../platform/reach.repository.js';
import { writeAudit } from '../../platform/audit.js';
import { parseSort, type RequestContext, type ScopedOrg } from '../../platform/http.js';
import { findOrgById, findOrgsByIds } from '../orgs/orgs.repository.js';
import { notify } from '../notifications/notify.js';
import * as repo from './tasks.repository.js';
import * as prepo from './programmes.repository.js';
import * as reports from './reports.repository.js';
import * as supervisions from './supervision.repository.js';
import { auditTask, loadProgramme, loadVisibleTask, mayEditTask, mayHandDownTask, mayReportTask, mayReviewTask } from './tasks.policy.js';
import { isoDay, owedPeriods, today } from './status.js';
import { staleWrite } from './stale-write.js';
import { toSupervisionView } from './supervision.service.js';
import type {
  BoardQuery,
  CreateTaskInput,
  HandDownInput,
  ListTasksQuery,
  TaskDetailView,
  TaskFilter,
  TaskRow,
  UpdateTaskInput,
} from './tasks.schemas.js';
import { inTransaction } from '../../db/transaction.js';

/** The ledger filter with the lead-unit subtree the route's scope check resolved (`orgId`). */
export function resolveFilter(ctx: RequestContext, f: TaskFilter, org: ScopedOrg | undefined): repo.ResolvedFilter {
  return {
    ...f,
    actorPath: ctx.actor.orgPath,
    actorOrgId: ctx.actor.orgId,
    industryUnionId: industryUnionOf(ctx.actor),
    leadPath: f.orgId ? org?.path : undefined,
    today: today(),
  };
}

export async function listTasks(ctx: RequestContext, q: ListTasksQuery, org: ScopedOrg | undefined) {
  const filter = resolveFilter(ctx, q, org);
  const sort = (parseSort(q.sort) as { field: repo.TaskSortField; dir: 'asc' | 'desc' } | undefined) ?? { field: 'dueDate', dir: 'asc' };
  const { items, total } = await repo.listTasks(ctx.db, filter, sort, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: (await repo.hydrate(ctx.db, items)).map((h) => h.row), total };
}

export async function taskRows(ctx: RequestContext, records: repo.TaskRecord[]): Promise<TaskRow[]> {
  return (await repo.hydrate(ctx.db, records)).map((h) => h.row);
}

/** The task again after a write (a write may move it out of sight: a co-unit removed, say). */
const reload = async (ctx: RequestContext, id: string) => getTask(ctx, await loadVisibleTask(ctx.db, ctx.actor, id));

export async function getTask(ctx: RequestContext, t: repo.TaskRecord): Promise<TaskDetailView> {
  const [[h], children, reportRows, parent, notices] = await Promise.all([
    repo.hydrate(ctx.db, [t]),
    repo.listChildTasks(ctx.db, t.id),
    reports.listReportSummaries(ctx.db, t.id),
    t.parent_id ? repo.findTask(ctx.db, t.parent_id) : Promise.resolve(undefined),
    supervisions.listSupervisionsOfTask(ctx.db, t.id),
  ]);
  const byPeriod = new Map(reportRows.map((r) => [r.period, r]));
  const canEdit = mayEditTask(ctx.actor, t);
  return {
    ...h!.row,
    description: t.description,
    version: t.version,
    // The parent is named only when the caller can see it (a lower level sees who assigned, not more).
    parent:
      parent && isInScope(ctx.actor, parent.org_path)
        ? { id: parent.id, title: parent.title, orgId: parent.org_id, orgName: parent.org_name }
        : null,
    // A co-unit sees the task, not how the lead unit broke it down.
    children: (isInScope(ctx.actor, t.org_path) ? children : []).map((c) => ({
      id: c.id,
      title: c.title,
      orgId: c.org_id,
      orgName: c.org_name,
      status: c.status,
      share: Number(c.share),
      dueDate: c.due_date,
    })),
    reports: reportRows.map((r) => ({
      id: r.id,
      period: r.period,
      status: r.status,
      version: r.version,
      revision: r.revision,
      submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
      reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
    periods: owedPeriods(t.cycle, t.start_date, t.due_date, isoDay(new Date(t.created_at)), new Set(byPeriod.keys())).map((p) => ({
      period: p.key,
      deadline: p.deadline,
      reportId: byPeriod.get(p.key)?.id ?? null,
      status: byPeriod.get(p.key)?.status ?? null,
    })),
    supervisions: notices.map((r) => toSupervisionView(ctx, r)),
    permissions: {
      canEdit,
      canDelete: canEdit && reportRows.length === 0 && children.length === 0,
      canReport: mayReportTask(ctx.actor, t),
      canReview: mayReviewTask(ctx.actor, t),
      canHandDown: mayHandDownTask(ctx.actor, t),
      canSupervise: mayReviewTask(ctx.actor, t),
    },
  };
}

/**
 * Active organisations in the caller's subtree (co-units, hand-down units); errors name the field.
 * With `industry`, an enterprise affiliated to the caller's industry union counts as below the lead.
 */
async function orgsInScope(ctx: RequestContext, ids: string[], path: string, under?: string, industry = false) {
  const unique = [...new Set(ids)];
  const orgs = await findOrgsByIds(ctx.db, unique);
  const full = await Promise.all(orgs.map((o) => findOrgById(ctx.db, o.id)));
  ids.forEach((oid, i) => {
    const o = full.find((x) => x?.id === oid);
    if (!o || !isInScope(ctx.actor, o.path, industry ? 'read' : 'territorial')) throw fieldError(`${path}.${i}`, 'unknown_org');
    if (o.status !== 'active') throw fieldError(`${path}.${i}`, 'org_archived');
    const viaIndustry = industry && isIndustryReach(ctx.actor, o.path);
    if (under !== undefined && !viaIndustry && (!o.path.startsWith(under) || o.path === under))
      throw fieldError(`${path}.${i}`, 'not_below_lead');
  });
  return unique;
}

async function usableTags(ctx: RequestContext, tagIds: string[] | undefined, leadPath: string, path: string) {
  if (!tagIds?.length) return [];
  const unique = [...new Set(tagIds)];
  const tags = await prepo.findTagsByIds(ctx.db, unique);
  unique.forEach((tid, i) => {
    const t = tags.find((x) => x.id === tid);
    if (!t || !(leadPath.startsWith(t.path) || ctx.actor.orgPath.startsWith(t.path) || isInScope(ctx.actor, t.path)))
      throw fieldError(`${path}.${i}`, 'unknown_tag');
  });
  return unique;
}

const title = (t: { title: string }) => ({ zh: `新任务：${t.title}`, en: `New task: ${t.title}` });

/** `lead` is the lead unit (body.orgId) as the route's scope check resolved it. */
export async function createTask(ctx: RequestContext, input: CreateTaskInput, lead: ScopedOrg) {
  const programme = await loadProgramme(ctx.db, ctx.actor, input.programmeId, 'read');
  if (programme.status !== 'active') throw fieldError('body.programmeId', 'programme_archived');
  const goal = await prepo.findGoal(ctx.db, input.goalId);
  if (!goal || goal.programme_id !== programme.id) throw fieldError('body.goalId', 'unknown_goal');
  // Below the owner of the programme, a level adds only its own optional tasks (自选动作).
  if (!isInScope(ctx.actor, programme.org_path) && input.kind !== 'optional') throw fieldError('body.kind', 'optional_only');
  // In scope (the route checked); whether it is still active is the lead unit's status.
  if ((await findOrgById(ctx.db, lead.id))?.status !== 'active') throw new AppError('org_archived');
  if (input.dueDate < input.startDate) throw fieldError('body.dueDate', 'end_before_start');
  // An industry union's own task may name its affiliated enterprises as co-units, as it hands tasks down to them.
  const coUnits = (await orgsInScope(ctx, input.coUnitIds ?? [], 'body.coUnitIds', undefined, lead.id === ctx.actor.orgId)).filter(
    (c) => c !== lead.id,
  );
  const tagIds = await usableTags(ctx, input.tagIds, lead.path, 'body.tagIds');
  const id = await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertTask(trx, {
      programme_id: programme.id,
      goal_id: goal.id,
      parent_id: null,
      kind: input.kind,
      title: input.title,
      description: input.description ?? '',
      org_id: lead.id,
      assigned_by_org_id: ctx.actor.orgId,
      start_date: input.startDate,
      due_date: input.dueDate,
      cycle: input.cycle,
      created_by: ctx.actor.userId,
    });
    await repo.insertCoUnits(trx, id, coUnits);
    await repo.insertTagLinks(trx, id, tagIds);
    await repo.insertTargets(
      trx,
      (input.targets ?? []).map((t, i) => ({
        task_id: id,
        parent_target_id: null,
        metric: t.metric,
        unit: t.unit,
        target_value: t.targetValue,
        sort_order: i,
      })),
    );
    await repo.recomputeTask(trx, id);
    await writeAudit(trx, ctx, { action: 'create', entityType: 'task', entityId: id, orgId: lead.id, orgPath: lead.path, after: input });
    if (lead.id !== ctx.actor.orgId)
      await notify(trx, {
        orgId: lead.id,
        kind: 'task_assigned',
        entityType: 'task',
        entityId: id,
        title: title(input),
        dedupeKey: `task_assigned:${id}`,
      });
    return id;
  });
  return reload(ctx, id);
}

/** Edits a task the caller may edit (the route's policy loaded it); `input.version` is the version they read. */
export async function updateTask(ctx: RequestContext, before: repo.TaskRecord, input: UpdateTaskInput) {
  const id = before.id;
  const start = input.startDate ?? before.start_date;
  const due = input.dueDate ?? before.due_date;
  if (due < start) throw fieldError('body.dueDate', 'end_before_start');
  if (input.goalId) {
    const g = await prepo.findGoal(ctx.db, input.goalId);
    if (!g || g.programme_id !== before.programme_id) throw fieldError('body.goalId', 'unknown_goal');
  }
  const coUnits = input.coUnitIds
    ? (await orgsInScope(ctx, input.coUnitIds, 'body.coUnitIds', undefined, before.org_id === ctx.actor.orgId)).filter(
        (c) => c !== before.org_id,
      )
    : undefined;
  const tagIds = input.tagIds ? await usableTags(ctx, input.tagIds, before.org_path, 'body.tagIds') : undefined;
  const [beforeRow] = await taskRows(ctx, [before]);
  await inTransaction(ctx.db, async (trx) => {
    // Under the row lock, the version decides: someone else's edit since the caller read the task
    // answers 409 with what they changed, instead of being silently overwritten.
    const current = await repo.lockTask(trx, id);
    if (current === undefined) throw new AppError('not_found', { entity: 'task' });
    if (current !== input.version) throw await staleWrite(trx, 'task', id, input.version, current);
    const { version: _read, ...changes } = input;
    await repo.updateTaskFields(trx, id, {
      title: changes.title,
      description: changes.description,
      goal_id: changes.goalId,
      start_date: changes.startDate,
      due_date: changes.dueDate,
      cycle: changes.cycle,
    });
    if (coUnits) await repo.replaceCoUnits(trx, id, coUnits);
    if (tagIds) await repo.replaceTagLinks(trx, id, tagIds);
    if (input.targets) {
      const existing = await repo.listTargets(trx, [id]);
      let order = existing.length;
      for (const [i, t] of input.targets.entries()) {
        if (t.id) {
          if (!existing.some((e) => e.id === t.id)) throw fieldError(`body.targets.${i}.id`, 'unknown_target');
          await repo.updateTarget(trx, t.id, { metric: t.metric, unit: t.unit, target_value: t.targetValue });
        } else {
          await repo.insertTargets(trx, [
            { task_id: id, parent_target_id: null, metric: t.metric, unit: t.unit, target_value: t.targetValue, sort_order: order++ },
          ]);
        }
      }
    }
    await repo.recomputeTask(trx, id);
    await writeAudit(trx, ctx, {
      ...auditTask(before),
      action: 'update',
      before: { ...beforeRow, version: current },
      after: { ...changes, version: current + 1 },
    });
  });
  return reload(ctx, id);
}

export async function deleteTask(ctx: RequestContext, t: repo.TaskRecord) {
  const [row] = await taskRows(ctx, [t]);
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockTask(trx, t.id);
    if (await repo.hasReportsOrChildren(trx, t.id)) throw new AppError('task_in_use');
    await supervisions.deleteSupervisionsOfTask(trx, t.id);
    // Children's targets pointing here are gone with the children (there are none).
    await repo.deleteTask(trx, t.id);
    if (t.parent_id) await repo.recomputeTask(trx, t.parent_id);
    await writeAudit(trx, ctx, { ...auditTask(t), action: 'delete', before: row });
  });
}

export async function handDown(ctx: RequestContext, parent: repo.TaskRecord, input: HandDownInput) {
  const id = parent.id;
  const units = await orgsInScope(
    ctx,
    input.units.map((u) => u.orgId),
    'body.units',
    parent.org_path,
    parent.org_id === ctx.actor.orgId,
  );
  if (units.length !== input.units.length) throw fieldError('body.units', 'duplicate_unit');
  const existing = await repo.listChildOrgIds(ctx.db, id);
  input.units.forEach((u, i) => {
    if (existing.includes(u.orgId)) throw fieldError(`body.units.${i}.orgId`, 'already_assigned');
  });
  const targets = await repo.listTargets(ctx.db, [id]);
  input.units.forEach((u, i) => {
    (u.targets ?? []).forEach((t, j) => {
      if (!targets.some((x) => x.id === t.targetId)) throw fieldError(`body.units.${i}.targets.${j}.targetId`, 'unknown_target');
    });
    if (u.dueDate && u.dueDate > parent.due_date) throw fieldError(`body.units.${i}.dueDate`, 'after_parent_due');
    if (u.dueDate && u.dueDate < parent.start_date) throw fieldError(`body.units.${i}.dueDate`, 'end_before_start');
  });
  const tags = await repo.listTaskTags(ctx.db, [id]);
  const orgs = await findOrgsByIds(ctx.db, units);
  const childIds = await inTransaction(ctx.db, async (trx) => {
    await repo.lockTask(trx, id);
    const ids: string[] = [];
    for (const u of input.units) {
      const org = orgs.find((o) => o.id === u.orgId)!;
      const childTitle = u.title ?? parent.title;
      const cid = await repo.insertTask(trx, {
        programme_id: parent.programme_id,
        goal_id: parent.goal_id,
        parent_id: id,
        kind: parent.kind,
        title: childTitle,
        description: parent.description,
        org_id: org.id,
        assigned_by_org_id: parent.org_id,
        start_date: parent.start_date,
        due_date: u.dueDate ?? parent.due_date,
        cycle: parent.cycle,
        created_by: ctx.actor.userId,
      });
      const given = u.targets ?? [];
      await repo.insertTargets(
        trx,
        given.map((g, i) => {
          const pt = targets.find((x) => x.id === g.targetId)!;
          return { task_id: cid, parent_target_id: pt.id, metric: pt.metric, unit: pt.unit, target_value: g.value, sort_order: i };
        }),
      );
      await repo.insertTagLinks(
        trx,
        cid,
        tags.map((tg) => tg.id),
      );
      await repo.recomputeTask(trx, cid);
      await writeAudit(trx, ctx, {
        action: 'create',
        entityType: 'task',
        entityId: cid,
        orgId: org.id,
        orgPath: org.path,
        after: { parentId: id, title: childTitle, orgId: org.id, targets: given, dueDate: u.dueDate ?? parent.due_date },
      });
      await notify(trx, {
        orgId: org.id,
        kind: 'task_assigned',
        entityType: 'task',
        entityId: cid,
        title: title({ title: childTitle }),
        dedupeKey: `task_assigned:${cid}`,
      });
      ids.push(cid);
    }
    await repo.recomputeTask(trx, id);
    await writeAudit(trx, ctx, { ...auditTask(parent), action: 'hand_down', after: { children: ids, units: input.units } });
    return ids;
  });
  return { items: await taskRows(ctx, await repo.findTasksByIds(ctx.db, childIds)) };
}

export async function listChildren(ctx: RequestContext, t: repo.TaskRecord) {
  // Only the children the caller can see (a co-unit above sees none of the lead's breakdown).
  const filter = resolveFilter(ctx, { parentId: t.id }, undefined);
  return { items: await taskRows(ctx, await repo.listFilteredByName(ctx.db, filter)) };
}

export async function board(ctx: RequestContext, q: BoardQuery, org: ScopedOrg | undefined) {
  const filter = resolveFilter(ctx, { programmeId: q.programmeId, orgId: q.orgId }, org);
  const counts = await repo.countByStatus(ctx.db, filter);
  const c = { total: 0, not_started: 0, on_track: 0, at_risk: 0, overdue: 0, completed: 0 };
  for (const r of counts) {
    c[r.status] = r.n;
    c.total += r.n;
  }
  const [overdue, atRisk, openSupervisions, pendingReviews] = await Promise.all([
    repo.listByDueDate(ctx.db, { ...filter, status: 'overdue' }, 100),
    repo.listByDueDate(ctx.db, { ...filter, status: 'at_risk' }, 100),
    supervisions.countOpenSupervisions(ctx.db, ctx.actor.orgPath),
    repo.countPendingReviews(ctx.db, ctx.actor.orgPath, ctx.actor.orgId),
  ]);
  return { counts: c, overdue: await taskRows(ctx, overdue), atRisk: await taskRows(ctx, atRisk), openSupervisions, pendingReviews };
}
