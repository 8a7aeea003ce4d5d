// Request and response shapes of the submission ledger (报送): submissions of an article to outlets
// and their outcome (采用), the outlet list, the ledger over a subtree and its counts per unit and
// period. Counts are information, never a ranking or score of units (2025 burden-reduction rules).
import { z } from 'zod';
import { pageQuery, sortQuery } from '../../platform/http.js';
import { id } from './news.schemas.js';
import { SUBMISSION_OUTCOMES } from './news.tables.js';

const isoDate = z.iso.date();
export const OUTLET_MAX = 60;
const outlet = z.string().trim().min(1).max(OUTLET_MAX);

/** A period: a year '2026', a quarter '2026-Q4' or a month '2026-12'. */
export const period = z.string().regex(/^\d{4}(?:-Q[1-4]|-(?:0[1-9]|1[0-2]))?$/);

export const submissionBody = z.strictObject({
  outlet,
  sentOn: isoDate,
  outcome: z.enum(SUBMISSION_OUTCOMES).default('pending'),
  adoptedOn: isoDate.nullish(),
  /** Where and how it was adopted: page, link, issue number. */
  placement: z.string().trim().max(300).default(''),
  note: z.string().trim().max(1000).default(''),
});
export const updateSubmissionBody = z.strictObject({
  version: z.number().int().min(1),
  outlet: outlet.optional(),
  sentOn: isoDate.optional(),
  outcome: z.enum(SUBMISSION_OUTCOMES).optional(),
  adoptedOn: isoDate.nullish(),
  placement: z.string().trim().max(300).optional(),
  note: z.string().trim().max(1000).optional(),
});

export const submissionView = z.object({
  id: z.string(),
  articleId: z.string(),
  headline: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  outlet: z.string(),
  sentOn: z.string(),
  outcome: z.enum(SUBMISSION_OUTCOMES),
  adoptedOn: z.string().nullable(),
  placement: z.string(),
  note: z.string(),
  version: z.number(),
  createdAt: z.string(),
});
export const submissionList = z.object({ items: z.array(submissionView) });

export const ledgerQuery = z.strictObject({
  orgId: id.optional(),
  period: period.optional(),
  outlet: z.string().trim().max(OUTLET_MAX).optional(),
  outcome: z.enum(SUBMISSION_OUTCOMES).optional(),
  sort: sortQuery(['sentOn', 'outlet', 'adoptedOn', 'unit']),
  ...pageQuery,
});
/** The ledger's filters and order without paging: the export holds every row. */
export const ledgerExportQuery = ledgerQuery.omit({ page: true, pageSize: true });
export const ledgerList = z.object({
  items: z.array(submissionView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const countsQuery = z.strictObject({ orgId: id.optional(), period: period.optional() });
const tally = { sent: z.number(), adopted: z.number() };
export const countsView = z.object({
  period: z.string().nullable(),
  /** Per unit (the article's organisation), in the order of their names: information, never a ranking. */
  units: z.array(z.object({ orgId: z.string(), orgName: z.string(), ...tally })),
  outlets: z.array(z.object({ outlet: z.string(), ...tally })),
  total: z.object(tally),
});

export const outletsQuery = z.strictObject({ orgId: id.optional() });
export const outletBody = z.strictObject({ orgId: id.optional(), outlet });
export const outletList = z.object({
  items: z.array(z.object({ name: z.string(), /** null: built in */ orgId: z.string().nullable() })),
});
