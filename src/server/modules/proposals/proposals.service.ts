// Employee innovation items: proposals with proposers' shares, the review workflow, and the verified
// benefit sheet with its award split. Every step is audited in the step's transaction.
import { type Dec, dec, formatFen, sign, toFen } from '../../../shared/decimal.js';
import { awardTier, FULL_SHARE_BP, labourHourSavingFen, materialSavingFen, splitAward } from '../../../shared/innovation-benefit.js';
import { assertInScope, isInScope } from '../../platform/access.js';
import { industryUnionOf } from '../../platform/reach.repository.js';
import type { AuditAction } from '../../../shared/audit-vocabulary.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { chinaToday } from '../../platform/xlsx-report.js';
import { inTransaction } from '../../db/transaction.js';
import { hashPassword, meetsPasswordPolicy } from '../../platform/passwords.js';
import type { Db } from '../people/people.repository.js';
import * as people from '../people/people.repository.js';
import { insertUser, usernameExists } from '../users/users.repository.js';
import * as repo from './proposals.repository.js';
import { summarise } from '../audit/audit.present.js';
import type {
  ProposerQuery,
  BenefitInput,
  CreateItemInput,
  InnovationStatus,
  InnovationStep,
  ItemView,
  ListItemsQuery,
  MergeInput,
  StepInput,
  WorkerAccountInput,
} from './proposals.schemas.js';

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

const numberOf = (id: string) => `CX${id.padStart(6, '0')}`;

function toView(row: repo.ItemRow): ItemView {
  const proposers = row.proposers as StoredProposer[];
  const b = row.benefit as StoredBenefit | null;
  return {
    id: row.id,
    number: numberOf(row.id),
    orgId: row.org_id,
    title: row.title,
    category: row.category as ItemView['category'],
    area: row.area as ItemView['area'],
    problem: row.problem,
    measures: row.measures,
    expectedBenefit: row.expected_benefit,
    estimatedBenefitYuan: row.estimated_benefit_fen === null ? null : formatFen(BigInt(row.estimated_benefit_fen)),
    studioId: row.studio_id,
    studioName: row.studio_name,
    team: row.team,
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
    mergedInto: row.merged_into ? { id: row.merged_into, number: numberOf(row.merged_into), title: row.merged_into_title ?? '' } : null,
    mergeReason: row.merge_reason,
  };
}

const audit = (row: { id: string; org_id: string; org_path: string }) => ({
  entityType: 'innovation_item' as const,
  entityId: row.id,
  orgId: row.org_id,
  orgPath: row.org_path,
});

/** A worker's own registry person; null for staff (who act on their organisation's subtree). */
async function workerPerson(ctx: RequestContext, db: Db): Promise<string | null> {
  if (!ctx.actor.roles.includes('worker')) return null;
  const personId = await repo.findUserPerson(db, ctx.actor.userId);
  if (!personId) throw new AppError('forbidden');
  return personId;
}

/** A worker reaches only the items they propose: anything else is reported as not found. */
function assertOwn(row: repo.ItemRow, personId: string | null) {
  if (personId && !(row.proposers as StoredProposer[]).some((p) => p.personId === personId))
    throw new AppError('not_found', { entity: 'innovation_item' });
}

export async function getItem(ctx: RequestContext, id: string): Promise<ItemView> {
  const row = await repo.selectItem(ctx.db, id);
  // An industry union reads its affiliated enterprises' items (never takes a step on them).
  assertInScope(ctx.actor, row?.org_path, 'innovation_item', 'read');
  assertOwn(row!, await workerPerson(ctx, ctx.db));
  return toView(row!);
}

/**
 * The review queue of the caller's subtree (staff; an industry union also reads its affiliated
 * enterprises' items, or one of them by orgId), or a worker's own proposals.
 */
