// The industry chain's rules: the division → industry union mapping (national level), and
// affiliations — proposed from the enterprise's industry code, confirmed or declined by the union,
// set by the territorial chain, ended by either; history kept, every change audited in its
// transaction. Figures follow in the same transaction (triggers of migration 2026-12-04T20).
import { inTransaction } from '../../db/transaction.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { parseSort, type RequestContext, type ScopedOrg } from '../../platform/http.js';
import { INDUSTRY_DIVISIONS, INDUSTRY_SECTIONS, INDUSTRY_VINTAGE } from '../../../shared/industries.js';
import { lockOrg } from '../orgs/orgs.repository.js';
import * as repo from './industry.repository.js';
import { mayDecide, mayEnd } from './industry.policy.js';
import type { AffiliationView, ListAffiliationsQuery, UnionRef } from './industry.schemas.js';
import type { AffiliationStatus } from './industry.tables.js';

export function industries() {
  return {
    vintage: INDUSTRY_VINTAGE,
    sections: INDUSTRY_SECTIONS.map(({ code, zh, en }) => ({ code, zh, en })),
    divisions: [...INDUSTRY_DIVISIONS],
  };
}

const toUnionRef = (u: repo.UnionRow): UnionRef => ({ id: u.id, name: u.name, level: u.level, regionCode: u.region_code });

export async function getMapping(ctx: RequestContext) {
  const rows = await repo.listMapping(ctx.db);
  const byDivision = new Map<string, UnionRef[]>();
  for (const r of rows) byDivision.set(r.division, [...(byDivision.get(r.division) ?? []), toUnionRef(r)]);
  return { items: [...byDivision].map(([division, unions]) => ({ division, unions })) };
}

/** The national level (the root organisation's users) sets which industry unions serve a division. */
export async function setMapping(ctx: RequestContext, division: string, unionIds: string[]) {
  if (ctx.actor.orgPath.split('.').filter(Boolean).length !== 1) throw new AppError('forbidden');
  const unique = [...new Set(unionIds)];
  const unions = await repo.findOrgsForChain(ctx.db, unique);
  unique.forEach((id, i) => {
    const u = unions.find((x) => x.id === id);
    if (u?.kind !== 'industry_union' || u.status !== 'active') throw fieldError(`body.unionIds.${i}`, 'not_industry_union');
  });
  await inTransaction(ctx.db, async (trx) => {
    const before = (await repo.listMappingOf(trx, division)).map((r) => r.union_id);
    await repo.setMapping(trx, division, unique);
    await writeAudit(trx, ctx, {
      action: 'update',
      entityType: 'industry_mapping',
      entityId: division,
      orgId: ctx.actor.orgId,
      orgPath: ctx.actor.orgPath,
      before: { unionIds: before },
      after: { unionIds: unique },
    });
  });
  return getMapping(ctx);
}

async function toViews(ctx: RequestContext, rows: repo.AffiliationRecord[]): Promise<AffiliationView[]> {
  const names = await repo.namesOnPaths(
    ctx.db,
    rows.map((r) => r.enterprise_path),
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r) => ({
    id: r.id,
    enterprise: {
      id: r.enterprise_id,
      name: r.enterprise_name,
      regionCode: r.enterprise_region,
      industryCode: r.enterprise_industry,
      pathNames: r.enterprise_path
        .split('.')
        .filter(Boolean)
        .slice(0, -1)
        .flatMap((id) => names.get(id) ?? []),
    },
    union: { id: r.union_id, name: r.union_name, level: r.union_level, regionCode: r.union_region },
    status: r.status,
    source: r.source,
    validFrom: iso(r.valid_from),
    validTo: iso(r.valid_to),
    createdAt: new Date(r.created_at).toISOString(),
    permissions: {
      canConfirm: r.status === 'proposed' && mayDecide(ctx.actor, r),
      canEnd: (r.status === 'proposed' || r.status === 'active') && mayEnd(ctx.actor, r),
    },
  }));
}

/** An enterprise's affiliations, history included (both chains read it). */
export async function listOfEnterprise(ctx: RequestContext, org: ScopedOrg) {
  const rows = await repo.listAffiliationsOf(ctx.db, org.id);
  return { items: await toViews(ctx, rows), total: rows.length };
}

const auditAffiliation = (r: { id: string; enterprise_id: string; enterprise_path: string }) => ({
  entityType: 'affiliation' as const,
  entityId: r.id,
  orgId: r.enterprise_id,
  orgPath: r.enterprise_path,
});

