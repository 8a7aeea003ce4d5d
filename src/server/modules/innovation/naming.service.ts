// Naming: a federation's annual call (level, quota, conditions, checklist, deadline); an enterprise's
// application (draft → submitted), passed up level by level by the unions between (recommend or
// return); the naming union's review (scores, notes) and naming (document, plaque, grant) — one studio
// with one naming record per naming organisation; annual assessments; revocation (摘牌).
import { hasPermission, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { checkEligibility } from './eligibility.js';
import * as repo from './innovation.repository.js';
import type {
  AssessInput,
  Checklist,
  Conditions,
  CreateCallInput,
  ListApplicationsQuery,
  NameInput,
  ReviewInput,
} from './innovation.schemas.js';
import { money, yuanToFen } from './money.js';

const today = () => new Date().toISOString().slice(0, 10);
/** The default checklist: the "有" items of a studio (venue, equipment, funds, rules, plan, team, ledger, results). */
export const DEFAULT_CHECKLIST: Checklist = {
  kind: 'items',
  items: [
    { key: 'venue', label: '有场地' },
    { key: 'equipment', label: '有设备' },
    { key: 'funds', label: '有经费' },
    { key: 'rules', label: '有制度' },
    { key: 'plan', label: '有计划' },
    { key: 'team', label: '有团队' },
    { key: 'ledger', label: '有台账' },
    { key: 'results', label: '有成果' },
  ],
};

// ---- calls
const callView = (c: repo.CallRecord) => ({
  id: c.id,
  orgId: c.org_id,
  orgName: c.org_name,
  year: c.year,
  title: c.title,
  level: c.level,
  quota: c.quota,
  named: c.named,
  deadline: c.deadline,
  conditions: (c.conditions ?? {}) as Conditions,
  checklist: (c.checklist ?? DEFAULT_CHECKLIST) as Checklist,
});

export async function listCalls(ctx: RequestContext, year: number | undefined) {
  return { items: (await repo.listCalls(ctx.db, ctx.actor.orgPath, year)).map(callView) };
}

export const getCall = (c: repo.CallRecord) => callView(c);

export async function createCall(ctx: RequestContext, input: CreateCallInput) {
  const org = await findOrgById(ctx.db, input.orgId);
  if (org?.kind !== 'federation') throw fieldError('body.orgId', 'not_federation');
  const checklist = input.checklist ?? DEFAULT_CHECKLIST;
  const id = await inTransaction(ctx.db, async (trx) => {
    const { id } = await repo.insertCall(trx, {
      org_id: org.id,
      year: input.year,
      title: input.title,
      level: org.level,
      quota: input.quota,
      deadline: input.deadline,
      conditions: JSON.stringify(input.conditions ?? {}),
      checklist: JSON.stringify(checklist),
    });
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'studio_call',
      entityId: id,
      orgId: org.id,
      orgPath: org.path,
      after: input,
    });
    return id;
  });
  return callView((await repo.findCall(ctx.db, id))!);
}

// ---- applications
type Action = 'submit' | 'recommend' | 'return' | 'review' | 'name';

/** The organisation above `orgId` on the way from the studio to the call's organisation. */
function nextUp(a: Pick<repo.ApplicationRecord, 'org_path' | 'call_org_id'>, fromOrgId: string): string {
  const ids = a.org_path.split('.').filter(Boolean);
  const i = ids.indexOf(fromOrgId);
  return ids[i - 1]!;
}

function actionsFor(ctx: RequestContext, a: repo.ApplicationRecord): Action[] {
  if (!hasPermission(ctx.actor, 'innovation.write')) return [];
  if ((a.status === 'draft' || a.status === 'returned') && isInScope(ctx.actor, a.org_path)) return ['submit'];
  if (a.status !== 'submitted' || a.at_org_id !== ctx.actor.orgId) return [];
  if (a.at_org_id !== a.call_org_id) return ['recommend', 'return'];
  return ['review', 'name', 'return'];
}

const scoresOf = (a: repo.ApplicationRecord) => (a.scores as { expert: string; score: number }[] | null) ?? null;

