// One innovation item: its record, proposers and verified benefit; its patents (record one: type,
// application and grant, inventors in order, job invention); its recommendations into the selections
// of organisations above (recommend it to one). A worker sees their own item and its patents.
import { ArrowLeftOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { formatDateTime } from '../../shared/labels';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { useErrorHandler } from '../../shared/use-error-handler';
import { QueryError } from '../../shared/query-error';
import { PersonSelect } from '../innovation/pickers';
import { innovationApi, type EntryView, type HistoryEvent, type ItemView, type PatentView, type StepName } from './proposals-api';
import { MergeModal } from './merge-modal';
import { BenefitCard, BenefitModal } from './benefit';
import { useInnovationT } from './proposals-i18n';
import { useInnovationItem, useItemEntries, useItemHistory, useItemPatents, useProposalsChanged, useSelections } from './proposals-queries';

const day = (d: Dayjs) => d.format('YYYY-MM-DD');
const PATENT_TYPES = ['invention', 'utility_model', 'design'] as const;
const RECOMMENDABLE: ItemView['status'][] = ['adopted', 'trial', 'implemented', 'accepted', 'verified', 'paid'];
type Step = StepName;
/** The server's workflow (proposals.service.ts STEPS): the steps each status allows, in the order offered. */
const STEPS_FROM: Record<Step, ItemView['status'][]> = {
  submit: ['draft', 'returned'],
  send_to_experts: ['submitted'],
  adopt: ['submitted', 'expert_review', 'filed'],
  file: ['submitted', 'expert_review'],
  return: ['submitted', 'expert_review'],
  reject: ['submitted', 'expert_review'],
  start_trial: ['adopted'],
  implement: ['adopted', 'trial'],
  accept: ['implemented'],
  pay: ['verified'],
};
const VERIFIABLE: ItemView['status'][] = ['implemented', 'accepted', 'verified'];
/** Steps that ask for more than a confirmation. */
const WITH_FORM: Step[] = ['return', 'reject', 'implement'];

export function DecisionTag({ decision }: { decision: EntryView['decision'] }) {
  const t = useInnovationT();
  if (!decision) return <Tag>{t('decision.pending')}</Tag>;
  return <Tag color={decision === 'selected' ? 'green' : 'default'}>{t(`decision.${decision}`)}</Tag>;
}

/**
 * Selection entries with their review (the item page lists the selections its item entered, the
 * selection page the items entered into it): the page's own columns around the review's outcome.
 */
export function EntriesCard({
  loading,
  items,
  before,
  after,
}: {
  loading: boolean;
  items: EntryView[] | undefined;
  before: TableColumnsType<EntryView>;
  after: TableColumnsType<EntryView>;
}) {
  const t = useInnovationT();
  return (
    <Card title={t('entries.title')}>
      <Table<EntryView>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loading}
        dataSource={items ?? []}
        locale={{ emptyText: <Empty description={t('entries.none')} /> }}
        columns={[
          ...before,
          { title: t('col.recommendedBy'), dataIndex: 'recommendedByName' },
          { title: t('col.score'), render: (_, e) => e.score ?? '—' },
          { title: t('col.rank'), render: (_, e) => e.rank ?? '—' },
          { title: t('col.decision'), render: (_, e) => <DecisionTag decision={e.decision} /> },
          { title: t('col.reason'), render: (_, e) => e.reason ?? '' },
          ...after,
        ]}
      />
    </Card>
  );
}

