// Innovation studios: the record (enterprise, leader and qualifying honour, venue, equipment),
// members joining and leaving, projects (课题) with their approval documents, funding in exact fen,
// the federations' category lists (with a default list), the list, figures and the ledger export.
import { assertInScope, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { parseSort, type RequestContext, type ScopedOrg } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { findHonour } from '../people/honours.repository.js';
import { findPersonById } from '../people/people.repository.js';
import * as repo from './innovation.repository.js';
import { honourText } from './eligibility.js';
import { mayEditStudio } from './innovation.policy.js';
import type {
  AddFundingInput,
  AddMemberInput,
  AddProjectInput,
  CreateStudioInput,
  ListStudiosQuery,
  UpdateStudioInput,
} from './innovation.schemas.js';
import { money, yuanToFen } from './money.js';
import { namingViews } from './naming.service.js';

/** The categories every federation starts with; a federation adds its own below them. */
export const DEFAULT_CATEGORIES = ['劳模创新工作室', '工匠人才创新工作室', '职工创新工作室', '技能大师工作室', '巾帼创新工作室'];

const today = () => new Date().toISOString().slice(0, 10);

export async function listCategories(ctx: RequestContext, org: ScopedOrg | undefined) {
  const rows = await repo.categoriesAlongPath(ctx.db, org?.path ?? ctx.actor.orgPath);
  return {
    items: [
      ...DEFAULT_CATEGORIES.map((name) => ({ id: null, name, orgId: null, orgName: null })),
      ...rows.map((r) => ({ id: r.id, name: r.name, orgId: r.org_id, orgName: r.org_name })),
    ],
  };
}

export async function createCategory(ctx: RequestContext, orgId: string, name: string) {
  const org = await findOrgById(ctx.db, orgId);
  assertInScope(ctx.actor, org?.path, 'organisation');
  if (org!.kind !== 'federation') throw fieldError('body.orgId', 'not_federation');
  if (DEFAULT_CATEGORIES.includes(name)) throw fieldError('body.name', 'category_exists');
  return inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertCategory(trx, org!.id, name);
    if (!id) throw fieldError('body.name', 'category_exists');
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'studio_category',
      entityId: id,
      orgId: org!.id,
      orgPath: org!.path,
      after: { name },
    });
    return { id, name, orgId: org!.id, orgName: org!.name };
  });
}

/** A person of the registry the caller may see; otherwise the field names them as not in the registry. */
async function registryPerson(ctx: RequestContext, db: repo.Db, personId: string, path: string) {
  const p = await findPersonById(db, personId);
  if (!p || !isInScope(ctx.actor, p.org_path)) throw fieldError(path, 'not_in_registry');
  return p;
}

const row = (s: repo.StudioRecord) => ({
  id: s.id,
  name: s.name,
  category: s.category,
  orgId: s.org_id,
  orgName: s.org_name,
  leaderId: s.leader_person_id,
  leaderName: s.leader_name,
  foundedOn: s.founded_on,
  status: s.status,
  memberCount: s.member_count,
  level: s.level,
});

export async function listStudios(ctx: RequestContext, q: ListStudiosQuery, org: ScopedOrg | undefined) {
  const { rows, total } = await repo.listStudios(
    ctx.db,
    { rootPath: org?.path ?? ctx.actor.orgPath, q: q.q, category: q.category, level: q.level, status: q.status },
    parseSort(q.sort),
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: rows.map(row), total };
}

