// Person records: list and search in the subtree, one person with history, create (or ask for a
// transfer when the ID number is registered elsewhere), edit, and the audited unmasked view.
import { AppError, fieldError, staleVersionError } from '../../platform/errors.js';
import { assertInScope, hasPermission, type Reach } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { parseSort, type RequestContext } from '../../platform/http.js';
import { changedSince } from '../../platform/versions.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { maskIdNumber, normaliseIdNumber, parseIdNumber } from './id-number.js';
import { maskPhone } from './phone.js';
import * as repo from './people.repository.js';
import { listHonours } from './honours.repository.js';
import { listSkills } from './skills.repository.js';
import { pendingTransfersOf, upsertPendingTransfer, findTransfer } from './transfers.repository.js';
import { toTransferView } from './transfers.service.js';
import { toHonourView, toSkillView } from './person-views.js';
import { codeOfRank, isHighlySkilled } from './skill-levels.js';
import type { CreatePersonInput, ListPeopleQuery, PeopleFilter, PersonView, RevealPiiInput, UpdatePersonInput } from './people.schemas.js';
import type { EducationCode, EmploymentCode } from './person-fields.js';
import { inTransaction } from '../../db/transaction.js';

export function toPersonView(r: repo.PersonRecord): PersonView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    idNumberMasked: r.id_masked,
    gender: r.gender,
    birthDate: r.birth_date,
    phoneMasked: r.phone_masked,
    unionMember: r.union_member,
    unionJoinedOn: r.union_joined_on,
    occupation: r.occupation,
    education: r.education as EducationCode | null,
    employmentStatus: r.employment_status as EmploymentCode,
    skillLevel: r.skill_level ? (codeOfRank(r.skill_level) ?? null) : null,
    highlySkilled: isHighlySkilled(r.skill_level),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const auditPerson = (r: Pick<repo.PersonRecord, 'id' | 'org_id' | 'org_path'>) => ({
  entityType: 'person' as const,
  entityId: r.id,
  orgId: r.org_id,
  orgPath: r.org_path,
});

export async function getScopedPerson(ctx: RequestContext, id: string, reach: Reach = 'territorial') {
  const row = await repo.findPersonById(ctx.db, id);
  assertInScope(ctx.actor, row?.org_path, 'person', reach);
  return row!;
}

/** A workplace in the actor's subtree: an enterprise or a grassroots union, active. */
export async function scopedWorkplace(ctx: RequestContext, orgId: string, path = 'body.orgId') {
  const org = await findOrgById(ctx.db, orgId);
  assertInScope(ctx.actor, org?.path, 'organisation');
  if (org!.status !== 'active') throw new AppError('org_archived');
  if (org!.kind !== 'enterprise' && org!.level !== 'grassroots') throw fieldError(path, 'not_a_workplace');
  return org!;
}

/** How a search box is read: a whole valid ID number (exact, by keyed hash), its last four, or a name. */
export function searchFilter(ctx: RequestContext, f: PeopleFilter): PeopleFilter & { idHash?: string; idSuffix?: string } {
  if (!f.q) return f;
  const asId = normaliseIdNumber(f.q);
  if (asId.length === 18 && parseIdNumber(asId).ok) return { ...f, q: undefined, idHash: ctx.secrets.keyedHash(asId) };
  if (/^\d{3}[\dX]$/.test(asId)) return { ...f, q: undefined, idSuffix: asId };
  return f;
}

/** The subtree a registry read covers; an enterprise affiliated to the caller's industry union is readable (masked). */
export async function rootPathFor(ctx: RequestContext, orgId: string | undefined): Promise<string> {
  if (!orgId) return ctx.actor.orgPath;
  const org = await findOrgById(ctx.db, orgId);
  assertInScope(ctx.actor, org?.path, 'organisation', 'read');
  return org!.path;
}

const sortOf = (q: ListPeopleQuery) =>
  (parseSort(q.sort) as { field: repo.PeopleSortField; dir: 'asc' | 'desc' } | undefined) ?? {
    field: 'name' as const,
    dir: 'asc' as const,
  };

/**
 * The list's page as a read that travels with the session lookup (route `readAlong`): the user's own
 * subtree by name or by level, with filters the subtree index answers alone. Other lists (another organisation,
 * a search, other sorts or filters) are read by listPeople after the session.
 */
export function listPeopleAlongSession(db: RequestContext['db'], q: ListPeopleQuery) {
  const sort = sortOf(q);
  if (q.orgId || q.q) return undefined;
  return repo.ownScopePageAlongSession(db, q, sort, q.pageSize, (q.page - 1) * q.pageSize);
}

/** `along`: the page's rows as read with the session (listPeopleAlongSession), when they were. */
export async function listPeople(ctx: RequestContext, q: ListPeopleQuery, along?: Record<string, unknown>[]) {
  if (along?.length) {
    const rows = along as unknown as (repo.PersonRecord & { total: number | null })[];
    return { items: rows.map(toPersonView), total: rows[0]!.total ?? 0 };
  }
  const rootPath = await rootPathFor(ctx, q.orgId);
  const sort = sortOf(q);
  const { items, total } = await repo.listPeople(ctx.db, rootPath, searchFilter(ctx, q), sort, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: items.map(toPersonView), total };
}

export async function getPerson(ctx: RequestContext, id: string) {
  const row = await getScopedPerson(ctx, id, 'read');
  const [skills, honours, transfers] = await Promise.all([listSkills(ctx.db, id), listHonours(ctx.db, id), pendingTransfersOf(ctx.db, id)]);
  return {
    ...toPersonView(row),
    skills: skills.map(toSkillView),
    honours: honours.map(toHonourView),
    pendingTransfers: transfers.map((t) => toTransferView(ctx, t)),
  };
}

