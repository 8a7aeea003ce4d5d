// Honours (model worker, May Day medal, craftsman titles, technical expert) and the craftsman titles
// each federation defines for itself and everything below it.
import { AppError, fieldError } from '../../platform/errors.js';
import { assertInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import * as people from './people.repository.js';
import * as repo from './honours.repository.js';
import { HONOUR_GRADES_OF } from './honours.parse.js';
import type { AddHonourInput } from './honours.schemas.js';
import { auditPerson, getPerson } from './people.service.js';
import { toHonourView } from './person-views.js';

export async function addHonour(ctx: RequestContext, personId: string, input: AddHonourInput) {
  const grade = input.grade ?? null;
  if (input.kind === 'craftsman') {
    if (!input.title) throw fieldError('body.title', 'required');
    if (grade) throw fieldError('body.grade', 'invalid_grade');
  } else {
    if (input.title) throw fieldError('body.title', 'invalid_grade');
    const allowed = HONOUR_GRADES_OF[input.kind];
    if (!grade && input.kind !== 'technical_expert') throw fieldError('body.grade', 'required');
    if (grade && !allowed.includes(grade)) throw fieldError('body.grade', 'invalid_grade');
  }
  if (input.year && input.year > new Date().getFullYear()) throw fieldError('body.year', 'invalid_year');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await people.findPersonById(trx, personId);
    assertInScope(ctx.actor, row?.org_path, 'person');
    if (input.kind === 'craftsman') {
      const titles = await repo.titlesAlongPath(trx, row!.org_path);
      if (!titles.some((t) => t.name === input.title)) throw fieldError('body.title', 'unknown_craftsman_title');
    }
    const id = await repo.insertHonour(trx, {
      person_id: personId,
      kind: input.kind,
      grade,
      title: input.title ?? null,
      year: input.year ?? null,
      awarding_body: input.awardingBody ?? null,
    });
    if (!id) throw new AppError('conflict');
    await writeAudit(trx, ctx, { ...auditPerson(row!), action: 'add_honour', after: { honourId: id, ...input } });
  });
  return getPerson(ctx, personId);
}

export async function removeHonour(ctx: RequestContext, personId: string, honourId: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await people.findPersonById(trx, personId);
    assertInScope(ctx.actor, row?.org_path, 'person');
    const honour = await repo.findHonour(trx, personId, honourId);
    if (!honour) throw new AppError('not_found', { entity: 'honour' });
    await repo.deleteHonour(trx, honourId);
    await writeAudit(trx, ctx, { ...auditPerson(row!), action: 'remove_honour', before: toHonourView(honour) });
  });
  return getPerson(ctx, personId);
}

export async function listTitles(ctx: RequestContext, orgId: string | undefined) {
  const org = await findOrgById(ctx.db, orgId ?? ctx.actor.orgId);
  assertInScope(ctx.actor, org?.path, 'organisation');
  const titles = await repo.titlesAlongPath(ctx.db, org!.path);
  return titles.map((t) => ({ id: t.id, name: t.name, orgId: t.org_id, orgName: t.org_name }));
}

export async function createTitle(ctx: RequestContext, orgId: string, name: string) {
  const org = await findOrgById(ctx.db, orgId);
  assertInScope(ctx.actor, org?.path, 'organisation');
  if (org!.kind !== 'federation') throw fieldError('body.orgId', 'not_federation');
  return ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertTitle(trx, org!.id, name);
    if (!id) throw fieldError('body.name', 'title_exists');
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'craftsman_title',
      entityId: id,
      orgId: org!.id,
      orgPath: org!.path,
      after: { name },
    });
    return { id, name, orgId: org!.id, orgName: org!.name };
  });
}

export async function deleteTitle(ctx: RequestContext, id: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const path = await repo.findTitleOrgPath(trx, id);
    assertInScope(ctx.actor, path, 'craftsman_title');
    const row = await repo.deleteTitle(trx, id);
    await writeAudit(trx, ctx, {
      action: 'delete',
      entityType: 'craftsman_title',
      entityId: id,
      orgId: row!.org_id,
      orgPath: path,
      before: row,
    });
  });
}
