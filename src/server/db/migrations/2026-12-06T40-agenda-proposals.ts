// Agenda items proposed by member units before a deadline (议题征集, issue 13 item 4): the convenor
// sets a proposal deadline on a meeting; an invited unit proposes an item; the convenor accepts it
// (it joins the meeting's agenda) or declines it with a reason.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE fw_meetings ADD COLUMN proposal_deadline date`.execute(db);
  await sql`
    CREATE TABLE fw_agenda_proposals (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      meeting_id bigint NOT NULL REFERENCES fw_meetings(id) ON DELETE CASCADE,
      org_id bigint NOT NULL REFERENCES organisations(id),
      title text NOT NULL,
      presenter text NOT NULL DEFAULT '',
      minutes_wanted integer,
      notes text NOT NULL DEFAULT '',
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','declined')),
      decline_reason text,
      proposed_by bigint REFERENCES users(id),
      decided_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX fw_agenda_proposals_meeting_idx ON fw_agenda_proposals (meeting_id, id)`.execute(db);
  await sql`CREATE INDEX fw_agenda_proposals_org_idx ON fw_agenda_proposals (org_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE fw_agenda_proposals`.execute(db);
  await sql`ALTER TABLE fw_meetings DROP COLUMN proposal_deadline`.execute(db);
}
