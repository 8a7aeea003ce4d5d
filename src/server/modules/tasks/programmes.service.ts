// Programmes (改革方案/年度要点) with goals, and the tags a federation configures (e.g. the four
// chains of 四链融合). A programme is owned by a federation; it is seen in the owner's subtree, and
// by lower levels once a task of it is handed into their subtree. Who may do what: tasks.policy.ts.
import { AppError, fieldError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import * as repo from './programmes.repository.js';
import { type GoalAndProgramme, loadProgramme, mayEditProgramme } from './tasks.policy.js';
import type { CreateProgrammeInput, GoalView, ListProgrammesQuery, ProgrammeView, TagView, UpdateProgrammeInput } from './tasks.schemas.js';
import type { z } from 'zod';
import type { createGoalBody, createTagBody, updateGoalBody } from './tasks.schemas.js';

const toTag = (t: { id: string; org_id: string; name: string; color: string | null }): TagView => ({
  id: t.id,
  orgId: t.org_id,
  name: t.name,
  color: t.color,
});

function toProgrammeView(p: repo.ProgrammeRecord, tags: TagView[]): ProgrammeView {
  return {
    id: p.id,
    orgId: p.org_id,
    orgName: p.org_name,
    title: p.title,
    description: p.description,
    periodStart: p.period_start,
    periodEnd: p.period_end,
    status: p.status,
    tags,
    taskCount: p.task_count,
    createdAt: new Date(p.created_at).toISOString(),
    updatedAt: new Date(p.updated_at).toISOString(),
  };
}

const toGoalView = (g: {
  id: string;
  programme_id: string;
  title: string;
  description: string;
  sort_order: number;
  task_count: number;
}): GoalView => ({
  id: g.id,
  programmeId: g.programme_id,
  title: g.title,
  description: g.description,
  sortOrder: g.sort_order,
  taskCount: g.task_count,
});

async function detail(ctx: RequestContext, p: repo.ProgrammeRecord) {
  const [tags, goals] = await Promise.all([repo.listProgrammeTags(ctx.db, [p.id]), repo.listGoals(ctx.db, p.id, ctx.actor.orgPath)]);
  return {
    ...toProgrammeView(p, tags.map(toTag)),
    goals: goals.map(toGoalView),
    permissions: { canEdit: mayEditProgramme(ctx.actor, p), canAddTask: hasPermission(ctx.actor, 'tasks.write') && p.status === 'active' },
  };
}

/** `org` is the owner subtree (query.orgId) as the route's scope check resolved it. */
export async function listProgrammes(ctx: RequestContext, q: ListProgrammesQuery, org: ScopedOrg | undefined) {
  const { items, total } = await repo.listProgrammes(
    ctx.db,
    ctx.actor.orgPath,
    { ownerPath: org?.path, q: q.q, status: q.status },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const tags = await repo.listProgrammeTags(
    ctx.db,
    items.map((p) => p.id),
  );
  return { items: items.map((p) => toProgrammeView(p, tags.filter((t) => t.programme_id === p.id).map(toTag))), total };
}

export async function getProgramme(ctx: RequestContext, p: repo.ProgrammeRecord) {
  return detail(ctx, p);
}

const reload = async (ctx: RequestContext, id: string) => detail(ctx, await loadProgramme(ctx.db, ctx.actor, id, 'read'));

/** Tags usable by an organisation: those of federations at or above it. */
async function checkTags(ctx: RequestContext, tagIds: string[] | undefined, orgPath: string, path: string) {
  if (!tagIds?.length) return [];
  const unique = [...new Set(tagIds)];
  const tags = await repo.findTagsByIds(ctx.db, unique);
  unique.forEach((tid, i) => {
    const t = tags.find((x) => x.id === tid);
    if (!t || !orgPath.startsWith(t.path)) throw fieldError(`${path}.${i}`, 'unknown_tag');
  });
  return unique;
}

/** The owner is body.orgId (in scope: the route checked it) or the caller's organisation. */
export async function createProgramme(ctx: RequestContext, input: CreateProgrammeInput) {
  const org = await findOrgById(ctx.db, input.orgId ?? ctx.actor.orgId);
  if (org!.kind !== 'federation' && org!.kind !== 'industry_union') throw fieldError('body.orgId', 'programme_owner_not_federation');
  if (org!.status !== 'active') throw new AppError('org_archived');
  if (input.periodEnd < input.periodStart) throw fieldError('body.periodEnd', 'end_before_start');
  const tagIds = await checkTags(ctx, input.tagIds, org!.path, 'body.tagIds');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertProgramme(trx, {
      org_id: org!.id,
      title: input.title,
      description: input.description ?? '',
      period_start: input.periodStart,
      period_end: input.periodEnd,
      created_by: ctx.actor.userId,
    });
    await repo.replaceProgrammeTags(trx, id, tagIds);
    const goals = [];
    for (const [i, g] of (input.goals ?? []).entries()) {
      const row = await repo.insertGoal(trx, { programme_id: id, title: g.title, description: g.description ?? '', sort_order: i });
      goals.push({ id: row.id, title: g.title });
    }
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'programme',
      entityId: id,
      orgId: org!.id,
      orgPath: org!.path,
      after: { ...input, goals },
    });
    return id;
  });
  return reload(ctx, id);
}

