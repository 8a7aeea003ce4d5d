// Create or edit a programme (改革方案): title, period, owner federation, tags, first goals; and
// the tag settings of a federation (e.g. the four chains of 四链融合).
import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  ColorPicker,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { useErrorHandler } from '../../shared/use-error-handler';
import { readableColor } from '../../shared/readable-color';
import { OrgSelect } from '../orgs/org-select';
import { tasksApi, type ProgrammeDetail, type TagView } from './tasks-api';
import { useTasksT } from './tasks-i18n';
import { useTasksChanged } from './tasks-queries';
import { isoOf, useTags } from './use-task-options';

interface ProgrammeFormValues {
  orgId?: string;
  title: string;
  description?: string;
  periodStart: Dayjs;
  periodEnd: Dayjs;
  tagIds?: string[];
  goals?: { title: string }[];
}

export function TagSelect({
  tags,
  id,
  value,
  onChange,
}: {
  tags: TagView[];
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
}) {
  return (
    <Select
      id={id}
      mode="multiple"
      allowClear
      value={value}
      onChange={onChange}
      optionFilterProp="label"
      options={tags.map((t) => ({ value: t.id, label: t.name }))}
      tagRender={({ label, closable, onClose, value: v }) => {
        const tag = tags.find((x) => x.id === v);
        return (
          <Tag color={readableColor(tag?.color)} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
            {label}
          </Tag>
        );
      }}
    />
  );
}

export function ProgrammeFormModal({
  open,
  programme,
  onClose,
  onSaved,
}: {
  open: boolean;
  programme?: ProgrammeDetail;
  onClose: () => void;
  onSaved: (p: ProgrammeDetail) => void;
}) {
  const t = useTasksT();
  const { user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProgrammeFormValues>();
  const orgId = Form.useWatch('orgId', form) ?? programme?.orgId ?? user?.orgId;
  const tags = useTags(orgId);
  const tasksChanged = useTasksChanged();
  const editing = !!programme;

  const initialValues: Partial<ProgrammeFormValues> = programme
    ? {
        title: programme.title,
        description: programme.description,
        periodStart: dayjs(programme.periodStart),
        periodEnd: dayjs(programme.periodEnd),
        tagIds: programme.tags.map((x) => x.id),
      }
    : { orgId: user?.orgId, periodStart: dayjs().startOf('year'), periodEnd: dayjs().endOf('year'), goals: [{ title: '' }] };

  const submit = async (v: ProgrammeFormValues) => {
    const common = {
      title: v.title,
      description: v.description ?? '',
      periodStart: isoOf(v.periodStart)!,
      periodEnd: isoOf(v.periodEnd)!,
      tagIds: v.tagIds ?? [],
    };
    const saved = editing
      ? await tasksApi.updateProgramme(programme.id, common)
      : await tasksApi.createProgramme({
          ...common,
          orgId: v.orgId,
          goals: (v.goals ?? []).filter((g) => g?.title?.trim()).map((g) => ({ title: g.title.trim() })),
        });
    void message.success(t(editing ? 'programme.saved' : 'programme.created'));
    void tasksChanged();
    onSaved(saved);
  };

  return (
    <FormModal<ProgrammeFormValues>
      title={t(editing ? 'programme.edit' : 'programme.new')}
      open={open}
      form={form}
      initialValues={initialValues}
      onCancel={onClose}
      onSubmit={submit}
      width={680}
    >
      {!editing && (
        <Form.Item name="orgId" label={t('programme.owner')} extra={t('programme.owner.hint')}>
          <OrgSelect initial={user ? [{ id: user.orgId, name: user.orgName }] : []} />
        </Form.Item>
      )}
      <Form.Item
        name="title"
        label={t('programme.title')}
        rules={[{ required: true, whitespace: true, message: t('task.required', { field: t('programme.title') }) }, { max: 200 }]}
      >
        <Input autoFocus maxLength={200} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item
          name="periodStart"
          label={t('programme.start')}
          rules={[{ required: true, message: t('task.required', { field: t('programme.start') }) }]}
          style={{ flex: 1 }}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="periodEnd"
          label={t('programme.end')}
          rules={[{ required: true, message: t('task.required', { field: t('programme.end') }) }]}
          style={{ flex: 1 }}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="tagIds" label={t('programme.tags')}>
        <TagSelect tags={tags} />
      </Form.Item>
      <Form.Item name="description" label={t('programme.description')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      {!editing && (
        <Form.Item label={t('programme.goalsInitial')}>
          <Form.List name="goals">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap={8} align="center">
                    <Form.Item name={[f.name, 'title']} noStyle>
                      <Input aria-label={`${t('goal.title')} ${i + 1}`} placeholder={`${t('goal.title')} ${i + 1}`} maxLength={200} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label={t('task.target.remove')} onClick={() => remove(f.name)} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '' })} block>
                  {t('goal.add')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      )}
    </FormModal>
  );
}

