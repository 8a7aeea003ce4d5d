// Progress reports: one per task and period, draft → submitted → accepted, or returned with a
// reason → resubmitted. Every submission is kept as a version, every decision as a review. The
// lead unit writes and submits; the assigning level (or above) reviews. Accepting rolls progress up.
// Who may do what: tasks.policy.ts (the routes declare it). Each change bumps the report's
// `revision`; an edit names the revision it read (optimistic locking).
import { periodLabel } from '../../../shared/periods.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import { notify } from '../notifications/notify.js';
import * as repo from './tasks.repository.js';
import * as reports from './reports.repository.js';
import { auditReport, loadReport, mayReportTask, mayReviewTask, type ReportAndTask } from './tasks.policy.js';
import { periodMatchesCycle, periodsOf } from './status.js';
import { staleWrite } from './stale-write.js';
import type { CreateReportInput, ReportView, ReviewQueueQuery, UpdateReportInput } from './tasks.schemas.js';
import { inTransaction } from '../../db/transaction.js';

type Values = { targetId: string; value: number }[];
const valuesOf = (r: { metric_values: unknown }): Values =>
  ((repo.parseJson(r.metric_values) as Values | null) ?? []).map((v) => ({ targetId: String(v.targetId), value: Number(v.value) }));
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

async function toView(db: repo.Db, r: reports.ReportRecord, task: repo.TaskRecord, targets?: repo.TargetRecord[]): Promise<ReportView> {
  const ts = targets ?? (await repo.listTargets(db, [task.id]));
  const values = valuesOf(r);
  return {
    id: r.id,
    taskId: task.id,
    taskTitle: task.title,
    orgId: task.org_id,
    orgName: task.org_name,
    period: r.period,
    status: r.status,
    narrative: r.narrative,
    values: ts.map((t) => ({
      targetId: t.id,
      metric: t.metric,
      unit: t.unit,
      targetValue: t.target_value,
      value: values.find((v) => v.targetId === t.id)?.value ?? null,
    })),
    version: r.version,
    revision: r.revision,
    returnReason: r.return_reason,
    submittedAt: iso(r.submitted_at),
    reviewedAt: iso(r.reviewed_at),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function attachmentsOf(db: repo.Db, reportId: string) {
  const rows = await reports.listAttachments(db, reportId);
  return rows.map((a) => ({
    id: a.id,
    reportId: a.report_id,
    fileName: a.file_name,
    size: Number(a.size),
    contentType: a.content_type,
    sha256: a.sha256,
    uploadedBy: a.display_name,
    createdAt: new Date(a.created_at).toISOString(),
    url: `/api/attachments/${a.id}`,
  }));
}

export async function getReport(ctx: RequestContext, { report: r, task }: ReportAndTask) {
  const [view, attachments, versions, reviews] = await Promise.all([
    toView(ctx.db, r, task),
    attachmentsOf(ctx.db, r.id),
    reports.listVersions(ctx.db, r.id),
    reports.listReviews(ctx.db, r.id),
  ]);
  const editable = r.status === 'draft' || r.status === 'returned';
  return {
    ...view,
    attachments,
    versions: versions.map((v) => ({
      version: v.version,
      narrative: v.narrative,
      values: valuesOf(v),
      attachmentIds: ((repo.parseJson(v.attachment_ids) as string[] | null) ?? []).map(String),
      submittedBy: v.display_name,
      submittedAt: new Date(v.submitted_at).toISOString(),
    })),
    reviews: reviews.map((v) => ({
      version: v.version,
      decision: v.decision,
      reason: v.reason,
      reviewer: v.display_name,
      reviewerOrgName: v.org_name,
      at: new Date(v.at).toISOString(),
    })),
    permissions: {
      canEdit: editable && mayReportTask(ctx.actor, task),
      canSubmit: editable && mayReportTask(ctx.actor, task),
      canReview: r.status === 'submitted' && mayReviewTask(ctx.actor, task),
    },
  };
}

const reload = async (ctx: RequestContext, id: string) => getReport(ctx, await loadReport(ctx.db, ctx.actor, id, 'read'));

async function checkValues(db: repo.Db, taskId: string, values: Values | undefined, path: string) {
  if (!values) return undefined;
  const targets = await repo.listTargets(db, [taskId]);
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (!targets.some((t) => t.id === v.targetId)) throw fieldError(`${path}.${i}.targetId`, 'unknown_target');
    if (seen.has(v.targetId)) throw fieldError(`${path}.${i}.targetId`, 'duplicate_target');
    seen.add(v.targetId);
  });
  return values;
}

