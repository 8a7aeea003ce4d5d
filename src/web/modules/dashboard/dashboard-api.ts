// The results dashboard (server module: dashboard).
import { api, toQueryString } from '../../api';

export interface Figures {
  workers: number;
  unionMembers: number;
  unionMembershipRate: number | null;
  enterprises: number;
  enterprisesWithUnion: number;
  unionCoverage: number | null;
  highlySkilled: number;
  highlySkilledShare: number | null;
  skillLevels: Record<string, number>;
  modelWorkers: { national: number; provincial: number; city: number; total: number };
  mayDayMedals: { national: number; provincial: number; total: number };
  craftsmen: number;
  technicalExperts: number;
  tasks: { notStarted: number; onTrack: number; atRisk: number; overdue: number; completed: number; total: number; completionRate: number | null };
}

export interface OrgRef { id: string; name: string; kind: string; level: string; status: 'active' | 'archived'; childCount: number }

export interface TrendPoint {
  month: string;
  workers: number;
  unionMembers: number;
  highlySkilled: number;
  modelWorkers: number;
  craftsmen: number;
  tasksCompleted: number;
  change: { workers: number; unionMembers: number; highlySkilled: number; modelWorkers: number; craftsmen: number; tasksCompleted: number };
}

export interface DashboardView {
  org: OrgRef;
  ancestors: { id: string; name: string }[];
  totals: Figures;
  own: Figures | null;
  children: { total: number; items: { org: OrgRef; figures: Figures }[] };
  trend: TrendPoint[];
  generatedAt: string;
}

export const SORT_FIELDS = ['name', 'workers', 'unionMembers', 'unionMembershipRate', 'enterprises', 'unionCoverage', 'highlySkilled', 'highlySkilledShare', 'modelWorkers', 'craftsmen', 'tasks', 'taskCompletionRate', 'tasksOverdue'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface DashboardQuery { orgId?: string; sort?: string; page?: number; pageSize?: number }

export const dashboardApi = {
  get: (q: DashboardQuery) => api.get<DashboardView>('/api/dashboard', { ...q }),
  exportUrl: (q: { orgId?: string; sort?: string }) => `/api/dashboard/export.xlsx${toQueryString({ ...q })}`,
};
