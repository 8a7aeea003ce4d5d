// Skill certificates: each is kept, so the level history stays visible; the person's current level
// is the most recent certificate.
import { AppError, fieldError } from '../../platform/errors.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import { assertInScope } from '../../platform/access.js';
import * as people from './people.repository.js';
import { deleteSkill, findSkill, insertSkill } from './skills.repository.js';
import { rankOf } from './skill-levels.js';
import type { AddSkillInput } from './skills.schemas.js';
import { auditPerson, getPerson } from './people.service.js';
import { toSkillView } from './person-views.js';

export async function addSkill(ctx: RequestContext, personId: string, input: AddSkillInput) {
  const today = new Date().toISOString().slice(0, 10);
  if (input.certifiedOn && input.certifiedOn > today) throw fieldError('body.certifiedOn', 'future_date');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await people.findPersonById(trx, personId);
    assertInScope(ctx.actor, row?.org_path, 'person');
    const id = await insertSkill(trx, {
      person_id: personId,
      level: rankOf(input.level),
      certificate_no: input.certificateNo ?? '',
      issuer: input.issuer ?? null,
      certified_on: input.certifiedOn ?? null,
    });
    if (!id) throw new AppError('conflict');
    await people.refreshSkillLevel(trx, [personId]);
    await writeAudit(trx, ctx, { ...auditPerson(row!), action: 'add_skill', after: { skillId: id, ...input } });
  });
  return getPerson(ctx, personId);
}

/** Removes a certificate recorded in error; the current level follows what remains. */
export async function removeSkill(ctx: RequestContext, personId: string, skillId: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await people.findPersonById(trx, personId);
    assertInScope(ctx.actor, row?.org_path, 'person');
    await people.lockPerson(trx, personId);
    const skill = await findSkill(trx, personId, skillId);
    if (!skill) throw new AppError('not_found', { entity: 'skill' });
    await deleteSkill(trx, personId, skillId);
    await writeAudit(trx, ctx, { ...auditPerson(row!), action: 'remove_skill', before: toSkillView(skill) });
  });
  return getPerson(ctx, personId);
}
