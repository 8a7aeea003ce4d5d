// Upward selections: the list of the caller's own selections (it reviews them) and of those of the
// organisations above (it recommends into them from an item's page); open a selection; one selection's
// entries with their review (score, rank, selected / not selected with a reason) and award records.
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Radio, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { OwnOrgSelect } from '../innovation/pickers';
import { innovationApi, type EntryView, type SelectionView } from './proposals-api';
import { useInnovationT } from './proposals-i18n';
import { useProposalsChanged, useSelection, useSelectionEntries, useSelections } from './proposals-queries';
import { EntriesCard } from './item-page';

const KINDS = ['top_ten', 'five_smalls', 'advanced_method', 'other'] as const;

function StateTag({ s }: { s: SelectionView }) {
  const t = useInnovationT();
  return <Tag color={s.open ? 'green' : 'default'}>{t(s.open ? 'selection.open' : 'selection.closed')}</Tag>;
}

export function SelectionsPage() {
  const t = useInnovationT();
  const { data, error, isLoading, refetch } = useSelections();
  const [creating, setCreating] = useState(false);
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  return (
    <>
      <PageHeader
        title={t('selections.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('selections.new')}
          </Button>
        }
      />
      <Table<SelectionView>
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('selections.none')} /> }}
        columns={[
          { title: t('selection.name'), render: (_, s) => <Link to={`/proposals/selections/${s.id}`}>{s.name}</Link> },
          { title: t('selection.kind'), render: (_, s) => t(`kind.${s.kind}`) },
          { title: t('selection.org'), dataIndex: 'orgName' },
          { title: t('selection.year'), dataIndex: 'year' },
          { title: t('selection.deadline'), dataIndex: 'deadline' },
          { title: t('selection.entries'), dataIndex: 'entries', align: 'right' },
          {
            title: t('selection.state'),
            render: (_, s) => (
              <Space size={4}>
                <StateTag s={s} />
                <Tag>{t(s.canReview ? 'selection.mine' : 'selection.above')}</Tag>
              </Space>
            ),
          },
        ]}
      />
      {creating && <NewSelectionModal onClose={() => setCreating(false)} />}
    </>
  );
}

interface SelectionForm {
  orgId: string;
  name: string;
  kind: SelectionView['kind'];
  year: number;
  deadline: Dayjs;
}

