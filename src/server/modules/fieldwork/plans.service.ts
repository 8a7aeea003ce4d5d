// Annual research plan items (年度调研计划, issue 13 item 1): an organisation's side (tasks.write in
// its subtree) drafts items of its year plan (topic, purpose, responsible leader and department) and
// approves them (draft → approved; an approved item is no longer edited); a visit of the item's
// organisation (or of a unit below it) may be linked to an approved item. Every change audited.
import { hasPermission, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import type * as fw from './fieldwork.repository.js';
import { auditVisit } from './fieldwork.policy.js';
import * as repo from './plans.repository.js';
import type { CreatePlanItemInput, PlanItemView, UpdatePlanItemInput } from './plans.schemas.js';

type Who = RequestContext['actor'];

const auditPlan = (p: Pick<repo.PlanItemRow, 'id' | 'org_id' | 'org_path'>) => ({
  entityType: 'plan_item' as const,
  entityId: p.id,
  orgId: p.org_id,
  orgPath: p.org_path,
});
const mayEdit = (a: Who, p: Pick<repo.PlanItemRow, 'org_path'>) => hasPermission(a, 'tasks.write') && isInScope(a, p.org_path);

/** Seen by the item's organisation's subtree; edited and approved by it with tasks.write. */
export async function loadPlanItem(db: fw.Db, actor: Who, id: string, action: 'read' | 'edit') {
  const p = await repo.findPlanItem(db, id);
  if (!p || !isInScope(actor, p.org_path)) throw new AppError('not_found', { entity: 'plan_item' });
  if (action === 'edit' && !mayEdit(actor, p)) throw new AppError('forbidden');
  return p;
}

function view(ctx: RequestContext, p: repo.PlanItemRow): PlanItemView {
  return {
    id: p.id,
    org: { id: p.org_id, name: p.org_name },
    year: p.year,
    topic: p.topic,
    purpose: p.purpose,
    leaderName: p.leader_name,
    leaderPost: p.leader_post,
    department: p.department,
    status: p.status,
    approvedAt: p.approved_at ? new Date(p.approved_at).toISOString() : null,
    visitCount: p.visit_count,
    canEdit: mayEdit(ctx.actor, p),
  };
}

export async function getPlanItem(ctx: RequestContext, p: repo.PlanItemRow): Promise<PlanItemView> {
  const visits = await repo.visitsOfPlanItem(ctx.db, p.id);
  return {
    ...view(ctx, p),
    visits: visits
      .filter((v) => isInScope(ctx.actor, v.org_path))
      .map((v) => ({ id: v.id, title: v.title, org: v.org_name, startDate: v.start_date, status: v.status })),
  };
}

export async function listPlan(ctx: RequestContext, year: number) {
  const rows = await repo.listPlanItems(ctx.db, ctx.actor.orgPath, year);
  return { year, items: rows.map((p) => view(ctx, p)) };
}

export async function createPlanItem(ctx: RequestContext, input: CreatePlanItemInput, org: ScopedOrg | undefined) {
  const owner = org ?? { id: ctx.actor.orgId, path: ctx.actor.orgPath };
  const id = await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertPlanItem(trx, {
      org_id: owner.id,
      year: input.year,
      topic: input.topic,
      purpose: input.purpose ?? '',
      leader_name: input.leaderName,
      leader_post: input.leaderPost ?? '',
      department: input.department,
      created_by: ctx.actor.userId,
    });
    await writeAudit(trx, ctx, { action: 'create', ...auditPlan({ id, org_id: owner.id, org_path: owner.path }), after: input });
    return id;
  });
  return getPlanItem(ctx, (await repo.findPlanItem(ctx.db, id))!);
}

export async function updatePlanItem(ctx: RequestContext, p: repo.PlanItemRow, input: UpdatePlanItemInput) {
  if (p.status !== 'draft') throw conflictOn('params.id', 'plan_item_approved');
  await inTransaction(ctx.db, async (trx) => {
    await repo.updatePlanItem(trx, p.id, {
      ...(input.topic !== undefined && { topic: input.topic }),
      ...(input.purpose !== undefined && { purpose: input.purpose }),
      ...(input.leaderName !== undefined && { leader_name: input.leaderName }),
      ...(input.leaderPost !== undefined && { leader_post: input.leaderPost }),
      ...(input.department !== undefined && { department: input.department }),
      ...(input.year !== undefined && { year: input.year }),
    });
    await writeAudit(trx, ctx, { action: 'update', ...auditPlan(p), after: input });
  });
  return getPlanItem(ctx, (await repo.findPlanItem(ctx.db, p.id))!);
}

export async function approvePlanItem(ctx: RequestContext, p: repo.PlanItemRow) {
  await inTransaction(ctx.db, async (trx) => {
    if (!(await repo.approvePlanItem(trx, p.id, ctx.actor.userId))) throw conflictOn('params.id', 'plan_item_approved');
    await writeAudit(trx, ctx, { action: 'approve', ...auditPlan(p), before: { status: 'draft' }, after: { status: 'approved' } });
  });
  return getPlanItem(ctx, (await repo.findPlanItem(ctx.db, p.id))!);
}

export async function visitPlan(ctx: RequestContext, v: fw.VisitRow) {
  const planId = await repo.visitPlanItemId(ctx.db, v.id);
  const p = planId ? await repo.findPlanItem(ctx.db, planId) : undefined;
  // The item is named to whoever sees the visit (a host sees which plan topic brought the team).
  return { visitId: String(v.id), planItem: p ? view(ctx, p) : null };
}

/** Links a visit to an approved item of its organiser's plan (or of an organisation above it), or unlinks it. */
export async function linkVisit(ctx: RequestContext, v: fw.VisitRow, planItemId: string | null) {
  const before = await repo.visitPlanItemId(ctx.db, v.id);
  if (planItemId) {
    const p = await repo.findPlanItem(ctx.db, planItemId);
    if (!p || !isInScope(ctx.actor, p.org_path) || !isInScope({ orgPath: p.org_path }, v.org_path))
      throw fieldError('body.planItemId', 'plan_item_unreachable');
    if (p.status !== 'approved') throw fieldError('body.planItemId', 'plan_item_not_approved');
  }
  await inTransaction(ctx.db, async (trx) => {
    await repo.setVisitPlanItem(trx, v.id, planItemId);
    await writeAudit(trx, ctx, { action: 'update', ...auditVisit(v), before: { planItemId: before }, after: { planItemId } });
  });
  return visitPlan(ctx, v);
}
