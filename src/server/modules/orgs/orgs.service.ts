// Business rules of the organisation tree: create, rename, move a subtree, archive, delete when empty.
import type { Transaction } from 'kysely';
import type { Database, OrganisationRow } from '../../db/schema.js';
import { assertInScope, isIndustryReach, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { industryUnionOf } from '../../platform/reach.repository.js';
import { AppError, fieldError, staleVersionError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { changedSince } from '../../platform/versions.js';
import * as repo from './orgs.repository.js';
import { regionName } from './regions.js';
import type { CreateOrgInput, ListOrgsQuery, OrgView, UpdateOrgInput } from './orgs.schemas.js';
import { inTransaction } from '../../db/transaction.js';

export function toOrgView(row: OrganisationRow & { child_count?: number }): OrgView {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    kind: row.kind,
    level: row.level,
    regionCode: row.region_code,
    regionName: regionName(row.region_code),
    uscc: row.uscc,
    unionName: row.union_name,
    industryCode: row.industry_code ?? null,
    status: row.status,
    depth: row.depth,
    childCount: row.child_count ?? 0,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const auditOrg = (row: OrganisationRow) => ({ orgId: row.id, orgPath: row.path, entityType: 'organisation' as const, entityId: row.id });

/** Logged keys of an organisation (rows, move and status entries) as the API fields a conflict names. */
const ORG_FIELDS: Record<string, string> = {
  name: 'body.name',
  level: 'body.level',
  region_code: 'body.regionCode',
  uscc: 'body.uscc',
  union_name: 'body.unionName',
  industry_code: 'body.industryCode',
  status: 'body.status',
  parent_id: 'body.parentId',
  parentId: 'body.parentId',
};

/** Optimistic locking: a change based on an older version than the row's is refused, naming what changed since. */
async function checkVersion(trx: Transaction<Database>, row: OrganisationRow, version: number | undefined) {
  if (version === undefined || version === row.version) return;
  const changed = await changedSince(trx, 'organisation', row.id, version, (k) => ORG_FIELDS[k] ?? null);
  throw staleVersionError(changed, toOrgView({ ...row, child_count: await repo.countActiveChildren(trx, row.id) }));
}

async function getScopedOrg(ctx: RequestContext, id: string, reach: 'read' | 'territorial' = 'territorial') {
  const row = await repo.findOrgById(ctx.db, id);
  assertInScope(ctx.actor, row?.path, 'organisation', reach);
  return row!;
}

export async function listOrgs(ctx: RequestContext, q: ListOrgsQuery) {
  const opts = { includeArchived: q.includeArchived === 'true', kind: q.kind, limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
  if (q.q) {
    // The route reads with reach 'read': an industry union finds its affiliated enterprises too (the
    // pickers of hosts, invitees and task units), each named with its territorial chain, as getOrg shows it.
    const { items, total } = await repo.searchInSubtree(ctx.db, ctx.actor.orgPath, q.q, {
      ...opts,
      industryUnionId: industryUnionOf(ctx.actor),
    });
    const ancestorIds = [...new Set(items.flatMap((r) => r.path.split('.').filter(Boolean).slice(0, -1)))];
    const ancestors = await repo.findOrgsByIds(ctx.db, ancestorIds);
    const names = new Map(ancestors.map((a) => [a.id, a.name]));
    const inScope = new Set(ancestors.filter((a) => isInScope(ctx.actor, a.path)).map((a) => a.id));
    return {
      total,
      items: items.map((r) => {
        const viaIndustry = isIndustryReach(ctx.actor, r.path);
        return {
          ...toOrgView(r),
          pathNames: r.path
            .split('.')
            .filter(Boolean)
            .slice(0, -1)
            .flatMap((id) => (viaIndustry || inScope.has(id) ? (names.get(id) ?? []) : [])),
        };
      }),
    };
  }
  if (q.parentId) {
    const { items, total } = await repo.listChildren(ctx.db, q.parentId, opts);
    return { total, items: items.map(toOrgView) };
  }
  const own = await repo.findOrgById(ctx.db, ctx.actor.orgId);
  return { total: own ? 1 : 0, items: own ? [toOrgView(own)] : [] };
}

export async function getOrg(ctx: RequestContext, id: string) {
  const row = await getScopedOrg(ctx, id, 'read');
  const ids = row.path.split('.').filter(Boolean).slice(0, -1);
  // Through the industry chain, the enterprise's territorial chain is shown by name (both chains).
  const industryReach = isIndustryReach(ctx.actor, row.path);
  const [found, unions] = await Promise.all([repo.findOrgsByIds(ctx.db, ids), repo.findIndustryUnionsOf(ctx.db, row.id)]);
  const ancestors = found
    .filter((a) => industryReach || isInScope(ctx.actor, a.path))
    .sort((a, b) => a.path.length - b.path.length)
    .map((a) => ({ id: a.id, name: a.name }));
  return {
    ...toOrgView(row),
    ancestors,
    industryUnions: unions.map((u) => ({
      id: u.id,
      name: u.name,
      level: u.level,
      since: u.valid_from ? new Date(u.valid_from).toISOString() : null,
    })),
    industryReach,
  };
}

export async function createOrg(ctx: RequestContext, input: CreateOrgInput): Promise<OrgView> {
  return inTransaction(ctx.db, async (trx) => {
    const parent = await repo.lockOrg(trx, input.parentId);
    if (!parent || !isInScope(ctx.actor, parent.path)) throw new AppError('not_found', { entity: 'organisation' });
    if (parent.status !== 'active') throw fieldError('body.parentId', 'invalid_parent');
    if (parent.kind === 'enterprise') throw fieldError('body.parentId', 'enterprise_leaf');
    if (input.kind === 'enterprise' && !input.uscc) throw fieldError('body.uscc', 'uscc_required');
    if (await repo.findSiblingByName(trx, parent.id, input.name)) throw new AppError('conflict');
    if (input.uscc && (await repo.findByUscc(trx, input.uscc))) throw new AppError('uscc_taken', { uscc: input.uscc });
    const row = await repo.insertOrg(trx, parent, {
      name: input.name,
      kind: input.kind,
      level: input.level,
      region_code: input.regionCode ?? null,
      uscc: input.uscc ?? null,
      union_name: input.unionName ?? null,
      industry_code: input.kind === 'enterprise' ? (input.industryCode ?? null) : null,
    });
    await writeAudit(trx, ctx, { ...auditOrg(row), action: 'create', after: row });
    return toOrgView(row);
  });
}

export async function updateOrg(ctx: RequestContext, id: string, input: UpdateOrgInput): Promise<OrgView> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await repo.lockOrg(trx, id);
    assertInScope(ctx.actor, before?.path, 'organisation');
    await checkVersion(trx, before!, input.version);
    if (before!.status !== 'active') throw new AppError('org_archived');
    const kind = before!.kind;
    if (input.uscc === null && kind === 'enterprise') throw fieldError('body.uscc', 'uscc_required');
    if (input.name && before!.parent_id && (await repo.findSiblingByName(trx, before!.parent_id, input.name, id)))
      throw new AppError('conflict');
    if (input.uscc && input.uscc !== before!.uscc && (await repo.findByUscc(trx, input.uscc)))
      throw new AppError('uscc_taken', { uscc: input.uscc });
    const after = await repo.updateOrg(trx, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.level !== undefined && { level: input.level }),
      ...(input.regionCode !== undefined && { region_code: input.regionCode }),
      ...(input.uscc !== undefined && { uscc: input.uscc }),
      ...(input.unionName !== undefined && { union_name: input.unionName }),
      ...(input.industryCode !== undefined && kind === 'enterprise' && { industry_code: input.industryCode }),
    });
    await writeAudit(trx, ctx, { ...auditOrg(after), action: 'update', before, after });
    return toOrgView({ ...after, child_count: await repo.countActiveChildren(trx, id) });
  });
}

