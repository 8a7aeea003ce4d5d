// The only SQL of the dashboard: an organisation's totals row, its children's rows (by parent_id),
// and its monthly rows. Never a scan of people: the figures are kept by triggers (org_totals).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { TOTAL_COLUMNS, MONTHLY_COLUMNS, type TotalColumn, type MonthlyColumn } from './dashboard.tables.js';
import type { DashboardSortField } from './dashboard.schemas.js';
import { subtreePattern } from '../../platform/access.js';

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

/** ORDER BY over rows whose organisation columns and totals (t.…) are both under the alias t; names in pinyin order (name_key). */
function orderBy(sort: { field: DashboardSortField; dir: 'asc' | 'desc' }): RawBuilder<unknown> {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  if (sort.field === 'name') return sql.raw(`t.name_key ${dir}, t.id`);
  return sql.raw(
    `coalesce(${SORT_SQL[sort.field]}, ${sort.dir === 'desc' ? "'-Infinity'::float8" : "'Infinity'::float8"}) ${dir}, t.name_key, t.id`,
  );
}

export async function findOrgTotals(db: Db, orgId: string): Promise<OrgTotalsRecord | undefined> {
  const r = await sql<OrgTotalsRecord>`
    SELECT o.id, o.name, o.kind, o.level, o.status, o.path, ${childCount} AS child_count, ${totalsCols}
    FROM organisations o LEFT JOIN org_totals t ON t.org_id = o.id
    WHERE o.id = ${orgId}`.execute(db);
  return r.rows[0];
}

/**
 * The children's totals rows, each looked up by key: left to itself, the planner joins a county's
 * 400 children to org_totals by scanning the whole table (8 ms at 40,000 organisations). With
 * `unionId` (an industry union's breakdown): the children's rows of that union's split by territory
 * (industry_area_totals), only the children holding some of its affiliated enterprises.
 */
const childRows = (parentId: string, unionId?: string) =>
  unionId
    ? sql`
  FROM organisations o JOIN LATERAL (SELECT * FROM industry_area_totals x WHERE x.union_id = ${unionId} AND x.org_id = o.id OFFSET 0) t ON true
  WHERE o.parent_id = ${parentId} AND (t.enterprises <> 0 OR t.workers <> 0)`
    : sql`
  FROM organisations o LEFT JOIN LATERAL (SELECT * FROM org_totals x WHERE x.org_id = o.id OFFSET 0) t ON true
  WHERE o.parent_id = ${parentId}`;

/**
 * One page of the children (archived ones too: their figures stay in the parent's totals), with
 * how many children there are and the sum of all their totals (the rest of the parent's totals is
 * its own), read in one pass. The page size is written into the text, so the plan is kept.
 */
export async function listChildTotals(
  db: Db,
  parentId: string,
  sort: { field: DashboardSortField; dir: 'asc' | 'desc' },
  limit: number,
  offset: number,
  unionId?: string,
): Promise<{ items: OrgTotalsRecord[]; sum: TotalsRow & { n: number } }> {
  const r = await sql<OrgTotalsRecord & { name_key: string; sum: TotalsRow & { n: number } }>`
    WITH c AS MATERIALIZED (SELECT o.id, o.name, o.name_key, o.kind, o.level, o.status, o.path, ${totalsCols} ${childRows(parentId, unionId)}),
    s AS (SELECT count(*)::int AS n, ${sql.raw(TOTAL_COLUMNS.map((c) => `coalesce(sum(${c}), 0)::int AS ${c}`).join(', '))} FROM c)
    SELECT t.*, (SELECT count(*)::int FROM organisations k WHERE k.parent_id = t.id) AS child_count, (SELECT row_to_json(s) FROM s) AS sum
    FROM c AS t
    ORDER BY ${orderBy(sort)}
    LIMIT ${sql.lit(Math.trunc(limit))} OFFSET ${offset}::int`.execute(db);
  if (r.rows.length || offset === 0) {
    const sum = r.rows[0]?.sum ?? { n: 0, ...(Object.fromEntries(TOTAL_COLUMNS.map((c) => [c, 0])) as TotalsRow) };
    return { items: r.rows.map(({ sum: _, name_key: __, ...row }) => row), sum };
  }
  // A page past the end still answers how many children there are and their sum.
  return { items: [], sum: await sumChildTotals(db, parentId, unionId) };
}

