// Table types of in-app notifications (one row per recipient) and of the scheduled-job runner's
// schedule state (one row per job name, shared by every server process on the database).
import type { ColumnType, Generated, Selectable } from 'kysely';

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const NOTIFICATION_KINDS = [
  'task_assigned',
  'report_returned',
  'report_submitted',
  'report_accepted',
  'supervision',
  'deadline',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationsTable {
  id: Generated<string>;
  /** The recipient: a user only ever sees rows with their own user_id. */
  user_id: string;
  /** The organisation the notification was addressed to (the recipient's at the time). */
  org_id: string;
  kind: NotificationKind;
  entity_type: string;
  entity_id: string;
  title_zh: string;
  title_en: string;
  /** Unique per recipient: sending the same notification twice is a no-op. */
  dedupe_key: string;
  created_at: GeneratedTimestamp;
  read_at: NullableTimestamp;
}

export interface ScheduledJobsTable {
  name: string;
  last_run_at: NullableTimestamp;
  next_run_at: ColumnType<Date, Date | string, Date | string>;
  /** The runner holding the lease while the job runs; a crashed holder's lease simply expires. */
  locked_by: string | null;
  locked_until: NullableTimestamp;
  last_error: string | null;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
  scheduled_jobs: ScheduledJobsTable;
}

export type NotificationRow = Selectable<NotificationsTable>;