function applicationRow(ctx: RequestContext, a: repo.ApplicationRecord) {
  const scores = scoresOf(a);
  return {
    id: a.id,
    callId: a.call_id,
    callTitle: a.call_title,
    callOrgId: a.call_org_id,
    callOrgName: a.call_org_name,
    studioId: a.studio_id,
    studioName: a.studio_name,
    orgId: a.org_id,
    orgName: a.org_name,
    status: a.status,
    atOrgId: a.at_org_id,
    atOrgName: a.at_org_name,
    statement: a.statement,
    scores,
    averageScore: scores?.length ? Math.round((scores.reduce((s, x) => s + x.score, 0) / scores.length) * 100) / 100 : null,
    reviewNotes: a.review_notes,
    actions: actionsFor(ctx, a),
  };
}

export async function listApplications(ctx: RequestContext, q: ListApplicationsQuery) {
  const { rows, total } = await repo.listApplications(
    ctx.db,
    { rootPath: ctx.actor.orgPath, callId: q.callId, status: q.status, atOrgId: q.mine === 'true' ? ctx.actor.orgId : undefined },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: rows.map((a) => applicationRow(ctx, a)), total };
}

export async function getApplication(ctx: RequestContext, id: string) {
  const a = await repo.findApplication(ctx.db, id);
  if (!a || !isInScope(ctx.actor, a.org_path)) throw new AppError('not_found', { entity: 'studio_application' });
  const steps = await repo.listSteps(ctx.db, id);
  return { ...applicationRow(ctx, a), steps: steps.map((s) => ({ orgName: s.org_name, action: s.action, note: s.note, at: s.at })) };
}

const auditApplication = (a: Pick<repo.ApplicationRecord, 'id' | 'org_id' | 'org_path'>) => ({
  entityType: 'studio_application' as const,
  entityId: a.id,
  orgId: a.org_id,
  orgPath: a.org_path,
});

export async function createApplication(ctx: RequestContext, input: { callId: string; studioId: string; statement?: string }) {
  const studio = await repo.findStudio(ctx.db, input.studioId);
  if (!studio || !isInScope(ctx.actor, studio.org_path)) throw new AppError('not_found', { entity: 'studio' });
  if (studio.status === 'closed') throw fieldError('body.studioId', 'studio_closed');
  const call = await repo.findCall(ctx.db, input.callId);
  if (!call || !(isInScope(ctx.actor, call.org_path) || ctx.actor.orgPath.startsWith(call.org_path)))
    throw new AppError('not_found', { entity: 'studio_call' });
  if (!studio.org_path.startsWith(call.org_path) || studio.org_path === call.org_path) throw fieldError('body.callId', 'not_below_call');
  const id = await inTransaction(ctx.db, async (trx) => {
    if (await repo.findApplicationFor(trx, call.id, studio.id)) throw fieldError('body.callId', 'already_applied');
    const { id } = await repo.insertApplication(trx, { call_id: call.id, studio_id: studio.id, statement: input.statement ?? '' });
    await writeAudit(trx, ctx, {
      action: 'create',
      ...auditApplication({ id, org_id: studio.org_id, org_path: studio.org_path }),
      after: input,
    });
    return id;
  });
  return getApplication(ctx, id);
}