/** Edits a programme the caller may edit (the route's policy loaded it). */
export async function updateProgramme(ctx: RequestContext, before: repo.ProgrammeRecord, input: UpdateProgrammeInput) {
  const id = before.id;
  const start = input.periodStart ?? before.period_start;
  const end = input.periodEnd ?? before.period_end;
  if (end < start) throw fieldError('body.periodEnd', 'end_before_start');
  const tagIds = input.tagIds ? await checkTags(ctx, input.tagIds, before.org_path, 'body.tagIds') : undefined;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateProgrammeFields(trx, id, {
      title: input.title,
      description: input.description,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      status: input.status,
    });
    if (tagIds) await repo.replaceProgrammeTags(trx, id, tagIds);
    await writeAudit(trx, ctx, {
      action: 'update',
      entityType: 'programme',
      entityId: id,
      orgId: before.org_id,
      orgPath: before.org_path,
      before: toProgrammeView(before, []),
      after: input,
    });
  });
  return reload(ctx, id);
}

/** A goal of a programme the caller may edit (the route's policy loaded it). */
export async function createGoal(ctx: RequestContext, p: repo.ProgrammeRecord, input: z.infer<typeof createGoalBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertGoal(trx, {
      programme_id: p.id,
      title: input.title,
      description: input.description ?? '',
      sort_order: input.sortOrder,
    });
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'goal',
      entityId: row.id,
      orgId: p.org_id,
      orgPath: p.org_path,
      after: { programmeId: p.id, ...input },
    });
    return toGoalView({ ...row, task_count: 0 });
  });
}

/** Edits a goal of a programme the caller may edit (the route's policy loaded both). */
export async function updateGoal(ctx: RequestContext, { goal, programme: p }: GoalAndProgramme, input: z.infer<typeof updateGoalBody>) {
  const id = goal.id;
  return ctx.db.transaction().execute(async (trx) => {
    await repo.updateGoalFields(trx, id, { title: input.title, description: input.description, sort_order: input.sortOrder });
    await writeAudit(trx, ctx, {
      action: 'update',
      entityType: 'goal',
      entityId: id,
      orgId: p.org_id,
      orgPath: p.org_path,
      before: goal,
      after: input,
    });
    const goals = await repo.listGoals(trx, goal.programme_id, ctx.actor.orgPath);
    return toGoalView(goals.find((g) => g.id === id)!);
  });
}

/** Tags of the nearest federation at or above the organisation (query.orgId, resolved by the route's scope check) that has configured any. */
export async function listTags(ctx: RequestContext, org: ScopedOrg | undefined) {
  const path = org?.path ?? ctx.actor.orgPath;
  const tags = await repo.listTagsOnPath(ctx.db, path);
  const nearest = tags[0]?.org_id;
  return { items: tags.filter((t) => t.org_id === nearest).map(toTag) };
}

/** For body.orgId (in scope: the route checked it) or the nearest federation at or above the caller. */
export async function createTag(ctx: RequestContext, input: z.infer<typeof createTagBody>) {
  const org = input.orgId ? await findOrgById(ctx.db, input.orgId) : await repo.findNearestFederation(ctx.db, ctx.actor.orgPath);
  if (!org || (org.kind !== 'federation' && org.kind !== 'industry_union'))
    throw fieldError('body.orgId', 'programme_owner_not_federation');
  if (await repo.hasTagNamed(ctx.db, org.id, input.name)) throw fieldError('body.name', 'title_exists');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertTag(trx, { org_id: org.id, name: input.name, color: input.color ?? null });
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'task_tag',
      entityId: row.id,
      orgId: org.id,
      orgPath: org.path,
      after: input,
    });
    return toTag(row);
  });
}

/** Removes a tag the caller's subtree configured (the route's policy loaded it). */
export async function deleteTag(ctx: RequestContext, tag: repo.TagRecord) {
  await ctx.db.transaction().execute(async (trx) => {
    const taskLinks = await repo.deleteTag(trx, tag.id);
    await writeAudit(trx, ctx, {
      action: 'delete',
      entityType: 'task_tag',
      entityId: tag.id,
      orgId: tag.org_id,
      orgPath: tag.path,
      before: { name: tag.name, color: tag.color, taskLinks },
    });
  });
}
