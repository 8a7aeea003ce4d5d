// The industry chain (server module: industry): the division → industry union mapping and the
// affiliations of enterprises to industry unions.
import { api, type BodyOf, type QueryOf, type ResponseOf, type Schemas } from '../../api';

export type AffiliationView = Schemas['AffiliationView'];
export type AffiliationQuery = QueryOf<'listAffiliations'>;

export const industryApi = {
  mapping: () => api.get<ResponseOf<'getIndustryMapping'>>('/api/industry-mapping'),
  setMapping: (division: string, unionIds: string[]) =>
    api.put<ResponseOf<'updateIndustryMapping'>>(`/api/industry-mapping/${encodeURIComponent(division)}`, {
      unionIds,
    } satisfies BodyOf<'updateIndustryMapping'>),
  ofEnterprise: (orgId: string) => api.get<ResponseOf<'listOrgAffiliations'>>(`/api/orgs/${encodeURIComponent(orgId)}/affiliations`),
  set: (orgId: string, unionId: string) =>
    api.post<ResponseOf<'createOrgAffiliation'>>(`/api/orgs/${encodeURIComponent(orgId)}/affiliations`, {
      unionId,
    } satisfies BodyOf<'createOrgAffiliation'>),
  propose: (orgId: string) => api.post<ResponseOf<'proposeOrgAffiliations'>>(`/api/orgs/${encodeURIComponent(orgId)}/affiliations/propose`),
  list: (q: AffiliationQuery) => api.get<ResponseOf<'listAffiliations'>>('/api/affiliations', q),
  decide: (id: string, action: 'confirm' | 'decline' | 'end') =>
    api.post<ResponseOf<'confirmAffiliation'>>(`/api/affiliations/${encodeURIComponent(id)}/${action}`),
};
