// Forms of the person page: edit the worker's details, record a skill certificate, record an honour.
// Server field errors land on the fields (FormModal); each form answers with the updated person.
import { App, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { ApiError } from '../../api';
import { FormModal } from '../../shared/form-modal';
import { isStaleWrite, StaleWriteAlert } from '../../shared/stale-write-alert';
import { peopleApi, type PersonDetail } from './people-api';
import { usePeopleT, useRefLabel } from './people-i18n';
import { useCraftsmanTitles } from './people-queries';
import { usePeopleMeta } from './use-people-meta';

const isoOf = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const blank = (v: string | undefined | null) => (v?.trim() ? v.trim() : null);

interface Props {
  person: PersonDetail;
  open: boolean;
  onClose: () => void;
  onSaved: (p: PersonDetail) => void;
}

interface EditValues {
  name: string;
  phone?: string;
  clearPhone?: boolean;
  unionMember: boolean;
  unionJoinedOn?: Dayjs | null;
  occupation?: string;
  education?: string | null;
  employmentStatus: string;
}

const valuesOf = (p: PersonDetail): EditValues => ({
  name: p.name,
  unionMember: p.unionMember,
  unionJoinedOn: p.unionJoinedOn ? dayjs(p.unionJoinedOn) : null,
  occupation: p.occupation ?? '',
  education: p.education,
  employmentStatus: p.employmentStatus,
});

export function EditPersonModal({ person, open, onClose, onSaved }: Props) {
  const t = usePeopleT();
  const ref = useRefLabel();
  const meta = usePeopleMeta();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const clearPhone = Form.useWatch('clearPhone', form);
  // The record as read: its version goes with the edit, so a change made meanwhile is not overwritten.
  const [base, setBase] = useState(person);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const labels: Record<string, string> = {
    name: t('col.name'),
    phone: t('col.phone'),
    unionMember: t('col.member'),
    unionJoinedOn: t('col.joinedOn'),
    occupation: t('col.occupation'),
    education: t('col.education'),
    employmentStatus: t('col.employment'),
  };
  const reload = async () => {
    const fresh = await peopleApi.get(person.id);
    setBase(fresh);
    form.resetFields();
    form.setFieldsValue(valuesOf(fresh));
    setConflict(null);
  };
  const submit = async (v: EditValues) => {
    try {
      await save(v);
    } catch (err) {
      if (!isStaleWrite(err)) throw err;
      setConflict(err);
    }
  };
  const save = async (v: EditValues) => {
    await peopleApi.update(person.id, {
      version: base.version,
      name: v.name,
      ...(v.clearPhone ? { phone: null } : blank(v.phone) ? { phone: blank(v.phone) } : {}),
      unionMember: v.unionMember,
      unionJoinedOn: isoOf(v.unionJoinedOn),
      occupation: blank(v.occupation),
      education: v.education ?? null,
      employmentStatus: v.employmentStatus,
    });
    // the edit answers the record alone; the page shows it with its history
    const saved = await peopleApi.get(person.id);
    void message.success(t('edit.saved'));
    onSaved(saved);
  };
  return (
    <FormModal<EditValues>
      title={t('edit.title')}
      open={open}
      form={form}
      onCancel={onClose}
      onSubmit={submit}
      width={640}
      initialValues={valuesOf(person)}
    >
      {conflict && <StaleWriteAlert error={conflict} labelOf={(f) => labels[f]} onReload={() => void reload()} />}
      <Flex gap={12}>
        <Form.Item
          name="name"
          label={t('col.name')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('col.name') }) }]}
          style={{ flex: 1 }}
        >
          <Input autoFocus maxLength={50} />
        </Form.Item>
        <Form.Item name="phone" label={t('col.phone')} extra={t('edit.phoneHint')} style={{ flex: 1 }}>
          <Input placeholder={base.phoneMasked ?? ''} maxLength={30} disabled={!!clearPhone} />
        </Form.Item>
      </Flex>
      {base.phoneMasked && (
        <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -8 }}>
          <Checkbox>{t('edit.clearPhone')}</Checkbox>
        </Form.Item>
      )}
      <Flex gap={12}>
        <Form.Item name="unionMember" label={t('col.member')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="unionJoinedOn" label={t('col.joinedOn')} style={{ flex: 1 }}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="employmentStatus" label={t('col.employment')} style={{ flex: 1 }}>
          <Select options={(meta?.employmentStatuses ?? []).map((e) => ({ value: e.code, label: ref(e) }))} />
        </Form.Item>
      </Flex>
      <Flex gap={12}>
        <Form.Item name="occupation" label={t('col.occupation')} style={{ flex: 1 }}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="education" label={t('col.education')} style={{ flex: 1 }}>
          <Select allowClear options={(meta?.educations ?? []).map((e) => ({ value: e.code, label: ref(e) }))} />
        </Form.Item>
      </Flex>
    </FormModal>
  );
}

