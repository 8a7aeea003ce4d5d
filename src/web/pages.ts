// The pages of the app, each its own chunk loaded when first opened: the sign-in page carries neither
// the dashboard's charts nor the TOTP QR code nor any other module's code. Once signed in, the
// layout preloads them in the background, so a menu click does not wait for the network (except the
// dashboard and the TOTP set-up, whose chart and QR code libraries are worth loading only when used).
import { lazy, type ComponentType } from 'react';

const loaders: (() => Promise<unknown>)[] = [];

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K, { preload = true } = {}) {
  if (preload) loaders.push(load);
  return lazy(async () => ({ default: (await load())[name] }));
}

/** Fetches every page's chunk (a module is loaded once; later imports reuse it). */
export function preloadPages(): void {
  for (const load of loaders) void load().catch(() => undefined); // a failure shows when the page is opened
}

export const AuditPage = page(() => import('./modules/audit/audit-page'), 'AuditPage');
export const ProposalsPage = page(() => import('./modules/proposals/proposals-page'), 'ProposalsPage');
export const ItemPage = page(() => import('./modules/proposals/item-page'), 'ItemPage');
export const WorkerRegistrationsPage = page(() => import('./modules/proposals/worker-registrations-page'), 'WorkerRegistrationsPage');
export const RegisterPage = page(() => import('./modules/proposals/register-page'), 'RegisterPage', { preload: false });
export const SelectionsPage = page(() => import('./modules/proposals/selections-page'), 'SelectionsPage');
export const SelectionPage = page(() => import('./modules/proposals/selections-page'), 'SelectionPage');
export const InnovationDashboardPage = page(() => import('./modules/proposals/innovation-dashboard-page'), 'InnovationDashboardPage', {
  preload: false,
});
export const DashboardPage = page(() => import('./modules/dashboard/dashboard-page'), 'DashboardPage', { preload: false });
const loadForcedPassword = () => import('./modules/auth/forced-password-page');
const loadTotpEnrol = () => import('./modules/auth/totp-enrol-page');
export const ForcedPasswordPage = page(loadForcedPassword, 'ForcedPasswordPage');
export const ProfilePage = page(() => import('./modules/auth/profile-page'), 'ProfilePage', { preload: false });
export const NotificationsPage = page(() => import('./modules/notifications/notifications-page'), 'NotificationsPage');
export const TotpEnrolPage = page(loadTotpEnrol, 'TotpEnrolPage', { preload: false });

/** Called when a sign-in is sent: the set-up steps it may lead to load while the server answers. */
export function preloadSetupPages(): void {
  void loadForcedPassword().catch(() => undefined);
  void loadTotpEnrol().catch(() => undefined);
}
export const OrgsPage = page(() => import('./modules/orgs/orgs-page'), 'OrgsPage');
export const ImportPage = page(() => import('./modules/people/import-page'), 'ImportPage');
export const PeoplePage = page(() => import('./modules/people/people-page'), 'PeoplePage');
export const PersonPage = page(() => import('./modules/people/person-page'), 'PersonPage');
export const TransfersPage = page(() => import('./modules/people/transfers-page'), 'TransfersPage');
export const BoardPage = page(() => import('./modules/tasks/board-page'), 'BoardPage');
export const LedgerPage = page(() => import('./modules/tasks/ledger-page'), 'LedgerPage');
export const LedgerPrintPage = page(() => import('./modules/tasks/ledger-print-page'), 'LedgerPrintPage');
export const MyTasksPage = page(() => import('./modules/tasks/my-tasks-page'), 'MyTasksPage');
export const ProgrammePage = page(() => import('./modules/tasks/programme-page'), 'ProgrammePage');
export const ProgrammesPage = page(() => import('./modules/tasks/programmes-page'), 'ProgrammesPage');
export const ReportPage = page(() => import('./modules/tasks/report-page'), 'ReportPage');
export const ReviewsPage = page(() => import('./modules/tasks/reviews-page'), 'ReviewsPage');
export const SummaryPage = page(() => import('./modules/tasks/summary-page'), 'SummaryPage');
export const TaskPage = page(() => import('./modules/tasks/task-page'), 'TaskPage');
export const VisitsPage = page(() => import('./modules/fieldwork/visits-page'), 'VisitsPage');
export const VisitPage = page(() => import('./modules/fieldwork/visit-page'), 'VisitPage');
export const ReturnsPage = page(() => import('./modules/fieldwork/returns-page'), 'ReturnsPage');
export const ReturnPage = page(() => import('./modules/fieldwork/return-page'), 'ReturnPage');
export const MeetingsPage = page(() => import('./modules/fieldwork/meetings-page'), 'MeetingsPage');
export const PlanPage = page(() => import('./modules/fieldwork/plan-page'), 'PlanPage');
export const CalendarPage = page(() => import('./modules/fieldwork/calendar-page'), 'CalendarPage');
export const MeetingPage = page(() => import('./modules/fieldwork/meeting-page'), 'MeetingPage');
export const IndustryPage = page(() => import('./modules/industry/industry-page'), 'IndustryPage');
export const UsersPage = page(() => import('./modules/users/users-page'), 'UsersPage');
export const NewsListPage = page(() => import('./modules/news/news-list-page'), 'NewsListPage');
export const ArticlePage = page(() => import('./modules/news/article-page'), 'ArticlePage');
export const SubmissionsPage = page(() => import('./modules/news/submissions-page'), 'SubmissionsPage');
export const StudiosPage = page(() => import('./modules/innovation/studios-page'), 'StudiosPage');
export const StudioPage = page(() => import('./modules/innovation/studio-page'), 'StudioPage');
export const CallsPage = page(() => import('./modules/innovation/calls-page'), 'CallsPage');
export const StudioDashboardPage = page(() => import('./modules/innovation/studio-dashboard-page'), 'StudioDashboardPage');
export const PairsPage = page(() => import('./modules/innovation/pairs-page'), 'PairsPage');
export const PairPage = page(() => import('./modules/innovation/pair-page'), 'PairPage');
export const StudioImportPage = page(() => import('./modules/innovation/import-page'), 'StudioImportPage');
export const PairImportPage = page(() => import('./modules/innovation/import-page'), 'PairImportPage');
