// Add or edit a task: kind, title, description, goal, lead unit, co-units, tags, dates, reporting
// cycle and the measurable targets (a dynamic list of metric, unit and target value).
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Flex, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { OrgSelect } from '../orgs/org-select';
import { useAffiliatedOffer } from '../industry/industry-queries';
import { OrgMultiSelect } from './org-multi-select';
import { TagSelect } from './programme-form';
import {
  REPORT_CYCLES,
  TASK_KINDS,
  tasksApi,
  type GoalView,
  type ProgrammeDetail,
  type ReportCycle,
  type TaskDetail,
  type TaskKind,
} from './tasks-api';
import { useTasksT } from './tasks-i18n';
import { useTasksChanged } from './tasks-queries';
import { isoOf, useTags } from './use-task-options';
import { showConflict } from './conflict';

interface TaskFormValues {
  kind: TaskKind;
  goalId: string;
  title: string;
  description?: string;
  orgId: string;
  coUnitIds?: string[];
  tagIds?: string[];
  startDate: Dayjs;
  dueDate: Dayjs;
  cycle: ReportCycle;
  targets?: { id?: string; metric: string; unit: string; targetValue: number }[];
}

interface Props {
  open: boolean;
  programme: Pick<ProgrammeDetail, 'id' | 'periodStart' | 'periodEnd' | 'permissions'> & { goals: GoalView[] };
  /** Preselected goal for a new task. */
  goalId?: string;
  task?: TaskDetail;
  onClose: () => void;
  onSaved: (task: TaskDetail) => void;
}

