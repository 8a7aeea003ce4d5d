// The audit log in words, for people: what an entry is about by name (the person, task, organisation
// …) and what changed as a sentence in the reader's language — field names translated
// ({"fields":["idNumber","phone"]} → 查看内容：身份证号、手机号), periods as labels (2026年第3季度),
// codes as their labels, ids and internal bookkeeping left out. Never raw JSON.
//
// Names are resolved when the log is read, not stored when it is written: the entries already in the
// log (and those written by code that knows only an id) get names too, a renamed record shows its
// current name, the hash-chained entries stay exactly as written, and no personal name is copied
// into the append-only log. A record deleted since falls back to a name the entry itself carries
// (its before/after `name` or `title`), else to the entity type alone.
import { INNOVATION_CATEGORY_NAMES } from '../../../shared/innovation-categories.js';
import { periodLabel } from '../../../shared/periods.js';
import type { Locale } from '../../platform/i18n.js';

type Pair = readonly [zh: string, en: string];

const FIELD_LABELS: Record<string, Pair> = {
  name: ['名称', 'name'],
  title: ['标题', 'title'],
  idNumber: ['身份证号', 'ID number'],
  phone: ['手机号', 'phone'],
  fields: ['查看内容', 'viewed'],
  purpose: ['用途', 'purpose'],
  purposeNote: ['用途说明', 'purpose details'],
  period: ['报送期', 'period'],
  status: ['状态', 'status'],
  reason: ['原因', 'reason'],
  roles: ['角色', 'roles'],
  username: ['用户名', 'username'],
  displayName: ['显示名称', 'display name'],
  kind: ['类型', 'kind'],
  level: ['级别', 'level'],
  grade: ['级别', 'grade'],
  year: ['年份', 'year'],
  goals: ['目标', 'goals'],
  message: ['督办内容', 'message'],
  respondBy: ['回复期限', 'respond by'],
  response: ['回复内容', 'response'],
  narrative: ['进展情况', 'progress'],
  export: ['导出', 'export'],
  unmasked: ['完整号码', 'full numbers'],
  filter: ['筛选条件', 'filter'],
  people: ['职工人数', 'people'],
  skills: ['技能记录', 'skill records'],
  honours: ['荣誉记录', 'honour records'],
  demo: ['演示数据', 'demo data'],
  gender: ['性别', 'gender'],
  birthDate: ['出生日期', 'birth date'],
  unionMember: ['是否会员', 'union member'],
  unionJoinedOn: ['入会时间', 'date joined'],
  occupation: ['职业（工种）', 'occupation'],
  education: ['学历', 'education'],
  employmentStatus: ['在职状态', 'employment status'],
  skillLevel: ['技能等级', 'skill level'],
  highlySkilled: ['高技能人才', 'highly skilled'],
  honourKind: ['荣誉类型', 'honour'],
  honourGrade: ['荣誉级别', 'honour grade'],
  q: ['查询内容', 'search text'],
  uscc: ['统一社会信用代码', 'credit code'],
  unionName: ['工会名称', 'union name'],
  union_name: ['工会名称', 'union name'],
  regionCode: ['行政区划', 'region'],
  region_code: ['行政区划', 'region'],
  startDate: ['开始日期', 'start date'],
  dueDate: ['完成时限', 'due date'],
  cycle: ['报送周期', 'reporting cycle'],
  description: ['说明', 'description'],
  targets: ['目标指标', 'targets'],
  fileName: ['文件名', 'file name'],
  rows: ['行数', 'rows'],
  locale: ['语言', 'language'],
  sort: ['排序', 'sort order'],
  overdue: ['逾期', 'overdue'],
  mine: ['本单位任务', 'my tasks'],
  topLevel: ['仅顶层任务', 'top-level only'],
  certificateNo: ['证书编号', 'certificate number'],
  // news submissions (报送)
  outlet: ['报送媒体', 'outlet'],
  sentOn: ['报送日期', 'date sent'],
  outcome: ['采用情况', 'outcome'],
  adoptedOn: ['采用日期', 'date adopted'],
  placement: ['采用位置', 'placement'],
  note: ['备注', 'note'],
  // merging duplicate innovation items
  duplicate: ['合并的重复项', 'duplicate merged'],
  proposers: ['提出人', 'proposers'],
  patentsMoved: ['转入的专利数', 'patents moved'],
  selectionsMoved: ['转入的参评记录', 'selection entries moved'],
  selectionsCombined: ['合并为一条的参评记录', 'selection entries combined into one'],
  // worker self-registration
  registration: ['注册申请', 'registration'],
  // innovation items
  category: ['类别', 'category'],
  area: ['领域', 'area'],
  team: ['班组/团队', 'team'],
  ownDuties: ['本职工作范围', 'within own duties'],
  estimatedBenefitYuan: ['预计年效益（元）', 'estimated annual benefit (yuan)'],
  problem: ['存在问题', 'problem'],
  measures: ['改进措施', 'measures'],
  expectedBenefit: ['预期效益', 'expected benefit'],
  shareBp: ['份额', 'share'],
};

