// The dashboard of an organisation's subtree: headline figures, the next level down (one row per
// child), the last 12 months — a handful of indexed lookups of rows the triggers keep.
import { assertInScope, isInScope } from '../../platform/access.js';
import { sectionOf } from '../../../shared/industries.js';
import { writeAudit } from '../../platform/audit.js';
import { parseSort, type RequestContext } from '../../platform/http.js';
import { AppError } from '../../platform/errors.js';
import { SKILL_LEVELS } from '../people/skill-levels.js';
import * as repo from './dashboard.repository.js';
import { MONTHLY_COLUMNS, TOTAL_COLUMNS } from './dashboard.tables.js';
import type { DashboardQuery, DashboardSortField, DashboardView, Figures } from './dashboard.schemas.js';

const rate = (a: number, b: number) => (b > 0 ? a / b : null);

export function toFigures(t: repo.TotalsRow): Figures {
  const highlySkilled = t.skill_4 + t.skill_5 + t.skill_6 + t.skill_7 + t.skill_8;
  const tasksTotal = t.tasks_not_started + t.tasks_on_track + t.tasks_at_risk + t.tasks_overdue + t.tasks_completed;
  return {
    workers: t.workers,
    unionMembers: t.union_members,
    unionMembershipRate: rate(t.union_members, t.workers),
    enterprises: t.enterprises,
    enterprisesWithUnion: t.enterprises_with_union,
    unionCoverage: rate(t.enterprises_with_union, t.enterprises),
    highlySkilled,
    highlySkilledShare: rate(highlySkilled, t.workers),
    skillLevels: Object.fromEntries(
      SKILL_LEVELS.map((l) => [l.code, t[`skill_${l.rank}` as keyof repo.TotalsRow]]),
    ) as Figures['skillLevels'],
    modelWorkers: {
      national: t.model_workers_national,
      provincial: t.model_workers_provincial,
      city: t.model_workers_city,
      total: t.model_workers_national + t.model_workers_provincial + t.model_workers_city,
    },
    mayDayMedals: { national: t.may_day_national, provincial: t.may_day_provincial, total: t.may_day_national + t.may_day_provincial },
    craftsmen: t.craftsmen,
    technicalExperts: t.technical_experts,
    tasks: {
      notStarted: t.tasks_not_started,
      onTrack: t.tasks_on_track,
      atRisk: t.tasks_at_risk,
      overdue: t.tasks_overdue,
      completed: t.tasks_completed,
      total: tasksTotal,
      completionRate: rate(t.tasks_completed, tasksTotal),
    },
  };
}

const toOrgRef = (r: repo.OrgTotalsRecord) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  level: r.level,
  status: r.status,
  childCount: r.child_count,
});

