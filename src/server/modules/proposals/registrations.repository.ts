// The only SQL about worker self-registrations.
import { sql } from 'kysely';
import { subtreePattern } from '../../platform/access.js';
import type { Db } from '../people/people.repository.js';

export async function insertRegistration(db: Db, v: { person_id: string; username: string; password_hash: string }): Promise<string> {
  return (await db.insertInto('worker_registrations').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function hasPendingForPerson(db: Db, personId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('worker_registrations')
    .select('id')
    .where('person_id', '=', personId)
    .where('status', '=', 'pending')
    .executeTakeFirst());
}

export async function usernamePending(db: Db, username: string): Promise<boolean> {
  return !!(await db
    .selectFrom('worker_registrations')
    .select('id')
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .where('status', '=', 'pending')
    .executeTakeFirst());
}

const selectRegistration = (db: Db) =>
  db
    .selectFrom('worker_registrations as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select([
      'r.id',
      'r.person_id',
      'r.username',
      'r.password_hash',
      'r.status',
      'p.name as person_name',
      'p.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'p.id_masked',
      'p.phone_masked',
      sql<string>`to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('created_at'),
    ]);
export type RegistrationRow = NonNullable<Awaited<ReturnType<typeof findRegistration>>>;

export function findRegistration(db: Db, id: string) {
  return selectRegistration(db).where('r.id', '=', id).executeTakeFirst();
}

/** Locks a pending request for its decision (null when it is gone or already decided). */
export async function lockPending(db: Db, id: string): Promise<boolean> {
  return !!(await db
    .selectFrom('worker_registrations')
    .select('id')
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst());
}

/** Pending requests of people working in a subtree, oldest first. */
export async function listPending(db: Db, rootPath: string, limit: number, offset: number) {
  const q = selectRegistration(db).where('r.status', '=', 'pending').where('o.path', 'like', subtreePattern(rootPath));
  const [items, total] = await Promise.all([
    q.orderBy('r.id', 'asc').limit(limit).offset(offset).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

export async function decide(
  db: Db,
  id: string,
  v: { status: 'confirmed' | 'rejected'; reason?: string; user_id?: string; decided_by: string },
) {
  await db
    .updateTable('worker_registrations')
    .set({ ...v, decided_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** The organisation path of a request's person (the scope of its decision). */
export async function findRegistrationOrgPath(db: Db, id: string): Promise<string | undefined> {
  return (await findRegistration(db, id))?.org_path;
}
