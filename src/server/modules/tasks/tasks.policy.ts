// Who may do what in the reform-task module: the one place these decisions are made. A route
// declares its decision next to its permission (`policy: taskPolicy('edit')` in tasks.routes.ts); the
// platform's access hook runs it once, before the handler, and hands the loaded record to the
// handler (`req.scoped.record`). Services use the pure `may…` functions only to show what the caller
// may do (the `permissions` of a view), and re-run a loader inside a `FOR UPDATE` transaction where
// the state it decides on may have changed meanwhile.
//
// On top of the route permission:
//   see       the lead unit or a co-unit is in the caller's subtree, or the lead unit is an enterprise
//             affiliated to the caller's industry union (reach 'read'; a programme: owned in the subtree,
//             or owned above with a task seen in the subtree); otherwise not found
//   edit      the assigning level is in the caller's subtree (the assigning level or above)
//   hand down the lead unit is in the caller's subtree and is not an enterprise (a leaf); an industry
//             union hands its own tasks to its affiliated enterprises
//   report    the caller belongs to the lead unit (write and submit reports, attach files, answer notices)
//   review    may edit, and the caller is not the lead unit (accept or return reports)
//   supervise same as review
//   programme edit: the owner federation is in the caller's subtree
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type Actor, hasPermission, isInScope } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { FastifyRequest } from 'fastify';
import type { RecordPolicy } from '../../platform/http.js';
import * as repo from './tasks.repository.js';
import * as reports from './reports.repository.js';
import * as prepo from './programmes.repository.js';
import * as srepo from './supervision.repository.js';

type Who = Pick<Actor, 'orgId' | 'orgPath' | 'permissions'> & Partial<Pick<Actor, 'industryPaths'>>;
type TaskAccess = Pick<repo.TaskRecord, 'org_id' | 'org_path' | 'assigned_by_path'> & { org_kind?: string };

export type TaskAction = 'edit' | 'hand_down' | 'report' | 'review' | 'supervise';

export const mayEditTask = (a: Who, t: TaskAccess) => hasPermission(a, 'tasks.write') && isInScope(a, t.assigned_by_path);
export const mayReviewTask = (a: Who, t: TaskAccess) => mayEditTask(a, t) && a.orgId !== t.org_id;
export const mayReportTask = (a: Who, t: TaskAccess) => hasPermission(a, 'tasks.report') && a.orgId === t.org_id;
/** An enterprise is a leaf of the tree: nothing below it to hand a task down to. */
export const mayHandDownTask = (a: Who, t: TaskAccess) =>
  hasPermission(a, 'tasks.write') && isInScope(a, t.org_path) && t.org_kind !== 'enterprise';

export function mayOnTask(a: Who, action: TaskAction, t: TaskAccess): boolean {
  switch (action) {
    case 'edit':
      return mayEditTask(a, t);
    case 'hand_down':
      return mayHandDownTask(a, t);
    case 'report':
      return mayReportTask(a, t);
    case 'review':
    case 'supervise':
      return mayReviewTask(a, t);
  }
}

export const mayEditProgramme = (a: Who, p: Pick<prepo.ProgrammeRecord, 'org_path'>) =>
  hasPermission(a, 'tasks.write') && isInScope(a, p.org_path);

/** The task if the caller may see it (lead or co-unit in their subtree); otherwise not found. */
export async function loadVisibleTask(db: repo.Db, actor: Who, id: string): Promise<repo.TaskRecord> {
  const t = await repo.findTask(db, id);
  if (t && (isInScope(actor, t.org_path, 'read') || (await repo.hasCoUnitInSubtree(db, id, actor.orgPath)))) return t;
  throw new AppError('not_found', { entity: 'task' });
}

export async function loadTask(db: repo.Db, actor: Who, id: string, action: TaskAction | 'read'): Promise<repo.TaskRecord> {
  const t = await loadVisibleTask(db, actor, id);
  if (action !== 'read' && !mayOnTask(actor, action, t)) throw new AppError('forbidden');
  return t;
}

export interface ReportAndTask {
  report: reports.ReportRecord;
  task: repo.TaskRecord;
}

/** The report and its task, if the caller may see the task (else the report is not found) and act. */
export async function loadReport(db: repo.Db, actor: Who, id: string, action: 'report' | 'review' | 'read'): Promise<ReportAndTask> {
  const report = await reports.findReport(db, id);
  if (!report) throw new AppError('not_found', { entity: 'report' });
  const task = await repo.findTask(db, report.task_id);
  if (!task || !(isInScope(actor, task.org_path, 'read') || (await repo.hasCoUnitInSubtree(db, task.id, actor.orgPath))))
    throw new AppError('not_found', { entity: 'report' });
  if (action !== 'read' && !mayOnTask(actor, action, task)) throw new AppError('forbidden');
  return { report, task };
}

export interface AttachmentAndReport extends ReportAndTask {
  attachment: reports.AttachmentRecord;
}

