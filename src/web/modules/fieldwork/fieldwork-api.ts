// Field work and meetings (server module: fieldwork; contract: src/server/modules/fieldwork/fieldwork.schemas.ts).
import { api, ApiError, request, toQueryString, type BodyOf, type QueryOf, type ResponseOf, type Widen } from '../../api';

export type VisitList = ResponseOf<'listVisits'>;
export type VisitRow = VisitList['items'][number];
export type VisitView = ResponseOf<'getVisit'>;
export type VisitInput = Widen<BodyOf<'createVisit'>>;
export type VisitStatus = VisitRow['status'];
export type VisitType = VisitRow['visitType'];
export type ProblemView = VisitView['problems'][number];
export type ToTaskInput = Widen<BodyOf<'taskVisitProblem'>>;
export type MeetingList = ResponseOf<'listMeetings'>;
export type MeetingRow = MeetingList['items'][number];
export type MeetingView = ResponseOf<'getMeeting'>;
export type MeetingInput = Widen<BodyOf<'createMeeting'>>;
export type InvitationView = MeetingView['invitations'][number];
export type DecisionInput = Widen<BodyOf<'createMeetingDecision'>>;
export type MinutesInput = Widen<BodyOf<'updateMeetingMinutes'>>;
export type Briefing = ResponseOf<'getMeetingBriefing'>;
export type BriefingItem = Briefing['items'][number];
export type ReturnList = ResponseOf<'listReturns'>;
export type ReturnView = ResponseOf<'getReturn'>;
export type ReturnInput = Widen<BodyOf<'createReturn'>>;
export type AnswersInput = Widen<BodyOf<'updateReturnAnswer'>>;
export type ProposalsView = ResponseOf<'listMeetingAgendaProposals'>;
export type ProposalView = ProposalsView['items'][number];
export type ProposeInput = Widen<BodyOf<'createInvitationAgendaProposal'>>;
export type CalendarView = ResponseOf<'getFieldworkCalendar'>;
export type PlanList = ResponseOf<'listResearchPlanItems'>;
export type PlanItemView = ResponseOf<'getResearchPlanItem'>;
export type PlanItemInput = Widen<BodyOf<'createResearchPlanItem'>>;
export type VisitPlanView = ResponseOf<'getVisitPlanItem'>;
export type FileView = ProblemView['files'][number];

export const VISIT_STATUSES: VisitStatus[] = ['planned', 'approved', 'under_way', 'report_due', 'reported', 'closed'];
export const VISIT_TYPES: VisitType[] = ['thematic', 'stationed', 'questionnaire', 'survey'];
export const MEETING_TYPES: MeetingRow['meetingType'][] = ['symposium', 'promotion', 'regular', 'joint'];
/** Where a visit may go next (the server's state machine). */
export const NEXT_STATES: Record<VisitStatus, VisitStatus[]> = {
  planned: ['approved'],
  approved: ['under_way', 'planned'],
  under_way: ['report_due', 'reported'],
  report_due: ['reported'],
  reported: ['closed', 'report_due'],
  closed: [],
};

const enc = encodeURIComponent;

