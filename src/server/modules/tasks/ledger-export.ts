// The ledger (工作台账) as .xlsx through the report writer (platform/xlsx-report.ts): a title, the
// exporting organisation, the date and the filter in words; group headings 基本信息 | 目标任务 |
// 进展情况 over the column names; the programme of each task; parent and child tasks numbered as a
// hierarchy (1, 1.1, 1.2, 2 …) with each child right under its parent; one row per target with the
// target and achieved values as numbers and the completion as a number in % format; dates as dates;
// the latest report's period as a label (2026年第3季度), never a code.
// Streamed: only the ids and parents of the matching tasks are held (to number the hierarchy); the
// rows are read in batches of BATCH tasks and written into the reply as they come.
import type { FastifyReply } from 'fastify';
import { periodLabel } from '../../../shared/periods.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import type { Locale } from '../../platform/i18n.js';
import { chinaToday, sendReport, type ReportColumn } from '../../platform/xlsx-report.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import * as prepo from './programmes.repository.js';
import * as repo from './tasks.repository.js';
import { resolveFilter } from './tasks.service.js';
import { loadProgramme, loadVisibleTask } from './tasks.policy.js';
import type { ExportTasksQuery, TaskRow } from './tasks.schemas.js';
import { TASK_KIND_LABELS, TASK_STATUS_LABELS } from './tasks.messages.js';

const BATCH = 1000;

const WORDS = {
  'zh-CN': {
    title: '工作台账',
    sheet: '工作台账',
    groups: ['基本信息', '目标任务', '进展情况'],
    exportedBy: '导出单位',
    date: '导出日期',
    filter: '筛选条件',
    all: '全部任务',
    programme: '改革方案',
    goal: '目标',
    kind: '类型',
    status: '状态',
    lead: '牵头单位',
    leadSubtree: (name: string) => `${name}及下级单位`,
    tag: '标签',
    overdueOnly: '仅逾期任务',
    notOverdue: '不含逾期任务',
    mine: '本单位牵头或配合的任务',
    parent: '上级任务',
    topLevel: '仅顶层任务',
    q: '任务名称含',
    sep: '；',
    colon: '：',
  },
  'en-US': {
    title: 'Task ledger',
    sheet: 'Ledger',
    groups: ['Task', 'Targets', 'Progress'],
    exportedBy: 'Exported by',
    date: 'Date',
    filter: 'Filter',
    all: 'All tasks',
    programme: 'Programme',
    goal: 'Goal',
    kind: 'Kind',
    status: 'Status',
    lead: 'Lead unit',
    leadSubtree: (name: string) => `${name} and its sub-units`,
    tag: 'Tag',
    overdueOnly: 'overdue tasks only',
    notOverdue: 'overdue tasks left out',
    mine: 'tasks my organisation leads or co-leads',
    parent: 'Parent task',
    topLevel: 'top-level tasks only',
    q: 'Title contains',
    sep: '; ',
    colon: ': ',
  },
} as const;

const COLUMNS: Record<Locale, ReportColumn[]> = {
  'zh-CN': [
    { header: '序号', type: 'text', width: 8 },
    { header: '所属方案', type: 'text', width: 26 },
    { header: '任务名称', type: 'text', width: 34 },
    { header: '类型', type: 'text', width: 10 },
    { header: '牵头单位', type: 'text', width: 22 },
    { header: '配合单位', type: 'text', width: 22 },
    { header: '开始日期', type: 'date', width: 12 },
    { header: '完成时限', type: 'date', width: 12 },
    { header: '指标', type: 'text', width: 18 },
    { header: '单位', type: 'text', width: 8 },
    { header: '目标值', type: 'number', width: 10 },
    { header: '完成值', type: 'number', width: 10 },
    { header: '指标完成率', type: 'percent', width: 11 },
    { header: '任务完成率', type: 'percent', width: 11 },
    { header: '状态', type: 'text', width: 10 },
    { header: '最新报送期', type: 'text', width: 14 },
    { header: '最新进展', type: 'text', width: 48 },
  ],
  'en-US': [
    { header: 'No.', type: 'text', width: 8 },
    { header: 'Programme', type: 'text', width: 26 },
    { header: 'Task', type: 'text', width: 34 },
    { header: 'Kind', type: 'text', width: 10 },
    { header: 'Lead unit', type: 'text', width: 22 },
    { header: 'Co-units', type: 'text', width: 22 },
    { header: 'Start', type: 'date', width: 12 },
    { header: 'Due', type: 'date', width: 12 },
    { header: 'Target', type: 'text', width: 18 },
    { header: 'Unit', type: 'text', width: 8 },
    { header: 'Target value', type: 'number', width: 10 },
    { header: 'Achieved', type: 'number', width: 10 },
    { header: 'Target completion', type: 'percent', width: 11 },
    { header: 'Task completion', type: 'percent', width: 11 },
    { header: 'Status', type: 'text', width: 10 },
    { header: 'Latest period', type: 'text', width: 14 },
    { header: 'Latest progress', type: 'text', width: 48 },
  ],
};
/** 1–8 基本信息, 9–13 目标任务, 14–17 进展情况. */
const GROUPS: [number, number][] = [
  [1, 8],
  [9, 13],
  [14, 17],
];

