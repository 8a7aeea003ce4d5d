// Progress reports: one per task and period, draft → submitted → accepted, or returned with a
// reason → resubmitted. Every submission is kept as a version, every decision as a review. The
// lead unit writes and submits; the assigning level (or above) reviews. Accepting rolls progress up.
import { periodLabel } from '../../../shared/periods.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import { subtreePattern } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import { notify } from '../notifications/notify.js';
import * as repo from './tasks.repository.js';
import { canReportTask, canReviewTask, getVisibleTask } from './tasks.service.js';
import { periodMatchesCycle, periodsOf } from './status.js';
import type { CreateReportInput, ReportView, UpdateReportInput } from './tasks.schemas.js';
import type { z } from 'zod';
import type { reviewQueueQuery } from './tasks.schemas.js';
import { inTransaction } from '../../db/transaction.js';

interface ReportRecord {
  id: string;
  task_id: string;
  period: string;
  status: 'draft' | 'submitted' | 'accepted' | 'returned';
  narrative: string;
  metric_values: unknown;
  version: number;
  return_reason: string | null;
  submitted_at: Date | null;
  reviewed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

type Values = { targetId: string; value: number }[];
const valuesOf = (r: { metric_values: unknown }): Values => ((repo.parseJson(r.metric_values) as Values | null) ?? []).map((v) => ({ targetId: String(v.targetId), value: Number(v.value) }));
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function findReport(db: repo.Db, id: string) {
  return db.selectFrom('task_reports').selectAll().where('id', '=', id).executeTakeFirst() as Promise<ReportRecord | undefined>;
}

/** The report and its task, if the caller may see the task; otherwise not found. */
async function getVisibleReport(ctx: RequestContext, id: string, db: repo.Db = ctx.db) {
  const r = await findReport(db, id);
  if (!r) throw new AppError('not_found', { entity: 'report' });
  try {
    const task = await getVisibleTask(ctx, r.task_id, db);
    return { report: r, task };
  } catch {
    throw new AppError('not_found', { entity: 'report' });
  }
}

async function toView(db: repo.Db, r: ReportRecord, task: repo.TaskRecord, targets?: repo.TargetRecord[]): Promise<ReportView> {
  const ts = targets ?? (await repo.targetsOf(db, [task.id]));
  const values = valuesOf(r);
  return {
    id: r.id, taskId: task.id, taskTitle: task.title, orgId: task.org_id, orgName: task.org_name, period: r.period, status: r.status, narrative: r.narrative,
    values: ts.map((t) => ({ targetId: t.id, metric: t.metric, unit: t.unit, targetValue: t.target_value, value: values.find((v) => v.targetId === t.id)?.value ?? null })),
    version: r.version, returnReason: r.return_reason, submittedAt: iso(r.submitted_at), reviewedAt: iso(r.reviewed_at),
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function attachmentsOf(db: repo.Db, reportId: string) {
  const rows = await db.selectFrom('task_attachments as a').leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .select(['a.id', 'a.report_id', 'a.file_name', 'a.size', 'a.content_type', 'a.sha256', 'u.display_name', 'a.created_at'])
    .where('a.report_id', '=', reportId).where('a.removed_at', 'is', null).orderBy('a.id').execute();
  return rows.map((a) => ({
    id: a.id, reportId: a.report_id, fileName: a.file_name, size: Number(a.size), contentType: a.content_type, sha256: a.sha256, uploadedBy: a.display_name,
    createdAt: new Date(a.created_at).toISOString(), url: `/api/attachments/${a.id}`,
  }));
}

async function detail(ctx: RequestContext, r: ReportRecord, task: repo.TaskRecord) {
  const [view, attachments, versions, reviews] = await Promise.all([
    toView(ctx.db, r, task),
    attachmentsOf(ctx.db, r.id),
    ctx.db.selectFrom('task_report_versions as v').leftJoin('users as u', 'u.id', 'v.submitted_by')
      .select(['v.version', 'v.narrative', 'v.metric_values', 'v.attachment_ids', 'u.display_name', 'v.submitted_at']).where('v.report_id', '=', r.id).orderBy('v.version').execute(),
    ctx.db.selectFrom('task_report_reviews as rv').leftJoin('users as u', 'u.id', 'rv.reviewer_id').leftJoin('organisations as o', 'o.id', 'rv.reviewer_org_id')
      .select(['rv.version', 'rv.decision', 'rv.reason', 'u.display_name', 'o.name as org_name', 'rv.at']).where('rv.report_id', '=', r.id).orderBy('rv.id').execute(),
  ]);
  const editable = r.status === 'draft' || r.status === 'returned';
  return {
    ...view,
    attachments,
    versions: versions.map((v) => ({
      version: v.version, narrative: v.narrative, values: valuesOf(v), attachmentIds: ((repo.parseJson(v.attachment_ids) as string[] | null) ?? []).map(String),
      submittedBy: v.display_name, submittedAt: new Date(v.submitted_at).toISOString(),
    })),
    reviews: reviews.map((v) => ({ version: v.version, decision: v.decision, reason: v.reason, reviewer: v.display_name, reviewerOrgName: v.org_name, at: new Date(v.at).toISOString() })),
    permissions: { canEdit: editable && canReportTask(ctx, task), canSubmit: editable && canReportTask(ctx, task), canReview: r.status === 'submitted' && canReviewTask(ctx, task) },
  };
}

async function checkValues(db: repo.Db, taskId: string, values: Values | undefined, path: string) {
  if (!values) return undefined;
  const targets = await repo.targetsOf(db, [taskId]);
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (!targets.some((t) => t.id === v.targetId)) throw fieldError(`${path}.${i}.targetId`, 'unknown_target');
    if (seen.has(v.targetId)) throw fieldError(`${path}.${i}.targetId`, 'duplicate_target');
    seen.add(v.targetId);
  });
  return values;
}

export const auditReport = (r: { id: string }, task: repo.TaskRecord) => ({ entityType: 'report' as const, entityId: r.id, orgId: task.org_id, orgPath: task.org_path });

export async function listReports(ctx: RequestContext, taskId: string) {
  const task = await getVisibleTask(ctx, taskId);
  const rows = await ctx.db.selectFrom('task_reports').selectAll().where('task_id', '=', taskId).orderBy('period', 'desc').execute() as ReportRecord[];
  const targets = await repo.targetsOf(ctx.db, [taskId]);
  return { items: await Promise.all(rows.map((r) => toView(ctx.db, r, task, targets))) };
}

export async function getReport(ctx: RequestContext, id: string) {
  const { report, task } = await getVisibleReport(ctx, id);
  return detail(ctx, report, task);
}

export async function createReport(ctx: RequestContext, taskId: string, input: CreateReportInput) {
  const task = await getVisibleTask(ctx, taskId);
  if (!canReportTask(ctx, task)) throw new AppError('forbidden');
  if (!periodMatchesCycle(input.period, task.cycle) || !periodsOf(task.cycle, task.start_date, task.due_date).some((p) => p.key === input.period)) {
    throw fieldError('body.period', 'unknown_period');
  }
  const values = await checkValues(ctx.db, taskId, input.values, 'body.values');
  const id = await inTransaction(ctx.db, async (trx) => {
    const exists = await trx.selectFrom('task_reports').select('id').where('task_id', '=', taskId).where('period', '=', input.period).executeTakeFirst();
    if (exists) throw conflictOn('body.period', 'report_exists');
    const { id } = await trx.insertInto('task_reports').values({
      task_id: taskId, period: input.period, narrative: input.narrative ?? '', metric_values: JSON.stringify(values ?? []), created_by: ctx.actor.userId,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { ...auditReport({ id }, task), action: 'create', after: { taskId, ...input } });
    return id;
  });
  return getReport(ctx, id);
}

/** Locks the report row and checks the caller may change it in its current state. */
async function lockForWriter(ctx: RequestContext, trx: repo.Db, id: string) {
  await trx.selectFrom('task_reports').select('id').where('id', '=', id).forUpdate().execute();
  const { report, task } = await getVisibleReport(ctx, id, trx);
  if (!canReportTask(ctx, task)) throw new AppError('forbidden');
  if (report.status !== 'draft' && report.status !== 'returned') throw new AppError('report_state', { status: report.status });
  return { report, task };
}

export async function updateReport(ctx: RequestContext, id: string, input: UpdateReportInput) {
  await inTransaction(ctx.db, async (trx) => {
    const { report, task } = await lockForWriter(ctx, trx, id);
    const values = await checkValues(trx, task.id, input.values, 'body.values');
    await trx.updateTable('task_reports').set({
      ...(input.narrative !== undefined && { narrative: input.narrative }),
      ...(values && { metric_values: JSON.stringify(values) }),
      updated_at: new Date(),
    }).where('id', '=', id).execute();
    await writeAudit(trx, ctx, { ...auditReport(report, task), action: 'update', before: { narrative: report.narrative, values: valuesOf(report) }, after: input });
  });
  return getReport(ctx, id);
}

export async function submitReport(ctx: RequestContext, id: string) {
  await inTransaction(ctx.db, async (trx) => {
    const { report, task } = await lockForWriter(ctx, trx, id);
    const version = report.version + 1;
    const attachmentIds = (await trx.selectFrom('task_attachments').select('id').where('report_id', '=', id).where('removed_at', 'is', null).orderBy('id').execute()).map((a) => a.id);
    await trx.insertInto('task_report_versions').values({
      report_id: id, version, narrative: report.narrative, metric_values: JSON.stringify(valuesOf(report)), attachment_ids: JSON.stringify(attachmentIds), submitted_by: ctx.actor.userId,
    }).execute();
    await trx.updateTable('task_reports').set({ status: 'submitted', version, submitted_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
    await writeAudit(trx, ctx, { ...auditReport(report, task), action: report.status === 'returned' ? 'resubmit' : 'submit', before: { status: report.status }, after: { status: 'submitted', version } });
    await notify(trx, {
      orgId: task.assigned_by_org_id, kind: 'report_submitted', entityType: 'report', entityId: id,
      title: { zh: `${task.org_name}报送了“${task.title}”${report.period === 'once' ? '' : periodLabel(report.period, 'zh-CN')}进展，待审核`, en: `${task.org_name} submitted progress on "${task.title}"${report.period === 'once' ? '' : ` (${periodLabel(report.period, 'en-US')})`} for review` },
      dedupeKey: `report_submitted:${id}:${version}`,
    });
  });
  return getReport(ctx, id);
}

async function review(ctx: RequestContext, id: string, decision: 'accepted' | 'returned', reason?: string) {
  await inTransaction(ctx.db, async (trx) => {
    await trx.selectFrom('task_reports').select('id').where('id', '=', id).forUpdate().execute();
    const { report, task } = await getVisibleReport(ctx, id, trx);
    if (!canReviewTask(ctx, task)) throw new AppError('forbidden');
    if (report.status !== 'submitted') throw new AppError('report_state', { status: report.status });
    const now = new Date();
    await trx.updateTable('task_reports').set({ status: decision, reviewed_at: now, updated_at: now, return_reason: decision === 'returned' ? reason! : null }).where('id', '=', id).execute();
    await trx.insertInto('task_report_reviews').values({ report_id: id, version: report.version, decision, reason: reason ?? null, reviewer_id: ctx.actor.userId, reviewer_org_id: ctx.actor.orgId }).execute();
    if (decision === 'accepted') await repo.recomputeTask(trx, task.id, now);
    await writeAudit(trx, ctx, { ...auditReport(report, task), action: decision === 'accepted' ? 'accept' : 'return', before: { status: report.status }, after: { status: decision, version: report.version, ...(reason && { reason }) } });
    await notify(trx, decision === 'accepted'
      ? { orgId: task.org_id, kind: 'report_accepted', entityType: 'report', entityId: id, title: { zh: `“${task.title}”的进展报告已通过审核`, en: `Your progress report on "${task.title}" was accepted` }, dedupeKey: `report_accepted:${id}:${report.version}` }
      : { orgId: task.org_id, kind: 'report_returned', entityType: 'report', entityId: id, title: { zh: `“${task.title}”的进展报告被退回：${reason}`.slice(0, 200), en: `Your progress report on "${task.title}" was returned: ${reason}`.slice(0, 200) }, dedupeKey: `report_returned:${id}:${report.version}` });
  });
  return getReport(ctx, id);
}

export const acceptReport = (ctx: RequestContext, id: string) => review(ctx, id, 'accepted');
export const returnReport = (ctx: RequestContext, id: string, reason: string) => review(ctx, id, 'returned', reason);

/** Submitted reports of tasks whose assigning level is in the caller's subtree (not their own unit's). */
export async function reviewQueue(ctx: RequestContext, q: z.infer<typeof reviewQueueQuery>) {
  let base = ctx.db.selectFrom('task_reports as r').innerJoin('tasks as t', 't.id', 'r.task_id').innerJoin('organisations as ao', 'ao.id', 't.assigned_by_org_id')
    .where('r.status', '=', 'submitted').where('ao.path', 'like', subtreePattern(ctx.actor.orgPath)).where('t.org_id', '!=', ctx.actor.orgId);
  if (q.programmeId) base = base.where('t.programme_id', '=', q.programmeId);
  const [rows, total] = await Promise.all([
    base.selectAll('r').orderBy('r.submitted_at').orderBy('r.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute() as Promise<ReportRecord[]>,
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const taskIds = [...new Set(rows.map((r) => r.task_id))];
  const [tasks, targets] = taskIds.length
    ? await Promise.all([repo.selectTasks(ctx.db).where('t.id', 'in', taskIds).execute() as Promise<repo.TaskRecord[]>, repo.targetsOf(ctx.db, taskIds)])
    : [[], []];
  const items = await Promise.all(rows.map((r) => toView(ctx.db, r, tasks.find((t) => t.id === r.task_id)!, targets.filter((t) => t.task_id === r.task_id))));
  return { items, total: Number(total.n) };
}

export { getVisibleReport };
