// The article page's "报送" section: where the article was sent, when, and whether it was adopted
// (date and placement); add, change or record the outcome, delete with confirmation.
import { PlusOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Card, Checkbox, Empty, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { useNewsT } from './news-i18n';
import {
  OUTCOME_COLORS,
  OUTCOMES,
  type Submission,
  type SubmissionOutcome,
  submissionsApi,
  useArticleSubmissions,
  useOutlets,
} from './submissions-api';

interface FormValues {
  outlet: string;
  sentOn: string;
  outcome: SubmissionOutcome;
  adoptedOn?: string;
  placement?: string;
  note?: string;
  saveOutlet?: boolean;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export function SubmissionModal({
  articleId,
  editing,
  open,
  onClose,
}: {
  articleId: string;
  editing: Submission | null;
  open: boolean;
  onClose: () => void;
}) {
  const nt = useNewsT();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const outcome = Form.useWatch('outcome', form);
  const outlets = useOutlets();
  const client = useQueryClient();
  const onSubmit = async (v: FormValues) => {
    const adoptedOn = v.outcome === 'adopted' ? v.adoptedOn || null : null;
    const fields = { outlet: v.outlet, sentOn: v.sentOn, outcome: v.outcome, adoptedOn, placement: v.placement ?? '', note: v.note ?? '' };
    if (editing) await submissionsApi.update(editing.id, { version: editing.version, ...fields });
    else await submissionsApi.create(articleId, fields);
    if (v.saveOutlet) {
      await submissionsApi.addOutlet(v.outlet);
      void message.success(nt('sub.outletAdded'));
    }
    void message.success(nt('sub.saved'));
    await client.invalidateQueries({ queryKey: ['news'] });
    onClose();
  };
  const known = new Set(outlets.data?.items.map((o) => o.name) ?? []);
  return (
    <FormModal<FormValues>
      title={editing ? nt('sub.edit') : nt('sub.add')}
      open={open}
      form={form}
      onCancel={onClose}
      onSubmit={onSubmit}
      initialValues={
        editing
          ? {
              outlet: editing.outlet,
              sentOn: editing.sentOn,
              outcome: editing.outcome,
              adoptedOn: editing.adoptedOn ?? undefined,
              placement: editing.placement,
              note: editing.note,
            }
          : { sentOn: today(), outcome: 'pending' }
      }
    >
      <Form.Item
        name="outlet"
        label={nt('sub.outlet')}
        extra={nt('sub.outletHint')}
        rules={[{ required: true, message: nt('required', { label: nt('sub.outlet') }) }]}
      >
        <AutoComplete
          options={(outlets.data?.items ?? []).map((o) => ({ value: o.name, label: o.name }))}
          filterOption={(input, option) => String(option?.value ?? '').includes(input)}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.outlet !== b.outlet}>
        {({ getFieldValue }) => {
          const name = String(getFieldValue('outlet') ?? '').trim();
          return name && !known.has(name) ? (
            <Form.Item name="saveOutlet" valuePropName="checked">
              <Checkbox>{nt('sub.addOutlet')}</Checkbox>
            </Form.Item>
          ) : null;
        }}
      </Form.Item>
      <Form.Item name="sentOn" label={nt('sub.sentOn')} rules={[{ required: true, message: nt('required', { label: nt('sub.sentOn') }) }]}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="outcome" label={nt('sub.outcome')}>
        <Select options={OUTCOMES.map((o) => ({ value: o, label: nt(`outcome.${o}`) }))} />
      </Form.Item>
      {outcome === 'adopted' && (
        <>
          <Form.Item
            name="adoptedOn"
            label={nt('sub.adoptedOn')}
            rules={[{ required: true, message: nt('required', { label: nt('sub.adoptedOn') }) }]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item name="placement" label={nt('sub.placement')}>
            <Input maxLength={300} />
          </Form.Item>
        </>
      )}
      <Form.Item name="note" label={nt('sub.note')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

export function SubmissionsSection({ articleId }: { articleId: string }) {
  const nt = useNewsT();
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const client = useQueryClient();
  const { data, isFetching, error, refetch } = useArticleSubmissions(articleId);
  const [modal, setModal] = useState<{ editing: Submission | null } | null>(null);
  const write = can('news.write');

  const remove = async (s: Submission) => {
    try {
      await submissionsApi.remove(s.id);
      void message.success(nt('sub.deleted'));
      await client.invalidateQueries({ queryKey: ['news'] });
    } catch (err) {
      onError(err);
    }
  };

  const columns: TableProps<Submission>['columns'] = [
    { title: nt('sub.outlet'), dataIndex: 'outlet', key: 'outlet' },
    { title: nt('sub.sentOn'), dataIndex: 'sentOn', key: 'sentOn' },
    {
      title: nt('sub.outcome'),
      dataIndex: 'outcome',
      key: 'outcome',
      render: (o: SubmissionOutcome) => <Tag color={OUTCOME_COLORS[o]}>{nt(`outcome.${o}`)}</Tag>,
    },
    { title: nt('sub.adoptedOn'), dataIndex: 'adoptedOn', key: 'adoptedOn', render: (v: string | null) => v ?? '' },
    { title: nt('sub.placement'), dataIndex: 'placement', key: 'placement' },
    ...(write
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, s: Submission) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setModal({ editing: s })}>
                  {s.outcome === 'pending' ? nt('sub.outcomeAction') : nt('edit')}
                </Button>
                <Popconfirm title={nt('sub.deleteConfirm')} onConfirm={() => remove(s)} okButtonProps={{ danger: true }}>
                  <Button type="link" size="small" danger>
                    {nt('sub.deleteAction')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={nt('sub.title')}
      style={{ marginTop: 16 }}
      extra={
        <Space>
          <Link to="/news/submissions">{nt('ledger.open')}</Link>
          {write && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setModal({ editing: null })}>
              {nt('sub.add')}
            </Button>
          )}
        </Space>
      }
    >
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<Submission>
          rowKey="id"
          size="small"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={nt('sub.empty')} /> }}
        />
      )}
      {data?.items.some((s) => s.note) && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {data.items
            .filter((s) => s.note)
            .map((s) => `${s.outlet}：${s.note}`)
            .join('；')}
        </Typography.Paragraph>
      )}
      {modal && <SubmissionModal articleId={articleId} editing={modal.editing} open onClose={() => setModal(null)} />}
    </Card>
  );
}
