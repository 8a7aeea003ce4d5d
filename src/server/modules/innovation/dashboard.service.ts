// The innovation dashboard (issue #15, item 6): figures read from the maintained studio_totals
// (triggers in the writers' transactions; verify-totals recounts them) for an organisation and,
// as drill-down, each of its direct children; named vs quota of its own calls; the same as .xlsx.
import type { FastifyReply } from 'fastify';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { chinaToday, sendReport } from '../../platform/xlsx-report.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import * as repo from './innovation.repository.js';
import type { DashboardView } from './innovation.schemas.js';

const LEVELS: Record<string, [string, string]> = {
  national: ['全国', 'National'],
  province: ['省级', 'Provincial'],
  city: ['市级', 'City'],
  county: ['县级', 'County'],
  grassroots: ['企业级', 'Enterprise'],
};

type TotalsRow = Awaited<ReturnType<typeof repo.dashboardTotals>>[number];
const figures = (r: TotalsRow) => ({
  level: r.level,
  category: r.category,
  studiosNamed: r.studios_named,
  revoked: r.revoked,
  grantsFen: String(r.grants_fen),
  excellent: r.excellent,
  passed: r.passed,
  rectify: r.rectify,
  members: r.members,
});

export async function dashboard(ctx: RequestContext, org: ScopedOrg | undefined): Promise<DashboardView> {
  const root = (await findOrgById(ctx.db, org?.id ?? ctx.actor.orgId))!;
  const rows = await repo.dashboardTotals(ctx.db, root.id);
  const quotas = await repo.callQuotas(ctx.db, root.id);
  return {
    org: { id: root.id, name: root.name },
    rows: rows.filter((r) => r.org_id === root.id).map(figures),
    children: rows.filter((r) => r.org_id !== root.id).map((r) => ({ orgId: r.org_id, orgName: r.org_name, ...figures(r) })),
    quotas,
  };
}

const yuan = (fen: string) => Number(BigInt(fen)) / 100;

export async function exportDashboard(ctx: RequestContext, org: ScopedOrg | undefined, reply: FastifyReply) {
  const zh = ctx.locale === 'zh-CN';
  const view = await dashboard(ctx, org);
  const root = (await findOrgById(ctx.db, view.org.id))!;
  await writeAudit(ctx.db, ctx, { action: 'export', entityType: 'studio', orgId: root.id, orgPath: root.path, after: { dashboard: true } });
  const date = chinaToday();
  const out = sendReport(reply, `${zh ? '创新工作室统计' : 'studio-figures'}-${root.name}-${date}.xlsx`, {
    title: zh ? `${root.name}创新工作室统计` : `Innovation studio figures of ${root.name}`,
    sheetName: zh ? '工作室统计' : 'Studio figures',
    meta: [
      [zh ? '导出单位' : 'Exported by', root.name],
      [zh ? '导出日期' : 'Date', date],
    ],
    columns: [
      { header: zh ? '单位' : 'Organisation', type: 'text', width: 28 },
      { header: zh ? '命名级别' : 'Level', type: 'text', width: 10 },
      { header: zh ? '类别' : 'Category', type: 'text', width: 18 },
      { header: zh ? '命名工作室' : 'Studios named', type: 'integer', width: 10 },
      { header: zh ? '已摘牌' : 'Revoked', type: 'integer', width: 8 },
      { header: zh ? '补助资金（元）' : 'Grants (yuan)', type: 'decimal', width: 14 },
      { header: zh ? '考核优秀' : 'Excellent', type: 'integer', width: 8 },
      { header: zh ? '考核合格' : 'Pass', type: 'integer', width: 8 },
      { header: zh ? '限期整改' : 'Rectify', type: 'integer', width: 8 },
      { header: zh ? '成员数' : 'Members', type: 'integer', width: 8 },
    ],
  });
  const line = (name: string, r: DashboardView['rows'][number]) =>
    out.addRow([
      name,
      LEVELS[r.level]?.[zh ? 0 : 1] ?? r.level,
      r.category,
      r.studiosNamed,
      r.revoked,
      yuan(r.grantsFen),
      r.excellent,
      r.passed,
      r.rectify,
      r.members,
    ]);
  for (const r of view.rows) line(root.name, r);
  for (const r of view.children) line(r.orgName, r);
  await out.finish();
  return reply;
}
