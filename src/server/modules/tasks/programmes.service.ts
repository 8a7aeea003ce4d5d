// Programmes (改革方案/年度要点) with goals, and the tags a federation configures (e.g. the four
// chains of 四链融合). A programme is owned by a federation; it is seen in the owner's subtree, and
// by lower levels once a task of it is handed into their subtree.
import { AppError, fieldError } from '../../platform/errors.js';
import { assertInScope, hasPermission, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import * as repo from './programmes.repository.js';
import type { CreateProgrammeInput, GoalView, ListProgrammesQuery, ProgrammeView, TagView, UpdateProgrammeInput } from './tasks.schemas.js';
import type { z } from 'zod';
import type { createGoalBody, createTagBody, updateGoalBody } from './tasks.schemas.js';

const toTag = (t: { id: string; org_id: string; name: string; color: string | null }): TagView => ({ id: t.id, orgId: t.org_id, name: t.name, color: t.color });

function toProgrammeView(p: repo.ProgrammeRecord, tags: TagView[]): ProgrammeView {
  return {
    id: p.id, orgId: p.org_id, orgName: p.org_name, title: p.title, description: p.description, periodStart: p.period_start, periodEnd: p.period_end,
    status: p.status, tags, taskCount: p.task_count, createdAt: new Date(p.created_at).toISOString(), updatedAt: new Date(p.updated_at).toISOString(),
  };
}

const toGoalView = (g: { id: string; programme_id: string; title: string; description: string; sort_order: number; task_count: number }): GoalView => ({
  id: g.id, programmeId: g.programme_id, title: g.title, description: g.description, sortOrder: g.sort_order, taskCount: g.task_count,
});

export async function getVisibleProgramme(ctx: RequestContext, id: string) {
  const p = await repo.findVisibleProgramme(ctx.db, ctx.actor.orgPath, id);
  if (!p) throw new AppError('not_found', { entity: 'programme' });
  return p;
}

/** The owner federation is in the caller's subtree: they may edit the programme and its goals. */
export const canEditProgramme = (ctx: RequestContext, p: Pick<repo.ProgrammeRecord, 'org_path'>) => hasPermission(ctx.actor, 'tasks.write') && isInScope(ctx.actor, p.org_path);

async function detail(ctx: RequestContext, p: repo.ProgrammeRecord) {
  const [tags, goals] = await Promise.all([repo.programmeTags(ctx.db, [p.id]), repo.goalsOf(ctx.db, p.id, ctx.actor.orgPath)]);
  return {
    ...toProgrammeView(p, tags.map(toTag)),
    goals: goals.map(toGoalView),
    permissions: { canEdit: canEditProgramme(ctx, p), canAddTask: hasPermission(ctx.actor, 'tasks.write') && p.status === 'active' },
  };
}

export async function listProgrammes(ctx: RequestContext, q: ListProgrammesQuery) {
  let ownerPath: string | undefined;
  if (q.orgId) ownerPath = (await findOrgById(ctx.db, q.orgId))?.path;
  const { items, total } = await repo.listProgrammes(ctx.db, ctx.actor.orgPath, { ownerPath, q: q.q, status: q.status }, q.pageSize, (q.page - 1) * q.pageSize);
  const tags = await repo.programmeTags(ctx.db, items.map((p) => p.id));
  return { items: items.map((p) => toProgrammeView(p, tags.filter((t) => t.programme_id === p.id).map(toTag))), total };
}

export async function getProgramme(ctx: RequestContext, id: string) {
  return detail(ctx, await getVisibleProgramme(ctx, id));
}

/** Tags usable by an organisation: those of federations at or above it. */
async function checkTags(ctx: RequestContext, tagIds: string[] | undefined, orgPath: string, path: string) {
  if (!tagIds?.length) return [];
  const unique = [...new Set(tagIds)];
  const tags = await repo.tagsByIds(ctx.db, unique);
  unique.forEach((tid, i) => {
    const t = tags.find((x) => x.id === tid);
    if (!t || !orgPath.startsWith(t.path)) throw fieldError(`${path}.${i}`, 'unknown_tag');
  });
  return unique;
}

export async function createProgramme(ctx: RequestContext, input: CreateProgrammeInput) {
  const org = await findOrgById(ctx.db, input.orgId ?? ctx.actor.orgId);
  assertInScope(ctx.actor, org?.path, 'organisation');
  if (org!.kind !== 'federation') throw fieldError('body.orgId', 'programme_owner_not_federation');
  if (org!.status !== 'active') throw new AppError('org_archived');
  if (input.periodEnd < input.periodStart) throw fieldError('body.periodEnd', 'end_before_start');
  const tagIds = await checkTags(ctx, input.tagIds, org!.path, 'body.tagIds');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('task_programmes').values({
      org_id: org!.id, title: input.title, description: input.description ?? '', period_start: input.periodStart, period_end: input.periodEnd, created_by: ctx.actor.userId,
    }).returning('id').executeTakeFirstOrThrow();
    if (tagIds.length) await trx.insertInto('task_programme_tags').values(tagIds.map((tag_id) => ({ programme_id: id, tag_id }))).execute();
    const goals = [];
    for (const [i, g] of (input.goals ?? []).entries()) {
      const row = await trx.insertInto('task_goals').values({ programme_id: id, title: g.title, description: g.description ?? '', sort_order: i }).returning('id').executeTakeFirstOrThrow();
      goals.push({ id: row.id, title: g.title });
    }
    await writeAudit(trx, ctx, { action: 'create', entityType: 'programme', entityId: id, orgId: org!.id, orgPath: org!.path, after: { ...input, goals } });
    return id;
  });
  return getProgramme(ctx, id);
}

