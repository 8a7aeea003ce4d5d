// .xlsx exports of field work and meetings (platform/xlsx-report.ts: typed cells, title/unit/date
// rows): the problem list of the visits the caller sees, and the decisions ledger of the meetings
// convened in the caller's subtree — the visit or meeting named on each row.
import type { FastifyReply } from 'fastify';
import { writeAudit } from '../../platform/audit.js';
import { industryUnionOf } from '../../platform/reach.repository.js';
import type { RequestContext } from '../../platform/http.js';
import { chinaToday, sendReport } from '../../platform/xlsx-report.js';
import { findOrgs, listProblemsForExport } from './fieldwork.repository.js';
import { decisionsLedger } from './meetings.service.js';

const PROBLEM_STATUS: Record<string, [string, string]> = {
  open: ['待处理', 'Open'],
  in_progress: ['办理中', 'In progress'],
  closed: ['已解决', 'Closed'],
  carried_over: ['结转', 'Carried over'],
};
const FOLLOW_UP: Record<string, [string, string]> = {
  open: ['办理中', 'Open'],
  overdue: ['已逾期', 'Overdue'],
  done_on_time: ['按期完成', 'Done on time'],
  done_late: ['逾期完成', 'Done late'],
};
const TASK_STATUS: Record<string, [string, string]> = {
  not_started: ['未开始', 'Not started'],
  on_track: ['正常推进', 'On track'],
  at_risk: ['预警', 'At risk'],
  overdue: ['逾期', 'Overdue'],
  completed: ['已完成', 'Completed'],
};

async function exporter(ctx: RequestContext) {
  const [org] = await findOrgs(ctx.db, [ctx.actor.orgId]);
  return org?.name ?? '';
}

export async function exportProblems(ctx: RequestContext, q: { visitId?: string }, reply: FastifyReply) {
  const zh = ctx.locale === 'zh-CN';
  const l = (p: [string, string] | undefined) => (p ? (zh ? p[0] : p[1]) : '');
  const rows = await listProblemsForExport(ctx.db, ctx.actor.orgPath, q.visitId, industryUnionOf(ctx.actor));
  await writeAudit(ctx.db, ctx, {
    action: 'export',
    entityType: 'visit_problem',
    entityId: null,
    orgId: ctx.actor.orgId,
    orgPath: ctx.actor.orgPath,
    after: { export: 'problems', filter: q },
  });
  const date = chinaToday();
  const out = sendReport(reply, `${zh ? '调研问题清单' : 'visit-problems'}-${date}.xlsx`, {
    title: zh ? '调研问题清单' : 'Problems raised on research visits',
    sheetName: zh ? '问题清单' : 'Problems',
    meta: [
      [zh ? '导出单位' : 'Exported by', await exporter(ctx)],
      [zh ? '导出日期' : 'Date', date],
    ],
    columns: [
      { header: zh ? '调研' : 'Visit', type: 'text', width: 30 },
      { header: zh ? '调研日期' : 'Visit date', type: 'date', width: 12 },
      { header: zh ? '序号' : 'No.', type: 'integer', width: 6 },
      { header: zh ? '类别' : 'Category', type: 'text', width: 12 },
      { header: zh ? '问题' : 'Problem', type: 'text', width: 50 },
      { header: zh ? '提出单位' : 'Raised by', type: 'text', width: 20 },
      { header: zh ? '牵头单位' : 'Lead unit', type: 'text', width: 20 },
      { header: zh ? '状态' : 'Status', type: 'text', width: 10 },
      { header: zh ? '整改措施' : 'Measures', type: 'text', width: 40 },
      { header: zh ? '任务状态' : 'Task status', type: 'text', width: 10 },
      { header: zh ? '任务时限' : 'Task due', type: 'date', width: 12 },
    ],
  });
  for (const r of rows) {
    const status = r.task_status === 'completed' && (r.status === 'open' || r.status === 'in_progress') ? 'closed' : r.status;
    out.addRow([
      r.visit_title,
      r.start_date,
      r.sort_order + 1,
      r.category,
      r.text,
      r.host_name ?? '',
      r.lead_name ?? '',
      l(PROBLEM_STATUS[status]),
      r.measures,
      r.task_status ? l(TASK_STATUS[r.task_status]) : '',
      r.task_due,
    ]);
    await out.drain();
  }
  await out.finish();
}

export async function exportDecisions(ctx: RequestContext, q: { meetingId?: string; seriesId?: string }, reply: FastifyReply) {
  const zh = ctx.locale === 'zh-CN';
  const l = (p: [string, string] | undefined) => (p ? (zh ? p[0] : p[1]) : '');
  const items = await decisionsLedger(ctx, q);
  await writeAudit(ctx.db, ctx, {
    action: 'export',
    entityType: 'decision',
    entityId: null,
    orgId: ctx.actor.orgId,
    orgPath: ctx.actor.orgPath,
    after: { export: 'decisions', filter: q },
  });
  const date = chinaToday();
  const out = sendReport(reply, `${zh ? '议定事项台账' : 'decisions-ledger'}-${date}.xlsx`, {
    title: zh ? '会议议定事项台账' : 'Ledger of meeting decisions',
    sheetName: zh ? '议定事项' : 'Decisions',
    meta: [
      [zh ? '导出单位' : 'Exported by', await exporter(ctx)],
      [zh ? '导出日期' : 'Date', date],
    ],
    columns: [
      { header: zh ? '会议' : 'Meeting', type: 'text', width: 30 },
      { header: zh ? '届次' : 'Session', type: 'integer', width: 6 },
      { header: zh ? '会议日期' : 'Meeting date', type: 'date', width: 12 },
      { header: zh ? '序号' : 'No.', type: 'integer', width: 6 },
      { header: zh ? '议定事项' : 'Decision', type: 'text', width: 50 },
      { header: zh ? '责任单位' : 'Owner', type: 'text', width: 20 },
      { header: zh ? '配合单位' : 'Co-units', type: 'text', width: 24 },
      { header: zh ? '完成时限' : 'Deadline', type: 'date', width: 12 },
      { header: zh ? '任务状态' : 'Task status', type: 'text', width: 10 },
      { header: zh ? '落实情况' : 'Follow-up', type: 'text', width: 12 },
    ],
  });
  for (const d of items) {
    out.addRow([
      d.meetingTitle,
      d.sessionNo,
      d.meetingDate,
      d.sortOrder + 1,
      d.text,
      d.owner.name,
      d.coUnits.map((c) => c.name).join('、'),
      d.dueDate,
      d.task ? l(TASK_STATUS[d.task.status]) : '',
      l(FOLLOW_UP[d.followUp]),
    ]);
    await out.drain();
  }
  await out.finish();
}
