// Mentor–apprentice pairs (师带徒): the agreement (master, apprentice, trade, target level, plan
// stages, a 1–3 year term, monthly allowance in fen), its states, and its outcome. The outcome is
// computed at read time from the registry's skill history (innovation.repository `promotedOn`): a
// certificate at or above the target level dated within the term, entered on the person form, by a
// roster import or any other path, makes the master's award due without touching the pair.
import { hasPermission, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { fieldError } from '../../platform/errors.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { findPersonById } from '../people/people.repository.js';
import { codeOfRank, rankOf, SKILL_LEVELS, type SkillLevelCode } from '../people/skill-levels.js';
import { honoursWithRank } from './eligibility.js';
import * as repo from './innovation.repository.js';
import type { CreatePairInput, ListPairsQuery, PairStatus, TransitionInput } from './innovation.schemas.js';
import { money, yuanToFen } from './money.js';

export const DEFAULT_MAX_APPRENTICES = 5;
/** A master below this rank (技师) needs an honour to teach. */
const MASTER_RANK = 5;

const NEXT: Record<PairStatus, PairStatus[]> = {
  proposed: ['approved', 'ended'],
  approved: ['signed', 'ended'],
  signed: ['in_progress', 'ended'],
  in_progress: ['exam_due', 'ended'],
  exam_due: ['graduated', 'not_graduated', 'ended'],
  graduated: [],
  not_graduated: [],
  ended: [],
};

export function pairView(ctx: RequestContext, p: repo.PairRecord) {
  const status = p.status as PairStatus;
  return {
    id: p.id,
    orgId: p.org_id,
    orgName: p.org_name,
    agreementNo: p.agreement_no,
    masterId: p.master_person_id,
    masterName: p.master_name,
    apprenticeId: p.apprentice_person_id,
    apprenticeName: p.apprentice_name,
    studioId: p.studio_id,
    studioName: p.studio_name,
    trade: p.trade,
    targetLevel: codeOfRank(p.target_level)!,
    stages: (p.stages as { title: string; until: string }[]) ?? [],
    startOn: p.start_on,
    endOn: p.end_on,
    allowance: money(p.allowance_fen),
    status,
    grade: p.grade,
    endedReason: p.ended_reason,
    promotedOn: p.promoted_on,
    awardDue: p.promoted_on !== null && status !== 'ended',
    next: hasPermission(ctx.actor, 'innovation.write') && isInScope(ctx.actor, p.org_path) ? NEXT[status] : [],
  };
}

export async function listPairs(ctx: RequestContext, q: ListPairsQuery, org: ScopedOrg | undefined) {
  const { rows, total } = await repo.listPairs(
    ctx.db,
    {
      rootPath: org?.path ?? ctx.actor.orgPath,
      q: q.q,
      status: q.status,
      awardDue: q.awardDue === undefined ? undefined : q.awardDue === 'true',
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: rows.map((p) => pairView(ctx, p)), total };
}

const addYears = (date: string, n: number) => `${Number(date.slice(0, 4)) + n}${date.slice(4)}`;
const levelName = (rank: number | null, locale: string) => {
  const l = SKILL_LEVELS.find((x) => x.rank === rank);
  return l ? (locale === 'zh-CN' ? l.zh : l.en) : locale === 'zh-CN' ? '无' : 'none';
};

export async function maxApprentices(db: repo.Db, path: string) {
  return (await repo.maxApprenticesAlong(db, path)) ?? DEFAULT_MAX_APPRENTICES;
}

export async function createPair(ctx: RequestContext, input: CreatePairInput) {
  const org = await findOrgById(ctx.db, input.orgId);
  if (org?.kind !== 'enterprise') throw fieldError('body.orgId', 'not_enterprise');
  if (input.endOn <= input.startOn) throw fieldError('body.endOn', 'end_before_start');
  if (input.endOn < addYears(input.startOn, 1) || input.endOn > addYears(input.startOn, 3)) throw fieldError('body.endOn', 'term_length');
  if (input.masterId === input.apprenticeId) throw fieldError('body.apprenticeId', 'same_person');
  const allowance = input.allowance ? yuanToFen(input.allowance, 'body.allowance', { allowZero: true }) : '0';
  const target = rankOf(input.targetLevel as SkillLevelCode);
  const id = await inTransaction(ctx.db, async (trx) => {
    const master = await findPersonById(trx, input.masterId);
    if (!master || !isInScope(ctx.actor, master.org_path)) throw fieldError('body.masterId', 'not_in_registry');
    const apprentice = await findPersonById(trx, input.apprenticeId);
    if (!apprentice || !isInScope(ctx.actor, apprentice.org_path)) throw fieldError('body.apprenticeId', 'not_in_registry');
    const rank = master.skill_level ?? 0;
    const honoured = (await honoursWithRank(trx, master.id)).length > 0;
    const required = Math.max(target, MASTER_RANK);
    if (!(rank >= required || (honoured && rank >= target)))
      throw fieldError('body.masterId', 'master_below_level', {
        found: levelName(master.skill_level, ctx.locale),
        required: levelName(required, ctx.locale),
      });
    if ((await repo.countOpenPairs(trx, 'apprentice_person_id', apprentice.id)) > 0)
      throw fieldError('body.apprenticeId', 'apprentice_paired');
    const max = await maxApprentices(trx, org.path);
    const teaching = await repo.countOpenPairs(trx, 'master_person_id', master.id);
    if (teaching >= max) throw fieldError('body.masterId', 'master_full', { found: teaching, max });
    if (input.studioId) {
      const s = await repo.findStudio(trx, input.studioId);
      if (!s || s.org_id !== org.id) throw fieldError('body.studioId', 'studio_elsewhere');
    }
    const { id } = await repo.insertPair(trx, {
      org_id: org.id,
      agreement_no: input.agreementNo,
      master_person_id: master.id,
      apprentice_person_id: apprentice.id,
      studio_id: input.studioId ?? null,
      trade: input.trade,
      target_level: target,
      stages: JSON.stringify(input.stages ?? []),
      start_on: input.startOn,
      end_on: input.endOn,
      allowance_fen: allowance,
    });
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'mentorship',
      entityId: id,
      orgId: org.id,
      orgPath: org.path,
      after: input,
    });
    return id;
  });
  return pairView(ctx, (await repo.findPair(ctx.db, id))!);
}

