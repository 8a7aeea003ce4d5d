// Questionnaires and status returns (issue 13 item 2): a form owned by an organisation, standing or
// attached to a 问卷/大调研 visit, sent to units the organiser reaches, answered by each unit (draft,
// submit by the deadline), rolled up per question over the organiser's subtree.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE fw_returns (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      visit_id bigint REFERENCES fw_visits(id),
      title text NOT NULL,
      intro text NOT NULL DEFAULT '',
      deadline date NOT NULL,
      questions jsonb NOT NULL DEFAULT '[]',
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX fw_returns_org_idx ON fw_returns (org_id, deadline DESC)`.execute(db);
  await sql`
    CREATE TABLE fw_return_answers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      return_id bigint NOT NULL REFERENCES fw_returns(id) ON DELETE CASCADE,
      org_id bigint NOT NULL REFERENCES organisations(id),
      answers jsonb NOT NULL DEFAULT '{}',
      prefilled jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','draft','submitted')),
      submitted_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (return_id, org_id)
    )`.execute(db);
  await sql`CREATE INDEX fw_return_answers_org_idx ON fw_return_answers (org_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE fw_return_answers`.execute(db);
  await sql`DROP TABLE fw_returns`.execute(db);
}
