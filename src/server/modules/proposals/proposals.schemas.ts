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
  ownDuties: z.boolean(),
  status: z.enum(INNOVATION_STATUSES),
  reason: z.string().nullable(),
  implementedOn: z.string().nullable(),
  proposers: z.array(z.object({ personId: z.string(), name: z.string(), shareBp: z.number(), awardYuan: z.string().nullable() })),
  benefit: benefitView.nullable(),
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

export const listItemsQuery = z.strictObject({
  orgId: id.optional(),
  status: z.enum(INNOVATION_STATUSES).optional(),
  ...pageQuery,
});
export type ListItemsQuery = z.infer<typeof listItemsQuery>;
export const itemList = z.object({ items: z.array(itemView), total: z.number() });
