// Request and response shapes of agenda proposals (议题征集): the proposal deadline, a unit's
// proposed item, the convenor's decision.
import { z } from 'zod';
import { isoDate, longText, text } from '../tasks/tasks.schemas.js';

export const PROPOSAL_STATUSES = ['pending', 'accepted', 'declined'] as const;

export const proposalDeadlineBody = z.strictObject({ deadline: isoDate.nullable() });

export const proposeBody = z.strictObject({
  title: text(500),
  presenter: longText(100).optional(),
  minutesWanted: z.number().int().min(1).max(600).optional(),
  notes: longText(2000).optional(),
});
export type ProposeInput = z.infer<typeof proposeBody>;

export const declineBody = z.strictObject({ reason: text(500) });

const orgRef = z.object({ id: z.string(), name: z.string() });
export const proposalView = z.object({
  id: z.string(),
  meetingId: z.string(),
  org: orgRef,
  title: z.string(),
  presenter: z.string(),
  minutesWanted: z.number().nullable(),
  notes: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  declineReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type ProposalView = z.infer<typeof proposalView>;

export const proposalsView = z.object({
  meetingId: z.string(),
  meetingDate: z.string(),
  /** The last day a unit may propose; null: the convenor has not opened the call. */
  deadline: z.string().nullable(),
  /** Proposals may be made today. */
  open: z.boolean(),
  /** The caller is on the convenor's side and may set the deadline, accept and decline. */
  canDecide: z.boolean(),
  /** The invitations the caller may propose for (its own units' invitations). */
  proposers: z.array(z.object({ invitationId: z.string(), org: orgRef })),
  /** The convenor's side: every proposal; an invited unit: its own. */
  items: z.array(proposalView),
});
export type ProposalsView = z.infer<typeof proposalsView>;
