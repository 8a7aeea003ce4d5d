// Request and response shapes of the dashboard (the API contract of the web page and the bench).
import { z } from 'zod';
import { ORG_KINDS, ORG_LEVELS, ORG_STATUSES } from '../../db/schema.js';
import { sortQuery } from '../../platform/http.js';
import { SKILL_LEVEL_CODES } from '../people/skill-levels.js';

const id = z.string().regex(/^\d{1,18}$/);

/** Columns of the breakdown the children may be sorted by. */
export const DASHBOARD_SORT_FIELDS = [
  'name',
  'workers',
  'unionMembers',
  'unionMembershipRate',
  'enterprises',
  'unionCoverage',
  'highlySkilled',
  'highlySkilledShare',
  'modelWorkers',
  'craftsmen',
  'tasks',
  'taskCompletionRate',
  'tasksOverdue',
] as const;
export type DashboardSortField = (typeof DASHBOARD_SORT_FIELDS)[number];

export const dashboardQuery = z.strictObject({
  orgId: id.optional(),
  sort: sortQuery(DASHBOARD_SORT_FIELDS),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** An industry union's dashboard: its figures within this territorial organisation (a province, a city, …), broken down by its children. */
  within: id.optional(),
  /** Also split the figures by the industry section (GB/T 4754-2017) of the subtree's enterprises. */
  bySection: z.enum(['true', 'false']).optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const exportQuery = z.strictObject({ orgId: id.optional(), sort: sortQuery(DASHBOARD_SORT_FIELDS), within: id.optional() });
export type ExportQuery = z.infer<typeof exportQuery>;

const rate = z.number().nullable().describe('0…1, null when the base is 0');

export const figures = z.object({
  workers: z.number().describe('employed people on the registry'),
  unionMembers: z.number(),
  unionMembershipRate: rate,
  enterprises: z.number(),
  enterprisesWithUnion: z.number().describe('enterprises with a grassroots union (union name recorded)'),
  unionCoverage: rate,
  highlySkilled: z.number().describe('employed people at 高级工 (senior) or above'),
  highlySkilledShare: rate,
  skillLevels: z.record(z.enum(SKILL_LEVEL_CODES), z.number()),
  modelWorkers: z.object({ national: z.number(), provincial: z.number(), city: z.number(), total: z.number() }),
  mayDayMedals: z.object({ national: z.number(), provincial: z.number(), total: z.number() }),
  craftsmen: z.number(),
  technicalExperts: z.number(),
  tasks: z.object({
    notStarted: z.number(),
    onTrack: z.number(),
    atRisk: z.number(),
    overdue: z.number(),
    completed: z.number(),
    total: z.number(),
    completionRate: rate,
  }),
});
export type Figures = z.infer<typeof figures>;

export const orgRef = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  level: z.enum(ORG_LEVELS),
  status: z.enum(ORG_STATUSES),
  childCount: z.number(),
});

export const trendPoint = z.object({
  month: z.string().describe('YYYY-MM (China Standard Time)'),
  /** Figures at the end of the month. */
  workers: z.number(),
  unionMembers: z.number(),
  highlySkilled: z.number(),
  modelWorkers: z.number(),
  craftsmen: z.number(),
  tasksCompleted: z.number(),
  /** Net change during the month. */
  change: z.object({
    workers: z.number(),
    unionMembers: z.number(),
    highlySkilled: z.number(),
    modelWorkers: z.number(),
    craftsmen: z.number(),
    tasksCompleted: z.number(),
  }),
});

export const dashboardView = z.object({
  org: orgRef,
  /** Ancestors inside the viewer's scope, top first (the breadcrumb). */
  ancestors: z.array(z.object({ id: z.string(), name: z.string() })),
  totals: figures,
  /** What the organisation itself holds, outside its children's subtrees (its own tasks, its own staff); null when nothing. */
  own: figures.nullable(),
  /**
   * One row per child unit; for an industry union, one per territorial unit holding some of its
   * affiliated enterprises (the provinces below the federation it sits under, or with `within` the
   * children of that organisation: cities, counties, then the enterprises themselves).
   */
  children: z.object({ total: z.number(), items: z.array(z.object({ org: orgRef, figures })) }),
  /** An industry union's dashboard: its figures are those of its affiliated enterprises (the industry chain). */
  industry: z.boolean(),
  /** An industry union's dashboard with `within`: the territorial organisation its figures are within, and the units between (top first). */
  area: z.object({ id: z.string(), name: z.string(), trail: z.array(z.object({ id: z.string(), name: z.string() })) }).nullable(),
  /** With bySection=true: the figures of the subtree's enterprises by industry section (code null: not classified). */
  sections: z.array(z.object({ section: z.string().nullable(), figures })).nullable(),
  trend: z.array(trendPoint),
  generatedAt: z.string(),
});
export type DashboardView = z.infer<typeof dashboardView>;
