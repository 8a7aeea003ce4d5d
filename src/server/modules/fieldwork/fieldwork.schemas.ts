// Request and response shapes of field work and meetings: research visits (hosts, itinerary, findings,
// requirements, problems), meetings (series, agenda, invitations and replies, pre-meeting reports,
// minutes, decisions, the next session's briefing). The contract with the web UI.
import { z } from 'zod';
import { pageQuery, sortQuery } from '../../platform/http.js';
import { id, idParam, isoDate, longText, text } from '../tasks/tasks.schemas.js';
import { fileView } from './files.schemas.js';

export { idParam };

export const VISIT_TYPES = ['thematic', 'stationed', 'questionnaire', 'survey'] as const;
export const VISIT_STATUSES = ['planned', 'approved', 'under_way', 'report_due', 'reported', 'closed'] as const;
export type VisitStatusValue = (typeof VISIT_STATUSES)[number];
export const PROBLEM_STATUSES = ['open', 'in_progress', 'closed', 'carried_over'] as const;
export const MEETING_TYPES = ['symposium', 'promotion', 'regular', 'joint'] as const;
export const MINUTES_STATUSES = ['none', 'draft', 'signed_off', 'issued'] as const;
export const REPLIES = ['pending', 'attending', 'substitute', 'absent'] as const;
export const CONCLUSION_KINDS = ['affirmed', 'pointed_out', 'stressed'] as const;
/** How a decision or problem turned into a task stands now. */
export const FOLLOW_UP = ['open', 'overdue', 'done_on_time', 'done_late'] as const;

const orgRef = z.object({ id: z.string(), name: z.string() });
const taskLink = z
  .object({ id: z.string(), title: z.string(), status: z.string(), dueDate: z.string(), completedAt: z.string().nullable() })
  .nullable();

// ---------------------------------------------------------------- visits

const member = z.strictObject({ name: text(50), post: longText(100).optional() });
const itineraryLine = z.strictObject({
  date: isoDate,
  hostOrgId: id.optional(),
  activity: text(500),
  receivedBy: longText(200).optional(),
});

const visitFields = {
  title: text(200),
  visitType: z.enum(VISIT_TYPES),
  themes: z.array(text(100)).min(1).max(20),
  leaderName: text(50),
  leaderPost: longText(200).optional(),
  team: z.array(member).max(50).optional(),
  startDate: isoDate,
  endDate: isoDate,
  /** Host units: organisations the organiser reaches. */
  hostOrgIds: z.array(id).max(100).optional(),
  itinerary: z.array(itineraryLine).max(200).optional(),
  findings: z.array(text(2000)).max(100).optional(),
  report: longText(50000).optional(),
  reportDue: isoDate.nullish(),
};

export const createVisitBody = z.strictObject({
  /** The organising organisation (default: the caller's). */
  orgId: id.optional(),
  ...visitFields,
  requirements: z.array(text(2000)).max(50).optional(),
});
export type CreateVisitInput = z.infer<typeof createVisitBody>;

export const updateVisitBody = z.strictObject({
  title: visitFields.title.optional(),
  visitType: visitFields.visitType.optional(),
  themes: visitFields.themes.optional(),
  leaderName: visitFields.leaderName.optional(),
  leaderPost: visitFields.leaderPost,
  team: visitFields.team,
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  hostOrgIds: visitFields.hostOrgIds,
  itinerary: visitFields.itinerary,
  findings: visitFields.findings,
  report: visitFields.report,
  reportDue: visitFields.reportDue,
});
export type UpdateVisitInput = z.infer<typeof updateVisitBody>;

export const transitionBody = z.strictObject({ to: z.enum(VISIT_STATUSES) });

export const listVisitsQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(100).optional(),
  status: z.enum(VISIT_STATUSES).optional(),
  visitType: z.enum(VISIT_TYPES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  sort: sortQuery(['startDate', 'title']),
});
export type ListVisitsQuery = z.infer<typeof listVisitsQuery>;

export const requirementBody = z.strictObject({ text: text(2000) });

export const problemBody = z.strictObject({
  category: text(50),
  text: text(2000),
  hostOrgId: id.optional(),
  responseOrgId: id.optional(),
  leadOrgId: id.optional(),
  coUnitIds: z.array(id).max(30).optional(),
  measures: longText(5000).optional(),
});
export type ProblemInput = z.infer<typeof problemBody>;
export const updateProblemBody = z.strictObject({
  status: z.enum(PROBLEM_STATUSES).optional(),
  measures: longText(5000).optional(),
});

/** Turning a problem, requirement or decision into a task: where it goes and by when. */
export const toTaskBody = z.strictObject({
  programmeId: id,
  goalId: id,
  /** The lead unit (default: the problem's lead unit). */
  orgId: id.optional(),
  coUnitIds: z.array(id).max(30).optional(),
  title: text(200).optional(),
  startDate: isoDate.optional(),
  dueDate: isoDate,
  kind: z.enum(['prescribed', 'optional']).optional(),
  target: z.strictObject({ metric: text(100), unit: text(20), targetValue: z.number().finite().min(0).max(1e12) }).optional(),
});
export type ToTaskInput = z.infer<typeof toTaskBody>;