export async function updateProgramme(ctx: RequestContext, id: string, input: UpdateProgrammeInput) {
  const before = await getVisibleProgramme(ctx, id);
  if (!canEditProgramme(ctx, before)) throw new AppError('forbidden');
  const start = input.periodStart ?? before.period_start;
  const end = input.periodEnd ?? before.period_end;
  if (end < start) throw fieldError('body.periodEnd', 'end_before_start');
  const tagIds = input.tagIds ? await checkTags(ctx, input.tagIds, before.org_path, 'body.tagIds') : undefined;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('task_programmes').set({
      ...(input.title !== undefined && { title: input.title }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.periodStart !== undefined && { period_start: input.periodStart }),
      ...(input.periodEnd !== undefined && { period_end: input.periodEnd }),
      ...(input.status !== undefined && { status: input.status }),
      updated_at: new Date(),
    }).where('id', '=', id).execute();
    if (tagIds) {
      await trx.deleteFrom('task_programme_tags').where('programme_id', '=', id).execute();
      if (tagIds.length) await trx.insertInto('task_programme_tags').values(tagIds.map((tag_id) => ({ programme_id: id, tag_id }))).execute();
    }
    await writeAudit(trx, ctx, { action: 'update', entityType: 'programme', entityId: id, orgId: before.org_id, orgPath: before.org_path, before: toProgrammeView(before, []), after: input });
  });
  return getProgramme(ctx, id);
}

export async function createGoal(ctx: RequestContext, programmeId: string, input: z.infer<typeof createGoalBody>) {
  const p = await getVisibleProgramme(ctx, programmeId);
  if (!canEditProgramme(ctx, p)) throw new AppError('forbidden');
  return ctx.db.transaction().execute(async (trx) => {
    const max = await trx.selectFrom('task_goals').select((eb) => eb.fn.max('sort_order').as('m')).where('programme_id', '=', programmeId).executeTakeFirst();
    const row = await trx.insertInto('task_goals').values({ programme_id: programmeId, title: input.title, description: input.description ?? '', sort_order: input.sortOrder ?? Number(max?.m ?? -1) + 1 })
      .returningAll().executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'create', entityType: 'goal', entityId: row.id, orgId: p.org_id, orgPath: p.org_path, after: { programmeId, ...input } });
    return toGoalView({ ...row, task_count: 0 });
  });
}

