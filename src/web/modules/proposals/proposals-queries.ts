// TanStack Query hooks of the employee innovation module; a write refetches everything of it (useProposalsChanged).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { innovationApi, type InnovationQuery } from './proposals-api';

const innovationKeys = {
  all: ['proposals'] as const,
  list: (q: InnovationQuery) => ['proposals', 'list', q] as const,
  item: (id: string) => ['proposals', 'item', id] as const,
  itemEntries: (id: string) => ['proposals', 'item', id, 'entries'] as const,
  patents: (id: string) => ['proposals', 'item', id, 'patents'] as const,
  history: (id: string) => ['proposals', 'item', id, 'history'] as const,
  selections: ['proposals', 'selections'] as const,
  selection: (id: string) => ['proposals', 'selections', id] as const,
  selectionEntries: (id: string) => ['proposals', 'selections', id, 'entries'] as const,
  dashboard: (orgId: string) => ['proposals', 'dashboard', orgId] as const,
  registrations: (page: number, pageSize: number) => ['proposals', 'registrations', page, pageSize] as const,
};

export const useInnovationItems = (q: InnovationQuery) =>
  useQuery({ queryKey: innovationKeys.list(q), queryFn: () => innovationApi.list(q), placeholderData: keepPreviousData, meta: IN_PAGE });
export const useInnovationItem = (id: string) =>
  useQuery({ queryKey: innovationKeys.item(id), queryFn: () => innovationApi.item(id), meta: IN_PAGE });
export const useItemEntries = (id: string, enabled = true) =>
  useQuery({ queryKey: innovationKeys.itemEntries(id), queryFn: () => innovationApi.itemEntries(id), enabled, meta: IN_PAGE });
export const useItemPatents = (id: string) =>
  useQuery({ queryKey: innovationKeys.patents(id), queryFn: () => innovationApi.patents(id), meta: IN_PAGE });
export const useItemHistory = (id: string) =>
  useQuery({ queryKey: innovationKeys.history(id), queryFn: () => innovationApi.history(id), meta: IN_PAGE });
export const useSelections = (enabled = true) =>
  useQuery({ queryKey: innovationKeys.selections, queryFn: () => innovationApi.selections(), enabled, meta: IN_PAGE });
export const useSelection = (id: string) =>
  useQuery({ queryKey: innovationKeys.selection(id), queryFn: () => innovationApi.selection(id), meta: IN_PAGE });
export const useSelectionEntries = (id: string, enabled = true) =>
  useQuery({ queryKey: innovationKeys.selectionEntries(id), queryFn: () => innovationApi.selectionEntries(id), enabled, meta: IN_PAGE });
export const useInnovationDashboard = (orgId?: string) =>
  useQuery({ queryKey: innovationKeys.dashboard(orgId ?? ''), queryFn: () => innovationApi.dashboard(orgId), meta: IN_PAGE });

export const useWorkerRegistrations = (page: number, pageSize: number) =>
  useQuery({
    queryKey: innovationKeys.registrations(page, pageSize),
    queryFn: () => innovationApi.registrations({ page, pageSize }),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  });

export function useProposalsChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(() => client.invalidateQueries({ queryKey: innovationKeys.all }), [client]);
}
