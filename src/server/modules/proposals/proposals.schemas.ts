// Request and response shapes of employee innovation items.
import { z } from 'zod';
import { pageQuery } from '../../platform/http.js';
import { id, isoDate, safeText } from '../people/people.schemas.js';

export const INNOVATION_CATEGORIES = [
  'rationalisation',
  'small_invention',
  'small_creation',
  'small_innovation',
  'small_design',
  'small_suggestion',
  'technical_innovation',
  'advanced_method',
  'patent',
] as const;
export const INNOVATION_AREAS = ['production', 'quality', 'equipment', 'process', 'management', 'safety', 'energy'] as const;
export const INNOVATION_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'not_adopted',
  'expert_review',
  'adopted',
  'implemented',
  'verified',
  'paid',
  'filed',
  'trial',
  'accepted',
  /** a duplicate merged into another item: read-only, counted nowhere */
  'merged',
] as const;
export const INNOVATION_STEPS = [
  'submit',
  'return',
  'reject',
  'send_to_experts',
  'adopt',
  'implement',
  'pay',
  'file',
  'start_trial',
  'accept',
] as const;
export type InnovationStatus = (typeof INNOVATION_STATUSES)[number];
export type InnovationStep = (typeof INNOVATION_STEPS)[number];

/** A non-negative exact decimal as text ("12.5"): parsed into scaled bigints, never a float. */
const decimalText = z
  .string()
  .trim()
  .refine((v) => /^\d{1,12}(\.\d{1,6})?$/.test(v), { params: { reason: 'decimal' } });

export const createItemBody = z.strictObject({
  orgId: id,
  title: safeText(200),
  category: z.enum(INNOVATION_CATEGORIES),
  area: z.enum(INNOVATION_AREAS),
  problem: safeText(4000).nullish(),
  measures: safeText(4000).nullish(),
  expectedBenefit: safeText(2000).nullish(),
  /** the expected annual benefit in yuan, if estimated (the dashboard's "estimated benefit") */
  estimatedBenefitYuan: decimalText.nullish(),
  /** the innovation studio the result belongs to (a studio of the item's organisation or below) */
  studioId: id.nullish(),
  /** the team it came from, when it is not a studio's */
  team: safeText(100).nullish(),
  ownDuties: z.boolean().default(false),
  proposers: z
    .array(z.strictObject({ personId: id, shareBp: z.number().int().min(1).max(10_000) }))
    .min(1)
    .max(20),
});
export type CreateItemInput = z.infer<typeof createItemBody>;

export const stepBody = z.strictObject({
  step: z.enum(INNOVATION_STEPS),
  reason: safeText(2000).nullish(),
  startDate: isoDate.nullish(),
});
export type StepInput = z.infer<typeof stepBody>;

export const benefitBody = z.strictObject({
  formula: z.enum(['labour_hour', 'material']),
  periodStart: isoDate,
  /** old / new standard hours (labour_hour) or unit consumption (material) */
  oldValue: decimalText,
  newValue: decimalText,
  /** hourly labour cost or unit price, yuan */
  rate: decimalText,
  /** output in the period; a leading minus is refused with its own reason */
  output: z
    .string()
    .trim()
    .refine((v) => /^-?\d{1,12}(\.\d{1,6})?$/.test(v), { params: { reason: 'decimal' } }),
  inputs: decimalText,
  /** the award to split among the proposers by their shares, yuan */
  award: decimalText.nullish(),
});
export type BenefitInput = z.infer<typeof benefitBody>;

export const itemParams = z.strictObject({ id });

const benefitView = z.object({
  formula: z.string(),
  periodStart: z.string(),
  inputs: z.record(z.string(), z.string()),
  savingYuan: z.string(),
  tier: z.string().nullable(),
  awardYuan: z.string().nullable(),
  rounding: z.string(),
});

