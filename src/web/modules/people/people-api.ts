// The worker registry (server module: people). Uploads send the raw file with the CSRF token.
import {
  api,
  ApiError,
  downloadByPost,
  toQueryString,
  type BodyOf,
  type QueryOf,
  type ResponseOf,
  type Schemas,
  type Widen,
} from '../../api';

export type PersonView = Schemas['PersonView'];
export type PersonDetail = Schemas['PersonDetail'];
export type PeopleMeta = Schemas['PeopleMeta'];
export type PeopleQuery = Widen<QueryOf<'listPeople'>>;
export type PiiPurpose = BodyOf<'revealPersonPii'>['purpose'];
export type PeopleExport = Widen<BodyOf<'exportPeople'>>;
export type ImportView = Schemas['ImportView'];
export type PersonUpdate = Widen<BodyOf<'updatePerson'>>;
export type SkillInput = Widen<BodyOf<'createPersonSkill'>>;
export type HonourInput = Widen<BodyOf<'createPersonHonour'>>;
export type TransferView = Schemas['TransferView'];
export type TransferStatus = TransferView['status'];

export const peopleApi = {
  meta: () => api.get<ResponseOf<'getPeopleMeta'>>('/api/people/meta'),
  /** By POST: the search text may be a full ID number, which must never appear in a URL. */
  list: (q: PeopleQuery) => api.post<ResponseOf<'searchPeople'>>('/api/people/search', q),
  get: (id: string) => api.get<ResponseOf<'getPerson'>>(`/api/people/${id}`),
  update: (id: string, body: PersonUpdate) => api.patch<ResponseOf<'updatePerson'>>(`/api/people/${id}`, body),
  addSkill: (id: string, body: SkillInput) => api.post<ResponseOf<'createPersonSkill'>>(`/api/people/${id}/skills`, body),
  removeSkill: (id: string, skillId: string) => api.delete<ResponseOf<'deletePersonSkill'>>(`/api/people/${id}/skills/${skillId}`),
  addHonour: (id: string, body: HonourInput) => api.post<ResponseOf<'createPersonHonour'>>(`/api/people/${id}/honours`, body),
  removeHonour: (id: string, honourId: string) => api.delete<ResponseOf<'deletePersonHonour'>>(`/api/people/${id}/honours/${honourId}`),
  titles: (orgId: string) =>
    api.get<ResponseOf<'listPeopleCraftsmanTitles'>>('/api/people/craftsman-titles', {
      orgId,
    } satisfies QueryOf<'listPeopleCraftsmanTitles'>),
  transfers: (q: QueryOf<'listPeopleTransfers'>) => api.get<ResponseOf<'listPeopleTransfers'>>('/api/people/transfers', { ...q }),
  approveTransfer: (id: string) => api.post<ResponseOf<'approvePeopleTransfer'>>(`/api/people/transfers/${id}/approve`),
  rejectTransfer: (id: string) => api.post<ResponseOf<'rejectPeopleTransfer'>>(`/api/people/transfers/${id}/reject`),
  pii: (id: string, why: BodyOf<'revealPersonPii'>) => api.post<ResponseOf<'revealPersonPii'>>(`/api/people/${id}/pii`, why),
  exportList: (body: PeopleExport, fallbackName: string) => downloadByPost('/api/people/export', body, fallbackName),
  getImport: (id: string) => api.get<ResponseOf<'getPeopleImport'>>(`/api/people/imports/${id}`),
  validate: (id: string, mapping: Record<string, number>, pipelined = false) =>
    api.post<ResponseOf<'validatePeopleImport'>>(`/api/people/imports/${id}/validate`, {
      mapping,
      ...(pipelined && { pipelined }),
    } satisfies BodyOf<'validatePeopleImport'>),
  commit: (id: string, skipInvalid: boolean) =>
    api.post<ResponseOf<'commitPeopleImport'>>(`/api/people/imports/${id}/commit`, { skipInvalid } satisfies BodyOf<'commitPeopleImport'>),
  errors: (id: string, page: number, pageSize: number) =>
    api.get<ResponseOf<'listPeopleImportErrors'>>(`/api/people/imports/${id}/errors`, {
      page,
      pageSize,
    } satisfies QueryOf<'listPeopleImportErrors'>),
  preview: (id: string) =>
    api.get<ResponseOf<'getPeopleImportPreview'>>(`/api/people/imports/${id}/preview`, {
      pageSize: 50,
    } satisfies QueryOf<'getPeopleImportPreview'>),
  conflicts: (id: string, page: number, pageSize: number) =>
    api.get<ResponseOf<'listPeopleImportConflicts'>>(`/api/people/imports/${id}/conflicts`, {
      page,
      pageSize,
    } satisfies QueryOf<'listPeopleImportConflicts'>),
  decideConflicts: (id: string, body: BodyOf<'createPeopleImportConflict'>) =>
    api.post<ResponseOf<'createPeopleImportConflict'>>(`/api/people/imports/${id}/conflicts`, body),
  errorReportUrl: (id: string) => `/api/people/imports/${id}/error-report`,
  templateUrl: '/api/people/imports/template',
  async upload(orgId: string, file: File, csrfToken: string, locale: string): Promise<ResponseOf<'createPeopleImport'>> {
    const res = await fetch(`/api/people/imports${toQueryString({ orgId, fileName: file.name })}`, {
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
    return body as ResponseOf<'createPeopleImport'>;
  },
};