export const fieldworkApi = {
  visits: (q: Widen<QueryOf<'listVisits'>>) => api.get<VisitList>('/api/visits', { ...q }),
  visit: (id: string) => api.get<VisitView>(`/api/visits/${enc(id)}`),
  createVisit: (input: VisitInput) => api.post<VisitView>('/api/visits', input),
  updateVisit: (id: string, input: Widen<BodyOf<'updateVisit'>>) => api.patch<VisitView>(`/api/visits/${enc(id)}`, input),
  transition: (id: string, to: VisitStatus) => api.post<VisitView>(`/api/visits/${enc(id)}/transition`, { to }),
  addRequirement: (id: string, text: string) => api.post<VisitView>(`/api/visits/${enc(id)}/requirements`, { text }),
  addProblem: (id: string, input: Widen<BodyOf<'createVisitProblem'>>) => api.post<VisitView>(`/api/visits/${enc(id)}/problems`, input),
  updateProblem: (id: string, input: Widen<BodyOf<'updateVisitProblem'>>) => api.patch<VisitView>(`/api/visit-problems/${enc(id)}`, input),
  problemToTask: (id: string, input: ToTaskInput) => api.post<VisitView>(`/api/visit-problems/${enc(id)}/task`, input),
  requirementToTask: (id: string, input: ToTaskInput) => api.post<VisitView>(`/api/visit-requirements/${enc(id)}/task`, input),
  problemsExportUrl: (visitId?: string) => `/api/visit-problems/export.xlsx${toQueryString({ visitId })}`,

  series: () => api.get<ResponseOf<'listMeetingSeries'>>('/api/meeting-series'),
  createSeries: (title: string) => api.post<ResponseOf<'createMeetingSery'>>('/api/meeting-series', { title }),
  meetings: (q: Widen<QueryOf<'listMeetings'>>) => api.get<MeetingList>('/api/meetings', { ...q }),
  meeting: (id: string) => api.get<MeetingView>(`/api/meetings/${enc(id)}`),
  createMeeting: (input: MeetingInput) => api.post<MeetingView>('/api/meetings', input),
  saveMinutes: (id: string, input: MinutesInput) => request<MeetingView>('PUT', `/api/meetings/${enc(id)}/minutes`, input),
  signOff: (id: string) => api.post<MeetingView>(`/api/meetings/${enc(id)}/minutes/sign-off`),
  issue: (id: string) => api.post<MeetingView>(`/api/meetings/${enc(id)}/minutes/issue`),
  addDecision: (id: string, input: DecisionInput) => api.post<MeetingView>(`/api/meetings/${enc(id)}/decisions`, input),
  briefing: (id: string) => api.get<Briefing>(`/api/meetings/${enc(id)}/briefing`),
  decisionsExportUrl: (q: { meetingId?: string; seriesId?: string }) => `/api/meeting-decisions/export.xlsx${toQueryString(q)}`,
  reply: (id: string, input: Widen<BodyOf<'replyInvitation'>>) => api.post<InvitationView>(`/api/invitations/${enc(id)}/reply`, input),
  signIn: (id: string) => api.post<InvitationView>(`/api/invitations/${enc(id)}/sign-in`),
  prefill: (id: string) => api.post<InvitationView>(`/api/invitations/${enc(id)}/report/prefill`),
  editReport: (id: string, text: string) => request<InvitationView>('PUT', `/api/invitations/${enc(id)}/report`, { text }),
  returns: () => api.get<ReturnList>('/api/returns'),
  statusReturn: (id: string) => api.get<ReturnView>(`/api/returns/${enc(id)}`),
  createReturn: (input: ReturnInput) => api.post<ReturnView>('/api/returns', input),
  returnExportUrl: (id: string) => `/api/returns/${enc(id)}/export.xlsx`,
  saveAnswers: (id: string, input: AnswersInput) => request<ReturnView>('PUT', `/api/return-answers/${enc(id)}`, input),
  submitAnswers: (id: string, input: AnswersInput) => api.post<ReturnView>(`/api/return-answers/${enc(id)}/submit`, input),
  proposals: (meetingId: string) => api.get<ProposalsView>(`/api/meetings/${enc(meetingId)}/agenda-proposals`),
  setProposalDeadline: (meetingId: string, deadline: string | null) =>
    request<ProposalsView>('PUT', `/api/meetings/${enc(meetingId)}/proposal-deadline`, { deadline }),
  propose: (invitationId: string, input: ProposeInput) =>
    api.post<ProposalView>(`/api/invitations/${enc(invitationId)}/agenda-proposals`, input),
  acceptProposal: (id: string) => api.post<ProposalView>(`/api/agenda-proposals/${enc(id)}/accept`),
  declineProposal: (id: string, reason: string) => api.post<ProposalView>(`/api/agenda-proposals/${enc(id)}/decline`, { reason }),
  plan: (year: number) => api.get<PlanList>('/api/research-plan-items', { year }),
  createPlanItem: (input: PlanItemInput) => api.post<PlanItemView>('/api/research-plan-items', input),
  approvePlanItem: (id: string) => api.post<PlanItemView>(`/api/research-plan-items/${enc(id)}/approve`),
  visitPlan: (visitId: string) => api.get<VisitPlanView>(`/api/visits/${enc(visitId)}/plan-item`),
  linkVisitPlan: (visitId: string, planItemId: string | null) =>
    request<VisitPlanView>('PUT', `/api/visits/${enc(visitId)}/plan-item`, { planItemId }),
  calendar: (from: string, to: string) => api.get<CalendarView>('/api/fieldwork/calendar', { from, to }),
  submitReport: (id: string) => api.post<InvitationView>(`/api/invitations/${enc(id)}/report/submit`),
  problemFilesPath: (id: string) => `/api/visit-problems/${enc(id)}/files`,
  reportFilesPath: (visitId: string) => `/api/visits/${enc(visitId)}/report/files`,
  meetingFilesPath: (meetingId: string) => `/api/meetings/${enc(meetingId)}/files`,
  bookletUrl: (meetingId: string) => `/api/meetings/${enc(meetingId)}/booklet.docx`,
  removeFile: (id: string) => api.delete<unknown>(`/api/fieldwork-files/${enc(id)}`),
  /** Sends the file as the raw request body (the server sniffs its type) to one of the *FilesPath routes. */
  async uploadFile(
    path: string,
    query: Record<string, string | undefined>,
    file: Blob & { name: string },
    csrfToken: string,
    locale: string,
  ): Promise<FileView> {
    const res = await fetch(`${path}${toQueryString({ ...query, fileName: file.name })}`, {
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
    return body as unknown as FileView;
  },
};
