// Roster imports that validate and commit together (issue #17 item 3): the import says it runs as a
// pipeline, so a restart after a crash resumes the pipeline (validation again from the file's start,
// the commit from its marker) rather than a commit of a staging table that is not complete.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE people_imports ADD COLUMN pipelined boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE people_imports DROP COLUMN IF EXISTS pipelined`.execute(db);
}