export async function moveOrg(ctx: RequestContext, id: string, newParentId: string, version?: number): Promise<OrgView> {
  return inTransaction(ctx.db, async (trx) => {
    const node = await repo.lockOrg(trx, id);
    const target = await repo.lockOrg(trx, newParentId);
    assertInScope(ctx.actor, node?.path, 'organisation');
    assertInScope(ctx.actor, target?.path, 'organisation');
    await checkVersion(trx, node!, version);
    // The actor's own organisation is the root of what they see; moving it would move them out.
    if (node!.id === ctx.actor.orgId || !node!.parent_id) throw new AppError('forbidden');
    if (target!.path.startsWith(node!.path)) throw new AppError('move_into_own_subtree');
    if (target!.kind === 'enterprise') throw fieldError('body.parentId', 'enterprise_leaf');
    if (target!.status !== 'active') throw fieldError('body.parentId', 'invalid_parent');
    if (await repo.findSiblingByName(trx, target!.id, node!.name, id)) throw new AppError('conflict');
    const moved = await repo.moveSubtree(trx, node!, target!);
    const after = (await repo.findOrgById(trx, id))!;
    await writeAudit(trx, ctx, {
      ...auditOrg(after),
      action: 'move',
      before: { parentId: node!.parent_id, path: node!.path },
      after: { parentId: target!.id, path: after.path, nodesMoved: moved, version: after.version },
    });
    return toOrgView(after);
  });
}

export async function setOrgStatus(ctx: RequestContext, id: string, status: 'active' | 'archived', version?: number): Promise<OrgView> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await repo.lockOrg(trx, id);
    assertInScope(ctx.actor, before?.path, 'organisation');
    await checkVersion(trx, before!, version);
    if (before!.id === ctx.actor.orgId) throw new AppError('forbidden');
    if (status === 'archived' && (await repo.countActiveChildren(trx, id)) > 0) throw new AppError('org_has_children');
    if (status === 'active' && before!.parent_id) {
      const parent = await repo.findOrgById(trx, before!.parent_id);
      if (parent?.status !== 'active') throw new AppError('org_archived');
    }
    const after = await repo.updateOrg(trx, id, { status });
    await writeAudit(trx, ctx, {
      ...auditOrg(after),
      action: status === 'archived' ? 'archive' : 'restore',
      before: { status: before!.status },
      after: { status, version: after.version },
    });
    return toOrgView({ ...after, child_count: 0 });
  });
}

export async function deleteOrg(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const before = await repo.lockOrg(trx, id);
    assertInScope(ctx.actor, before?.path, 'organisation');
    if (before!.id === ctx.actor.orgId) throw new AppError('forbidden');
    if (await repo.orgHasData(trx, id)) throw new AppError('org_has_data');
    await repo.deleteOrg(trx, id);
    await writeAudit(trx, ctx, { ...auditOrg(before!), action: 'delete', before });
  });
}