interface SkillValues {
  level: string;
  certificateNo?: string;
  issuer?: string;
  certifiedOn?: Dayjs | null;
}

export function AddSkillModal({ person, open, onClose, onSaved }: Props) {
  const t = usePeopleT();
  const ref = useRefLabel();
  const meta = usePeopleMeta();
  const { message } = App.useApp();
  const [form] = Form.useForm<SkillValues>();
  const submit = async (v: SkillValues) => {
    const saved = await peopleApi.addSkill(person.id, {
      level: v.level,
      certificateNo: blank(v.certificateNo),
      issuer: blank(v.issuer),
      certifiedOn: isoOf(v.certifiedOn),
    });
    void message.success(t('skill.added'));
    onSaved(saved);
  };
  return (
    <FormModal<SkillValues> title={t('skill.add')} open={open} form={form} onCancel={onClose} onSubmit={submit}>
      <Form.Item name="level" label={t('col.skill')} rules={[{ required: true, message: t('required', { field: t('col.skill') }) }]}>
        <Select autoFocus options={(meta?.skillLevels ?? []).map((l) => ({ value: l.code, label: ref(l) }))} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="certificateNo" label={t('skill.certificateNo')} style={{ flex: 1 }}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="certifiedOn" label={t('skill.certifiedOn')} style={{ flex: 1 }}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Flex>
      <Form.Item name="issuer" label={t('skill.issuer')}>
        <Input maxLength={100} />
      </Form.Item>
    </FormModal>
  );
}

interface HonourValues {
  kind: string;
  grade?: string;
  title?: string;
  year?: number | null;
  awardingBody?: string;
}

export function AddHonourModal({ person, open, onClose, onSaved }: Props) {
  const t = usePeopleT();
  const ref = useRefLabel();
  const meta = usePeopleMeta();
  const { message } = App.useApp();
  const [form] = Form.useForm<HonourValues>();
  const kind = Form.useWatch('kind', form);
  const { data: titles } = useCraftsmanTitles(person.orgId, open);
  const grades = meta?.honourKinds.find((k) => k.code === kind)?.grades ?? [];
  const submit = async (v: HonourValues) => {
    const saved = await peopleApi.addHonour(person.id, {
      kind: v.kind,
      grade: grades.length ? (v.grade ?? null) : null,
      title: v.kind === 'craftsman' ? (v.title ?? null) : null,
      year: v.year ?? null,
      awardingBody: blank(v.awardingBody),
    });
    void message.success(t('honour.added'));
    onSaved(saved);
  };
  return (
    <FormModal<HonourValues> title={t('honour.add')} open={open} form={form} onCancel={onClose} onSubmit={submit}>
      <Flex gap={12}>
        <Form.Item
          name="kind"
          label={t('honour.kind')}
          rules={[{ required: true, message: t('required', { field: t('honour.kind') }) }]}
          style={{ flex: 1 }}
        >
          <Select
            autoFocus
            options={(meta?.honourKinds ?? []).map((k) => ({ value: k.code, label: ref(k) }))}
            onChange={() => form.setFieldsValue({ grade: undefined, title: undefined })}
          />
        </Form.Item>
        {grades.length > 0 && (
          <Form.Item
            name="grade"
            label={t('honour.grade')}
            rules={[{ required: true, message: t('required', { field: t('honour.grade') }) }]}
            style={{ flex: 1 }}
          >
            <Select
              options={grades.map((g) => ({
                value: g,
                label: ref(
                  meta?.honourGrades.find((x) => x.code === g),
                  g,
                ),
              }))}
            />
          </Form.Item>
        )}
        {kind === 'craftsman' && (
          <Form.Item
            name="title"
            label={t('honour.title')}
            rules={[{ required: true, message: t('required', { field: t('honour.title') }) }]}
            style={{ flex: 1 }}
            extra={titles && titles.length === 0 ? t('honour.noTitles') : undefined}
          >
            <Select options={(titles ?? []).map((x) => ({ value: x.name, label: `${x.name}（${x.orgName}）` }))} />
          </Form.Item>
        )}
      </Flex>
      <Flex gap={12}>
        <Form.Item name="year" label={t('honour.year')} style={{ width: 140 }}>
          <InputNumber min={1950} max={new Date().getFullYear()} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="awardingBody" label={t('honour.body')} style={{ flex: 1 }}>
          <Input maxLength={100} />
        </Form.Item>
      </Flex>
    </FormModal>
  );
}
