// Optimistic locking of tasks and progress reports: each edit names the version it read and bumps it,
// so a stale edit answers 409 instead of silently overwriting someone else's. Reports already have a
// `version` (the number of submissions), so their edit counter is `revision`. A constant default is
// metadata only on PostgreSQL 11+: no table rewrite however many rows there are.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tasks ADD COLUMN version integer NOT NULL DEFAULT 1`.execute(db);
  await sql`ALTER TABLE task_reports ADD COLUMN revision integer NOT NULL DEFAULT 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE task_reports DROP COLUMN revision`.execute(db);
  await sql`ALTER TABLE tasks DROP COLUMN version`.execute(db);
}
