// The roster import's working tables cost less per row (issue #17, the PostgreSQL import's ratio; figures
// in docs/design.md, "The import's working tables"):
//  - Their foreign key to people_imports goes. Each staged row paid a referential check (a lookup and a
//    row lock of its import) that tripled the cost of inserting it: 100,000 rows of the staging table's
//    shape took 745-938 ms with the key and 260-487 ms without it. The key only ever checked rows the
//    import's own run writes for the import it holds, and its ON DELETE CASCADE never fired: an import is
//    never deleted (retention purges its rows and marks it, imports.repository.ts purgeImportData).
//  - The pipeline analyses the staging table's two batch-bounding columns before each batch it commits,
//    and waits for it. With a statistics target of 10 on those two columns ANALYZE samples 3,000 rows
//    instead of 30,000 (5 ms instead of 28-46 ms at 100,000 rows); ten histogram buckets bound a
//    batch's row range as well.
import { sql, type Kysely } from 'kysely';

const WORKING_TABLES = ['people_import_rows', 'people_import_errors', 'people_import_ids', 'sheet_import_rows'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of WORKING_TABLES) await sql.raw(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${t}_import_id_fkey`).execute(db);
  await sql`ALTER TABLE people_import_rows ALTER COLUMN import_id SET STATISTICS 10, ALTER COLUMN row_no SET STATISTICS 10`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE people_import_rows ALTER COLUMN import_id SET STATISTICS -1, ALTER COLUMN row_no SET STATISTICS -1`.execute(db);
  for (const t of WORKING_TABLES) {
    await sql
      .raw(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_import_id_fkey FOREIGN KEY (import_id) REFERENCES people_imports(id) ON DELETE CASCADE`)
      .execute(db);
  }
}
