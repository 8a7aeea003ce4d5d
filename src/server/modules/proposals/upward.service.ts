// Upward selections (issue #16 item 5): an upper organisation opens a selection (a city's top-ten
// innovations, a five-smalls contest, the naming of an advanced operating method); a lower organisation
// recommends an adopted result it reaches into a selection of an organisation above it; the selecting
// organisation scores, ranks and decides each entry (a "not selected" always says why) and records its
// awards (exact fen). A result counts once in each level's totals however many entries it has (the
// totals are per item: migration 2026-12-07T20-innovation-upward). Every write is audited.
import { dec, formatFen, toFen } from '../../../shared/decimal.js';
import { assertInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { chinaToday } from '../../platform/xlsx-report.js';
import { inTransaction } from '../../db/transaction.js';
import * as items from './proposals.repository.js';
import type {
  AwardInput,
  CreateSelectionInput,
  EntryView,
  RecommendInput,
  ReviewEntryInput,
  SELECTION_KINDS,
} from './proposals.schemas.js';
import * as repo from './upward.repository.js';

/** Statuses of a result that may be recommended upward: adopted or further along. */
export const RECOMMENDABLE = ['adopted', 'trial', 'implemented', 'accepted', 'verified', 'paid'];

/** Selections, entries and patents are the union staff's: a worker follows their own proposals only. */
export function assertStaff(ctx: RequestContext) {
  if (ctx.actor.roles.includes('worker')) throw new AppError('forbidden');
}

const itemNumber = (id: string) => `CX${id.padStart(6, '0')}`;

function selectionView(ctx: RequestContext, r: repo.SelectionRow) {
  const reviews = r.org_path.startsWith(ctx.actor.orgPath);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    kind: r.kind as (typeof SELECTION_KINDS)[number],
    year: r.year,
    deadline: r.deadline,
    open: r.deadline >= chinaToday(),
    entries: Number(r.entries),
    canReview: reviews,
    canRecommend: !reviews && ctx.actor.orgPath.startsWith(r.org_path),
  };
}

export async function createSelection(ctx: RequestContext, org: ScopedOrg, input: CreateSelectionInput) {
  assertStaff(ctx);
  const id = await inTransaction(ctx.db, async (trx) => {
    const newId = await repo.insertSelection(trx, {
      org_id: org.id,
      name: input.name,
      kind: input.kind,
      year: input.year,
      deadline: input.deadline,
      created_by: ctx.actor.userId,
    });
    await writeAudit(trx, ctx, {
      entityType: 'innovation_selection',
      entityId: newId,
      orgId: org.id,
      orgPath: org.path,
      action: 'create',
      after: input,
    });
    return newId;
  });
  return selectionView(ctx, (await repo.selectSelection(ctx.db, id))!);
}

export async function listSelections(ctx: RequestContext) {
  assertStaff(ctx);
  const rows = await repo.listSelections(ctx.db, ctx.actor.orgPath);
  return { items: rows.map((r) => selectionView(ctx, r)) };
}

export async function getSelection(ctx: RequestContext, id: string) {
  assertStaff(ctx);
  const row = await repo.selectSelection(ctx.db, id);
  // The selecting organisation's subtree reviews it; the organisations below it see it to recommend.
  if (!row || !(row.org_path.startsWith(ctx.actor.orgPath) || ctx.actor.orgPath.startsWith(row.org_path)))
    throw new AppError('not_found', { entity: 'innovation_selection' });
  return selectionView(ctx, row);
}

async function toEntryViews(ctx: RequestContext, rows: repo.EntryRow[]): Promise<EntryView[]> {
  const awards = await repo.awardsOfEntries(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    selectionId: r.selection_id,
    selectionName: r.selection_name,
    selectionOrgName: r.selection_org_name,
    selectionYear: r.selection_year,
    itemId: r.item_id,
    itemNumber: itemNumber(r.item_id),
    itemTitle: r.item_title,
    itemCategory: r.item_category as EntryView['itemCategory'],
    itemOrgName: r.item_org_name,
    recommendedByName: r.recommended_by_name,
    note: r.note,
    score: r.score,
    rank: r.rank,
    decision: r.decision as EntryView['decision'],
    reason: r.reason,
    awards: awards
      .filter((a) => a.entry_id === r.id)
      .map((a) => ({ id: a.id, name: a.name, tier: a.tier, amountYuan: formatFen(BigInt(a.amount_fen)) })),
  }));
}

/** The entries addressed to a selection (the route checked the selecting organisation is the caller's subtree). */
export async function entriesOfSelection(ctx: RequestContext, selectionId: string) {
  assertStaff(ctx);
  return { items: await toEntryViews(ctx, await repo.entriesOfSelection(ctx.db, selectionId)) };
}

/** An item's entries the caller's subtree recommended or received (the route checked the item is reached). */
export async function entriesOfItem(ctx: RequestContext, itemId: string) {
  assertStaff(ctx);
  return { items: await toEntryViews(ctx, await repo.entriesOfItem(ctx.db, itemId, ctx.actor.orgPath)) };
}

