// Server state of the worker registry: the list, one worker, transfers, an import and its errors.
// Writes invalidate 'people' (and the dashboard's worker figures).
import { keepPreviousData, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { dashboardKeys } from '../dashboard/dashboard-queries';
import { peopleApi, type ImportView, type PeopleQuery } from './people-api';

export type TransfersQuery = Parameters<typeof peopleApi.transfers>[0];

export const peopleKeys = {
  all: ['people'] as const,
  meta: ['people', 'meta'] as const,
  list: (q: PeopleQuery) => ['people', 'list', q] as const,
  person: (id: string) => ['people', 'person', id] as const,
  titles: (orgId: string) => ['people', 'titles', orgId] as const,
  transfers: (q: TransfersQuery) => ['people', 'transfers', q] as const,
  import: (id: string) => ['people', 'import', id] as const,
  importErrors: (id: string, page: number) => ['people', 'import', id, 'errors', page] as const,
  importPreview: (id: string) => ['people', 'import', id, 'preview'] as const,
  importConflicts: (id: string, page: number) => ['people', 'import', id, 'conflicts', page] as const,
};

export const usePeopleList = (q: PeopleQuery) =>
  useQuery({ queryKey: peopleKeys.list(q), queryFn: () => peopleApi.list(q), placeholderData: keepPreviousData, meta: IN_PAGE });

export const usePerson = (id: string) => useQuery({ queryKey: peopleKeys.person(id), queryFn: () => peopleApi.get(id), meta: IN_PAGE });

export const useCraftsmanTitles = (orgId: string, enabled: boolean) =>
  useQuery({ queryKey: peopleKeys.titles(orgId), queryFn: () => peopleApi.titles(orgId), enabled });

export const useTransfers = (q: TransfersQuery) =>
  useQuery({ queryKey: peopleKeys.transfers(q), queryFn: () => peopleApi.transfers(q), placeholderData: keepPreviousData, meta: IN_PAGE });

type ImportErrors = Awaited<ReturnType<typeof peopleApi.errors>>;
type ImportPreview = Awaited<ReturnType<typeof peopleApi.preview>>;

/** The roster import wizard's queries (shared/import-wizard): an import, polled while it waits for its
 * mapping, while the server validates it, and while a commit runs or starts; its error rows; its preview. */
export const peopleImportQueries = {
  import: (id: string | undefined): UseQueryOptions<ImportView> => ({
    queryKey: peopleKeys.import(id ?? ''),
    queryFn: () => peopleApi.getImport(id!),
    enabled: !!id,
    meta: IN_PAGE,
    refetchInterval: (query) => {
      const v = query.state.data;
      if (!v) return false;
      if (v.status === 'uploaded') return 2000;
      if (v.status === 'validating' || (v.status === 'committing' && (v.running || !v.resumable))) return 300;
      return false;
    },
  }),
  errors: (imp: { id: string }, page: number): UseQueryOptions<ImportErrors> => ({
    queryKey: peopleKeys.importErrors(imp.id, page),
    queryFn: () => peopleApi.errors(imp.id, page, 20),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  }),
  preview: (imp: { id: string }): UseQueryOptions<ImportPreview> => ({
    queryKey: peopleKeys.importPreview(imp.id),
    queryFn: () => peopleApi.preview(imp.id),
  }),
};

export const useImportConflicts = (id: string, page: number, enabled: boolean) =>
  useQuery({
    queryKey: peopleKeys.importConflicts(id, page),
    queryFn: () => peopleApi.conflicts(id, page, 20),
    placeholderData: keepPreviousData,
    enabled,
    meta: IN_PAGE,
  });

/** After a write to the registry: its lists and pages, and the dashboard's figures. */
export function usePeopleChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    await Promise.all([client.invalidateQueries({ queryKey: peopleKeys.all }), client.invalidateQueries({ queryKey: dashboardKeys.all })]);
  }, [client]);
}
