// Table types of the worker registry: people, their skill history and honours, transfer requests,
// the federations' craftsman titles, and roster imports with their staged rows and per-cell errors.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** date columns travel as YYYY-MM-DD text (cast in SQL where read). */
type DateText = ColumnType<string, string, string>;
type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface PeopleTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  /** The name's pinyin sort key (platform/sort-key.ts, surname readings), COLLATE "C": lists order by it. */
  name_key: string;
  /** Keyed hash of the ID number: lookups and one person per ID number. */
  id_hash: string;
  /** The ID number sealed with the SecretBox (AES-256-GCM). */
  id_sealed: string;
  id_masked: string;
  gender: 'M' | 'F';
  birth_date: DateText;
  phone_sealed: string | null;
  phone_masked: string | null;
  union_member: Generated<boolean>;
  union_joined_on: NullableDateText;
  occupation: string | null;
  education: string | null;
  employment_status: Generated<string>;
  /** Rank (1–8) of the most recent certified skill level, kept with the history. */
  skill_level: number | null;
  /** Optimistic lock: +1 on every update (an edit, an import); a write based on an older one is refused. */
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface PersonSkillsTable {
  id: Generated<string>;
  person_id: string;
  level: number;
  certificate_no: Generated<string>;
  issuer: string | null;
  certified_on: NullableDateText;
  import_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface PersonHonoursTable {
  id: Generated<string>;
  person_id: string;
  kind: string;
  grade: string | null;
  title: string | null;
  year: number | null;
  awarding_body: string | null;
  import_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface PersonTransfersTable {
  id: Generated<string>;
  person_id: string;
  from_org_id: string;
  to_org_id: string;
  /** The name as the requesting organisation gave it. */
  requested_name: string;
  status: Generated<'pending' | 'approved' | 'rejected' | 'cancelled'>;
  requested_by: string | null;
  import_id: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  created_at: GeneratedTimestamp;
}

export interface CraftsmanTitlesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  created_at: GeneratedTimestamp;
}

export const IMPORT_STATUSES = ['uploaded', 'validating', 'validated', 'committing', 'committed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** What a sheet import brings in: a roster, or (innovation module) a studio list or a pair list. */
export const SHEET_KINDS = ['roster', 'studios', 'pairs'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

export interface PeopleImportsTable {
  id: Generated<string>;
  kind: Generated<SheetKind>;
  org_id: string;
  created_by: string | null;
  file_name: string;
  /** sha256 of the uploaded file, base64url. */
  file_sha256: string;
  file_size: string;
  file_format: 'xlsx' | 'csv';
  /** Names the key of the encrypted upload on disk (sealed-file.ts); deleted after commit. */
  file_nonce: string;
  status: Generated<ImportStatus>;
  header_row: number | null;
  headers: Json | null;
  mapping: Json | null;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  valid_rows: Generated<number>;
  error_rows: Generated<number>;
  error_count: Generated<number>;
  will_create: Generated<number>;
  will_update: Generated<number>;
  will_transfer: Generated<number>;
  batch_size: Generated<number>;
  total_batches: Generated<number>;
  /** Progress marker: batches applied, written in the same transaction as each batch's rows. */
  committed_batches: Generated<number>;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  transfer_count: Generated<number>;
  skip_invalid: Generated<boolean>;
  /** Validation and commit run together (issue #17): a restart resumes the pipeline, not a bare commit. */
  pipelined: Generated<boolean>;
  /** Staged rows the commit applied (created, updated or asked to transfer); must reach valid_rows. */
  applied_rows: Generated<number>;
  run_token: string | null;
  lease_until: NullableTimestamp;
  /** Why validation or commit failed in the background: an error code of the error model and its parameters. */
  failure_code: string | null;
  failure_params: Json | null;
  /** Totals, signature and blank-marker lines recognised and skipped (not errors). */
  skipped_rows: Generated<number>;
  /** Valid rows whose ID number is registered here under a different name (a decision each). */
  conflict_rows: Generated<number>;
  /** When the retention job deleted the uploaded file and the error report's data. */
  report_purged_at: NullableTimestamp;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  committed_at: NullableTimestamp;
}

/** A validated row waiting for commit; row_no numbers the valid rows 1…n, so batches are ranges. */
export interface PeopleImportRowsTable {
  import_id: string;
  row_no: number;
  source_row: number;
  org_id: string;
  name: string;
  name_key: string;
  id_hash: string;
  id_sealed: string;
  id_masked: string;
  gender: string;
  birth_date: DateText;
  phone_sealed: string | null;
  phone_masked: string | null;
  union_member: boolean | null;
  union_joined_on: NullableDateText;
  occupation: string | null;
  education: string | null;
  employment_status: string | null;
  skill_level: number | null;
  cert_no: string | null;
  cert_issuer: string | null;
  certified_on: NullableDateText;
  honours: Json | null;
  /** A name conflict's decision: rename the registered person, or skip the row. */
  decision: 'rename' | 'skip' | null;
}

/** A validated row of a studio or pair list: its record as JSON and the key a second import finds it by. */
export interface SheetImportRowsTable {
  import_id: string;
  row_no: number;
  source_row: number;
  row_key: string;
  data: ColumnType<unknown, string, string>;
}

export interface PeopleImportErrorsTable {
  import_id: string;
  source_row: number;
  col: number | null;
  field: string | null;
  code: string;
  value: string | null;
  /** A recognised non-data line (totals, signature…) skipped with its reason, not an error. */
  skipped: Generated<boolean>;
}

/** The ID number's hash of each row refused for another reason (duplicate check over the whole file). */
export interface PeopleImportIdsTable {
  import_id: string;
  source_row: number;
  col: number | null;
  id_hash: string;
}

/**
 * Every person under each organisation on their organisation's path, their own included (kept by
 * triggers, migrations 2026-12-01T10-people-scopes and 2026-12-03T40-name-sort-keys): a subtree's
 * people in pinyin order, a page at a time.
 */
export interface PeopleScopesTable {
  scope_id: string;
  /** The skill level, 0 for none. */
  skill_key: number;
  /** people.name_key */
  name_key: string;
  person_id: string;
}

export interface PeopleTables {
  people: PeopleTable;
  people_scopes: PeopleScopesTable;
  person_skills: PersonSkillsTable;
  person_honours: PersonHonoursTable;
  person_transfers: PersonTransfersTable;
  craftsman_titles: CraftsmanTitlesTable;
  people_imports: PeopleImportsTable;
  people_import_rows: PeopleImportRowsTable;
  people_import_errors: PeopleImportErrorsTable;
  people_import_ids: PeopleImportIdsTable;
  sheet_import_rows: SheetImportRowsTable;
}

export type PersonRow = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type ImportRow = Selectable<PeopleImportsTable>;
