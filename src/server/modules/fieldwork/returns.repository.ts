// All SQL of questionnaires and status returns: the forms, each recipient unit's answers, and the
// record facts a question can be pre-filled from (people, union members, skilled workers, open tasks).
import { sql } from 'kysely';
import { subtreePattern } from '../../platform/access.js';
import { industryReachSql } from '../../platform/reach.repository.js';
import type { Db } from './fieldwork.repository.js';

export interface ReturnRow {
  id: string;
  org_id: string;
  org_path: string;
  org_name: string;
  visit_id: string | null;
  title: string;
  intro: string;
  deadline: string;
  questions: unknown;
  created_at: Date;
}
export interface AnswerRow {
  id: string;
  return_id: string;
  org_id: string;
  org_path: string;
  org_name: string;
  answers: unknown;
  prefilled: unknown;
  status: 'pending' | 'draft' | 'submitted';
  submitted_at: Date | null;
}

const returnCols = sql`r.id::text AS id, r.org_id::text AS org_id, o.path AS org_path, o.name AS org_name,
  r.visit_id::text AS visit_id, r.title, r.intro, to_char(r.deadline, 'YYYY-MM-DD') AS deadline, r.questions, r.created_at`;

export async function insertReturn(
  db: Db,
  v: {
    org_id: string;
    visit_id: string | null;
    title: string;
    intro: string;
    deadline: string;
    questions: string;
    created_by: string | null;
  },
): Promise<string> {
  const r = await db.insertInto('fw_returns').values(v).returning('id').executeTakeFirstOrThrow();
  return String(r.id);
}

export async function insertAnswer(db: Db, returnId: string, orgId: string, answers: string, prefilled: string): Promise<void> {
  await db.insertInto('fw_return_answers').values({ return_id: returnId, org_id: orgId, answers, prefilled }).execute();
}

export async function findReturn(db: Db, id: string): Promise<ReturnRow | undefined> {
  const r = await sql<ReturnRow>`SELECT ${returnCols} FROM fw_returns r JOIN organisations o ON o.id = r.org_id WHERE r.id = ${id}`.execute(
    db,
  );
  return r.rows[0];
}

/** Returns organised in the subtree, or sent to a unit of it (or, with an industry union, to an enterprise affiliated to it). */
export async function listReturns(
  db: Db,
  orgPath: string,
  industryUnionId?: string,
): Promise<(ReturnRow & { recipients: number; submitted: number })[]> {
  const p = subtreePattern(orgPath);
  const r = await sql<ReturnRow & { recipients: number; submitted: number }>`
    SELECT ${returnCols},
      (SELECT count(*)::int FROM fw_return_answers a WHERE a.return_id = r.id) AS recipients,
      (SELECT count(*)::int FROM fw_return_answers a WHERE a.return_id = r.id AND a.status = 'submitted') AS submitted
    FROM fw_returns r JOIN organisations o ON o.id = r.org_id
    WHERE o.path LIKE ${p} OR EXISTS (
      SELECT 1 FROM fw_return_answers a JOIN organisations ao ON ao.id = a.org_id
      WHERE a.return_id = r.id AND (ao.path LIKE ${p} OR ${industryReachSql(industryUnionId, 'a.org_id')}))
    ORDER BY r.deadline DESC, r.id DESC LIMIT 500`.execute(db);
  return r.rows;
}

const answerCols = sql`a.id::text AS id, a.return_id::text AS return_id, a.org_id::text AS org_id, o.path AS org_path,
  o.name AS org_name, a.answers, a.prefilled, a.status, a.submitted_at`;

export async function listAnswers(db: Db, returnId: string): Promise<AnswerRow[]> {
  const r = await sql<AnswerRow>`SELECT ${answerCols} FROM fw_return_answers a JOIN organisations o ON o.id = a.org_id
    WHERE a.return_id = ${returnId} ORDER BY o.path`.execute(db);
  return r.rows;
}

export async function findAnswer(db: Db, id: string): Promise<AnswerRow | undefined> {
  const r = await sql<AnswerRow>`SELECT ${answerCols} FROM fw_return_answers a JOIN organisations o ON o.id = a.org_id
    WHERE a.id = ${id}`.execute(db);
  return r.rows[0];
}

export async function updateAnswer(db: Db, id: string, v: { answers: string; status: 'draft' | 'submitted' }): Promise<void> {
  await db
    .updateTable('fw_return_answers')
    .set({
      answers: v.answers,
      status: v.status,
      updated_at: new Date(),
      ...(v.status === 'submitted' ? { submitted_at: new Date() } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Returns whose deadline is on or before `until` and that still have unsubmitted recipients. */
export async function listUnansweredDue(db: Db, until: string) {
  const r = await sql<{ id: string; return_id: string; org_id: string; title: string; deadline: string }>`
    SELECT a.id::text AS id, r.id::text AS return_id, a.org_id::text AS org_id, r.title, to_char(r.deadline, 'YYYY-MM-DD') AS deadline
    FROM fw_return_answers a JOIN fw_returns r ON r.id = a.return_id
    WHERE a.status <> 'submitted' AND r.deadline <= ${until}`.execute(db);
  return r.rows;
}

/** The record facts of a unit's subtree a question can be bound to. */
export async function unitFacts(db: Db, orgPath: string) {
  const p = subtreePattern(orgPath);
  const r = await sql<{ workers: number; members: number; skilled: number; open_tasks: number }>`
    SELECT
      (SELECT count(*)::int FROM people x JOIN organisations o ON o.id = x.org_id WHERE o.path LIKE ${p}) AS workers,
      (SELECT count(*)::int FROM people x JOIN organisations o ON o.id = x.org_id WHERE o.path LIKE ${p} AND x.union_member) AS members,
      (SELECT count(*)::int FROM people x JOIN organisations o ON o.id = x.org_id WHERE o.path LIKE ${p} AND x.skill_level IS NOT NULL) AS skilled,
      (SELECT count(*)::int FROM tasks t JOIN organisations o ON o.id = t.org_id WHERE o.path LIKE ${p} AND t.status <> 'completed') AS open_tasks
  `.execute(db);
  return r.rows[0] ?? { workers: 0, members: 0, skilled: 0, open_tasks: 0 };
}
