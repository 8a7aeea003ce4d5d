// An innovation item may belong to a team or a studio (issue #16 item 2): the studio is a record of the
// studios module (one studio across levels), the team a free name. The dashboard reads items by studio.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE innovation_items ADD COLUMN studio_id bigint REFERENCES studios(id)`.execute(db);
  await sql`ALTER TABLE innovation_items ADD COLUMN team text NOT NULL DEFAULT ''`.execute(db);
  await sql`CREATE INDEX innovation_items_studio_idx ON innovation_items (studio_id) WHERE studio_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS innovation_items_studio_idx`.execute(db);
  await sql`ALTER TABLE innovation_items DROP COLUMN team`.execute(db);
  await sql`ALTER TABLE innovation_items DROP COLUMN studio_id`.execute(db);
}
