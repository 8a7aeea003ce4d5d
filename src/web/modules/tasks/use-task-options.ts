// Options for the task pages' pickers: the caller's programmes and the tags their federation set.
import { useQuery } from '@tanstack/react-query';
import { tasksApi, type ProgrammeView, type TagView } from './tasks-api';
import { taskKeys } from './tasks-queries';

const ALL_PROGRAMMES = { page: 1, pageSize: 200 };

export function useProgrammeOptions(): ProgrammeView[] {
  return useQuery({ queryKey: taskKeys.programmes(ALL_PROGRAMMES), queryFn: () => tasksApi.programmes(ALL_PROGRAMMES) }).data?.items ?? [];
}

export function useTags(orgId?: string): TagView[] {
  return useQuery({ queryKey: taskKeys.tags(orgId), queryFn: () => tasksApi.tags(orgId) }).data?.items ?? [];
}

/** yyyy-mm-dd of a dayjs-like value. */
export const isoOf = (d: { format: (f: string) => string } | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
