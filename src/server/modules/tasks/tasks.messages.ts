// zh-CN / en-US messages of the reform-task module (namespace `tasks`); see platform/i18n.ts for the keys.
// One namespace for programmes, goals, tags, tasks, reports and supervision: a field is the task's
// (`label.body.title` 任务名称) unless the route names its group of labels (config `labels`):
// `programme`, `goal` or `tag` routes read `label.programme.body.title` 方案名称 and so on.
import { defineMessages, type Locale, type Pair } from '../../platform/i18n.js';
import type { TaskKind, TaskStatus } from './tasks.schemas.js';

const KINDS: Record<TaskKind, Pair> = {
  prescribed: ['规定动作', 'Prescribed'],
  optional: ['自选动作', 'Optional'],
};
const STATUSES: Record<TaskStatus, Pair> = {
  not_started: ['未开始', 'Not started'],
  on_track: ['正常推进', 'On track'],
  at_risk: ['预警', 'At risk'],
  overdue: ['逾期', 'Overdue'],
  completed: ['已完成', 'Completed'],
};

const byLocale = <K extends string>(pairs: Record<K, Pair>) =>
  Object.fromEntries(Object.entries<Pair>(pairs).map(([k, [zh, en]]) => [k, { 'zh-CN': zh, 'en-US': en }])) as Record<
    K,
    Record<Locale, string>
  >;

/** For the ledger export's cells. */
export const TASK_KIND_LABELS = byLocale(KINDS);
export const TASK_STATUS_LABELS = byLocale(STATUSES);

