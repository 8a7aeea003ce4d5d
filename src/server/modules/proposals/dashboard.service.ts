// Employee innovation figures (issue #16 item 7): read from the maintained innovation_totals (triggers in
// the writers' transactions; verify-totals recounts them) for an organisation — by category — and, as
// drill-down, each of its direct children; participation from the distinct proposers, the median days
// from submission to decision from the maintained histogram; the same as .xlsx. A result counts once
// at every level however many selections it enters.
import type { FastifyReply } from 'fastify';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { chinaToday, sendReport } from '../../platform/xlsx-report.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { INNOVATION_CATEGORIES, type DashboardView, type Figures } from './proposals.schemas.js';
import { assertStaff } from './upward.service.js';
import { itemsByStudio } from './proposals.repository.js';
import * as repo from './upward.repository.js';
import { INNOVATION_CATEGORY_NAMES } from '../../../shared/innovation-categories.js';

type TotalsRow = Awaited<ReturnType<typeof repo.totalsOf>>[number];

const EMPTY = {
  submitted: 0,
  adopted: 0,
  implemented: 0,
  decided: 0,
  estimated: 0n,
  verified: 0n,
  awardsPaid: 0n,
  recommended: 0,
  selected: 0,
  selectionAwards: 0n,
  patentsInvention: 0,
  patentsUtility: 0,
  patentsDesign: 0,
};
type Sum = typeof EMPTY;

function add(s: Sum, r: TotalsRow): Sum {
  return {
    submitted: s.submitted + r.submitted,
    adopted: s.adopted + r.adopted,
    implemented: s.implemented + r.implemented,
    decided: s.decided + r.decided,
    estimated: s.estimated + BigInt(r.estimated_fen),
    verified: s.verified + BigInt(r.verified_fen),
    awardsPaid: s.awardsPaid + BigInt(r.awards_paid_fen),
    recommended: s.recommended + r.recommended,
    selected: s.selected + r.selected,
    selectionAwards: s.selectionAwards + BigInt(r.selection_awards_fen),
    patentsInvention: s.patentsInvention + r.patents_invention,
    patentsUtility: s.patentsUtility + r.patents_utility,
    patentsDesign: s.patentsDesign + r.patents_design,
  };
}

