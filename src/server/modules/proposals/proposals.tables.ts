// Table types of the innovation module.
import type { ColumnType, Generated } from 'kysely';

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface InnovationItemsTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  category: string;
  area: string;
  problem: string;
  measures: string;
  expected_benefit: string;
  own_duties: boolean;
  proposers: Json;
  status: Generated<string>;
  reason: string | null;
  implemented_on: ColumnType<string | null, string | null | undefined, string | null>;
  benefit: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ProposalsTables {
  innovation_items: InnovationItemsTable;
}