function NewSelectionModal({ onClose }: { onClose: () => void }) {
  const t = useInnovationT();
  const { user } = useSession();
  const [form] = Form.useForm<SelectionForm>();
  const changed = useProposalsChanged();
  const { message } = App.useApp();
  const req = (field: string) => [{ required: true, message: t('required', { field }) }];
  return (
    <FormModal<SelectionForm>
      title={t('selections.new')}
      open
      form={form}
      initialValues={{ orgId: user?.orgId, year: new Date().getFullYear(), kind: 'top_ten' }}
      onCancel={onClose}
      onSubmit={async (v) => {
        const made = await innovationApi.createSelection({
          orgId: v.orgId,
          name: v.name,
          kind: v.kind,
          year: v.year,
          deadline: v.deadline.format('YYYY-MM-DD'),
        });
        onClose();
        void message.success(t('selections.created', { name: made.name }));
        await changed();
      }}
    >
      <Form.Item name="orgId" label={t('selection.org')} rules={req(t('selection.org'))}>
        <OwnOrgSelect />
      </Form.Item>
      <Form.Item name="name" label={t('selection.name')} rules={req(t('selection.name'))}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="kind" label={t('selection.kind')} rules={req(t('selection.kind'))}>
        <Select options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
      </Form.Item>
      <Space>
        <Form.Item name="year" label={t('selection.year')} rules={req(t('selection.year'))}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="deadline" label={t('selection.deadline')} rules={req(t('selection.deadline'))}>
          <DatePicker />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

type Open = { kind: 'review' | 'award'; entry: EntryView };

export function SelectionPage() {
  const { id = '' } = useParams();
  const t = useInnovationT();
  const navigate = useNavigate();
  const { data: s, error, refetch } = useSelection(id);
  const entries = useSelectionEntries(id, !!s?.canReview);
  const [open, setOpen] = useState<Open>();
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!s) return null;
  const close = () => setOpen(undefined);
  return (
    <>
      <PageHeader
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t('item.back')}
              onClick={() => navigate('/proposals/selections')}
            />
            {s.name}
          </Space>
        }
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
            <Descriptions.Item label={t('selection.org')}>{s.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('selection.kind')}>{t(`kind.${s.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('selection.year')}>{s.year}</Descriptions.Item>
            <Descriptions.Item label={t('selection.deadline')}>{s.deadline}</Descriptions.Item>
            <Descriptions.Item label={t('selection.entries')}>{s.entries}</Descriptions.Item>
            <Descriptions.Item label={t('selection.state')}>
              <StateTag s={s} />
            </Descriptions.Item>
          </Descriptions>
        </Card>
        {s.canReview && (
          <EntriesCard
            loading={entries.isLoading}
            items={entries.data?.items}
            before={[
              { title: t('col.number'), dataIndex: 'itemNumber' },
              { title: t('col.title'), dataIndex: 'itemTitle' },
              { title: t('col.category'), render: (_, e) => t(`category.${e.itemCategory}`) },
              { title: t('col.itemOrg'), dataIndex: 'itemOrgName' },
            ]}
            after={[
              {
                title: t('col.awards'),
                render: (_, e) => e.awards.map((a) => `${a.name}${a.tier ? `（${a.tier}）` : ''} ${a.amountYuan}`).join('；'),
              },
              {
                title: t('col.actions'),
                render: (_, e) => (
                  <Space size={4}>
                    <Button size="small" onClick={() => setOpen({ kind: 'review', entry: e })}>
                      {t('review.action')}
                    </Button>
                    {e.decision === 'selected' && (
                      <Button size="small" onClick={() => setOpen({ kind: 'award', entry: e })}>
                        {t('award.action')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Space>
      {open?.kind === 'review' && <ReviewModal entry={open.entry} onClose={close} />}
      {open?.kind === 'award' && <AwardModal entry={open.entry} onClose={close} />}
    </>
  );
}

interface ReviewForm {
  score?: string;
  rank?: number;
  decision?: 'selected' | 'not_selected';
  reason?: string;
}

function ReviewModal({ entry, onClose }: { entry: EntryView; onClose: () => void }) {
  const t = useInnovationT();
  const [form] = Form.useForm<ReviewForm>();
  const changed = useProposalsChanged();
  const { message } = App.useApp();
  return (
    <FormModal<ReviewForm>
      title={t('review.title', { title: entry.itemTitle })}
      open
      form={form}
      initialValues={{
        score: entry.score ?? undefined,
        rank: entry.rank ?? undefined,
        decision: entry.decision ?? undefined,
        reason: entry.reason ?? undefined,
      }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.review(entry.id, {
          score: v.score?.trim() || null,
          rank: v.rank ?? null,
          decision: v.decision ?? null,
          reason: v.reason?.trim() || null,
        });
        onClose();
        void message.success(t('review.saved'));
        await changed();
      }}
    >
      <Space>
        <Form.Item name="score" label={t('col.score')}>
          <Input maxLength={6} inputMode="decimal" />
        </Form.Item>
        <Form.Item name="rank" label={t('col.rank')}>
          <InputNumber min={1} max={10000} />
        </Form.Item>
      </Space>
      <Form.Item name="decision" label={t('col.decision')}>
        <Radio.Group
          options={(['selected', 'not_selected'] as const).map((d) => ({ value: d, label: t(`decision.${d}`) }))}
          optionType="button"
        />
      </Form.Item>
      <Form.Item name="reason" label={t('col.reason')}>
        <Input.TextArea maxLength={2000} rows={3} />
      </Form.Item>
    </FormModal>
  );
}

interface AwardForm {
  name: string;
  tier?: string;
  amount: string;
}

function AwardModal({ entry, onClose }: { entry: EntryView; onClose: () => void }) {
  const t = useInnovationT();
  const [form] = Form.useForm<AwardForm>();
  const changed = useProposalsChanged();
  const { message } = App.useApp();
  return (
    <FormModal<AwardForm>
      title={t('award.title', { title: entry.itemTitle })}
      open
      form={form}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.award(entry.id, { name: v.name, tier: v.tier?.trim() || null, amount: v.amount.trim() });
        onClose();
        void message.success(t('award.saved'));
        await changed();
      }}
    >
      <Form.Item name="name" label={t('award.name')} rules={[{ required: true, message: t('required', { field: t('award.name') }) }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="tier" label={t('award.tier')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="amount" label={t('award.amount')} rules={[{ required: true, message: t('required', { field: t('award.amount') }) }]}>
        <Input maxLength={20} inputMode="decimal" />
      </Form.Item>
    </FormModal>
  );
}
