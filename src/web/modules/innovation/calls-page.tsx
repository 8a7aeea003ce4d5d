// Naming: the calls along the user's line (open one as a federation), the applications waiting for
// the user's organisation with the step it may take (recommend, return, review, name), and all
// applications of the subtree.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Empty, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { innovationApi, type ApplicationRow, type ApplicationsQuery, type CallView } from './innovation-api';
import { useInnovationT } from './innovation-i18n';
import { useApplications, useCalls, useInnovationChanged } from './innovation-queries';
import { OwnOrgSelect } from './pickers';
import { levelText } from './studios-page';

type Step = 'recommend' | 'return' | 'review' | 'name';

export function CallsPage() {
  const t = useInnovationT();
  const { can } = useSession();
  const calls = useCalls();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('calls')}
        extra={
          can('innovation.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('call.new')}
            </Button>
          )
        }
      />
      <Card title={t('call.list')} style={{ marginBottom: 16 }}>
        {calls.error ? (
          <QueryError error={calls.error} onRetry={() => void calls.refetch()} />
        ) : (
          <Table<CallView>
            rowKey="id"
            size="small"
            loading={calls.isFetching}
            dataSource={calls.data?.items ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
            columns={[
              { title: t('field.call'), dataIndex: 'title' },
              { title: t('field.org'), dataIndex: 'orgName' },
              { title: t('field.level'), dataIndex: 'level', render: (l: string) => levelText(t, l) },
              { title: t('field.year'), dataIndex: 'year' },
              { title: t('field.quota'), key: 'quota', render: (_: unknown, c) => `${c.named} / ${c.quota}` },
              { title: t('field.deadline'), dataIndex: 'deadline' },
            ]}
          />
        )}
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'mine', label: t('call.inbox'), children: <ApplicationsTable query={{ mine: 'true' }} /> },
            { key: 'all', label: t('call.allApplications'), children: <ApplicationsTable query={{}} /> },
          ]}
        />
      </Card>
      {creating && <NewCallModal onClose={() => setCreating(false)} />}
    </>
  );
}

function ApplicationsTable({ query }: { query: Omit<ApplicationsQuery, 'page' | 'pageSize'> }) {
  const t = useInnovationT();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const { data, isFetching, error, refetch } = useApplications({ ...query, ...page });
  const [acting, setActing] = useState<{ step: Step; app: ApplicationRow }>();
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  return (
    <>
      <Table<ApplicationRow>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
        pagination={{
          ...page,
          total: data?.total ?? 0,
          showTotal: (total) => t('total', { total }),
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          { title: t('field.studio'), dataIndex: 'studioName', render: (v: string, a) => <Link to={`/studios/${a.studioId}`}>{v}</Link> },
          { title: t('field.org'), dataIndex: 'orgName' },
          { title: t('field.call'), dataIndex: 'callTitle' },
          { title: t('field.status'), dataIndex: 'status', render: (s: ApplicationRow['status']) => <Tag>{t(`app.${s}`)}</Tag> },
          { title: t('field.atOrg'), dataIndex: 'atOrgName', render: (v: string | null) => v ?? '—' },
          { title: t('field.average'), dataIndex: 'averageScore', render: (v: number | null) => v ?? '—' },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, a) => (
              <Space wrap>
                {a.actions
                  .filter((x): x is Step => x !== 'submit')
                  .map((step) => (
                    <Button
                      key={step}
                      size="small"
                      type={step === 'name' || step === 'recommend' ? 'primary' : 'default'}
                      onClick={() => setActing({ step, app: a })}
                    >
                      {t(`action.${step}`)}
                    </Button>
                  ))}
              </Space>
            ),
          },
        ]}
      />
      {acting && <StepModal {...acting} onClose={() => setActing(undefined)} />}
    </>
  );
}

interface StepForm {
  note?: string;
  expert?: string;
  score?: number;
  docNo?: string;
  namedOn?: Dayjs;
  plaqueNo?: string;
  grant?: string;
}