export async function createStudio(ctx: RequestContext, input: CreateStudioInput) {
  const org = await findOrgById(ctx.db, input.orgId);
  if (org?.kind !== 'enterprise') throw fieldError('body.orgId', 'not_enterprise');
  if (input.foundedOn > today()) throw fieldError('body.foundedOn', 'future_date');
  const categories = await listCategories(ctx, org);
  if (!categories.items.some((c) => c.name === input.category)) throw fieldError('body.category', 'unknown_category');
  const id = await inTransaction(ctx.db, async (trx) => {
    const leader = await registryPerson(ctx, trx, input.leaderId, 'body.leaderId');
    if (input.leaderHonourId && !(await findHonour(trx, leader.id, input.leaderHonourId)))
      throw fieldError('body.leaderHonourId', 'not_leaders_honour');
    const members = input.members ?? [];
    for (const [i, m] of members.entries()) {
      await registryPerson(ctx, trx, m.personId, `body.members.${i}.personId`);
      if (m.personId === leader.id || members.findIndex((x) => x.personId === m.personId) !== i)
        throw fieldError(`body.members.${i}.personId`, 'already_member');
      if (m.joinedOn > today()) throw fieldError(`body.members.${i}.joinedOn`, 'future_date');
    }
    const { id } = await repo.insertStudio(trx, {
      org_id: org.id,
      name: input.name,
      category: input.category,
      leader_person_id: leader.id,
      leader_honour_id: input.leaderHonourId ?? null,
      industry_chain: input.industryChain ?? null,
      founded_on: input.foundedOn,
      venue_address: input.venueAddress ?? null,
      venue_area: input.venueArea ?? null,
      equipment: JSON.stringify(input.equipment ?? []),
    });
    await repo.insertMember(trx, { studio_id: id, person_id: leader.id, role: 'leader', joined_on: input.foundedOn });
    for (const m of members)
      await repo.insertMember(trx, {
        studio_id: id,
        person_id: m.personId,
        role: m.role === 'leader' ? 'core' : m.role,
        joined_on: m.joinedOn,
      });
    await writeAudit(trx, ctx, { action: 'create', ...auditStudio({ id, org_id: org.id, org_path: org.path }), after: input });
    return id;
  });
  return getStudio(ctx, id);
}

export const auditStudio = (s: { id: string; org_id: string; org_path: string }) => ({
  entityType: 'studio' as const,
  entityId: s.id,
  orgId: s.org_id,
  orgPath: s.org_path,
});

export async function getStudio(ctx: RequestContext, id: string) {
  const s = await repo.findStudio(ctx.db, id);
  if (!s || !isInScope(ctx.actor, s.org_path, 'read')) throw new AppError('not_found', { entity: 'studio' });
  const [members, projects, funding, namings, applications] = await Promise.all([
    repo.listMembers(ctx.db, id),
    repo.listProjects(ctx.db, id),
    repo.listFunding(ctx.db, id),
    namingViews(ctx, id),
    repo.listStudioApplications(ctx.db, id),
  ]);
  const honour = s.leader_honour_id ? await findHonour(ctx.db, s.leader_person_id, s.leader_honour_id) : undefined;
  const total = funding.reduce((sum, f) => sum + BigInt(f.amount_fen), 0n);
  return {
    ...row(s),
    leaderHonour: honour ? honourText(honour, ctx.locale) : null,
    industryChain: s.industry_chain,
    venueAddress: s.venue_address,
    venueArea: s.venue_area === null ? null : Number(s.venue_area),
    equipment: (s.equipment as string[]) ?? [],
    members: members.map((m) => ({
      id: m.id,
      personId: m.person_id,
      name: m.name,
      role: m.role,
      joinedOn: m.joined_on,
      leftOn: m.left_on,
    })),
    projects: projects.map((p) => ({ id: p.id, title: p.title, approvalDocNo: p.approval_doc_no, approvedOn: p.approved_on })),
    funding: funding.map((f) => ({ id: f.id, source: f.source, amount: money(f.amount_fen), receivedOn: f.received_on, docNo: f.doc_no })),
    fundingTotal: money(total),
    namings,
    applications: applications.map((a) => ({
      id: a.id,
      callId: a.call_id,
      callTitle: a.call_title,
      status: a.status,
      atOrgName: a.at_org_name,
    })),
    canEdit: mayEditStudio(ctx.actor, s),
  };
}

export async function updateStudio(ctx: RequestContext, s: repo.StudioRecord, input: UpdateStudioInput) {
  if (input.category && input.category !== s.category) {
    const categories = await listCategories(ctx, { id: s.org_id, path: s.org_path });
    if (!categories.items.some((c) => c.name === input.category)) throw fieldError('body.category', 'unknown_category');
  }
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockStudio(trx, s.id);
    const v: Record<string, unknown> = {};
    if (input.leaderId && input.leaderId !== s.leader_person_id) {
      await registryPerson(ctx, trx, input.leaderId, 'body.leaderId');
      const members = await repo.listMembers(trx, s.id);
      for (const m of members.filter((m) => m.role === 'leader' && m.left_on === null)) await repo.setMemberRole(trx, m.id, 'core');
      const next = members.find((m) => m.person_id === input.leaderId && m.left_on === null);
      if (next) await repo.setMemberRole(trx, next.id, 'leader');
      else await repo.insertMember(trx, { studio_id: s.id, person_id: input.leaderId, role: 'leader', joined_on: today() });
      v.leader_person_id = input.leaderId;
      v.leader_honour_id = input.leaderHonourId ?? null;
    }
    const leader = (v.leader_person_id as string | undefined) ?? s.leader_person_id;
    if (input.leaderHonourId && !(await findHonour(trx, leader, input.leaderHonourId)))
      throw fieldError('body.leaderHonourId', 'not_leaders_honour');
    if (input.leaderHonourId !== undefined && !input.leaderId) v.leader_honour_id = input.leaderHonourId;
    if (input.name !== undefined) v.name = input.name;
    if (input.category !== undefined) v.category = input.category;
    if (input.industryChain !== undefined) v.industry_chain = input.industryChain;
    if (input.venueAddress !== undefined) v.venue_address = input.venueAddress;
    if (input.venueArea !== undefined) v.venue_area = input.venueArea;
    if (input.equipment !== undefined) v.equipment = JSON.stringify(input.equipment);
    if (input.status !== undefined) v.status = input.status;
    await repo.updateStudio(trx, s.id, v);
    await writeAudit(trx, ctx, { action: 'update', ...auditStudio(s), before: row(s), after: input });
  });
  return getStudio(ctx, s.id);
}