/** The caller's organisation recommends an adopted result of its subtree into a selection of an organisation above it. */
export async function recommend(ctx: RequestContext, itemId: string, input: RecommendInput) {
  assertStaff(ctx);
  const entryId = await inTransaction(ctx.db, async (trx) => {
    await items.lockItem(trx, itemId);
    const item = await items.selectItem(trx, itemId);
    assertInScope(ctx.actor, item?.org_path, 'innovation_item');
    const sel = await repo.selectSelection(trx, input.selectionId);
    // Only a selection of an organisation strictly above the caller's is one it recommends into.
    if (!sel || sel.org_path === ctx.actor.orgPath || !ctx.actor.orgPath.startsWith(sel.org_path))
      throw fieldError('body.selectionId', 'not_above');
    if (sel.deadline < chinaToday()) throw conflictOn('body.selectionId', 'closed');
    if (!RECOMMENDABLE.includes(item!.status)) throw conflictOn('body.selectionId', 'not_adopted_yet');
    if (await repo.entryExists(trx, sel.id, itemId)) throw conflictOn('body.selectionId', 'already_entered');
    const id = await repo.insertEntry(trx, {
      selection_id: sel.id,
      item_id: itemId,
      recommended_by: ctx.actor.orgId,
      note: input.note ?? '',
      created_by: ctx.actor.userId,
    });
    const after = { selectionId: sel.id, selection: sel.name, itemId, recommendedBy: ctx.actor.orgId, note: input.note ?? '' };
    await writeAudit(trx, ctx, {
      entityType: 'innovation_entry',
      entityId: id,
      orgId: sel.org_id,
      orgPath: sel.org_path,
      action: 'recommend',
      after,
    });
    await writeAudit(trx, ctx, {
      entityType: 'innovation_item',
      entityId: itemId,
      orgId: item!.org_id,
      orgPath: item!.org_path,
      action: 'recommend',
      after,
    });
    return id;
  });
  return (await toEntryViews(ctx, [(await repo.selectEntry(ctx.db, entryId))!]))[0]!;
}

/** The selecting organisation scores, ranks and decides an entry; "not selected" needs a reason. */
export async function reviewEntry(ctx: RequestContext, id: string, input: ReviewEntryInput) {
  assertStaff(ctx);
  if (input.decision === 'not_selected' && !input.reason) throw fieldError('body.reason', 'required');
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockEntry(trx, id);
    const row = await repo.selectEntry(trx, id);
    assertInScope(ctx.actor, row?.selection_org_path, 'innovation_entry');
    const awards = await repo.awardsOfEntries(trx, [id]);
    // Awards follow a selection: an entry with awards stays selected.
    if (awards.length && input.decision !== 'selected') throw conflictOn('body.decision', 'has_awards');
    const change = {
      score: input.score ?? null,
      rank: input.rank ?? null,
      decision: input.decision ?? null,
      reason: input.decision === 'not_selected' ? input.reason! : (input.reason ?? null),
    };
    await repo.updateEntry(trx, id, change);
    await writeAudit(trx, ctx, {
      entityType: 'innovation_entry',
      entityId: id,
      orgId: row!.selection_org_id,
      orgPath: row!.selection_org_path,
      action: 'review',
      before: { score: row!.score, rank: row!.rank, decision: row!.decision, reason: row!.reason },
      after: change,
    });
  });
  return (await toEntryViews(ctx, [(await repo.selectEntry(ctx.db, id))!]))[0]!;
}

/** The selecting organisation records an award of a selected entry (amount exact in fen). */
export async function addAward(ctx: RequestContext, id: string, input: AwardInput) {
  assertStaff(ctx);
  // Money is whole fen: a third decimal is refused, never rounded away.
  if (dec(input.amount).s > 2) throw fieldError('body.amount', 'fen');
  const amountFen = toFen(dec(input.amount));
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockEntry(trx, id);
    const row = await repo.selectEntry(trx, id);
    assertInScope(ctx.actor, row?.selection_org_path, 'innovation_entry');
    if (row!.decision !== 'selected') throw conflictOn('body.name', 'not_selected_yet');
    const awardId = await repo.insertAward(trx, {
      entry_id: id,
      item_id: row!.item_id,
      name: input.name,
      tier: input.tier ?? '',
      amount_fen: amountFen.toString(),
    });
    await writeAudit(trx, ctx, {
      entityType: 'innovation_entry',
      entityId: id,
      orgId: row!.selection_org_id,
      orgPath: row!.selection_org_path,
      action: 'award',
      after: { awardId, name: input.name, tier: input.tier ?? '', amountFen: amountFen.toString() },
    });
  });
  return (await toEntryViews(ctx, [(await repo.selectEntry(ctx.db, id))!]))[0]!;
}
