// Status returns (情况统计) the caller organised or must answer; send a new one (questions: number with
// unit, text, single or multiple choice, date; required; help; pre-filled from a record fact).
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Empty, Form, Input, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useAffiliatedOffer } from '../industry/industry-queries';
import { OrgMultiSelect } from '../tasks/org-multi-select';
import { isoOf } from '../tasks/use-task-options';
import { fieldworkApi, type ReturnInput, type ReturnList, type ReturnView } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
import { useFieldworkChanged, useReturns } from './fieldwork-queries';

const KINDS = ['number', 'text', 'single', 'multiple', 'date'] as const;
const FACTS = ['workers', 'members', 'skilled', 'open_tasks'] as const;

interface FormValues {
  title: string;
  intro?: string;
  deadline: Dayjs;
  recipientOrgIds: string[];
  questions: ReturnInput['questions'];
}

function ReturnFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: (r: ReturnView) => void }) {
  const t = useFieldworkT();
  // An industry union's affiliated enterprises are offered before typing (its reach: platform/access.ts).
  const offer = useAffiliatedOffer();
  const [form] = Form.useForm<FormValues>();
  const changed = useFieldworkChanged();
  return (
    <FormModal<FormValues>
      title={`${t('new')}${t('statusReturn')}`}
      open
      width={820}
      form={form}
      initialValues={{ questions: [{ label: '', kind: 'number' }] }}
      onCancel={onClose}
      onSubmit={async (v) => {
        const saved = await fieldworkApi.createReturn({
          title: v.title,
          intro: v.intro,
          deadline: isoOf(v.deadline)!,
          recipientOrgIds: v.recipientOrgIds,
          questions: v.questions.map((q) => ({ ...q, options: q.kind === 'single' || q.kind === 'multiple' ? q.options : undefined })),
        });
        await changed();
        onSaved(saved);
      }}
    >
      <Form.Item name="title" label={t('f.title')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="intro" label={t('r.intro')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="deadline" label={t('r.deadline')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="recipientOrgIds" label={t('r.recipients')} rules={[{ required: true }]}>
        <OrgMultiSelect offer={offer} />
      </Form.Item>
      <Form.List name="questions">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={`${t('r.question')} ${i + 1}`}>
                <Form.Item name={[f.name, 'label']} label={t('r.question')} rules={[{ required: true }]}>
                  <Input maxLength={200} />
                </Form.Item>
                <Space wrap>
                  <Form.Item name={[f.name, 'kind']} label={t('r.kind')} rules={[{ required: true }]}>
                    <Select style={{ width: 140 }} options={KINDS.map((k) => ({ value: k, label: t(`r.kind.${k}`) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']} label={t('r.unit')}>
                    <Input maxLength={20} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'fact']} label={t('r.fact')}>
                    <Select allowClear style={{ width: 180 }} options={FACTS.map((k) => ({ value: k, label: t(`r.fact.${k}`) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'required']} valuePropName="checked" label={t('r.required')}>
                    <Checkbox />
                  </Form.Item>
                </Space>
                <Form.Item name={[f.name, 'options']} label={t('r.options')}>
                  <Select mode="tags" aria-label={t('r.options')} />
                </Form.Item>
                <Form.Item name={[f.name, 'help']} label={t('r.help')}>
                  <Input maxLength={500} />
                </Form.Item>
                {fields.length > 1 && (
                  <Button icon={<MinusCircleOutlined />} onClick={() => remove(f.name)}>
                    {t('r.remove')}
                  </Button>
                )}
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ label: '', kind: 'text' })}>
              {t('r.addQuestion')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}

export function ReturnsPage() {
  const t = useFieldworkT();
  const { can } = useSession();
  const navigate = useNavigate();
  const { data, isLoading, error, refetch } = useReturns();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('returns')}
        extra={
          can('tasks.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('new')}
            </Button>
          )
        }
      />
      <Card>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<ReturnList['items'][number]>
            rowKey="id"
            loading={isLoading}
            dataSource={data?.items ?? []}
            pagination={false}
            locale={{ emptyText: <Empty description={t('none')} /> }}
            columns={[
              { title: t('f.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/returns/${r.id}`}>{v}</Link> },
              { title: t('r.org'), dataIndex: ['org', 'name'], width: 200 },
              { title: t('r.deadline'), dataIndex: 'deadline', width: 120 },
              {
                title: t('r.progress'),
                width: 100,
                align: 'right',
                render: (_: unknown, r) => t('r.progressOf', { submitted: r.submitted, recipients: r.recipients }),
              },
            ]}
          />
        )}
      </Card>
      {creating && <ReturnFormModal onClose={() => setCreating(false)} onSaved={(r) => navigate(`/returns/${r.id}`)} />}
    </>
  );
}
