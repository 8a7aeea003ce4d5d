// Queries of the notifications module; every one is keyed by the recipient's user id.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { NotificationRow } from './notifications.tables.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function listForUser(
  db: Db,
  userId: string,
  opts: { unread?: boolean; limit: number; offset: number },
): Promise<{ rows: NotificationRow[]; total: number }> {
  let q = db.selectFrom('notifications').where('user_id', '=', userId);
  if (opts.unread) q = q.where('read_at', 'is', null);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findOwn(db: Db, userId: string, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

/** Marks one of the user's notifications read; undefined when it was read already (or is not theirs). */
export async function markRead(db: Db, userId: string, id: string, at: Date): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function markAllRead(db: Db, userId: string, at: Date): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
