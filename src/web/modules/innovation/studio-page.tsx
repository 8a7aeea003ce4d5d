// One studio: its record, members, projects, funding (exact yuan), naming records with their
// assessments (the naming union assesses and revokes), applications; add members, projects and
// funding, apply to a naming call.
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { innovationApi, type NamingView, type StudioDetail } from './innovation-api';
import { useInnovationT } from './innovation-i18n';
import { useCalls, useInnovationChanged, useStudio } from './innovation-queries';
import { PersonSelect } from './pickers';
import { levelText } from './studios-page';

type Open = { kind: 'member' | 'project' | 'funding' | 'apply' } | { kind: 'assess'; naming: NamingView };
const day = (d: Dayjs) => d.format('YYYY-MM-DD');

export function StudioPage() {
  const { id = '' } = useParams();
  const t = useInnovationT();
  const navigate = useNavigate();
  const { data: s, error, refetch } = useStudio(id);
  const [open, setOpen] = useState<Open>();
  const changed = useInnovationChanged();
  const onError = useErrorHandler();
  const { message } = App.useApp();
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!s) return null;
  const close = () => setOpen(undefined);
  const done = async () => {
    close();
    await changed();
    void message.success(t('saved'));
  };
  const add = (kind: 'member' | 'project' | 'funding', label: string) =>
    s.canEdit && (
      <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen({ kind })}>
        {label}
      </Button>
    );

  return (
    <>
      <PageHeader
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('back')} onClick={() => navigate('/studios')} />
            {s.name}
          </Space>
        }
        extra={
          s.canEdit && (
            <Button type="primary" onClick={() => setOpen({ kind: 'apply' })}>
              {t('studio.apply')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label={t('field.category')}>{s.category}</Descriptions.Item>
          <Descriptions.Item label={t('field.org')}>{s.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('field.leader')}>
            <Link to={`/people/${s.leaderId}`}>{s.leaderName}</Link>
            {s.leaderHonour ? `（${s.leaderHonour}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.foundedOn')}>{s.foundedOn}</Descriptions.Item>
          <Descriptions.Item label={t('field.level')}>{levelText(t, s.level)}</Descriptions.Item>
          <Descriptions.Item label={t('field.status')}>{t(`status.${s.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('field.industryChain')}>{s.industryChain ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.venue')}>
            {[s.venueAddress, s.venueArea !== null ? `${s.venueArea} m²` : null].filter(Boolean).join(' · ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.equipment')}>{s.equipment.join('、') || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('studio.namings')} style={{ marginBottom: 16 }}>
        <Table<NamingView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={s.namings}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('studio.notNamed')} /> }}
          columns={[
            { title: t('field.level'), dataIndex: 'level', render: (l: string) => levelText(t, l) },
            { title: t('field.org'), dataIndex: 'orgName' },
            { title: t('field.docNo'), dataIndex: 'docNo' },
            { title: t('field.namedOn'), dataIndex: 'namedOn' },
            { title: t('field.plaqueNo'), dataIndex: 'plaqueNo', render: (v: string | null) => v ?? '—' },
            { title: t('field.grant'), key: 'grant', align: 'right', render: (_: unknown, n) => n.grant.yuan },
            {
              title: t('field.status'),
              key: 'status',
              render: (_: unknown, n) => (
                <Space direction="vertical" size={0}>
                  <Tag color={n.status === 'named' ? 'green' : n.status === 'rectification' ? 'orange' : 'default'}>
                    {t(`naming.${n.status}`)}
                  </Tag>
                  {n.rectifyBy && n.status === 'rectification' && `${t('field.rectifyBy')} ${n.rectifyBy}`}
                  {n.assessments.length > 0 &&
                    t('studio.assessments', {
                      list: n.assessments
                        .map((a) => `${a.year} ${t(`result.${a.result}`)}${a.score !== null ? `（${a.score}）` : ''}`)
                        .join('；'),
                    })}
                </Space>
              ),
            },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, n) =>
                n.canAssess && (
                  <Space>
                    <Button size="small" onClick={() => setOpen({ kind: 'assess', naming: n })}>
                      {t('studio.assess')}
                    </Button>
                    <Popconfirm
                      title={t('studio.revokeConfirm')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() =>
                        innovationApi
                          .revoke(n.id, { revokedOn: dayjs().format('YYYY-MM-DD'), reason: t('studio.revoke') })
                          .then(done)
                          .catch(onError)
                      }
                    >
                      <Button size="small" danger>
                        {t('studio.revoke')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('studio.members')} style={{ marginBottom: 16 }} extra={add('member', t('studio.addMember'))}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={s.members}
          columns={[
            { title: t('field.name'), dataIndex: 'name', render: (v: string, m) => <Link to={`/people/${m.personId}`}>{v}</Link> },
            { title: t('field.role'), dataIndex: 'role', render: (r: 'leader' | 'core' | 'member') => t(`role.${r}`) },
            { title: t('field.joinedOn'), dataIndex: 'joinedOn' },
            { title: t('field.leftOn'), dataIndex: 'leftOn', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card title={t('studio.projects')} style={{ marginBottom: 16 }} extra={add('project', t('studio.addProject'))}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={s.projects}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
          columns={[
            { title: t('field.title'), dataIndex: 'title' },
            { title: t('field.approvalDocNo'), dataIndex: 'approvalDocNo' },
            { title: t('field.approvedOn'), dataIndex: 'approvedOn' },
          ]}
        />
      </Card>
      <Card
        title={t('studio.funding')}
        style={{ marginBottom: 16 }}
        extra={
          <Space>
            {t('studio.fundingTotal', { amount: s.fundingTotal.yuan })}
            {add('funding', t('studio.addFunding'))}
          </Space>
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={s.funding}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
          columns={[
            { title: t('field.source'), dataIndex: 'source' },
            { title: t('field.amount'), key: 'amount', align: 'right', render: (_: unknown, f) => f.amount.yuan },
            { title: t('field.receivedOn'), dataIndex: 'receivedOn' },
            { title: t('field.docNo'), dataIndex: 'docNo', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card title={t('studio.applications')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={s.applications}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
          columns={[
            { title: t('field.call'), dataIndex: 'callTitle' },
            { title: t('field.status'), dataIndex: 'status', render: (v: StudioDetail['applications'][number]['status']) => t(`app.${v}`) },
            { title: t('field.atOrg'), dataIndex: 'atOrgName', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      {open?.kind === 'member' && <MemberModal studioId={s.id} onClose={close} onDone={done} />}
      {open?.kind === 'project' && <ProjectModal studioId={s.id} onClose={close} onDone={done} />}
      {open?.kind === 'funding' && <FundingModal studioId={s.id} onClose={close} onDone={done} />}
      {open?.kind === 'apply' && <ApplyModal studioId={s.id} onClose={close} onDone={done} />}
      {open?.kind === 'assess' && <AssessModal naming={open.naming} onClose={close} onDone={done} />}
    </>
  );
}

interface ModalProps {
  onClose: () => void;
  onDone: () => Promise<void>;
}

function MemberModal({ studioId, onClose, onDone }: ModalProps & { studioId: string }) {
  const t = useInnovationT();
  const [form] = Form.useForm<{ personId: string; role: string; joinedOn: Dayjs }>();
  return (
    <FormModal
      title={t('studio.addMember')}
      open
      form={form}
      initialValues={{ role: 'member' }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.addMember(studioId, { ...v, joinedOn: day(v.joinedOn) });
        await onDone();
      }}
    >
      <Form.Item name="personId" label={t('field.person')} rules={[{ required: true }]}>
        <PersonSelect />
      </Form.Item>
      <Form.Item name="role" label={t('field.role')} rules={[{ required: true }]}>
        <Select options={(['core', 'member'] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Form.Item>
      <Form.Item name="joinedOn" label={t('field.joinedOn')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

function ProjectModal({ studioId, onClose, onDone }: ModalProps & { studioId: string }) {
  const t = useInnovationT();
  const [form] = Form.useForm<{ title: string; approvalDocNo: string; approvedOn: Dayjs }>();
  return (
    <FormModal
      title={t('studio.addProject')}
      open
      form={form}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.addProject(studioId, { ...v, approvedOn: day(v.approvedOn) });
        await onDone();
      }}
    >
      <Form.Item name="title" label={t('field.title')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="approvalDocNo" label={t('field.approvalDocNo')} rules={[{ required: true }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="approvedOn" label={t('field.approvedOn')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

function FundingModal({ studioId, onClose, onDone }: ModalProps & { studioId: string }) {
  const t = useInnovationT();
  const [form] = Form.useForm<{ source: string; amount: string; receivedOn: Dayjs; docNo?: string }>();
  return (
    <FormModal
      title={t('studio.addFunding')}
      open
      form={form}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.addFunding(studioId, { ...v, receivedOn: day(v.receivedOn) });
        await onDone();
      }}
    >
      <Form.Item name="source" label={t('field.source')} rules={[{ required: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="amount" label={t('field.amount')} rules={[{ required: true }]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="receivedOn" label={t('field.receivedOn')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="docNo" label={t('field.docNo')}>
        <Input maxLength={60} />
      </Form.Item>
    </FormModal>
  );
}

/** Drafts the application and submits it at once: the call's conditions are checked on submission. */
function ApplyModal({ studioId, onClose, onDone }: ModalProps & { studioId: string }) {
  const t = useInnovationT();
  const calls = useCalls();
  const [form] = Form.useForm<{ callId: string; statement?: string }>();
  return (
    <FormModal
      title={t('studio.apply')}
      open
      form={form}
      okText={t('action.submit')}
      onCancel={onClose}
      onSubmit={async (v) => {
        const existing = (await innovationApi.studio(studioId)).applications.find((a) => a.callId === v.callId);
        const app = existing ?? (await innovationApi.apply({ ...v, studioId }));
        await innovationApi.submit(app.id);
        await onDone();
      }}
    >
      <Form.Item name="callId" label={t('field.call')} rules={[{ required: true }]}>
        <Select options={(calls.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.title}（${c.orgName}）` }))} />
      </Form.Item>
      <Form.Item name="statement" label={t('field.note')}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
    </FormModal>
  );
}

function AssessModal({ naming, onClose, onDone }: ModalProps & { naming: NamingView }) {
  const t = useInnovationT();
  const year = new Date().getFullYear();
  // The items the records answer come pre-filled (marked as computed); the inspector sets the rest.
  const draft = useQuery({
    queryKey: ['innovation', 'draft', naming.id, year],
    queryFn: () => innovationApi.assessmentDraft(naming.id, year),
  });
  const checklist = draft.data ?? { kind: 'items' as const, items: [] };
  const [form] = Form.useForm<{
    year: number;
    result?: string;
    rectifyBy?: Dayjs;
    note?: string;
    items: Record<string, number | boolean>;
  }>();
  if (!draft.data) return null;
  return (
    <FormModal
      title={t('studio.assess')}
      open
      form={form}
      initialValues={{ year, items: Object.fromEntries(checklist.items.filter((i) => i.computed).map((i) => [i.key, i.ok ?? false])) }}
      onCancel={onClose}
      onSubmit={async (v) => {
        const items = checklist.items.map((i) =>
          checklist.kind === 'items'
            ? { key: i.key, ok: Boolean(v.items?.[i.key]) }
            : { key: i.key, deduction: Number(v.items?.[i.key] ?? 0) },
        );
        await innovationApi.assess(naming.id, {
          year: v.year,
          result: v.result,
          rectifyBy: v.rectifyBy ? day(v.rectifyBy) : undefined,
          note: v.note,
          items,
        });
        await onDone();
      }}
    >
      <Form.Item name="year" label={t('field.year')} rules={[{ required: true }]}>
        <InputNumber min={2000} max={2100} />
      </Form.Item>
      {checklist.items.map((i) =>
        checklist.kind === 'items' ? (
          <Form.Item key={i.key} name={['items', i.key]} label={i.computed ? `${i.label}（${t('assess.computed')}）` : i.label}>
            <Select
              options={[
                { value: true, label: '✓' },
                { value: false, label: '✗' },
              ]}
            />
          </Form.Item>
        ) : (
          <Form.Item key={i.key} name={['items', i.key]} label={`${i.label}（${i.points ?? 0}）`}>
            <InputNumber min={0} max={i.points ?? 100} />
          </Form.Item>
        ),
      )}
      <Form.Item name="result" label={t('field.result')}>
        <Select allowClear options={(['excellent', 'pass', 'rectify'] as const).map((r) => ({ value: r, label: t(`result.${r}`) }))} />
      </Form.Item>
      <Form.Item name="rectifyBy" label={t('field.rectifyBy')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('field.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}
