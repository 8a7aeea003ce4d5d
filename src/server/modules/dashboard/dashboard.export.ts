// The breakdown as .xlsx: one row per child unit with the dashboard's figures, then the
// organisation's own row (when it holds anything itself) and the total. Headers in the reader's locale.
import type { FastifyReply } from 'fastify';
import type { Locale } from '../../platform/i18n.js';
import { sendXlsx } from '../../platform/xlsx-out.js';
import type { Figures } from './dashboard.schemas.js';
import type { prepareExport } from './dashboard.service.js';

const pct = (r: number | null) => (r === null ? '' : `${(r * 100).toFixed(1)}%`);

const COLUMNS: { zh: string; en: string; value: (f: Figures) => string | number }[] = [
  { zh: '职工人数', en: 'Workers', value: (f) => f.workers },
  { zh: '工会会员', en: 'Union members', value: (f) => f.unionMembers },
  { zh: '入会率', en: 'Membership rate', value: (f) => pct(f.unionMembershipRate) },
  { zh: '企业数', en: 'Enterprises', value: (f) => f.enterprises },
  { zh: '已建会企业', en: 'Enterprises with a union', value: (f) => f.enterprisesWithUnion },
  { zh: '建会率', en: 'Union coverage', value: (f) => pct(f.unionCoverage) },
  { zh: '高技能人才', en: 'Highly skilled', value: (f) => f.highlySkilled },
  { zh: '高技能人才占比', en: 'Highly skilled share', value: (f) => pct(f.highlySkilledShare) },
  { zh: '劳动模范', en: 'Model workers', value: (f) => f.modelWorkers.total },
  { zh: '全国劳模', en: 'National model workers', value: (f) => f.modelWorkers.national },
  { zh: '省级劳模', en: 'Provincial model workers', value: (f) => f.modelWorkers.provincial },
  { zh: '市级劳模', en: 'City model workers', value: (f) => f.modelWorkers.city },
  { zh: '五一劳动奖章', en: 'May Day Labour Medals', value: (f) => f.mayDayMedals.total },
  { zh: '工匠', en: 'Craftsmen', value: (f) => f.craftsmen },
  { zh: '技术能手', en: 'Technical experts', value: (f) => f.technicalExperts },
  { zh: '改革任务', en: 'Reform tasks', value: (f) => f.tasks.total },
  { zh: '已完成', en: 'Completed', value: (f) => f.tasks.completed },
  { zh: '完成率', en: 'Completion rate', value: (f) => pct(f.tasks.completionRate) },
  { zh: '逾期', en: 'Overdue', value: (f) => f.tasks.overdue },
];

export async function writeDashboardXlsx(reply: FastifyReply, locale: Locale, data: Awaited<ReturnType<typeof prepareExport>>) {
  const zh = locale === 'zh-CN';
  const date = new Date().toISOString().slice(0, 10);
  const out = sendXlsx(reply, `${zh ? '产改成果统计' : 'dashboard'}-${data.org.name}-${date}.xlsx`, zh ? '下级单位' : 'Units', [
    { header: zh ? '单位' : 'Unit', width: 32 },
    ...COLUMNS.map((c) => ({ header: zh ? c.zh : c.en, width: 12 })),
  ]);
  const row = (name: string, f: Figures) => out.addRow([name, ...COLUMNS.map((c) => c.value(f))]);
  for (const c of data.children) {
    row(c.org.name, c.figures);
    await out.drain();
  }
  if (data.own) row(zh ? `${data.org.name}（本级）` : `${data.org.name} (own)`, data.own);
  row(zh ? '合计' : 'Total', data.totals);
  await out.finish();
}
