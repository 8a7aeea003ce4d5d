// GET /api/meta: roles, the roles the caller may grant, organisation kinds and levels. Loaded once per
// session (sign-out clears the query cache).
import { useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../api';

export type Meta = Schemas['AccessMeta'];

export function useMeta(): Meta | null {
  const { data } = useQuery({ queryKey: ['meta'], queryFn: () => api.get<Meta>('/api/meta'), staleTime: Infinity });
  return data ?? null;
}
