// The router: sign-in and the forced set-up steps outside the layout, the modules inside it,
// each behind the permission it needs.
import { App as AntApp } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { I18nProvider } from './i18n';
import { AppLayout } from './layout/app-layout';
import { LoginPage } from './modules/auth/login-page';
import {
  AuditPage,
  ArticlePage,
  NewsListPage,
  SubmissionsPage,
  BoardPage,
  DashboardPage,
  ForcedPasswordPage,
  ProposalsPage,
  ItemPage,
  SelectionsPage,
  SelectionPage,
  InnovationDashboardPage,
  ImportPage,
  IndustryPage,
  LedgerPage,
  LedgerPrintPage,
  MyTasksPage,
  NotificationsPage,
  OrgsPage,
  PeoplePage,
  PersonPage,
  ProfilePage,
  ProgrammePage,
  ProgrammesPage,
  ReportPage,
  ReviewsPage,
  SummaryPage,
  TaskPage,
  TotpEnrolPage,
  TransfersPage,
  UsersPage,
  VisitsPage,
  VisitPage,
  MeetingsPage,
  MeetingPage,
  StudiosPage,
  StudioPage,
  CallsPage,
  StudioDashboardPage,
  PairsPage,
  StudioImportPage,
  PairImportPage,
  PairPage,
  ReturnsPage,
  ReturnPage,
  CalendarPage,
  PlanPage,
  RegisterPage,
  WorkerRegistrationsPage,
} from './pages';
import { QueryProvider } from './query';
import { SessionProvider, useSession, type Permission } from './session';
import { FullPageSpin, RequirePermission, RequireSession, RequireSetupStep } from './shared/guards';
import { NotFound } from './shared/not-found';

/** The first page the user may open. */
function HomeRedirect() {
  const { can } = useSession();
  const target = can('orgs.read')
    ? '/orgs'
    : can('users.read')
      ? '/users'
      : can('audit.read')
        ? '/audit'
        : can('innovation.read')
          ? '/proposals'
          : '/profile';
  return <Navigate to={target} replace />;
}

function guarded(permission: Permission, page: ReactNode) {
  return <RequirePermission permission={permission}>{page}</RequirePermission>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route
        path="/setup/password"
        element={
          <RequireSetupStep step="/setup/password">
            <ForcedPasswordPage />
          </RequireSetupStep>
        }
      />
      <Route
        path="/setup/totp"
        element={
          <RequireSetupStep step="/setup/totp">
            <TotpEnrolPage />
          </RequireSetupStep>
        }
      />
      <Route path="/tasks/ledger/print" element={<RequireSession>{guarded('tasks.read', <LedgerPrintPage />)}</RequireSession>} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route path="dashboard" element={guarded('dashboard.read', <DashboardPage />)} />
        <Route path="orgs" element={guarded('orgs.read', <OrgsPage />)} />
        <Route path="orgs/:id" element={guarded('orgs.read', <OrgsPage />)} />
        <Route path="industry" element={guarded('orgs.read', <IndustryPage />)} />
        <Route path="users" element={guarded('users.read', <UsersPage />)} />
        <Route path="people" element={guarded('people.read', <PeoplePage />)} />
        <Route path="people/import" element={guarded('people.import', <ImportPage />)} />
        <Route path="people/import/:id" element={guarded('people.import', <ImportPage />)} />
        <Route path="people/transfers" element={guarded('people.read', <TransfersPage />)} />
        <Route path="people/worker-registrations" element={guarded('people.write', <WorkerRegistrationsPage />)} />
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
        <Route path="news" element={guarded('news.read', <NewsListPage />)} />
        <Route path="news/submissions" element={guarded('news.read', <SubmissionsPage />)} />
        <Route path="news/:id" element={guarded('news.read', <ArticlePage />)} />
        <Route path="visits" element={guarded('tasks.read', <VisitsPage />)} />
        <Route path="visits/:id" element={guarded('tasks.read', <VisitPage />)} />
        <Route path="returns" element={guarded('tasks.read', <ReturnsPage />)} />
        <Route path="returns/:id" element={guarded('tasks.read', <ReturnPage />)} />
        <Route path="meetings" element={guarded('tasks.read', <MeetingsPage />)} />
        <Route path="meetings/:id" element={guarded('tasks.read', <MeetingPage />)} />
        <Route path="calendar" element={guarded('tasks.read', <CalendarPage />)} />
        <Route path="research-plan" element={guarded('tasks.read', <PlanPage />)} />
        <Route path="studios" element={guarded('innovation.read', <StudiosPage />)} />
        <Route path="studios/import" element={guarded('innovation.write', <StudioImportPage />)} />
        <Route path="studios/import/:id" element={guarded('innovation.write', <StudioImportPage />)} />
        <Route path="studios/:id" element={guarded('innovation.read', <StudioPage />)} />
        <Route path="studio-calls" element={guarded('innovation.read', <CallsPage />)} />
        <Route path="studio-dashboard" element={guarded('innovation.read', <StudioDashboardPage />)} />
        <Route path="mentorships" element={guarded('innovation.read', <PairsPage />)} />
        <Route path="mentorships/import" element={guarded('innovation.write', <PairImportPage />)} />
        <Route path="mentorships/import/:id" element={guarded('innovation.write', <PairImportPage />)} />
        <Route path="mentorships/:id" element={guarded('innovation.read', <PairPage />)} />
        <Route path="audit" element={guarded('audit.read', <AuditPage />)} />
        <Route path="proposals" element={guarded('innovation.read', <ProposalsPage />)} />
        <Route path="proposals/selections" element={guarded('innovation.read', <SelectionsPage />)} />
        <Route path="proposals/selections/:id" element={guarded('innovation.read', <SelectionPage />)} />
        <Route path="proposals/dashboard" element={guarded('innovation.read', <InnovationDashboardPage />)} />
        <Route path="proposals/:id" element={guarded('innovation.read', <ItemPage />)} />
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
