// The signed-in user, the CSRF token and what they may do; sign-in/out and the language choice.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setCsrfToken, setUnauthenticatedHandler } from './api';
import { isLocale, useI18n, type Locale } from './i18n';
import { authApi, type SessionView, type UserView } from './modules/auth/auth-api';
import type { Permission } from '../shared/access-vocabulary';
import { queryClient } from './query';

export type { Permission };

type Status = 'loading' | 'anonymous' | 'signed-in';

interface SessionValue {
  status: Status;
  session: SessionView | null;
  user: UserView | null;
  can: (permission: Permission) => boolean;
  /** Keeps the answer of a sign-in (or /me) as the current session. */
  accept: (view: SessionView) => void;
  refresh: () => Promise<SessionView | null>;
  signOut: () => Promise<void>;
  changeLocale: (locale: Locale) => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useI18n();
  const [status, setStatus] = useState<Status>('loading');
  const [session, setSession] = useState<SessionView | null>(null);

  const forget = useCallback(() => {
    setCsrfToken(null);
    // Nothing one user loaded is shown to the next.
    queryClient.clear();
    setSession(null);
    setStatus('anonymous');
  }, []);

  const accept = useCallback(
    (view: SessionView) => {
      setCsrfToken(view.csrfToken);
      if (isLocale(view.user.locale)) setLocale(view.user.locale);
      setSession(view);
      setStatus('signed-in');
    },
    [setLocale],
  );

  const refresh = useCallback(async () => {
    try {
      const view = await authApi.me();
      accept(view);
      return view;
    } catch {
      forget();
      return null;
    }
  }, [accept, forget]);

  useEffect(() => {
    setUnauthenticatedHandler(forget);
    void refresh();
    return () => setUnauthenticatedHandler(null);
  }, [forget, refresh]);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      forget();
    }
  }, [forget]);

  const changeLocale = useCallback(
    async (locale: Locale) => {
      setLocale(locale);
      if (status !== 'signed-in') return;
      await authApi.setLocale(locale);
      setSession((s) => (s ? { ...s, user: { ...s.user, locale } } : s));
    },
    [setLocale, status],
  );

  const value = useMemo<SessionValue>(() => {
    const permissions = new Set(session?.user.permissions ?? []);
    return {
      status,
      session,
      user: session?.user ?? null,
      can: (p) => permissions.has(p),
      accept,
      refresh,
      signOut,
      changeLocale,
    };
  }, [status, session, accept, refresh, signOut, changeLocale]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** Where a session must go next: the forced set-up steps come before everything else. */
export function pendingStep(view: SessionView | null): '/setup/password' | '/setup/totp' | null {
  if (!view) return null;
  if (view.mustChangePassword) return '/setup/password';
  if (view.totpEnrollmentRequired) return '/setup/totp';
  return null;
}
