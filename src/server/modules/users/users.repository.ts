// The only place that talks SQL about user accounts.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, NewUser, UserRow } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
import { userNameKey } from '../../platform/sort-key.js';

type Db = Kysely<Database> | Transaction<Database>;
export type UserWithOrg = UserRow & { org_name: string; org_path: string };

const withOrg = (db: Db) =>
  db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .selectAll('u')
    .select(['o.name as org_name', 'o.path as org_path']);

export function findUserById(db: Db, id: string): Promise<UserWithOrg | undefined> {
  return withOrg(db).where('u.id', '=', id).executeTakeFirst();
}

export async function findUserOrgPath(db: Db, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select('o.path')
    .where('u.id', '=', id)
    .executeTakeFirst();
  return row?.path;
}

export function lockUser(db: Transaction<Database>, id: string) {
  return withOrg(db).where('u.id', '=', id).forUpdate(['u']).executeTakeFirst();
}

export function usernameExists(db: Db, username: string) {
  return db.selectFrom('users').select('id').where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
}

const SORTS = { username: 'u.username', displayName: 'u.display_name_key', createdAt: 'u.created_at' } as const;
export type UserSortField = keyof typeof SORTS;

export async function listUsers(
  db: Db,
  f: {
    rootPath: string;
    q?: string;
    status?: string;
    role?: string;
    sort: { field: UserSortField; dir: 'asc' | 'desc' };
    limit: number;
    offset: number;
  },
) {
  let q = db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .where('o.path', 'like', subtreePattern(f.rootPath));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.display_name', 'ilike', like)]));
  }
  if (f.status) q = q.where('u.status', '=', f.status as never);
  if (f.role) q = q.where(sql<boolean>`${f.role} = ANY(u.roles)`);
  const [items, total] = await Promise.all([
    q
      .selectAll('u')
      .select(['o.name as org_name', 'o.path as org_path'])
      .orderBy(SORTS[f.sort.field], f.sort.dir)
      .orderBy('u.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

/** Inserts a user; the display name's sort key is computed here. */
export async function insertUser(db: Db, values: Omit<NewUser, 'display_name_key'>): Promise<string> {
  const row = await db
    .insertInto('users')
    .values({ ...values, display_name_key: userNameKey(values.display_name) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Updates a user; a new display name gets its sort key here. */
export function updateUser(db: Db, id: string, values: Partial<Omit<UserRow, 'id'>>) {
  const key = values.display_name !== undefined ? { display_name_key: userNameKey(values.display_name) } : {};
  return db
    .updateTable('users')
    .set({ ...values, ...key, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}
