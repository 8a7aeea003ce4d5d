// Turning a problem, a requirement or a decision into a task: choose the programme and goal, the lead
// unit (pre-filled) and the deadline; the task is created by the tasks module and linked both ways.
import { DatePicker, Form, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { FormModal } from '../../shared/form-modal';
import { OrgMultiSelect } from '../tasks/org-multi-select';
import { useProgramme } from '../tasks/tasks-queries';
import { isoOf, useProgrammeOptions } from '../tasks/use-task-options';
import { useFieldworkT } from './fieldwork-i18n';

export interface ToTaskValues {
  programmeId: string;
  goalId: string;
  orgId?: string;
  coUnitIds?: string[];
  dueDate: string;
}

interface FormValues {
  programmeId?: string;
  goalId?: string;
  orgId?: string[];
  coUnitIds?: string[];
  dueDate?: Dayjs;
}

export function ProgrammeGoalFields({ programmeId }: { programmeId?: string }) {
  const t = useFieldworkT();
  const programmes = useProgrammeOptions();
  const programme = useProgramme(programmeId ?? '', { enabled: !!programmeId });
  return (
    <>
      <Form.Item name="programmeId" label={t('f.programme')} rules={[{ required: true }]}>
        <Select options={programmes.map((p) => ({ value: p.id, label: p.title }))} />
      </Form.Item>
      <Form.Item name="goalId" label={t('f.goal')} rules={[{ required: true }]}>
        <Select options={(programme.data?.goals ?? []).map((g) => ({ value: g.id, label: g.title }))} />
      </Form.Item>
    </>
  );
}

export function ToTaskModal({
  title,
  lead,
  withOwner,
  onCancel,
  onSubmit,
}: {
  title: string;
  lead?: { id: string; name: string } | null;
  /** Ask for the lead unit (a requirement names none). */
  withOwner?: boolean;
  onCancel: () => void;
  onSubmit: (v: ToTaskValues) => Promise<void>;
}) {
  const t = useFieldworkT();
  const [form] = Form.useForm<FormValues>();
  const programmeId = Form.useWatch('programmeId', form);
  return (
    <FormModal<FormValues>
      title={title}
      open
      form={form}
      initialValues={{ orgId: lead ? [lead.id] : [] }}
      onCancel={onCancel}
      onSubmit={async (v) => {
        await onSubmit({
          programmeId: v.programmeId!,
          goalId: v.goalId!,
          orgId: v.orgId?.[0],
          coUnitIds: v.coUnitIds?.length ? v.coUnitIds : undefined,
          dueDate: isoOf(v.dueDate)!,
        });
      }}
    >
      <ProgrammeGoalFields programmeId={programmeId} />
      {(withOwner || lead) && (
        <Form.Item name="orgId" label={t('f.lead')} rules={[{ required: true }]}>
          <OrgMultiSelect initial={lead ? [lead] : []} />
        </Form.Item>
      )}
      <Form.Item name="coUnitIds" label={t('f.coUnits')}>
        <OrgMultiSelect />
      </Form.Item>
      <Form.Item name="dueDate" label={t('f.dueDate')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
