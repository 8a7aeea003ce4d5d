// Request and response shapes of the reform-task module (programmes, goals, tags, tasks, hand-down,
// progress reports, attachments, supervision, ledger, board, symposium summary). This file is the
// contract with the web UI: fields may be added, paths and existing fields are not renamed.
import { z } from 'zod';
import { pageQuery, sortQuery } from '../../platform/http.js';

const reason = (r: string) => ({ params: { reason: r } });
/** A spreadsheet would run text starting with = + - @ as a formula once exported. */
const looksLikeFormula = (v: string) => /^[=+\-@\t\r]/.test(v);

export const id = z.string().regex(/^\d{1,18}$/);
export const idParam = z.strictObject({ id });
export const isoDate = z.iso.date();
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !looksLikeFormula(v), reason('formula_injection'));
export const longText = (max: number) => z.string().trim().max(max);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const TASK_KINDS = ['prescribed', 'optional'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const REPORT_CYCLES = ['monthly', 'quarterly', 'half_yearly', 'once'] as const;
export type ReportCycle = (typeof REPORT_CYCLES)[number];
/** Stored in tasks.status, recomputed on every change and daily (see status.ts for the rules). */
export const TASK_STATUSES = ['not_started', 'on_track', 'at_risk', 'overdue', 'completed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const REPORT_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const SUPERVISION_STATUSES = ['open', 'answered'] as const;

/** Period keys: 2026-M03 (monthly), 2026-Q1 (quarterly), 2026-H1 (half-yearly), once. */
export const PERIOD_PATTERN = /^(?:\d{4}-(?:M(?:0[1-9]|1[0-2])|Q[1-4]|H[12])|once)$/;
export const period = z.string().regex(PERIOD_PATTERN);

const metricValue = z.number().finite().min(0).max(1e12);

// ---------------------------------------------------------------- programmes, goals, tags

export const orgRef = z.object({ id: z.string(), name: z.string() });
export const tagView = z.object({ id: z.string(), orgId: z.string(), name: z.string(), color: z.string().nullable() });
export type TagView = z.infer<typeof tagView>;
export const tagList = z.object({ items: z.array(tagView) });
export const tagsQuery = z.strictObject({ orgId: id.optional() });
export const createTagBody = z.strictObject({
  /** The federation that configures the tag (default: the nearest federation at or above the caller). */
  orgId: id.optional(),
  name: text(30),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .nullish(),
});

export const goalView = z.object({
  id: z.string(),
  programmeId: z.string(),
  title: z.string(),
  description: z.string(),
  sortOrder: z.number(),
  taskCount: z.number(),
});
export type GoalView = z.infer<typeof goalView>;

export const programmeView = z.object({
  id: z.string(),
  /** The federation that owns the programme. */
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  description: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(['active', 'archived']),
  tags: z.array(tagView),
  taskCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProgrammeView = z.infer<typeof programmeView>;
export const programmeDetailView = programmeView.extend({
  goals: z.array(goalView),
  /** What the caller may do (for the UI). */
  permissions: z.object({ canEdit: z.boolean(), canAddTask: z.boolean() }),
});
export const programmeList = z.object({ items: z.array(programmeView), total: z.number() });
export const listProgrammesQuery = z.strictObject({
  q: z.string().trim().min(1).max(64).optional(),
  orgId: id.optional(),
  status: z.enum(['active', 'archived']).optional(),
  ...pageQuery,
});
export type ListProgrammesQuery = z.infer<typeof listProgrammesQuery>;

export const createProgrammeBody = z.strictObject({
  /** The owning federation (default: the caller's organisation, which must be a federation). */
  orgId: id.optional(),
  title: text(200),
  description: longText(5000).optional(),
  periodStart: isoDate,
  periodEnd: isoDate,
  tagIds: z.array(id).max(20).optional(),
  goals: z
    .array(z.strictObject({ title: text(200), description: longText(2000).optional() }))
    .max(50)
    .optional(),
});
export type CreateProgrammeInput = z.infer<typeof createProgrammeBody>;
export const updateProgrammeBody = z.strictObject({
  title: text(200).optional(),
  description: longText(5000).optional(),
  periodStart: isoDate.optional(),
  periodEnd: isoDate.optional(),
  status: z.enum(['active', 'archived']).optional(),
  tagIds: z.array(id).max(20).optional(),
});
export type UpdateProgrammeInput = z.infer<typeof updateProgrammeBody>;
export const createGoalBody = z.strictObject({
  title: text(200),
  description: longText(2000).optional(),
  sortOrder: z.number().int().min(0).max(10000).optional(),
});
export const updateGoalBody = z.strictObject({
  title: text(200).optional(),
  description: longText(2000).optional(),
  sortOrder: z.number().int().min(0).max(10000).optional(),
});

// ---------------------------------------------------------------- tasks

export const targetInput = z.strictObject({ metric: text(100), unit: text(20), targetValue: metricValue });
export const targetView = z.object({
  id: z.string(),
  metric: z.string(),
  unit: z.string(),
  targetValue: z.number(),
  /** Own latest accepted report value plus the children's actuals (handed-down tasks). */
  actualValue: z.number(),
  /** actualValue / targetValue, capped at 1 (0..1). */
  share: z.number(),
  parentTargetId: z.string().nullable(),
});
export type TargetView = z.infer<typeof targetView>;

export const taskRow = z.object({
  id: z.string(),
  programmeId: z.string(),
  programmeTitle: z.string(),
  goalId: z.string(),
  goalTitle: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(TASK_KINDS),
  title: z.string(),
  /** The lead unit 牵头单位. */
  orgId: z.string(),
  orgName: z.string(),
  /** The assigning level (reviews the reports). */
  assignedByOrgId: z.string(),
  assignedByOrgName: z.string(),
  coUnits: z.array(orgRef),
  tags: z.array(z.object({ id: z.string(), name: z.string() })),
  startDate: z.string(),
  dueDate: z.string(),
  cycle: z.enum(REPORT_CYCLES),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  targets: z.array(targetView),
  /** Mean of the targets' shares (0..1); without targets, the share of child tasks completed. */
  share: z.number(),
  childCount: z.number(),
  childrenCompleted: z.number(),
  /** childrenCompleted / childCount (0 without children). */
  childrenShare: z.number(),
  latestReport: z
    .object({ id: z.string(), period: z.string(), status: z.enum(REPORT_STATUSES), narrative: z.string(), updatedAt: z.string() })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TaskRow = z.infer<typeof taskRow>;
export const taskList = z.object({ items: z.array(taskRow), total: z.number() });

export const TASK_SORTS = ['dueDate', 'startDate', 'title', 'status', 'createdAt'] as const;
export const ledgerFilter = {
  programmeId: id.optional(),
  goalId: id.optional(),
  kind: z.enum(TASK_KINDS).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  /** Lead units in this organisation's subtree. */
  orgId: id.optional(),
  tagId: id.optional(),
  overdue: bool.optional(),
  /** Tasks the caller's organisation leads or co-leads. */
  mine: bool.optional(),
  parentId: id.optional(),
  /** Only tasks without a parent (top of the cascade). */
  topLevel: bool.optional(),
  q: z.string().trim().min(1).max(64).optional(),
};
export const listTasksQuery = z.strictObject({ ...ledgerFilter, sort: sortQuery(TASK_SORTS), ...pageQuery });
export type ListTasksQuery = z.infer<typeof listTasksQuery>;
export type TaskFilter = Omit<ListTasksQuery, 'sort' | 'page' | 'pageSize'>;
export const exportTasksQuery = z.strictObject({ ...ledgerFilter, sort: sortQuery(TASK_SORTS) });
export type ExportTasksQuery = z.infer<typeof exportTasksQuery>;

export const createTaskBody = z.strictObject({
  programmeId: id,
  goalId: id,
  kind: z.enum(TASK_KINDS),
  title: text(200),
  description: longText(5000).optional(),
  /** The lead unit: the caller's organisation or one in its subtree. */
  orgId: id,
  coUnitIds: z.array(id).max(30).optional(),
  tagIds: z.array(id).max(20).optional(),
  startDate: isoDate,
  dueDate: isoDate,
  cycle: z.enum(REPORT_CYCLES),
  targets: z.array(targetInput).max(20).optional(),
});
export type CreateTaskInput = z.infer<typeof createTaskBody>;

export const updateTaskBody = z.strictObject({
  title: text(200).optional(),
  description: longText(5000).optional(),
  goalId: id.optional(),
  coUnitIds: z.array(id).max(30).optional(),
  tagIds: z.array(id).max(20).optional(),
  startDate: isoDate.optional(),
  dueDate: isoDate.optional(),
  cycle: z.enum(REPORT_CYCLES).optional(),
  /** Existing targets by id are updated, new ones (no id) added; targets left out stay. */
  targets: z
    .array(z.strictObject({ id: id.optional(), metric: text(100), unit: text(20), targetValue: metricValue }))
    .max(20)
    .optional(),
  /** The task's `version` as the caller read it; an edit made since answers 409 `conflict`. */
  version: z.number().int().min(1),
});
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;

export const handDownBody = z.strictObject({
  units: z
    .array(
      z.strictObject({
        orgId: id,
        targets: z
          .array(z.strictObject({ targetId: id, value: metricValue }))
          .max(20)
          .optional(),
        dueDate: isoDate.optional(),
        /** Defaults to the parent's title. */
        title: text(200).optional(),
      }),
    )
    .min(1)
    .max(200),
});
export type HandDownInput = z.infer<typeof handDownBody>;

export const reportSummary = z.object({
  id: z.string(),
  period: z.string(),
  status: z.enum(REPORT_STATUSES),
  version: z.number(),
  revision: z.number(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export const supervisionView = z.object({
  id: z.string(),
  taskId: z.string(),
  taskTitle: z.string(),
  /** The responsible unit (the task's lead unit). */
  orgId: z.string(),
  orgName: z.string(),
  fromOrgId: z.string(),
  fromOrgName: z.string(),
  message: z.string(),
  respondBy: z.string(),
  status: z.enum(SUPERVISION_STATUSES),
  response: z.string().nullable(),
  respondedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** Open and past its respond-by date. */
  late: z.boolean(),
  canRespond: z.boolean(),
});
export type SupervisionView = z.infer<typeof supervisionView>;

export const taskPermissions = z.object({
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  canReport: z.boolean(),
  canReview: z.boolean(),
  canHandDown: z.boolean(),
  canSupervise: z.boolean(),
});
export const taskDetailView = taskRow.extend({
  description: z.string(),
  /** Optimistic lock: send it back with an edit (PATCH /api/tasks/:id). */
  version: z.number(),
  parent: z.object({ id: z.string(), title: z.string(), orgId: z.string(), orgName: z.string() }).nullable(),
  children: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      orgId: z.string(),
      orgName: z.string(),
      status: z.enum(TASK_STATUSES),
      share: z.number(),
      dueDate: z.string(),
    }),
  ),
  reports: z.array(reportSummary),
  /** The reporting periods from start to due date, with whether a report exists for each. */
  periods: z.array(
    z.object({ period: z.string(), deadline: z.string(), reportId: z.string().nullable(), status: z.enum(REPORT_STATUSES).nullable() }),
  ),
  supervisions: z.array(supervisionView),
  permissions: taskPermissions,
});
export type TaskDetailView = z.infer<typeof taskDetailView>;
export const childrenList = z.object({ items: z.array(taskRow) });
export const handDownResult = z.object({ items: z.array(taskRow) });

// ---------------------------------------------------------------- reports

export const reportValue = z.strictObject({ targetId: id, value: metricValue });
export const createReportBody = z.strictObject({
  period,
  narrative: longText(10000).optional(),
  /** Cumulative values to date (累计完成值), one per target of the task. */
  values: z.array(reportValue).max(20).optional(),
});
export type CreateReportInput = z.infer<typeof createReportBody>;
export const updateReportBody = z.strictObject({
  narrative: longText(10000).optional(),
  values: z.array(reportValue).max(20).optional(),
  /** The report's `revision` as the caller read it; a change made since answers 409 `conflict`. */
  revision: z.number().int().min(1),
});
export type UpdateReportInput = z.infer<typeof updateReportBody>;
export const returnReportBody = z.strictObject({ reason: text(2000) });

export const valueView = z.object({
  targetId: z.string(),
  metric: z.string(),
  unit: z.string(),
  targetValue: z.number(),
  value: z.number().nullable(),
});
export const attachmentView = z.object({
  id: z.string(),
  reportId: z.string(),
  fileName: z.string(),
  size: z.number(),
  contentType: z.string(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
  /** GET this to download. */
  url: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentView>;
export const reportVersionView = z.object({
  version: z.number(),
  narrative: z.string(),
  values: z.array(z.object({ targetId: z.string(), value: z.number() })),
  attachmentIds: z.array(z.string()),
  submittedBy: z.string().nullable(),
  submittedAt: z.string(),
});
export const reviewView = z.object({
  version: z.number(),
  decision: z.enum(['accepted', 'returned']),
  reason: z.string().nullable(),
  reviewer: z.string().nullable(),
  reviewerOrgName: z.string().nullable(),
  at: z.string(),
});
export const reportView = z.object({
  id: z.string(),
  taskId: z.string(),
  taskTitle: z.string(),
  /** The responsible unit (the task's lead unit). */
  orgId: z.string(),
  orgName: z.string(),
  period: z.string(),
  status: z.enum(REPORT_STATUSES),
  narrative: z.string(),
  values: z.array(valueView),
  /** Number of submissions so far. */
  version: z.number(),
  /** Optimistic lock: send it back with an edit (PATCH /api/reports/:id). */
  revision: z.number(),
  returnReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReportView = z.infer<typeof reportView>;
export const reportDetailView = reportView.extend({
  attachments: z.array(attachmentView),
  versions: z.array(reportVersionView),
  reviews: z.array(reviewView),
  permissions: z.object({ canEdit: z.boolean(), canSubmit: z.boolean(), canReview: z.boolean() }),
});
export const reportList = z.object({ items: z.array(reportView) });
export const reviewQueueQuery = z.strictObject({ programmeId: id.optional(), ...pageQuery });
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuery>;
export const reviewQueue = z.object({ items: z.array(reportView), total: z.number() });
export const uploadQuery = z.strictObject({
  fileName: z
    .string()
    .min(1)
    .max(200)
    .refine(
      (v) => !/[/\\\u0000-\u001f\u007f]/.test(v) && !v.includes('..') && v.trim() === v && !v.startsWith('.'),
      reason('unsafe_file_name'),
    ),
});

// ---------------------------------------------------------------- supervision, board, summary

export const superviseBody = z.strictObject({ message: text(2000), respondBy: isoDate });
export const respondBody = z.strictObject({ response: text(4000) });
export const listSupervisionsQuery = z.strictObject({
  status: z.enum(SUPERVISION_STATUSES).optional(),
  orgId: id.optional(),
  taskId: id.optional(),
  /** Only notices addressed to the caller's organisation. */
  mine: bool.optional(),
  ...pageQuery,
});
export type ListSupervisionsQuery = z.infer<typeof listSupervisionsQuery>;
export const supervisionList = z.object({ items: z.array(supervisionView), total: z.number() });

export const boardQuery = z.strictObject({ programmeId: id.optional(), orgId: id.optional() });
export type BoardQuery = z.infer<typeof boardQuery>;
export const boardView = z.object({
  counts: z.object({
    total: z.number(),
    not_started: z.number(),
    on_track: z.number(),
    at_risk: z.number(),
    overdue: z.number(),
    completed: z.number(),
  }),
  overdue: z.array(taskRow),
  atRisk: z.array(taskRow),
  openSupervisions: z.number(),
  pendingReviews: z.number(),
});

export const summaryQuery = z.strictObject({ period: period.optional() });
export const metricTotal = z.object({
  metric: z.string(),
  unit: z.string(),
  targetValue: z.number(),
  actualValue: z.number(),
  share: z.number(),
});
export const summaryView = z.object({
  programme: z.object({ id: z.string(), title: z.string(), periodStart: z.string(), periodEnd: z.string() }),
  period: z.string().nullable(),
  generatedAt: z.string(),
  units: z.array(
    z.object({
      orgId: z.string(),
      orgName: z.string(),
      taskCount: z.number(),
      completed: z.number(),
      reportsSubmitted: z.number(),
      reportsAccepted: z.number(),
      narratives: z.array(
        z.object({
          taskId: z.string(),
          taskTitle: z.string(),
          reportId: z.string(),
          period: z.string(),
          status: z.enum(REPORT_STATUSES),
          excerpt: z.string(),
        }),
      ),
      metrics: z.array(metricTotal),
      overdue: z.array(z.object({ taskId: z.string(), title: z.string(), dueDate: z.string() })),
    }),
  ),
  totals: z.object({
    taskCount: z.number(),
    completed: z.number(),
    overdue: z.number(),
    reportsSubmitted: z.number(),
    reportsAccepted: z.number(),
    metrics: z.array(metricTotal),
  }),
});
export type SummaryView = z.infer<typeof summaryView>;
