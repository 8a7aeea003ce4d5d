// User administration (server module: users).
import { api, type Page } from '../../api';
import type { UserView } from '../auth/auth-api';

export type { UserView };

export interface UserQuery {
  orgId?: string;
  q?: string;
  status?: 'active' | 'disabled';
  role?: string;
  sort?: string;
  page: number;
  pageSize: number;
}

export interface CreateUserInput {
  username: string;
  displayName?: string;
  password: string;
  orgId: string;
  roles: string[];
}

export interface UpdateUserInput {
  displayName?: string;
  orgId?: string;
  roles?: string[];
  status?: 'active' | 'disabled';
}

const path = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export const usersApi = {
  list: (query: UserQuery) => api.get<Page<UserView>>('/api/users', { ...query }),
  get: (id: string) => api.get<UserView>(path(id)),
  create: (input: CreateUserInput) => api.post<UserView>('/api/users', input),
  update: (id: string, input: UpdateUserInput) => api.patch<UserView>(path(id), input),
  resetPassword: (id: string, newPassword: string) => api.post<void>(`${path(id)}/reset-password`, { newPassword }),
  unlock: (id: string) => api.post<void>(`${path(id)}/unlock`),
  resetTotp: (id: string) => api.post<void>(`${path(id)}/reset-totp`),
};
