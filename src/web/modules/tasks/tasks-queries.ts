// Server state of the tasks pages: query keys and hooks over tasksApi. Every key starts with 'tasks',
// so a write (task, report, review, supervision, tag, programme) invalidates them all with
// `useTasksChanged()`: the review queue, the task page, the ledger and the board refetch together.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { dashboardKeys } from '../dashboard/dashboard-queries';
import { notificationKeys } from '../notifications/notifications-queries';
import { tasksApi } from './tasks-api';

type Arg<F extends (...args: never[]) => unknown> = Parameters<F>[0];
export type ProgrammesQuery = Arg<typeof tasksApi.programmes>;
export type ReviewsQuery = Arg<typeof tasksApi.reviews>;
export type SupervisionsQuery = Arg<typeof tasksApi.supervisions>;
export type BoardFilter = Arg<typeof tasksApi.board>;

export const taskKeys = {
  all: ['tasks'] as const,
  programmes: (q: ProgrammesQuery) => ['tasks', 'programmes', q] as const,
  programme: (id: string) => ['tasks', 'programme', id] as const,
  summary: (programmeId: string, period?: string) => ['tasks', 'summary', programmeId, period ?? null] as const,
  tags: (orgId?: string) => ['tasks', 'tags', orgId ?? null] as const,
  list: (q: Arg<typeof tasksApi.list>) => ['tasks', 'list', q] as const,
  task: (id: string) => ['tasks', 'task', id] as const,
  children: (id: string) => ['tasks', 'children', id] as const,
  reports: (taskId: string) => ['tasks', 'reports', taskId] as const,
  report: (id: string) => ['tasks', 'report', id] as const,
  reviews: (q: ReviewsQuery) => ['tasks', 'reviews', q] as const,
  board: (f: BoardFilter) => ['tasks', 'board', f] as const,
  supervisions: (q: SupervisionsQuery) => ['tasks', 'supervisions', q] as const,
};

/**
 * After any write in the tasks module: its pages, the bell (a write may notify) and the dashboard's
 * task figures. A deleted task's own queries are dropped first (refetching them would only fail).
 */
export function useTasksChanged(): (deletedTaskId?: string) => Promise<void> {
  const client = useQueryClient();
  return useCallback(
    async (deletedTaskId?: string) => {
      if (deletedTaskId) {
        client.removeQueries({ queryKey: taskKeys.task(deletedTaskId) });
        client.removeQueries({ queryKey: taskKeys.reports(deletedTaskId) });
      }
      await Promise.all([
        client.invalidateQueries({ queryKey: taskKeys.all }),
        client.invalidateQueries({ queryKey: notificationKeys.all }),
        client.invalidateQueries({ queryKey: dashboardKeys.all }),
      ]);
    },
    [client],
  );
}

export const useProgrammes = (q: ProgrammesQuery) =>
  useQuery({ queryKey: taskKeys.programmes(q), queryFn: () => tasksApi.programmes(q), placeholderData: keepPreviousData, meta: IN_PAGE });

export const useProgramme = (id: string, options: { enabled?: boolean } = {}) =>
  useQuery({ queryKey: taskKeys.programme(id), queryFn: () => tasksApi.programme(id), meta: IN_PAGE, ...options });

export const useSummary = (programmeId: string | undefined, period?: string) =>
  useQuery({
    queryKey: taskKeys.summary(programmeId ?? '', period),
    queryFn: () => tasksApi.summary(programmeId!, period),
    enabled: !!programmeId,
    meta: IN_PAGE,
  });

export const useTaskList = (q: Arg<typeof tasksApi.list>) =>
  useQuery({ queryKey: taskKeys.list(q), queryFn: () => tasksApi.list(q), placeholderData: keepPreviousData, meta: IN_PAGE });

export const useTask = (id: string) => useQuery({ queryKey: taskKeys.task(id), queryFn: () => tasksApi.get(id), meta: IN_PAGE });

export const useTaskReports = (taskId: string) => useQuery({ queryKey: taskKeys.reports(taskId), queryFn: () => tasksApi.reports(taskId) });

export const useReport = (id: string) => useQuery({ queryKey: taskKeys.report(id), queryFn: () => tasksApi.report(id), meta: IN_PAGE });

/** The review queue is always refetched when opened: a report resubmitted a moment ago must show. */
export const useReviews = (q: ReviewsQuery) =>
  useQuery({
    queryKey: taskKeys.reviews(q),
    queryFn: () => tasksApi.reviews(q),
    staleTime: 0,
    refetchOnMount: 'always',
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  });

export const useBoard = (f: BoardFilter) =>
  useQuery({ queryKey: taskKeys.board(f), queryFn: () => tasksApi.board(f), placeholderData: keepPreviousData, meta: IN_PAGE });

export const useSupervisions = (q: SupervisionsQuery) =>
  useQuery({
    queryKey: taskKeys.supervisions(q),
    queryFn: () => tasksApi.supervisions(q),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  });
