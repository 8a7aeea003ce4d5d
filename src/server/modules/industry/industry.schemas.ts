// Request and response shapes of the industry chain: the GB/T 4754-2017 reference data, the
// division → industry union mapping, and enterprise ↔ industry union affiliations.
import { z } from 'zod';
import { ORG_LEVELS } from '../../db/schema.js';
import { pageQuery, sortQuery } from '../../platform/http.js';
import { INDUSTRY_CODES } from '../../../shared/industries.js';
import { AFFILIATION_SOURCES, AFFILIATION_STATUSES } from './industry.tables.js';

const id = z.string().regex(/^\d{1,18}$/);
export const idParam = z.strictObject({ id });
export const divisionParam = z.strictObject({ division: z.enum(INDUSTRY_CODES) });

export const industriesView = z.object({
  vintage: z.string(),
  sections: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  divisions: z.array(z.object({ code: z.string(), section: z.string(), zh: z.string(), en: z.string() })),
});

const unionRef = z.object({ id: z.string(), name: z.string(), level: z.enum(ORG_LEVELS), regionCode: z.string().nullable() });
export type UnionRef = z.infer<typeof unionRef>;

export const mappingView = z.object({ items: z.array(z.object({ division: z.string(), unions: z.array(unionRef) })) });
export const setMappingBody = z.strictObject({ unionIds: z.array(id).max(50) });

export const affiliationView = z.object({
  id: z.string(),
  enterprise: z.object({
    id: z.string(),
    name: z.string(),
    regionCode: z.string().nullable(),
    industryCode: z.string().nullable(),
    /** The enterprise's territorial chain, top first (names). */
    pathNames: z.array(z.string()),
  }),
  union: unionRef,
  status: z.enum(AFFILIATION_STATUSES),
  source: z.enum(AFFILIATION_SOURCES),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  createdAt: z.string(),
  /** What the caller may do with it. */
  permissions: z.object({ canConfirm: z.boolean(), canEnd: z.boolean() }),
});
export type AffiliationView = z.infer<typeof affiliationView>;
export const affiliationList = z.object({ items: z.array(affiliationView), total: z.number() });

export const createAffiliationBody = z.strictObject({ unionId: id });

export const AFFILIATION_SORT_FIELDS = ['name', 'since', 'industry'] as const;
export const listAffiliationsQuery = z.strictObject({
  unionId: id.optional(),
  status: z.enum(AFFILIATION_STATUSES).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  sort: sortQuery(AFFILIATION_SORT_FIELDS),
  ...pageQuery,
});
export type ListAffiliationsQuery = z.infer<typeof listAffiliationsQuery>;