function StepModal({ step, app, onClose }: { step: Step; app: ApplicationRow; onClose: () => void }) {
  const t = useInnovationT();
  const [form] = Form.useForm<StepForm>();
  const changed = useInnovationChanged();
  const { message } = App.useApp();
  return (
    <FormModal<StepForm>
      title={`${t(`action.${step}`)}：${app.studioName}`}
      open
      form={form}
      okText={t(`action.${step}`)}
      onCancel={onClose}
      onSubmit={async (v) => {
        if (step === 'recommend') await innovationApi.recommend(app.id, v.note);
        if (step === 'return') await innovationApi.returnTo(app.id, v.note ?? '');
        if (step === 'review')
          await innovationApi.review(app.id, { scores: [{ expert: v.expert ?? '', score: v.score ?? 0 }], notes: v.note });
        if (step === 'name')
          await innovationApi.name(app.id, {
            docNo: v.docNo ?? '',
            namedOn: v.namedOn?.format('YYYY-MM-DD') ?? '',
            plaqueNo: v.plaqueNo,
            grant: v.grant || undefined,
          });
        onClose();
        await changed();
        void message.success(t('saved'));
      }}
    >
      {step === 'review' && (
        <>
          <Form.Item name="expert" label={t('field.expert')} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="score" label={t('field.score')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} />
          </Form.Item>
        </>
      )}
      {step === 'name' ? (
        <>
          <Form.Item name="docNo" label={t('field.docNo')} rules={[{ required: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="namedOn" label={t('field.namedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="plaqueNo" label={t('field.plaqueNo')}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="grant" label={t('field.grant')}>
            <Input inputMode="decimal" />
          </Form.Item>
        </>
      ) : (
        <Form.Item name="note" label={t('field.note')} rules={[{ required: step === 'return' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      )}
    </FormModal>
  );
}

interface CallForm {
  orgId: string;
  year: number;
  title: string;
  quota: number;
  deadline: Dayjs;
  leaderHonourMinGrade?: 'city' | 'provincial' | 'national';
  minMembers?: number;
  minYears?: number;
  projectThisYear?: boolean;
}

function NewCallModal({ onClose }: { onClose: () => void }) {
  const t = useInnovationT();
  const { user } = useSession();
  const [form] = Form.useForm<CallForm>();
  const changed = useInnovationChanged();
  const onError = useErrorHandler();
  return (
    <FormModal<CallForm>
      title={t('call.new')}
      open
      form={form}
      initialValues={{ orgId: user?.orgId, year: new Date().getFullYear(), quota: 10 }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.createCall({
          orgId: v.orgId,
          year: v.year,
          title: v.title,
          quota: v.quota,
          deadline: v.deadline.format('YYYY-MM-DD'),
          conditions: {
            leaderHonourMinGrade: v.leaderHonourMinGrade,
            minMembers: v.minMembers,
            minYears: v.minYears,
            projectThisYear: v.projectThisYear || undefined,
          },
        });
        onClose();
        await changed().catch(onError);
      }}
    >
      <Form.Item name="orgId" label={t('field.org')} rules={[{ required: true }]}>
        <OwnOrgSelect />
      </Form.Item>
      <Form.Item name="title" label={t('field.call')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Space>
        <Form.Item name="year" label={t('field.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="quota" label={t('field.quota')} rules={[{ required: true }]}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="deadline" label={t('field.deadline')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Space>
      <Form.Item name="leaderHonourMinGrade" label={t('field.minGrade')}>
        <Select allowClear options={(['city', 'provincial', 'national'] as const).map((g) => ({ value: g, label: t(`grade.${g}`) }))} />
      </Form.Item>
      <Space>
        <Form.Item name="minMembers" label={t('field.minMembers')}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="minYears" label={t('field.minYears')}>
          <InputNumber min={1} />
        </Form.Item>
      </Space>
      <Form.Item name="projectThisYear" valuePropName="checked">
        <Checkbox>{t('field.projectThisYear')}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}
