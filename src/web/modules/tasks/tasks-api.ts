// The reform-task module (server module: tasks; contract: src/server/modules/tasks/tasks.schemas.ts).
// The shapes come from the generated contract (../../api/schema.d.ts), named as the pages use them.
import { api, ApiError, toQueryString, type BodyOf, type QueryOf, type ResponseOf, type Schemas, type Widen } from '../../api';

export type TaskRow = Schemas['TaskRow'];
export type TaskKind = TaskRow['kind'];
export type ReportCycle = TaskRow['cycle'];
export type TaskStatus = TaskRow['status'];
export type ReportStatus = Schemas['ReportView']['status'];

export const TASK_KINDS: TaskKind[] = ['prescribed', 'optional'];
export const REPORT_CYCLES: ReportCycle[] = ['monthly', 'quarterly', 'half_yearly', 'once'];
export const TASK_STATUSES: TaskStatus[] = ['not_started', 'on_track', 'at_risk', 'overdue', 'completed'];

export type TagView = Schemas['TagView'];
export type GoalView = Schemas['GoalView'];
export type ProgrammeView = Schemas['ProgrammeView'];
export type ProgrammeDetail = Schemas['ProgrammeDetail'];
export type ProgrammeInput = Widen<BodyOf<'createProgramme'>>;
export type TargetView = Schemas['TargetView'];
export type SupervisionView = Schemas['SupervisionView'];
export type TaskDetail = Schemas['TaskDetail'];
export type TaskInput = Widen<BodyOf<'createTask'>>;
export type TaskUpdate = Widen<BodyOf<'updateTask'>>;
export type HandDownInput = Widen<BodyOf<'handDownTask'>>;
/** The ledger's query: kind and status as the contract lists them (the filters translate them). */
export type TaskQuery = Omit<Widen<QueryOf<'listTasks'>>, 'kind' | 'status'> & Pick<QueryOf<'listTasks'>, 'kind' | 'status'>;
export type TaskFilter = Omit<TaskQuery, 'sort' | 'page' | 'pageSize'>;
export type ReportView = Schemas['ReportView'];
export type ReportDetail = Schemas['ReportDetail'];
export type MetricTotal = Schemas['MetricTotal'];

const enc = encodeURIComponent;

