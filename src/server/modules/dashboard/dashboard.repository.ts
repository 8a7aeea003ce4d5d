// The only SQL of the dashboard: an organisation's totals row, its children's rows (by parent_id),
// and its monthly rows. Never a scan of people: the figures are kept by triggers (org_totals).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { TOTAL_COLUMNS, MONTHLY_COLUMNS, type TotalColumn, type MonthlyColumn } from './dashboard.tables.js';
import type { DashboardSortField } from './dashboard.schemas.js';

type Db = Kysely<Database>;
export type TotalsRow = Record<TotalColumn, number>;
export interface OrgTotalsRecord extends TotalsRow {
  id: string;
  name: string;
  kind: Database['organisations']['kind'];
  level: Database['organisations']['level'];
  status: 'active' | 'archived';
  path: string;
  child_count: number;
}

const totalsCols = sql.raw(TOTAL_COLUMNS.map((c) => `coalesce(t.${c}, 0)::int AS ${c}`).join(', '));
const childCount = sql<number>`(SELECT count(*)::int FROM organisations c WHERE c.parent_id = o.id)`;

const ratio = (a: string, b: string) => `(t.${a}::float8 / nullif(t.${b}, 0))`;
const HIGHLY = 't.skill_4 + t.skill_5 + t.skill_6 + t.skill_7 + t.skill_8';
const MODEL = 't.model_workers_national + t.model_workers_provincial + t.model_workers_city';
const TASKS = 't.tasks_not_started + t.tasks_on_track + t.tasks_at_risk + t.tasks_overdue + t.tasks_completed';
const SORT_SQL: Record<Exclude<DashboardSortField, 'name'>, string> = {
  workers: 't.workers',
  unionMembers: 't.union_members',
  unionMembershipRate: ratio('union_members', 'workers'),
  enterprises: 't.enterprises',
  unionCoverage: ratio('enterprises_with_union', 'enterprises'),
  highlySkilled: `(${HIGHLY})`,
  highlySkilledShare: `((${HIGHLY})::float8 / nullif(t.workers, 0))`,
  modelWorkers: `(${MODEL})`,
  craftsmen: 't.craftsmen',
  tasks: `(${TASKS})`,
  taskCompletionRate: `(t.tasks_completed::float8 / nullif(${TASKS}, 0))`,
  tasksOverdue: 't.tasks_overdue',
};

function orderBy(sort: { field: DashboardSortField; dir: 'asc' | 'desc' }): RawBuilder<unknown> {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  if (sort.field === 'name') return sql.raw(`o.name ${dir}, o.id`);
  return sql.raw(`coalesce(${SORT_SQL[sort.field]}, ${sort.dir === 'desc' ? "'-Infinity'::float8" : "'Infinity'::float8"}) ${dir}, o.name, o.id`);
}

export async function findOrgTotals(db: Db, orgId: string): Promise<OrgTotalsRecord | undefined> {
  const r = await sql<OrgTotalsRecord>`
    SELECT o.id, o.name, o.kind, o.level, o.status, o.path, ${childCount} AS child_count, ${totalsCols}
    FROM organisations o LEFT JOIN org_totals t ON t.org_id = o.id
    WHERE o.id = ${orgId}`.execute(db);
  return r.rows[0];
}

/** One page of the children (archived ones too: their figures stay in the parent's totals). */
export async function listChildTotals(db: Db, parentId: string, sort: { field: DashboardSortField; dir: 'asc' | 'desc' }, limit: number, offset: number): Promise<OrgTotalsRecord[]> {
  const r = await sql<OrgTotalsRecord>`
    SELECT o.id, o.name, o.kind, o.level, o.status, o.path, ${childCount} AS child_count, ${totalsCols}
    FROM organisations o LEFT JOIN org_totals t ON t.org_id = o.id
    WHERE o.parent_id = ${parentId}
    ORDER BY ${orderBy(sort)}
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return r.rows;
}

/** How many children, and the sum of their totals (the rest of the parent's totals is its own). */
export async function sumChildTotals(db: Db, parentId: string): Promise<TotalsRow & { n: number }> {
  const r = await sql<TotalsRow & { n: number }>`
    SELECT count(*)::int AS n, ${sql.raw(TOTAL_COLUMNS.map((c) => `coalesce(sum(t.${c}), 0)::int AS ${c}`).join(', '))}
    FROM organisations o LEFT JOIN org_totals t ON t.org_id = o.id
    WHERE o.parent_id = ${parentId}`.execute(db);
  return r.rows[0]!;
}

export type MonthlyRow = { month: string } & Record<MonthlyColumn, number>;

/** Net changes of the months from `fromMonth` (YYYY-MM-01) on, oldest first. */
export async function listMonthly(db: Db, orgId: string, fromMonth: string): Promise<MonthlyRow[]> {
  const r = await sql<MonthlyRow>`
    SELECT to_char(month, 'YYYY-MM') AS month, ${sql.raw(MONTHLY_COLUMNS.join(', '))}
    FROM org_monthly WHERE org_id = ${orgId} AND month >= ${fromMonth}::date ORDER BY month`.execute(db);
  return r.rows;
}