export const tasksMessages = defineMessages('tasks', {
  'label.body.programmeId': ['改革方案', 'programme'],
  'label.body.goalId': ['目标', 'goal'],
  'label.body.goals': ['目标', 'goals'],
  'label.body.goals.title': ['目标标题', 'goal title'],
  'label.body.goals.description': ['目标说明', 'goal description'],
  'label.body.title': ['任务名称', 'task title'],
  'label.body.description': ['任务说明', 'task description'],
  'label.body.kind': ['任务类型', 'task type'],
  'label.body.orgId': ['牵头单位', 'lead unit'],
  'label.programme.body.title': ['方案名称', 'programme title'],
  'label.programme.body.description': ['方案说明', 'programme description'],
  'label.programme.body.orgId': ['制定单位', 'owning federation'],
  'label.programme.body.status': ['方案状态', 'programme status'],
  'label.programme.body.periodStart': ['起始日期', 'start of the period'],
  'label.programme.body.periodEnd': ['截止日期', 'end of the period'],
  'label.goal.body.title': ['目标名称', 'goal title'],
  'label.goal.body.description': ['目标说明', 'goal description'],
  'label.goal.body.sortOrder': ['排序', 'order'],
  'label.tag.body.name': ['标签名称', 'tag name'],
  'label.tag.body.orgId': ['所属联合会', 'federation'],
  'label.tag.body.color': ['颜色', 'colour'],
  'label.body.tagIds': ['标签', 'tags'],
  'label.body.coUnitIds': ['配合单位', 'co-units'],
  'label.body.startDate': ['开始日期', 'start date'],
  'label.body.dueDate': ['完成时限', 'due date'],
  'label.body.cycle': ['报送周期', 'reporting cycle'],
  'label.body.targets': ['目标指标', 'targets'],
  'label.body.targets.id': ['目标指标', 'target'],
  'label.body.targets.metric': ['指标名称', 'metric'],
  'label.body.targets.unit': ['计量单位', 'unit'],
  'label.body.targets.targetValue': ['目标值', 'target value'],
  'label.body.units': ['分解单位', 'units'],
  'label.body.units.orgId': ['分解单位', 'unit'],
  'label.body.units.title': ['任务名称', 'task title'],
  'label.body.units.dueDate': ['完成时限', 'due date'],
  'label.body.units.targets': ['分解指标', 'targets'],
  'label.body.units.targets.targetId': ['目标指标', 'target'],
  'label.body.units.targets.value': ['分解值', 'value'],
  'label.body.period': ['报送期次', 'reporting period'],
  'label.body.version': ['版本', 'version'],
  'label.body.revision': ['版本', 'revision'],
  'reason.stale_version': [
    '{label}已过期：您打开后已有人修改（您读取的是第 {read} 版，当前为第 {current} 版），请刷新后再改',
    'The {label} is out of date: someone changed the record after you opened it (you read {read}, it is now {current}); reload and edit again',
  ],
  'label.body.narrative': ['进展情况', 'progress narrative'],
  'label.body.values': ['指标完成值', 'metric values'],
  'label.body.values.targetId': ['目标指标', 'target'],
  'label.body.values.value': ['完成值', 'value'],
  'label.body.reason': ['退回原因', 'reason for returning'],
  'label.body.message': ['督办内容', 'supervision notice'],
  'label.body.respondBy': ['回复期限', 'respond-by date'],
  'label.body.response': ['回复内容', 'response'],
  'label.params.id': ['编号', 'id'],
  'label.query.fileName': ['文件名', 'file name'],
  'label.query.programmeId': ['改革方案', 'programme'],
  'label.query.goalId': ['目标', 'goal'],
  'label.query.kind': ['任务类型', 'task type'],
  'label.query.status': ['状态', 'status'],
  'label.query.orgId': ['单位', 'organisation'],
  'label.query.tagId': ['标签', 'tag'],
  'label.query.taskId': ['任务', 'task'],
  'label.query.parentId': ['上级任务', 'parent task'],
  'label.query.period': ['报送期次', 'reporting period'],
  'label.query.mine': ['本单位的任务', 'my tasks'],
  'label.query.overdue': ['仅逾期', 'overdue only'],
  'label.query.topLevel': ['仅顶层任务', 'top-level only'],
  'label.query.q': ['查询内容', 'search text'],

  'reason.programme_owner_not_federation': [
    '{label}必须是工会联合会或产业工会（方案和标签由联合会、产业工会制定）',
    'The {label} must be a federation or an industry union (they own programmes and tags)',
  ],
  'reason.end_before_start': ['{label}不能早于开始日期', 'The {label} cannot be before the start date'],
  'reason.unknown_tag': [
    '{label}不是本级或上级联合会设置的标签',
    'The {label} include one that is not a tag of this federation or one above',
  ],
  'reason.unknown_goal': ['{label}不是该方案中的目标', 'The {label} is not a goal of this programme'],
  'reason.programme_archived': ['{label}已归档', 'The {label} is archived'],
  'reason.optional_only': ['下级单位只能在上级方案下添加自选动作', 'A lower level adds only optional tasks under a programme from above'],
  'reason.unknown_org': ['{label}不是本单位及下级中的组织', 'The {label} is not an organisation in your subtree'],
  'reason.org_archived': ['{label}已归档', 'The {label} is archived'],
  'reason.not_below_lead': ['{label}必须是牵头单位的下级单位', 'The {label} must be below the lead unit'],
  'reason.duplicate_unit': ['{label}中有重复的单位', 'The {label} name a unit twice'],
  'reason.already_assigned': ['{label}已有分解给它的任务', 'The {label} already has a child task'],
  'reason.unknown_target': ['{label}不是该任务的目标指标', 'The {label} is not a target of this task'],
  'reason.duplicate_target': ['{label}重复填写', 'The {label} is given twice'],
  'reason.after_parent_due': ['{label}不能晚于上级任务的完成时限', "The {label} cannot be after the parent task's due date"],
  'reason.unknown_period': [
    '{label}不是该任务报送周期内的期次（如 2026-M03、2026-Q1、2026-H1、once）',
    'The {label} is not a reporting period of this task (e.g. 2026-M03, 2026-Q1, 2026-H1, once)',
  ],
  'reason.report_exists': ['该{label}的进展报告已存在，请打开后修改', 'This {label} already has a report; open it instead'],
  'reason.task_completed': ['任务已完成，无需督办', 'The task is already completed'],
  'reason.in_the_past': ['{label}不能早于今天', 'The {label} cannot be in the past'],
  'reason.unsafe_file_name': [
    '{label}包含路径分隔符、“..”或控制字符，不是安全的文件名',
    'The {label} contains path separators, ".." or control characters',
  ],
  'reason.title_exists': ['{label}已存在', 'This {label} already exists'],

  'file.too_many_files': ['每份报告最多 30 个附件', 'a report holds at most 30 attachments'],

  'entity.programme': ['改革方案', 'Programme'],
  'entity.goal': ['目标', 'Goal'],
  'entity.task': ['任务', 'Task'],
  'entity.task_tag': ['标签', 'Tag'],
  'entity.report': ['进展报告', 'Progress report'],
  'entity.attachment': ['附件', 'Attachment'],
  'entity.supervision': ['督办', 'Supervision notice'],
});
