// Sign-in, the own account and preferences (server module: auth).
import { api, type BodyOf, type ResponseOf, type Schemas } from '../../api';

export type UserView = Schemas['UserView'];
export type SessionView = Schemas['SessionView'];
export type LoginInput = BodyOf<'login'>;
export type TotpSetup = Schemas['TotpSetup'];

export const authApi = {
  login: (input: LoginInput) => api.post<ResponseOf<'login'>>('/api/auth/login', input),
  me: () => api.get<ResponseOf<'getSession'>>('/api/auth/me'),
  logout: () => api.post<ResponseOf<'logout'>>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<ResponseOf<'changePassword'>>('/api/auth/password', { currentPassword, newPassword } satisfies BodyOf<'changePassword'>),
  setupTotp: () => api.post<ResponseOf<'setupAuthTotp'>>('/api/auth/totp/setup'),
  enableTotp: (code: string) =>
    api.post<ResponseOf<'enableAuthTotp'>>('/api/auth/totp/enable', { code } satisfies BodyOf<'enableAuthTotp'>),
  disableTotp: (code: string) =>
    api.post<ResponseOf<'disableAuthTotp'>>('/api/auth/totp/disable', { code } satisfies BodyOf<'disableAuthTotp'>),
  setLocale: (locale: BodyOf<'updateAuthPreferences'>['locale']) =>
    api.patch<ResponseOf<'updateAuthPreferences'>>('/api/auth/preferences', { locale }),
};
