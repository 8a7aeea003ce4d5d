// The innovation module (server module: innovation; contract: src/server/modules/innovation/innovation.schemas.ts).
// The shapes come from the generated contract (../../api/schema.d.ts), named as the pages use them.
import { api, ApiError, request, toQueryString, type BodyOf, type QueryOf, type ResponseOf, type Schemas, type Widen } from '../../api';

export type StudioRow = Schemas['StudioRow'];
export type StudioDetail = Schemas['StudioDetail'];
export type NamingView = Schemas['NamingView'];
export type CallView = Schemas['CallView'];
export type PairView = Schemas['PairView'];
export type StudiosQuery = Widen<QueryOf<'listStudios'>>;
export type PairsQuery = Widen<QueryOf<'listMentorships'>>;
export type ApplicationsQuery = Widen<QueryOf<'listStudioApplications'>>;
type ApplicationRow = ResponseOf<'listStudioApplications'>['items'][number];
export type ListImportView = ResponseOf<'getInnovationImport'>;
export type ListImportKind = 'studios' | 'pairs';
export type { ApplicationRow };

const enc = encodeURIComponent;

/** Studio-list and pair-list imports (the roster import's steps; server: innovation/imports.routes.ts). */
const imports = {
  get: (id: string) => api.get<ResponseOf<'getInnovationImport'>>(`/api/innovation/imports/${enc(id)}`),
  validate: (id: string, mapping: Record<string, number>) =>
    api.post<ResponseOf<'validateInnovationImport'>>(`/api/innovation/imports/${enc(id)}/validate`, {
      mapping: mapping as BodyOf<'validateInnovationImport'>['mapping'],
    } satisfies BodyOf<'validateInnovationImport'>),
  commit: (id: string, skipInvalid: boolean) =>
    api.post<ResponseOf<'commitInnovationImport'>>(`/api/innovation/imports/${enc(id)}/commit`, {
      skipInvalid,
    } satisfies BodyOf<'commitInnovationImport'>),
  errors: (id: string, page: number, pageSize: number) =>
    api.get<ResponseOf<'listInnovationImportErrors'>>(`/api/innovation/imports/${enc(id)}/errors`, {
      page,
      pageSize,
    } satisfies QueryOf<'listInnovationImportErrors'>),
  preview: (id: string) =>
    api.get<ResponseOf<'getInnovationImportPreview'>>(`/api/innovation/imports/${enc(id)}/preview`, {
      pageSize: 50,
    } satisfies QueryOf<'getInnovationImportPreview'>),
  errorReportUrl: (id: string) => `/api/innovation/imports/${enc(id)}/error-report`,
  templateUrl: (kind: ListImportKind) => `/api/innovation/imports/template${toQueryString({ kind })}`,
  async upload(kind: ListImportKind, orgId: string, file: File, csrfToken: string, locale: string): Promise<ListImportView> {
    const res = await fetch(`/api/innovation/imports${toQueryString({ orgId, kind, fileName: file.name })}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/octet-stream',
        'X-CSRF-Token': csrfToken,
        'Accept-Language': locale,
      },
      body: file,
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok)
      throw new ApiError({ status: res.status, code: body.code ?? 'internal', message: body.message ?? '', fields: body.fields });
    return body as ListImportView;
  },
};

export const innovationApi = {
  imports,
  categories: () => api.get<ResponseOf<'listStudioCategories'>>('/api/studio-categories'),
  studios: (q: StudiosQuery) => api.get<ResponseOf<'listStudios'>>('/api/studios', { ...q }),
  figures: () => api.get<ResponseOf<'listStudiosFigures'>>('/api/studios/figures'),
  dashboard: (orgId?: string) => api.get<ResponseOf<'getInnovationDashboard'>>('/api/innovation/dashboard', orgId ? { orgId } : {}),
  dashboardExportUrl: (orgId?: string) => `/api/innovation/dashboard.xlsx${toQueryString(orgId ? { orgId } : {})}`,
  exportUrl: (q: Omit<StudiosQuery, 'page' | 'pageSize'>) => `/api/studios/export.xlsx${toQueryString({ ...q })}`,
  studio: (id: string) => api.get<ResponseOf<'getStudio'>>(`/api/studios/${enc(id)}`),
  createStudio: (input: Widen<BodyOf<'createStudio'>>) => api.post<ResponseOf<'createStudio'>>('/api/studios', input),
  addMember: (id: string, input: Widen<BodyOf<'createStudioMember'>>) =>
    api.post<ResponseOf<'createStudioMember'>>(`/api/studios/${enc(id)}/members`, input),
  addProject: (id: string, input: Widen<BodyOf<'createStudioProject'>>) =>
    api.post<ResponseOf<'createStudioProject'>>(`/api/studios/${enc(id)}/projects`, input),
  addFunding: (id: string, input: Widen<BodyOf<'fundingStudio'>>) =>
    api.post<ResponseOf<'fundingStudio'>>(`/api/studios/${enc(id)}/funding`, input),
  calls: () => api.get<ResponseOf<'listStudioCalls'>>('/api/studio-calls'),
  createCall: (input: Widen<BodyOf<'createStudioCall'>>) => api.post<ResponseOf<'createStudioCall'>>('/api/studio-calls', input),
  applications: (q: ApplicationsQuery) => api.get<ResponseOf<'listStudioApplications'>>('/api/studio-applications', { ...q }),
  application: (id: string) => api.get<ResponseOf<'getStudioApplication'>>(`/api/studio-applications/${enc(id)}`),
  apply: (input: Widen<BodyOf<'createStudioApplication'>>) =>
    api.post<ResponseOf<'createStudioApplication'>>('/api/studio-applications', input),
  submit: (id: string) => request<ResponseOf<'submitStudioApplication'>>('POST', `/api/studio-applications/${enc(id)}/submit`),
  recommend: (id: string, note?: string) =>
    api.post<ResponseOf<'recommendStudioApplication'>>(`/api/studio-applications/${enc(id)}/recommend`, { note }),
  returnTo: (id: string, note: string) =>
    api.post<ResponseOf<'returnStudioApplication'>>(`/api/studio-applications/${enc(id)}/return`, { note }),
  review: (id: string, input: Widen<BodyOf<'reviewStudioApplication'>>) =>
    api.post<ResponseOf<'reviewStudioApplication'>>(`/api/studio-applications/${enc(id)}/review`, input),
  name: (id: string, input: Widen<BodyOf<'nameStudioApplication'>>) =>
    api.post<ResponseOf<'nameStudioApplication'>>(`/api/studio-applications/${enc(id)}/name`, input),
  assess: (namingId: string, input: Widen<BodyOf<'createStudioNamingAssessment'>>) =>
    api.post<ResponseOf<'createStudioNamingAssessment'>>(`/api/studio-namings/${enc(namingId)}/assessments`, input),
  assessmentDraft: (namingId: string, year: number) =>
    api.get<ResponseOf<'getStudioNamingAssessmentDraft'>>(`/api/studio-namings/${enc(namingId)}/assessment-draft`, { year }),
  revoke: (namingId: string, input: Widen<BodyOf<'revokeStudioNaming'>>) =>
    api.post<ResponseOf<'revokeStudioNaming'>>(`/api/studio-namings/${enc(namingId)}/revoke`, input),
  pairs: (q: PairsQuery) => api.get<ResponseOf<'listMentorships'>>('/api/mentorships', { ...q }),
  pair: (id: string) => api.get<ResponseOf<'getMentorship'>>(`/api/mentorships/${enc(id)}`),
  createPair: (input: Widen<BodyOf<'createMentorship'>>) => api.post<ResponseOf<'createMentorship'>>('/api/mentorships', input),
  transition: (id: string, input: Widen<BodyOf<'transitionMentorship'>>) =>
    api.post<ResponseOf<'transitionMentorship'>>(`/api/mentorships/${enc(id)}/transition`, input),
  talent: (personId: string) => api.get<ResponseOf<'getPersonTalent'>>(`/api/people/${enc(personId)}/talent`),
};
