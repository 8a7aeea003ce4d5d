// Table types of field work and meetings: visits with hosts, requirements and problems; meeting
// series, meetings, invitations (with the unit's pre-meeting report) and decisions.
import type { ColumnType, Generated } from 'kysely';

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DateText = ColumnType<string, string, string>;
type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>;
type Json = ColumnType<unknown, string | undefined, string>;
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

export type VisitType = 'thematic' | 'stationed' | 'questionnaire' | 'survey';
export type VisitStatus = 'planned' | 'approved' | 'under_way' | 'report_due' | 'reported' | 'closed';
export type ProblemStatus = 'open' | 'in_progress' | 'closed' | 'carried_over';
export type MeetingType = 'symposium' | 'promotion' | 'regular' | 'joint';
export type MinutesStatus = 'none' | 'draft' | 'signed_off' | 'issued';
export type Reply = 'pending' | 'attending' | 'substitute' | 'absent';

export interface FwVisitsTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  visit_type: VisitType;
  themes: Json;
  leader_name: string;
  leader_post: Generated<string>;
  team: Json;
  start_date: DateText;
  end_date: DateText;
  itinerary: Json;
  findings: Json;
  report: Generated<string>;
  report_due: NullableDateText;
  status: Generated<VisitStatus>;
  plan_item_id: Generated<string | null>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface FwVisitHostsTable {
  visit_id: string;
  org_id: string;
  region_code: string | null;
  sort_order: Generated<number>;
}

export interface FwVisitRequirementsTable {
  id: Generated<string>;
  visit_id: string;
  sort_order: Generated<number>;
  text: string;
  task_id: string | null;
}

export interface FwVisitProblemsTable {
  id: Generated<string>;
  visit_id: string;
  sort_order: Generated<number>;
  category: string;
  text: string;
  host_org_id: string | null;
  response_org_id: string | null;
  lead_org_id: string | null;
  co_unit_ids: Json;
  status: Generated<ProblemStatus>;
  measures: Generated<string>;
  task_id: string | null;
}

export interface FwMeetingSeriesTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  created_at: GeneratedTimestamp;
}

export interface FwMeetingsTable {
  id: Generated<string>;
  org_id: string;
  series_id: string | null;
  session_no: number | null;
  meeting_type: MeetingType;
  title: string;
  meeting_date: DateText;
  venue: Generated<string>;
  host_org_id: string | null;
  programme_id: string | null;
  report_period: string | null;
  report_deadline: NullableDateText;
  agenda: Json;
  attendance: Generated<string>;
  speeches_summary: Generated<string>;
  conclusions: Json;
  minutes_status: Generated<MinutesStatus>;
  proposal_deadline: Generated<string | null>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface FwInvitationsTable {
  id: Generated<string>;
  meeting_id: string;
  org_id: string;
  reply: Generated<Reply>;
  substitute_name: string | null;
  signed_in_at: NullableTimestamp;
  report_status: Generated<'none' | 'draft' | 'submitted'>;
  report_text: Generated<string>;
  report_data: NullableJson;
  report_submitted_at: NullableTimestamp;
}

export interface FwDecisionsTable {
  id: Generated<string>;
  meeting_id: string;
  sort_order: Generated<number>;
  text: string;
  owner_org_id: string;
  co_unit_ids: Json;
  due_date: DateText;
  task_id: string | null;
}

export interface FieldworkTables {
  fw_visits: FwVisitsTable;
  fw_visit_hosts: FwVisitHostsTable;
  fw_visit_requirements: FwVisitRequirementsTable;
  fw_visit_problems: FwVisitProblemsTable;
  fw_meeting_series: FwMeetingSeriesTable;
  fw_meetings: FwMeetingsTable;
  fw_invitations: FwInvitationsTable;
  fw_decisions: FwDecisionsTable;
  fw_returns: FwReturnsTable;
  fw_return_answers: FwReturnAnswersTable;
  fw_agenda_proposals: FwAgendaProposalsTable;
  fw_plan_items: FwPlanItemsTable;
  fw_attachments: FwAttachmentsTable;
}

export type AttachmentOwnerKind = 'problem' | 'visit_report' | 'meeting' | 'agenda_item';
/** A file on a field-work record: the owner is a problem, a visit (its report), a meeting, or a meeting's agenda item (item_key). */
export interface FwAttachmentsTable {
  id: Generated<string>;
  owner_kind: AttachmentOwnerKind;
  owner_id: string;
  item_key: string | null;
  file_key: string;
  file_name: string;
  size: ColumnType<string, number, number>;
  sha256: string;
  content_type: string;
  uploaded_by: string | null;
  created_at: GeneratedTimestamp;
}

/** An item of an organisation's annual research plan (年度调研计划), draft until the organisation approves it. */
export interface FwPlanItemsTable {
  id: Generated<string>;
  org_id: string;
  year: number;
  topic: string;
  purpose: Generated<string>;
  leader_name: string;
  leader_post: Generated<string>;
  department: string;
  status: Generated<'draft' | 'approved'>;
  approved_by: string | null;
  approved_at: NullableTimestamp;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type ProposalStatus = 'pending' | 'accepted' | 'declined';
/** An agenda item proposed by an invited unit before the meeting's proposal deadline (议题征集). */
export interface FwAgendaProposalsTable {
  id: Generated<string>;
  meeting_id: string;
  org_id: string;
  title: string;
  presenter: Generated<string>;
  minutes_wanted: number | null;
  notes: Generated<string>;
  status: Generated<ProposalStatus>;
  decline_reason: string | null;
  proposed_by: string | null;
  decided_by: string | null;
  created_at: GeneratedTimestamp;
  decided_at: NullableTimestamp;
}

/** A questionnaire or status return (问卷 / 情况统计表); its questions are a JSON list. */
export interface FwReturnsTable {
  id: Generated<string>;
  org_id: string;
  visit_id: string | null;
  title: string;
  intro: Generated<string>;
  deadline: DateText;
  questions: Json;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

/** One recipient unit's return: answers by question key, the keys pre-filled from its records. */
export interface FwReturnAnswersTable {
  id: Generated<string>;
  return_id: string;
  org_id: string;
  answers: Json;
  prefilled: Json;
  status: Generated<'pending' | 'draft' | 'submitted'>;
  submitted_at: NullableTimestamp;
  updated_at: GeneratedTimestamp;
}
