// The annual research plan (年度调研计划, issue 13 item 1): the year's items of the user's subtree
// (topic, purpose, responsible leader and department), drafted and approved by the organisation;
// and, on a visit's page, the plan item the visit carries out (linked by the organiser's side).
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { fieldworkApi, type PlanItemInput, type PlanItemView } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
import { useFieldworkChanged, usePlan, useVisitPlan } from './fieldwork-queries';

type PlanRow = Omit<PlanItemView, 'visits'>;

function PlanItemModal({ year, onClose }: { year: number; onClose: () => void }) {
  const t = useFieldworkT();
  const [form] = Form.useForm<PlanItemInput>();
  const changed = useFieldworkChanged();
  return (
    <FormModal<PlanItemInput>
      title={t('pl.new')}
      open
      form={form}
      initialValues={{ year }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await fieldworkApi.createPlanItem(v);
        await changed();
        onClose();
      }}
    >
      <Form.Item name="year" label={t('pl.year')} rules={[{ required: true }]}>
        <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="topic" label={t('pl.topic')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="purpose" label={t('pl.purpose')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="leaderName" label={t('pl.leaderName')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="leaderPost" label={t('pl.leaderPost')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="department" label={t('pl.department')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} />
      </Form.Item>
    </FormModal>
  );
}

export function PlanPage() {
  const t = useFieldworkT();
  const { can } = useSession();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useFieldworkChanged();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [creating, setCreating] = useState(false);
  const q = usePlan(year);
  const years = Array.from({ length: 7 }, (_, i) => new Date().getFullYear() + 1 - i);

  const approve = async (p: PlanRow) => {
    try {
      await fieldworkApi.approvePlanItem(p.id);
      await changed();
      message.success(t('pl.status.approved'));
    } catch (err) {
      onError(err);
    }
  };

  return (
    <>
      <PageHeader
        title={t('pl.title')}
        extra={
          <Space>
            <Select
              aria-label={t('pl.year')}
              value={year}
              onChange={setYear}
              options={years.map((y) => ({ value: y, label: String(y) }))}
            />
            {can('tasks.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('pl.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        {q.error ? (
          <QueryError error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<PlanRow>
            rowKey="id"
            size="small"
            loading={q.isFetching}
            pagination={false}
            dataSource={q.data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pl.none')} /> }}
            expandable={{ rowExpandable: (p) => !!p.purpose, expandedRowRender: (p) => `${t('pl.purpose')}：${p.purpose}` }}
            columns={[
              { title: t('pl.topic'), dataIndex: 'topic' },
              { title: t('pl.org'), key: 'org', width: 180, render: (_: unknown, p) => p.org.name },
              {
                title: t('pl.leaderName'),
                key: 'leader',
                width: 200,
                render: (_: unknown, p) => (p.leaderPost ? `${p.leaderName}（${p.leaderPost}）` : p.leaderName),
              },
              { title: t('pl.department'), dataIndex: 'department', width: 140 },
              { title: t('pl.visits'), dataIndex: 'visitCount', width: 100 },
              {
                title: t('pl.status'),
                key: 'status',
                width: 90,
                render: (_: unknown, p) => <Tag color={p.status === 'approved' ? 'green' : 'default'}>{t(`pl.status.${p.status}`)}</Tag>,
              },
              {
                title: t('actions'),
                key: 'actions',
                width: 100,
                render: (_: unknown, p) =>
                  p.canEdit &&
                  p.status === 'draft' && (
                    <Popconfirm title={t('pl.approveConfirm')} onConfirm={() => approve(p)}>
                      <Button size="small" type="link">
                        {t('pl.approve')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {creating && <PlanItemModal year={year} onClose={() => setCreating(false)} />}
    </>
  );
}

/** On a visit's page: the plan item it carries out; the organiser's side picks one of the year's approved items. */
export function VisitPlanItem({ visitId, year, canEdit }: { visitId: string; year: number; canEdit: boolean }) {
  const t = useFieldworkT();
  const onError = useErrorHandler();
  const changed = useFieldworkChanged();
  const q = useVisitPlan(visitId);
  const plan = usePlan(year);
  const current = q.data?.planItem;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} compact />;
  if (!canEdit) return <>{current ? current.topic : t('pl.noneLinked')}</>;
  const options = (plan.data?.items ?? []).filter((p) => p.status === 'approved').map((p) => ({ value: p.id, label: p.topic }));
  if (current && !options.some((o) => o.value === current.id)) options.push({ value: current.id, label: current.topic });
  return (
    <Select
      aria-label={t('pl.link')}
      allowClear
      placeholder={t('pl.noneLinked')}
      style={{ minWidth: 240 }}
      loading={q.isLoading || plan.isLoading}
      value={current?.id}
      options={options}
      onChange={async (v?: string) => {
        try {
          await fieldworkApi.linkVisitPlan(visitId, v ?? null);
          await changed();
        } catch (err) {
          onError(err);
        }
      }}
    />
  );
}
