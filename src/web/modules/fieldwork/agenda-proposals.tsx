// The call for agenda items of a meeting (议题征集): the convenor's side sets the deadline and
// accepts (the item joins the agenda) or declines (a reason required) each proposal; an invited unit
// proposes items until the deadline and sees its own proposals and their decisions.
import { App, Button, Card, DatePicker, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { FormModal } from '../../shared/form-modal';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { isoOf } from '../tasks/use-task-options';
import { fieldworkApi, type ProposalView, type ProposalsView } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
import { useFieldworkChanged, useProposals } from './fieldwork-queries';

const STATUS_COLOR = { pending: 'blue', accepted: 'green', declined: 'default' } as const;

interface ProposeValues {
  invitationId: string;
  title: string;
  presenter?: string;
  minutesWanted?: number;
  notes?: string;
}

function ProposeModal({ call, onClose }: { call: ProposalsView; onClose: () => void }) {
  const t = useFieldworkT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProposeValues>();
  const changed = useFieldworkChanged();
  return (
    <FormModal<ProposeValues>
      title={t('p.propose')}
      open
      form={form}
      initialValues={{ invitationId: call.proposers[0]?.invitationId }}
      onCancel={onClose}
      onSubmit={async ({ invitationId, ...v }) => {
        await fieldworkApi.propose(invitationId, v);
        await changed();
        message.success(t('p.saved'));
        onClose();
      }}
    >
      {call.proposers.length > 1 && (
        <Form.Item name="invitationId" label={t('p.unit')} rules={[{ required: true }]}>
          <Select options={call.proposers.map((p) => ({ value: p.invitationId, label: p.org.name }))} />
        </Form.Item>
      )}
      {call.proposers.length <= 1 && (
        <Form.Item name="invitationId" hidden>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('p.item')} rules={[{ required: true }]}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="presenter" label={t('p.presenter')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="minutesWanted" label={t('p.minutesWanted')}>
        <InputNumber min={1} max={600} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="notes" label={t('p.notes')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Typography.Text type="secondary">{t('p.openUntil', { deadline: call.deadline ?? '' })}</Typography.Text>
    </FormModal>
  );
}

function DeclineModal({ proposal, onClose }: { proposal: ProposalView; onClose: () => void }) {
  const t = useFieldworkT();
  const [form] = Form.useForm<{ reason: string }>();
  const changed = useFieldworkChanged();
  return (
    <FormModal<{ reason: string }>
      title={`${t('p.decline')}：${proposal.title}`}
      open
      form={form}
      okText={t('p.decline')}
      danger
      onCancel={onClose}
      onSubmit={async (v) => {
        await fieldworkApi.declineProposal(proposal.id, v.reason ?? '');
        await changed();
        onClose();
      }}
    >
      <Form.Item name="reason" label={t('p.reason')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function DeadlineEditor({ call }: { call: ProposalsView }) {
  const t = useFieldworkT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useFieldworkChanged();
  const [value, setValue] = useState<Dayjs | null>(call.deadline ? dayjs(call.deadline) : null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await fieldworkApi.setProposalDeadline(call.meetingId, isoOf(value) ?? null);
      await changed();
      message.success(t('p.saved'));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap>
      <DatePicker
        aria-label={t('p.deadline')}
        value={value}
        onChange={setValue}
        disabledDate={(d) => d.format('YYYY-MM-DD') > call.meetingDate}
      />
      <Button onClick={() => void save()} loading={busy}>
        {t('p.setDeadline')}
      </Button>
    </Space>
  );
}

export function AgendaProposals({ meetingId }: { meetingId: string }) {
  const t = useFieldworkT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useFieldworkChanged();
  const q = useProposals(meetingId);
  const [proposing, setProposing] = useState(false);
  const [declining, setDeclining] = useState<ProposalView>();
  const call = q.data;

  const accept = async (p: ProposalView) => {
    try {
      await fieldworkApi.acceptProposal(p.id);
      await changed();
      message.success(t('p.accepted'));
    } catch (err) {
      onError(err);
    }
  };

  const state = !call ? null : !call.deadline ? (
    <Tag>{t('p.noCall')}</Tag>
  ) : call.open ? (
    <Tag color="blue">{t('p.openUntil', { deadline: call.deadline })}</Tag>
  ) : (
    <Tag>{t('p.closed', { deadline: call.deadline })}</Tag>
  );

  return (
    <Card
      title={
        <Space>
          {t('p.title')}
          {state}
        </Space>
      }
      extra={
        call && (
          <Space className="jx-no-print" wrap>
            {call.canDecide && <DeadlineEditor key={call.deadline ?? ''} call={call} />}
            {call.open && call.proposers.length > 0 && (
              <Button type="primary" onClick={() => setProposing(true)}>
                {t('p.propose')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {q.error ? (
        <QueryError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<ProposalView>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          pagination={false}
          dataSource={call?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('p.none')} /> }}
          expandable={{
            rowExpandable: (p) => !!p.notes || !!p.declineReason,
            expandedRowRender: (p) => (
              <Space direction="vertical">
                {p.notes && (
                  <Typography.Text>
                    {t('p.notes')}：{p.notes}
                  </Typography.Text>
                )}
                {p.declineReason && (
                  <Typography.Text type="secondary">
                    {t('p.reason')}：{p.declineReason}
                  </Typography.Text>
                )}
              </Space>
            ),
          }}
          columns={[
            { title: t('p.item'), dataIndex: 'title' },
            { title: t('p.unit'), key: 'org', width: 180, render: (_: unknown, p) => p.org.name },
            { title: t('p.presenter'), dataIndex: 'presenter', width: 120 },
            { title: t('p.minutesWanted'), dataIndex: 'minutesWanted', width: 110 },
            {
              title: t('p.status'),
              key: 'status',
              width: 200,
              render: (_: unknown, p) => <Tag color={STATUS_COLOR[p.status]}>{t(`p.status.${p.status}`)}</Tag>,
            },
            ...(call?.canDecide
              ? [
                  {
                    title: t('actions'),
                    key: 'actions',
                    width: 200,
                    render: (_: unknown, p: ProposalView) =>
                      p.status === 'pending' && (
                        <Space>
                          <Popconfirm title={t('p.acceptConfirm')} onConfirm={() => accept(p)}>
                            <Button size="small" type="link">
                              {t('p.accept')}
                            </Button>
                          </Popconfirm>
                          <Button size="small" type="link" danger onClick={() => setDeclining(p)}>
                            {t('p.decline')}
                          </Button>
                        </Space>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {proposing && call && <ProposeModal call={call} onClose={() => setProposing(false)} />}
      {declining && <DeclineModal proposal={declining} onClose={() => setDeclining(undefined)} />}
    </Card>
  );
}