export async function updateGoal(ctx: RequestContext, id: string, input: z.infer<typeof updateGoalBody>) {
  const goal = await repo.findGoal(ctx.db, id);
  if (!goal) throw new AppError('not_found', { entity: 'goal' });
  const p = await repo.findVisibleProgramme(ctx.db, ctx.actor.orgPath, goal.programme_id);
  if (!p) throw new AppError('not_found', { entity: 'goal' });
  if (!canEditProgramme(ctx, p)) throw new AppError('forbidden');
  return ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('task_goals').set({
      ...(input.title !== undefined && { title: input.title }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.sortOrder !== undefined && { sort_order: input.sortOrder }),
    }).where('id', '=', id).execute();
    await writeAudit(trx, ctx, { action: 'update', entityType: 'goal', entityId: id, orgId: p.org_id, orgPath: p.org_path, before: goal, after: input });
    const goals = await repo.goalsOf(trx, goal.programme_id, ctx.actor.orgPath);
    return toGoalView(goals.find((g) => g.id === id)!);
  });
}

/** Tags of the nearest federation at or above the organisation that has configured any. */
export async function listTags(ctx: RequestContext, orgId: string | undefined) {
  const org = orgId ? await findOrgById(ctx.db, orgId) : undefined;
  const path = org?.path ?? ctx.actor.orgPath;
  const tags = await repo.tagsOnPath(ctx.db, path);
  const nearest = tags[0]?.org_id;
  return { items: tags.filter((t) => t.org_id === nearest).map(toTag) };
}

/** The nearest federation at or above an organisation. */
async function nearestFederation(ctx: RequestContext, path: string) {
  const ids = path.split('.').filter(Boolean);
  const rows = await ctx.db.selectFrom('organisations').select(['id', 'path', 'kind', 'depth']).where('id', 'in', ids).where('kind', '=', 'federation').orderBy('depth', 'desc').executeTakeFirst();
  return rows;
}

export async function createTag(ctx: RequestContext, input: z.infer<typeof createTagBody>) {
  const org = input.orgId ? await findOrgById(ctx.db, input.orgId) : await nearestFederation(ctx, ctx.actor.orgPath);
  if (!org) throw fieldError('body.orgId', 'programme_owner_not_federation');
  assertInScope(ctx.actor, org.path, 'organisation');
  if (org.kind !== 'federation') throw fieldError('body.orgId', 'programme_owner_not_federation');
  const exists = await ctx.db.selectFrom('task_tags').select('id').where('org_id', '=', org.id).where('name', '=', input.name).executeTakeFirst();
  if (exists) throw fieldError('body.name', 'title_exists');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('task_tags').values({ org_id: org.id, name: input.name, color: input.color ?? null }).returningAll().executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'create', entityType: 'task_tag', entityId: row.id, orgId: org.id, orgPath: org.path, after: input });
    return toTag(row);
  });
}

export async function deleteTag(ctx: RequestContext, id: string) {
  const [tag] = await repo.tagsByIds(ctx.db, [id]);
  assertInScope(ctx.actor, tag?.path, 'task_tag');
  await ctx.db.transaction().execute(async (trx) => {
    const links = await trx.deleteFrom('task_tag_links').where('tag_id', '=', id).executeTakeFirst();
    await trx.deleteFrom('task_programme_tags').where('tag_id', '=', id).execute();
    await trx.deleteFrom('task_tags').where('id', '=', id).execute();
    await writeAudit(trx, ctx, { action: 'delete', entityType: 'task_tag', entityId: id, orgId: tag!.org_id, orgPath: tag!.path, before: { name: tag!.name, color: tag!.color, taskLinks: Number(links.numDeletedRows) } });
  });
}