export async function listItems(ctx: RequestContext, q: ListItemsQuery): Promise<{ items: ItemView[]; total: number }> {
  let rootPath = ctx.actor.orgPath;
  let industryUnionId = industryUnionOf(ctx.actor);
  if (q.orgId) {
    const org = await repo.findOrgPath(ctx.db, q.orgId);
    assertInScope(ctx.actor, org?.path, 'organisation', 'read');
    rootPath = org!.path;
    industryUnionId = undefined;
  }
  const proposer = await workerPerson(ctx, ctx.db);
  const { ids, total } = await repo.listItems(
    ctx.db,
    { rootPath, industryUnionId, status: q.status, proposer, q: q.q },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const rows = await Promise.all(ids.map((id) => repo.selectItem(ctx.db, id)));
  return { items: rows.filter((r) => r !== undefined).map(toView), total };
}

/** The proposer picker: people of the organisation's subtree (default the caller's) by name; a worker sees themselves marked. */
export async function searchProposers(ctx: RequestContext, q: ProposerQuery) {
  let rootPath = ctx.actor.orgPath;
  if (q.orgId) {
    const org = await repo.findOrgPath(ctx.db, q.orgId);
    assertInScope(ctx.actor, org?.path, 'organisation');
    rootPath = org!.path;
  }
  const me = await workerPerson(ctx, ctx.db);
  const rows = await repo.searchPeople(ctx.db, rootPath, q.q);
  return { items: rows.map((r) => ({ id: r.id, name: r.name, orgName: r.org_name, self: r.id === me })) };
}

/** Shares summing to exactly 100%, each person once: the proposers' ids. */
function checkShares(proposers: CreateItemInput['proposers']): Set<string> {
  const total = proposers.reduce((a, p) => a + p.shareBp, 0);
  if (total !== FULL_SHARE_BP) throw fieldError('body.proposers', 'shares_not_100');
  const seen = new Set<string>();
  proposers.forEach((p, i) => {
    if (seen.has(p.personId)) throw fieldError(`body.proposers.${i}.personId`, 'duplicate_proposer');
    seen.add(p.personId);
  });
  return seen;
}

/** The proposers as stored, each a registry person the actor reaches (one elsewhere reads as not in the registry). */
async function storedProposers(ctx: RequestContext, trx: Db, proposers: CreateItemInput['proposers'], ids: Set<string>) {
  const found = new Map((await repo.findPeople(trx, [...ids])).map((p) => [p.id, p]));
  return proposers.map((p, i): StoredProposer => {
    const person = found.get(p.personId);
    if (!person || !isInScope(ctx.actor, person.path)) throw fieldError(`body.proposers.${i}.personId`, 'not_in_registry');
    return { personId: p.personId, name: person.name, shareBp: p.shareBp };
  });
}

export async function createItem(ctx: RequestContext, input: CreateItemInput): Promise<ItemView> {
  const seen = checkShares(input.proposers);
  const me = await workerPerson(ctx, ctx.db);
  // A worker proposes in their own name (with co-proposers of their subtree).
  if (me && !seen.has(me)) throw fieldError('body.proposers', 'self_not_proposer');
  const id = await inTransaction(ctx.db, async (trx) => {
    const org = await repo.findOrgPath(trx, input.orgId);
    assertInScope(ctx.actor, org?.path, 'organisation');
    // The studio must be one of the item's organisation or below it (one studio across levels: the
    // studios module's record, not a second copy).
    if (input.studioId) {
      const studio = await repo.findStudioOrgPath(trx, input.studioId);
      if (!studio?.path.startsWith(org!.path)) throw fieldError('body.studioId', 'studio_not_of_org');
    }
    const proposers = await storedProposers(ctx, trx, input.proposers, seen);
    const newId = await repo.insertItem(trx, {
      org_id: input.orgId,
      title: input.title,
      category: input.category,
      area: input.area,
      problem: input.problem ?? '',
      measures: input.measures ?? '',
      expected_benefit: input.expectedBenefit ?? '',
      own_duties: input.ownDuties,
      estimated_benefit_fen: input.estimatedBenefitYuan == null ? null : toFen(dec(input.estimatedBenefitYuan)).toString(),
      studio_id: input.studioId ?? null,
      team: input.team ?? '',
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
  // Filed for later (存档备用): kept on record after review, adoptable when its time comes.
  file: { from: ['submitted', 'expert_review'], to: 'filed' },
  adopt: { from: ['submitted', 'expert_review', 'filed'], to: 'adopted' },
  start_trial: { from: ['adopted'], to: 'trial' },
  implement: { from: ['adopted', 'trial'], to: 'implemented' },
  // Accepted on completion (验收): the implementation is checked before its benefit is verified.
  accept: { from: ['implemented'], to: 'accepted' },
  pay: { from: ['verified'], to: 'paid' },
};

const DECISIONS: InnovationStep[] = ['adopt', 'reject', 'file'];

const STEP_AUDIT: Record<InnovationStep, AuditAction> = {
  submit: 'submit',
  return: 'return',
  reject: 'reject',
  send_to_experts: 'send_to_experts',
  adopt: 'adopt',
  implement: 'implement',
  pay: 'pay',
  file: 'file_for_later',
  start_trial: 'start_trial',
  accept: 'accept',
};

export async function takeStep(ctx: RequestContext, id: string, input: StepInput): Promise<ItemView> {
  const rule = STEPS[input.step];
  // A proposal returned or not adopted always tells the proposer why.
  if ((input.step === 'return' || input.step === 'reject') && !input.reason) throw fieldError('body.reason', 'required');
  if (input.step === 'implement' && !input.startDate) throw fieldError('body.startDate', 'required');
  const me = await workerPerson(ctx, ctx.db);
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockItem(trx, id);
    const row = await repo.selectItem(trx, id);
    assertInScope(ctx.actor, row?.org_path, 'innovation_item');
    assertOwn(row!, me);
    // A worker submits their own proposal; reviewing it is the union staff's.
    if (me && input.step !== 'submit') throw new AppError('forbidden');
    if (!rule.from.includes(row!.status as InnovationStatus)) throw conflictOn('body.step', 'wrong_state');
    if (input.step === 'pay' && (row!.benefit as StoredBenefit | null)?.awardFen == null) throw conflictOn('body.step', 'no_award');
    const change = {
      status: rule.to,
      reason: input.step === 'return' || input.step === 'reject' ? input.reason! : row!.reason,
      ...(input.step === 'implement' && { implemented_on: input.startDate! }),
      // The dashboard's days to decision: from the first submission to the adoption, rejection or filing.
      ...(input.step === 'submit' && !row!.submitted_on && { submitted_on: chinaToday() }),
      ...(DECISIONS.includes(input.step) && !row!.decided_on && { decided_on: chinaToday() }),
    };
    await repo.updateItem(trx, id, change);
    await writeAudit(trx, ctx, {
      ...audit(row!),
      action: STEP_AUDIT[input.step],
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
  if (await workerPerson(ctx, ctx.db)) throw new AppError('forbidden');
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockItem(trx, id);
    const row = await repo.selectItem(trx, id);
    assertInScope(ctx.actor, row?.org_path, 'innovation_item');
    if (!['implemented', 'accepted', 'verified'].includes(row!.status)) throw conflictOn('body.formula', 'wrong_state');
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

/** The person's enterprise union creates their worker account (one per person), linked to the registry. */
export async function createWorkerAccount(ctx: RequestContext, input: WorkerAccountInput) {
  if (!meetsPasswordPolicy(input.password)) throw new AppError('password_policy', {}, [{ path: 'body.password', code: 'custom' }]);
  const password_hash = await hashPassword(input.password);
  return inTransaction(ctx.db, async (trx) => {
    const person = await people.findPersonById(trx, input.personId);
    assertInScope(ctx.actor, person?.org_path, 'person');
    return insertWorkerAccount(trx, ctx, person!, { username: input.username, password_hash, mustChangePassword: true });
  });
}

/**
 * The worker account of a registry person, in the caller's transaction and audited: role worker,
 * linked to the person, in the person's organisation. Created by the union directly (a first password
 * to change) or on confirming the person's own registration (the password they chose, already hashed).
 */
export async function insertWorkerAccount(
  trx: Db,
  ctx: RequestContext,
  person: Pick<people.PersonRecord, 'id' | 'name' | 'org_id' | 'org_path'>,
  account: { username: string; password_hash: string; mustChangePassword: boolean },
) {
  if (await repo.personHasAccount(trx, person.id)) throw conflictOn('body.personId', 'has_account');
  if (await usernameExists(trx, account.username)) throw new AppError('username_taken', { username: account.username });
  const userId = await insertUser(trx, {
    username: account.username,
    display_name: person.name,
    org_id: person.org_id,
    roles: ['worker'],
    password_hash: account.password_hash,
    must_change_password: account.mustChangePassword,
  });
  await repo.linkUserPerson(trx, userId, person.id);
  const view = { userId, username: account.username, personId: person.id };
  await writeAudit(trx, ctx, {
    entityType: 'user',
    entityId: userId,
    orgId: person.org_id,
    orgPath: person.org_path,
    action: 'create',
    after: view,
  });
  return view;
}

// ---- merging duplicates (issue #16 item 3; rules in docs/design.md)

/** Statuses a duplicate may be merged from: not once its benefit is verified or its award paid (that money stays on its record). */
const MERGEABLE: InnovationStatus[] = [
  'draft',
  'submitted',
  'returned',
  'not_adopted',
  'expert_review',
  'filed',
  'adopted',
  'trial',
  'implemented',
  'accepted',
];
/** Statuses an item entered in selections has (the kept item must be one to take over a duplicate's entries). */
const ENTERED: InnovationStatus[] = ['adopted', 'trial', 'implemented', 'accepted', 'verified', 'paid'];
const proposerText = (p: StoredProposer) => `${p.name}（${p.shareBp / 100}%）`;
/** Which of two entries into one selection stays: one with awards, then one selected, then one decided; else the kept item's. */
const standing = (e: { decision: string | null; awards: number }) =>
  (e.awards > 0 ? 4 : 0) + (e.decision === 'selected' ? 2 : 0) + (e.decision ? 1 : 0);

/**
 * Merges a duplicate into the item of the path, in one transaction: the duplicate's selection entries
 * (one entry per selection: the better-standing one, with the other's awards), awards and patents move
 * to the kept item, which takes the proposer list given (shares summing to 100%); the duplicate becomes
 * 'merged', read-only, pointing to the kept item, and leaves every figure (the totals trigger). The kept
 * item's status wins. One audit entry on the kept item says what moved and why.
 */
export async function mergeItems(ctx: RequestContext, id: string, input: MergeInput): Promise<ItemView> {
  // Merging is a reviewer's decision, never a worker's.
  if (await workerPerson(ctx, ctx.db)) throw new AppError('forbidden');
  if (input.duplicateId === id) throw fieldError('body.duplicateId', 'same_item');
  if (!input.reason?.trim()) throw fieldError('body.reason', 'required');
  const ids = checkShares(input.proposers);
  await inTransaction(ctx.db, async (trx) => {
    // Both locked, in id order (two merges of the same pair the other way round wait, not deadlock).
    for (const x of [id, input.duplicateId].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))) await repo.lockItem(trx, x);
    const kept = await repo.selectItem(trx, id);
    assertInScope(ctx.actor, kept?.org_path, 'innovation_item');
    const dup = await repo.selectItem(trx, input.duplicateId);
    assertInScope(ctx.actor, dup?.org_path, 'innovation_item');
    if (kept!.status === 'merged') throw conflictOn('params.id', 'merged_read_only');
    if (dup!.status === 'merged') throw conflictOn('body.duplicateId', 'already_merged');
    if (!MERGEABLE.includes(dup!.status as InnovationStatus)) throw conflictOn('body.duplicateId', 'merge_after_benefit');
    const dupEntries = await repo.entriesToMerge(trx, dup!.id);
    if (dupEntries.length && !ENTERED.includes(kept!.status as InnovationStatus)) throw conflictOn('body.duplicateId', 'kept_not_adopted');
    const before = kept!.proposers as StoredProposer[];
    // A verified benefit's award is split by the kept item's shares: those stay as they are.
    if (
      (kept!.benefit as StoredBenefit | null)?.splitFen &&
      (before.length !== input.proposers.length ||
        before.some((p, i) => p.personId !== input.proposers[i]!.personId || p.shareBp !== input.proposers[i]!.shareBp))
    )
      throw fieldError('body.proposers', 'split_fixed');
    const proposers = await storedProposers(ctx, trx, input.proposers, ids);

    const keptEntries = new Map((await repo.entriesToMerge(trx, kept!.id)).map((e) => [e.selection_id, e]));
    const moved: string[] = [];
    const combined: string[] = [];
    for (const e of dupEntries) {
      const other = keptEntries.get(e.selection_id);
      if (!other) {
        await repo.moveEntry(trx, e.id, kept!.id);
        moved.push(e.selection_name);
      } else {
        // Both were entered into this selection: one entry stays, carrying the other's awards.
        const [stay, go] = standing(e) > standing(other) ? [e, other] : [other, e];
        // (the one leaving goes first: one item has one entry per selection)
        await repo.foldEntry(trx, go.id, stay.id, kept!.id);
        if (stay === e) await repo.moveEntry(trx, e.id, kept!.id);
        combined.push(e.selection_name);
      }
    }
    await repo.moveAwards(trx, dup!.id, kept!.id);
    const patents = await repo.movePatents(trx, dup!.id, kept!.id);
    await repo.setProposers(trx, kept!.id, JSON.stringify(proposers));
    await repo.markMerged(trx, dup!.id, kept!.id, input.reason!.trim());
    await writeAudit(trx, ctx, {
      ...audit(kept!),
      action: 'merge',
      before: { proposers: before.map(proposerText) },
      after: {
        duplicate: `${numberOf(dup!.id)} ${dup!.title}`,
        reason: input.reason!.trim(),
        proposers: proposers.map(proposerText),
        patentsMoved: patents,
        selectionsMoved: moved,
        selectionsCombined: combined,
      },
    });
  });
  return getItem(ctx, id);
}

/** The item's timeline: its audited steps and those of every duplicate merged into it, marked with the duplicate. */
export async function itemHistory(ctx: RequestContext, id: string) {
  const item = await getItem(ctx, id);
  const isWorker = ctx.actor.roles.includes('worker');
  const family = await repo.itemWithMerged(ctx.db, id);
  const titles = new Map(family.map((f) => [f.id, f.title]));
  const rows = await repo.auditOfItems(
    ctx.db,
    family.map((f) => f.id),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      action: r.action,
      // A worker sees what happened to their proposal, not which staff account did it.
      actor: isWorker ? null : r.actor_username,
      summary: summarise(r.before, r.after, ctx.locale),
      fromItem:
        r.entity_id && r.entity_id !== item.id
          ? { id: r.entity_id, number: numberOf(r.entity_id), title: titles.get(r.entity_id) ?? '' }
          : null,
    })),
  };
}
