// The breakdown as .xlsx: a title, the exporting organisation, the date and the sort order, then
// one row per child unit with the dashboard's figures (counts as numbers, shares as numbers in %
// format), the organisation's own row (when it holds anything itself) and the total.
import type { FastifyReply } from 'fastify';
import type { Locale } from '../../platform/i18n.js';
import { chinaToday, sendReport, type CellType } from '../../platform/xlsx-report.js';
import type { DashboardSortField, Figures } from './dashboard.schemas.js';
import type { prepareExport } from './dashboard.service.js';

interface Column {
  zh: string;
  en: string;
  type: CellType;
  value: (f: Figures) => number | null;
  sort?: DashboardSortField;
}

const COLUMNS: Column[] = [
  { zh: '职工人数', en: 'Workers', type: 'integer', value: (f) => f.workers, sort: 'workers' },
  { zh: '工会会员', en: 'Union members', type: 'integer', value: (f) => f.unionMembers, sort: 'unionMembers' },
  { zh: '入会率', en: 'Membership rate', type: 'percent', value: (f) => f.unionMembershipRate, sort: 'unionMembershipRate' },
  { zh: '企业数', en: 'Enterprises', type: 'integer', value: (f) => f.enterprises, sort: 'enterprises' },
  { zh: '已建会企业', en: 'Enterprises with a union', type: 'integer', value: (f) => f.enterprisesWithUnion },
  { zh: '建会率', en: 'Union coverage', type: 'percent', value: (f) => f.unionCoverage, sort: 'unionCoverage' },
  { zh: '高技能人才', en: 'Highly skilled', type: 'integer', value: (f) => f.highlySkilled, sort: 'highlySkilled' },
  { zh: '高技能人才占比', en: 'Highly skilled share', type: 'percent', value: (f) => f.highlySkilledShare, sort: 'highlySkilledShare' },
  { zh: '劳动模范', en: 'Model workers', type: 'integer', value: (f) => f.modelWorkers.total, sort: 'modelWorkers' },
  { zh: '全国劳模', en: 'National model workers', type: 'integer', value: (f) => f.modelWorkers.national },
  { zh: '省级劳模', en: 'Provincial model workers', type: 'integer', value: (f) => f.modelWorkers.provincial },
  { zh: '市级劳模', en: 'City model workers', type: 'integer', value: (f) => f.modelWorkers.city },
  { zh: '五一劳动奖章', en: 'May Day Labour Medals', type: 'integer', value: (f) => f.mayDayMedals.total },
  { zh: '工匠', en: 'Craftsmen', type: 'integer', value: (f) => f.craftsmen, sort: 'craftsmen' },
  { zh: '技术能手', en: 'Technical experts', type: 'integer', value: (f) => f.technicalExperts },
  { zh: '改革任务', en: 'Reform tasks', type: 'integer', value: (f) => f.tasks.total, sort: 'tasks' },
  { zh: '已完成', en: 'Completed', type: 'integer', value: (f) => f.tasks.completed },
  { zh: '完成率', en: 'Completion rate', type: 'percent', value: (f) => f.tasks.completionRate, sort: 'taskCompletionRate' },
  { zh: '逾期', en: 'Overdue', type: 'integer', value: (f) => f.tasks.overdue, sort: 'tasksOverdue' },
];

function sortLabel(sort: string | undefined, zh: boolean): string {
  const desc = !sort || sort.startsWith('-');
  const field = (sort ?? '-workers').replace(/^-/, '');
  const column = field === 'name' ? { zh: '单位名称', en: 'unit name' } : COLUMNS.find((c) => c.sort === field);
  const name = column ? (zh ? column.zh : column.en) : field;
  return zh ? `按${name}${desc ? '降序' : '升序'}` : `by ${name.toLowerCase()}, ${desc ? 'descending' : 'ascending'}`;
}

export async function writeDashboardXlsx(
  reply: FastifyReply,
  locale: Locale,
  data: Awaited<ReturnType<typeof prepareExport>>,
  sort: string | undefined,
) {
  const zh = locale === 'zh-CN';
  const date = chinaToday();
  // An industry union: its affiliated enterprises, by the territorial units of its breakdown (the dashboard's rows).
  const industry = data.org.kind === 'industry_union';
  const where = data.area ? (zh ? `${data.area.name}` : ` in ${data.area.name}`) : '';
  const scope = industry
    ? zh
      ? `${data.org.name}联系的${where}企业（产业系统）`
      : `enterprises affiliated to ${data.org.name}${where} (industry chain)`
    : zh
      ? `${data.org.name}及其全部下级单位`
      : `${data.org.name} and all its sub-units`;
  const name = data.area ? (zh ? `${data.org.name}（${data.area.name}）` : `${data.org.name} (${data.area.name})`) : data.org.name;
  const out = sendReport(reply, `${zh ? '产改成果统计' : 'dashboard'}-${name}-${date}.xlsx`, {
    title: industry
      ? zh
        ? `${name}产改成果统计（按地区）`
        : `Reform results of ${name}, by territory`
      : zh
        ? `${data.org.name}产改成果统计（按下级单位）`
        : `Reform results of ${data.org.name}, by sub-unit`,
    sheetName: zh ? '下级单位' : 'Units',
    meta: [
      [zh ? '导出单位' : 'Exported by', data.exportedBy],
      [zh ? '统计范围' : 'Scope', scope],
      [zh ? '导出日期' : 'Date', date],
      [zh ? '排序' : 'Sorted', sortLabel(sort, zh)],
    ],
    columns: [
      { header: zh ? '单位' : 'Unit', type: 'text', width: 32 },
      ...COLUMNS.map((c) => ({ header: zh ? c.zh : c.en, type: c.type, width: 12 })),
    ],
  });
  const row = (name: string, f: Figures, bold = false) => out.addRow([name, ...COLUMNS.map((c) => c.value(f))], { bold });
  for (const c of data.children) {
    row(c.org.name, c.figures);
    await out.drain();
  }
  if (data.own) row(industry ? (zh ? '其他' : 'Other') : zh ? `${data.org.name}（本级）` : `${data.org.name} (own)`, data.own);
  row(zh ? '合计' : 'Total', data.totals, true);
  await out.finish();
}
