// All SQL of annual research plan items: the items of organisations in a subtree by year, one item
// with the visits that carry it out, and a visit's link to its plan item.
import { sql } from 'kysely';
import { subtreePattern } from '../../platform/access.js';
import type { Db } from './fieldwork.repository.js';

export interface PlanItemRow {
  id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  year: number;
  topic: string;
  purpose: string;
  leader_name: string;
  leader_post: string;
  department: string;
  status: 'draft' | 'approved';
  approved_at: Date | null;
  visit_count: number;
}

const cols = sql`p.id::text AS id, p.org_id::text AS org_id, o.name AS org_name, o.path AS org_path, p.year, p.topic,
  p.purpose, p.leader_name, p.leader_post, p.department, p.status, p.approved_at,
  (SELECT count(*)::int FROM fw_visits v WHERE v.plan_item_id = p.id) AS visit_count`;

export async function listPlanItems(db: Db, rootPath: string, year: number): Promise<PlanItemRow[]> {
  const r = await sql<PlanItemRow>`SELECT ${cols} FROM fw_plan_items p JOIN organisations o ON o.id = p.org_id
    WHERE o.path LIKE ${subtreePattern(rootPath)} AND p.year = ${year} ORDER BY o.path, p.id LIMIT 1000`.execute(db);
  return r.rows;
}

export async function findPlanItem(db: Db, id: string): Promise<PlanItemRow | undefined> {
  const r = await sql<PlanItemRow>`SELECT ${cols} FROM fw_plan_items p JOIN organisations o ON o.id = p.org_id WHERE p.id = ${id}`.execute(
    db,
  );
  return r.rows[0];
}

export async function insertPlanItem(
  db: Db,
  v: {
    org_id: string;
    year: number;
    topic: string;
    purpose: string;
    leader_name: string;
    leader_post: string;
    department: string;
    created_by: string | null;
  },
): Promise<string> {
  const r = await db.insertInto('fw_plan_items').values(v).returning('id').executeTakeFirstOrThrow();
  return String(r.id);
}

export async function updatePlanItem(
  db: Db,
  id: string,
  v: Partial<{ topic: string; purpose: string; leader_name: string; leader_post: string; department: string; year: number }>,
): Promise<void> {
  await db
    .updateTable('fw_plan_items')
    .set({ ...v, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Approves a draft item; false when it was not a draft any more (nothing changed). */
export async function approvePlanItem(db: Db, id: string, userId: string | null): Promise<boolean> {
  const r = await sql`UPDATE fw_plan_items SET status = 'approved', approved_by = ${userId}, approved_at = now(), updated_at = now()
    WHERE id = ${id} AND status = 'draft' RETURNING id`.execute(db);
  return r.rows.length === 1;
}

export async function visitsOfPlanItem(db: Db, id: string) {
  const r = await sql<{ id: string; title: string; org_name: string; org_path: string; start_date: string; status: string }>`
    SELECT v.id::text AS id, v.title, o.name AS org_name, o.path AS org_path, v.start_date::text AS start_date, v.status
    FROM fw_visits v JOIN organisations o ON o.id = v.org_id WHERE v.plan_item_id = ${id} ORDER BY v.start_date, v.id`.execute(db);
  return r.rows;
}

export async function visitPlanItemId(db: Db, visitId: string): Promise<string | null> {
  const r = await sql<{ p: string | null }>`SELECT plan_item_id::text AS p FROM fw_visits WHERE id = ${visitId}`.execute(db);
  return r.rows[0]?.p ?? null;
}

export async function setVisitPlanItem(db: Db, visitId: string, planItemId: string | null): Promise<void> {
  await sql`UPDATE fw_visits SET plan_item_id = ${planItemId}, updated_at = now() WHERE id = ${visitId}`.execute(db);
}