export const tasksApi = {
  // programmes, goals, tags
  programmes: (q: Widen<QueryOf<'listProgrammes'>>) => api.get<ResponseOf<'listProgrammes'>>('/api/programmes', { ...q }),
  programme: (id: string) => api.get<ResponseOf<'getProgramme'>>(`/api/programmes/${enc(id)}`),
  createProgramme: (input: ProgrammeInput) => api.post<ResponseOf<'createProgramme'>>('/api/programmes', input),
  updateProgramme: (id: string, input: Widen<BodyOf<'updateProgramme'>>) =>
    api.patch<ResponseOf<'updateProgramme'>>(`/api/programmes/${enc(id)}`, input),
  addGoal: (programmeId: string, input: BodyOf<'createProgrammeGoal'>) =>
    api.post<ResponseOf<'createProgrammeGoal'>>(`/api/programmes/${enc(programmeId)}/goals`, input),
  updateGoal: (id: string, input: BodyOf<'updateGoal'>) => api.patch<ResponseOf<'updateGoal'>>(`/api/goals/${enc(id)}`, input),
  summary: (programmeId: string, period?: string) =>
    api.get<ResponseOf<'getProgrammeSummary'>>(`/api/programmes/${enc(programmeId)}/summary`, {
      period,
    } satisfies QueryOf<'getProgrammeSummary'>),
  tags: (orgId?: string) => api.get<ResponseOf<'listTaskTags'>>('/api/task-tags', { orgId } satisfies QueryOf<'listTaskTags'>),
  createTag: (input: BodyOf<'createTaskTag'>) => api.post<ResponseOf<'createTaskTag'>>('/api/task-tags', input),
  deleteTag: (id: string) => api.delete<ResponseOf<'deleteTaskTag'>>(`/api/task-tags/${enc(id)}`),

  // tasks
  list: (q: TaskQuery) => api.get<ResponseOf<'listTasks'>>('/api/tasks', { ...q }),
  get: (id: string) => api.get<ResponseOf<'getTask'>>(`/api/tasks/${enc(id)}`),
  create: (input: TaskInput) => api.post<ResponseOf<'createTask'>>('/api/tasks', input),
  update: (id: string, input: TaskUpdate) => api.patch<ResponseOf<'updateTask'>>(`/api/tasks/${enc(id)}`, input),
  remove: (id: string) => api.delete<ResponseOf<'deleteTask'>>(`/api/tasks/${enc(id)}`),
  handDown: (id: string, input: HandDownInput) => api.post<ResponseOf<'handDownTask'>>(`/api/tasks/${enc(id)}/hand-down`, input),
  children: (id: string) => api.get<ResponseOf<'getTaskChildren'>>(`/api/tasks/${enc(id)}/children`),
  board: (q: QueryOf<'getTasksBoard'>) => api.get<ResponseOf<'getTasksBoard'>>('/api/tasks/board', { ...q }),
  exportUrl: (f: Widen<QueryOf<'exportTasks'>>) => `/api/tasks/export.xlsx${toQueryString({ ...f })}`,

  // reports
  reports: (taskId: string) => api.get<ResponseOf<'listTaskReports'>>(`/api/tasks/${enc(taskId)}/reports`),
  createReport: (taskId: string, input: BodyOf<'createTaskReport'>) =>
    api.post<ResponseOf<'createTaskReport'>>(`/api/tasks/${enc(taskId)}/reports`, input),
  report: (id: string) => api.get<ResponseOf<'getReport'>>(`/api/reports/${enc(id)}`),
  updateReport: (id: string, input: BodyOf<'updateReport'>) => api.patch<ResponseOf<'updateReport'>>(`/api/reports/${enc(id)}`, input),
  submitReport: (id: string) => api.post<ResponseOf<'submitReport'>>(`/api/reports/${enc(id)}/submit`),
  acceptReport: (id: string) => api.post<ResponseOf<'acceptReport'>>(`/api/reports/${enc(id)}/accept`),
  returnReport: (id: string, reason: string) =>
    api.post<ResponseOf<'returnReport'>>(`/api/reports/${enc(id)}/return`, { reason } satisfies BodyOf<'returnReport'>),
  reviews: (q: QueryOf<'listReviews'>) => api.get<ResponseOf<'listReviews'>>('/api/reviews', { ...q }),
  removeAttachment: (id: string) => api.delete<ResponseOf<'deleteAttachment'>>(`/api/attachments/${enc(id)}`),
  /** Sends the file as the raw request body (the server sniffs its type). */
  async uploadAttachment(
    reportId: string,
    file: Blob & { name: string },
    csrfToken: string,
    locale: string,
  ): Promise<ResponseOf<'createReportAttachment'>> {
    const res = await fetch(`/api/reports/${enc(reportId)}/attachments${toQueryString({ fileName: file.name })}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-CSRF-Token': csrfToken,
        'Accept-Language': locale,
        Accept: 'application/json',
      },
      body: file,
    }).catch(() => {
      throw new ApiError({ status: 0, code: 'network_error', message: '' });
    });
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string; fields?: ApiError['fields'] };
    if (!res.ok)
      throw new ApiError({ status: res.status, code: body.code ?? 'internal', message: body.message ?? '', fields: body.fields });
    return body as unknown as ResponseOf<'createReportAttachment'>;
  },

  // supervision
  supervise: (taskId: string, input: BodyOf<'superviseTask'>) =>
    api.post<ResponseOf<'superviseTask'>>(`/api/tasks/${enc(taskId)}/supervise`, input),
  supervisions: (q: Widen<QueryOf<'listSupervisions'>>) => api.get<ResponseOf<'listSupervisions'>>('/api/supervisions', { ...q }),
  respond: (id: string, response: string) =>
    api.post<ResponseOf<'respondSupervision'>>(`/api/supervisions/${enc(id)}/respond`, { response } satisfies BodyOf<'respondSupervision'>),
};