export const itemView = z.object({
  id: z.string(),
  number: z.string(),
  orgId: z.string(),
  title: z.string(),
  category: z.enum(INNOVATION_CATEGORIES),
  area: z.enum(INNOVATION_AREAS),
  problem: z.string(),
  measures: z.string(),
  expectedBenefit: z.string(),
  estimatedBenefitYuan: z.string().nullable(),
  studioId: z.string().nullable(),
  studioName: z.string().nullable(),
  team: z.string(),
  ownDuties: z.boolean(),
  status: z.enum(INNOVATION_STATUSES),
  reason: z.string().nullable(),
  implementedOn: z.string().nullable(),
  proposers: z.array(z.object({ personId: z.string(), name: z.string(), shareBp: z.number(), awardYuan: z.string().nullable() })),
  benefit: benefitView.nullable(),
  /** status merged: the item that keeps this one's history, and why it was merged */
  mergedInto: z.object({ id: z.string(), number: z.string(), title: z.string() }).nullable(),
  mergeReason: z.string().nullable(),
});
export type ItemView = z.infer<typeof itemView>;

export const workerAccountBody = z.strictObject({
  personId: id,
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9_.-]{3,40}$/),
  password: z.string().min(1).max(200),
});
export type WorkerAccountInput = z.infer<typeof workerAccountBody>;
export const workerAccountView = z.object({ userId: z.string(), username: z.string(), personId: z.string() });

/** Proposers to pick: registry people of an organisation's subtree by name (a worker's: their enterprise's). */
export const proposerQuery = z.strictObject({
  orgId: id.optional(),
  q: z.string().trim().min(1).max(50),
});
export type ProposerQuery = z.infer<typeof proposerQuery>;
export const proposerList = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), orgName: z.string(), self: z.boolean() })),
});

export const listItemsQuery = z.strictObject({
  orgId: id.optional(),
  /** merged duplicates are left out unless asked for by this status */
  status: z.enum(INNOVATION_STATUSES).optional(),
  /** a number (CX000012, or 12) or a part of the title */
  q: z.string().trim().max(100).optional(),
  ...pageQuery,
});
export type ListItemsQuery = z.infer<typeof listItemsQuery>;
export const itemList = z.object({ items: z.array(itemView), total: z.number() });

// ---- merging duplicates (issue #16 item 3)
export const mergeBody = z.strictObject({
  /** the duplicate to merge into the item of the path, which keeps the history of both */
  duplicateId: id,
  /** the kept item's proposers from now on (shares summing to 100%) */
  proposers: createItemBody.shape.proposers,
  reason: safeText(2000).nullish(),
});
export type MergeInput = z.infer<typeof mergeBody>;

/** An item's timeline: its audited steps and those of the duplicates merged into it. */
export const historyView = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      action: z.string(),
      actor: z.string().nullable(),
      summary: z.string(),
      /** the duplicate this event happened on, before it was merged into this item */
      fromItem: z.object({ id: z.string(), number: z.string(), title: z.string() }).nullable(),
    }),
  ),
});

// ---- upward selections (issue #16 item 5)
export const SELECTION_KINDS = ['top_ten', 'five_smalls', 'advanced_method', 'other'] as const;
export const createSelectionBody = z.strictObject({
  orgId: id,
  name: safeText(200),
  kind: z.enum(SELECTION_KINDS),
  year: z.number().int().min(2000).max(2100),
  deadline: isoDate,
});
export type CreateSelectionInput = z.infer<typeof createSelectionBody>;
export const selectionView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  kind: z.enum(SELECTION_KINDS),
  year: z.number(),
  deadline: z.string(),
  /** the deadline is not past (China time) */
  open: z.boolean(),
  entries: z.number(),
  /** the caller's organisation is the selecting one (or above it): it reviews the entries */
  canReview: z.boolean(),
  /** the selection is of an organisation above the caller's: the caller recommends into it */
  canRecommend: z.boolean(),
});
export const selectionList = z.object({ items: z.array(selectionView) });
export const selectionParams = z.strictObject({ id });

export const recommendBody = z.strictObject({ selectionId: id, note: safeText(2000).nullish() });
export type RecommendInput = z.infer<typeof recommendBody>;

export const ENTRY_DECISIONS = ['selected', 'not_selected'] as const;
export const reviewEntryBody = z.strictObject({
  score: z
    .string()
    .trim()
    .refine((v) => /^\d{1,3}(\.\d{1,2})?$/.test(v) && Number(v) <= 100, { params: { reason: 'score' } })
    .nullish(),
  rank: z.number().int().min(1).max(10_000).nullish(),
  decision: z.enum(ENTRY_DECISIONS).nullish(),
  reason: safeText(2000).nullish(),
});
export type ReviewEntryInput = z.infer<typeof reviewEntryBody>;
export const awardBody = z.strictObject({ name: safeText(200), tier: safeText(100).nullish(), amount: decimalText });
export type AwardInput = z.infer<typeof awardBody>;

