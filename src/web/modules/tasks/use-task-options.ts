// Options for the task pages' pickers: the caller's programmes and the tags their federation set.
import { useEffect, useState } from 'react';
import { tasksApi, type ProgrammeView, type TagView } from './tasks-api';

export function useProgrammeOptions(): ProgrammeView[] {
  const [items, setItems] = useState<ProgrammeView[]>([]);
  useEffect(() => {
    let live = true;
    tasksApi.programmes({ page: 1, pageSize: 200 }).then((r) => live && setItems(r.items), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return items;
}

export function useTags(orgId?: string, tick = 0): TagView[] {
  const [items, setItems] = useState<TagView[]>([]);
  useEffect(() => {
    let live = true;
    tasksApi.tags(orgId).then((r) => live && setItems(r.items), () => undefined);
    return () => {
      live = false;
    };
  }, [orgId, tick]);
  return items;
}

/** yyyy-mm-dd of a dayjs-like value. */
export const isoOf = (d: { format: (f: string) => string } | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
