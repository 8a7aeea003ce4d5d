// Supervision (督办): the assigning level (or above) records a notice to the task's lead unit with a
// respond-by date; the lead unit answers. Notices are seen wherever the task's lead unit is seen.
// Who may do what: tasks.policy.ts (the routes declare it).
import { AppError, fieldError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { notify } from '../notifications/notify.js';
import type * as repo from './tasks.repository.js';
import * as srepo from './supervision.repository.js';
import { auditTask } from './tasks.policy.js';
import { today } from './status.js';
import type { ListSupervisionsQuery, SupervisionView } from './tasks.schemas.js';

export function toSupervisionView(ctx: RequestContext, r: srepo.SupervisionRow): SupervisionView {
  return {
    id: r.id,
    taskId: r.task_id,
    taskTitle: r.task_title,
    orgId: r.org_id,
    orgName: r.org_name,
    fromOrgId: r.from_org_id,
    fromOrgName: r.from_org_name,
    message: r.message,
    respondBy: r.respond_by,
    status: r.status,
    response: r.response,
    respondedAt: r.responded_at ? new Date(r.responded_at).toISOString() : null,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    late: r.status === 'open' && r.respond_by < today(),
    canRespond: r.status === 'open' && hasPermission(ctx.actor, 'tasks.report') && ctx.actor.orgId === r.org_id,
  };
}

const reload = async (ctx: RequestContext, id: string) => toSupervisionView(ctx, (await srepo.findSupervision(ctx.db, id))!);

/** A notice on a task the caller may supervise (the route's policy loaded it). */
export async function supervise(ctx: RequestContext, task: repo.TaskRecord, input: { message: string; respondBy: string }) {
  if (task.status === 'completed') throw fieldError('body.message', 'task_completed');
  if (input.respondBy < today()) throw fieldError('body.respondBy', 'in_the_past');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await srepo.insertSupervision(trx, {
      task_id: task.id,
      org_id: task.org_id,
      from_org_id: ctx.actor.orgId,
      message: input.message,
      respond_by: input.respondBy,
      created_by: ctx.actor.userId,
    });
    await writeAudit(trx, ctx, { ...auditTask(task), action: 'supervise', after: { supervisionId: id, ...input } });
    await notify(trx, {
      orgId: task.org_id,
      kind: 'supervision',
      entityType: 'task',
      entityId: task.id,
      title: {
        zh: `督办：“${task.title}”，请于 ${input.respondBy} 前回复`,
        en: `Supervision notice on "${task.title}": respond by ${input.respondBy}`,
      },
      dedupeKey: `supervision:${id}`,
    });
    return id;
  });
  return reload(ctx, id);
}

/** `org` is the subtree (query.orgId) as the route's scope check resolved it. */
export async function listSupervisions(ctx: RequestContext, q: ListSupervisionsQuery, org: ScopedOrg | undefined) {
  const { rows, total } = await srepo.listSupervisions(
    ctx.db,
    {
      actorPath: ctx.actor.orgPath,
      rootPath: org?.path ?? ctx.actor.orgPath,
      status: q.status,
      taskId: q.taskId,
      orgId: q.mine ? ctx.actor.orgId : undefined,
    },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: rows.map((r) => toSupervisionView(ctx, r)), total };
}

/** The answer of the responsible unit (the route's policy loaded the notice). */
export async function respond(ctx: RequestContext, row: srepo.SupervisionRow, response: string) {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await srepo.answerSupervision(trx, row.id, { response, responded_by: ctx.actor.userId }))) throw new AppError('conflict');
    await writeAudit(trx, ctx, {
      entityType: 'supervision',
      entityId: row.id,
      orgId: row.org_id,
      orgPath: row.org_path,
      action: 'respond',
      before: { status: 'open' },
      after: { status: 'answered', response },
    });
  });
  return reload(ctx, row.id);
}
