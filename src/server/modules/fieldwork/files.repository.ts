// SQL of the files on field-work records (fw_attachments): a problem's, a visit report's, a
// meeting's and an agenda item's.
import type { Db } from './fieldwork.repository.js';
import type { AttachmentOwnerKind } from './fieldwork.tables.js';

export interface FileRow {
  id: string;
  owner_kind: AttachmentOwnerKind;
  owner_id: string;
  item_key: string | null;
  file_key: string;
  file_name: string;
  size: string;
  sha256: string;
  content_type: string;
  created_at: Date;
}

const COLUMNS = [
  'id',
  'owner_kind',
  'owner_id',
  'item_key',
  'file_key',
  'file_name',
  'size',
  'sha256',
  'content_type',
  'created_at',
] as const;

export async function insertFile(
  db: Db,
  v: {
    owner_kind: AttachmentOwnerKind;
    owner_id: string;
    item_key: string | null;
    file_key: string;
    file_name: string;
    size: number;
    sha256: string;
    content_type: string;
    uploaded_by: string;
  },
): Promise<string> {
  return (await db.insertInto('fw_attachments').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export function findFile(db: Db, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('fw_attachments').select(COLUMNS).where('id', '=', id).executeTakeFirst() as Promise<FileRow | undefined>;
}

/** The files of some owners of one kind, oldest first. */
export function listFiles(db: Db, kind: AttachmentOwnerKind, ownerIds: string[]): Promise<FileRow[]> {
  if (!ownerIds.length) return Promise.resolve([]);
  return db
    .selectFrom('fw_attachments')
    .select(COLUMNS)
    .where('owner_kind', '=', kind)
    .where('owner_id', 'in', ownerIds)
    .orderBy('id')
    .execute() as Promise<FileRow[]>;
}

export async function countFiles(db: Db, kind: AttachmentOwnerKind, ownerId: string, itemKey: string | null): Promise<number> {
  let q = db
    .selectFrom('fw_attachments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('owner_kind', '=', kind)
    .where('owner_id', '=', ownerId);
  if (itemKey !== null) q = q.where('item_key', '=', itemKey);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function deleteFile(db: Db, id: string): Promise<void> {
  await db.deleteFrom('fw_attachments').where('id', '=', id).execute();
}

/** Removes the files of agenda items no longer on the meeting's agenda; returns their store keys. */
export async function deleteAgendaFilesExcept(db: Db, meetingId: string, keep: string[]): Promise<FileRow[]> {
  let q = db.deleteFrom('fw_attachments').where('owner_kind', '=', 'agenda_item').where('owner_id', '=', meetingId);
  if (keep.length) q = q.where('item_key', 'not in', keep);
  return (await q.returning(COLUMNS).execute()) as FileRow[];
}
