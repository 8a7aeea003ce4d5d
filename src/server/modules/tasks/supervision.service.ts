// Supervision (督办): the assigning level (or above) records a notice to the task's lead unit with a
// respond-by date; the lead unit answers. Notices are seen wherever the task's lead unit is seen.
import { AppError, fieldError } from '../../platform/errors.js';
import { hasPermission, subtreePattern } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { notify } from '../notifications/notify.js';
import type * as repo from './tasks.repository.js';
import { auditTask, canReviewTask, getVisibleTask, today } from './tasks.service.js';
import type { ListSupervisionsQuery, SupervisionView } from './tasks.schemas.js';

function selectSupervisions(db: repo.Db) {
  return db.selectFrom('task_supervisions as s')
    .innerJoin('tasks as t', 't.id', 's.task_id')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .innerJoin('organisations as fo', 'fo.id', 's.from_org_id')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select(['s.id', 's.task_id', 't.title as task_title', 's.org_id', 'o.name as org_name', 'o.path as org_path', 's.from_org_id', 'fo.name as from_org_name', 's.message',
      (eb) => eb.cast<string>('s.respond_by', 'text').as('respond_by'), 's.status', 's.response', 's.responded_at', 'u.display_name as created_by', 's.created_at']);
}
type Row = Awaited<ReturnType<ReturnType<typeof selectSupervisions>['executeTakeFirstOrThrow']>>;

function toView(ctx: RequestContext, r: Row): SupervisionView {
  return {
    id: r.id, taskId: r.task_id, taskTitle: r.task_title, orgId: r.org_id, orgName: r.org_name, fromOrgId: r.from_org_id, fromOrgName: r.from_org_name, message: r.message,
    respondBy: r.respond_by, status: r.status, response: r.response, respondedAt: r.responded_at ? new Date(r.responded_at).toISOString() : null, createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(), late: r.status === 'open' && r.respond_by < today(),
    canRespond: r.status === 'open' && hasPermission(ctx.actor, 'tasks.report') && ctx.actor.orgId === r.org_id,
  };
}

export async function listSupervisionsOfTask(ctx: RequestContext, t: repo.TaskRecord) {
  const rows = await selectSupervisions(ctx.db).where('s.task_id', '=', t.id).orderBy('s.id', 'desc').execute();
  return rows.map((r) => toView(ctx, r));
}

export async function supervise(ctx: RequestContext, taskId: string, input: { message: string; respondBy: string }) {
  const task = await getVisibleTask(ctx, taskId);
  if (!canReviewTask(ctx, task)) throw new AppError('forbidden');
  if (task.status === 'completed') throw fieldError('body.message', 'task_completed');
  if (input.respondBy < today()) throw fieldError('body.respondBy', 'in_the_past');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('task_supervisions').values({
      task_id: taskId, org_id: task.org_id, from_org_id: ctx.actor.orgId, message: input.message, respond_by: input.respondBy, created_by: ctx.actor.userId,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { ...auditTask(task), action: 'supervise', after: { supervisionId: id, ...input } });
    await notify(trx, {
      orgId: task.org_id, kind: 'supervision', entityType: 'task', entityId: taskId,
      title: { zh: `督办：“${task.title}”，请于 ${input.respondBy} 前回复`, en: `Supervision notice on "${task.title}": respond by ${input.respondBy}` },
      dedupeKey: `supervision:${id}`,
    });
    return id;
  });
  return toView(ctx, await selectSupervisions(ctx.db).where('s.id', '=', id).executeTakeFirstOrThrow());
}

export async function listSupervisions(ctx: RequestContext, q: ListSupervisionsQuery) {
  let root = ctx.actor.orgPath;
  if (q.orgId) root = (await findOrgById(ctx.db, q.orgId))?.path ?? root;
  let base = selectSupervisions(ctx.db).where('o.path', 'like', subtreePattern(ctx.actor.orgPath)).where('o.path', 'like', subtreePattern(root));
  if (q.status) base = base.where('s.status', '=', q.status);
  if (q.taskId) base = base.where('s.task_id', '=', q.taskId);
  if (q.mine) base = base.where('s.org_id', '=', ctx.actor.orgId);
  const [rows, total] = await Promise.all([
    base.orderBy('s.status', 'desc').orderBy('s.respond_by').orderBy('s.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toView(ctx, r)), total: Number(total.n) };
}

export async function respond(ctx: RequestContext, id: string, response: string) {
  const row = await selectSupervisions(ctx.db).where('s.id', '=', id).executeTakeFirst();
  if (!row || !row.org_path.startsWith(ctx.actor.orgPath)) throw new AppError('not_found', { entity: 'supervision' });
  if (ctx.actor.orgId !== row.org_id) throw new AppError('forbidden');
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('task_supervisions').set({ status: 'answered', response, responded_by: ctx.actor.userId, responded_at: new Date() })
      .where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    if (!Number(updated.numUpdatedRows)) throw new AppError('conflict');
    await writeAudit(trx, ctx, { entityType: 'supervision', entityId: id, orgId: row.org_id, orgPath: row.org_path, action: 'respond', before: { status: 'open' }, after: { status: 'answered', response } });
  });
  return toView(ctx, await selectSupervisions(ctx.db).where('s.id', '=', id).executeTakeFirstOrThrow());
}
