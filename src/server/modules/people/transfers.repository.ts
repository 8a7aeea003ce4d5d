// The only SQL about transfer requests (a second organisation registering a known ID number).
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
import type { Db } from './people.repository.js';

function selectTransfer(db: Db) {
  return db
    .selectFrom('person_transfers as t')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .innerJoin('organisations as f', 'f.id', 't.from_org_id')
    .innerJoin('organisations as d', 'd.id', 't.to_org_id')
    .select([
      't.id',
      't.person_id',
      'p.name as person_name',
      't.requested_name',
      'p.id_masked',
      't.from_org_id',
      'f.name as from_org_name',
      'f.path as from_path',
      't.to_org_id',
      'd.name as to_org_name',
      'd.path as to_path',
      't.status',
      't.created_at',
      't.decided_at',
    ]);
}
export type TransferRecord = Awaited<ReturnType<typeof findTransfer>> & {};

export function findTransfer(db: Db, id: string) {
  return selectTransfer(db).where('t.id', '=', id).executeTakeFirst();
}

export async function findTransferFromPath(db: Db, id: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('person_transfers as t')
    .innerJoin('organisations as f', 'f.id', 't.from_org_id')
    .select('f.path')
    .where('t.id', '=', id)
    .executeTakeFirst();
  return r?.path;
}

/** Inserts a pending request, or finds the pending one already there (same person, same target). */
export async function upsertPendingTransfer(
  db: Db,
  v: { person_id: string; from_org_id: string; to_org_id: string; requested_name: string; requested_by: string | null },
): Promise<string> {
  const inserted = await db
    .insertInto('person_transfers')
    .values(v)
    .onConflict((oc) => oc.columns(['person_id', 'to_org_id']).where(sql<boolean>`status = 'pending'`).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const r = await db
    .selectFrom('person_transfers')
    .select('id')
    .where('person_id', '=', v.person_id)
    .where('to_org_id', '=', v.to_org_id)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Requests into or out of the subtree. incoming: the person works in the subtree, so the subtree
 * decides; outgoing: the subtree asked for someone registered elsewhere.
 */
export function listTransfers(
  db: Db,
  rootPath: string,
  status: 'pending' | 'approved' | 'rejected' | 'cancelled' | undefined,
  limit: number,
  offset: number,
  direction?: 'incoming' | 'outgoing',
) {
  const pattern = subtreePattern(rootPath);
  let q = selectTransfer(db).where((eb) =>
    direction === 'incoming'
      ? eb('f.path', 'like', pattern)
      : direction === 'outgoing'
        ? eb('d.path', 'like', pattern)
        : eb.or([eb('f.path', 'like', pattern), eb('d.path', 'like', pattern)]),
  );
  if (status) q = q.where('t.status', '=', status);
  return q.orderBy('t.id', 'desc').limit(limit).offset(offset).execute();
}

export function pendingTransfersOf(db: Db, personId: string) {
  return selectTransfer(db).where('t.person_id', '=', personId).where('t.status', '=', 'pending').orderBy('t.id').execute();
}

export function lockTransfer(db: Transaction<Database>, id: string) {
  return db.selectFrom('person_transfers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function decideTransfer(db: Db, id: string, status: 'approved' | 'rejected', userId: string) {
  return db.updateTable('person_transfers').set({ status, decided_by: userId, decided_at: new Date() }).where('id', '=', id).execute();
}

/** Closes the person's other pending requests once one is approved; returns them for the audit. */
export async function cancelOtherPending(db: Db, personId: string, exceptId: string, userId: string) {
  return db
    .updateTable('person_transfers')
    .set({ status: 'cancelled', decided_by: userId, decided_at: new Date() })
    .where('person_id', '=', personId)
    .where('status', '=', 'pending')
    .where('id', '<>', exceptId)
    .returning(['id', 'to_org_id'])
    .execute();
}
