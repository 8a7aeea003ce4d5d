// Route guards: a session is needed, the forced set-up steps come first, and pages need permissions.
import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useT } from '../i18n';
import { pendingStep, useSession, type Permission } from '../session';

export function FullPageSpin() {
  const t = useT();
  return (
    <div style={{ height: '100vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { status, session } = useSession();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const step = pendingStep(session);
  if (step) return <Navigate to={step} replace />;
  return <>{children}</>;
}

/** A forced set-up page: only while that step is pending. */
export function RequireSetupStep({ step, children }: { step: string; children: ReactNode }) {
  const { status, session } = useSession();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'anonymous') return <Navigate to="/login" replace />;
  const pending = pendingStep(session);
  if (pending !== step) return <Navigate to={pending ?? '/'} replace />;
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  const t = useT();
  if (!can(permission)) return <Result status="403" title="403" subTitle={t('error.forbiddenPage')} />;
  return <>{children}</>;
}