/** The territorial chain sets an affiliation (active at once); a proposed one to the same union is confirmed. */
export async function createAffiliation(ctx: RequestContext, org: ScopedOrg, unionId: string) {
  const [union] = await repo.findOrgsForChain(ctx.db, [unionId]);
  if (union?.kind !== 'industry_union' || union.status !== 'active') throw fieldError('body.unionId', 'not_industry_union');
  await inTransaction(ctx.db, async (trx) => {
    const enterprise = await lockOrg(trx, org.id);
    if (enterprise?.kind !== 'enterprise') throw fieldError('params.id', 'not_enterprise');
    if (enterprise.status !== 'active') throw new AppError('org_archived');
    const open = await repo.findOpenAffiliation(trx, enterprise.id, unionId);
    if (open?.status === 'active') throw fieldError('body.unionId', 'already_affiliated');
    let id: string;
    if (open) {
      id = open.id;
      await repo.setAffiliationStatus(trx, id, 'active', ctx.actor.userId);
    } else {
      id = await repo.insertAffiliation(trx, {
        enterprise_id: enterprise.id,
        union_id: unionId,
        status: 'active',
        source: 'territorial',
        created_by: ctx.actor.userId,
      });
    }
    await writeAudit(trx, ctx, {
      ...auditAffiliation({ id, enterprise_id: enterprise.id, enterprise_path: enterprise.path }),
      action: open ? 'confirm' : 'create',
      after: { enterpriseId: enterprise.id, unionId, status: 'active' },
    });
  });
  return listOfEnterprise(ctx, org);
}

/** Proposals from the enterprise's industry code: the national union(s) of its division and its province's own. */
export async function proposeAffiliations(ctx: RequestContext, org: ScopedOrg) {
  await inTransaction(ctx.db, async (trx) => {
    const enterprise = await lockOrg(trx, org.id);
    if (enterprise?.kind !== 'enterprise') throw fieldError('params.id', 'not_enterprise');
    if (!enterprise.industry_code) throw fieldError('params.id', 'no_industry_code');
    const unions = await repo.findProposedUnions(trx, enterprise.industry_code, enterprise.region_code);
    for (const u of unions) {
      if (await repo.findOpenAffiliation(trx, enterprise.id, u.id)) continue;
      const id = await repo.insertAffiliation(trx, {
        enterprise_id: enterprise.id,
        union_id: u.id,
        status: 'proposed',
        source: 'industry_code',
        created_by: ctx.actor.userId,
      });
      await writeAudit(trx, ctx, {
        ...auditAffiliation({ id, enterprise_id: enterprise.id, enterprise_path: enterprise.path }),
        action: 'propose',
        after: { enterpriseId: enterprise.id, unionId: u.id, division: enterprise.industry_code },
      });
    }
  });
  return listOfEnterprise(ctx, org);
}

/** An industry union's enterprises (open affiliations by default), paged. */
export async function listAffiliated(ctx: RequestContext, q: ListAffiliationsQuery, union: ScopedOrg | undefined) {
  const unionId = union?.id ?? ctx.actor.orgId;
  const sort = (parseSort(q.sort) as repo.AffiliationSort | undefined) ?? { field: 'name', dir: 'asc' };
  const { items, total } = await repo.listAffiliated(
    ctx.db,
    { unionId, status: q.status, q: q.q },
    sort,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: await toViews(ctx, items), total };
}

const NEXT: Record<'confirm' | 'decline' | 'end', { from: AffiliationStatus[]; to: AffiliationStatus; reason: string }> = {
  confirm: { from: ['proposed'], to: 'active', reason: 'not_proposed' },
  decline: { from: ['proposed'], to: 'declined', reason: 'not_proposed' },
  end: { from: ['proposed', 'active'], to: 'ended', reason: 'not_open' },
};

/** Confirm or decline a proposal (the union), or end an affiliation (either chain); the figures move in the same transaction. */
export async function decide(ctx: RequestContext, rec: repo.AffiliationRecord, action: 'confirm' | 'decline' | 'end') {
  const step = NEXT[action];
  const after = await inTransaction(ctx.db, async (trx) => {
    const row = await repo.lockAffiliation(trx, rec.id);
    if (!row) throw new AppError('not_found', { entity: 'affiliation' });
    if (!step.from.includes(row.status)) throw new AppError('conflict', {}, [{ path: 'params.id', code: step.reason }]);
    await repo.setAffiliationStatus(trx, row.id, step.to, ctx.actor.userId);
    await writeAudit(trx, ctx, {
      ...auditAffiliation(row),
      action,
      before: { status: row.status },
      after: { status: step.to, enterpriseId: row.enterprise_id, unionId: row.union_id },
    });
    return (await repo.findAffiliation(trx, row.id))!;
  });
  return (await toViews(ctx, [after]))[0]!;
}
