// Files on field-work records (issue 13 items 1 and 4): a visit problem's attachments, the visit
// report's attachments, a meeting's documents and an agenda item's documents to review. One table:
// the owner's kind and id (the problem, the visit, the meeting; an agenda item is its meeting plus
// the item's key). The bytes live in the platform file store under `file_key`. Agenda items get a
// stable key each (existing items are keyed here) so a document stays with its item.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE fw_attachments (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      owner_kind text NOT NULL CHECK (owner_kind IN ('problem','visit_report','meeting','agenda_item')),
      owner_id bigint NOT NULL,
      item_key text,
      file_key text NOT NULL UNIQUE,
      file_name text NOT NULL,
      size bigint NOT NULL,
      sha256 text NOT NULL,
      content_type text NOT NULL,
      uploaded_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((owner_kind = 'agenda_item') = (item_key IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX fw_attachments_owner_idx ON fw_attachments (owner_kind, owner_id, id)`.execute(db);
  await sql`
    UPDATE fw_meetings m SET agenda = (
      SELECT jsonb_agg(CASE WHEN e ? 'key' THEN e ELSE e || jsonb_build_object('key', 'a' || md5(m.id::text || ':' || i::text)) END ORDER BY i)
      FROM jsonb_array_elements(m.agenda) WITH ORDINALITY AS t(e, i))
    WHERE jsonb_array_length(m.agenda) > 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE fw_attachments`.execute(db);
}
