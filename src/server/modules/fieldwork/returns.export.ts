// .xlsx export of a status return (platform/xlsx-report.ts): one row per recipient unit, one column
// per question (numbers as numbers, dates as dates), then the roll-up rows (sums).
import type { FastifyReply } from 'fastify';
import { writeAudit } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { chinaToday, sendReport } from '../../platform/xlsx-report.js';
import { parseJson } from './fieldwork.repository.js';
import type { AnswerValue, Question } from './returns.schemas.js';
import { auditReturn, type LoadedReturn, rollup } from './returns.service.js';

export async function exportReturn(ctx: RequestContext, { ret, manage, answers }: LoadedReturn, reply: FastifyReply) {
  if (!manage) throw new AppError('forbidden');
  const zh = ctx.locale === 'zh-CN';
  const questions = parseJson<Question[]>(ret.questions, []);
  await writeAudit(ctx.db, ctx, { action: 'export', ...auditReturn(ret), after: { export: 'status_return' } });
  const date = chinaToday();
  const STATUS: Record<string, string> = zh
    ? { pending: '未填报', draft: '填报中', submitted: '已提交' }
    : { pending: 'Not started', draft: 'Draft', submitted: 'Submitted' };
  const out = sendReport(reply, `${ret.title}-${date}.xlsx`, {
    title: ret.title,
    sheetName: zh ? '填报情况' : 'Answers',
    meta: [
      [zh ? '组织单位' : 'Organised by', ret.org_name],
      [zh ? '填报截止' : 'Deadline', ret.deadline],
      [zh ? '导出日期' : 'Date', date],
    ],
    columns: [
      { header: zh ? '填报单位' : 'Unit', type: 'text', width: 24 },
      { header: zh ? '状态' : 'Status', type: 'text', width: 10 },
      ...questions.map((q) => ({
        header: q.unit ? `${q.label}（${q.unit}）` : q.label,
        type: q.kind === 'number' ? ('number' as const) : q.kind === 'date' ? ('date' as const) : ('text' as const),
        width: 18,
      })),
    ],
  });
  for (const a of answers) {
    const v = parseJson<Record<string, AnswerValue>>(a.answers, {});
    out.addRow([
      a.org_name,
      STATUS[a.status],
      ...questions.map((q) => {
        const x = v[q.key];
        if (x === undefined || x === null || x === '') return null;
        return Array.isArray(x) ? x.join('、') : x;
      }),
    ]);
    await out.drain();
  }
  const r = rollup(questions, answers);
  out.addRow([zh ? '合计（已提交）' : 'Total (submitted)', '', ...r.map((x) => x.sum)], { bold: true });
  await out.finish();
}
