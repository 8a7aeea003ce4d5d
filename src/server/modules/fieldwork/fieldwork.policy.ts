// Who may see and change visits and meetings (on top of the route permission):
//   visit    see: organised in the caller's subtree, or hosted by a unit of it (an industry union: also
//            organised by or hosted at an enterprise affiliated to it, reach 'read'); edit (plan, record,
//            move through its states, turn problems into tasks): organised in the caller's subtree.
//   meeting  see in full: convened in the caller's subtree (or, read only, by an affiliated enterprise);
//            an invited unit outside it (or the industry union of an invited enterprise) sees only
//            those invitations, the agenda and the minutes once issued; edit: convened in the subtree.
//   invitation  reply, sign in, write and submit the pre-meeting report: the invited unit or a level
//            above it; the convenor's side may sign a unit in.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type Actor, hasPermission, isInScope } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { RecordPolicy } from '../../platform/http.js';
import { industryUnionOf } from '../../platform/reach.repository.js';
import * as repo from './fieldwork.repository.js';
import * as files from './files.repository.js';

type Who = Pick<Actor, 'orgId' | 'orgPath' | 'permissions'> & Partial<Pick<Actor, 'industryPaths'>>;

export const mayEditVisit = (a: Who, v: Pick<repo.VisitRow, 'org_path'>) => hasPermission(a, 'tasks.write') && isInScope(a, v.org_path);
export const mayEditMeeting = (a: Who, m: Pick<repo.MeetingRow, 'org_path'>) => hasPermission(a, 'tasks.write') && isInScope(a, m.org_path);

export async function loadVisit(db: repo.Db, actor: Who, id: string, action: 'read' | 'edit'): Promise<repo.VisitRow> {
  const v = await repo.findVisit(db, id);
  if (!v || !(isInScope(actor, v.org_path, 'read') || (await repo.isVisitVisible(db, id, actor.orgPath, industryUnionOf(actor)))))
    throw new AppError('not_found', { entity: 'visit' });
  if (action === 'edit' && !mayEditVisit(actor, v)) throw new AppError('forbidden');
  return v;
}

export interface ProblemAndVisit {
  problem: NonNullable<Awaited<ReturnType<typeof repo.findProblem>>>;
  visit: repo.VisitRow;
}
export async function loadProblem(db: repo.Db, actor: Who, id: string): Promise<ProblemAndVisit> {
  const problem = await repo.findProblem(db, id);
  if (!problem) throw new AppError('not_found', { entity: 'visit_problem' });
  let visit: repo.VisitRow;
  try {
    visit = await loadVisit(db, actor, problem.visit_id, 'read');
  } catch {
    throw new AppError('not_found', { entity: 'visit_problem' });
  }
  if (!mayEditVisit(actor, visit)) throw new AppError('forbidden');
  return { problem, visit };
}

export interface RequirementAndVisit {
  requirement: NonNullable<Awaited<ReturnType<typeof repo.findRequirement>>>;
  visit: repo.VisitRow;
}
export async function loadRequirement(db: repo.Db, actor: Who, id: string): Promise<RequirementAndVisit> {
  const requirement = await repo.findRequirement(db, id);
  if (!requirement) throw new AppError('not_found', { entity: 'visit_requirement' });
  let visit: repo.VisitRow;
  try {
    visit = await loadVisit(db, actor, requirement.visit_id, 'read');
  } catch {
    throw new AppError('not_found', { entity: 'visit_requirement' });
  }
  if (!mayEditVisit(actor, visit)) throw new AppError('forbidden');
  return { requirement, visit };
}

export interface SeenMeeting {
  meeting: repo.MeetingRow;
  /** On the convenor's side: sees everything of the meeting. */
  full: boolean;
}
export async function loadMeeting(db: repo.Db, actor: Who, id: string, action: 'read' | 'edit'): Promise<SeenMeeting> {
  const meeting = await repo.findMeeting(db, id);
  if (!meeting) throw new AppError('not_found', { entity: 'meeting' });
  // Reading reaches an industry union's affiliated enterprises too; editing stays territorial.
  const full = isInScope(actor, meeting.org_path, 'read');
  if (!full) {
    const invited = (await repo.listInvitations(db, id)).some((i) => isInScope(actor, i.org_path, 'read'));
    if (!invited) throw new AppError('not_found', { entity: 'meeting' });
  }
  if (action === 'edit' && !mayEditMeeting(actor, meeting)) throw new AppError('forbidden');
  return { meeting, full };
}

