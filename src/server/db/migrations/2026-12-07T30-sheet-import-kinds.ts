// Sheet imports of other kinds than the roster (issue #15 item 7): studio lists and mentor–apprentice
// pair lists go through the roster import's machinery (people_imports: upload, header mapping,
// per-cell errors in people_import_errors, commit in batches with the progress marker, retention).
// An import says its kind; the rows of a studio or pair list are staged as validated JSON records
// with the key that makes a second import of the same rows add nothing.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE people_imports ADD COLUMN kind text NOT NULL DEFAULT 'roster' CHECK (kind IN ('roster','studios','pairs'))`.execute(
    db,
  );
  await sql`
    CREATE TABLE sheet_import_rows (
      import_id bigint NOT NULL REFERENCES people_imports(id) ON DELETE CASCADE,
      row_no integer NOT NULL,
      source_row integer NOT NULL,
      row_key text NOT NULL,
      data jsonb NOT NULL,
      PRIMARY KEY (import_id, row_no)
    )`.execute(db);
  // The keys a commit checks before inserting: a studio by enterprise and name, a pair by its two people and start.
  await sql`CREATE INDEX studios_org_name_idx ON studios (org_id, name)`.execute(db);
  await sql`CREATE INDEX mentorships_pair_idx ON mentorships (master_person_id, apprentice_person_id, start_on)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS mentorships_pair_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS studios_org_name_idx`.execute(db);
  await sql`DROP TABLE IF EXISTS sheet_import_rows`.execute(db);
  await sql`ALTER TABLE people_imports DROP COLUMN IF EXISTS kind`.execute(db);
}