export function ItemPage() {
  const { id = '' } = useParams();
  const t = useInnovationT();
  const navigate = useNavigate();
  const { user, can } = useSession();
  const isWorker = !!user?.roles.includes('worker');
  const mayWrite = can('innovation.write');
  const changed = useProposalsChanged();
  const { message, modal } = App.useApp();
  const onError = useErrorHandler();
  const { data: item, error, refetch } = useInnovationItem(id);
  const patents = useItemPatents(id);
  const entries = useItemEntries(id, !isWorker);
  const history = useItemHistory(id);
  const { locale, label } = useI18n();
  const [open, setOpen] = useState<'patent' | 'recommend' | 'benefit' | 'merge' | Step>();
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!item) return null;
  const close = () => setOpen(undefined);
  // A worker only submits their own draft or returned item; staff who write take every step the status allows.
  const steps = mayWrite
    ? (Object.keys(STEPS_FROM) as Step[]).filter(
        (s) => STEPS_FROM[s].includes(item.status) && (!isWorker || s === 'submit') && (s !== 'pay' || item.benefit?.awardYuan != null),
      )
    : [];
  const mayVerify = mayWrite && !isWorker && VERIFIABLE.includes(item.status);
  // A merged duplicate is read-only: it only points to the item that keeps it.
  const merged = item.status === 'merged';
  const mayMerge = mayWrite && !isWorker && !merged;
  const takeStep = (step: Step) => {
    if (WITH_FORM.includes(step)) return setOpen(step);
    modal.confirm({
      title: t('step.confirm', { title: item.title, step: t(`step.${step}`) }),
      okText: t(`step.${step}`),
      cancelText: t('cancel'),
      onOk: async () => {
        try {
          await innovationApi.step(id, { step });
          void message.success(t('step.done', { step: t(`step.${step}`) }));
        } catch (err) {
          // A refusal (e.g. the status changed meanwhile) is shown, and the page shows the status as it is now.
          onError(err);
        }
        await changed();
      },
    });
  };

  return (
    <>
      <PageHeader
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('item.back')} onClick={() => navigate('/proposals')} />
            {`${item.number} ${item.title}`}
          </Space>
        }
        extra={
          <Space wrap>
            {steps.map((s) => (
              <Button
                key={s}
                type={s === 'reject' || s === 'return' ? 'default' : 'primary'}
                danger={s === 'reject'}
                onClick={() => takeStep(s)}
              >
                {t(`step.${s}`)}
              </Button>
            ))}
            {mayVerify && <Button onClick={() => setOpen('benefit')}>{t('benefit.open')}</Button>}
            {!isWorker && RECOMMENDABLE.includes(item.status) && (
              <Button onClick={() => setOpen('recommend')}>{t('entries.recommend')}</Button>
            )}
            {mayMerge && (
              <Button danger onClick={() => setOpen('merge')}>
                {t('merge.open')}
              </Button>
            )}
          </Space>
        }
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {item.mergedInto && (
          <Alert
            type="info"
            showIcon
            message={t('merged.notice', { number: item.mergedInto.number, title: item.mergedInto.title })}
            description={
              <Space direction="vertical">
                {item.mergeReason && <span>{t('merged.reason', { reason: item.mergeReason })}</span>}
                <Link to={`/proposals/${item.mergedInto.id}`}>
                  {t('merged.open')}：{item.mergedInto.number} {item.mergedInto.title}
                </Link>
              </Space>
            }
          />
        )}
        <Card>
          <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
            <Descriptions.Item label={t('col.category')}>{t(`category.${item.category}`)}</Descriptions.Item>
            <Descriptions.Item label={t('item.area')}>{t(`area.${item.area}`)}</Descriptions.Item>
            <Descriptions.Item label={t('col.status')}>
              <Tag>{t(`status.${item.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('col.proposers')}>
              {item.proposers.map((p) => `${p.name}（${p.shareBp / 100}%）`).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('item.estimated')}>{item.estimatedBenefitYuan ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('col.saving')}>{item.benefit?.savingYuan ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('item.studio')}>{item.studioName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('item.team')}>{item.team || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('item.ownDuties')}>{item.ownDuties ? t('yes') : t('no')}</Descriptions.Item>
            {item.implementedOn && <Descriptions.Item label={t('item.implementedOn')}>{item.implementedOn}</Descriptions.Item>}
            {item.reason && <Descriptions.Item label={t('item.reason')}>{item.reason}</Descriptions.Item>}
            {item.problem && <Descriptions.Item label={t('item.problem')}>{item.problem}</Descriptions.Item>}
            {item.measures && <Descriptions.Item label={t('item.measures')}>{item.measures}</Descriptions.Item>}
            {item.expectedBenefit && <Descriptions.Item label={t('item.expected')}>{item.expectedBenefit}</Descriptions.Item>}
          </Descriptions>
        </Card>
        <BenefitCard item={item} />
        <Card
          title={t('patents.title')}
          extra={
            !isWorker &&
            !merged && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen('patent')}>
                {t('patents.add')}
              </Button>
            )
          }
        >
          <Table<PatentView>
            rowKey="id"
            size="small"
            pagination={false}
            loading={patents.isLoading}
            dataSource={patents.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('patents.none')} /> }}
            columns={[
              { title: t('patent.type'), render: (_, p) => t(`patentType.${p.type}`) },
              { title: t('patent.applicationNo'), dataIndex: 'applicationNo' },
              { title: t('patent.applicationDate'), dataIndex: 'applicationDate' },
              { title: t('patent.grantNo'), render: (_, p) => p.grantNo ?? '—' },
              { title: t('patent.grantDate'), render: (_, p) => p.grantDate ?? '—' },
              { title: t('patent.jobInvention'), render: (_, p) => (p.jobInvention ? t('yes') : t('no')) },
              { title: t('patent.inventors'), render: (_, p) => p.inventors.map((x) => x.name).join('、') },
            ]}
          />
        </Card>
        {!isWorker && (
          <EntriesCard
            loading={entries.isLoading}
            items={entries.data?.items}
            before={[
              { title: t('col.selection'), render: (_, e) => `${e.selectionName}（${e.selectionYear}）` },
              { title: t('col.selectingOrg'), dataIndex: 'selectionOrgName' },
            ]}
            after={[{ title: t('col.awards'), render: (_, e) => e.awards.map((a) => `${a.name} ${a.amountYuan}`).join('；') }]}
          />
        )}
        <Card title={t('history.title')}>
          <Table<HistoryEvent>
            rowKey="id"
            size="small"
            pagination={false}
            loading={history.isLoading}
            dataSource={history.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('history.none')} /> }}
            columns={[
              { title: t('history.at'), render: (_, e) => formatDateTime(e.at, locale) },
              {
                title: t('history.action'),
                render: (_, e) => (
                  <Space wrap size={4}>
                    <Tag color={e.action === 'merge' ? 'orange' : 'blue'}>{label('audit.actions', e.action)}</Tag>
                    {e.fromItem && <Tag>{t('history.from', { number: e.fromItem.number, title: e.fromItem.title })}</Tag>}
                  </Space>
                ),
              },
              ...(isWorker ? [] : [{ title: t('history.actor'), render: (_: unknown, e: HistoryEvent) => e.actor ?? '—' }]),
              { title: t('history.summary'), render: (_, e) => e.summary },
            ]}
          />
        </Card>
      </Space>
      {open === 'merge' && <MergeModal item={item} onClose={close} />}
      {open === 'patent' && <PatentModal itemId={id} onClose={close} />}
      {open === 'recommend' && <RecommendModal itemId={id} onClose={close} />}
      {open === 'benefit' && <BenefitModal item={item} onClose={close} />}
      {(open === 'return' || open === 'reject' || open === 'implement') && <StepModal item={item} step={open} onClose={close} />}
    </>
  );
}

interface PatentForm {
  type: PatentView['type'];
  applicationNo: string;
  applicationDate: Dayjs;
  grantNo?: string;
  grantDate?: Dayjs;
  jobInvention: boolean;
  inventors: (string | undefined)[];
}

function PatentModal({ itemId, onClose }: { itemId: string; onClose: () => void }) {
  const t = useInnovationT();
  const [form] = Form.useForm<PatentForm>();
  const changed = useProposalsChanged();
  const { message } = App.useApp();
  return (
    <FormModal<PatentForm>
      title={t('patents.add')}
      open
      form={form}
      width={640}
      initialValues={{ type: 'utility_model', jobInvention: true, inventors: [undefined] }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.addPatent(itemId, {
          type: v.type,
          applicationNo: v.applicationNo,
          applicationDate: day(v.applicationDate),
          grantNo: v.grantNo?.trim() || null,
          grantDate: v.grantDate ? day(v.grantDate) : null,
          jobInvention: v.jobInvention,
          inventors: v.inventors.filter((x): x is string => !!x),
        });
        onClose();
        void message.success(t('patent.added'));
        await changed();
      }}
    >
      <Form.Item name="type" label={t('patent.type')} rules={[{ required: true, message: t('required', { field: t('patent.type') }) }]}>
        <Select options={PATENT_TYPES.map((p) => ({ value: p, label: t(`patentType.${p}`) }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item
          name="applicationNo"
          label={t('patent.applicationNo')}
          extra={t('patent.applicationNoHint')}
          rules={[{ required: true, message: t('required', { field: t('patent.applicationNo') }) }]}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="applicationDate"
          label={t('patent.applicationDate')}
          rules={[{ required: true, message: t('required', { field: t('patent.applicationDate') }) }]}
        >
          <DatePicker />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="grantNo" label={t('patent.grantNo')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="grantDate" label={t('patent.grantDate')}>
          <DatePicker />
        </Form.Item>
      </Space>
      <Form.Item name="jobInvention" valuePropName="checked">
        <Checkbox>{t('patent.jobInvention')}</Checkbox>
      </Form.Item>
      <Form.List name="inventors">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item
                  name={f.name}
                  label={t('patent.inventor', { n: i + 1 })}
                  rules={[{ required: true, message: t('required', { field: t('patent.inventor', { n: i + 1 }) }) }]}
                  style={{ minWidth: 360 }}
                >
                  <PersonSelect />
                </Form.Item>
                {fields.length > 1 && (
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('patent.removeInventor', { n: i + 1 })}
                    onClick={() => remove(f.name)}
                  />
                )}
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
              {t('patent.addInventor')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}

interface RecommendForm {
  selectionId: string;
  note?: string;
}

function RecommendModal({ itemId, onClose }: { itemId: string; onClose: () => void }) {
  const t = useInnovationT();
  const [form] = Form.useForm<RecommendForm>();
  const changed = useProposalsChanged();
  const { message } = App.useApp();
  const { data } = useSelections();
  const choices = (data?.items ?? []).filter((s) => s.canRecommend && s.open);
  return (
    <FormModal<RecommendForm>
      title={t('entries.recommend')}
      open
      form={form}
      onCancel={onClose}
      onSubmit={async (v) => {
        const made = await innovationApi.recommend(itemId, { selectionId: v.selectionId, note: v.note?.trim() || null });
        onClose();
        void message.success(t('entries.recommended', { name: made.selectionName }));
        await changed();
      }}
    >
      <Form.Item
        name="selectionId"
        label={t('entries.selection')}
        extra={data && !choices.length ? t('entries.noOpen') : undefined}
        rules={[{ required: true, message: t('required', { field: t('entries.selection') }) }]}
      >
        <Select
          options={choices.map((s) => ({ value: s.id, label: `${s.orgName} · ${s.name}（${s.year}）` }))}
          notFoundContent={t('entries.noOpen')}
        />
      </Form.Item>
      <Form.Item name="note" label={t('entries.note')}>
        <Input.TextArea maxLength={2000} rows={3} />
      </Form.Item>
    </FormModal>
  );
}

interface StepForm {
  reason?: string;
  startDate?: Dayjs;
}

/** A step that needs a reason (return, not adopt: shown to the proposer) or the implementation start date. */
function StepModal({ item, step, onClose }: { item: ItemView; step: 'return' | 'reject' | 'implement'; onClose: () => void }) {
  const t = useInnovationT();
  const [form] = Form.useForm<StepForm>();
  const changed = useProposalsChanged();
  const { message } = App.useApp();
  return (
    <FormModal<StepForm>
      title={`${t(`step.${step}`)}：${item.title}`}
      open
      form={form}
      okText={t(`step.${step}`)}
      danger={step === 'reject'}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.step(item.id, {
          step,
          ...(step === 'implement' ? { startDate: v.startDate ? day(v.startDate) : null } : { reason: v.reason?.trim() || null }),
        });
        onClose();
        void message.success(t('step.done', { step: t(`step.${step}`) }));
        await changed();
      }}
    >
      {step === 'implement' ? (
        <Form.Item
          name="startDate"
          label={t('step.startDate')}
          rules={[{ required: true, message: t('required', { field: t('step.startDate') }) }]}
        >
          <DatePicker />
        </Form.Item>
      ) : (
        <Form.Item
          name="reason"
          label={t('step.reason')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('item.reason') }) }]}
        >
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
      )}
    </FormModal>
  );
}
