// The only SQL about honours and the federations' craftsman titles.
import { sql } from 'kysely';
import { subtreePattern } from '../../platform/access.js';
import type { Db } from './people.repository.js';

export function listHonours(db: Db, personId: string) {
  return db
    .selectFrom('person_honours')
    .select(['id', 'kind', 'grade', 'title', 'year', 'awarding_body'])
    .where('person_id', '=', personId)
    .orderBy(sql`year DESC NULLS LAST`)
    .orderBy('id', 'desc')
    .execute();
}

export async function insertHonour(
  db: Db,
  v: { person_id: string; kind: string; grade: string | null; title: string | null; year: number | null; awarding_body: string | null },
) {
  const r = await db
    .insertInto('person_honours')
    .values(v)
    .onConflict((oc) => oc.columns(['person_id', 'kind', 'grade', 'title', 'year']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export function findHonour(db: Db, personId: string, honourId: string) {
  return db.selectFrom('person_honours').selectAll().where('person_id', '=', personId).where('id', '=', honourId).executeTakeFirst();
}

export function deleteHonour(db: Db, honourId: string) {
  return db.deleteFrom('person_honours').where('id', '=', honourId).execute();
}

/** Titles defined by the organisation at `path` or any organisation above it, nearest last. */
export function titlesAlongPath(db: Db, path: string) {
  const ids = path.split('.').filter(Boolean);
  return db
    .selectFrom('craftsman_titles as t')
    .innerJoin('organisations as o', 'o.id', 't.org_id')
    .select(['t.id', 't.name', 't.org_id', 'o.name as org_name', 'o.depth'])
    .where('t.org_id', 'in', ids)
    .orderBy('o.depth')
    .orderBy('t.name')
    .execute();
}

/**
 * Titles an import into `path` can meet: those of the federations above it (and itself) and those of
 * federations below it (rows placed into enterprises further down), each with its organisation's path.
 */
export function titlesAroundPath(db: Db, path: string) {
  const ids = path.split('.').filter(Boolean);
  return db
    .selectFrom('craftsman_titles as t')
    .innerJoin('organisations as o', 'o.id', 't.org_id')
    .select(['t.name', 'o.path'])
    .where((eb) => eb.or([eb('t.org_id', 'in', ids), eb('o.path', 'like', subtreePattern(path))]))
    .execute();
}

export async function insertTitle(db: Db, orgId: string, name: string) {
  const r = await db
    .insertInto('craftsman_titles')
    .values({ org_id: orgId, name })
    .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function findTitleOrgPath(db: Db, id: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('craftsman_titles as t')
    .innerJoin('organisations as o', 'o.id', 't.org_id')
    .select('o.path')
    .where('t.id', '=', id)
    .executeTakeFirst();
  return r?.path;
}

export function deleteTitle(db: Db, id: string) {
  return db.deleteFrom('craftsman_titles').where('id', '=', id).returning(['id', 'org_id', 'name']).executeTakeFirst();
}