export async function createPerson(ctx: RequestContext, input: CreatePersonInput) {
  const org = await scopedWorkplace(ctx, input.orgId);
  const info = parseIdNumber(input.idNumber);
  if (!info.ok) throw fieldError('body.idNumber', info.problem);
  if (input.unionJoinedOn && input.unionJoinedOn < info.value.birthDate) throw fieldError('body.unionJoinedOn', 'before_birth');
  const idHash = ctx.secrets.keyedHash(info.value.idNumber);
  return inTransaction(ctx.db, async (trx) => {
    const existing = await repo.findPersonByHash(trx, idHash);
    if (existing) {
      if (existing.org_id === org.id) throw new AppError('person_exists');
      // One person per ID number: registering them here is a request to the current organisation.
      const transferId = await upsertPendingTransfer(trx, {
        person_id: existing.id,
        from_org_id: existing.org_id,
        to_org_id: org.id,
        requested_name: input.name,
        requested_by: ctx.actor.userId,
      });
      const t = (await findTransfer(trx, transferId))!;
      await writeAudit(trx, ctx, {
        action: 'request_transfer',
        entityType: 'transfer',
        entityId: transferId,
        orgId: org.id,
        orgPath: org.path,
        after: { personId: existing.id, fromOrgId: existing.org_id, toOrgId: org.id },
      });
      return { person: null, transfer: toTransferView(ctx, t) };
    }
    const id = await repo.insertPerson(trx, {
      org_id: org.id,
      name: input.name,
      id_hash: idHash,
      id_sealed: ctx.secrets.seal(info.value.idNumber),
      id_masked: maskIdNumber(info.value.idNumber),
      gender: info.value.gender,
      birth_date: info.value.birthDate,
      phone_sealed: input.phone ? ctx.secrets.seal(input.phone) : null,
      phone_masked: input.phone ? maskPhone(input.phone) : null,
      union_member: input.unionMember ?? !!input.unionJoinedOn,
      union_joined_on: input.unionJoinedOn ?? null,
      occupation: input.occupation ?? null,
      education: input.education ?? null,
      employment_status: input.employmentStatus ?? 'employed',
      skill_level: null,
    });
    const row = (await repo.findPersonById(trx, id))!;
    await writeAudit(trx, ctx, { ...auditPerson(row), action: 'create', after: toPersonView(row) });
    return { person: toPersonView(row), transfer: null };
  });
}

/** Fields of the person view a conflict names when they changed (masked values only, as the view). */
const PERSON_FIELDS_SHOWN = new Set([
  'name',
  'phoneMasked',
  'unionMember',
  'unionJoinedOn',
  'occupation',
  'education',
  'employmentStatus',
  'orgId',
  'skillLevel',
]);

export async function updatePerson(ctx: RequestContext, id: string, input: UpdatePersonInput) {
  return inTransaction(ctx.db, async (trx) => {
    await repo.lockPerson(trx, id);
    const before = await repo.findPersonById(trx, id);
    assertInScope(ctx.actor, before?.org_path, 'person');
    // Optimistic locking: an edit of an older version would overwrite what was written since.
    if (input.version !== undefined && input.version !== before!.version) {
      const changed = await changedSince(trx, 'person', id, input.version, (k) =>
        PERSON_FIELDS_SHOWN.has(k) ? `body.${k === 'phoneMasked' ? 'phone' : k}` : null,
      );
      throw staleVersionError(changed, toPersonView(before!));
    }
    const joined = input.unionJoinedOn !== undefined ? input.unionJoinedOn : before!.union_joined_on;
    if (joined && joined < before!.birth_date) throw fieldError('body.unionJoinedOn', 'before_birth');
    if (input.unionMember === false && joined) throw fieldError('body.unionJoinedOn', 'membership_conflict');
    await repo.updatePerson(trx, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.phone !== undefined && {
        phone_sealed: input.phone ? ctx.secrets.seal(input.phone) : null,
        phone_masked: input.phone ? maskPhone(input.phone) : null,
      }),
      ...(input.unionMember !== undefined && { union_member: input.unionMember }),
      ...(input.unionJoinedOn !== undefined && {
        union_joined_on: input.unionJoinedOn,
        ...(input.unionJoinedOn && { union_member: true }),
      }),
      ...(input.occupation !== undefined && { occupation: input.occupation }),
      ...(input.education !== undefined && { education: input.education }),
      ...(input.employmentStatus !== undefined && { employment_status: input.employmentStatus }),
    });
    const after = (await repo.findPersonById(trx, id))!;
    await writeAudit(trx, ctx, { ...auditPerson(after), action: 'update', before: toPersonView(before!), after: toPersonView(after) });
    return toPersonView(after);
  });
}

/** The unmasked ID number and phone, for holders of people.pii; every call is in the audit log. */
/** The full ID number and phone, for a stated purpose that the audit entry records. */
export async function revealPii(ctx: RequestContext, id: string, why: RevealPiiInput) {
  if (!hasPermission(ctx.actor, 'people.pii')) throw new AppError('forbidden');
  const row = await getScopedPerson(ctx, id, 'read');
  await writeAudit(ctx.db, ctx, {
    ...auditPerson(row),
    action: 'view_pii',
    after: { fields: ['idNumber', 'phone'], purpose: why.purpose, ...(why.purposeNote ? { purposeNote: why.purposeNote } : {}) },
  });
  return { idNumber: ctx.secrets.open(row.id_sealed), phone: row.phone_sealed ? ctx.secrets.open(row.phone_sealed) : null };
}