export async function addMember(ctx: RequestContext, s: repo.StudioRecord, input: AddMemberInput) {
  if (input.joinedOn > today()) throw fieldError('body.joinedOn', 'future_date');
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockStudio(trx, s.id);
    await registryPerson(ctx, trx, input.personId, 'body.personId');
    const members = await repo.listMembers(trx, s.id);
    if (members.some((m) => m.person_id === input.personId && m.left_on === null)) throw fieldError('body.personId', 'already_member');
    const role = input.role === 'leader' ? 'core' : input.role; // a change of leader is not a new member
    const { id } = await repo.insertMember(trx, { studio_id: s.id, person_id: input.personId, role, joined_on: input.joinedOn });
    await writeAudit(trx, ctx, { action: 'update', ...auditStudio(s), after: { memberId: id, ...input, role } });
  });
  return getStudio(ctx, s.id);
}

export async function memberLeaves(ctx: RequestContext, s: repo.StudioRecord, memberId: string, leftOn: string) {
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockStudio(trx, s.id);
    const m = await repo.findMember(trx, s.id, memberId);
    if (!m) throw new AppError('not_found', { entity: 'studio' });
    if (m.left_on) throw fieldError('params.memberId', 'member_left');
    if (m.role === 'leader') throw fieldError('params.memberId', 'bad_transition');
    if (leftOn < m.joined_on) throw fieldError('body.leftOn', 'before_joined');
    await repo.setMemberLeft(trx, memberId, leftOn);
    await writeAudit(trx, ctx, { action: 'update', ...auditStudio(s), before: m, after: { memberId, leftOn } });
  });
  return getStudio(ctx, s.id);
}

export async function addProject(ctx: RequestContext, s: repo.StudioRecord, input: AddProjectInput) {
  if (input.approvedOn > today()) throw fieldError('body.approvedOn', 'future_date');
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockStudio(trx, s.id);
    const { id } = await repo.insertProject(trx, {
      studio_id: s.id,
      title: input.title,
      approval_doc_no: input.approvalDocNo,
      approved_on: input.approvedOn,
    });
    await writeAudit(trx, ctx, { action: 'update', ...auditStudio(s), after: { projectId: id, ...input } });
  });
  return getStudio(ctx, s.id);
}

export async function addFunding(ctx: RequestContext, s: repo.StudioRecord, input: AddFundingInput) {
  const fen = yuanToFen(input.amount, 'body.amount');
  if (input.receivedOn > today()) throw fieldError('body.receivedOn', 'future_date');
  await inTransaction(ctx.db, async (trx) => {
    await repo.lockStudio(trx, s.id);
    const { id } = await repo.insertFunding(trx, {
      studio_id: s.id,
      source: input.source,
      amount_fen: fen,
      received_on: input.receivedOn,
      doc_no: input.docNo ?? null,
    });
    await writeAudit(trx, ctx, { action: 'update', ...auditStudio(s), after: { fundingId: id, ...input, amountFen: fen } });
  });
  return getStudio(ctx, s.id);
}

export async function figures(ctx: RequestContext, org: ScopedOrg | undefined) {
  const f = await repo.figures(ctx.db, org?.path ?? ctx.actor.orgPath);
  return {
    byLevel: f.byLevel.map((b) => ({ level: b.level, studios: b.studios })),
    studios: f.studios,
    activePairs: f.activePairs,
    awardsDue: f.awardsDue,
  };
}
