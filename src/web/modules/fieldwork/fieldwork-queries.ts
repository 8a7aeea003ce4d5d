// Server state of the field work and meeting pages. Keys start with 'fieldwork'; a write invalidates
// them and the tasks module's (a problem or decision turned into a task shows on the ledger).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { useErrorHandler } from '../../shared/use-error-handler';
import { taskKeys } from '../tasks/tasks-queries';
import { fieldworkApi } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';

type Arg<F extends (...args: never[]) => unknown> = Parameters<F>[0];

const keys = {
  all: ['fieldwork'] as const,
  visits: (q: Arg<typeof fieldworkApi.visits>) => ['fieldwork', 'visits', q] as const,
  visit: (id: string) => ['fieldwork', 'visit', id] as const,
  meetings: (q: Arg<typeof fieldworkApi.meetings>) => ['fieldwork', 'meetings', q] as const,
  meeting: (id: string) => ['fieldwork', 'meeting', id] as const,
  briefing: (id: string) => ['fieldwork', 'briefing', id] as const,
  series: ['fieldwork', 'series'] as const,
  returns: ['fieldwork', 'returns'] as const,
  statusReturn: (id: string) => ['fieldwork', 'return', id] as const,
  proposals: (id: string) => ['fieldwork', 'proposals', id] as const,
  calendar: (from: string, to: string) => ['fieldwork', 'calendar', from, to] as const,
  plan: (year: number) => ['fieldwork', 'plan', year] as const,
  visitPlan: (id: string) => ['fieldwork', 'visit-plan', id] as const,
};

export function useFieldworkChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    await Promise.all([client.invalidateQueries({ queryKey: keys.all }), client.invalidateQueries({ queryKey: taskKeys.all })]);
  }, [client]);
}

/** Runs a write of a visit or meeting page: then reloads what it touched and says it was saved; a refusal is shown. */
export function useFieldworkRun(): (fn: () => Promise<unknown>) => Promise<void> {
  const t = useFieldworkT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useFieldworkChanged();
  return async (fn) => {
    try {
      await fn();
      await changed();
      message.success(t('save'));
    } catch (err) {
      onError(err);
    }
  };
}

export const useVisits = (q: Arg<typeof fieldworkApi.visits>) =>
  useQuery({ queryKey: keys.visits(q), queryFn: () => fieldworkApi.visits(q), placeholderData: keepPreviousData, meta: IN_PAGE });
/** Refetched when opened: a linked task's status shows as it is now. */
export const useVisit = (id: string) =>
  useQuery({ queryKey: keys.visit(id), queryFn: () => fieldworkApi.visit(id), meta: IN_PAGE, refetchOnMount: 'always' });
export const useMeetings = (q: Arg<typeof fieldworkApi.meetings>) =>
  useQuery({ queryKey: keys.meetings(q), queryFn: () => fieldworkApi.meetings(q), placeholderData: keepPreviousData, meta: IN_PAGE });
export const useMeeting = (id: string) =>
  useQuery({ queryKey: keys.meeting(id), queryFn: () => fieldworkApi.meeting(id), meta: IN_PAGE, refetchOnMount: 'always' });
export const useBriefing = (id: string, enabled: boolean) =>
  useQuery({ queryKey: keys.briefing(id), queryFn: () => fieldworkApi.briefing(id), enabled, refetchOnMount: 'always' });
export const useSeries = () => useQuery({ queryKey: keys.series, queryFn: () => fieldworkApi.series() });
export const useReturns = () => useQuery({ queryKey: keys.returns, queryFn: () => fieldworkApi.returns(), meta: IN_PAGE });
export const useStatusReturn = (id: string) =>
  useQuery({ queryKey: keys.statusReturn(id), queryFn: () => fieldworkApi.statusReturn(id), meta: IN_PAGE, refetchOnMount: 'always' });
export const useProposals = (meetingId: string) =>
  useQuery({ queryKey: keys.proposals(meetingId), queryFn: () => fieldworkApi.proposals(meetingId), meta: IN_PAGE });
export const useCalendar = (from: string, to: string) =>
  useQuery({
    queryKey: keys.calendar(from, to),
    queryFn: () => fieldworkApi.calendar(from, to),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  });
export const usePlan = (year: number) =>
  useQuery({ queryKey: keys.plan(year), queryFn: () => fieldworkApi.plan(year), placeholderData: keepPreviousData, meta: IN_PAGE });
export const useVisitPlan = (visitId: string) =>
  useQuery({ queryKey: keys.visitPlan(visitId), queryFn: () => fieldworkApi.visitPlan(visitId), meta: IN_PAGE });
