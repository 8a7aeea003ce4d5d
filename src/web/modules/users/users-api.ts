// User administration (server module: users).
import { api, type BodyOf, type QueryOf, type ResponseOf, type Widen } from '../../api';
import type { UserView } from '../auth/auth-api';

export type { UserView };
export type UserQuery = Widen<QueryOf<'listUsers'>>;
export type CreateUserInput = Widen<BodyOf<'createUser'>>;
export type UpdateUserInput = Widen<BodyOf<'updateUser'>>;

const path = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export const usersApi = {
  list: (query: UserQuery) => api.get<ResponseOf<'listUsers'>>('/api/users', { ...query }),
  get: (id: string) => api.get<ResponseOf<'getUser'>>(path(id)),
  create: (input: CreateUserInput) => api.post<ResponseOf<'createUser'>>('/api/users', input),
  update: (id: string, input: UpdateUserInput) => api.patch<ResponseOf<'updateUser'>>(path(id), input),
  resetPassword: (id: string, newPassword: string) =>
    api.post<ResponseOf<'resetUserPassword'>>(`${path(id)}/reset-password`, { newPassword } satisfies BodyOf<'resetUserPassword'>),
  unlock: (id: string) => api.post<ResponseOf<'unlockUser'>>(`${path(id)}/unlock`),
  resetTotp: (id: string) => api.post<ResponseOf<'resetUserTotp'>>(`${path(id)}/reset-totp`),
};
