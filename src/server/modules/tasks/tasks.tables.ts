// Table types of the reform-task module: programmes, goals, federation tags, tasks with targets,
// co-units and tags, progress reports with versions and reviews, attachments, supervision notices.
import type { ColumnType, Generated, Selectable } from 'kysely';

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** date columns travel as YYYY-MM-DD text (cast in SQL where read). */
type DateText = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string | undefined, string>;
/** numeric columns come back from pg as strings. */
type Numeric = ColumnType<string, string | number, string | number>;

export interface TaskTagsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  color: string | null;
  created_at: GeneratedTimestamp;
}

export interface TaskProgrammesTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  description: Generated<string>;
  period_start: DateText;
  period_end: DateText;
  status: Generated<'active' | 'archived'>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface TaskProgrammeTagsTable {
  programme_id: string;
  tag_id: string;
}

export interface TaskGoalsTable {
  id: Generated<string>;
  programme_id: string;
  title: string;
  description: Generated<string>;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface TasksTable {
  id: Generated<string>;
  programme_id: string;
  goal_id: string;
  parent_id: string | null;
  kind: 'prescribed' | 'optional';
  title: string;
  description: Generated<string>;
  /** The lead unit. */
  org_id: string;
  /** The assigning level: reviews reports, supervises. */
  assigned_by_org_id: string;
  start_date: DateText;
  due_date: DateText;
  cycle: 'monthly' | 'quarterly' | 'half_yearly' | 'once';
  /** Computed (status.ts), stored so lists and dashboards count by it. */
  status: Generated<'not_started' | 'on_track' | 'at_risk' | 'overdue' | 'completed'>;
  share: Generated<number>;
  child_count: Generated<number>;
  children_completed: Generated<number>;
  has_accepted_report: Generated<boolean>;
  /** Optimistic lock: bumped by every edit of the task's own fields (not by the computed ones). */
  version: Generated<number>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface TaskCoUnitsTable {
  task_id: string;
  org_id: string;
}

export interface TaskTagLinksTable {
  task_id: string;
  tag_id: string;
}

export interface TaskTargetsTable {
  id: Generated<string>;
  task_id: string;
  parent_target_id: string | null;
  metric: string;
  unit: string;
  target_value: Numeric;
  actual_value: ColumnType<string, string | number | undefined, string | number>;
  sort_order: Generated<number>;
}

export interface TaskReportsTable {
  id: Generated<string>;
  task_id: string;
  period: string;
  status: Generated<'draft' | 'submitted' | 'accepted' | 'returned'>;
  narrative: Generated<string>;
  /** [{targetId, value}] */
  metric_values: Json;
  /** Submissions so far (each kept in task_report_versions). */
  version: Generated<number>;
  /** Optimistic lock: bumped by every change of the report (edit, submit, review). */
  revision: Generated<number>;
  return_reason: string | null;
  created_by: string | null;
  submitted_at: NullableTimestamp;
  reviewed_at: NullableTimestamp;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface TaskReportVersionsTable {
  id: Generated<string>;
  report_id: string;
  version: number;
  narrative: string;
  metric_values: Json;
  attachment_ids: Json;
  submitted_by: string | null;
  submitted_at: GeneratedTimestamp;
}

export interface TaskReportReviewsTable {
  id: Generated<string>;
  report_id: string;
  version: number;
  decision: 'accepted' | 'returned';
  reason: string | null;
  reviewer_id: string | null;
  reviewer_org_id: string | null;
  at: GeneratedTimestamp;
}

export interface TaskAttachmentsTable {
  id: Generated<string>;
  report_id: string;
  file_key: string;
  file_name: string;
  size: ColumnType<string, string | number, string | number>;
  sha256: string;
  content_type: string;
  uploaded_by: string | null;
  created_at: GeneratedTimestamp;
  removed_at: NullableTimestamp;
}

export interface TaskSupervisionsTable {
  id: Generated<string>;
  task_id: string;
  org_id: string;
  from_org_id: string;
  message: string;
  respond_by: DateText;
  status: Generated<'open' | 'answered'>;
  response: string | null;
  responded_by: string | null;
  responded_at: NullableTimestamp;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface TasksTables {
  task_tags: TaskTagsTable;
  task_programmes: TaskProgrammesTable;
  task_programme_tags: TaskProgrammeTagsTable;
  task_goals: TaskGoalsTable;
  tasks: TasksTable;
  task_co_units: TaskCoUnitsTable;
  task_tag_links: TaskTagLinksTable;
  task_targets: TaskTargetsTable;
  task_reports: TaskReportsTable;
  task_report_versions: TaskReportVersionsTable;
  task_report_reviews: TaskReportReviewsTable;
  task_attachments: TaskAttachmentsTable;
  task_supervisions: TaskSupervisionsTable;
}

export type TaskRecord = Selectable<TasksTable>;
