// Table types of the industry chain (migration 2026-12-04T20-industry-chain): which industry unions
// serve a division, enterprise ↔ industry union affiliations with their history, and the unions' totals.
import type { ColumnType, Generated } from 'kysely';
import type { TotalColumn } from '../dashboard/dashboard.tables.js';

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Count = ColumnType<number, number | undefined, number>;

export const AFFILIATION_STATUSES = ['proposed', 'active', 'ended', 'declined'] as const;
export type AffiliationStatus = (typeof AFFILIATION_STATUSES)[number];
/** Who started an affiliation: proposed from the industry code, set by the territorial chain, or by the industry union. */
export const AFFILIATION_SOURCES = ['industry_code', 'territorial', 'industry_union'] as const;
export type AffiliationSource = (typeof AFFILIATION_SOURCES)[number];

export interface IndustryUnionDivisionsTable {
  division: string;
  union_id: string;
}

export interface OrgAffiliationsTable {
  id: Generated<string>;
  enterprise_id: string;
  union_id: string;
  status: AffiliationStatus;
  source: AffiliationSource;
  valid_from: NullableTimestamp;
  valid_to: NullableTimestamp;
  created_by: string | null;
  decided_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type IndustryTotalsTable = { union_id: string } & Record<TotalColumn, Count>;

/** Per industry union and territorial organisation: the union's affiliated enterprises in that subtree (migration 2026-12-06T10-industry-areas). */
export type IndustryAreaTotalsTable = { union_id: string; org_id: string } & Record<TotalColumn, Count>;

export interface IndustryTables {
  industry_union_divisions: IndustryUnionDivisionsTable;
  org_affiliations: OrgAffiliationsTable;
  industry_totals: IndustryTotalsTable;
  industry_area_totals: IndustryAreaTotalsTable;
}