export function TaskFormModal({ open, programme, goalId, task, onClose, onSaved }: Props) {
  const t = useTasksT();
  const { user } = useSession();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<TaskFormValues>();
  const tags = useTags();
  const tasksChanged = useTasksChanged();
  const editing = !!task;
  // An industry union's own task names its affiliated enterprises as co-units (offered before typing).
  const offer = useAffiliatedOffer(!task || task.orgId === user?.orgId);
  const required = (field: string) => [{ required: true, message: t('task.required', { field }) }];

  const initialValues: Partial<TaskFormValues> = task
    ? {
        kind: task.kind,
        goalId: task.goalId,
        title: task.title,
        description: task.description,
        orgId: task.orgId,
        coUnitIds: task.coUnits.map((c) => c.id),
        tagIds: task.tags.map((x) => x.id),
        startDate: dayjs(task.startDate),
        dueDate: dayjs(task.dueDate),
        cycle: task.cycle,
        targets: task.targets.map((x) => ({ id: x.id, metric: x.metric, unit: x.unit, targetValue: x.targetValue })),
      }
    : {
        kind: programme.permissions.canEdit ? 'prescribed' : 'optional',
        goalId: goalId ?? programme.goals[0]?.id,
        orgId: user?.orgId,
        startDate: dayjs(programme.periodStart),
        dueDate: dayjs(programme.periodEnd),
        cycle: 'quarterly',
        targets: [],
      };

  const submit = async (v: TaskFormValues) => {
    const targets = (v.targets ?? []).map((x) => ({
      ...(x.id ? { id: x.id } : {}),
      metric: x.metric.trim(),
      unit: x.unit.trim(),
      targetValue: Number(x.targetValue),
    }));
    const common = {
      title: v.title.trim(),
      description: v.description ?? '',
      goalId: v.goalId,
      coUnitIds: v.coUnitIds ?? [],
      tagIds: v.tagIds ?? [],
      startDate: isoOf(v.startDate)!,
      dueDate: isoOf(v.dueDate)!,
      cycle: v.cycle,
    };
    if (editing) {
      try {
        onSaved(await tasksApi.update(task.id, { ...common, targets, version: task.version }));
        void message.success(t('task.saved'));
        void tasksChanged();
      } catch (err) {
        // Someone saved the task since it was opened: say what changed, then show the latest.
        // Reloading closes the form (the typed text goes), then refetches the task page's queries.
        if (
          !showConflict(modal, err, t('conflict.reload'), async () => {
            onSaved(await tasksApi.get(task.id));
            await tasksChanged();
          })
        )
          throw err;
      }
      return;
    }
    const saved = await tasksApi.create({
      ...common,
      programmeId: programme.id,
      kind: v.kind,
      orgId: v.orgId,
      targets: targets.map(({ metric, unit, targetValue }) => ({ metric, unit, targetValue })),
    });
    void message.success(t('task.created'));
    void tasksChanged();
    onSaved(saved);
  };

  return (
    <FormModal<TaskFormValues>
      title={t(editing ? 'task.edit' : 'task.new')}
      open={open}
      form={form}
      initialValues={initialValues}
      onCancel={onClose}
      onSubmit={submit}
      width={760}
    >
      <Flex gap={12}>
        <Form.Item name="kind" label={t('task.kind')} rules={required(t('task.kind'))}>
          <Radio.Group disabled={editing} options={TASK_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} optionType="button" />
        </Form.Item>
        <Form.Item name="goalId" label={t('task.goal')} rules={required(t('task.goal'))} style={{ flex: 1 }}>
          <Select options={programme.goals.map((g) => ({ value: g.id, label: g.title }))} />
        </Form.Item>
      </Flex>
      <Form.Item
        name="title"
        label={t('task.title')}
        rules={[...required(t('task.title')), { whitespace: true, message: t('task.required', { field: t('task.title') }) }]}
      >
        <Input autoFocus maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('task.description')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="orgId" label={t('task.lead')} rules={required(t('task.lead'))} style={{ flex: 1 }}>
          <OrgSelect initial={task ? [{ id: task.orgId, name: task.orgName }] : user ? [{ id: user.orgId, name: user.orgName }] : []} />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t('task.coUnits')} style={{ flex: 1 }}>
          <OrgMultiSelect initial={task?.coUnits ?? []} offer={offer} placeholder={t('task.coUnitsHint')} />
        </Form.Item>
      </Flex>
      <Flex gap={12}>
        <Form.Item name="startDate" label={t('task.start')} rules={required(t('task.start'))} style={{ flex: 1 }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('task.due')} rules={required(t('task.due'))} style={{ flex: 1 }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="cycle" label={t('task.cycle')} rules={required(t('task.cycle'))} style={{ flex: 1 }}>
          <Select options={REPORT_CYCLES.map((c) => ({ value: c, label: t(`cycle.${c}`) }))} />
        </Form.Item>
      </Flex>
      <Form.Item name="tagIds" label={t('task.tags')}>
        <TagSelect tags={tags} />
      </Form.Item>
      <Form.Item label={t('task.targets')} required={false}>
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => {
                const existing = !!form.getFieldValue(['targets', f.name, 'id']);
                return (
                  <Flex key={f.key} gap={8} align="flex-start">
                    {/* Registered so the id is submitted: an existing target is updated, not added again. */}
                    <Form.Item name={[f.name, 'id']} hidden noStyle>
                      <Input type="hidden" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'metric']} rules={required(t('task.target.metric'))} style={{ flex: 3, marginBottom: 0 }}>
                      <Input aria-label={`${t('task.target.metric')} ${i + 1}`} placeholder={t('task.target.metric')} maxLength={100} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'targetValue']} rules={required(t('task.target.value'))} style={{ flex: 2, marginBottom: 0 }}>
                      <InputNumber
                        aria-label={`${t('task.target.value')} ${i + 1}`}
                        placeholder={t('task.target.value')}
                        min={0}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'unit']} rules={required(t('task.target.unit'))} style={{ flex: 1, marginBottom: 0 }}>
                      <Input aria-label={`${t('task.target.unit')} ${i + 1}`} placeholder={t('task.target.unit')} maxLength={20} />
                    </Form.Item>
                    {!existing && (
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={`${t('task.target.remove')} ${i + 1}`}
                        onClick={() => remove(f.name)}
                      />
                    )}
                  </Flex>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ metric: '', unit: '', targetValue: undefined })} block>
                {t('task.target.add')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
    </FormModal>
  );
}
