// Server state of the innovation pages. Every key starts with 'innovation', so a write invalidates
// them all with `useInnovationChanged()`; the talent record lives under 'people' so that a skill or
// honour added on the person page refetches it with the person (usePeopleChanged).
import { keepPreviousData, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { innovationApi, type ApplicationsQuery, type ListImportView, type PairsQuery, type StudiosQuery } from './innovation-api';

export const innovationKeys = {
  all: ['innovation'] as const,
  categories: ['innovation', 'categories'] as const,
  studios: (q: StudiosQuery) => ['innovation', 'studios', q] as const,
  studio: (id: string) => ['innovation', 'studio', id] as const,
  calls: ['innovation', 'calls'] as const,
  applications: (q: ApplicationsQuery) => ['innovation', 'applications', q] as const,
  pairs: (q: PairsQuery) => ['innovation', 'pairs', q] as const,
  import: (id: string) => ['innovation', 'import', id] as const,
  talent: (personId: string) => ['people', 'talent', personId] as const,
};

export function useInnovationChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: innovationKeys.all }),
      client.invalidateQueries({ queryKey: ['people', 'talent'] }),
    ]);
  }, [client]);
}

type ImportErrors = Awaited<ReturnType<typeof innovationApi.imports.errors>>;
type ImportPreview = Awaited<ReturnType<typeof innovationApi.imports.preview>>;

/** The list import wizard's queries (shared/import-wizard): an import, polled while the server
 * validates it and while a commit runs or starts; its error rows; its preview. */
export const listImportQueries = {
  import: (id: string | undefined): UseQueryOptions<ListImportView> => ({
    queryKey: innovationKeys.import(id ?? ''),
    queryFn: () => innovationApi.imports.get(id!),
    enabled: !!id,
    meta: IN_PAGE,
    refetchInterval: (query) => {
      const v = query.state.data;
      if (!v) return false;
      if (v.status === 'validating' || (v.status === 'committing' && (v.running || !v.resumable))) return 300;
      return false;
    },
  }),
  errors: (imp: ListImportView, page: number): UseQueryOptions<ImportErrors> => ({
    queryKey: [...innovationKeys.import(imp.id), 'errors', page],
    queryFn: () => innovationApi.imports.errors(imp.id, page, 20),
    enabled: imp.errorRows > 0 || imp.skippedRows > 0,
    meta: IN_PAGE,
  }),
  preview: (imp: ListImportView): UseQueryOptions<ImportPreview> => ({
    queryKey: [...innovationKeys.import(imp.id), 'preview'],
    queryFn: () => innovationApi.imports.preview(imp.id),
    enabled: imp.validRows > 0,
    meta: IN_PAGE,
  }),
};

export const useCategories = () => useQuery({ queryKey: innovationKeys.categories, queryFn: innovationApi.categories, meta: IN_PAGE });
export const useStudios = (q: StudiosQuery) =>
  useQuery({
    queryKey: innovationKeys.studios(q),
    queryFn: () => innovationApi.studios(q),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  });
export const useStudio = (id: string) =>
  useQuery({ queryKey: innovationKeys.studio(id), queryFn: () => innovationApi.studio(id), meta: IN_PAGE });
export const useCalls = () => useQuery({ queryKey: innovationKeys.calls, queryFn: innovationApi.calls, meta: IN_PAGE });
export const useApplications = (q: ApplicationsQuery) =>
  useQuery({
    queryKey: innovationKeys.applications(q),
    queryFn: () => innovationApi.applications(q),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  });
export const usePairs = (q: PairsQuery) =>
  useQuery({ queryKey: innovationKeys.pairs(q), queryFn: () => innovationApi.pairs(q), placeholderData: keepPreviousData, meta: IN_PAGE });
export const useTalent = (personId: string) =>
  useQuery({ queryKey: innovationKeys.talent(personId), queryFn: () => innovationApi.talent(personId), meta: IN_PAGE });
