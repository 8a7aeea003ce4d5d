// The router: sign-in and the forced set-up steps outside the layout, the modules inside it,
// each behind the permission it needs.
import { App as AntApp } from 'antd';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { I18nProvider } from './i18n';
import { AppLayout } from './layout/app-layout';
import { LoginPage } from './modules/auth/login-page';
import { QueryProvider } from './query';
import { SessionProvider, useSession, type Permission } from './session';
import { FullPageSpin, RequirePermission, RequireSession, RequireSetupStep } from './shared/guards';
import { NotFound } from './shared/not-found';

/**
 * A page loaded when first opened (its own chunk): the sign-in page does not carry the dashboard's
 * charts, the TOTP QR code or any other module's code.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const AuditPage = page(() => import('./modules/audit/audit-page'), 'AuditPage');
const DashboardPage = page(() => import('./modules/dashboard/dashboard-page'), 'DashboardPage');
const ForcedPasswordPage = page(() => import('./modules/auth/forced-password-page'), 'ForcedPasswordPage');
const ProfilePage = page(() => import('./modules/auth/profile-page'), 'ProfilePage');
const NotificationsPage = page(() => import('./modules/notifications/notifications-page'), 'NotificationsPage');
const TotpEnrolPage = page(() => import('./modules/auth/totp-enrol-page'), 'TotpEnrolPage');
const OrgsPage = page(() => import('./modules/orgs/orgs-page'), 'OrgsPage');
const ImportPage = page(() => import('./modules/people/import-page'), 'ImportPage');
const PeoplePage = page(() => import('./modules/people/people-page'), 'PeoplePage');
const PersonPage = page(() => import('./modules/people/person-page'), 'PersonPage');
const TransfersPage = page(() => import('./modules/people/transfers-page'), 'TransfersPage');
const BoardPage = page(() => import('./modules/tasks/board-page'), 'BoardPage');
const LedgerPage = page(() => import('./modules/tasks/ledger-page'), 'LedgerPage');
const LedgerPrintPage = page(() => import('./modules/tasks/ledger-print-page'), 'LedgerPrintPage');
const MyTasksPage = page(() => import('./modules/tasks/my-tasks-page'), 'MyTasksPage');
const ProgrammePage = page(() => import('./modules/tasks/programme-page'), 'ProgrammePage');
const ProgrammesPage = page(() => import('./modules/tasks/programmes-page'), 'ProgrammesPage');
const ReportPage = page(() => import('./modules/tasks/report-page'), 'ReportPage');
const ReviewsPage = page(() => import('./modules/tasks/reviews-page'), 'ReviewsPage');
const SummaryPage = page(() => import('./modules/tasks/summary-page'), 'SummaryPage');
const TaskPage = page(() => import('./modules/tasks/task-page'), 'TaskPage');
const UsersPage = page(() => import('./modules/users/users-page'), 'UsersPage');

/** The first page the user may open. */
function HomeRedirect() {
  const { can } = useSession();
  const target = can('orgs.read') ? '/orgs' : can('users.read') ? '/users' : can('audit.read') ? '/audit' : '/profile';
  return <Navigate to={target} replace />;
}

function guarded(permission: Permission, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/setup/password" element={<RequireSetupStep step="/setup/password"><ForcedPasswordPage /></RequireSetupStep>} />
      <Route path="/setup/totp" element={<RequireSetupStep step="/setup/totp"><TotpEnrolPage /></RequireSetupStep>} />
      <Route path="/tasks/ledger/print" element={<RequireSession>{guarded('tasks.read', <LedgerPrintPage />)}</RequireSession>} />
      <Route element={<RequireSession><AppLayout /></RequireSession>}>
        <Route index element={<HomeRedirect />} />
        <Route path="dashboard" element={guarded('dashboard.read', <DashboardPage />)} />
        <Route path="orgs" element={guarded('orgs.read', <OrgsPage />)} />
        <Route path="orgs/:id" element={guarded('orgs.read', <OrgsPage />)} />
        <Route path="users" element={guarded('users.read', <UsersPage />)} />
        <Route path="people" element={guarded('people.read', <PeoplePage />)} />
        <Route path="people/import" element={guarded('people.import', <ImportPage />)} />
        <Route path="people/import/:id" element={guarded('people.import', <ImportPage />)} />
        <Route path="people/transfers" element={guarded('people.read', <TransfersPage />)} />
        <Route path="people/:id" element={guarded('people.read', <PersonPage />)} />
        <Route path="programmes" element={guarded('tasks.read', <ProgrammesPage />)} />
        <Route path="programmes/:id" element={guarded('tasks.read', <ProgrammePage />)} />
        <Route path="tasks/mine" element={guarded('tasks.read', <MyTasksPage />)} />
        <Route path="tasks/ledger" element={guarded('tasks.read', <LedgerPage />)} />
        <Route path="tasks/reviews" element={guarded('tasks.write', <ReviewsPage />)} />
        <Route path="tasks/board" element={guarded('tasks.read', <BoardPage />)} />
        <Route path="tasks/summary" element={guarded('tasks.read', <SummaryPage />)} />
        <Route path="tasks/:id" element={guarded('tasks.read', <TaskPage />)} />
        <Route path="reports/:id" element={guarded('tasks.read', <ReportPage />)} />
        <Route path="audit" element={guarded('audit.read', <AuditPage />)} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function AppRoot() {
  return (
    <I18nProvider>
      <AntApp>
        <QueryProvider>
          <SessionProvider>
            <BrowserRouter>
              <Suspense fallback={<FullPageSpin />}>
                <AppRoutes />
              </Suspense>
            </BrowserRouter>
          </SessionProvider>
        </QueryProvider>
      </AntApp>
    </I18nProvider>
  );
}