export function GoalFormModal({
  open,
  programmeId,
  goal,
  onClose,
  onSaved,
}: {
  open: boolean;
  programmeId: string;
  goal?: { id: string; title: string; description: string; sortOrder: number };
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTasksT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; description?: string }>();
  const tasksChanged = useTasksChanged();
  return (
    <FormModal
      title={t(goal ? 'goal.edit' : 'goal.add')}
      open={open}
      form={form}
      initialValues={goal ? { title: goal.title, description: goal.description } : {}}
      onCancel={onClose}
      onSubmit={async (v) => {
        if (goal) await tasksApi.updateGoal(goal.id, { title: v.title, description: v.description ?? '' });
        else await tasksApi.addGoal(programmeId, { title: v.title, description: v.description ?? '' });
        void message.success(t('goal.saved'));
        void tasksChanged();
        onSaved();
      }}
    >
      <Form.Item
        name="title"
        label={t('goal.title')}
        rules={[{ required: true, whitespace: true, message: t('task.required', { field: t('goal.title') }) }]}
      >
        <Input autoFocus maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('goal.description')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}

const FOUR_CHAINS = {
  'zh-CN': ['产业链', '创新链', '人才链', '教育链'],
  'en-US': ['Industry chain', 'Innovation chain', 'Talent chain', 'Education chain'],
} as const;
const CHAIN_COLORS = ['#c8102e', '#1677ff', '#52c41a', '#fa8c16'];

/** The tags of the caller's federation: list, add, delete (with confirmation). */
export function TagsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTasksT();
  const { locale } = useI18n();
  const { can } = useSession();
  const onError = useErrorHandler();
  const { message } = App.useApp();
  const tags = useTags();
  const tasksChanged = useTasksChanged();
  const [name, setName] = useState('');
  const [color, setColor] = useState<string>('#1677ff');
  const [busy, setBusy] = useState(false);
  const writable = can('tasks.write');

  const add = async (names: string[], colors: string[]) => {
    setBusy(true);
    try {
      for (const [i, n] of names.entries()) {
        if (tags.some((x) => x.name === n)) continue;
        await tasksApi.createTag({ name: n, color: colors[i] ?? null });
      }
      setName('');
      await tasksChanged();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('tags.title')} open={open} onCancel={onClose} footer={<Button onClick={onClose}>{t('back')}</Button>} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('tags.hint')}</Typography.Paragraph>
      <List
        size="small"
        bordered
        dataSource={tags}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tags.none')} /> }}
        renderItem={(tag) => (
          <List.Item
            actions={
              writable
                ? [
                    <Popconfirm
                      key="del"
                      title={t('tags.deleteConfirm', { name: tag.name })}
                      okText={t('confirm')}
                      cancelText={t('cancel')}
                      onConfirm={() =>
                        tasksApi.deleteTag(tag.id).then(() => {
                          void message.success(t('tags.deleted'));
                          return tasksChanged();
                        }, onError)
                      }
                    >
                      <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={`${t('tags.delete')} ${tag.name}`} />
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Tag color={readableColor(tag.color)}>{tag.name}</Tag>
          </List.Item>
        )}
      />
      {writable && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              aria-label={t('tags.name')}
              placeholder={t('tags.name')}
              value={name}
              maxLength={30}
              onChange={(e) => setName(e.target.value)}
              onPressEnter={() => name.trim() && void add([name.trim()], [color])}
            />
            <ColorPicker value={color} onChange={(c) => setColor(c.toHexString())} disabledAlpha aria-label={t('tags.color')} />
            <Button type="primary" loading={busy} disabled={!name.trim()} onClick={() => void add([name.trim()], [color])}>
              {t('tags.add')}
            </Button>
          </Space.Compact>
          <Button type="link" style={{ padding: 0 }} disabled={busy} onClick={() => void add([...FOUR_CHAINS[locale]], CHAIN_COLORS)}>
            {t('tags.fourChains')}
          </Button>
        </Space>
      )}
    </Modal>
  );
}
