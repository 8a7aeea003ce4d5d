// Create a child organisation, or edit one.
import { Form, Input, Select } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { FormModal } from '../../shared/form-modal';
import { isStaleWrite, StaleWriteAlert } from '../../shared/stale-write-alert';
import {
  childLevel,
  ORG_KINDS,
  ORG_LEVELS,
  orgsApi,
  regionChain,
  type CreateOrgInput,
  type OrgKind,
  type OrgLevel,
  type OrgView,
} from './orgs-api';
import { RegionCascader } from './region-cascader';
import { divisionOptions, useIndustryT } from '../industry/industry-i18n';

interface Values {
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  regionCode?: string[];
  uscc?: string;
  unionName?: string;
  industryCode?: string;
}

const blankToNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);
const lastCode = (chain: string[] | undefined) => (chain?.length ? chain[chain.length - 1]! : null);

function defaultKind(parent: OrgView): OrgKind {
  if (parent.level === 'county' || parent.level === 'grassroots') return 'enterprise';
  return parent.kind === 'member_unit' ? 'member_unit' : 'federation';
}

type Mode = { mode: 'create'; parent: OrgView } | { mode: 'edit'; org: OrgView };

export function OrgFormModal(props: Mode & { open: boolean; onClose: () => void; onSaved: (org: OrgView) => void }) {
  const { t, label, locale } = useI18n();
  const ti = useIndustryT();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  // The organisation as read: its version goes with the edit, so a change made meanwhile is not overwritten.
  const [editing, setEditing] = useState(props.mode === 'edit' ? props.org : null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const valuesOf = (o: OrgView): Partial<Values> => ({
    name: o.name,
    kind: o.kind,
    level: o.level,
    regionCode: o.regionCode ? regionChain(o.regionCode) : undefined,
    uscc: o.uscc ?? undefined,
    unionName: o.unionName ?? undefined,
    industryCode: o.industryCode ?? undefined,
  });
  const labels: Record<string, string> = {
    name: t('org.name'),
    level: t('org.level'),
    regionCode: t('org.region'),
    uscc: t('org.uscc'),
    unionName: t('org.unionName'),
    industryCode: ti('industry'),
    status: t('org.status'),
    parentId: t('org.parent'),
  };
  const reload = async () => {
    if (!editing) return;
    const fresh = await orgsApi.get(editing.id);
    setEditing(fresh);
    form.resetFields();
    form.setFieldsValue(valuesOf(fresh));
    setConflict(null);
  };

  const initialValues: Partial<Values> = editing
    ? valuesOf(editing)
    : props.mode === 'create'
      ? {
          kind: defaultKind(props.parent),
          level: childLevel(props.parent.level),
          regionCode: props.parent.regionCode ? regionChain(props.parent.regionCode) : undefined,
        }
      : {};

  const onSubmit = async (v: Values) => {
    const common = {
      name: v.name.trim(),
      level: v.level,
      regionCode: lastCode(v.regionCode),
      uscc: blankToNull(v.uscc),
      unionName: blankToNull(v.unionName),
      ...(isEnterprise && { industryCode: (v.industryCode ?? null) as CreateOrgInput['industryCode'] }),
    };
    try {
      const saved =
        props.mode === 'edit'
          ? await orgsApi.update(props.org.id, { ...common, version: editing!.version })
          : await orgsApi.create({ ...common, parentId: props.parent.id, kind: v.kind });
      props.onSaved(saved);
    } catch (err) {
      if (!isStaleWrite(err)) throw err;
      setConflict(err);
    }
  };

  const title = props.mode === 'edit' ? t('org.editTitle', { name: props.org.name }) : t('org.createTitle', { parent: props.parent.name });
  const isEnterprise = (editing?.kind ?? kind) === 'enterprise';

  return (
    <FormModal<Values>
      title={title}
      open={props.open}
      form={form}
      initialValues={initialValues}
      onCancel={props.onClose}
      onSubmit={onSubmit}
    >
      {conflict && <StaleWriteAlert error={conflict} labelOf={(f) => labels[f]} onReload={() => void reload()} />}
      <Form.Item
        label={t('org.name')}
        name="name"
        rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }, { max: 100 }]}
      >
        <Input autoFocus maxLength={100} />
      </Form.Item>
      <Form.Item label={t('org.kind')} name="kind" rules={[{ required: true }]}>
        <Select disabled={props.mode === 'edit'} options={ORG_KINDS.map((k) => ({ value: k, label: label('kind', k) }))} />
      </Form.Item>
      <Form.Item label={t('org.level')} name="level" rules={[{ required: true }]}>
        <Select options={ORG_LEVELS.map((l) => ({ value: l, label: label('level', l) }))} />
      </Form.Item>
      <Form.Item label={t('org.region')} name="regionCode">
        <RegionCascader />
      </Form.Item>
      <Form.Item
        label={t('org.uscc')}
        name="uscc"
        extra={t('org.usccHint')}
        rules={[
          { required: isEnterprise, message: t('org.usccRequired') },
          { pattern: /^\s*[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}\s*$/i, message: t('org.usccInvalid') },
        ]}
      >
        <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
      </Form.Item>
      <Form.Item label={t('org.unionName')} name="unionName" rules={[{ max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      {isEnterprise && (
        <Form.Item label={ti('industry')} name="industryCode">
          <Select showSearch={{ optionFilterProp: 'label' }} allowClear options={divisionOptions(locale)} />
        </Form.Item>
      )}
    </FormModal>
  );
}
