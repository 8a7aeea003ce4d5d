// The organisation tree (server module: orgs).
import { api, type BodyOf, type QueryOf, type ResponseOf, type Schemas } from '../../api';

export type OrgView = Schemas['OrgView'];
export type OrgListItem = Schemas['OrgListItem'];
export type OrgDetail = Schemas['OrgDetail'];
export type Region = Schemas['Region'];
export type OrgKind = OrgView['kind'];
export type OrgLevel = OrgView['level'];
/** The editable fields of an organisation (what the edit form sends). */
export type CreateOrgInput = BodyOf<'createOrg'>;

export const ORG_KINDS: OrgKind[] = ['federation', 'industry_union', 'member_unit', 'enterprise'];
export const ORG_LEVELS: OrgLevel[] = ['national', 'province', 'city', 'county', 'grassroots'];

export const orgsApi = {
  roots: () => api.get<ResponseOf<'listOrgs'>>('/api/orgs'),
  children: (parentId: string, page: number, pageSize: number, includeArchived: boolean) =>
    api.get<ResponseOf<'listOrgs'>>('/api/orgs', {
      parentId,
      page,
      pageSize,
      includeArchived: includeArchived ? 'true' : 'false',
    } satisfies QueryOf<'listOrgs'>),
  search: (q: string, page: number, pageSize: number) =>
    api.get<ResponseOf<'listOrgs'>>('/api/orgs', { q, page, pageSize } satisfies QueryOf<'listOrgs'>),
  get: (id: string) => api.get<ResponseOf<'getOrg'>>(`/api/orgs/${encodeURIComponent(id)}`),
  create: (input: CreateOrgInput) => api.post<ResponseOf<'createOrg'>>('/api/orgs', input),
  update: (id: string, input: BodyOf<'updateOrg'>) => api.patch<ResponseOf<'updateOrg'>>(`/api/orgs/${encodeURIComponent(id)}`, input),
  move: (id: string, parentId: string) =>
    api.post<ResponseOf<'moveOrg'>>(`/api/orgs/${encodeURIComponent(id)}/move`, { parentId } satisfies BodyOf<'moveOrg'>),
  archive: (id: string) => api.post<ResponseOf<'archiveOrg'>>(`/api/orgs/${encodeURIComponent(id)}/archive`),
  restore: (id: string) => api.post<ResponseOf<'restoreOrg'>>(`/api/orgs/${encodeURIComponent(id)}/restore`),
  remove: (id: string) => api.delete<ResponseOf<'deleteOrg'>>(`/api/orgs/${encodeURIComponent(id)}`),
  regions: (parentCode?: string) => api.get<ResponseOf<'listRegions'>>('/api/regions', { parentCode } satisfies QueryOf<'listRegions'>),
};

/** The GB/T 2260 chain of a region code: 371602 → [370000, 371600, 371602]. */
export function regionChain(code: string): string[] {
  if (!/^\d{6}$/.test(code)) return [];
  const province = `${code.slice(0, 2)}0000`;
  const city = `${code.slice(0, 4)}00`;
  const chain = [province];
  if (city !== province) chain.push(city);
  if (code !== city) chain.push(code);
  return chain;
}

/** The level one step below a parent's, the usual level of a new child. */
export function childLevel(parent: OrgLevel): OrgLevel {
  const i = ORG_LEVELS.indexOf(parent);
  return ORG_LEVELS[Math.min(i + 1, ORG_LEVELS.length - 1)] ?? 'grassroots';
}
