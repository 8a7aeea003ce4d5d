// zh-CN / en-US labels and reasons of the reform-task module, added to the platform's dictionaries.
import { addMessages } from '../../platform/i18n.js';
import type { TaskKind, TaskStatus } from './tasks.schemas.js';

const m = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

export const TASK_KIND_LABELS: Record<TaskKind, { 'zh-CN': string; 'en-US': string }> = {
  prescribed: m('规定动作', 'Prescribed'),
  optional: m('自选动作', 'Optional'),
};

export const TASK_STATUS_LABELS: Record<TaskStatus, { 'zh-CN': string; 'en-US': string }> = {
  not_started: m('未开始', 'Not started'),
  on_track: m('正常推进', 'On track'),
  at_risk: m('预警', 'At risk'),
  overdue: m('逾期', 'Overdue'),
  completed: m('已完成', 'Completed'),
};

addMessages({
  fieldLabels: {
    programmeId: m('改革方案', 'programme'),
    goalId: m('目标', 'goal'),
    periodStart: m('起始日期', 'period start'),
    periodEnd: m('截止日期', 'period end'),
    tagIds: m('标签', 'tags'),
    coUnitIds: m('配合单位', 'co-units'),
    startDate: m('开始日期', 'start date'),
    dueDate: m('完成时限', 'due date'),
    cycle: m('报送周期', 'reporting cycle'),
    targets: m('目标指标', 'targets'),
    metric: m('指标名称', 'metric'),
    unit: m('计量单位', 'unit'),
    targetValue: m('目标值', 'target value'),
    targetId: m('目标指标', 'target'),
    value: m('完成值', 'value'),
    values: m('指标完成值', 'metric values'),
    units: m('分解单位', 'units'),
    period: m('报送期次', 'period'),
    narrative: m('进展情况', 'narrative'),
    reason: m('退回原因', 'reason'),
    message: m('督办内容', 'message'),
    respondBy: m('回复期限', 'respond-by date'),
    response: m('回复内容', 'response'),
    description: m('说明', 'description'),
    sortOrder: m('排序', 'order'),
    color: m('颜色', 'colour'),
    version: m('版本', 'version'),
    revision: m('版本', 'revision'),
  },
  fieldReasons: {
    programme_owner_not_federation: m('必须是工会联合会（方案和标签由联合会制定）', 'must be a federation (federations own programmes and tags)'),
    end_before_start: m('不能早于开始日期', 'cannot be before the start date'),
    unknown_tag: m('不是本级或上级联合会设置的标签', 'is not a tag of this federation or one above'),
    unknown_goal: m('不是该方案中的目标', 'is not a goal of this programme'),
    programme_archived: m('方案已归档', 'is archived'),
    optional_only: m('下级单位只能在上级方案下添加自选动作', 'must be optional: a lower level adds only optional tasks under a programme from above'),
    unknown_org: m('不是本单位及下级中的组织', 'is not an organisation in your subtree'),
    org_archived: m('已归档', 'is archived'),
    not_below_lead: m('必须是牵头单位的下级单位', 'must be a unit below the lead unit'),
    duplicate_unit: m('中有重复的单位', 'names a unit twice'),
    already_assigned: m('已分解给该单位', 'already has a child task for this unit'),
    unknown_target: m('不是该任务的目标指标', 'is not a target of this task'),
    duplicate_target: m('重复填写', 'is given twice'),
    after_parent_due: m('不能晚于上级任务的完成时限', 'cannot be after the parent task\'s due date'),
    unknown_period: m('不是该任务报送周期内的期次（如 2026-M03、2026-Q1、2026-H1、once）', 'is not a reporting period of this task (e.g. 2026-M03, 2026-Q1, 2026-H1, once)'),
    report_exists: m('的进展报告已存在，请打开后修改', 'already has a report; open it instead'),
    task_completed: m('：任务已完成，无需督办', ': the task is already completed'),
    in_the_past: m('不能早于今天', 'cannot be in the past'),
    unsafe_file_name: m('包含路径分隔符、“..”或控制字符，不是安全的文件名', 'contains path separators, ".." or control characters'),
    // Reasons of file_rejected (whole phrases).
    empty: m('文件为空（0 字节）', 'the file is empty (0 bytes)'),
    too_large: m('文件超过大小上限', 'the file is larger than the limit'),
    executable: m('可执行文件或脚本不能作为附件上传（不论扩展名）', 'executables and scripts cannot be attached, whatever their extension'),
    type_not_allowed: m('只接受 PDF、PNG、JPEG、Word（.docx）、Excel（.xlsx）、文本和 CSV 文件', 'only PDF, PNG, JPEG, Word (.docx), Excel (.xlsx), text and CSV files are accepted'),
    type_mismatch: m('文件内容与扩展名不符', 'the content does not match the file extension'),
    too_many_files: m('每份报告最多 30 个附件', 'a report holds at most 30 attachments'),
    // Optimistic locking (409 conflict): what changed since the caller read the record.
    stale_version: m('已过期：您打开后已有人修改（您读取的是第 {read} 版，当前为第 {current} 版），请刷新后再改', 'is out of date: someone changed the record after you opened it (you read {read}, it is now {current}); reload and edit again'),
    changed_meanwhile: m('已被他人修改', 'was changed by someone else meanwhile'),
  },
  entityNames: {
    programme: m('改革方案', 'Programme'),
    goal: m('目标', 'Goal'),
    task: m('任务', 'Task'),
    task_tag: m('标签', 'Tag'),
    report: m('进展报告', 'Progress report'),
    attachment: m('附件', 'Attachment'),
    supervision: m('督办', 'Supervision notice'),
  },
});