export const entryView = z.object({
  id: z.string(),
  selectionId: z.string(),
  selectionName: z.string(),
  selectionOrgName: z.string(),
  selectionYear: z.number(),
  itemId: z.string(),
  itemNumber: z.string(),
  itemTitle: z.string(),
  itemCategory: z.enum(INNOVATION_CATEGORIES),
  itemOrgName: z.string(),
  recommendedByName: z.string(),
  note: z.string(),
  score: z.string().nullable(),
  rank: z.number().nullable(),
  decision: z.enum(ENTRY_DECISIONS).nullable(),
  reason: z.string().nullable(),
  awards: z.array(z.object({ id: z.string(), name: z.string(), tier: z.string(), amountYuan: z.string() })),
});
export type EntryView = z.infer<typeof entryView>;
export const entryList = z.object({ items: z.array(entryView) });
export const entryParams = z.strictObject({ id });

// ---- patents (issue #16 item 6)
export const PATENT_TYPES = ['invention', 'utility_model', 'design'] as const;
export const patentBody = z.strictObject({
  type: z.enum(PATENT_TYPES),
  /** CN application number: 8 or 12 digits, a dot and the check character (e.g. 202310123456.7) */
  applicationNo: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => /^(CN)?(\d{8}|\d{12})\.[\dX]$/.test(v), { params: { reason: 'application_no' } }),
  applicationDate: isoDate,
  grantNo: safeText(40).nullish(),
  grantDate: isoDate.nullish(),
  jobInvention: z.boolean(),
  inventors: z.array(id).min(1).max(20),
});
export type PatentInput = z.infer<typeof patentBody>;
export const patentView = z.object({
  id: z.string(),
  itemId: z.string(),
  type: z.enum(PATENT_TYPES),
  applicationNo: z.string(),
  applicationDate: z.string(),
  grantNo: z.string().nullable(),
  grantDate: z.string().nullable(),
  jobInvention: z.boolean(),
  inventors: z.array(z.object({ personId: z.string(), name: z.string() })),
});
export type PatentView = z.infer<typeof patentView>;
export const patentList = z.object({ items: z.array(patentView) });

// ---- dashboard (issue #16 item 7)
export const dashboardQuery = z.strictObject({ orgId: id.optional() });
const figures = z.object({
  submitted: z.number(),
  adopted: z.number(),
  implemented: z.number(),
  decided: z.number(),
  /** percentages of the submitted, one decimal (null when nothing was submitted) */
  adoptionRate: z.number().nullable(),
  implementationRate: z.number().nullable(),
  estimatedFen: z.string(),
  verifiedFen: z.string(),
  awardsPaidFen: z.string(),
  recommended: z.number(),
  selected: z.number(),
  selectionAwardsFen: z.string(),
  patentsInvention: z.number(),
  patentsUtility: z.number(),
  patentsDesign: z.number(),
});
export type Figures = z.infer<typeof figures>;
export const dashboardView = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  totals: figures,
  workers: z.number(),
  /** submitted per 100 workers of the subtree, one decimal */
  submittedPer100: z.number().nullable(),
  participants: z.number(),
  /** distinct proposers of submitted results per 100 workers (%), one decimal */
  participationRate: z.number().nullable(),
  medianDecisionDays: z.number().nullable(),
  byCategory: z.array(figures.extend({ category: z.enum(INNOVATION_CATEGORIES) })),
  children: z.array(figures.extend({ orgId: z.string(), orgName: z.string() })),
  /** submitted results of the subtree by the studio they belong to (in the order of the studios' names) */
  byStudio: z.array(
    z.object({
      studioId: z.string(),
      studioName: z.string(),
      submitted: z.number(),
      adopted: z.number(),
      implemented: z.number(),
      verifiedFen: z.string(),
    }),
  ),
});
export type DashboardView = z.infer<typeof dashboardView>;
