// The columns of a studio list and of a pair list: the fields, the header words other programs and
// earlier ledgers use for them (normalised like the roster's, see people/imports.mapping.ts), and the
// naming levels as ledgers write them.
import type { HeaderVocabulary } from '../people/imports.mapping.js';

const STUDIO_FIELDS = [
  'name',
  'category',
  'enterprise',
  'leaderIdNumber',
  'leaderName',
  'foundedOn',
  'venueAddress',
  'venueArea',
  'industryChain',
  'namingLevel',
  'namingDocNo',
  'namedOn',
  'plaqueNo',
  'grant',
] as const;
export type StudioField = (typeof STUDIO_FIELDS)[number];

const PAIR_FIELDS = [
  'agreementNo',
  'enterprise',
  'masterIdNumber',
  'masterName',
  'apprenticeIdNumber',
  'apprenticeName',
  'trade',
  'targetLevel',
  'startOn',
  'endOn',
  'allowance',
] as const;
export type PairField = (typeof PAIR_FIELDS)[number];

/** Every field of either list (the API's column guesses and mappings name these). */
export const SHEET_FIELDS = [...new Set([...STUDIO_FIELDS, ...PAIR_FIELDS])] as unknown as readonly [
  StudioField | PairField,
  ...(StudioField | PairField)[],
];

const STUDIO_WORDS: Record<StudioField, string[]> = {
  name: ['工作室名称', '名称', '创新工作室名称', '工作室', 'studio', 'name'],
  category: ['类别', '工作室类别', '类型', '工作室类型', 'category'],
  enterprise: ['所属企业', '所属单位', '依托单位', '单位名称', '企业名称', '单位', '统一社会信用代码', 'enterprise'],
  leaderIdNumber: ['领衔人身份证号', '领衔人身份证号码', '领办人身份证号', '身份证号', '身份证号码', 'leaderidnumber'],
  leaderName: ['领衔人', '领衔人姓名', '领办人', '负责人', '负责人姓名', 'leader', 'leadername'],
  foundedOn: ['成立日期', '成立时间', '创建时间', '创建日期', 'foundedon'],
  venueAddress: ['场地地址', '地址', '所在地址', '办公地址', 'venueaddress'],
  venueArea: ['场地面积', '面积', '场地面积(平方米)', '面积(平方米)', '场地面积(㎡)', '面积(㎡)', '面积(m2)', 'venuearea'],
  industryChain: ['产业链', '所属产业链', 'industrychain'],
  namingLevel: ['命名级别', '级别', '命名层级', 'naminglevel'],
  namingDocNo: ['命名文号', '命名文件', '文号', 'namingdocno'],
  namedOn: ['命名日期', '命名时间', 'namedon'],
  plaqueNo: ['牌匾编号', '授牌编号', 'plaqueno'],
  grant: ['补助资金', '补助资金(元)', '补助金额', '补助金额(元)', '资助金额(元)', 'grant'],
};

const PAIR_WORDS: Record<PairField, string[]> = {
  agreementNo: ['协议编号', '合同编号', '编号', 'agreementno'],
  enterprise: ['所属企业', '所属单位', '单位名称', '企业名称', '单位', '统一社会信用代码', 'enterprise'],
  masterIdNumber: ['师傅身份证号', '师傅身份证号码', '导师身份证号', 'masteridnumber'],
  masterName: ['师傅', '师傅姓名', '导师', '导师姓名', 'master', 'mastername'],
  apprenticeIdNumber: ['徒弟身份证号', '徒弟身份证号码', '学徒身份证号', 'apprenticeidnumber'],
  apprenticeName: ['徒弟', '徒弟姓名', '学徒', '学徒姓名', 'apprentice', 'apprenticename'],
  trade: ['工种', '传授技艺', '职业(工种)', '专业', 'trade'],
  targetLevel: ['目标等级', '目标技能等级', '培养目标', '目标', 'targetlevel'],
  startOn: ['开始日期', '起始日期', '开始时间', '带徒开始日期', 'starton'],
  endOn: ['结束日期', '截止日期', '结束时间', '带徒结束日期', 'endon'],
  allowance: ['月津贴', '带徒津贴', '月带徒津贴', '月带徒津贴(元)', '带徒津贴(元)', '津贴(元)', 'allowance'],
};

export const STUDIO_VOCABULARY: HeaderVocabulary = { words: STUDIO_WORDS, anchors: ['name', 'leaderName', 'leaderIdNumber'] };
export const PAIR_VOCABULARY: HeaderVocabulary = { words: PAIR_WORDS, anchors: ['masterName', 'masterIdNumber', 'apprenticeName'] };
export const STUDIO_REQUIRED: readonly StudioField[] = ['name', 'category', 'enterprise', 'foundedOn'];
export const PAIR_REQUIRED: readonly PairField[] = ['enterprise', 'trade', 'targetLevel', 'startOn', 'endOn'];

/** The template's headers: the first word of each field. */
export const templateHeaders = (kind: 'studios' | 'pairs') =>
  kind === 'studios' ? STUDIO_FIELDS.map((f) => STUDIO_WORDS[f][0]!) : PAIR_FIELDS.map((f) => PAIR_WORDS[f][0]!);

/** A naming level as ledgers write it (国家级, 省级, 市级, 县级/区级, 企业级/基层), or undefined. */
export function parseNamingLevel(raw: string): 'national' | 'province' | 'city' | 'county' | 'grassroots' | undefined {
  const t = raw.normalize('NFKC').replace(/\s/g, '').toLowerCase();
  if (!t) return undefined;
  if (/^(国家|全国|national)/.test(t)) return 'national';
  if (/^(省|province)/.test(t)) return 'province';
  if (/^(市|地市|city)/.test(t)) return 'city';
  if (/^(县|区|county)/.test(t)) return 'county';
  if (/^(企业|基层|grassroots|enterprise)/.test(t)) return 'grassroots';
  return undefined;
}
