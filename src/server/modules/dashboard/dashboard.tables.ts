// Table types of the dashboard roll-ups (maintained by triggers, see migration 2026-11-23T20-dashboard).
import type { ColumnType } from 'kysely';

type Count = ColumnType<number, number | undefined, number>;

export const SKILL_COLUMNS = ['skill_1', 'skill_2', 'skill_3', 'skill_4', 'skill_5', 'skill_6', 'skill_7', 'skill_8'] as const;

/** The figures of an organisation's whole subtree, in the order of the table's columns. */
export const TOTAL_COLUMNS = [
  'workers',
  'union_members',
  ...SKILL_COLUMNS,
  'model_workers_national',
  'model_workers_provincial',
  'model_workers_city',
  'may_day_national',
  'may_day_provincial',
  'craftsmen',
  'technical_experts',
  'enterprises',
  'enterprises_with_union',
  'tasks_not_started',
  'tasks_on_track',
  'tasks_at_risk',
  'tasks_overdue',
  'tasks_completed',
] as const;
export type TotalColumn = (typeof TOTAL_COLUMNS)[number];

/**
 * Everyone on the registry of the subtree (any employment status) by skill level, registry_0 for no
 * level: the people list's totals (migration 2026-12-01T10-people-scopes). Not dashboard figures.
 */
export const REGISTRY_COLUMNS = [
  'registry_0',
  'registry_1',
  'registry_2',
  'registry_3',
  'registry_4',
  'registry_5',
  'registry_6',
  'registry_7',
  'registry_8',
] as const;
export type RegistryColumn = (typeof REGISTRY_COLUMNS)[number];
/** Every column of org_totals after org_id, in table order. */
export const ROLL_UP_COLUMNS = [...TOTAL_COLUMNS, ...REGISTRY_COLUMNS] as const;

/** Net change per month of a few figures, each a sum of totals columns. */
export const MONTHLY_OF: Record<string, readonly TotalColumn[]> = {
  workers: ['workers'],
  union_members: ['union_members'],
  highly_skilled: ['skill_4', 'skill_5', 'skill_6', 'skill_7', 'skill_8'],
  model_workers: ['model_workers_national', 'model_workers_provincial', 'model_workers_city'],
  craftsmen: ['craftsmen'],
  tasks_completed: ['tasks_completed'],
};
export const MONTHLY_COLUMNS = ['workers', 'union_members', 'highly_skilled', 'model_workers', 'craftsmen', 'tasks_completed'] as const;
export type MonthlyColumn = (typeof MONTHLY_COLUMNS)[number];

export type OrgTotalsTable = { org_id: string } & Record<TotalColumn | RegistryColumn, Count>;
export type OrgMonthlyTable = { org_id: string; month: ColumnType<string, string, string> } & Record<MonthlyColumn, Count>;

export interface DashboardTables {
  org_totals: OrgTotalsTable;
  org_monthly: OrgMonthlyTable;
}