export async function listReports(ctx: RequestContext, task: repo.TaskRecord) {
  const [rows, targets] = await Promise.all([reports.listReportsOfTask(ctx.db, task.id), repo.listTargets(ctx.db, [task.id])]);
  return { items: await Promise.all(rows.map((r) => toView(ctx.db, r, task, targets))) };
}

/** Starts the report of a period for a task the caller reports on (the route's policy loaded it). */
export async function createReport(ctx: RequestContext, task: repo.TaskRecord, input: CreateReportInput) {
  if (
    !periodMatchesCycle(input.period, task.cycle) ||
    !periodsOf(task.cycle, task.start_date, task.due_date).some((p) => p.key === input.period)
  ) {
    throw fieldError('body.period', 'unknown_period');
  }
  const values = await checkValues(ctx.db, task.id, input.values, 'body.values');
  const id = await inTransaction(ctx.db, async (trx) => {
    if (await reports.hasReportOfPeriod(trx, task.id, input.period)) throw conflictOn('body.period', 'report_exists');
    const id = await reports.insertReport(trx, {
      task_id: task.id,
      period: input.period,
      narrative: input.narrative ?? '',
      metric_values: JSON.stringify(values ?? []),
      created_by: ctx.actor.userId,
    });
    await writeAudit(trx, ctx, { ...auditReport({ id }, task), action: 'create', after: { taskId: task.id, ...input, revision: 1 } });
    return id;
  });
  return reload(ctx, id);
}

/**
 * Locks the report row and decides again: the route's policy ran before the lock, and the report's
 * state (and who may write it) may have changed meanwhile. Here the re-check is the point.
 */
async function lockForWriter(ctx: RequestContext, trx: repo.Db, id: string) {
  await reports.lockReport(trx, id);
  const { report, task } = await loadReport(trx, ctx.actor, id, 'report');
  if (report.status !== 'draft' && report.status !== 'returned') throw new AppError('report_state', { status: report.status });
  return { report, task };
}

export async function updateReport(ctx: RequestContext, id: string, input: UpdateReportInput) {
  await inTransaction(ctx.db, async (trx) => {
    const { report, task } = await lockForWriter(ctx, trx, id);
    if (report.revision !== input.revision) throw await staleWrite(trx, 'report', id, input.revision, report.revision);
    const { revision: _read, ...changes } = input;
    const values = await checkValues(trx, task.id, changes.values, 'body.values');
    await reports.updateReportRow(trx, id, { narrative: changes.narrative, metric_values: values && JSON.stringify(values) });
    await writeAudit(trx, ctx, {
      ...auditReport(report, task),
      action: 'update',
      before: { narrative: report.narrative, values: valuesOf(report), revision: report.revision },
      after: { ...changes, revision: report.revision + 1 },
    });
  });
  return reload(ctx, id);
}

