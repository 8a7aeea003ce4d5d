// The filtered list as .xlsx through the report writer (platform/xlsx-report.ts): a title, the
// exporting organisation, the date, the filter in words and whether ID numbers and phones are
// masked; birth and joining dates as dates. Streamed page by page (keyset on id). Masked unless the
// caller holds people.pii and asks for it with a purpose; every export is in the audit log (a masked
// one as `export`, an unmasked one as `view_pii` with its purpose).
import { AppError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import type { Locale } from '../../platform/i18n.js';
import { chinaToday, type ReportColumn, type ReportOut, type ReportSheet } from '../../platform/xlsx-report.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { maskIdNumber, normaliseIdNumber, parseIdNumber } from './id-number.js';
import { pagePeopleForExport } from './people.repository.js';
import { peopleMeta } from './people.meta.js';
import { rootPathFor, searchFilter } from './people.service.js';
import type { ExportPeopleInput } from './people.schemas.js';
import { isHighlySkilled } from './skill-levels.js';

const PAGE = 5000;

const COLUMNS: Record<Locale, ReportColumn[]> = {
  'zh-CN': [
    { header: '姓名', type: 'text', width: 12 },
    { header: '身份证号', type: 'text', width: 22 },
    { header: '性别', type: 'text', width: 6 },
    { header: '出生日期', type: 'date', width: 12 },
    { header: '手机号', type: 'text', width: 14 },
    { header: '所属单位', type: 'text', width: 28 },
    { header: '是否会员', type: 'text', width: 8 },
    { header: '入会时间', type: 'date', width: 12 },
    { header: '职业（工种）', type: 'text', width: 14 },
    { header: '学历', type: 'text', width: 12 },
    { header: '在职状态', type: 'text', width: 10 },
    { header: '技能等级', type: 'text', width: 14 },
    { header: '高技能人才', type: 'text', width: 10 },
  ],
  'en-US': [
    { header: 'Name', type: 'text', width: 12 },
    { header: 'ID number', type: 'text', width: 22 },
    { header: 'Gender', type: 'text', width: 8 },
    { header: 'Birth date', type: 'date', width: 12 },
    { header: 'Mobile', type: 'text', width: 14 },
    { header: 'Organisation', type: 'text', width: 28 },
    { header: 'Union member', type: 'text', width: 10 },
    { header: 'Joined', type: 'date', width: 12 },
    { header: 'Occupation', type: 'text', width: 14 },
    { header: 'Education', type: 'text', width: 14 },
    { header: 'Employment', type: 'text', width: 12 },
    { header: 'Skill level', type: 'text', width: 22 },
    { header: 'Highly skilled', type: 'text', width: 10 },
  ],
};

const PURPOSE_LABELS = {
  verify_identity: ['核实身份', 'Verifying identity'],
  handle_business: ['办理业务', 'Handling a case'],
  data_check: ['数据核对', 'Checking data'],
  other: ['其他', 'Other'],
} as const;

export function purposeText(purpose: keyof typeof PURPOSE_LABELS, note: string | undefined, locale: Locale): string {
  const label = PURPOSE_LABELS[purpose][locale === 'zh-CN' ? 0 : 1];
  return note ? `${label}${locale === 'zh-CN' ? '：' : ': '}${note}` : label;
}

type Prepared = Awaited<ReturnType<typeof prepareExport>>;

export async function prepareExport(ctx: RequestContext, q: ExportPeopleInput) {
  const unmasked = q.unmasked === true;
  if (unmasked && !hasPermission(ctx.actor, 'people.pii')) throw new AppError('forbidden');
  const rootPath = await rootPathFor(ctx, q.orgId);
  const filter = searchFilter(ctx, q);
  const { purpose, purposeNote, unmasked: _u, ...chosen } = q;
  await writeAudit(ctx.db, ctx, {
    action: unmasked ? 'view_pii' : 'export',
    entityType: 'person',
    entityId: null,
    orgId: ctx.actor.orgId,
    orgPath: rootPath,
    after: {
      export: true,
      unmasked,
      ...(unmasked ? { fields: ['idNumber', 'phone'], purpose, ...(purposeNote ? { purposeNote } : {}) } : {}),
      // The search text may be an ID number: the log keeps only that there was one.
      filter: { ...chosen, q: chosen.q ? '…' : undefined },
    },
  });
  const [org, exporter] = await Promise.all([q.orgId ? findOrgById(ctx.db, q.orgId) : undefined, findOrgById(ctx.db, ctx.actor.orgId)]);
  return { rootPath, filter, unmasked, q, scopeName: org?.name, exportedBy: exporter?.name ?? '' };
}

/** The filter as the reader chose it, in words; an ID number searched for is shown masked. */
function describeFilter(p: Prepared, zh: boolean): string {
  const meta = peopleMeta();
  const l = (x: { zh: string; en: string } | undefined) => (x ? (zh ? x.zh : x.en) : '');
  const parts: string[] = [];
  const say = (label: [string, string], value: string) => parts.push(zh ? `${label[0]}：${value}` : `${label[1]}: ${value}`);
  const q = p.q;
  if (p.scopeName) say(['单位', 'Organisation'], zh ? `${p.scopeName}及下级单位` : `${p.scopeName} and its sub-units`);
  if (q.q) {
    const asId = normaliseIdNumber(q.q);
    const text = asId.length === 18 && parseIdNumber(asId).ok ? maskIdNumber(asId) : q.q;
    say(['查询', 'Search'], `“${text}”`);
  }
  if (q.skillLevel) say(['技能等级', 'Skill level'], l(meta.skillLevels.find((x) => x.code === q.skillLevel)));
  if (q.highlySkilled !== undefined)
    parts.push(zh ? (q.highlySkilled ? '高技能人才' : '非高技能人才') : q.highlySkilled ? 'highly skilled' : 'not highly skilled');
  if (q.honourKind) say(['荣誉', 'Honour'], l(meta.honourKinds.find((x) => x.code === q.honourKind)));
  if (q.honourGrade) say(['荣誉级别', 'Honour grade'], l(meta.honourGrades.find((x) => x.code === q.honourGrade)));
  if (q.unionMember !== undefined)
    parts.push(zh ? (q.unionMember ? '工会会员' : '非工会会员') : q.unionMember ? 'union members' : 'not union members');
  if (q.employmentStatus) say(['在职状态', 'Employment'], l(meta.employmentStatuses.find((x) => x.code === q.employmentStatus)));
  return parts.length ? parts.join(zh ? '；' : '; ') : zh ? '全部职工' : 'Everyone';
}

export function exportSheet(ctx: RequestContext, p: Prepared): { fileName: string; sheet: ReportSheet } {
  const zh = ctx.locale === 'zh-CN';
  const date = chinaToday();
  const title = zh ? '职工名单' : 'People';
  const masking = p.unmasked
    ? zh
      ? `完整号码（用途：${purposeText(p.q.purpose!, p.q.purposeNote, ctx.locale)}；已记入审计日志）`
      : `Full numbers (purpose: ${purposeText(p.q.purpose!, p.q.purposeNote, ctx.locale)}; recorded in the audit log)`
    : zh
      ? '已脱敏'
      : 'Masked';
  return {
    fileName: `${title}-${date}.xlsx`,
    sheet: {
      title: p.scopeName ? (zh ? `${p.scopeName}职工名单` : `People of ${p.scopeName}`) : title,
      sheetName: title,
      meta: [
        [zh ? '导出单位' : 'Exported by', p.exportedBy],
        [zh ? '导出日期' : 'Date', date],
        [zh ? '筛选条件' : 'Filter', describeFilter(p, zh)],
        [zh ? '身份证号和手机号' : 'ID numbers and phones', masking],
      ],
      columns: COLUMNS[ctx.locale],
    },
  };
}

export async function writeExport(ctx: RequestContext, prepared: Prepared, out: ReportOut) {
  const zh = ctx.locale === 'zh-CN';
  const meta = peopleMeta();
  const l = (x: { zh: string; en: string } | undefined, fallback: string | null) => (x ? (zh ? x.zh : x.en) : (fallback ?? ''));
  const yes = zh ? '是' : 'Yes';
  const no = zh ? '否' : 'No';
  let after = '0';
  for (;;) {
    const page = await pagePeopleForExport(ctx.db, prepared.rootPath, prepared.filter, after, PAGE);
    for (const p of page) {
      out.addRow([
        p.name,
        prepared.unmasked ? ctx.secrets.open(p.id_sealed) : p.id_masked,
        p.gender === 'M' ? (zh ? '男' : 'M') : zh ? '女' : 'F',
        p.birth_date,
        prepared.unmasked ? (p.phone_sealed ? ctx.secrets.open(p.phone_sealed) : '') : p.phone_masked,
        p.org_name,
        p.union_member ? yes : no,
        p.union_joined_on,
        p.occupation,
        l(
          meta.educations.find((e) => e.code === p.education),
          p.education,
        ),
        l(
          meta.employmentStatuses.find((e) => e.code === p.employment_status),
          p.employment_status,
        ),
        l(
          meta.skillLevels.find((x) => x.rank === p.skill_level),
          '',
        ),
        isHighlySkilled(p.skill_level) ? yes : no,
      ]);
    }
    await out.drain();
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  await out.finish();
}