export async function transition(ctx: RequestContext, p: repo.PairRecord, input: TransitionInput) {
  if (!NEXT[p.status as PairStatus].includes(input.to)) throw fieldError('body.to', 'bad_transition');
  if (input.to === 'graduated' && !input.grade) throw fieldError('body.grade', 'grade_required');
  if ((input.to === 'ended' || input.to === 'not_graduated') && !input.reason) throw fieldError('body.reason', 'reason_required');
  await inTransaction(ctx.db, async (trx) => {
    const locked = await repo.lockPair(trx, p.id);
    if (!NEXT[locked!.status as PairStatus].includes(input.to)) throw fieldError('body.to', 'bad_transition');
    await repo.updatePair(trx, p.id, {
      status: input.to,
      ...(input.to === 'graduated' && { grade: input.grade }),
      ...(input.reason && { ended_reason: input.reason }),
    });
    await writeAudit(trx, ctx, {
      action: 'change_status',
      entityType: 'mentorship',
      entityId: p.id,
      orgId: p.org_id,
      orgPath: p.org_path,
      before: { status: p.status },
      after: input,
    });
  });
  return pairView(ctx, (await repo.findPair(ctx.db, p.id))!);
}

export async function getSettings(ctx: RequestContext, org: ScopedOrg | undefined) {
  const o = org ?? { id: ctx.actor.orgId, path: ctx.actor.orgPath };
  return { orgId: o.id, maxApprentices: await maxApprentices(ctx.db, o.path) };
}

export async function putSettings(ctx: RequestContext, org: ScopedOrg, maxApprenticesValue: number) {
  await inTransaction(ctx.db, async (trx) => {
    await repo.upsertSettings(trx, org.id, maxApprenticesValue);
    await writeAudit(trx, ctx, {
      action: 'update',
      entityType: 'innovation_settings',
      entityId: org.id,
      orgId: org.id,
      orgPath: org.path,
      after: { maxApprentices: maxApprenticesValue },
    });
  });
  return { orgId: org.id, maxApprentices: maxApprenticesValue };
}