export async function submitReport(ctx: RequestContext, id: string) {
  await inTransaction(ctx.db, async (trx) => {
    const { report, task } = await lockForWriter(ctx, trx, id);
    const version = report.version + 1;
    const attachmentIds = await reports.listAttachmentIds(trx, id);
    await reports.insertVersion(trx, {
      report_id: id,
      version,
      narrative: report.narrative,
      metric_values: JSON.stringify(valuesOf(report)),
      attachment_ids: JSON.stringify(attachmentIds),
      submitted_by: ctx.actor.userId,
    });
    await reports.updateReportRow(trx, id, { status: 'submitted', version, submitted_at: new Date() });
    await writeAudit(trx, ctx, {
      ...auditReport(report, task),
      action: report.status === 'returned' ? 'resubmit' : 'submit',
      before: { status: report.status },
      after: { status: 'submitted', version, revision: report.revision + 1 },
    });
    await notify(trx, {
      orgId: task.assigned_by_org_id,
      kind: 'report_submitted',
      entityType: 'report',
      entityId: id,
      title: {
        zh: `${task.org_name}报送了“${task.title}”${report.period === 'once' ? '' : periodLabel(report.period, 'zh-CN')}进展，待审核`,
        en: `${task.org_name} submitted progress on "${task.title}"${report.period === 'once' ? '' : ` (${periodLabel(report.period, 'en-US')})`} for review`,
      },
      dedupeKey: `report_submitted:${id}:${version}`,
    });
  });
  return reload(ctx, id);
}

async function review(ctx: RequestContext, id: string, decision: 'accepted' | 'returned', reason?: string) {
  await inTransaction(ctx.db, async (trx) => {
    // Under the lock the decision is made again: the report may have been decided meanwhile.
    await reports.lockReport(trx, id);
    const { report, task } = await loadReport(trx, ctx.actor, id, 'review');
    if (report.status !== 'submitted') throw new AppError('report_state', { status: report.status });
    const now = new Date();
    await reports.updateReportRow(trx, id, { status: decision, reviewed_at: now, return_reason: decision === 'returned' ? reason! : null });
    await reports.insertReview(trx, {
      report_id: id,
      version: report.version,
      decision,
      reason: reason ?? null,
      reviewer_id: ctx.actor.userId,
      reviewer_org_id: ctx.actor.orgId,
    });
    if (decision === 'accepted') await repo.recomputeTask(trx, task.id, now);
    await writeAudit(trx, ctx, {
      ...auditReport(report, task),
      action: decision === 'accepted' ? 'accept' : 'return',
      before: { status: report.status },
      after: { status: decision, version: report.version, revision: report.revision + 1, ...(reason && { reason }) },
    });
    await notify(
      trx,
      decision === 'accepted'
        ? {
            orgId: task.org_id,
            kind: 'report_accepted',
            entityType: 'report',
            entityId: id,
            title: { zh: `“${task.title}”的进展报告已通过审核`, en: `Your progress report on "${task.title}" was accepted` },
            dedupeKey: `report_accepted:${id}:${report.version}`,
          }
        : {
            orgId: task.org_id,
            kind: 'report_returned',
            entityType: 'report',
            entityId: id,
            title: {
              zh: `“${task.title}”的进展报告被退回：${reason}`.slice(0, 200),
              en: `Your progress report on "${task.title}" was returned: ${reason}`.slice(0, 200),
            },
            dedupeKey: `report_returned:${id}:${report.version}`,
          },
    );
  });
  return reload(ctx, id);
}

export const acceptReport = (ctx: RequestContext, id: string) => review(ctx, id, 'accepted');
export const returnReport = (ctx: RequestContext, id: string, reason: string) => review(ctx, id, 'returned', reason);

/** Submitted reports of tasks whose assigning level is in the caller's subtree (not their own unit's). */
export async function reviewQueue(ctx: RequestContext, q: ReviewQueueQuery) {
  const { rows, total } = await reports.listReviewQueue(ctx.db, ctx.actor, q.programmeId, q.pageSize, (q.page - 1) * q.pageSize);
  const taskIds = [...new Set(rows.map((r) => r.task_id))];
  const [tasks, targets] = await Promise.all([repo.findTasksByIds(ctx.db, taskIds), repo.listTargets(ctx.db, taskIds)]);
  const items = await Promise.all(
    rows.map((r) =>
      toView(
        ctx.db,
        r,
        tasks.find((t) => t.id === r.task_id)!,
        targets.filter((t) => t.task_id === r.task_id),
      ),
    ),
  );
  return { items, total };
}
