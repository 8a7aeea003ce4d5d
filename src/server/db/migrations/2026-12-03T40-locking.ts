// Concurrency of the writes two people (or two imports) can make at once.
// - people.version, organisations.version: optimistic locking. Every update adds 1; a client sends the
//   version it read and a write based on an older one is refused (409 conflict). A constant default
//   makes the column metadata-only on PostgreSQL 11+, even at 5,000,000 people.
// - people_imports: at most one committing import per target organisation and one open import of a
//   file per organisation, both as partial unique indexes, so the database decides atomically and the
//   rule outlives any process; applied_rows lets a commit check that it applied every staged row; a
//   background failure is stored as an error code with parameters, translated when read (the free text
//   `failure` held raw error messages).
import { sql, type Kysely } from 'kysely';

const OPEN = `('uploaded','validating','validated','committing')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE people ADD COLUMN version integer NOT NULL DEFAULT 1`.execute(db);
  await sql`ALTER TABLE organisations ADD COLUMN version integer NOT NULL DEFAULT 1`.execute(db);

  await sql`ALTER TABLE people_imports ADD COLUMN applied_rows integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE people_imports ADD COLUMN failure_code text`.execute(db);
  await sql`ALTER TABLE people_imports ADD COLUMN failure_params jsonb`.execute(db);
  await sql`UPDATE people_imports SET failure_code = 'internal' WHERE failure IS NOT NULL`.execute(db);
  await sql`ALTER TABLE people_imports DROP COLUMN failure`.execute(db);
  // Batches applied before this column existed count as applied in full (the marker vouches for them).
  await sql`UPDATE people_imports SET applied_rows = least(valid_rows, committed_batches * batch_size) WHERE status IN ('committing','committed')`.execute(
    db,
  );

  // Left over from before the checks were atomic: of two committing imports into one organisation, or
  // two open imports of one file, the newest stays and the older ones fail (they can be validated again).
  await sql`
    UPDATE people_imports i SET status = 'failed', failure_code = 'import_busy', failure_params = jsonb_build_object('importId', j.id::text, 'fileName', j.file_name)
    FROM people_imports j WHERE i.status = 'committing' AND j.status = 'committing' AND j.org_id = i.org_id AND j.id > i.id`.execute(db);
  await sql
    .raw(`
    UPDATE people_imports i SET status = 'failed', failure_code = 'import_duplicate', failure_params = jsonb_build_object('importId', j.id::text, 'status', j.status)
    FROM people_imports j WHERE i.status IN ${OPEN} AND j.status IN ${OPEN} AND j.org_id = i.org_id AND j.file_sha256 = i.file_sha256 AND j.id > i.id`)
    .execute(db);

  await sql
    .raw(`CREATE UNIQUE INDEX people_imports_open_file_idx ON people_imports (org_id, file_sha256) WHERE status IN ${OPEN}`)
    .execute(db);
  await sql`CREATE UNIQUE INDEX people_imports_committing_idx ON people_imports (org_id) WHERE status = 'committing'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS people_imports_committing_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS people_imports_open_file_idx`.execute(db);
  await sql`ALTER TABLE people_imports ADD COLUMN failure text`.execute(db);
  await sql`UPDATE people_imports SET failure = failure_code WHERE failure_code IS NOT NULL`.execute(db);
  await sql`ALTER TABLE people_imports DROP COLUMN failure_params`.execute(db);
  await sql`ALTER TABLE people_imports DROP COLUMN failure_code`.execute(db);
  await sql`ALTER TABLE people_imports DROP COLUMN applied_rows`.execute(db);
  await sql`ALTER TABLE organisations DROP COLUMN version`.execute(db);
  await sql`ALTER TABLE people DROP COLUMN version`.execute(db);
}
