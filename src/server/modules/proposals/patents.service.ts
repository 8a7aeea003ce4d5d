// Patents of innovation items (issue #16 item 6): type (发明 / 实用新型 / 外观设计), application and grant
// numbers and dates, inventors in order (registry people of the caller's subtree), the job-invention
// flag. Each inventor's talent record lists them (innovation/talent.service.ts). Every write is audited.
import { assertInScope, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { conflictOn, fieldError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import * as items from './proposals.repository.js';
import type { PatentInput, PatentView } from './proposals.schemas.js';
import { assertStaff } from './upward.service.js';
import * as repo from './upward.repository.js';

/** The type digit of a 12-digit CN application number (the 5th): 1 invention, 2 utility model, 3 design. */
const TYPE_DIGIT: Record<PatentInput['type'], string> = { invention: '1', utility_model: '2', design: '3' };

async function toViews(ctx: RequestContext, rows: Awaited<ReturnType<typeof repo.patentsOfItem>>): Promise<PatentView[]> {
  const inventors = await repo.inventorsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    type: r.type as PatentView['type'],
    applicationNo: r.application_no,
    applicationDate: r.application_date,
    grantNo: r.grant_no,
    grantDate: r.grant_date,
    jobInvention: r.job_invention,
    inventors: inventors.filter((x) => x.patent_id === r.id).map((x) => ({ personId: x.person_id, name: x.name })),
  }));
}

export async function patentsOfItem(ctx: RequestContext, itemId: string) {
  return { items: await toViews(ctx, await repo.patentsOfItem(ctx.db, itemId)) };
}

export async function addPatent(ctx: RequestContext, itemId: string, input: PatentInput): Promise<PatentView> {
  assertStaff(ctx);
  const applicationNo = input.applicationNo.replace(/^CN/, '');
  const digits = applicationNo.split('.')[0]!;
  if (digits.length === 12 && digits[4] !== TYPE_DIGIT[input.type]) throw fieldError('body.applicationNo', 'type_mismatch');
  // A grant has both its number and its date, and is never before the application.
  if (input.grantNo && !input.grantDate) throw fieldError('body.grantDate', 'required');
  if (input.grantDate && !input.grantNo) throw fieldError('body.grantNo', 'required');
  if (input.grantDate && input.grantDate < input.applicationDate) throw fieldError('body.grantDate', 'before_application');
  const seen = new Set<string>();
  input.inventors.forEach((p, i) => {
    if (seen.has(p)) throw fieldError(`body.inventors.${i}`, 'duplicate_proposer');
    seen.add(p);
  });
  const id = await inTransaction(ctx.db, async (trx) => {
    await items.lockItem(trx, itemId);
    const item = await items.selectItem(trx, itemId);
    assertInScope(ctx.actor, item?.org_path, 'innovation_item');
    // A duplicate merged into another item is read-only (its patents moved there).
    if (item!.status === 'merged') throw conflictOn('params.id', 'merged_read_only');
    const found = new Map((await items.findPeople(trx, input.inventors)).map((p) => [p.id, p]));
    input.inventors.forEach((p, i) => {
      const person = found.get(p);
      if (!person || !isInScope(ctx.actor, person.path)) throw fieldError(`body.inventors.${i}`, 'not_in_registry');
    });
    if (await repo.applicationNoTaken(trx, applicationNo)) throw conflictOn('body.applicationNo', 'duplicate_application');
    const patentId = await repo.insertPatent(trx, {
      item_id: itemId,
      type: input.type,
      application_no: applicationNo,
      application_date: input.applicationDate,
      grant_no: input.grantNo ?? null,
      grant_date: input.grantDate ?? null,
      job_invention: input.jobInvention,
      created_by: ctx.actor.userId,
    });
    await repo.insertInventors(trx, patentId, input.inventors);
    await writeAudit(trx, ctx, {
      entityType: 'innovation_patent',
      entityId: patentId,
      orgId: item!.org_id,
      orgPath: item!.org_path,
      action: 'create',
      after: { ...input, applicationNo, itemId },
    });
    return patentId;
  });
  return (await toViews(ctx, [(await repo.selectPatent(ctx.db, id))!]))[0]!;
}
