// The SQL of progress reports, their submitted versions and reviews, and their evidence files.
import { sql } from 'kysely';
import { subtreePattern } from '../../platform/access.js';
import type { Db } from './tasks.repository.js';

export interface ReportRecord {
  id: string;
  task_id: string;
  period: string;
  status: 'draft' | 'submitted' | 'accepted' | 'returned';
  narrative: string;
  metric_values: unknown;
  version: number;
  revision: number;
  return_reason: string | null;
  submitted_at: Date | null;
  reviewed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function findReport(db: Db, id: string) {
  return db.selectFrom('task_reports').selectAll().where('id', '=', id).executeTakeFirst() as Promise<ReportRecord | undefined>;
}

/** Locks the report's row until the transaction ends (writers of one report queue here). */
export async function lockReport(db: Db, id: string): Promise<void> {
  await db.selectFrom('task_reports').select('id').where('id', '=', id).forUpdate().execute();
}

export function listReportsOfTask(db: Db, taskId: string) {
  return db.selectFrom('task_reports').selectAll().where('task_id', '=', taskId).orderBy('period', 'desc').execute() as Promise<
    ReportRecord[]
  >;
}

/** The reports of a task as its page lists them. */
export function listReportSummaries(db: Db, taskId: string) {
  return db
    .selectFrom('task_reports')
    .select(['id', 'period', 'status', 'version', 'revision', 'submitted_at', 'reviewed_at', 'updated_at'])
    .where('task_id', '=', taskId)
    .orderBy('period', 'desc')
    .execute();
}

/** Non-draft reports of the tasks, newest period first (the symposium summary). */
export function listSubmittedReports(db: Db, taskIds: string[], period: string | undefined) {
  if (!taskIds.length) return Promise.resolve([]);
  return db
    .selectFrom('task_reports')
    .select(['id', 'task_id', 'period', 'status', 'narrative', 'updated_at'])
    .where('task_id', 'in', taskIds)
    .where('status', '!=', 'draft')
    .$if(!!period, (q) => q.where('period', '=', period!))
    .orderBy('period', 'desc')
    .orderBy('updated_at', 'desc')
    .execute();
}

export function listVersions(db: Db, reportId: string) {
  return db
    .selectFrom('task_report_versions as v')
    .leftJoin('users as u', 'u.id', 'v.submitted_by')
    .select(['v.version', 'v.narrative', 'v.metric_values', 'v.attachment_ids', 'u.display_name', 'v.submitted_at'])
    .where('v.report_id', '=', reportId)
    .orderBy('v.version')
    .execute();
}

export function listReviews(db: Db, reportId: string) {
  return db
    .selectFrom('task_report_reviews as rv')
    .leftJoin('users as u', 'u.id', 'rv.reviewer_id')
    .leftJoin('organisations as o', 'o.id', 'rv.reviewer_org_id')
    .select(['rv.version', 'rv.decision', 'rv.reason', 'u.display_name', 'o.name as org_name', 'rv.at'])
    .where('rv.report_id', '=', reportId)
    .orderBy('rv.id')
    .execute();
}

export async function hasReportOfPeriod(db: Db, taskId: string, period: string): Promise<boolean> {
  return !!(await db.selectFrom('task_reports').select('id').where('task_id', '=', taskId).where('period', '=', period).executeTakeFirst());
}

export async function insertReport(
  db: Db,
  v: { task_id: string; period: string; narrative: string; metric_values: string; created_by: string },
): Promise<string> {
  return (await db.insertInto('task_reports').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

/** Writes a change and bumps the revision (the optimistic lock). */
export async function updateReportRow(
  db: Db,
  id: string,
  set: {
    narrative?: string;
    metric_values?: string;
    status?: ReportRecord['status'];
    version?: number;
    submitted_at?: Date;
    reviewed_at?: Date;
    return_reason?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('task_reports')
    .set((eb) => ({ ...set, revision: eb('revision', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .execute();
}

export async function insertVersion(
  db: Db,
  v: { report_id: string; version: number; narrative: string; metric_values: string; attachment_ids: string; submitted_by: string },
): Promise<void> {
  await db.insertInto('task_report_versions').values(v).execute();
}

export async function insertReview(
  db: Db,
  v: {
    report_id: string;
    version: number;
    decision: 'accepted' | 'returned';
    reason: string | null;
    reviewer_id: string;
    reviewer_org_id: string;
  },
): Promise<void> {
  await db.insertInto('task_report_reviews').values(v).execute();
}

/** Submitted reports of tasks assigned by an organisation of the subtree, not led by the caller's unit. */
export async function listReviewQueue(
  db: Db,
  actor: { orgPath: string; orgId: string },
  programmeId: string | undefined,
  limit: number,
  offset: number,
) {
  let base = db
    .selectFrom('task_reports as r')
    .innerJoin('tasks as t', 't.id', 'r.task_id')
    .innerJoin('organisations as ao', 'ao.id', 't.assigned_by_org_id')
    .where('r.status', '=', 'submitted')
    .where('ao.path', 'like', subtreePattern(actor.orgPath))
    .where('t.org_id', '!=', actor.orgId);
  if (programmeId) base = base.where('t.programme_id', '=', programmeId);
  const [rows, total] = await Promise.all([
    base.selectAll('r').orderBy('r.submitted_at').orderBy('r.id').limit(limit).offset(offset).execute() as Promise<ReportRecord[]>,
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// ---- evidence files

export interface AttachmentRecord {
  id: string;
  report_id: string;
  file_key: string;
  file_name: string;
  size: string | number;
  content_type: string;
  sha256: string;
  removed_at: Date | null;
}

export function listAttachments(db: Db, reportId: string) {
  return db
    .selectFrom('task_attachments as a')
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .select(['a.id', 'a.report_id', 'a.file_name', 'a.size', 'a.content_type', 'a.sha256', 'u.display_name', 'a.created_at'])
    .where('a.report_id', '=', reportId)
    .where('a.removed_at', 'is', null)
    .orderBy('a.id')
    .execute();
}

export async function listAttachmentIds(db: Db, reportId: string): Promise<string[]> {
  return (
    await db
      .selectFrom('task_attachments')
      .select('id')
      .where('report_id', '=', reportId)
      .where('removed_at', 'is', null)
      .orderBy('id')
      .execute()
  ).map((a) => a.id);
}

export async function countAttachments(db: Db, reportId: string): Promise<number> {
  const r = await db
    .selectFrom('task_attachments')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('report_id', '=', reportId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertAttachment(
  db: Db,
  v: { report_id: string; file_key: string; file_name: string; size: number; sha256: string; content_type: string; uploaded_by: string },
): Promise<string> {
  return (await db.insertInto('task_attachments').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export function findAttachment(db: Db, id: string) {
  return db
    .selectFrom('task_attachments')
    .select(['id', 'report_id', 'file_key', 'file_name', 'size', 'content_type', 'sha256', 'removed_at'])
    .where('id', '=', id)
    .executeTakeFirst() as Promise<AttachmentRecord | undefined>;
}

/** Whether a submitted version of the report names the file (it then stays for that history). */
export async function isAttachmentInAVersion(db: Db, reportId: string, attachmentId: string): Promise<boolean> {
  const r = await db
    .selectFrom('task_report_versions')
    .select('id')
    .where('report_id', '=', reportId)
    .where((eb) => eb(eb.fn('jsonb_exists', [eb.ref('attachment_ids'), eb.val(String(attachmentId))]), '=', true))
    .executeTakeFirst();
  return !!r;
}

export async function markAttachmentRemoved(db: Db, id: string): Promise<void> {
  await db.updateTable('task_attachments').set({ removed_at: new Date() }).where('id', '=', id).execute();
}

export async function deleteAttachment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('task_attachments').where('id', '=', id).execute();
}