const problemView = z.object({
  id: z.string(),
  sortOrder: z.number(),
  category: z.string(),
  text: z.string(),
  host: orgRef.nullable(),
  responseOrg: orgRef.nullable(),
  leadOrg: orgRef.nullable(),
  coUnits: z.array(orgRef),
  /** As recorded; `effectiveStatus` follows the linked task live. */
  status: z.enum(PROBLEM_STATUSES),
  effectiveStatus: z.enum(PROBLEM_STATUSES),
  measures: z.string(),
  task: taskLink,
  /** Attachments of the problem (photos, letters, rectification evidence). */
  files: z.array(fileView),
});
const requirementView = z.object({ id: z.string(), sortOrder: z.number(), text: z.string(), task: taskLink });

export const visitRow = z.object({
  id: z.string(),
  org: orgRef,
  title: z.string(),
  visitType: z.enum(VISIT_TYPES),
  themes: z.array(z.string()),
  leaderName: z.string(),
  leaderPost: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(VISIT_STATUSES),
  reportDue: z.string().nullable(),
  hostCount: z.number(),
  problemCount: z.number(),
});
export const visitList = z.object({ items: z.array(visitRow), total: z.number() });

export const visitView = visitRow.extend({
  team: z.array(z.object({ name: z.string(), post: z.string().optional() })),
  hosts: z.array(orgRef.extend({ regionCode: z.string().nullable() })),
  itinerary: z.array(
    z.object({ date: z.string(), hostOrgId: z.string().optional(), activity: z.string(), receivedBy: z.string().optional() }),
  ),
  findings: z.array(z.string()),
  requirements: z.array(requirementView),
  problems: z.array(problemView),
  report: z.string(),
  /** Attachments of the visit report. */
  reportFiles: z.array(fileView),
  /** The organiser's side may edit; a host unit only reads. */
  canEdit: z.boolean(),
});
export type VisitView = z.infer<typeof visitView>;

export const problemsExportQuery = z.strictObject({ visitId: id.optional() });

// ---------------------------------------------------------------- meetings

export const createSeriesBody = z.strictObject({ orgId: id.optional(), title: text(200) });
export const seriesView = z.object({ id: z.string(), org: orgRef, title: z.string(), sessionCount: z.number() });
export const seriesList = z.object({ items: z.array(seriesView) });

const agendaItem = z.strictObject({
  /** The item's key as the meeting view gives it: kept on an update, so its documents stay with it. */
  key: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .optional(),
  title: text(500),
  presenter: longText(100).optional(),
  minutesAllowed: z.number().int().min(0).max(600).optional(),
  documents: longText(2000).optional(),
});

export const createMeetingBody = z.strictObject({
  orgId: id.optional(),
  /** A session of this series (numbered in order); none for a single meeting. */
  seriesId: id.optional(),
  meetingType: z.enum(MEETING_TYPES),
  title: text(200),
  meetingDate: isoDate,
  venue: longText(200).optional(),
  hostOrgId: id.optional(),
  /** Pre-meeting reports are pre-filled from this programme's tasks and period. */
  programmeId: id.optional(),
  reportPeriod: z
    .string()
    .regex(/^(?:\d{4}-(?:M(?:0[1-9]|1[0-2])|Q[1-4]|H[12])|once)$/)
    .optional(),
  reportDeadline: isoDate.optional(),
  agenda: z.array(agendaItem).max(50).optional(),
  invitedOrgIds: z.array(id).max(200).optional(),
});
export type CreateMeetingInput = z.infer<typeof createMeetingBody>;

export const updateMeetingBody = z.strictObject({
  title: text(200).optional(),
  meetingDate: isoDate.optional(),
  venue: longText(200).optional(),
  reportDeadline: isoDate.nullish(),
  agenda: z.array(agendaItem).max(50).optional(),
  invitedOrgIds: z.array(id).max(200).optional(),
});
export type UpdateMeetingInput = z.infer<typeof updateMeetingBody>;

export const listMeetingsQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(100).optional(),
  seriesId: id.optional(),
  meetingType: z.enum(MEETING_TYPES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  sort: sortQuery(['meetingDate', 'title']),
});
export type ListMeetingsQuery = z.infer<typeof listMeetingsQuery>;

export const replyBody = z.strictObject({ reply: z.enum(['attending', 'substitute', 'absent']), substituteName: longText(50).optional() });
export const reportBody = z.strictObject({ text: longText(20000) });

const reportData = z.object({
  programmeTitle: z.string(),
  period: z.string().nullable(),
  taskCount: z.number(),
  completed: z.number(),
  reportsSubmitted: z.number(),
  reportsAccepted: z.number(),
  metrics: z.array(z.object({ metric: z.string(), unit: z.string(), targetValue: z.number(), actualValue: z.number(), share: z.number() })),
  overdue: z.array(z.object({ taskId: z.string(), title: z.string(), dueDate: z.string() })),
  narratives: z.array(z.object({ taskId: z.string(), taskTitle: z.string(), period: z.string(), excerpt: z.string() })),
  generatedAt: z.string(),
});
export type ReportData = z.infer<typeof reportData>;

