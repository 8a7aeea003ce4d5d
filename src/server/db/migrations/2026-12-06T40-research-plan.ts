// Annual research plan items (issue 13 item 1): a topic of the organisation's year plan with its
// purpose, responsible leader and department; drafted, then approved by the organisation; a visit
// may carry out one plan item.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE fw_plan_items (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      topic text NOT NULL,
      purpose text NOT NULL DEFAULT '',
      leader_name text NOT NULL,
      leader_post text NOT NULL DEFAULT '',
      department text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved')),
      approved_by bigint REFERENCES users(id),
      approved_at timestamptz,
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX fw_plan_items_org_idx ON fw_plan_items (org_id, year)`.execute(db);
  await sql`ALTER TABLE fw_visits ADD COLUMN plan_item_id bigint REFERENCES fw_plan_items(id)`.execute(db);
  await sql`CREATE INDEX fw_visits_plan_item_idx ON fw_visits (plan_item_id) WHERE plan_item_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE fw_visits DROP COLUMN plan_item_id`.execute(db);
  await sql`DROP TABLE fw_plan_items`.execute(db);
}
