// The organisation tree (server module: orgs).
import { api, type Page } from '../../api';

export type OrgKind = 'federation' | 'industry_union' | 'member_unit' | 'enterprise';
export type OrgLevel = 'national' | 'province' | 'city' | 'county' | 'grassroots';

export const ORG_KINDS: OrgKind[] = ['federation', 'industry_union', 'member_unit', 'enterprise'];
export const ORG_LEVELS: OrgLevel[] = ['national', 'province', 'city', 'county', 'grassroots'];

export interface OrgView {
  id: string;
  parentId: string | null;
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  regionCode: string | null;
  regionName: string | null;
  uscc: string | null;
  unionName: string | null;
  status: 'active' | 'archived';
  depth: number;
  childCount: number;
  /** Optimistic lock: sent back with an edit; a newer one on the server answers 409 conflict. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrgListItem extends OrgView {
  pathNames?: string[];
}

export interface OrgDetail extends OrgView {
  ancestors: { id: string; name: string }[];
}

export interface OrgInput {
  name: string;
  level: OrgLevel;
  regionCode?: string | null;
  uscc?: string | null;
  unionName?: string | null;
}

export interface CreateOrgInput extends OrgInput {
  parentId: string;
  kind: OrgKind;
}

export interface Region {
  code: string;
  name: string;
  hasChildren: boolean;
}

export const orgsApi = {
  roots: () => api.get<Page<OrgListItem>>('/api/orgs'),
  children: (parentId: string, page: number, pageSize: number, includeArchived: boolean) =>
    api.get<Page<OrgListItem>>('/api/orgs', { parentId, page, pageSize, includeArchived }),
  search: (q: string, page: number, pageSize: number) => api.get<Page<OrgListItem>>('/api/orgs', { q, page, pageSize }),
  get: (id: string) => api.get<OrgDetail>(`/api/orgs/${encodeURIComponent(id)}`),
  create: (input: CreateOrgInput) => api.post<OrgView>('/api/orgs', input),
  update: (id: string, input: Partial<OrgInput> & { version?: number }) => api.patch<OrgView>(`/api/orgs/${encodeURIComponent(id)}`, input),
  move: (id: string, parentId: string) => api.post<OrgView>(`/api/orgs/${encodeURIComponent(id)}/move`, { parentId }),
  archive: (id: string) => api.post<OrgView>(`/api/orgs/${encodeURIComponent(id)}/archive`),
  restore: (id: string) => api.post<OrgView>(`/api/orgs/${encodeURIComponent(id)}/restore`),
  remove: (id: string) => api.delete<void>(`/api/orgs/${encodeURIComponent(id)}`),
  regions: (parentCode?: string) => api.get<Region[]>('/api/regions', { parentCode }),
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
