// The only SQL about skill certificates (the level history of a person).
import { sql } from 'kysely';
import type { Db } from './people.repository.js';

export function listSkills(db: Db, personId: string) {
  return db
    .selectFrom('person_skills')
    .select([
      'id',
      'level',
      'certificate_no',
      'issuer',
      sql<string | null>`certified_on::text`.as('certified_on'),
      'import_id',
      'created_at',
    ])
    .where('person_id', '=', personId)
    .orderBy(sql`certified_on DESC NULLS LAST`)
    .orderBy('level', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Inserts a certificate; the same certificate again is no new history entry (returns undefined). */
export async function insertSkill(
  db: Db,
  v: { person_id: string; level: number; certificate_no: string; issuer: string | null; certified_on: string | null },
) {
  const r = await db
    .insertInto('person_skills')
    .values(v)
    .onConflict((oc) => oc.columns(['person_id', 'level', 'certificate_no', 'certified_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export function findSkill(db: Db, personId: string, skillId: string) {
  return db
    .selectFrom('person_skills')
    .select([
      'id',
      'level',
      'certificate_no',
      'issuer',
      sql<string | null>`certified_on::text`.as('certified_on'),
      'import_id',
      'created_at',
    ])
    .where('person_id', '=', personId)
    .where('id', '=', skillId)
    .executeTakeFirst();
}

/** Deletes a certificate and sets the person's current level from what remains (none left: no level). */
export async function deleteSkill(db: Db, personId: string, skillId: string) {
  await db.deleteFrom('person_skills').where('id', '=', skillId).where('person_id', '=', personId).execute();
  await sql`
    UPDATE people p SET skill_level = (
      SELECT level FROM person_skills s WHERE s.person_id = p.id ORDER BY certified_on DESC NULLS LAST, level DESC, id DESC LIMIT 1
    ), updated_at = now()
    WHERE p.id = ${personId}`.execute(db);
}
