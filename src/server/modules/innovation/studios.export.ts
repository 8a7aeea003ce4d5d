// The studio ledger as .xlsx (platform/xlsx-report.ts: title, exporter, date and filter rows; numbers
// as numbers, dates as dates), read in pages so memory stays flat.
import type { FastifyReply } from 'fastify';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { chinaToday, sendReport } from '../../platform/xlsx-report.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import * as repo from './innovation.repository.js';
import type { ListStudiosQuery } from './innovation.schemas.js';

export { XLSX_TYPE } from '../../platform/xlsx-report.js';
const BATCH = 500;

const LEVELS: Record<string, [string, string]> = {
  national: ['全国', 'National'],
  province: ['省级', 'Provincial'],
  city: ['市级', 'City'],
  county: ['县级', 'County'],
  grassroots: ['企业级', 'Enterprise'],
};

export async function exportStudios(
  ctx: RequestContext,
  q: Omit<ListStudiosQuery, 'page' | 'pageSize'>,
  org: ScopedOrg | undefined,
  reply: FastifyReply,
) {
  const zh = ctx.locale === 'zh-CN';
  const root = await findOrgById(ctx.db, org?.id ?? ctx.actor.orgId);
  const filter = { rootPath: root!.path, q: q.q, category: q.category, level: q.level, status: q.status };
  await writeAudit(ctx.db, ctx, { action: 'export', entityType: 'studio', orgId: root!.id, orgPath: root!.path, after: q });
  const date = chinaToday();
  const filterText =
    [q.q, q.category, q.level && (LEVELS[q.level]?.[zh ? 0 : 1] ?? q.level), q.status].filter(Boolean).join('，') || (zh ? '全部' : 'All');
  const out = sendReport(reply, `${zh ? '创新工作室台账' : 'studios'}-${root!.name}-${date}.xlsx`, {
    title: zh ? `${root!.name}创新工作室台账` : `Innovation studios of ${root!.name}`,
    sheetName: zh ? '创新工作室' : 'Studios',
    meta: [
      [zh ? '导出单位' : 'Exported by', root!.name],
      [zh ? '导出日期' : 'Date', date],
      [zh ? '筛选条件' : 'Filter', filterText],
    ],
    columns: [
      { header: zh ? '序号' : 'No.', type: 'integer', width: 6 },
      { header: zh ? '工作室名称' : 'Studio', type: 'text', width: 32 },
      { header: zh ? '类别' : 'Category', type: 'text', width: 18 },
      { header: zh ? '所属企业' : 'Enterprise', type: 'text', width: 28 },
      { header: zh ? '领衔人' : 'Leader', type: 'text', width: 12 },
      { header: zh ? '成立日期' : 'Founded', type: 'date', width: 12 },
      { header: zh ? '成员数' : 'Members', type: 'integer', width: 8 },
      { header: zh ? '命名级别' : 'Level', type: 'text', width: 10 },
      { header: zh ? '状态' : 'Status', type: 'text', width: 8 },
    ],
  });
  let n = 0;
  for (let offset = 0; ; offset += BATCH) {
    const { rows } = await repo.listStudios(ctx.db, filter, { field: 'id', dir: 'asc' }, { limit: BATCH, offset });
    for (const s of rows) {
      n += 1;
      out.addRow([
        n,
        s.name,
        s.category,
        s.org_name,
        s.leader_name,
        new Date(`${s.founded_on}T00:00:00Z`),
        s.member_count,
        s.level ? (LEVELS[s.level]?.[zh ? 0 : 1] ?? s.level) : zh ? '未命名' : 'Not named',
        s.status === 'active' ? (zh ? '运行中' : 'Active') : zh ? '已关闭' : 'Closed',
      ]);
    }
    await out.drain();
    if (rows.length < BATCH) break;
  }
  await out.finish();
  return reply;
}
