// The submission ledger (报送): an article sent to an outlet on a date, and later its outcome —
// adopted (采用) with the date and where (page, link, issue number), or not adopted. Counts per unit
// and period over the caller's subtree are information for the news staff, never a ranking or a
// score of units (the 2025 burden-reduction rules): units are listed by name, and no rank is kept.
// Each write is audited in its transaction.
import type { FastifyReply } from 'fastify';
import { hasPermission, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { RecordPolicy, RequestContext, ScopedOrg } from '../../platform/http.js';
import { parseSort } from '../../platform/http.js';
import { chinaToday, sendReport } from '../../platform/xlsx-report.js';
import { inTransaction } from '../../db/transaction.js';
import type { ArticleRecord, Db } from './news.repository.js';
import { findOrg } from './news.repository.js';
import type { SubmissionOutcome } from './news.tables.js';
import * as repo from './submissions.repository.js';
import type * as s from './submissions.schemas.js';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

type Ctx = Pick<RequestContext, 'db' | 'actor' | 'ip' | 'requestId'>;

/** The outlets every federation starts with; news staff add their own (news_outlets). */
export const BUILT_IN_OUTLETS = ['工人日报', '中工网', '省工人报', '上级工会信息简报'];

// ---------------------------------------------------------------- access

/** A submission is seen by the unit that owns its article and the units above; written with news.write. */
export async function loadSubmission(db: Db, actor: RequestContext['actor'], id: string, action: 'read' | 'edit') {
  const row = await repo.findSubmission(db, id);
  if (!row || !isInScope(actor, row.org_path)) throw new AppError('not_found', { entity: 'news_submission' });
  if (!hasPermission(actor, action === 'edit' ? 'news.write' : 'news.read')) throw new AppError('forbidden');
  return row;
}

export const submissionPolicy = (action: 'read' | 'edit'): RecordPolicy => ({
  from: 'params',
  key: 'id',
  entity: 'news_submission',
  check: (db, actor, id) => loadSubmission(db, actor, id, action),
});

export const submissionOf = (req: FastifyRequest) => req.scoped.record as repo.SubmissionRow;

// ---------------------------------------------------------------- rules

function view(r: repo.SubmissionRow) {
  return {
    id: r.id,
    articleId: r.article_id,
    headline: r.headline ?? '',
    orgId: r.org_id,
    orgName: r.org_name,
    outlet: r.outlet,
    sentOn: r.sent_on,
    outcome: r.outcome,
    adoptedOn: r.adopted_on,
    placement: r.placement,
    note: r.note,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** The dates' rules, each reported on its field: sent not in the future, adopted not before sent. */
function checked(v: repo.SubmissionValues): repo.SubmissionValues {
  const today = chinaToday();
  if (v.sentOn > today) throw fieldError('body.sentOn', 'date_in_future');
  if (v.outcome === 'adopted') {
    if (!v.adoptedOn) throw fieldError('body.adoptedOn', 'adoption_date_required');
    if (v.adoptedOn < v.sentOn) throw fieldError('body.adoptedOn', 'adopted_before_sent', { sentOn: v.sentOn });
    if (v.adoptedOn > today) throw fieldError('body.adoptedOn', 'date_in_future');
  } else if (v.adoptedOn) {
    throw fieldError('body.adoptedOn', 'only_when_adopted');
  }
  return v;
}

function auditOf(r: Pick<repo.SubmissionRow, 'id' | 'org_id' | 'org_path'>) {
  return { entityType: 'news_submission' as const, entityId: r.id, orgId: r.org_id, orgPath: r.org_path };
}

const logged = (v: repo.SubmissionValues) => ({
  outlet: v.outlet,
  sentOn: v.sentOn,
  outcome: v.outcome,
  adoptedOn: v.adoptedOn,
  placement: v.placement,
});

// ---------------------------------------------------------------- one article's submissions

export async function listSubmissions(ctx: Ctx, article: ArticleRecord) {
  return { items: (await repo.listForArticle(ctx.db, article.id)).map(view) };
}

export async function createSubmission(ctx: Ctx, article: ArticleRecord, body: z.infer<typeof s.submissionBody>) {
  const values = checked({ ...body, adoptedOn: body.adoptedOn ?? null });
  const id = await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertSubmission(trx, article.id, article.org_id, values, ctx.actor.userId);
    await writeAudit(trx, ctx, {
      ...auditOf({ id, org_id: article.org_id, org_path: article.org_path }),
      action: 'create',
      after: { articleId: article.id, ...logged(values) },
    });
    return id;
  });
  return view((await repo.findSubmission(ctx.db, id))!);
}

export async function updateSubmission(ctx: Ctx, sub: repo.SubmissionRow, body: z.infer<typeof s.updateSubmissionBody>) {
  await inTransaction(ctx.db, async (trx) => {
    const cur = await repo.findSubmission(trx, sub.id, true);
    if (!cur) throw new AppError('not_found', { entity: 'news_submission' });
    if (body.version !== cur.version) {
      throw new AppError('conflict', { entity: 'news_submission', current: cur.version }, [
        { path: 'body.version', code: 'stale_version', params: { read: body.version, current: cur.version } },
      ]);
    }
    // A date of adoption alone records the adoption; another outcome clears the date.
    const outcome: SubmissionOutcome = body.outcome ?? (body.adoptedOn ? 'adopted' : cur.outcome);
    const adoptedOn = body.adoptedOn !== undefined ? body.adoptedOn : outcome === 'adopted' ? cur.adopted_on : null;
    const before: repo.SubmissionValues = {
      outlet: cur.outlet,
      sentOn: cur.sent_on,
      outcome: cur.outcome,
      adoptedOn: cur.adopted_on,
      placement: cur.placement,
      note: cur.note,
    };
    const values = checked({
      outlet: body.outlet ?? cur.outlet,
      sentOn: body.sentOn ?? cur.sent_on,
      outcome,
      adoptedOn,
      placement: body.placement ?? cur.placement,
      note: body.note ?? cur.note,
    });
    await repo.updateSubmission(trx, cur.id, values, cur.version + 1);
    await writeAudit(trx, ctx, { ...auditOf(cur), action: 'update', before: logged(before), after: logged(values) });
  });
  return view((await repo.findSubmission(ctx.db, sub.id))!);
}

export async function deleteSubmission(ctx: Ctx, sub: repo.SubmissionRow) {
  await inTransaction(ctx.db, async (trx) => {
    await repo.deleteSubmission(trx, sub.id);
    await writeAudit(trx, ctx, {
      ...auditOf(sub),
      action: 'delete',
      before: { articleId: sub.article_id, outlet: sub.outlet, sentOn: sub.sent_on, outcome: sub.outcome, adoptedOn: sub.adopted_on },
    });
  });
}

// ---------------------------------------------------------------- the ledger and its counts

/** A period ('2026', '2026-Q4', '2026-12') as the half-open range of dates [from, to). */
export function periodRange(period: string | undefined): { from?: string; to?: string } {
  if (!period) return {};
  const year = Number(period.slice(0, 4));
  const pad = (n: number) => String(n).padStart(2, '0');
  const q = /-Q([1-4])$/.exec(period);
  const m = /-(\d{2})$/.exec(period);
  const start = q ? (Number(q[1]) - 1) * 3 + 1 : m ? Number(m[1]) : 1;
  const months = q ? 3 : m ? 1 : 12;
  const endMonth = start + months;
  const to = endMonth > 12 ? `${year + 1}-01-01` : `${year}-${pad(endMonth)}-01`;
  return { from: `${year}-${pad(start)}-01`, to };
}

function filterOf(ctx: Ctx, scoped: ScopedOrg | undefined, q: { period?: string; outlet?: string; outcome?: SubmissionOutcome }) {
  return { subtree: ctx.actor.orgPath, orgPath: scoped?.path, ...periodRange(q.period), outlet: q.outlet || undefined, outcome: q.outcome };
}

export async function listLedger(ctx: Ctx, q: z.infer<typeof s.ledgerQuery>, scoped: ScopedOrg | undefined) {
  const { rows, total } = await repo.listLedger(ctx.db, {
    ...filterOf(ctx, scoped, q),
    sort: parseSort(q.sort),
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize };
}

export async function countSubmissions(ctx: Ctx, q: z.infer<typeof s.countsQuery>, scoped: ScopedOrg | undefined) {
  const { units, outlets } = await repo.counts(ctx.db, filterOf(ctx, scoped, q));
  return {
    period: q.period ?? null,
    units: units.map((u) => ({ orgId: u.org_id, orgName: u.org_name, sent: u.sent, adopted: u.adopted })),
    outlets: outlets.map((o) => ({ outlet: o.outlet, sent: o.sent, adopted: o.adopted })),
    total: { sent: units.reduce((n, u) => n + u.sent, 0), adopted: units.reduce((n, u) => n + u.adopted, 0) },
  };
}

function periodLabel(period: string | undefined, zh: boolean): string {
  if (!period) return zh ? '全部' : 'All';
  const y = period.slice(0, 4);
  const q = /-Q([1-4])$/.exec(period);
  const m = /-(\d{2})$/.exec(period);
  if (q) return zh ? `${y}年第${q[1]}季度` : `Q${q[1]} ${y}`;
  if (m) return zh ? `${y}年${Number(m[1])}月` : `${y}-${m[1]}`;
  return zh ? `${y}年` : y;
}

/** The counts as .xlsx: one row per unit (by name), then one per outlet, then the total; numbers as numbers, dates as dates. */
export async function exportCounts(
  ctx: RequestContext,
  q: z.infer<typeof s.countsQuery>,
  scoped: ScopedOrg | undefined,
  reply: FastifyReply,
) {
  const zh = ctx.locale === 'zh-CN';
  const org = await findOrg(ctx.db, scoped?.id ?? ctx.actor.orgId);
  const { units, outlets } = await repo.counts(ctx.db, filterOf(ctx, scoped, q));
  await writeAudit(ctx.db, ctx, {
    action: 'export',
    entityType: 'news_submission',
    orgId: org?.id ?? null,
    orgPath: org?.path ?? null,
    after: { export: 'news_submission_counts', period: q.period ?? null },
  });
  const date = chinaToday();
  const title = zh ? '稿件报送采用情况统计' : 'Article submissions and adoptions';
  const out = sendReport(reply, `${title}-${date}.xlsx`, {
    title,
    sheetName: zh ? '报送统计' : 'Submissions',
    meta: [
      [zh ? '导出单位' : 'Exported by', org?.name ?? ''],
      [zh ? '统计期间' : 'Period', periodLabel(q.period, zh)],
      [zh ? '导出日期' : 'Date', date],
      [
        zh ? '说明' : 'Note',
        zh ? '本表为工作信息，不作排名、打分或考核依据' : 'Information only: not a ranking, score or assessment of units',
      ],
    ],
    columns: [
      { header: zh ? '单位 / 报送媒体' : 'Unit / outlet', type: 'text', width: 30 },
      { header: zh ? '报送（篇次）' : 'Sent', type: 'integer', width: 12 },
      { header: zh ? '采用（篇次）' : 'Adopted', type: 'integer', width: 12 },
      { header: zh ? '最近报送日期' : 'Last sent', type: 'date', width: 14 },
      { header: zh ? '最近采用日期' : 'Last adopted', type: 'date', width: 14 },
    ],
  });
  for (const u of units) out.addRow([u.org_name, u.sent, u.adopted, u.last_sent, u.last_adopted]);
  if (outlets.length) out.addRow([zh ? '按报送媒体' : 'By outlet'], { bold: true });
  for (const o of outlets) out.addRow([o.outlet, o.sent, o.adopted], { indent: 1 });
  out.addRow([zh ? '合计' : 'Total', units.reduce((n, u) => n + u.sent, 0), units.reduce((n, u) => n + u.adopted, 0)], { bold: true });
  await out.finish();
}

const OUTCOME_WORDS: Record<SubmissionOutcome, [string, string]> = {
  pending: ['待反馈', 'Awaiting reply'],
  adopted: ['已采用', 'Adopted'],
  not_adopted: ['未采用', 'Not adopted'],
};
/** A ledger export holds at most this many rows (a federation's several years of submissions). */
const LEDGER_EXPORT_MAX = 50_000;

/** The ledger row by row as .xlsx, with the filters and order of the page: one row per submission. */
export async function exportLedger(
  ctx: RequestContext,
  q: z.infer<typeof s.ledgerExportQuery>,
  scoped: ScopedOrg | undefined,
  reply: FastifyReply,
) {
  const zh = ctx.locale === 'zh-CN';
  const org = await findOrg(ctx.db, scoped?.id ?? ctx.actor.orgId);
  const rows = await repo.ledgerRows(ctx.db, { ...filterOf(ctx, scoped, q), sort: parseSort(q.sort) }, LEDGER_EXPORT_MAX);
  await writeAudit(ctx.db, ctx, {
    action: 'export',
    entityType: 'news_submission',
    orgId: org?.id ?? null,
    orgPath: org?.path ?? null,
    after: { export: 'news_submission_ledger', period: q.period ?? null, rows: rows.length },
  });
  const date = chinaToday();
  const title = zh ? '稿件报送台账' : 'Article submission ledger';
  const meta: [string, string][] = [
    [zh ? '导出单位' : 'Exported by', org?.name ?? ''],
    [zh ? '统计期间' : 'Period', periodLabel(q.period, zh)],
  ];
  if (q.outlet) meta.push([zh ? '报送媒体' : 'Outlet', q.outlet]);
  if (q.outcome) meta.push([zh ? '采用情况' : 'Outcome', OUTCOME_WORDS[q.outcome][zh ? 0 : 1]]);
  meta.push([zh ? '导出日期' : 'Date', date]);
  const out = sendReport(reply, `${title}-${date}.xlsx`, {
    title,
    sheetName: zh ? '报送台账' : 'Ledger',
    meta,
    columns: [
      { header: zh ? '稿件标题' : 'Headline', type: 'text', width: 40 },
      { header: zh ? '单位' : 'Unit', type: 'text', width: 24 },
      { header: zh ? '报送媒体' : 'Outlet', type: 'text', width: 18 },
      { header: zh ? '报送日期' : 'Date sent', type: 'date', width: 14 },
      { header: zh ? '采用情况' : 'Outcome', type: 'text', width: 12 },
      { header: zh ? '采用日期' : 'Date adopted', type: 'date', width: 14 },
      { header: zh ? '采用位置' : 'Placement', type: 'text', width: 22 },
      { header: zh ? '备注' : 'Note', type: 'text', width: 24 },
    ],
  });
  for (const r of rows)
    out.addRow([
      r.headline ?? '',
      r.org_name,
      r.outlet,
      r.sent_on,
      OUTCOME_WORDS[r.outcome][zh ? 0 : 1],
      r.adopted_on,
      r.placement,
      r.note,
    ]);
  await out.finish();
}

// ---------------------------------------------------------------- outlets

export async function listOutlets(ctx: Ctx, scoped: ScopedOrg | undefined) {
  const path = scoped?.path ?? ctx.actor.orgPath;
  const own = await repo.outletsAlong(ctx.db, path);
  const seen = new Set(BUILT_IN_OUTLETS);
  const items: { name: string; orgId: string | null }[] = BUILT_IN_OUTLETS.map((name) => ({ name, orgId: null }));
  for (const o of own) {
    if (seen.has(o.name)) continue;
    seen.add(o.name);
    items.push({ name: o.name, orgId: o.org_id });
  }
  return { items };
}

export async function addOutlet(ctx: Ctx, body: z.infer<typeof s.outletBody>, scoped: ScopedOrg | undefined) {
  const orgId = scoped?.id ?? ctx.actor.orgId;
  await inTransaction(ctx.db, async (trx) => {
    const org = await findOrg(trx, orgId);
    if (!org) throw new AppError('not_found', { entity: 'organisation' });
    const id = await repo.insertOutlet(trx, orgId, body.outlet, ctx.actor.userId);
    if (id)
      await writeAudit(trx, ctx, {
        action: 'create',
        entityType: 'news_outlet',
        entityId: id,
        orgId,
        orgPath: org.path,
        after: { name: body.outlet },
      });
  });
  return listOutlets(ctx, scoped ?? { id: orgId, path: ctx.actor.orgPath });
}