/** The rows of one task: the first carries the task, further ones only its other targets. */
export function ledgerRows(row: TaskRow, number: string, locale: Locale): unknown[][] {
  const latest = row.latestReport;
  const target = (i: number) => {
    const t = row.targets[i];
    return t ? [t.metric, t.unit, t.targetValue, t.actualValue, t.share] : [null, null, null, null, null];
  };
  const first = [
    number,
    row.programmeTitle,
    row.title,
    TASK_KIND_LABELS[row.kind][locale],
    row.orgName,
    row.coUnits.map((c) => c.name).join(locale === 'zh-CN' ? '、' : ', '),
    row.startDate,
    row.dueDate,
    ...target(0),
    row.share,
    TASK_STATUS_LABELS[row.status][locale],
    latest ? periodLabel(latest.period, locale) : null,
    latest ? latest.narrative.slice(0, 2000) : null,
  ];
  const more = row.targets.slice(1).map((_, i) => [null, null, null, null, null, null, null, null, ...target(i + 1)]);
  return [first, ...more];
}

/** The tasks in ledger order, each child right after its parent, numbered 1, 1.1, 1.1.1, 2 … */
export function numberOutline(outline: { id: string; parent_id: string | null }[]): { id: string; number: string; depth: number }[] {
  const present = new Set(outline.map((t) => t.id));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const t of outline) {
    if (t.parent_id && present.has(t.parent_id)) {
      const list = children.get(t.parent_id);
      if (list) list.push(t.id);
      else children.set(t.parent_id, [t.id]);
    } else roots.push(t.id);
  }
  const out: { id: string; number: string; depth: number }[] = [];
  const stack = roots.map((id, i) => ({ id, number: String(i + 1), depth: 0 })).reverse();
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    const kids = children.get(n.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ id: kids[i]!, number: `${n.number}.${i + 1}`, depth: n.depth + 1 });
  }
  return out;
}

/** The filter as the reader chose it, in words. */
async function describeFilter(ctx: RequestContext, q: ExportTasksQuery, programmeTitle: string | undefined): Promise<string> {
  const w = WORDS[ctx.locale];
  const parts: string[] = [];
  const say = (label: string, value: string) => parts.push(`${label}${w.colon}${value}`);
  if (programmeTitle) say(w.programme, programmeTitle);
  // Ids the caller chose are named only when the caller may see them (the filter itself shows
  // nothing out of sight; its description must not either).
  if (q.goalId) {
    const goal = await prepo.findGoal(ctx.db, q.goalId);
    if (goal && (await prepo.findVisibleProgramme(ctx.db, ctx.actor.orgPath, goal.programme_id))) say(w.goal, goal.title);
  }
  if (q.kind) say(w.kind, TASK_KIND_LABELS[q.kind][ctx.locale]);
  if (q.status) say(w.status, TASK_STATUS_LABELS[q.status][ctx.locale]);
  if (q.orgId) {
    const org = await findOrgById(ctx.db, q.orgId);
    if (org) say(w.lead, w.leadSubtree(org.name));
  }
  if (q.tagId) {
    const [tag] = await prepo.findTagsByIds(ctx.db, [q.tagId]);
    if (tag && (ctx.actor.orgPath.startsWith(tag.path) || tag.path.startsWith(ctx.actor.orgPath))) say(w.tag, tag.name);
  }
  if (q.parentId) {
    const parent = await loadVisibleTask(ctx.db, ctx.actor, q.parentId).catch(() => undefined);
    if (parent) say(w.parent, parent.title);
  }
  if (q.overdue === true) parts.push(w.overdueOnly);
  if (q.overdue === false) parts.push(w.notOverdue);
  if (q.mine) parts.push(w.mine);
  if (q.topLevel) parts.push(w.topLevel);
  if (q.q) say(w.q, `“${q.q}”`);
  return parts.length ? parts.join(w.sep) : w.all;
}

/** `org` is the lead-unit subtree (query.orgId) as the route's scope check resolved it. */
export async function exportLedger(ctx: RequestContext, q: ExportTasksQuery, reply: FastifyReply, org: ScopedOrg | undefined) {
  const filter = resolveFilter(ctx, q, org);
  const programme = q.programmeId ? await loadProgramme(ctx.db, ctx.actor, q.programmeId, 'read') : undefined;
  await writeAudit(ctx.db, ctx, {
    action: 'export',
    entityType: 'task',
    entityId: null,
    orgId: ctx.actor.orgId,
    orgPath: ctx.actor.orgPath,
    after: { export: 'ledger', filter: q },
  });
  const w = WORDS[ctx.locale];
  const zh = ctx.locale === 'zh-CN';
  const date = chinaToday();
  const exportedBy = (await findOrgById(ctx.db, ctx.actor.orgId))?.name ?? '';
  const filterText = await describeFilter(ctx, q, programme?.title);
  const outline = numberOutline(await repo.listTaskOutline(ctx.db, filter));

  const out = sendReport(reply, `${programme ? `${programme.title}-` : ''}${w.title}-${date}.xlsx`, {
    title: programme ? `${programme.title}${zh ? '' : ' — '}${w.title}` : w.title,
    sheetName: w.sheet,
    meta: [
      [w.exportedBy, exportedBy],
      [w.date, date],
      [w.filter, filterText],
    ],
    columns: COLUMNS[ctx.locale],
    groups: GROUPS.map(([from, to], i) => ({ label: w.groups[i]!, from, to })),
    print: true,
  });
  for (let i = 0; i < outline.length; i += BATCH) {
    const slice = outline.slice(i, i + BATCH);
    const byId = new Map(
      (
        await repo.hydrate(
          ctx.db,
          await repo.findTasksByIds(
            ctx.db,
            slice.map((t) => t.id),
          ),
        )
      ).map((h) => [h.row.id, h.row]),
    );
    for (const t of slice) {
      const row = byId.get(t.id);
      if (!row) continue; // deleted since the outline was read
      for (const cells of ledgerRows(row, t.number, ctx.locale)) out.addRow(cells, { indent: t.depth * 2, indentColumn: 3 });
    }
    await out.drain();
  }
  await out.finish();
}
