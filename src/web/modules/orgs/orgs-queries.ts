// Server state of the organisations: one organisation, name searches (the pickers and the tree's
// search), the children pages. Writes invalidate 'orgs' (and what shows organisation names).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { useDebouncedValue } from '../../shared/use-debounced-value';
import { dashboardKeys } from '../dashboard/dashboard-queries';
import { orgsApi } from './orgs-api';

export const orgKeys = {
  all: ['orgs'] as const,
  detail: (id: string) => ['orgs', 'detail', id] as const,
  search: (q: string, page: number, pageSize: number) => ['orgs', 'search', q, page, pageSize] as const,
  children: (parentId: string, pageSize: number) => ['orgs', 'children', parentId, pageSize] as const,
};

export const useOrg = (id: string | undefined, options: { inPage?: boolean } = {}) =>
  useQuery({
    queryKey: orgKeys.detail(id ?? ''),
    queryFn: () => orgsApi.get(id!),
    enabled: !!id,
    meta: options.inPage ? IN_PAGE : undefined,
  });

/** Typing pauses this long before a search request goes out. */
export const ORG_SEARCH_DEBOUNCE_MS = 300;

/**
 * Organisations of the caller's subtree whose name contains `text`, searched once typing pauses
 * (the two organisation pickers and the organisation page's search use it). Empty text searches nothing.
 */
export function useOrgSearch(text: string, { page = 1, pageSize = 30, debounce = true, inPage = false } = {}) {
  const settled = useDebouncedValue(text.trim(), debounce ? ORG_SEARCH_DEBOUNCE_MS : 0);
  const q = debounce ? settled : text.trim();
  const result = useQuery({
    queryKey: orgKeys.search(q, page, pageSize),
    queryFn: () => orgsApi.search(q, page, pageSize),
    enabled: q !== '',
    placeholderData: keepPreviousData,
    meta: inPage ? IN_PAGE : undefined,
  });
  /** Typed but not yet answered (waiting for the pause, or the request running). */
  const searching = text.trim() !== '' && (text.trim() !== q || result.isFetching);
  return { ...result, searching };
}

/** The direct sub-units of an organisation (first page), e.g. the units a task is handed down to. */
export const useOrgChildren = (parentId: string | undefined, pageSize = 200) =>
  useQuery({
    queryKey: orgKeys.children(parentId ?? '', pageSize),
    queryFn: () => orgsApi.children(parentId!, 1, pageSize, false),
    enabled: !!parentId,
  });

/**
 * After a write to an organisation: its detail, searches, pickers, and the dashboard (its names and
 * counts). A deleted organisation's detail is dropped first (refetching it would only fail).
 */
export function useOrgsChanged(): (deletedId?: string) => Promise<void> {
  const client = useQueryClient();
  return useCallback(
    async (deletedId?: string) => {
      if (deletedId) client.removeQueries({ queryKey: orgKeys.detail(deletedId) });
      await Promise.all([client.invalidateQueries({ queryKey: orgKeys.all }), client.invalidateQueries({ queryKey: dashboardKeys.all })]);
    },
    [client],
  );
}
