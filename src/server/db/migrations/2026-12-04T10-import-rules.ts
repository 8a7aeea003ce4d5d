// Roster import rules (issue #11, item 1 and 3):
//  - people_import_errors.skipped: a totals, subtotal, blank-marker or signature line is recorded as a
//    skipped row with its reason (code), never counted as an error; people_imports.skipped_rows counts them.
//  - people_import_ids: the ID number's keyed hash of every row refused for another reason, so the
//    post-pass over the file (staged rows and refused rows together) reports every occurrence of an ID
//    number written more than once.
//  - people_import_rows.decision: what to do with a row whose ID number is registered under a
//    different name ('rename' or 'skip'); an undecided conflict blocks the commit.
//  - people_imports.report_purged_at: when the retention job deleted the uploaded file and the errors.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE people_import_errors ADD COLUMN skipped boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE people_imports ADD COLUMN skipped_rows integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE people_imports ADD COLUMN conflict_rows integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE people_imports ADD COLUMN report_purged_at timestamptz`.execute(db);
  await sql`ALTER TABLE people_import_rows ADD COLUMN decision text CHECK (decision IN ('rename','skip'))`.execute(db);
  await sql`
    CREATE TABLE people_import_ids (
      import_id bigint NOT NULL REFERENCES people_imports(id) ON DELETE CASCADE,
      source_row integer NOT NULL,
      col integer,
      id_hash text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX people_import_ids_idx ON people_import_ids (import_id, id_hash)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS people_import_ids`.execute(db);
  await sql`ALTER TABLE people_import_rows DROP COLUMN IF EXISTS decision`.execute(db);
  await sql`ALTER TABLE people_imports DROP COLUMN IF EXISTS report_purged_at`.execute(db);
  await sql`ALTER TABLE people_imports DROP COLUMN IF EXISTS conflict_rows`.execute(db);
  await sql`ALTER TABLE people_imports DROP COLUMN IF EXISTS skipped_rows`.execute(db);
  await sql`ALTER TABLE people_import_errors DROP COLUMN IF EXISTS skipped`.execute(db);
}
