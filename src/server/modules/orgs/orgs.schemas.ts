// Request and response shapes of the organisation routes; the response schemas are field whitelists.
import { z } from 'zod';
import { ORG_KINDS, ORG_LEVELS, ORG_STATUSES } from '../../db/schema.js';
import { pageQuery } from '../../platform/http.js';
import { isValidUscc, normaliseUscc } from './uscc.js';
import { findRegion } from './regions.js';
import { INDUSTRY_CODES } from '../../../shared/industries.js';

/** An enterprise's GB/T 4754-2017 division (two digits). */
const industryCode = z.enum(INDUSTRY_CODES);

export const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/) });
const id = z.string().regex(/^\d{1,18}$/);

const name = z.string().trim().min(1).max(100);
const regionCode = z
  .string()
  .regex(/^\d{6}$/)
  .refine((c) => findRegion(c) !== undefined, { params: { reason: 'invalid_region' } });
const uscc = z
  .string()
  .transform(normaliseUscc)
  .refine(isValidUscc, { params: { reason: 'invalid_uscc' } });

export const createOrgBody = z.strictObject({
  parentId: id,
  name,
  kind: z.enum(ORG_KINDS),
  level: z.enum(ORG_LEVELS),
  regionCode: regionCode.nullish(),
  uscc: uscc.nullish(),
  unionName: z.string().trim().max(100).nullish(),
  industryCode: industryCode.nullish(),
});
export type CreateOrgInput = z.infer<typeof createOrgBody>;

/** The version the client read (optimistic locking); a newer one in the database answers 409 conflict. */
const version = z.number().int().min(1);

export const updateOrgBody = z.strictObject({
  version: version.optional(),
  name: name.optional(),
  level: z.enum(ORG_LEVELS).optional(),
  regionCode: regionCode.nullish(),
  uscc: uscc.nullish(),
  unionName: z.string().trim().max(100).nullish(),
  industryCode: industryCode.nullish(),
});
export type UpdateOrgInput = z.infer<typeof updateOrgBody>;

export const moveOrgBody = z.strictObject({ parentId: id, version: version.optional() });
/** Archive and restore take no body: the version the client read goes in the query string. */
export const versionQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

export const listOrgsQuery = z.strictObject({
  parentId: id.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(ORG_KINDS).optional(),
  includeArchived: z.enum(['true', 'false']).optional(),
  ...pageQuery,
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListOrgsQuery = z.infer<typeof listOrgsQuery>;

export const orgView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  level: z.enum(ORG_LEVELS),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  uscc: z.string().nullable(),
  unionName: z.string().nullable(),
  /** GB/T 4754-2017 division of an enterprise. */
  industryCode: z.string().nullable(),
  status: z.enum(ORG_STATUSES),
  depth: z.number(),
  childCount: z.number(),
  /** Raised by every edit, move, archive or restore; send it back with a change. */
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrgView = z.infer<typeof orgView>;

export const orgDetailView = orgView.extend({
  ancestors: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The industry chain: the industry unions the enterprise is actively affiliated to. */
  industryUnions: z.array(z.object({ id: z.string(), name: z.string(), level: z.enum(ORG_LEVELS), since: z.string().nullable() })),
  /** Seen through the caller's industry union only: readable, never editable by the caller. */
  industryReach: z.boolean(),
});
export const orgListItem = orgView.extend({ pathNames: z.array(z.string()).optional() });
export const orgList = z.object({ items: z.array(orgListItem), total: z.number() });

export const regionsQuery = z.strictObject({
  parentCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export const regionList = z.array(z.object({ code: z.string(), name: z.string(), hasChildren: z.boolean() }));
