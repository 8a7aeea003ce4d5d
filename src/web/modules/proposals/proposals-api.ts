// Employee innovation (server module: proposals; contract: src/server/modules/proposals/proposals.schemas.ts).
import { api, toQueryString, type BodyOf, type QueryOf, type ResponseOf, type Widen } from '../../api';

export type InnovationQuery = Widen<QueryOf<'listInnovationItems'>>;
type WorkerAccountInput = Widen<BodyOf<'createProposalsWorkerAccount'>>;
export type RegisterInput = Widen<BodyOf<'createWorkerRegistration'>>;
export type RegistrationView = ResponseOf<'listProposalsWorkerRegistrations'>['items'][number];
type RegistrationQuery = QueryOf<'listProposalsWorkerRegistrations'>;
export type ItemView = ResponseOf<'getInnovationItem'>;
export type SelectionView = ResponseOf<'getProposalsSelection'>;
export type EntryView = ResponseOf<'listProposalEntries'>['items'][number];
export type PatentView = ResponseOf<'listProposalPatents'>['items'][number];
export type InnovationDashboard = ResponseOf<'getProposalsDashboard'>;
export type CreateItemInput = Widen<BodyOf<'createInnovationItem'>>;
export type StepInput = Widen<BodyOf<'createProposalStep'>>;
export type StepName = BodyOf<'createProposalStep'>['step'];
export type BenefitInput = Widen<BodyOf<'benefitProposal'>>;
type CreateSelectionInput = Widen<BodyOf<'createProposalsSelection'>>;
type RecommendInput = Widen<BodyOf<'recommendProposal'>>;
type ReviewInput = Widen<BodyOf<'reviewProposalsEntry'>>;
type AwardInput = Widen<BodyOf<'createProposalsEntryAward'>>;
type PatentInput = Widen<BodyOf<'createProposalPatent'>>;
type MergeInput = Widen<BodyOf<'mergeProposal'>>;
export type HistoryEvent = ResponseOf<'getProposalHistory'>['items'][number];

const enc = encodeURIComponent;

export const innovationApi = {
  list: (q: InnovationQuery) => api.get<ResponseOf<'listInnovationItems'>>('/api/proposals', { ...q }),
  item: (id: string) => api.get<ItemView>(`/api/proposals/${enc(id)}`),
  create: (body: CreateItemInput) => api.post<ItemView>('/api/proposals', body),
  step: (id: string, body: StepInput) => api.post<ItemView>(`/api/proposals/${enc(id)}/steps`, body),
  benefit: (id: string, body: BenefitInput) => api.post<ItemView>(`/api/proposals/${enc(id)}/benefit`, body),
  proposers: (q: string, orgId?: string) =>
    api.get<ResponseOf<'listProposalsProposers'>>('/api/proposals/proposers', orgId ? { q, orgId } : { q }),
  createWorkerAccount: (body: WorkerAccountInput) =>
    api.post<ResponseOf<'createProposalsWorkerAccount'>>('/api/proposals/worker-accounts', body),
  register: (body: RegisterInput) => api.post<ResponseOf<'createWorkerRegistration'>>('/api/worker-registrations', body),
  registrations: (q: RegistrationQuery) =>
    api.get<ResponseOf<'listProposalsWorkerRegistrations'>>('/api/proposals/worker-registrations', { ...q }),
  confirmRegistration: (id: string) =>
    api.post<ResponseOf<'confirmProposalsWorkerRegistration'>>(`/api/proposals/worker-registrations/${enc(id)}/confirm`),
  rejectRegistration: (id: string, reason: string) =>
    api.post<ResponseOf<'rejectProposalsWorkerRegistration'>>(`/api/proposals/worker-registrations/${enc(id)}/reject`, {
      reason,
    } satisfies BodyOf<'rejectProposalsWorkerRegistration'>),
  selections: () => api.get<ResponseOf<'listProposalsSelections'>>('/api/proposals/selections'),
  selection: (id: string) => api.get<SelectionView>(`/api/proposals/selections/${enc(id)}`),
  createSelection: (body: CreateSelectionInput) => api.post<SelectionView>('/api/proposals/selections', body),
  selectionEntries: (id: string) => api.get<ResponseOf<'listProposalsSelectionEntries'>>(`/api/proposals/selections/${enc(id)}/entries`),
  itemEntries: (id: string) => api.get<ResponseOf<'listProposalEntries'>>(`/api/proposals/${enc(id)}/entries`),
  recommend: (id: string, body: RecommendInput) => api.post<EntryView>(`/api/proposals/${enc(id)}/recommend`, body),
  review: (entryId: string, body: ReviewInput) => api.post<EntryView>(`/api/proposals/entries/${enc(entryId)}/review`, body),
  award: (entryId: string, body: AwardInput) => api.post<EntryView>(`/api/proposals/entries/${enc(entryId)}/awards`, body),
  patents: (id: string) => api.get<ResponseOf<'listProposalPatents'>>(`/api/proposals/${enc(id)}/patents`),
  addPatent: (id: string, body: PatentInput) => api.post<PatentView>(`/api/proposals/${enc(id)}/patents`, body),
  merge: (id: string, body: MergeInput) => api.post<ItemView>(`/api/proposals/${enc(id)}/merge`, body),
  history: (id: string) => api.get<ResponseOf<'getProposalHistory'>>(`/api/proposals/${enc(id)}/history`),
  dashboard: (orgId?: string) => api.get<InnovationDashboard>('/api/proposals/dashboard', orgId ? { orgId } : {}),
  dashboardExportUrl: (orgId?: string) => `/api/proposals/dashboard.xlsx${toQueryString(orgId ? { orgId } : {})}`,
};
