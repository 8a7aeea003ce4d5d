// Employee innovation items: proposals with proposers' shares, the review workflow, and the verified
// benefit sheet with its award split. Every step is audited in the step's transaction.
import { type Dec, dec, formatFen, sign, toFen } from '../../../shared/decimal.js';
import { awardTier, FULL_SHARE_BP, labourHourSavingFen, materialSavingFen, splitAward } from '../../../shared/innovation-benefit.js';
import { assertInScope, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import * as repo from './innovation.repository.js';
import type { BenefitInput, CreateItemInput, InnovationStatus, InnovationStep, ItemView, StepInput } from './innovation.schemas.js';

interface StoredProposer {
  personId: string;
  name: string;
  shareBp: number;
}
interface StoredBenefit {
  formula: string;
  periodStart: string;
  inputs: Record<string, string>;
  savingFen: string;
  tier: string | null;
  awardFen: string | null;
  splitFen: string[] | null;
}

export const ROUNDING_RULE = 'half_away_from_zero_to_fen';

function toView(row: repo.ItemRow): ItemView {
  const proposers = row.proposers as StoredProposer[];
  const b = row.benefit as StoredBenefit | null;
  return {
    id: row.id,
    number: `CX${row.id.padStart(6, '0')}`,
    orgId: row.org_id,
    title: row.title,
    category: row.category as ItemView['category'],
    area: row.area as ItemView['area'],
    problem: row.problem,
    measures: row.measures,
    expectedBenefit: row.expected_benefit,
    ownDuties: row.own_duties,
    status: row.status as InnovationStatus,
    reason: row.reason,
    implementedOn: row.implemented_on,
    proposers: proposers.map((p, i) => ({ ...p, awardYuan: b?.splitFen ? formatFen(BigInt(b.splitFen[i] ?? '0')) : null })),
    benefit: b && {
      formula: b.formula,
      periodStart: b.periodStart,
      inputs: b.inputs,
      savingYuan: formatFen(BigInt(b.savingFen)),
      tier: b.tier,
      awardYuan: b.awardFen === null ? null : formatFen(BigInt(b.awardFen)),
      rounding: ROUNDING_RULE,
    },
  };
}

const audit = (row: { id: string; org_id: string; org_path: string }) => ({
  entityType: 'innovation_item' as const,
  entityId: row.id,
  orgId: row.org_id,
  orgPath: row.org_path,
});

export async function getItem(ctx: RequestContext, id: string): Promise<ItemView> {
  const row = await repo.selectItem(ctx.db, id);
  assertInScope(ctx.actor, row?.org_path, 'innovation_item');
  return toView(row!);
}

export async function createItem(ctx: RequestContext, input: CreateItemInput): Promise<ItemView> {
  const total = input.proposers.reduce((a, p) => a + p.shareBp, 0);
  if (total !== FULL_SHARE_BP) throw fieldError('body.proposers', 'shares_not_100');
  const seen = new Set<string>();
  input.proposers.forEach((p, i) => {
    if (seen.has(p.personId)) throw fieldError(`body.proposers.${i}.personId`, 'duplicate_proposer');
    seen.add(p.personId);
  });
  const id = await inTransaction(ctx.db, async (trx) => {
    const org = await repo.findOrgPath(trx, input.orgId);
    assertInScope(ctx.actor, org?.path, 'organisation');
    const found = new Map((await repo.findPeople(trx, [...seen])).map((p) => [p.id, p]));
    const proposers: StoredProposer[] = input.proposers.map((p, i) => {
      const person = found.get(p.personId);
      // A person of another organisation's subtree is reported like one not in the registry.
      if (!person || !isInScope(ctx.actor, person.path)) throw fieldError(`body.proposers.${i}.personId`, 'not_in_registry');
      return { personId: p.personId, name: person.name, shareBp: p.shareBp };
    });
    const newId = await repo.insertItem(trx, {
      org_id: input.orgId,
      title: input.title,
      category: input.category,
      area: input.area,
      problem: input.problem ?? '',
      measures: input.measures ?? '',
      expected_benefit: input.expectedBenefit ?? '',
      own_duties: input.ownDuties,
      proposers: JSON.stringify(proposers),
      created_by: ctx.actor.userId,
    });
    await writeAudit(trx, ctx, { ...audit({ id: newId, org_id: input.orgId, org_path: org!.path }), action: 'create', after: input });
    return newId;
  });
  return getItem(ctx, id);
}

/** Which statuses each step starts from, and where it leads. */
const STEPS: Record<InnovationStep, { from: InnovationStatus[]; to: InnovationStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted', 'expert_review'], to: 'returned' },
  reject: { from: ['submitted', 'expert_review'], to: 'not_adopted' },
  send_to_experts: { from: ['submitted'], to: 'expert_review' },
  adopt: { from: ['submitted', 'expert_review'], to: 'adopted' },
  implement: { from: ['adopted'], to: 'implemented' },
  pay: { from: ['verified'], to: 'paid' },
};

export async function takeStep(ctx: RequestContext, id: string, input: StepInput): Promise<ItemView> {
  const rule = STEPS[input.step];
  // A proposal returned or not adopted always tells the proposer why.
  if ((input.step === 'return' || input.step === 'reject') && !input.reason) throw fieldError('body.reason', 'required');
  if (input.step === 'implement' && !input.startDate) throw fieldError('body.startDate', 'required');
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockItem(trx, id);
    const row = await repo.selectItem(trx, id);
    assertInScope(ctx.actor, row?.org_path, 'innovation_item');
    if (!rule.from.includes(row!.status as InnovationStatus)) throw conflictOn('body.step', 'wrong_state');
    if (input.step === 'pay' && (row!.benefit as StoredBenefit | null)?.awardFen == null) throw conflictOn('body.step', 'no_award');
    const change = {
      status: rule.to,
      reason: input.step === 'return' || input.step === 'reject' ? input.reason! : row!.reason,
      ...(input.step === 'implement' && { implemented_on: input.startDate! }),
    };
    await repo.updateItem(trx, id, change);
    await writeAudit(trx, ctx, {
      ...audit(row!),
      action: input.step === 'return' ? 'return' : input.step,
      before: { status: row!.status },
      after: { ...change, ...(input.reason && { reason: input.reason }) },
    });
  });
  return getItem(ctx, id);
}

