// The table types of the whole database, checked by the compiler.
// Each module owns its tables; this file gathers them into one Database interface.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DashboardTables } from '../modules/dashboard/dashboard.tables.js';
import type { NotificationsTables } from '../modules/notifications/notifications.tables.js';
import type { PeopleTables } from '../modules/people/people.tables.js';
import type { TasksTables } from '../modules/tasks/tasks.tables.js';
import type { NewsTables } from '../modules/news/news.tables.js';
import type { FieldworkTables } from '../modules/fieldwork/fieldwork.tables.js';
import type { InnovationTables } from '../modules/innovation/innovation.tables.js';
import type { IndustryTables } from '../modules/industry/industry.tables.js';
import type { ProposalsTables } from '../modules/proposals/proposals.tables.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined, string>;

export const ORG_KINDS = ['federation', 'industry_union', 'member_unit', 'enterprise'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_LEVELS = ['national', 'province', 'city', 'county', 'grassroots'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];
export const ORG_STATUSES = ['active', 'archived'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

export interface OrganisationsTable {
  id: Generated<string>; // bigint, returned by pg as a string
  parent_id: string | null;
  /** Materialized path of ids, e.g. "1.5.23." — "everything under X" is `path LIKE X.path || '%'`. */
  path: string;
  depth: number;
  name: string;
  /** The name's pinyin sort key (platform/sort-key.ts), COLLATE "C": lists order by it. */
  name_key: string;
  kind: OrgKind;
  level: OrgLevel;
  region_code: string | null;
  uscc: string | null;
  union_name: string | null;
  /** GB/T 4754-2017 division (two digits, src/shared/industries.ts) of an enterprise. */
  industry_code: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<OrgStatus>;
  /** Optimistic lock: +1 on every edit, move, archive or restore. */
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  /** The display name's pinyin sort key (platform/sort-key.ts), COLLATE "C". */
  display_name_key: string;
  org_id: string;
  roles: string[];
  password_hash: string;
  must_change_password: Generated<boolean>;
  status: Generated<UserStatus>;
  failed_logins: Generated<number>;
  locked_until: NullableTimestamp;
  totp_secret: string | null; // encrypted
  totp_pending_secret: string | null; // encrypted, during enrolment
  totp_enabled: Generated<boolean>;
  totp_last_step: string | null;
  locale: string | null;
  /** A worker's own registry person (role `worker`, innovation module); null for staff. */
  person_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface SessionsTable {
  /** sha256 of the cookie token; the token itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: GeneratedTimestamp;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_org_id: string | null;
  /** The organisation the entity belongs to; its path scopes who may read the entry. */
  org_id: string | null;
  org_path: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json | null;
  after: Json | null;
  ip: string | null;
  request_id: string | null;
  /** Tamper evidence (migration 2026-12-03T30-audit-chain): chain, position in it, keyed hash. */
  chain_no: number | null;
  chain_seq: string | null;
  hash: string | null;
}

export interface AuditChainHeadsTable {
  chain_no: number;
  seq: string;
  hash: string;
}

export interface LoginFailuresTable {
  name_hash: string;
  failed_logins: Generated<number>;
  locked_until: NullableTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface AuditChainStartTable {
  after_id: string;
}

export interface LoginRateTable {
  ip: string;
  window_start: Timestamp;
  attempts: number;
}

/** The foundation's tables. */
interface FoundationTables {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadsTable;
  audit_chain_start: AuditChainStartTable;
  login_failures: LoginFailuresTable;
  login_rate: LoginRateTable;
}

/**
 * Every table of the database. A domain module with tables of its own declares them in its
 * `<module>.tables.ts` and is added to this list.
 */
export interface Database
  extends FoundationTables,
    PeopleTables,
    NotificationsTables,
    TasksTables,
    DashboardTables,
    NewsTables,
    FieldworkTables,
    InnovationTables,
    IndustryTables,
    ProposalsTables {}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
