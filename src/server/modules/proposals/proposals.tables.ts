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
  estimated_benefit_fen: ColumnType<string | null, string | null | undefined, string | null>;
  submitted_on: ColumnType<string | null, string | null | undefined, string | null>;
  decided_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** the studio the result belongs to (studios module), if any */
  studio_id: string | null;
  /** the team it came from, if no studio (free text) */
  team: Generated<string>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** a duplicate merged into another item (status 'merged'): that item, when and why */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  merged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  merge_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

type DateText = ColumnType<string, string, string>;
type BigText = ColumnType<string, string | number | bigint, string | number | bigint>;

/** An upper organisation's selection (评选): city top-ten innovations, a five-smalls contest, an advanced-method naming. */
export interface InnovationSelectionsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  kind: string;
  year: number;
  deadline: DateText;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

/** A result a lower organisation recommends into a selection, with the selection's own review. */
export interface InnovationEntriesTable {
  id: Generated<string>;
  selection_id: string;
  item_id: string;
  recommended_by: string;
  note: ColumnType<string, string | undefined, string>;
  score: ColumnType<string | null, string | null | undefined, string | null>;
  rank: ColumnType<number | null, number | null | undefined, number | null>;
  decision: ColumnType<string | null, string | null | undefined, string | null>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface InnovationAwardsTable {
  id: Generated<string>;
  entry_id: string;
  item_id: string;
  name: string;
  tier: ColumnType<string, string | undefined, string>;
  amount_fen: BigText;
  created_at: GeneratedTimestamp;
}

export interface InnovationPatentsTable {
  id: Generated<string>;
  item_id: string;
  type: string;
  application_no: string;
  application_date: DateText;
  grant_no: string | null;
  grant_date: ColumnType<string | null, string | null | undefined, string | null>;
  job_invention: boolean;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface InnovationPatentInventorsTable {
  patent_id: string;
  position: number;
  person_id: string;
}

/** Maintained by triggers (migration 2026-12-07T20-innovation-upward): per ancestor organisation × category. */
export interface InnovationTotalsTable {
  org_id: string;
  category: string;
  submitted: number;
  adopted: number;
  implemented: number;
  decided: number;
  estimated_fen: BigText;
  verified_fen: BigText;
  awards_paid_fen: BigText;
  recommended: number;
  selected: number;
  selection_awards_fen: BigText;
  patents_invention: number;
  patents_utility: number;
  patents_design: number;
}

/** A worker's self-registration awaiting (or decided by) the enterprise union; the password is argon2-hashed. */
export interface WorkerRegistrationsTable {
  id: Generated<string>;
  person_id: string;
  username: string;
  password_hash: string;
  status: Generated<string>;
  reason: string | null;
  user_id: string | null;
  decided_by: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: GeneratedTimestamp;
}

export interface ProposalsTables {
  worker_registrations: WorkerRegistrationsTable;
  innovation_items: InnovationItemsTable;
  innovation_selections: InnovationSelectionsTable;
  innovation_entries: InnovationEntriesTable;
  innovation_awards: InnovationAwardsTable;
  innovation_patents: InnovationPatentsTable;
  innovation_patent_inventors: InnovationPatentInventorsTable;
  innovation_totals: InnovationTotalsTable;
  innovation_participants: { org_id: string; person_id: string; items: number };
  innovation_decision_days: { org_id: string; days: number; n: number };
}
