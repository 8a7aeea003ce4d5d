// The benefit sheet of an innovation item: the verified saving by its named formula, the award tier and
// the award split per proposer by their shares (computed by the server in exact decimals); union staff
// verify it (again) once the item is implemented.
import { App, Card, DatePicker, Descriptions, Empty, Form, Input, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { FormModal } from '../../shared/form-modal';
import { innovationApi, type ItemView } from './proposals-api';
import { useInnovationT } from './proposals-i18n';
import { useProposalsChanged } from './proposals-queries';

type Formula = 'labour_hour' | 'material';
type Proposer = ItemView['proposers'][number];
const TIERS = ['special', 'first', 'second', 'third'] as const;
const tierKey = (tier: string | null) => ((TIERS as readonly string[]).includes(tier ?? '') ? (tier as (typeof TIERS)[number]) : 'none');

export function BenefitCard({ item }: { item: ItemView }) {
  const t = useInnovationT();
  const b = item.benefit;
  return (
    <Card title={t('benefit.title')}>
      {b ? (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
            <Descriptions.Item label={t('benefit.formula')}>{t(`benefit.formula.${b.formula as Formula}`)}</Descriptions.Item>
            <Descriptions.Item label={t('benefit.periodStart')}>{b.periodStart}</Descriptions.Item>
            <Descriptions.Item label={t('benefit.saving')}>{b.savingYuan}</Descriptions.Item>
            <Descriptions.Item label={t('benefit.tier')}>{t(`tier.${tierKey(b.tier)}`)}</Descriptions.Item>
            <Descriptions.Item label={t('benefit.awardTotal')}>{b.awardYuan ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{t('benefit.split')}</Typography.Text>
          <Table<Proposer>
            rowKey="personId"
            size="small"
            pagination={false}
            dataSource={item.proposers}
            columns={[
              { title: t('benefit.proposer'), dataIndex: 'name' },
              { title: t('benefit.shareCol'), align: 'right', render: (_, p) => `${p.shareBp / 100}%` },
              { title: t('benefit.amount'), align: 'right', render: (_, p) => p.awardYuan ?? '—' },
            ]}
          />
        </Space>
      ) : (
        <Empty description={t('benefit.none')} />
      )}
    </Card>
  );
}

interface BenefitForm {
  formula: Formula;
  periodStart: Dayjs;
  oldValue: string;
  newValue: string;
  rate: string;
  output: string;
  inputs: string;
  award?: string;
}

export function BenefitModal({ item, onClose }: { item: ItemView; onClose: () => void }) {
  const t = useInnovationT();
  const [form] = Form.useForm<BenefitForm>();
  const changed = useProposalsChanged();
  const { message } = App.useApp();
  const formula: Formula = Form.useWatch('formula', form) ?? 'labour_hour';
  const prior = item.benefit;
  const number = (name: keyof BenefitForm, label: string) => (
    <Form.Item
      name={name}
      label={label}
      extra={t('benefit.decimalHint')}
      rules={[{ required: true, whitespace: true, message: t('required', { field: label }) }]}
    >
      <Input inputMode="decimal" style={{ width: 200 }} />
    </Form.Item>
  );
  return (
    <FormModal<BenefitForm>
      title={`${t('benefit.open')}：${item.title}`}
      open
      form={form}
      width={680}
      initialValues={{
        formula: (prior?.formula as Formula | undefined) ?? 'labour_hour',
        periodStart: dayjs(prior?.periodStart ?? item.implementedOn ?? undefined),
        ...(prior?.inputs as Partial<BenefitForm> | undefined),
        award: prior?.awardYuan ?? undefined,
      }}
      onCancel={onClose}
      onSubmit={async (v) => {
        const made = await innovationApi.benefit(item.id, {
          formula: v.formula,
          periodStart: v.periodStart.format('YYYY-MM-DD'),
          oldValue: v.oldValue,
          newValue: v.newValue,
          rate: v.rate,
          output: v.output,
          inputs: v.inputs,
          award: v.award?.trim() || null,
        });
        onClose();
        void message.success(t('benefit.done', { saving: made.benefit?.savingYuan ?? '' }));
        await changed();
      }}
    >
      <Space wrap>
        <Form.Item
          name="formula"
          label={t('benefit.formula')}
          rules={[{ required: true, message: t('required', { field: t('benefit.formula') }) }]}
        >
          <Select
            style={{ width: 200 }}
            options={(['labour_hour', 'material'] as const).map((f) => ({ value: f, label: t(`benefit.formula.${f}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="periodStart"
          label={t('benefit.periodStart')}
          rules={[{ required: true, message: t('required', { field: t('benefit.periodStart') }) }]}
        >
          <DatePicker />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        {number('oldValue', t(`benefit.oldValue.${formula}`))}
        {number('newValue', t(`benefit.newValue.${formula}`))}
      </Space>
      <Space wrap align="start">
        {number('rate', t(`benefit.rate.${formula}`))}
        {number('output', t('benefit.output'))}
      </Space>
      <Space wrap align="start">
        {number('inputs', t('benefit.inputs'))}
        <Form.Item name="award" label={t('benefit.award')}>
          <Input inputMode="decimal" style={{ width: 200 }} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}