/** Verifies the benefit by a named formula in exact decimals, picks the tier and splits the award. */
export async function verifyBenefit(ctx: RequestContext, id: string, input: BenefitInput): Promise<ItemView> {
  const output: Dec = dec(input.output);
  if (sign(output) < 0) throw fieldError('body.output', 'negative');
  const [oldValue, newValue, rate, inputs] = [dec(input.oldValue), dec(input.newValue), dec(input.rate), dec(input.inputs)];
  const savingFen =
    input.formula === 'labour_hour'
      ? labourHourSavingFen({ oldHours: oldValue, newHours: newValue, hourlyCost: rate, output, inputs })
      : materialSavingFen({ oldConsumption: oldValue, newConsumption: newValue, unitPrice: rate, output, inputs });
  const awardFen = input.award == null ? null : toFen(dec(input.award));
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockItem(trx, id);
    const row = await repo.selectItem(trx, id);
    assertInScope(ctx.actor, row?.org_path, 'innovation_item');
    if (row!.status !== 'implemented' && row!.status !== 'verified') throw conflictOn('body.formula', 'wrong_state');
    // The twelve-month benefit period starts at the implementation, never before it.
    if (!row!.implemented_on || input.periodStart < row!.implemented_on) throw fieldError('body.periodStart', 'before_implementation');
    const proposers = row!.proposers as StoredProposer[];
    const benefit: StoredBenefit = {
      formula: input.formula,
      periodStart: input.periodStart,
      inputs: { oldValue: input.oldValue, newValue: input.newValue, rate: input.rate, output: input.output, inputs: input.inputs },
      savingFen: savingFen.toString(),
      tier: awardTier(savingFen),
      awardFen: awardFen === null ? null : awardFen.toString(),
      splitFen:
        awardFen === null
          ? null
          : splitAward(
              awardFen,
              proposers.map((p) => p.shareBp),
            ).map(String),
    };
    if (!row) throw new AppError('not_found', { entity: 'innovation_item' });
    await repo.updateItem(trx, id, { status: 'verified', benefit: JSON.stringify(benefit) });
    await writeAudit(trx, ctx, { ...audit(row), action: 'verify_benefit', before: row.benefit, after: benefit });
  });
  return getItem(ctx, id);
}