export async function loadAttachment(db: repo.Db, actor: Who, id: string, action: 'report' | 'read'): Promise<AttachmentAndReport> {
  const attachment = await reports.findAttachment(db, id);
  if (!attachment) throw new AppError('not_found', { entity: 'attachment' });
  let found: ReportAndTask;
  try {
    found = await loadReport(db, actor, attachment.report_id, 'read');
  } catch {
    throw new AppError('not_found', { entity: 'attachment' });
  }
  if (action !== 'read' && !mayOnTask(actor, action, found.task)) throw new AppError('forbidden');
  return { attachment, ...found };
}

/** A notice is answered by its responsible unit; others in the subtree see it, outsiders do not. */
export async function loadSupervisionToAnswer(db: repo.Db, actor: Who, id: string): Promise<srepo.SupervisionRow> {
  const row = await srepo.findSupervision(db, id);
  if (!row || !isInScope(actor, row.org_path)) throw new AppError('not_found', { entity: 'supervision' });
  if (actor.orgId !== row.org_id) throw new AppError('forbidden');
  return row;
}

export async function loadProgramme(db: repo.Db, actor: Who, id: string, action: 'edit' | 'read'): Promise<prepo.ProgrammeRecord> {
  const p = await prepo.findVisibleProgramme(db, actor.orgPath, id);
  if (!p) throw new AppError('not_found', { entity: 'programme' });
  if (action === 'edit' && !mayEditProgramme(actor, p)) throw new AppError('forbidden');
  return p;
}

export interface GoalAndProgramme {
  goal: prepo.GoalRecord;
  programme: prepo.ProgrammeRecord;
}

export async function loadGoalToEdit(db: repo.Db, actor: Who, id: string): Promise<GoalAndProgramme> {
  const goal = await prepo.findGoal(db, id);
  const programme = goal && (await prepo.findVisibleProgramme(db, actor.orgPath, goal.programme_id));
  if (!goal || !programme) throw new AppError('not_found', { entity: 'goal' });
  if (!mayEditProgramme(actor, programme)) throw new AppError('forbidden');
  return { goal, programme };
}

/** A tag is removed by its federation or above. */
export async function loadTagToDelete(db: repo.Db, actor: Who, id: string): Promise<prepo.TagRecord> {
  const [tag] = await prepo.findTagsByIds(db, [id]);
  if (!tag || !isInScope(actor, tag.path)) throw new AppError('not_found', { entity: 'task_tag' });
  return tag;
}

// ---- the decisions as routes declare them (the access hook runs `check` and audits a refusal)

type Check<T> = (db: Kysely<Database>, actor: Actor, id: string) => Promise<T>;
const byId = <T>(entity: RecordPolicy['entity'], check: Check<T>): RecordPolicy => ({ from: 'params', key: 'id', entity, check });

export const taskPolicy = (action: TaskAction | 'read') => byId('task', (db, actor, id) => loadTask(db, actor, id, action));
export const reportPolicy = (action: 'report' | 'review' | 'read') => byId('report', (db, actor, id) => loadReport(db, actor, id, action));
export const attachmentPolicy = (action: 'report' | 'read') => byId('attachment', (db, actor, id) => loadAttachment(db, actor, id, action));
export const answerSupervisionPolicy = () => byId('supervision', loadSupervisionToAnswer);
export const programmePolicy = (action: 'edit' | 'read') => byId('programme', (db, actor, id) => loadProgramme(db, actor, id, action));
export const goalPolicy = () => byId('goal', loadGoalToEdit);
export const tagPolicy = () => byId('task_tag', loadTagToDelete);

/** What the route's policy loaded (the handler's typed view of `req.scoped.record`). */
export const taskOf = (req: FastifyRequest) => req.scoped.record as repo.TaskRecord;
export const reportOf = (req: FastifyRequest) => req.scoped.record as ReportAndTask;
export const attachmentOf = (req: FastifyRequest) => req.scoped.record as AttachmentAndReport;
export const supervisionOf = (req: FastifyRequest) => req.scoped.record as srepo.SupervisionRow;
export const programmeOf = (req: FastifyRequest) => req.scoped.record as prepo.ProgrammeRecord;
export const goalOf = (req: FastifyRequest) => req.scoped.record as GoalAndProgramme;
export const tagOf = (req: FastifyRequest) => req.scoped.record as prepo.TagRecord;

/** Under whose organisation an audit entry about a task or a report is filed (the lead unit's). */
export const auditTask = (t: Pick<repo.TaskRecord, 'id' | 'org_id' | 'org_path'>) => ({
  entityType: 'task' as const,
  entityId: t.id,
  orgId: t.org_id,
  orgPath: t.org_path,
});
export const auditReport = (r: { id: string }, task: Pick<repo.TaskRecord, 'org_id' | 'org_path'>) => ({
  entityType: 'report' as const,
  entityId: r.id,
  orgId: task.org_id,
  orgPath: task.org_path,
});
