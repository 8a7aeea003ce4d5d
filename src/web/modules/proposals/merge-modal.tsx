// Merging a duplicate into the item on the page (a reviewer's destructive action): the duplicate found
// by number or title within the user's reach, the kept item's proposers from now on (pre-filled with
// both items' proposers, each item weighing half), a reason, and a confirmation. The server's rules
// and errors land on the fields (proposals.service.ts mergeItems).
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, Select, Spin } from 'antd';
import { useState } from 'react';
import { FormModal } from '../../shared/form-modal';
import { useDebouncedValue } from '../../shared/use-debounced-value';
import { ProposerSelect } from './create-proposal-modal';
import { innovationApi, type ItemView } from './proposals-api';
import { useInnovationT } from './proposals-i18n';
import { useProposalsChanged } from './proposals-queries';
import { percentToBp, ProposerSharesList } from './proposer-shares';

interface MergeForm {
  duplicateId: string;
  proposers: { personId?: string; share?: string }[];
  reason: string;
  confirm: boolean;
}

/** 3333 → "33.33", 5000 → "50". */
const bpToPercent = (bp: number) => `${Math.floor(bp / 100)}${bp % 100 ? `.${String(bp % 100).padStart(2, '0')}` : ''}`;

/** Both lists' people, each item weighing half (rounding down; what is left over goes to the first). */
function unionShares(a: ItemView['proposers'], b: ItemView['proposers']) {
  const bp = new Map<string, number>();
  for (const p of [...a, ...b]) bp.set(p.personId, (bp.get(p.personId) ?? 0) + p.shareBp);
  const rows = [...bp].map(([personId, twice]) => ({ personId, bp: Math.floor(twice / 2) }));
  const rest = 10_000 - rows.reduce((s, r) => s + r.bp, 0);
  if (rows[0]) rows[0].bp += rest;
  return rows.map((r) => ({ personId: r.personId, share: bpToPercent(r.bp) }));
}

/** An item of the user's reach by number or title, searched once typing pauses (merged ones and this item left out). */
function DuplicateSelect({ id, value, onChange, keptId }: { id?: string; value?: string; onChange?: (v: string) => void; keptId: string }) {
  const t = useInnovationT();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 300);
  const search = useQuery({
    queryKey: ['proposals', 'duplicates', q],
    queryFn: () => innovationApi.list({ q, page: 1, pageSize: 20 }),
    enabled: q.length > 0,
  });
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: (typed) => typed.trim() && setText(typed) }}
      notFoundContent={search.isFetching ? <Spin size="small" /> : q ? t('merge.noMatch') : null}
      options={(search.data?.items ?? [])
        .filter((i) => i.id !== keptId)
        .map((i) => ({ value: i.id, label: `${i.number} ${i.title}（${t(`status.${i.status}`)}）` }))}
      style={{ width: '100%' }}
    />
  );
}

export function MergeModal({ item, onClose }: { item: ItemView; onClose: () => void }) {
  const t = useInnovationT();
  const [form] = Form.useForm<MergeForm>();
  const changed = useProposalsChanged();
  const { message } = App.useApp();
  const [known, setKnown] = useState(() => item.proposers.map((p) => ({ value: p.personId, label: p.name })));
  const req = (field: string) => [{ required: true, whitespace: true, message: t('required', { field }) }];

  const pickDuplicate = async (duplicateId: string) => {
    const dup = await innovationApi.item(duplicateId);
    setKnown((k) => [
      ...k,
      ...dup.proposers.filter((p) => !k.some((x) => x.value === p.personId)).map((p) => ({ value: p.personId, label: p.name })),
    ]);
    form.setFieldValue('proposers', unionShares(item.proposers, dup.proposers));
  };

  return (
    <FormModal<MergeForm>
      title={t('merge.title', { number: item.number, title: item.title })}
      open
      form={form}
      width={720}
      okText={t('merge.ok')}
      danger
      initialValues={{
        proposers: item.proposers.map((p) => ({ personId: p.personId, share: bpToPercent(p.shareBp) })),
        confirm: false,
      }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.merge(item.id, {
          duplicateId: v.duplicateId,
          proposers: v.proposers.map((p) => ({ personId: p.personId!, shareBp: percentToBp(p.share!) })),
          reason: v.reason.trim(),
        });
        onClose();
        void message.success(t('merge.done', { number: `CX${v.duplicateId.padStart(6, '0')}` }));
        await changed();
      }}
    >
      <Alert type="warning" showIcon message={t('merge.effect')} style={{ marginBottom: 16 }} />
      <Form.Item name="duplicateId" label={t('merge.duplicate')} extra={t('merge.duplicateHint')} rules={req(t('merge.duplicate'))}>
        <DuplicateSelect keptId={item.id} onChange={(v) => void pickDuplicate(v)} />
      </Form.Item>
      <ProposerSharesList select={<ProposerSelect known={known} />} hint={t('merge.proposersHint')} />
      <Form.Item name="reason" label={t('merge.reason')} rules={req(t('merge.reason'))}>
        <Input.TextArea maxLength={2000} rows={3} />
      </Form.Item>
      <Form.Item
        name="confirm"
        valuePropName="checked"
        rules={[
          {
            validator: async (_, checked: boolean) => {
              if (!checked) throw new Error(t('merge.confirmRequired'));
            },
          },
        ]}
      >
        <Checkbox>{t('merge.confirm')}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}
