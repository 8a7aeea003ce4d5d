// The results dashboard (server module: dashboard).
import { api, toQueryString, type QueryOf, type ResponseOf, type Schemas, type Widen } from '../../api';

export type Figures = Schemas['Figures'];
export type OrgRef = Schemas['DashboardOrgRef'];
export type DashboardView = Schemas['DashboardView'];
export type DashboardQuery = QueryOf<'getDashboard'>;
/** A column the breakdown can be sorted by (descending with a leading '-'). */
export type SortField = Exclude<NonNullable<DashboardQuery['sort']>, `-${string}`>;

export const dashboardApi = {
  get: (q: Widen<DashboardQuery>) => api.get<ResponseOf<'getDashboard'>>('/api/dashboard', { ...q }),
  exportUrl: (q: Widen<QueryOf<'exportDashboard'>>) => `/api/dashboard/export.xlsx${toQueryString({ ...q })}`,
};
