// Server state of the dashboard: its figures for an organisation, a sort and a page.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IN_PAGE } from '../../query';
import { dashboardApi } from './dashboard-api';

export type DashboardParams = Parameters<typeof dashboardApi.get>[0];

export const dashboardKeys = {
  all: ['dashboard'] as const,
  view: (q: DashboardParams) => ['dashboard', q] as const,
};

export const useDashboard = (q: DashboardParams) =>
  useQuery({ queryKey: dashboardKeys.view(q), queryFn: () => dashboardApi.get(q), placeholderData: keepPreviousData, meta: IN_PAGE });