export interface InvitationAndMeeting {
  invitation: repo.InvitationRow;
  meeting: repo.MeetingRow;
}
/** `act`: the invited unit (or above) replies and reports; `sign_in` also the convenor's side. */
export async function loadInvitation(db: repo.Db, actor: Who, id: string, action: 'act' | 'sign_in'): Promise<InvitationAndMeeting> {
  const invitation = await repo.findInvitation(db, id);
  const meeting = invitation && (await repo.findMeeting(db, invitation.meeting_id));
  if (!invitation || !meeting) throw new AppError('not_found', { entity: 'invitation' });
  const own = isInScope(actor, invitation.org_path);
  const convenor = isInScope(actor, meeting.org_path);
  if (!own && !convenor) throw new AppError('not_found', { entity: 'invitation' });
  const allowed =
    action === 'act'
      ? own && hasPermission(actor, 'tasks.report')
      : (own && hasPermission(actor, 'tasks.report')) || mayEditMeeting(actor, meeting);
  if (!allowed) throw new AppError('forbidden');
  return { invitation, meeting };
}

type Check<T> = (db: Kysely<Database>, actor: Actor, id: string) => Promise<T>;
const byId = <T>(entity: RecordPolicy['entity'], check: Check<T>): RecordPolicy => ({ from: 'params', key: 'id', entity, check });

export const visitPolicy = (action: 'read' | 'edit') => byId('visit', (db, a, id) => loadVisit(db, a, id, action));
export const problemPolicy = () => byId('visit_problem', loadProblem);
export const requirementPolicy = () => byId('visit_requirement', loadRequirement);
export const meetingPolicy = (action: 'read' | 'edit') => byId('meeting', (db, a, id) => loadMeeting(db, a, id, action));
export const invitationPolicy = (action: 'act' | 'sign_in') => byId('invitation', (db, a, id) => loadInvitation(db, a, id, action));

export const visitOf = (req: FastifyRequest) => req.scoped.record as repo.VisitRow;
export const problemOf = (req: FastifyRequest) => req.scoped.record as ProblemAndVisit;
export const requirementOf = (req: FastifyRequest) => req.scoped.record as RequirementAndVisit;
export const meetingOf = (req: FastifyRequest) => req.scoped.record as SeenMeeting;
export const invitationOf = (req: FastifyRequest) => req.scoped.record as InvitationAndMeeting;

export const auditVisit = (v: Pick<repo.VisitRow, 'id' | 'org_id' | 'org_path'>) => ({
  entityType: 'visit' as const,
  entityId: v.id,
  orgId: v.org_id,
  orgPath: v.org_path,
});
export const auditMeeting = (m: Pick<repo.MeetingRow, 'id' | 'org_id' | 'org_path'>) => ({
  entityType: 'meeting' as const,
  entityId: m.id,
  orgId: m.org_id,
  orgPath: m.org_path,
});

// ---------------------------------------------------------------- files on field-work records
//   a problem's and the visit report's files: downloaded by whoever sees the visit, attached and
//            removed by whoever edits it; a meeting's documents: the convenor's side (full view) reads,
//            whoever edits the meeting attaches and removes; an agenda item's documents are part of
//            the agenda: every invited unit reads them too.

export interface LoadedFile {
  file: files.FileRow;
  /** The record the audit names (the visit, or the meeting). */
  owner: { entityType: 'visit' | 'meeting'; entityId: string; orgId: string; orgPath: string };
}
export async function loadFile(db: repo.Db, actor: Who, id: string, action: 'read' | 'edit'): Promise<LoadedFile> {
  const file = await files.findFile(db, id);
  const notFound = () => new AppError('not_found', { entity: 'attachment' });
  if (!file) throw notFound();
  try {
    if (file.owner_kind === 'problem' || file.owner_kind === 'visit_report') {
      const visitId = file.owner_kind === 'problem' ? (await repo.findProblem(db, file.owner_id))?.visit_id : file.owner_id;
      if (!visitId) throw notFound();
      const v = await loadVisit(db, actor, visitId, 'read');
      if (action === 'edit' && !mayEditVisit(actor, v)) throw new AppError('forbidden');
      return { file, owner: auditVisit(v) };
    }
    const { meeting, full } = await loadMeeting(db, actor, file.owner_id, 'read');
    if (file.owner_kind === 'meeting' && !full) throw notFound();
    if (action === 'edit' && !mayEditMeeting(actor, meeting)) throw new AppError('forbidden');
    return { file, owner: auditMeeting(meeting) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw notFound();
    throw err;
  }
}
export const filePolicy = (action: 'read' | 'edit'): RecordPolicy => ({
  from: 'params',
  key: 'id',
  entity: 'attachment',
  check: (db, a, id) => loadFile(db, a, id, action),
});
export const fileOf = (req: FastifyRequest) => req.scoped.record as LoadedFile;