/** Codes whose words depend on the field they are in (e.g. 采用 of a news submission). */
const FIELD_VALUE_LABELS: Record<string, Record<string, Pair>> = {
  outcome: {
    pending: ['待反馈', 'awaiting reply'],
    adopted: ['已采用', 'adopted'],
    not_adopted: ['未采用', 'not adopted'],
  },
  category: INNOVATION_CATEGORY_NAMES,
  area: {
    production: ['生产', 'production'],
    quality: ['质量', 'quality'],
    equipment: ['设备', 'equipment'],
    process: ['工艺', 'process'],
    management: ['管理', 'management'],
    safety: ['安全', 'safety'],
    energy: ['节能', 'energy saving'],
  },
  registration: {
    pending: ['待企业工会确认', "awaiting the union's confirmation"],
    confirmed: ['已确认', 'confirmed'],
    rejected: ['未通过', 'rejected'],
  },
};

/** Bookkeeping and ids: named elsewhere in the entry (its entity and organisation), never shown as such. */
const HIDDEN = new Set([
  'id',
  'path',
  'depth',
  'name_key',
  'display_name_key',
  'created_at',
  'updated_at',
  'version',
  'revision',
  'parent_id',
  'password_hash',
  'requestId',
]);
const isIdKey = (k: string) => HIDDEN.has(k) || /(?:Id|_id|Ids)$/.test(k);

const VALUE_LABELS: Record<string, Pair> = {
  // reports and tasks
  draft: ['草稿', 'draft'],
  submitted: ['已报送', 'submitted'],
  accepted: ['已通过', 'accepted'],
  returned: ['已退回', 'returned'],
  not_started: ['未开始', 'not started'],
  on_track: ['正常推进', 'on track'],
  at_risk: ['预警', 'at risk'],
  overdue: ['逾期', 'overdue'],
  completed: ['已完成', 'completed'],
  prescribed: ['规定动作', 'prescribed'],
  optional: ['自选动作', 'optional'],
  monthly: ['每月', 'monthly'],
  quarterly: ['每季度', 'quarterly'],
  half_yearly: ['每半年', 'half-yearly'],
  // organisations
  active: ['正常', 'active'],
  archived: ['已归档', 'archived'],
  federation: ['总工会', 'federation'],
  industry_union: ['产业工会', 'industry union'],
  member_unit: ['成员单位', 'member unit'],
  enterprise: ['企业', 'enterprise'],
  national: ['全国', 'national'],
  province: ['省级', 'provincial'],
  provincial: ['省级', 'provincial'],
  city: ['市级', 'city'],
  county: ['县级', 'county'],
  grassroots: ['基层', 'grassroots'],
  // roles
  admin: ['系统管理员', 'administrator'],
  federation_staff: ['总工会工作人员', 'federation staff'],
  member_unit_liaison: ['成员单位联络员', 'member unit liaison'],
  enterprise_staff: ['企业工会工作人员', 'enterprise union staff'],
  viewer: ['只读用户', 'viewer'],
  // personal data
  verify_identity: ['核实身份', 'verifying identity'],
  handle_business: ['办理业务', 'handling a case'],
  data_check: ['数据核对', 'checking data'],
  other: ['其他', 'other'],
  // exports
  ledger: ['工作台账', 'task ledger'],
  dashboard: ['产改成果统计', 'dashboard'],
  // honours
  model_worker: ['劳动模范', 'model worker'],
  may_day_medal: ['五一劳动奖章', 'May Day Labour Medal'],
  craftsman: ['工匠称号', 'craftsman title'],
  technical_expert: ['技术能手', 'technical expert'],
  M: ['男', 'male'],
  F: ['女', 'female'],
};

