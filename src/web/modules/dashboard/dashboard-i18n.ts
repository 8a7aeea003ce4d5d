// The dashboard's strings, its i18next namespace `dashboard` (zh-CN default, en-US; ICU messages).
import { useNamespaceT } from '../../i18n';
import { defineNamespace } from '../../i18next';

const zh = {
  title: '产改成果',
  org: '统计范围',
  export: '导出下级单位统计',
  generatedAt: '数据截至 {time}（随每次录入实时更新）',
  archived: '已撤销',
  workers: '职工人数',
  unionMembers: '工会会员',
  unionMembershipRate: '入会率',
  enterprises: '企业数',
  unionCoverage: '企业建会率',
  enterprisesWithUnion: '已建会 {n} 家',
  highlySkilled: '高技能人才',
  highlySkilledShare: '高技能人才占比',
  shareOfWorkers: '占职工 {pct}',
  modelWorkers: '劳动模范',
  modelWorkersDetail: '全国 {national} · 省级 {provincial} · 市级 {city}',
  mayDayMedals: '五一劳动奖章',
  craftsmen: '工匠',
  technicalExperts: '技术能手 {n}',
  tasks: '改革任务',
  taskCompletionRate: '任务完成率',
  tasksOverdue: '逾期',
  tasksDetail: '已完成 {completed} · 推进中 {onTrack} · 有风险 {atRisk} · 逾期 {overdue} · 未开始 {notStarted}',
  notYet: '创新工作室、师带徒、合理化建议：模块上线后显示',
  trend: '近 12 个月走势',
  trendHint: '月末人数；改革任务为累计完成数',
  ranking: '下级单位排名',
  rankBy: '排名指标',
  breakdown: '下级单位统计',
  unit: '单位',
  own: '{name}（本级）',
  total: '合计',
  count: '共 {total} 个下级单位',
  noChildren: '没有下级单位',
  noData: '暂无统计数据：录入职工、荣誉和改革任务后自动汇总',
  drillHint: '点击单位查看其下级',
} as const;

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Reform results',
  org: 'Scope',
  export: 'Export units breakdown',
  generatedAt: 'As of {time} (updated with every entry)',
  archived: 'Archived',
  workers: 'Workers',
  unionMembers: 'Union members',
  unionMembershipRate: 'Membership rate',
  enterprises: 'Enterprises',
  unionCoverage: 'Union coverage',
  enterprisesWithUnion: '{n} with a union',
  highlySkilled: 'Highly skilled',
  highlySkilledShare: 'Highly skilled share',
  shareOfWorkers: '{pct} of workers',
  modelWorkers: 'Model workers',
  modelWorkersDetail: 'National {national} · provincial {provincial} · city {city}',
  mayDayMedals: 'May Day Labour Medals',
  craftsmen: 'Craftsmen',
  technicalExperts: 'Technical experts {n}',
  tasks: 'Reform tasks',
  taskCompletionRate: 'Completion rate',
  tasksOverdue: 'Overdue',
  tasksDetail: 'Completed {completed} · on track {onTrack} · at risk {atRisk} · overdue {overdue} · not started {notStarted}',
  notYet: 'Innovation studios, mentorships and proposals: shown once their modules are live',
  trend: 'Last 12 months',
  trendHint: 'Month-end figures; tasks are completed to date',
  ranking: 'Units ranked',
  rankBy: 'Rank by',
  breakdown: 'Units below',
  unit: 'Unit',
  own: '{name} (own)',
  total: 'Total',
  count: '{total, plural, one {# unit} other {# units}} below',
  noChildren: 'No units below',
  noData: 'No figures yet: they add up as workers, honours and reform tasks are entered',
  drillHint: 'Click a unit to see the units below it',
};

defineNamespace('dashboard', zh, en);

export type DashboardKey = Key;

export function useDashboardT() {
  return useNamespaceT<Key>('dashboard');
}