async function step(
  ctx: RequestContext,
  a: repo.ApplicationRecord,
  action: Action,
  work: (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<Record<string, unknown>>,
  note = '',
) {
  await inTransaction(ctx.db, async (trx) => {
    const locked = await repo.lockApplication(trx, a.id);
    const current = { ...a, status: locked!.status, at_org_id: locked!.at_org_id };
    if (!actionsFor(ctx, current).includes(action)) throw conflictOn('params.id', 'wrong_stage');
    const after = await work(trx);
    await repo.updateApplication(trx, a.id, after);
    await repo.insertStep(trx, { application_id: a.id, org_id: ctx.actor.orgId, action, note, user_id: ctx.actor.userId });
    const auditAction = action === 'name' ? 'name_studio' : action;
    await writeAudit(trx, ctx, {
      action: auditAction,
      ...auditApplication(a),
      before: { status: a.status, atOrgId: a.at_org_id },
      after: { ...after, note },
    });
  });
  return getApplication(ctx, a.id);
}

/** Submission checks the call's deadline and conditions against the registry and the studio's records. */
export async function submitApplication(ctx: RequestContext, a: repo.ApplicationRecord) {
  if (!actionsFor(ctx, a).includes('submit')) throw conflictOn('params.id', 'wrong_stage');
  const call = (await repo.findCall(ctx.db, a.call_id))!;
  const studio = (await repo.findStudio(ctx.db, a.studio_id))!;
  const failed = await checkEligibility(
    ctx.db,
    studio,
    { year: call.year, conditions: call.conditions as Conditions },
    today(),
    ctx.locale,
  );
  if (today() > call.deadline) failed.unshift({ path: 'eligibility.deadline', code: 'past_deadline', params: { deadline: call.deadline } });
  if (failed.length) throw new AppError('validation_failed', {}, failed);
  return step(ctx, a, 'submit', async () => ({ status: 'submitted', at_org_id: nextUp(a, a.org_id) }));
}

export const recommendApplication = (ctx: RequestContext, a: repo.ApplicationRecord, note = '') =>
  step(ctx, a, 'recommend', async () => ({ at_org_id: nextUp(a, ctx.actor.orgId) }), note);

export const returnApplication = (ctx: RequestContext, a: repo.ApplicationRecord, note: string) =>
  step(ctx, a, 'return', async () => ({ status: 'returned', at_org_id: null }), note);

export const reviewApplication = (ctx: RequestContext, a: repo.ApplicationRecord, input: ReviewInput) =>
  step(ctx, a, 'review', async () => ({ scores: JSON.stringify(input.scores), review_notes: input.notes ?? null }), input.notes ?? '');

export async function nameStudio(ctx: RequestContext, a: repo.ApplicationRecord, input: NameInput) {
  const grant = input.grant ? yuanToFen(input.grant, 'body.grant', { allowZero: true }) : '0';
  if (input.namedOn > today()) throw fieldError('body.namedOn', 'future_date');
  return step(
    ctx,
    a,
    'name',
    async (trx) => {
      const call = (await repo.findCall(trx, a.call_id))!;
      if (call.named >= call.quota)
        throw new AppError('conflict', {}, [{ path: 'quota', code: 'quota_full', params: { quota: call.quota } }]);
      const naming = await repo.insertNaming(trx, {
        studio_id: a.studio_id,
        call_id: a.call_id,
        application_id: a.id,
        org_id: a.call_org_id,
        level: a.call_level,
        doc_no: input.docNo,
        named_on: input.namedOn,
        plaque_no: input.plaqueNo ?? null,
        grant_fen: grant,
      });
      if (!naming) throw fieldError('params.id', 'already_named_here');
      return { status: 'named', at_org_id: null };
    },
    input.docNo,
  );
}

// ---- namings and assessments
export async function namingViews(ctx: RequestContext, studioId: string) {
  const namings = await repo.listNamings(ctx.db, studioId);
  const assessments = await repo.listAssessments(
    ctx.db,
    namings.map((n) => n.id),
  );
  return namings.map((n) => ({
    id: n.id,
    callId: n.call_id,
    orgId: n.org_id,
    orgName: n.org_name,
    level: n.level,
    docNo: n.doc_no,
    namedOn: n.named_on,
    plaqueNo: n.plaque_no,
    grant: money(n.grant_fen),
    status: n.status,
    rectifyBy: n.rectify_by,
    revokedOn: n.revoked_on,
    revokeReason: n.revoke_reason,
    assessments: assessments
      .filter((x) => x.naming_id === n.id)
      .map((x) => ({
        id: x.id,
        year: x.year,
        score: x.score === null ? null : Number(x.score),
        result: x.result,
        rectifyBy: x.rectify_by,
        note: x.note,
        items: x.items as { key: string; label: string; ok: boolean | null; deduction: number | null }[],
      })),
    canAssess: n.status !== 'revoked' && hasPermission(ctx.actor, 'innovation.write') && isInScope(ctx.actor, n.org_path),
  }));
}

const auditNaming = (n: repo.NamingRecord) => ({
  entityType: 'studio_naming' as const,
  entityId: n.id,
  orgId: n.org_id,
  orgPath: n.org_path,
});

/** Checklist items the records answer: 有团队 (≥ 3 current members), 有经费, 有成果 (a project this year), 有设备, 有场地. */
async function computedItems(db: repo.Db, n: repo.NamingRecord, year: number) {
  const facts = await repo.yearFacts(db, n.studio_id, year);
  const studio = (await repo.findStudio(db, n.studio_id))!;
  const answers: Record<string, boolean> = {
    team: facts.members >= 3,
    funds: BigInt(facts.funding_fen) > 0n,
    results: facts.projects > 0,
    equipment: ((studio.equipment as string[]) ?? []).length > 0,
    venue: Boolean(studio.venue_address),
  };
  return { facts, answers };
}

export async function assessmentDraft(ctx: RequestContext, n: repo.NamingRecord, year: number) {
  const call = n.call_id ? await repo.findCall(ctx.db, n.call_id) : undefined;
  const checklist = (call?.checklist as Checklist | undefined) ?? DEFAULT_CHECKLIST;
  const { facts, answers } = await computedItems(ctx.db, n, year);
  return {
    kind: checklist.kind,
    items: checklist.items.map((i) => {
      const computed = checklist.kind === 'items' && i.key in answers;
      return { key: i.key, label: i.label, points: i.points ?? null, computed, ok: computed ? answers[i.key]! : null };
    }),
    facts: {
      members: facts.members,
      projects: facts.projects,
      funding: money(facts.funding_fen),
      apprenticesTaught: facts.apprentices,
      membersPromoted: facts.promoted,
    },
  };
}

/**
 * An assessment against the naming call's checklist: "有" items (any missing → rectification) or a
 * scored sheet (points less deductions: ≥ 90 excellent, ≥ 60 pass, else rectification). The
 * inspector may set the result; a rectification needs its deadline.
 */
export async function assess(ctx: RequestContext, n: repo.NamingRecord, input: AssessInput) {
  if (n.status === 'revoked') throw fieldError('params.id', 'naming_revoked');
  const call = n.call_id ? await repo.findCall(ctx.db, n.call_id) : undefined;
  const checklist = (call?.checklist as Checklist | undefined) ?? DEFAULT_CHECKLIST;
  const byKey = new Map(input.items.map((i) => [i.key, i]));
  for (const [i, item] of input.items.entries())
    if (!checklist.items.some((c) => c.key === item.key)) throw fieldError(`body.items.${i}.key`, 'unknown_item');
  const { answers } = await computedItems(ctx.db, n, input.year);
  const items = checklist.items.map((c) => {
    const given = byKey.get(c.key);
    return checklist.kind === 'items'
      ? { key: c.key, label: c.label, ok: given?.ok ?? answers[c.key] ?? false, deduction: null }
      : { key: c.key, label: c.label, ok: null, deduction: Math.min(given?.deduction ?? 0, c.points ?? 0) };
  });
  const score =
    checklist.kind === 'scored'
      ? checklist.items.reduce((s, c) => s + (c.points ?? 0), 0) - items.reduce((s, i) => s + (i.deduction ?? 0), 0)
      : null;
  const computed =
    checklist.kind === 'items'
      ? items.every((i) => i.ok)
        ? 'pass'
        : 'rectify'
      : score! >= 90
        ? 'excellent'
        : score! >= 60
          ? 'pass'
          : 'rectify';
  const result = input.result ?? computed;
  if (result === 'rectify' && !input.rectifyBy) throw fieldError('body.rectifyBy', 'rectify_by_required');
  await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertAssessment(trx, {
      naming_id: n.id,
      year: input.year,
      items: JSON.stringify(items),
      score,
      result,
      rectify_by: result === 'rectify' ? input.rectifyBy! : null,
      note: input.note ?? '',
    });
    if (!id) throw fieldError('body.year', 'assessed_already');
    await repo.updateNaming(
      trx,
      n.id,
      result === 'rectify' ? { status: 'rectification', rectify_by: input.rectifyBy } : { status: 'named', rectify_by: null },
    );
    await writeAudit(trx, ctx, {
      action: 'assess',
      ...auditNaming(n),
      after: { assessmentId: id, year: input.year, score, result, rectifyBy: input.rectifyBy ?? null },
    });
  });
  return (await namingViews(ctx, n.studio_id)).find((x) => x.id === n.id)!;
}

export async function revoke(ctx: RequestContext, n: repo.NamingRecord, input: { revokedOn: string; reason: string }) {
  if (n.status === 'revoked') throw fieldError('params.id', 'naming_revoked');
  if (input.revokedOn < n.named_on) throw fieldError('body.revokedOn', 'end_before_start');
  await inTransaction(ctx.db, async (trx) => {
    await repo.updateNaming(trx, n.id, { status: 'revoked', revoked_on: input.revokedOn, revoke_reason: input.reason });
    await writeAudit(trx, ctx, { action: 'revoke', ...auditNaming(n), before: { status: n.status }, after: input });
  });
  return (await namingViews(ctx, n.studio_id)).find((x) => x.id === n.id)!;
}
