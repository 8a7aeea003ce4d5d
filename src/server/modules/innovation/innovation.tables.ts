// Table types of the innovation module: studios (members, projects, funding), naming calls,
// applications and their steps, naming records, assessments, mentor–apprentice pairs, settings.
import type { ColumnType, Generated } from 'kysely';

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** date columns travel as YYYY-MM-DD text (cast in SQL where read). */
type DateText = ColumnType<string, string, string>;
type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>;
type Json = ColumnType<unknown, string | undefined, string>;
/** bigint and numeric columns come back from pg as strings. */
type BigText = ColumnType<string, string | number | bigint, string | number | bigint>;

export interface StudioCategoriesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  created_at: GeneratedTimestamp;
}

export interface StudiosTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  category: string;
  leader_person_id: string;
  leader_honour_id: string | null;
  industry_chain: string | null;
  founded_on: DateText;
  venue_address: string | null;
  venue_area: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  equipment: Json;
  status: Generated<'active' | 'closed'>;
  /** Highest level of a current (not revoked) naming, null when none: kept by a trigger on studio_namings. */
  named_level: ColumnType<string | null, never, never>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface StudioMembersTable {
  id: Generated<string>;
  studio_id: string;
  person_id: string;
  role: 'leader' | 'core' | 'member';
  joined_on: DateText;
  left_on: NullableDateText;
}

export interface StudioProjectsTable {
  id: Generated<string>;
  studio_id: string;
  title: string;
  approval_doc_no: string;
  approved_on: DateText;
}

export interface StudioFundingTable {
  id: Generated<string>;
  studio_id: string;
  source: string;
  amount_fen: BigText;
  received_on: DateText;
  doc_no: string | null;
}

export interface StudioCallsTable {
  id: Generated<string>;
  org_id: string;
  year: number;
  title: string;
  level: string;
  quota: number;
  deadline: DateText;
  conditions: Json;
  checklist: Json;
  created_at: GeneratedTimestamp;
}

export interface StudioApplicationsTable {
  id: Generated<string>;
  call_id: string;
  studio_id: string;
  status: Generated<'draft' | 'submitted' | 'returned' | 'named' | 'rejected'>;
  at_org_id: string | null;
  statement: Generated<string>;
  scores: ColumnType<unknown, string | null | undefined, string | null>;
  review_notes: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface StudioApplicationStepsTable {
  id: Generated<string>;
  application_id: string;
  org_id: string;
  action: string;
  note: Generated<string>;
  user_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface StudioNamingsTable {
  id: Generated<string>;
  studio_id: string;
  call_id: string | null;
  application_id: string | null;
  org_id: string;
  level: string;
  doc_no: string;
  named_on: DateText;
  plaque_no: string | null;
  grant_fen: BigText;
  status: Generated<'named' | 'rectification' | 'revoked'>;
  rectify_by: NullableDateText;
  revoked_on: NullableDateText;
  revoke_reason: string | null;
  created_at: GeneratedTimestamp;
}

export interface StudioAssessmentsTable {
  id: Generated<string>;
  naming_id: string;
  year: number;
  items: Json;
  score: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  result: 'excellent' | 'pass' | 'rectify';
  rectify_by: NullableDateText;
  note: Generated<string>;
  created_at: GeneratedTimestamp;
}

export interface MentorshipsTable {
  id: Generated<string>;
  org_id: string;
  agreement_no: string;
  master_person_id: string;
  apprentice_person_id: string;
  studio_id: string | null;
  trade: string;
  target_level: number;
  stages: Json;
  start_on: DateText;
  end_on: DateText;
  allowance_fen: BigText;
  status: Generated<string>;
  grade: 'excellent' | 'pass' | null;
  ended_reason: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface InnovationSettingsTable {
  org_id: string;
  max_apprentices: number;
}

/** Maintained per organisation ancestor × naming level × category (triggers; verify-totals recounts). */
export interface StudioTotalsTable {
  org_id: string;
  level: string;
  category: string;
  studios_named: number;
  revoked: number;
  grants_fen: BigText;
  excellent: number;
  passed: number;
  rectify: number;
  members: number;
  /** Studios whose highest current naming is this level ('none': not named), and the closed among them. */
  studios: number;
  studios_closed: number;
}

export interface InnovationTables {
  studio_categories: StudioCategoriesTable;
  studios: StudiosTable;
  studio_members: StudioMembersTable;
  studio_projects: StudioProjectsTable;
  studio_funding: StudioFundingTable;
  studio_calls: StudioCallsTable;
  studio_applications: StudioApplicationsTable;
  studio_application_steps: StudioApplicationStepsTable;
  studio_namings: StudioNamingsTable;
  studio_assessments: StudioAssessmentsTable;
  mentorships: MentorshipsTable;
  innovation_settings: InnovationSettingsTable;
  studio_totals: StudioTotalsTable;
}