/** The month (YYYY-MM) in China Standard Time, `back` months before `now`. */
export function monthOf(now: Date, back = 0): string {
  const d = new Date(now.getTime() + 8 * 3600_000);
  const m = d.getUTCFullYear() * 12 + d.getUTCMonth() - back;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

const MONTHLY_KEYS = {
  workers: 'workers',
  union_members: 'unionMembers',
  highly_skilled: 'highlySkilled',
  model_workers: 'modelWorkers',
  craftsmen: 'craftsmen',
  tasks_completed: 'tasksCompleted',
} as const;

/** Levels at the end of each of the last 12 months: today's figure minus the changes booked after. */
export function buildTrend(totals: Figures, monthly: repo.MonthlyRow[], now: Date): DashboardView['trend'] {
  const current = {
    workers: totals.workers,
    unionMembers: totals.unionMembers,
    highlySkilled: totals.highlySkilled,
    modelWorkers: totals.modelWorkers.total,
    craftsmen: totals.craftsmen,
    tasksCompleted: totals.tasks.completed,
  };
  const byMonth = new Map(monthly.map((r) => [r.month, r]));
  const level = { ...current };
  // Changes booked in months after the current one (rows dated ahead) are taken off first.
  const thisMonth = monthOf(now);
  for (const r of monthly) if (r.month > thisMonth) for (const c of MONTHLY_COLUMNS) level[MONTHLY_KEYS[c]] -= r[c];
  const out: DashboardView['trend'] = [];
  for (let back = 0; back < 12; back++) {
    const month = monthOf(now, back);
    const r = byMonth.get(month);
    const change = Object.fromEntries(
      MONTHLY_COLUMNS.map((c) => [MONTHLY_KEYS[c], r ? r[c] : 0]),
    ) as DashboardView['trend'][number]['change'];
    out.push({ month, ...level, change });
    for (const c of MONTHLY_COLUMNS) level[MONTHLY_KEYS[c]] -= change[MONTHLY_KEYS[c]];
  }
  return out.reverse();
}

/** Figures of a subtree's enterprises by GB/T 4754-2017 section, largest first; unclassified last. */
async function sectionsOf(ctx: RequestContext, path: string) {
  const rows = await repo.sumBySection(ctx.db, path);
  const bySection = new Map<string | null, repo.TotalsRow>();
  for (const { division, ...r } of rows) {
    const key = division ? (sectionOf(division) ?? null) : null;
    const acc = bySection.get(key);
    bySection.set(key, acc ? (Object.fromEntries(TOTAL_COLUMNS.map((c) => [c, acc[c] + r[c]])) as repo.TotalsRow) : r);
  }
  return [...bySection]
    .sort(([a, x], [b, y]) => (a === null ? 1 : b === null ? -1 : y.workers - x.workers || a.localeCompare(b)))
    .map(([section, r]) => ({ section, figures: toFigures(r) }));
}

/**
 * An industry union's figures and breakdown within a territorial organisation (default: the
 * federation the union sits under): the union's totals there, and the children of that
 * organisation holding some of its affiliated enterprises (provinces, then cities, … then the
 * enterprises), all read from the maintained split (industry_area_totals).
 */
async function industryBreakdown(
  ctx: RequestContext,
  union: repo.OrgTotalsRecord,
  within: string | undefined,
  sort: { field: DashboardSortField; dir: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const ids = union.path.split('.').filter(Boolean);
  const baseId = ids.length > 1 ? ids[ids.length - 2]! : ids[0]!;
  const areaId = within ?? baseId;
  const [areaOrg, figures, breakdown] = await Promise.all([
    areaId === baseId ? undefined : repo.findOrgPath(ctx.db, areaId),
    areaId === baseId ? repo.findIndustryTotals(ctx.db, union.id) : repo.findIndustryAreaTotals(ctx.db, union.id, areaId),
    repo.listChildTotals(ctx.db, areaId, sort, limit, offset, union.id),
  ]);
  if (areaId === baseId) return { org: figures, area: null, children: breakdown };
  // Only within the union's territory, and only where it has affiliated enterprises.
  const areaIds = areaOrg?.path.split('.').filter(Boolean) ?? [];
  if (!areaOrg || !areaIds.includes(baseId) || !(figures as { found?: boolean }).found)
    throw new AppError('not_found', { entity: 'organisation' });
  const trailIds = areaIds.slice(areaIds.indexOf(baseId) + 1, -1);
  const names = new Map((await repo.findAncestors(ctx.db, areaId)).map((a) => [a.id, a.name]));
  return {
    org: figures,
    area: {
      id: areaOrg.id,
      name: areaOrg.name,
      trail: trailIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    },
    children: breakdown,
  };
}

async function scopedOrg(ctx: RequestContext, orgId: string | undefined) {
  const org = await repo.findOrgTotals(ctx.db, orgId ?? ctx.actor.orgId);
  assertInScope(ctx.actor, org?.path, 'organisation', 'read');
  return org!;
}

const sortOf = (s: string | undefined) =>
  (parseSort(s) as { field: DashboardSortField; dir: 'asc' | 'desc' } | undefined) ?? { field: 'workers', dir: 'desc' };

export async function getDashboard(ctx: RequestContext, q: DashboardQuery): Promise<DashboardView> {
  const now = new Date();
  const orgId = q.orgId ?? ctx.actor.orgId;
  // All lookups at once (one round trip of wall time); nothing is answered before the scope check.
  let [found, { items: children, sum }, monthly, ancestors] = await Promise.all([
    repo.findOrgTotals(ctx.db, orgId),
    repo.listChildTotals(ctx.db, orgId, sortOf(q.sort), q.pageSize, (q.page - 1) * q.pageSize),
    repo.listMonthly(ctx.db, orgId, `${monthOf(now, 11)}-01`),
    repo.findAncestors(ctx.db, orgId),
  ]);
  assertInScope(ctx.actor, found?.path, 'organisation', 'read');
  let org: repo.TotalsRow = found!;
  // An industry union: the maintained figures of its affiliated enterprises, broken down by the
  // territorial units below the federation it sits under (its provinces), drilled down with `within`.
  const industry = found!.kind === 'industry_union';
  let area: DashboardView['area'] = null;
  if (industry) {
    const split = await industryBreakdown(ctx, found!, q.within, sortOf(q.sort), q.pageSize, (q.page - 1) * q.pageSize);
    ({ org, area } = split);
    ({ items: children, sum } = split.children);
    monthly = [];
  }
  const totals = toFigures(org);
  const own = Object.fromEntries(TOTAL_COLUMNS.map((c) => [c, org[c] - sum[c]])) as repo.TotalsRow;
  const sections = q.bySection === 'true' && !industry ? await sectionsOf(ctx, found!.path) : null;
  return {
    industry,
    area,
    sections,
    org: toOrgRef(found!),
    ancestors: ancestors
      .filter((a) => isInScope(ctx.actor, a.path))
      .sort((a, b) => a.path.length - b.path.length)
      .map((a) => ({ id: a.id, name: a.name })),
    totals,
    own: TOTAL_COLUMNS.some((c) => own[c] !== 0) ? toFigures(own) : null,
    children: { total: sum.n, items: children.map((c) => ({ org: toOrgRef(c), figures: toFigures(c) })) },
    trend: buildTrend(totals, monthly, now),
    generatedAt: now.toISOString(),
  };
}

/** Everything the export needs: the organisation, its totals, what it holds itself, every child; audited. */
export async function prepareExport(ctx: RequestContext, q: { orgId?: string; sort?: string; within?: string }) {
  const found = await scopedOrg(ctx, q.orgId);
  const industry = found.kind === 'industry_union';
  let org = found;
  let area: DashboardView['area'] = null;
  let { items: children, sum } = industry
    ? { items: [], sum: { n: 0 } as repo.TotalsRow & { n: number } }
    : await repo.listChildTotals(ctx.db, org.id, sortOf(q.sort), 100_000, 0);
  if (industry) {
    const split = await industryBreakdown(ctx, found, q.within, sortOf(q.sort), 100_000, 0);
    org = { ...found, ...split.org };
    area = split.area;
    ({ items: children, sum } = split.children);
  }
  const own = Object.fromEntries(TOTAL_COLUMNS.map((c) => [c, org[c] - sum[c]])) as repo.TotalsRow;
  const exporter = org.id === ctx.actor.orgId ? org : await repo.findOrgTotals(ctx.db, ctx.actor.orgId);
  await writeAudit(ctx.db, ctx, {
    action: 'export',
    entityType: 'organisation',
    entityId: org.id,
    orgId: org.id,
    orgPath: org.path,
    after: { export: 'dashboard', rows: children.length, sort: q.sort ?? '-workers', ...(area && { within: area.id }) },
  });
  return {
    org: toOrgRef(org),
    area,
    exportedBy: exporter?.name ?? '',
    totals: toFigures(org),
    own: TOTAL_COLUMNS.some((c) => own[c] !== 0) ? toFigures(own) : null,
    children: children.map((c) => ({ org: toOrgRef(c), figures: toFigures(c) })),
  };
}
