// The industry chain's strings, its i18next namespace `industry` (zh-CN default, en-US; ICU messages).
import { useNamespaceT } from '../../i18n';
import { defineNamespace } from '../../i18next';
import { findDivision, INDUSTRY_SECTIONS } from '../../../shared/industries';

const zh = {
  title: '产业工会',
  myIndustry: '本行业统计',
  myIndustryHint: '本产业工会所属企业的职工、会员、技能人才、荣誉和任务合计（随每次录入实时更新）',
  openDashboard: '查看本行业统计',
  enterprises: '所属企业',
  mapping: '行业与产业工会对应',
  mappingHint: '企业按行业分类（{vintage}）提出隶属的产业工会；由全国总工会设置',
  division: '行业大类',
  unions: '产业工会',
  editMapping: '设置',
  saveMapping: '保存',
  mappingSaved: '已保存对应关系',
  noMapping: '尚未设置对应的产业工会',
  enterprise: '企业',
  territorial: '属地',
  industry: '行业分类',
  status: '状态',
  since: '隶属起始',
  until: '隶属终止',
  source: '来源',
  'status.proposed': '待确认',
  'status.active': '已隶属',
  'status.ended': '已终止',
  'status.declined': '已拒绝',
  'source.industry_code': '按行业分类提出',
  'source.territorial': '属地工会设置',
  'source.industry_union': '产业工会设置',
  confirm: '确认隶属',
  decline: '拒绝',
  end: '终止隶属',
  endConfirm: '确认终止该企业与{union}的隶属关系？其统计数将从本行业移出。',
  declineConfirm: '确认拒绝该隶属提议？',
  done: '已处理',
  search: '按企业名称查询',
  allOpen: '已隶属和待确认',
  count: '共 {total} 家企业',
  empty: '暂无所属企业',
  emptyHint: '本单位不是产业工会，或尚无企业隶属于本单位',
  chains: '两条组织链',
  territorialChain: '属地组织',
  industryChain: '产业工会',
  noIndustryUnion: '尚未隶属产业工会',
  industryReach: '通过产业工会查看：只读，由属地工会维护',
  affiliations: '产业工会隶属',
  history: '隶属记录',
  propose: '按行业分类提出隶属',
  proposed: '已按行业分类提出隶属，待产业工会确认',
  setUnion: '设置隶属',
  pickUnion: '选择产业工会',
  set: '设置',
  notClassified: '未分类',
  bySection: '按行业门类',
  section: '门类',
  actions: '操作',
  industryFigures: '本产业工会统计：所属企业的合计，下表按地区分列（点击省、市、县逐级查看，直至所属企业）',
  industryOther: '其他（不在以上地区）',
  noSections: '本范围内的企业尚未填写行业分类',
  workersLabel: '职工人数',
  membersLabel: '工会会员',
  enterprisesLabel: '企业数',
  highlySkilledLabel: '高技能人才',
} as const;

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Industry unions',
  myIndustry: 'My industry',
  myIndustryHint: "Workers, members, skills, honours and tasks of this union's affiliated enterprises (updated with every entry)",
  openDashboard: 'Open my industry figures',
  enterprises: 'Affiliated enterprises',
  mapping: 'Industries and unions',
  mappingHint: 'Enterprises are proposed to industry unions by their industry ({vintage}); set at the national level',
  division: 'Industry division',
  unions: 'Industry unions',
  editMapping: 'Set',
  saveMapping: 'Save',
  mappingSaved: 'Mapping saved',
  noMapping: 'No industry union set yet',
  enterprise: 'Enterprise',
  territorial: 'Territorial chain',
  industry: 'Industry',
  status: 'Status',
  since: 'Affiliated since',
  until: 'Ended on',
  source: 'Source',
  'status.proposed': 'Proposed',
  'status.active': 'Affiliated',
  'status.ended': 'Ended',
  'status.declined': 'Declined',
  'source.industry_code': 'Proposed from the industry',
  'source.territorial': 'Set by the territorial union',
  'source.industry_union': 'Set by the industry union',
  confirm: 'Confirm',
  decline: 'Decline',
  end: 'End affiliation',
  endConfirm: "End this enterprise's affiliation to {union}? Its figures leave the industry's totals.",
  declineConfirm: 'Decline this proposed affiliation?',
  done: 'Done',
  search: 'Search by enterprise name',
  allOpen: 'Affiliated and proposed',
  count: '{total, plural, one {# enterprise} other {# enterprises}}',
  empty: 'No affiliated enterprises',
  emptyHint: 'Your organisation is not an industry union, or no enterprise is affiliated to it yet',
  chains: 'Both chains',
  territorialChain: 'Territorial chain',
  industryChain: 'Industry unions',
  noIndustryUnion: 'Not affiliated to an industry union',
  industryReach: 'Seen through your industry union: read-only, kept by the territorial union',
  affiliations: 'Industry union affiliation',
  history: 'Affiliation history',
  propose: 'Propose from the industry',
  proposed: 'Affiliations proposed from the industry, awaiting the unions',
  setUnion: 'Set affiliation',
  pickUnion: 'Choose an industry union',
  set: 'Set',
  notClassified: 'Not classified',
  bySection: 'By industry section',
  section: 'Section',
  actions: 'Actions',
  industryFigures:
    "This industry union's figures: the sum over its affiliated enterprises, by territory below (click a province, then a city, a county, down to the enterprises)",
  industryOther: 'Other (outside the units above)',
  noSections: 'No enterprise in this scope has an industry classification yet',
  workersLabel: 'Workers',
  membersLabel: 'Union members',
  enterprisesLabel: 'Enterprises',
  highlySkilledLabel: 'Highly skilled',
};

defineNamespace('industry', zh, en);

export function useIndustryT() {
  return useNamespaceT<Key>('industry');
}

/** "38 电气机械和器材制造业" in the reader's language; null for none. */
export function divisionLabel(code: string | null | undefined, locale: string): string | null {
  const d = findDivision(code);
  return d ? `${d.code} ${locale === 'en-US' ? d.en : d.zh}` : null;
}

/** "C 制造业" in the reader's language; the unclassified label for none. */
export function sectionLabel(code: string | null, locale: string): string | null {
  const s = INDUSTRY_SECTIONS.find((x) => x.code === code);
  return s ? `${s.code} ${locale === 'en-US' ? s.en : s.zh}` : null;
}

/** The divisions grouped by section, as Select options. */
export function divisionOptions(locale: string) {
  return INDUSTRY_SECTIONS.map((s) => ({
    label: `${s.code} ${locale === 'en-US' ? s.en : s.zh}`,
    title: s.code,
    options: Array.from({ length: s.to - s.from + 1 }, (_, i) => String(s.from + i).padStart(2, '0')).map((code) => ({
      value: code,
      label: divisionLabel(code, locale)!,
    })),
  }));
}
