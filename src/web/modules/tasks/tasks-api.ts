// The reform-task module (server module: tasks; contract: src/server/modules/tasks/tasks.schemas.ts).
// The web app declares its own copies of the response shapes, as the other modules do.
import { api, ApiError, toQueryString, type Page } from '../../api';

export type TaskKind = 'prescribed' | 'optional';
export type ReportCycle = 'monthly' | 'quarterly' | 'half_yearly' | 'once';
export type TaskStatus = 'not_started' | 'on_track' | 'at_risk' | 'overdue' | 'completed';
export type ReportStatus = 'draft' | 'submitted' | 'accepted' | 'returned';

export const TASK_KINDS: TaskKind[] = ['prescribed', 'optional'];
export const REPORT_CYCLES: ReportCycle[] = ['monthly', 'quarterly', 'half_yearly', 'once'];
export const TASK_STATUSES: TaskStatus[] = ['not_started', 'on_track', 'at_risk', 'overdue', 'completed'];

export interface OrgRef { id: string; name: string }
export interface TagView { id: string; orgId: string; name: string; color: string | null }

export interface GoalView {
  id: string;
  programmeId: string;
  title: string;
  description: string;
  sortOrder: number;
  taskCount: number;
}

export interface ProgrammeView {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  description: string;
  periodStart: string;
  periodEnd: string;
  status: 'active' | 'archived';
  tags: TagView[];
  taskCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProgrammeDetail extends ProgrammeView {
  goals: GoalView[];
  permissions: { canEdit: boolean; canAddTask: boolean };
}

export interface ProgrammeInput {
  orgId?: string;
  title: string;
  description?: string;
  periodStart: string;
  periodEnd: string;
  tagIds?: string[];
  goals?: { title: string; description?: string }[];
}

export interface TargetView {
  id: string;
  metric: string;
  unit: string;
  targetValue: number;
  actualValue: number;
  share: number;
  parentTargetId: string | null;
}

export interface TaskRow {
  id: string;
  programmeId: string;
  programmeTitle: string;
  goalId: string;
  goalTitle: string;
  parentId: string | null;
  kind: TaskKind;
  title: string;
  orgId: string;
  orgName: string;
  assignedByOrgId: string;
  assignedByOrgName: string;
  coUnits: OrgRef[];
  tags: { id: string; name: string }[];
  startDate: string;
  dueDate: string;
  cycle: ReportCycle;
  status: TaskStatus;
  overdue: boolean;
  targets: TargetView[];
  share: number;
  childCount: number;
  childrenCompleted: number;
  childrenShare: number;
  latestReport: { id: string; period: string; status: ReportStatus; narrative: string; updatedAt: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface SupervisionView {
  id: string;
  taskId: string;
  taskTitle: string;
  orgId: string;
  orgName: string;
  fromOrgId: string;
  fromOrgName: string;
  message: string;
  respondBy: string;
  status: 'open' | 'answered';
  response: string | null;
  respondedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  late: boolean;
  canRespond: boolean;
}

export interface TaskDetail extends TaskRow {
  description: string;
  /** Optimistic lock: sent back with an edit. */
  version: number;
  parent: { id: string; title: string; orgId: string; orgName: string } | null;
  children: { id: string; title: string; orgId: string; orgName: string; status: TaskStatus; share: number; dueDate: string }[];
  reports: { id: string; period: string; status: ReportStatus; version: number; revision: number; submittedAt: string | null; reviewedAt: string | null; updatedAt: string }[];
  periods: { period: string; deadline: string; reportId: string | null; status: ReportStatus | null }[];
  supervisions: SupervisionView[];
  permissions: { canEdit: boolean; canDelete: boolean; canReport: boolean; canReview: boolean; canHandDown: boolean; canSupervise: boolean };
}

export interface TaskInput {
  programmeId: string;
  goalId: string;
  kind: TaskKind;
  title: string;
  description?: string;
  orgId: string;
  coUnitIds?: string[];
  tagIds?: string[];
  startDate: string;
  dueDate: string;
  cycle: ReportCycle;
  targets?: { metric: string; unit: string; targetValue: number }[];
}

export interface TaskUpdate {
  /** The version the form was opened on. */
  version: number;
  title?: string;
  description?: string;
  goalId?: string;
  coUnitIds?: string[];
  tagIds?: string[];
  startDate?: string;
  dueDate?: string;
  cycle?: ReportCycle;
  targets?: { id?: string; metric: string; unit: string; targetValue: number }[];
}

export interface HandDownInput {
  units: { orgId: string; targets?: { targetId: string; value: number }[]; dueDate?: string; title?: string }[];
}

export interface TaskFilter {
  programmeId?: string;
  goalId?: string;
  kind?: TaskKind;
  status?: TaskStatus;
  orgId?: string;
  tagId?: string;
  overdue?: 'true';
  mine?: 'true';
  parentId?: string;
  topLevel?: 'true';
  q?: string;
}

export interface TaskQuery extends TaskFilter {
  sort?: string;
  page: number;
  pageSize: number;
}

export interface ReportValue { targetId: string; metric: string; unit: string; targetValue: number; value: number | null }

export interface ReportView {
  id: string;
  taskId: string;
  taskTitle: string;
  orgId: string;
  orgName: string;
  period: string;
  status: ReportStatus;
  narrative: string;
  values: ReportValue[];
  version: number;
  /** Optimistic lock: sent back with an edit. */
  revision: number;
  returnReason: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AttachmentView {
  id: string;
  reportId: string;
  fileName: string;
  size: number;
  contentType: string;
  sha256: string;
  uploadedBy: string | null;
  createdAt: string;
  url: string;
}

export interface ReportDetail extends ReportView {
  attachments: AttachmentView[];
  versions: { version: number; narrative: string; values: { targetId: string; value: number }[]; attachmentIds: string[]; submittedBy: string | null; submittedAt: string }[];
  reviews: { version: number; decision: 'accepted' | 'returned'; reason: string | null; reviewer: string | null; reviewerOrgName: string | null; at: string }[];
  permissions: { canEdit: boolean; canSubmit: boolean; canReview: boolean };
}

export interface BoardView {
  counts: Record<TaskStatus | 'total', number>;
  overdue: TaskRow[];
  atRisk: TaskRow[];
  openSupervisions: number;
  pendingReviews: number;
}

export interface MetricTotal { metric: string; unit: string; targetValue: number; actualValue: number; share: number }

export interface SummaryView {
  programme: { id: string; title: string; periodStart: string; periodEnd: string };
  period: string | null;
  generatedAt: string;
  units: {
    orgId: string;
    orgName: string;
    taskCount: number;
    completed: number;
    reportsSubmitted: number;
    reportsAccepted: number;
    narratives: { taskId: string; taskTitle: string; reportId: string; period: string; status: ReportStatus; excerpt: string }[];
    metrics: MetricTotal[];
    overdue: { taskId: string; title: string; dueDate: string }[];
  }[];
  totals: { taskCount: number; completed: number; overdue: number; reportsSubmitted: number; reportsAccepted: number; metrics: MetricTotal[] };
}

const enc = encodeURIComponent;

export const tasksApi = {
  // programmes, goals, tags
  programmes: (q: { q?: string; orgId?: string; status?: 'active' | 'archived'; page: number; pageSize: number }) => api.get<Page<ProgrammeView>>('/api/programmes', { ...q }),
  programme: (id: string) => api.get<ProgrammeDetail>(`/api/programmes/${enc(id)}`),
  createProgramme: (input: ProgrammeInput) => api.post<ProgrammeDetail>('/api/programmes', input),
  updateProgramme: (id: string, input: Partial<Omit<ProgrammeInput, 'orgId' | 'goals'>> & { status?: 'active' | 'archived' }) => api.patch<ProgrammeDetail>(`/api/programmes/${enc(id)}`, input),
  addGoal: (programmeId: string, input: { title: string; description?: string; sortOrder?: number }) => api.post<GoalView>(`/api/programmes/${enc(programmeId)}/goals`, input),
  updateGoal: (id: string, input: { title?: string; description?: string; sortOrder?: number }) => api.patch<GoalView>(`/api/goals/${enc(id)}`, input),
  summary: (programmeId: string, period?: string) => api.get<SummaryView>(`/api/programmes/${enc(programmeId)}/summary`, { period }),
  tags: (orgId?: string) => api.get<{ items: TagView[] }>('/api/task-tags', { orgId }),
  createTag: (input: { orgId?: string; name: string; color?: string | null }) => api.post<TagView>('/api/task-tags', input),
  deleteTag: (id: string) => api.delete<void>(`/api/task-tags/${enc(id)}`),

  // tasks
  list: (q: TaskQuery) => api.get<Page<TaskRow>>('/api/tasks', { ...q }),
  get: (id: string) => api.get<TaskDetail>(`/api/tasks/${enc(id)}`),
  create: (input: TaskInput) => api.post<TaskDetail>('/api/tasks', input),
  update: (id: string, input: TaskUpdate) => api.patch<TaskDetail>(`/api/tasks/${enc(id)}`, input),
  remove: (id: string) => api.delete<void>(`/api/tasks/${enc(id)}`),
  handDown: (id: string, input: HandDownInput) => api.post<{ items: TaskRow[] }>(`/api/tasks/${enc(id)}/hand-down`, input),
  children: (id: string) => api.get<{ items: TaskRow[] }>(`/api/tasks/${enc(id)}/children`),
  board: (q: { programmeId?: string; orgId?: string }) => api.get<BoardView>('/api/tasks/board', { ...q }),
  exportUrl: (f: TaskFilter & { sort?: string }) => `/api/tasks/export.xlsx${toQueryString({ ...f })}`,

  // reports
  reports: (taskId: string) => api.get<{ items: ReportView[] }>(`/api/tasks/${enc(taskId)}/reports`),
  createReport: (taskId: string, input: { period: string; narrative?: string; values?: { targetId: string; value: number }[] }) =>
    api.post<ReportDetail>(`/api/tasks/${enc(taskId)}/reports`, input),
  report: (id: string) => api.get<ReportDetail>(`/api/reports/${enc(id)}`),
  updateReport: (id: string, input: { narrative?: string; values?: { targetId: string; value: number }[]; revision: number }) => api.patch<ReportDetail>(`/api/reports/${enc(id)}`, input),
  submitReport: (id: string) => api.post<ReportDetail>(`/api/reports/${enc(id)}/submit`),
  acceptReport: (id: string) => api.post<ReportDetail>(`/api/reports/${enc(id)}/accept`),
  returnReport: (id: string, reason: string) => api.post<ReportDetail>(`/api/reports/${enc(id)}/return`, { reason }),
  reviews: (q: { programmeId?: string; page: number; pageSize: number }) => api.get<Page<ReportView>>('/api/reviews', { ...q }),
  removeAttachment: (id: string) => api.delete<void>(`/api/attachments/${enc(id)}`),
  /** Sends the file as the raw request body (the server sniffs its type). */
  async uploadAttachment(reportId: string, file: Blob & { name: string }, csrfToken: string, locale: string): Promise<AttachmentView> {
    const res = await fetch(`/api/reports/${enc(reportId)}/attachments${toQueryString({ fileName: file.name })}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrfToken, 'Accept-Language': locale, Accept: 'application/json' },
      body: file,
    }).catch(() => {
      throw new ApiError({ status: 0, code: 'network_error', message: '' });
    });
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string; fields?: ApiError['fields'] };
    if (!res.ok) throw new ApiError({ status: res.status, code: body.code ?? 'internal', message: body.message ?? '', fields: body.fields });
    return body as unknown as AttachmentView;
  },

  // supervision
  supervise: (taskId: string, input: { message: string; respondBy: string }) => api.post<SupervisionView>(`/api/tasks/${enc(taskId)}/supervise`, input),
  supervisions: (q: { status?: 'open' | 'answered'; orgId?: string; taskId?: string; mine?: 'true'; page: number; pageSize: number }) =>
    api.get<Page<SupervisionView>>('/api/supervisions', { ...q }),
  respond: (id: string, response: string) => api.post<SupervisionView>(`/api/supervisions/${enc(id)}/respond`, { response }),
};
