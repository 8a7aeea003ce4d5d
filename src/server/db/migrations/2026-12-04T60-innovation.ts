// Employee innovation (issue #16): one table of items. Proposers (registry people with shares in basis
// points) and the verified benefit sheet are stored with the item as JSON; money in fen as text
// (exact, never a float). A studio link can be a nullable column added later.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE innovation_items (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      title text NOT NULL,
      category text NOT NULL,
      area text NOT NULL,
      problem text NOT NULL DEFAULT '',
      measures text NOT NULL DEFAULT '',
      expected_benefit text NOT NULL DEFAULT '',
      own_duties boolean NOT NULL DEFAULT false,
      proposers jsonb NOT NULL,
      status text NOT NULL DEFAULT 'draft',
      reason text,
      implemented_on date,
      benefit jsonb,
      created_by bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX innovation_items_org_idx ON innovation_items (org_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS innovation_items`.execute(db);
}
