// Request and response shapes of annual research plan items (年度调研计划).
import { z } from 'zod';
import { id, longText, text } from '../tasks/tasks.schemas.js';

export const PLAN_STATUSES = ['draft', 'approved'] as const;
const year = z.coerce.number().int().min(2000).max(2100);

export const listPlanQuery = z.strictObject({ year });
export const createPlanItemBody = z.strictObject({
  /** The organisation whose plan it is (default: the caller's). */
  orgId: id.optional(),
  year: z.number().int().min(2000).max(2100),
  topic: text(200),
  purpose: longText(2000).optional(),
  leaderName: text(50),
  leaderPost: longText(100).optional(),
  department: text(100),
});
export type CreatePlanItemInput = z.infer<typeof createPlanItemBody>;
export const updatePlanItemBody = createPlanItemBody.omit({ orgId: true }).partial().strict();
export type UpdatePlanItemInput = z.infer<typeof updatePlanItemBody>;
export const visitPlanBody = z.strictObject({ planItemId: id.nullable() });

const orgRef = z.object({ id: z.string(), name: z.string() });
export const planItemView = z.object({
  id: z.string(),
  org: orgRef,
  year: z.number(),
  topic: z.string(),
  purpose: z.string(),
  leaderName: z.string(),
  leaderPost: z.string(),
  department: z.string(),
  status: z.enum(PLAN_STATUSES),
  approvedAt: z.string().nullable(),
  visitCount: z.number(),
  /** The caller may edit (a draft) and approve it: on the organisation's side, with tasks.write. */
  canEdit: z.boolean(),
  /** The visits that carry it out (those the caller sees). */
  visits: z.array(z.object({ id: z.string(), title: z.string(), org: z.string(), startDate: z.string(), status: z.string() })).optional(),
});
export type PlanItemView = z.infer<typeof planItemView>;
export const planList = z.object({ year: z.number(), items: z.array(planItemView) });
export const visitPlanView = z.object({ visitId: z.string(), planItem: planItemView.nullable() });
