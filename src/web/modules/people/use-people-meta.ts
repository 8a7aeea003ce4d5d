// The registry's reference data, loaded once per session.
import { useQuery } from '@tanstack/react-query';
import { peopleKeys } from './people-queries';
import { peopleApi, type PeopleMeta } from './people-api';

export function usePeopleMeta(): PeopleMeta | undefined {
  return useQuery({ queryKey: peopleKeys.meta, queryFn: peopleApi.meta, staleTime: Infinity }).data;
}