export const invitationView = z.object({
  id: z.string(),
  meetingId: z.string(),
  org: orgRef,
  reply: z.enum(REPLIES),
  substituteName: z.string().nullable(),
  signedInAt: z.string().nullable(),
  reportStatus: z.enum(['none', 'draft', 'submitted']),
  reportText: z.string(),
  /** The figures the report was pre-filled with (frozen when submitted). */
  reportData: reportData.nullable(),
  reportSubmittedAt: z.string().nullable(),
  /** The caller replies and reports for this unit (its own or below, with tasks.report); false when read through the industry chain. */
  canAct: z.boolean(),
});

const decisionView = z.object({
  id: z.string(),
  sortOrder: z.number(),
  text: z.string(),
  owner: orgRef,
  coUnits: z.array(orgRef),
  dueDate: z.string(),
  task: taskLink,
  followUp: z.enum(FOLLOW_UP),
});

const conclusion = z.object({ kind: z.enum(CONCLUSION_KINDS), text: z.string() });

export const meetingRow = z.object({
  id: z.string(),
  org: orgRef,
  series: z.object({ id: z.string(), title: z.string() }).nullable(),
  sessionNo: z.number().nullable(),
  meetingType: z.enum(MEETING_TYPES),
  title: z.string(),
  meetingDate: z.string(),
  venue: z.string(),
  minutesStatus: z.enum(MINUTES_STATUSES),
  invitedCount: z.number(),
});
export const meetingList = z.object({ items: z.array(meetingRow), total: z.number() });

export const meetingView = meetingRow.extend({
  host: orgRef.nullable(),
  programme: z.object({ id: z.string(), title: z.string() }).nullable(),
  reportPeriod: z.string().nullable(),
  reportDeadline: z.string().nullable(),
  agenda: z.array(
    z.object({
      /** Stable key of the item (its documents are filed under it). */
      key: z.string(),
      title: z.string(),
      presenter: z.string().optional(),
      minutesAllowed: z.number().optional(),
      documents: z.string().optional(),
      /** The documents to review attached to the item (part of the agenda: every invited unit reads them). */
      files: z.array(fileView),
    }),
  ),
  /** The meeting's own documents (the convenor's side only). */
  files: z.array(fileView),
  /** The convenor's side sees every invitation; an invited unit its own. */
  invitations: z.array(invitationView),
  /** Present once issued (or to the convenor's side at any stage). */
  minutes: z
    .object({
      attendance: z.string(),
      speechesSummary: z.string(),
      conclusions: z.array(conclusion),
      decisions: z.array(decisionView),
    })
    .nullable(),
  /** Whether the caller is on the convenor's side (full view and editing). */
  canEdit: z.boolean(),
});
export type MeetingView = z.infer<typeof meetingView>;

export const minutesBody = z.strictObject({
  attendance: longText(5000).optional(),
  speechesSummary: longText(50000).optional(),
  conclusions: z
    .array(z.strictObject({ kind: z.enum(CONCLUSION_KINDS), text: text(5000) }))
    .max(50)
    .optional(),
});

export const decisionBody = z.strictObject({
  text: text(2000),
  /** The owner unit (lead unit of the task). */
  ownerOrgId: id,
  coUnitIds: z.array(id).max(30).optional(),
  dueDate: isoDate,
  programmeId: id,
  goalId: id,
});
export type DecisionInput = z.infer<typeof decisionBody>;

export const briefingView = z.object({
  meetingId: z.string(),
  series: z.object({ id: z.string(), title: z.string() }).nullable(),
  items: z.array(
    decisionView.extend({ meetingId: z.string(), meetingTitle: z.string(), sessionNo: z.number().nullable(), meetingDate: z.string() }),
  ),
  totals: z.object({ done_on_time: z.number(), done_late: z.number(), open: z.number(), overdue: z.number() }),
});
export type BriefingView = z.infer<typeof briefingView>;

export const decisionsExportQuery = z.strictObject({ meetingId: id.optional(), seriesId: id.optional() });

export const taskOriginQuery = z.strictObject({ taskId: id });
export const taskOriginView = z.object({
  kind: z.enum(['visit_problem', 'visit_requirement', 'meeting_decision']).nullable(),
  visitId: z.string().nullable(),
  meetingId: z.string().nullable(),
  title: z.string().nullable(),
});

export const figuresQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const figuresView = z.object({
  year: z.number(),
  visits: z.number(),
  visitsByOrganiser: z.array(z.object({ org: orgRef, count: z.number() })),
  enterprises: z.number(),
  enterprisesVisited: z.number(),
  enterprisesVisitedShare: z.number(),
  problems: z.object({ raised: z.number(), closed: z.number(), overdue: z.number(), carriedOver: z.number() }),
  meetingsHeld: z.number(),
  reports: z.object({ due: z.number(), onTime: z.number() }),
  decisions: z.object({ total: z.number(), tasks: z.number(), done: z.number(), doneOnTime: z.number(), overdue: z.number() }),
});
