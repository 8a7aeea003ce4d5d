// A new innovation proposal (a draft): its organisation (a worker's is their enterprise; staff pick one
// of their subtree), what it is, the proposers of that organisation's registry with their contribution
// shares in % (stored as basis points, summing to 100 %), and the studio or team it came from.
import { useQuery } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, Select, Space, Spin } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { useDebouncedValue } from '../../shared/use-debounced-value';
import { innovationApi as studiosApi } from '../innovation/innovation-api';
import { OwnOrgSelect } from '../innovation/pickers';
import { innovationApi, type ItemView } from './proposals-api';
import { useInnovationT } from './proposals-i18n';
import { useProposalsChanged } from './proposals-queries';
import { percentToBp, ProposerSharesList } from './proposer-shares';

export const CATEGORIES = [
  'rationalisation',
  'small_invention',
  'small_creation',
  'small_innovation',
  'small_design',
  'small_suggestion',
  'technical_innovation',
  'advanced_method',
  'patent',
] as const satisfies readonly ItemView['category'][];
export const AREAS = [
  'production',
  'quality',
  'equipment',
  'process',
  'management',
  'safety',
  'energy',
] as const satisfies readonly ItemView['area'][];

interface ProposalForm {
  orgId: string;
  title: string;
  category: ItemView['category'];
  area: ItemView['area'];
  problem?: string;
  measures?: string;
  expectedBenefit?: string;
  estimatedBenefitYuan?: string;
  ownDuties: boolean;
  proposers: { personId?: string; share?: string }[];
  studioId?: string;
  team?: string;
}

/**
 * A person of the organisation's registry by name (a worker: of their enterprise), searched once typing
 * pauses; `known` names the people already chosen (a pre-filled list shows names, never ids).
 */
export function ProposerSelect({
  id,
  value,
  onChange,
  orgId,
  known = [],
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  orgId?: string;
  known?: { value: string; label: string }[];
}) {
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 300);
  const search = useQuery({
    queryKey: ['proposals', 'proposers', orgId ?? '', q],
    queryFn: () => innovationApi.proposers(q, orgId),
    enabled: q.length > 0,
  });
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: (typed) => typed.trim() && setText(typed) }}
      notFoundContent={search.isFetching ? <Spin size="small" /> : null}
      options={[
        ...known.filter((k) => !search.data?.items.some((p) => p.id === k.value)),
        ...(search.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.orgName}` })),
      ]}
      style={{ width: '100%' }}
    />
  );
}

export function CreateProposalModal({ onClose }: { onClose: () => void }) {
  const t = useInnovationT();
  const { user } = useSession();
  const isWorker = !!user?.roles.includes('worker');
  const [form] = Form.useForm<ProposalForm>();
  const changed = useProposalsChanged();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const orgId = Form.useWatch('orgId', form) ?? (isWorker ? user?.orgId : undefined);
  const studios = useQuery({
    queryKey: ['proposals', 'studios', orgId ?? ''],
    queryFn: () => studiosApi.studios({ orgId, status: 'active', sort: 'name', page: 1, pageSize: 100 }),
    enabled: !!orgId,
  });
  const req = (field: string) => [{ required: true, message: t('required', { field }) }];
  return (
    <FormModal<ProposalForm>
      title={t('create.title')}
      open
      form={form}
      width={720}
      initialValues={{
        orgId: isWorker ? user?.orgId : undefined,
        ownDuties: false,
        proposers: [{ personId: undefined, share: '100' }],
      }}
      onCancel={onClose}
      onSubmit={async (v) => {
        const made = await innovationApi.create({
          // A worker has no organisation field: theirs is their enterprise.
          orgId: isWorker ? (user?.orgId ?? '') : v.orgId,
          title: v.title,
          category: v.category,
          area: v.area,
          problem: v.problem?.trim() || null,
          measures: v.measures?.trim() || null,
          expectedBenefit: v.expectedBenefit?.trim() || null,
          estimatedBenefitYuan: v.estimatedBenefitYuan?.trim() || null,
          ownDuties: v.ownDuties,
          studioId: v.studioId ?? null,
          team: v.team?.trim() || null,
          proposers: v.proposers.map((p) => ({ personId: p.personId!, shareBp: percentToBp(p.share!) })),
        });
        onClose();
        void message.success(t('create.created', { number: made.number }));
        await changed();
        navigate(`/proposals/${made.id}`);
      }}
    >
      {!isWorker && (
        <Form.Item name="orgId" label={t('create.org')} rules={req(t('create.org'))}>
          <OwnOrgSelect />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('create.name')} rules={req(t('create.name'))}>
        <Input maxLength={200} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="category" label={t('create.category')} rules={req(t('create.category'))}>
          <Select style={{ width: 220 }} options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="area" label={t('create.area')} rules={req(t('create.area'))}>
          <Select style={{ width: 160 }} options={AREAS.map((a) => ({ value: a, label: t(`area.${a}`) }))} />
        </Form.Item>
      </Space>
      <Form.Item name="problem" label={t('create.problem')}>
        <Input.TextArea maxLength={4000} rows={2} />
      </Form.Item>
      <Form.Item name="measures" label={t('create.measures')}>
        <Input.TextArea maxLength={4000} rows={2} />
      </Form.Item>
      <Form.Item name="expectedBenefit" label={t('create.expected')}>
        <Input.TextArea maxLength={2000} rows={2} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="estimatedBenefitYuan" label={t('create.estimated')} extra={t('create.estimatedHint')}>
          <Input inputMode="decimal" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="ownDuties" valuePropName="checked" label=" ">
          <Checkbox>{t('create.ownDuties')}</Checkbox>
        </Form.Item>
      </Space>
      <ProposerSharesList select={<ProposerSelect orgId={orgId} />} />
      <Space wrap>
        <Form.Item name="studioId" label={t('create.studio')}>
          <Select
            allowClear
            style={{ width: 300 }}
            loading={studios.isFetching}
            notFoundContent={t('create.noStudio')}
            options={(studios.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="team" label={t('create.team')}>
          <Input maxLength={100} style={{ width: 240 }} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}
