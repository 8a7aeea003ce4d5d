// Sign-in, the own account and preferences (server module: auth).
import { api } from '../../api';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  roles: string[];
  permissions: string[];
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  totpEnabled: boolean;
  locked: boolean;
  locale: string | null;
  createdAt: string;
}

export interface SessionView {
  user: UserView;
  csrfToken: string;
  mustChangePassword: boolean;
  totpEnrollmentRequired: boolean;
}

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string;
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

export const authApi = {
  login: (input: LoginInput) => api.post<SessionView>('/api/auth/login', input),
  me: () => api.get<SessionView>('/api/auth/me'),
  logout: () => api.post<void>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/auth/password', { currentPassword, newPassword }),
  setupTotp: () => api.post<TotpSetup>('/api/auth/totp/setup'),
  enableTotp: (code: string) => api.post<void>('/api/auth/totp/enable', { code }),
  disableTotp: (code: string) => api.post<void>('/api/auth/totp/disable', { code }),
  setLocale: (locale: string) => api.patch<void>('/api/auth/preferences', { locale }),
};
