// The filtered list as .xlsx, streamed page by page (keyset on id); masked unless the caller holds
// people.pii and asks for it, and every export is in the audit log.
import { AppError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import { pagePeopleForExport } from './people.repository.js';
import { rootPathFor, searchFilter } from './people.service.js';
import type { ExportPeopleQuery } from './people.schemas.js';
import { EDUCATIONS, EMPLOYMENT_STATUSES } from './person-fields.js';
import { SKILL_LEVELS, isHighlySkilled } from './skill-levels.js';
import type { SheetOut } from '../../platform/xlsx-out.js';

const PAGE = 5000;

export const EXPORT_COLUMNS = {
  'zh-CN': [
    '姓名',
    '身份证号',
    '性别',
    '出生日期',
    '手机号',
    '所属单位',
    '是否会员',
    '入会时间',
    '职业（工种）',
    '学历',
    '在职状态',
    '技能等级',
    '高技能人才',
  ],
  'en-US': [
    'Name',
    'ID number',
    'Gender',
    'Birth date',
    'Mobile',
    'Organisation',
    'Union member',
    'Joined',
    'Occupation',
    'Education',
    'Employment',
    'Skill level',
    'Highly skilled',
  ],
} as const;

export async function prepareExport(ctx: RequestContext, q: ExportPeopleQuery) {
  const unmasked = q.unmasked === true;
  if (unmasked && !hasPermission(ctx.actor, 'people.pii')) throw new AppError('forbidden');
  const rootPath = await rootPathFor(ctx, q.orgId);
  const filter = searchFilter(ctx, q);
  await writeAudit(ctx.db, ctx, {
    action: unmasked ? 'view_pii' : 'export',
    entityType: 'person',
    entityId: null,
    orgId: ctx.actor.orgId,
    orgPath: rootPath,
    after: { export: true, unmasked, filter: { ...q, q: q.q ? '…' : undefined } },
  });
  return { rootPath, filter, unmasked };
}

export async function writeExport(ctx: RequestContext, prepared: Awaited<ReturnType<typeof prepareExport>>, out: SheetOut) {
  const zh = ctx.locale === 'zh-CN';
  const yes = zh ? '是' : 'yes';
  const no = zh ? '否' : 'no';
  let after = '0';
  for (;;) {
    const page = await pagePeopleForExport(ctx.db, prepared.rootPath, prepared.filter, after, PAGE);
    for (const p of page) {
      const level = SKILL_LEVELS.find((l) => l.rank === p.skill_level);
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
        EDUCATIONS.find((e) => e.code === p.education)?.zh ?? p.education,
        EMPLOYMENT_STATUSES.find((e) => e.code === p.employment_status)?.zh ?? p.employment_status,
        level ? (zh ? level.zh : level.en) : '',
        isHighlySkilled(p.skill_level) ? yes : no,
      ]);
    }
    await out.drain();
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  await out.finish();
}