const PERIOD = /^\d{4}-[MQH]\d{1,2}$|^once$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/;

const pick = (p: Pair, locale: Locale) => (locale === 'zh-CN' ? p[0] : p[1]);
const fieldLabel = (k: string, locale: Locale) => (FIELD_LABELS[k] ? pick(FIELD_LABELS[k], locale) : k);

function valueText(key: string, v: unknown, locale: Locale): string | undefined {
  const zh = locale === 'zh-CN';
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'boolean') return zh ? (v ? '是' : '否') : v ? 'yes' : 'no';
  // a proposer's share, stored in basis points (6000 = 60 %)
  if (typeof v === 'number') return key === 'shareBp' ? `${v / 100}%` : String(v);
  if (typeof v === 'string') {
    if (key === 'fields') return fieldLabel(v, locale);
    if (key === 'q' && v === '…') return zh ? '（已隐去）' : '(withheld)';
    const byField = FIELD_VALUE_LABELS[key]?.[v];
    if (byField) return pick(byField, locale);
    if (PERIOD.test(v)) return periodLabel(v, locale);
    if (UUID.test(v)) return undefined;
    const time = ISO_TIME.exec(v);
    if (time) return `${time[1]} ${time[2]}`;
    return VALUE_LABELS[v] ? pick(VALUE_LABELS[v], locale) : v;
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => valueText(key, x, locale)).filter((x): x is string => !!x);
    return parts.length ? parts.join(zh ? '、' : ', ') : undefined;
  }
  if (typeof v === 'object') {
    const inner = pairs(v as Record<string, unknown>, locale);
    return inner.length ? inner.join(zh ? '，' : ', ') : undefined;
  }
  return undefined;
}

function pairs(o: Record<string, unknown>, locale: Locale): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (isIdKey(k)) continue;
    const text = valueText(k, v, locale);
    if (text !== undefined) out.push(`${fieldLabel(k, locale)}${locale === 'zh-CN' ? '：' : ': '}${text}`);
  }
  return out;
}

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** What changed, in words: "状态：已报送 → 已通过；报送期：2026年第3季度". */
export function summarise(before: unknown, after: unknown, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const b = asObject(before) ?? {};
  const a = asObject(after) ?? {};
  const parts: string[] = [];
  const sep = zh ? '：' : ': ';
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (isIdKey(k)) continue;
    const was = valueText(k, b[k], locale);
    const now = valueText(k, a[k], locale);
    if (was === undefined && now === undefined) continue;
    if (was !== undefined && now !== undefined && was !== now) parts.push(`${fieldLabel(k, locale)}${sep}${was} → ${now}`);
    else parts.push(`${fieldLabel(k, locale)}${sep}${now ?? was}`);
  }
  return parts.join(zh ? '；' : '; ');
}

/** A name the entry itself carries (for a record deleted since). */
export function nameInEntry(before: unknown, after: unknown): string | undefined {
  for (const o of [asObject(after), asObject(before)]) {
    for (const k of ['name', 'title', 'displayName', 'fileName']) if (typeof o?.[k] === 'string' && o[k]) return o[k] as string;
  }
  return undefined;
}

/** "新增高技能人才（2026年第3季度）" for a report. */
export function entityLabel(found: { name: string; period?: string } | undefined, locale: Locale): string | undefined {
  if (!found) return undefined;
  if (!found.period || found.period === 'once') return found.name;
  const p = periodLabel(found.period, locale);
  return locale === 'zh-CN' ? `${found.name}（${p}）` : `${found.name} (${p})`;
}