/** How many children (with `unionId`: those holding affiliated enterprises of the union), and the sum of their totals. */
export async function sumChildTotals(db: Db, parentId: string, unionId?: string): Promise<TotalsRow & { n: number }> {
  const r = await sql<TotalsRow & { n: number }>`
    SELECT count(*)::int AS n, ${sql.raw(TOTAL_COLUMNS.map((c) => `coalesce(sum(t.${c}), 0)::int AS ${c}`).join(', '))}
    ${childRows(parentId, unionId)}`.execute(db);
  return r.rows[0]!;
}

/** An industry union's figures: the maintained sum over its affiliated enterprises (industry_totals). */
export async function findIndustryTotals(db: Db, unionId: string): Promise<TotalsRow> {
  const r = await sql<TotalsRow>`
    SELECT ${totalsCols} FROM (SELECT ${unionId}::bigint AS id) k LEFT JOIN industry_totals t ON t.union_id = k.id`.execute(db);
  return r.rows[0]!;
}

/** An industry union's figures within one territorial organisation's subtree (industry_area_totals), zeros when none. */
export async function findIndustryAreaTotals(db: Db, unionId: string, orgId: string): Promise<TotalsRow & { found: boolean }> {
  const r = await sql<TotalsRow & { found: boolean }>`
    SELECT t.union_id IS NOT NULL AS found, ${totalsCols}
    FROM (SELECT ${unionId}::bigint AS u, ${orgId}::bigint AS o) k LEFT JOIN industry_area_totals t ON t.union_id = k.u AND t.org_id = k.o`.execute(
    db,
  );
  return r.rows[0]!;
}

/** An organisation's name and path (the territorial organisation an industry union's breakdown is within). */
export async function findOrgPath(db: Db, orgId: string): Promise<{ id: string; name: string; path: string } | undefined> {
  const r = await sql<{ id: string; name: string; path: string }>`SELECT id, name, path FROM organisations WHERE id = ${orgId}`.execute(db);
  return r.rows[0];
}

/** A territorial subtree's figures split by the industry section of its enterprises (enterprises are leaves: no double count). */
export async function sumBySection(db: Db, rootPath: string): Promise<(TotalsRow & { division: string | null })[]> {
  const r = await sql<TotalsRow & { division: string | null }>`
    SELECT o.industry_code AS division, ${sql.raw(TOTAL_COLUMNS.map((c) => `coalesce(sum(t.${c}), 0)::int AS ${c}`).join(', '))}
    FROM organisations o JOIN org_totals t ON t.org_id = o.id
    WHERE o.kind = 'enterprise' AND o.path LIKE ${subtreePattern(rootPath)}
    GROUP BY o.industry_code`.execute(db);
  return r.rows;
}

/** The organisations above one, from its path. */
export async function findAncestors(db: Db, orgId: string): Promise<{ id: string; name: string; path: string }[]> {
  const r = await sql<{ id: string; name: string; path: string }>`
    SELECT a.id, a.name, a.path FROM organisations o
    JOIN organisations a ON a.id = ANY (string_to_array(rtrim(o.path, '.'), '.')::bigint[]) AND a.id <> o.id
    WHERE o.id = ${orgId} AND o.path NOT LIKE 'pending:%'`.execute(db);
  return r.rows;
}

export type MonthlyRow = { month: string } & Record<MonthlyColumn, number>;

/** Net changes of the months from `fromMonth` (YYYY-MM-01) on, oldest first. */
export async function listMonthly(db: Db, orgId: string, fromMonth: string): Promise<MonthlyRow[]> {
  const r = await sql<MonthlyRow>`
    SELECT to_char(month, 'YYYY-MM') AS month, ${sql.raw(MONTHLY_COLUMNS.join(', '))}
    FROM org_monthly WHERE org_id = ${orgId} AND month >= ${fromMonth}::date ORDER BY month`.execute(db);
  return r.rows;
}
