// The worker registry (server module: people). Uploads send the raw file with the CSRF token.
import { api, ApiError, toQueryString, type Page } from '../../api';

export interface PersonView {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  idNumberMasked: string;
  gender: 'M' | 'F';
  birthDate: string;
  phoneMasked: string | null;
  unionMember: boolean;
  unionJoinedOn: string | null;
  occupation: string | null;
  education: string | null;
  employmentStatus: string;
  skillLevel: string | null;
  highlySkilled: boolean;
  /** Optimistic lock: sent back with an edit; a newer one on the server answers 409 conflict. */
  version: number;
}

export interface PersonDetail extends PersonView {
  skills: { id: string; level: string; certificateNo: string | null; issuer: string | null; certifiedOn: string | null; fromImport: boolean }[];
  honours: { id: string; kind: string; grade: string | null; title: string | null; year: number | null; awardingBody: string | null }[];
  pendingTransfers: { id: string; toOrgName: string; fromOrgName: string | null; createdAt: string }[];
}

export interface Label { code: string; zh: string; en: string }
export interface PeopleMeta {
  skillLevels: (Label & { rank: number })[];
  honourKinds: (Label & { grades: string[] })[];
  honourGrades: Label[];
  educations: Label[];
  employmentStatuses: Label[];
  importFields: (Label & { required: boolean })[];
}

export interface PeopleQuery {
  q?: string;
  orgId?: string;
  skillLevel?: string;
  highlySkilled?: 'true';
  honourKind?: string;
  unionMember?: 'true' | 'false';
  sort?: string;
  page: number;
  pageSize: number;
}

export interface ImportView {
  id: string;
  orgId: string;
  orgName: string;
  fileName: string;
  status: 'uploaded' | 'validating' | 'validated' | 'committing' | 'committed' | 'failed';
  running: boolean;
  resumable: boolean;
  headerRow: number | null;
  columns: { index: number; letter: string; header: string; guess: string | null }[];
  mapping: Record<string, number>;
  totalRows: number;
  processedRows: number;
  validRows: number;
  errorRows: number;
  errorCount: number;
  willCreate: number;
  willUpdate: number;
  willTransfer: number;
  totalBatches: number;
  committedBatches: number;
  createdCount: number;
  updatedCount: number;
  transferCount: number;
  failure: string | null;
}

export interface PersonUpdate {
  version?: number;
  name?: string;
  phone?: string | null;
  unionMember?: boolean;
  unionJoinedOn?: string | null;
  occupation?: string | null;
  education?: string | null;
  employmentStatus?: string;
}
export interface SkillInput { level: string; certificateNo?: string | null; issuer?: string | null; certifiedOn?: string | null }
export interface HonourInput { kind: string; grade?: string | null; title?: string | null; year?: number | null; awardingBody?: string | null }
export interface CraftsmanTitle { id: string; name: string; orgId: string; orgName: string }
export type TransferStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';
export interface TransferView {
  id: string;
  personId: string;
  personName: string;
  idNumberMasked: string;
  fromOrgId: string | null;
  fromOrgName: string | null;
  toOrgId: string;
  toOrgName: string;
  status: TransferStatus;
  createdAt: string;
  decidedAt: string | null;
}

export interface ImportError { row: number; column: string | null; header: string | null; field: string | null; code: string; value: string | null; message: string }
export interface PreviewRow { row: number; name: string; idNumberMasked: string; orgName: string; skillLevel: string | null; action: 'create' | 'update' | 'transfer' }

export const peopleApi = {
  meta: () => api.get<PeopleMeta>('/api/people/meta'),
  list: (q: PeopleQuery) => api.get<Page<PersonView>>('/api/people', { ...q }),
  get: (id: string) => api.get<PersonDetail>(`/api/people/${id}`),
  update: (id: string, body: PersonUpdate) => api.patch<PersonView>(`/api/people/${id}`, body),
  addSkill: (id: string, body: SkillInput) => api.post<PersonDetail>(`/api/people/${id}/skills`, body),
  removeSkill: (id: string, skillId: string) => api.delete<PersonDetail>(`/api/people/${id}/skills/${skillId}`),
  addHonour: (id: string, body: HonourInput) => api.post<PersonDetail>(`/api/people/${id}/honours`, body),
  removeHonour: (id: string, honourId: string) => api.delete<PersonDetail>(`/api/people/${id}/honours/${honourId}`),
  titles: (orgId: string) => api.get<CraftsmanTitle[]>('/api/people/craftsman-titles', { orgId }),
  transfers: (q: { direction?: 'incoming' | 'outgoing'; status?: TransferStatus; page: number; pageSize: number }) => api.get<TransferView[]>('/api/people/transfers', { ...q }),
  approveTransfer: (id: string) => api.post<TransferView>(`/api/people/transfers/${id}/approve`),
  rejectTransfer: (id: string) => api.post<TransferView>(`/api/people/transfers/${id}/reject`),
  pii: (id: string) => api.get<{ idNumber: string; phone: string | null }>(`/api/people/${id}/pii`),
  exportUrl: (q: Omit<PeopleQuery, 'page' | 'pageSize' | 'sort'>) => `/api/people/export${toQueryString({ ...q })}`,
  getImport: (id: string) => api.get<ImportView>(`/api/people/imports/${id}`),
  validate: (id: string, mapping: Record<string, number>) => api.post<ImportView>(`/api/people/imports/${id}/validate`, { mapping }),
  commit: (id: string, skipInvalid: boolean) => api.post<ImportView>(`/api/people/imports/${id}/commit`, { skipInvalid }),
  errors: (id: string, page: number, pageSize: number) => api.get<Page<ImportError>>(`/api/people/imports/${id}/errors`, { page, pageSize }),
  preview: (id: string) => api.get<PreviewRow[]>(`/api/people/imports/${id}/preview`, { pageSize: 50 }),
  errorReportUrl: (id: string) => `/api/people/imports/${id}/error-report`,
  templateUrl: '/api/people/imports/template',
  async upload(orgId: string, file: File, csrfToken: string, locale: string): Promise<ImportView> {
    const res = await fetch(`/api/people/imports${toQueryString({ orgId, fileName: file.name })}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/octet-stream', 'X-CSRF-Token': csrfToken, 'Accept-Language': locale },
      body: file,
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError({ status: res.status, code: body.code ?? 'internal', message: body.message ?? '', fields: body.fields });
    return body as ImportView;
  },
};
