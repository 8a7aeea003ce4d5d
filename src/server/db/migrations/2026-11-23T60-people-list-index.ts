// The people list filtered by skill level and sorted by name reads the page's ids from the index
// alone (people.repository.ts listPeople: ids first, then the 20 rows): the skill index carries the
// name and id. Replaces people_skill_idx (skill_level, org_id), which it covers as a prefix.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX people_skill_name_idx ON people (skill_level, org_id, name, id) WHERE skill_level IS NOT NULL`.execute(db);
  await sql`DROP INDEX IF EXISTS people_skill_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS people_skill_idx ON people (skill_level, org_id) WHERE skill_level IS NOT NULL`.execute(db);
  await sql`DROP INDEX IF EXISTS people_skill_name_idx`.execute(db);
}
