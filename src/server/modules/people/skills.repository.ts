// The only SQL about skill certificates (the level history of a person).
import { sql } from 'kysely';
import type { Db } from './people.repository.js';

export function listSkills(db: Db, personId: string) {
  return db
    .selectFrom('person_skills')
    .select(['id', 'level', 'certificate_no', 'issuer', sql<string | null>`certified_on::text`.as('certified_on'), 'import_id', 'created_at'])
    .where('person_id', '=', personId)
    .orderBy(sql`certified_on DESC NULLS LAST`)
    .orderBy('level', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Inserts a certificate; the same certificate again is no new history entry (returns undefined). */
export async function insertSkill(db: Db, v: { person_id: string; level: number; certificate_no: string; issuer: string | null; certified_on: string | null }) {
  const r = await db
    .insertInto('person_skills')
    .values(v)
    .onConflict((oc) => oc.columns(['person_id', 'level', 'certificate_no', 'certified_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}
