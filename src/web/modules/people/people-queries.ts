// Server state of the worker registry: the list, one worker, transfers, an import and its errors.
// Writes invalidate 'people' (and the dashboard's worker figures).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { dashboardKeys } from '../dashboard/dashboard-queries';
import { peopleApi, type PeopleQuery } from './people-api';

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

/** An import, polled while it waits for its mapping, while the server validates it, and while a commit runs or starts. */
export const useImport = (id: string | undefined) =>
  useQuery({
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
  });

export const useImportErrors = (id: string, page: number) =>
  useQuery({
    queryKey: peopleKeys.importErrors(id, page),
    queryFn: () => peopleApi.errors(id, page, 20),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  });

export const useImportConflicts = (id: string, page: number, enabled: boolean) =>
  useQuery({
    queryKey: peopleKeys.importConflicts(id, page),
    queryFn: () => peopleApi.conflicts(id, page, 20),
    placeholderData: keepPreviousData,
    enabled,
    meta: IN_PAGE,
  });

export const useImportPreview = (id: string) => useQuery({ queryKey: peopleKeys.importPreview(id), queryFn: () => peopleApi.preview(id) });

/** After a write to the registry: its lists and pages, and the dashboard's figures. */
export function usePeopleChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    await Promise.all([client.invalidateQueries({ queryKey: peopleKeys.all }), client.invalidateQueries({ queryKey: dashboardKeys.all })]);
  }, [client]);
}
