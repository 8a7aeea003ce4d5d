// Server state of the user list. Writes (create, edit, reset, unlock) invalidate 'users'.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { usersApi, type UserQuery } from './users-api';

export const userKeys = {
  all: ['users'] as const,
  list: (q: UserQuery) => ['users', 'list', q] as const,
};

export const useUsers = (q: UserQuery) =>
  useQuery({ queryKey: userKeys.list(q), queryFn: () => usersApi.list(q), placeholderData: keepPreviousData, meta: IN_PAGE });

export function useUsersChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(() => client.invalidateQueries({ queryKey: userKeys.all }), [client]);
}