/** A percentage with one decimal, from integers (no float drift in the shown digit): null for 0 of 0. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  // round half up on the integer tenths
  return Math.floor((part * 1000 + Math.floor(whole / 2)) / whole) / 10;
}

function figures(s: Sum): Figures {
  return {
    submitted: s.submitted,
    adopted: s.adopted,
    implemented: s.implemented,
    decided: s.decided,
    adoptionRate: percent(s.adopted, s.submitted),
    implementationRate: percent(s.implemented, s.submitted),
    estimatedFen: s.estimated.toString(),
    verifiedFen: s.verified.toString(),
    awardsPaidFen: s.awardsPaid.toString(),
    recommended: s.recommended,
    selected: s.selected,
    selectionAwardsFen: s.selectionAwards.toString(),
    patentsInvention: s.patentsInvention,
    patentsUtility: s.patentsUtility,
    patentsDesign: s.patentsDesign,
  };
}

/** The median of a histogram of whole days (the mean of the two middle values for an even count). */
export function medianOf(hist: { days: number; n: number }[]): number | null {
  const total = hist.reduce((a, h) => a + h.n, 0);
  if (!total) return null;
  const at = (k: number) => {
    let seen = 0;
    for (const h of hist) {
      seen += h.n;
      if (seen > k) return h.days;
    }
    return hist[hist.length - 1]!.days;
  };
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

export async function dashboard(ctx: RequestContext, org: ScopedOrg | undefined): Promise<DashboardView> {
  assertStaff(ctx);
  const root = (await findOrgById(ctx.db, org?.id ?? ctx.actor.orgId))!;
  const rows = await repo.totalsOf(ctx.db, root.id);
  const own = rows.filter((r) => r.org_id === root.id);
  const totals = own.reduce(add, EMPTY);
  const children = new Map<string, { name: string; sum: Sum }>();
  for (const r of rows.filter((x) => x.org_id !== root.id)) {
    const c = children.get(r.org_id) ?? { name: r.org_name, sum: EMPTY };
    children.set(r.org_id, { name: c.name, sum: add(c.sum, r) });
  }
  const [workers, participants, hist, studios] = await Promise.all([
    repo.workersOf(ctx.db, root.id),
    repo.participantsOf(ctx.db, root.id),
    repo.decisionDaysOf(ctx.db, root.id),
    itemsByStudio(ctx.db, root.path, STUDIOS_SHOWN),
  ]);
  return {
    org: { id: root.id, name: root.name },
    totals: figures(totals),
    workers,
    submittedPer100: percent(totals.submitted, workers),
    participants,
    participationRate: percent(participants, workers),
    medianDecisionDays: medianOf(hist),
    byCategory: INNOVATION_CATEGORIES.flatMap((category) => {
      const r = own.find((x) => x.category === category);
      return r && r.submitted + r.patents_invention + r.patents_utility + r.patents_design > 0
        ? [{ category, ...figures(add(EMPTY, r)) }]
        : [];
    }),
    children: [...children.entries()]
      .filter(([, c]) => c.sum.submitted > 0)
      .map(([orgId, c]) => ({ orgId, orgName: c.name, ...figures(c.sum) })),
    byStudio: studios.map((r) => ({
      studioId: r.studio_id,
      studioName: r.studio_name,
      submitted: r.submitted,
      adopted: r.adopted,
      implemented: r.implemented,
      verifiedFen: r.verified_fen,
    })),
  };
}

/** At most this many studios are listed (a province's studios with results; the export holds as many). */
const STUDIOS_SHOWN = 500;

/** 万元 with exact decimal text from fen (1 万元 = 1,000,000 fen), as a number for the spreadsheet. */
const wanYuan = (fen: string) => {
  const f = BigInt(fen);
  const whole = f / 1_000_000n;
  const frac = (f % 1_000_000n).toString().padStart(6, '0');
  return Number(`${whole}.${frac}`);
};

export async function exportDashboard(ctx: RequestContext, org: ScopedOrg | undefined, reply: FastifyReply) {
  const zh = ctx.locale === 'zh-CN';
  const view = await dashboard(ctx, org);
  const root = (await findOrgById(ctx.db, view.org.id))!;
  await writeAudit(ctx.db, ctx, {
    action: 'export',
    entityType: 'innovation_item',
    orgId: root.id,
    orgPath: root.path,
    after: { dashboard: true },
  });
  const date = chinaToday();
  const out = sendReport(reply, `${zh ? '职工创新统计' : 'employee-innovation'}-${root.name}-${date}.xlsx`, {
    title: zh ? `${root.name}职工技术创新统计` : `Employee innovation figures of ${root.name}`,
    sheetName: zh ? '职工创新统计' : 'Employee innovation',
    meta: [
      [zh ? '导出单位' : 'Exported by', root.name],
      [zh ? '导出日期' : 'Date', date],
      [zh ? '金额单位' : 'Money in', zh ? '万元' : '10,000 yuan'],
      [zh ? '职工人数' : 'Workers', String(view.workers)],
      [zh ? '参与人数' : 'Participants', String(view.participants)],
      [zh ? '决定用时中位数（天）' : 'Median days to decision', view.medianDecisionDays === null ? '—' : String(view.medianDecisionDays)],
    ],
    columns: [
      { header: zh ? '单位' : 'Organisation', type: 'text', width: 28 },
      { header: zh ? '类别' : 'Category', type: 'text', width: 16 },
      { header: zh ? '提交' : 'Submitted', type: 'integer', width: 8 },
      { header: zh ? '采纳' : 'Adopted', type: 'integer', width: 8 },
      { header: zh ? '采纳率' : 'Adoption rate', type: 'percent', width: 9 },
      { header: zh ? '实施' : 'Implemented', type: 'integer', width: 8 },
      { header: zh ? '实施率' : 'Implementation rate', type: 'percent', width: 9 },
      { header: zh ? '预计效益（万元）' : 'Estimated benefit (10k yuan)', type: 'decimal', width: 14 },
      { header: zh ? '核定效益（万元）' : 'Verified benefit (10k yuan)', type: 'decimal', width: 14 },
      { header: zh ? '已发奖励（万元）' : 'Awards paid (10k yuan)', type: 'decimal', width: 14 },
      { header: zh ? '推荐参评' : 'Recommended', type: 'integer', width: 9 },
      { header: zh ? '评选入选' : 'Selected', type: 'integer', width: 9 },
      { header: zh ? '评选奖励（万元）' : 'Selection awards (10k yuan)', type: 'decimal', width: 14 },
      { header: zh ? '发明专利' : 'Invention patents', type: 'integer', width: 9 },
      { header: zh ? '实用新型' : 'Utility models', type: 'integer', width: 9 },
      { header: zh ? '外观设计' : 'Designs', type: 'integer', width: 9 },
    ],
  });
  const line = (name: string, category: string, f: Figures) =>
    out.addRow([
      name,
      category,
      f.submitted,
      f.adopted,
      f.adoptionRate === null ? null : f.adoptionRate / 100,
      f.implemented,
      f.implementationRate === null ? null : f.implementationRate / 100,
      wanYuan(f.estimatedFen),
      wanYuan(f.verifiedFen),
      wanYuan(f.awardsPaidFen),
      f.recommended,
      f.selected,
      wanYuan(f.selectionAwardsFen),
      f.patentsInvention,
      f.patentsUtility,
      f.patentsDesign,
    ]);
  const all = zh ? '合计' : 'All';
  line(root.name, all, view.totals);
  for (const r of view.byCategory) line(root.name, INNOVATION_CATEGORY_NAMES[r.category][zh ? 0 : 1], r);
  for (const r of view.children) line(r.orgName, all, r);
  // By studio: the results that belong to each studio of the subtree (counts and verified benefit).
  for (const r of view.byStudio)
    out.addRow([
      r.studioName,
      zh ? '创新工作室' : 'Innovation studio',
      r.submitted,
      r.adopted,
      percent(r.adopted, r.submitted) === null ? null : percent(r.adopted, r.submitted)! / 100,
      r.implemented,
      percent(r.implemented, r.submitted) === null ? null : percent(r.implemented, r.submitted)! / 100,
      null,
      wanYuan(r.verifiedFen),
    ]);
  await out.finish();
  return reply;
}
