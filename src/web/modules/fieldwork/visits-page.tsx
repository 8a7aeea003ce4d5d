// Research visits the caller sees (organised in the subtree or hosted by it): search, filters by
// state, type and year, pagination, sorting by date or title; plan a visit; export the problem list.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { useAffiliatedOffer } from '../industry/industry-queries';
import { OrgMultiSelect } from '../tasks/org-multi-select';
import { isoOf } from '../tasks/use-task-options';
import { fieldworkApi, VISIT_STATUSES, VISIT_TYPES, type VisitStatus, type VisitType, type VisitView } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
import { FieldworkListCard, type ListQuery } from './fieldwork-list';
import { useFieldworkChanged, useVisits } from './fieldwork-queries';

const STATUS_COLOR: Record<VisitStatus, string> = {
  planned: 'default',
  approved: 'blue',
  under_way: 'processing',
  report_due: 'orange',
  reported: 'cyan',
  closed: 'green',
};
export const statusColor = (s: VisitStatus) => STATUS_COLOR[s];

const lines = (v?: string) =>
  (v ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

interface VisitFormValues {
  title: string;
  visitType: VisitType;
  themes: string[];
  leaderName: string;
  leaderPost?: string;
  dates: [Dayjs, Dayjs];
  hostOrgIds?: string[];
  reportDue?: Dayjs;
  findings?: string;
  requirements?: string;
}

function VisitFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: (v: VisitView) => void }) {
  const t = useFieldworkT();
  // An industry union's affiliated enterprises are offered before typing (its reach: platform/access.ts).
  const offer = useAffiliatedOffer();
  const [form] = Form.useForm<VisitFormValues>();
  const changed = useFieldworkChanged();
  return (
    <FormModal<VisitFormValues>
      title={`${t('new')}${t('visit')}`}
      open
      width={720}
      form={form}
      initialValues={{ visitType: 'thematic', themes: [] }}
      onCancel={onClose}
      onSubmit={async (v) => {
        const saved = await fieldworkApi.createVisit({
          title: v.title,
          visitType: v.visitType,
          themes: v.themes,
          leaderName: v.leaderName,
          leaderPost: v.leaderPost,
          startDate: isoOf(v.dates[0])!,
          endDate: isoOf(v.dates[1])!,
          hostOrgIds: v.hostOrgIds,
          reportDue: isoOf(v.reportDue),
          findings: lines(v.findings),
          requirements: lines(v.requirements),
        });
        await changed();
        onSaved(saved);
      }}
    >
      <Form.Item name="title" label={t('f.title')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="visitType" label={t('f.visitType')} rules={[{ required: true }]}>
        <Select options={VISIT_TYPES.map((x) => ({ value: x, label: t(`type.${x}`) }))} />
      </Form.Item>
      <Form.Item name="themes" label={t('f.themes')} rules={[{ required: true }]}>
        <Select mode="tags" aria-label={t('f.themes')} />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="leaderName" label={t('f.leaderName')} rules={[{ required: true }]} style={{ flex: 1 }}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="leaderPost" label={t('f.leaderPost')} style={{ flex: 2, marginLeft: 8 }}>
          <Input maxLength={200} />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="dates" label={t('f.dates')} rules={[{ required: true }]}>
        <DatePicker.RangePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="hostOrgIds" label={t('f.hosts')}>
        <OrgMultiSelect offer={offer} />
      </Form.Item>
      <Form.Item name="reportDue" label={t('f.reportDue')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="findings" label={t('f.findings')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="requirements" label={t('f.requirements')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

export function VisitsPage() {
  const t = useFieldworkT();
  const { can } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState<ListQuery<'startDate'> & { status?: VisitStatus; visitType?: VisitType }>({ page: 1, pageSize: 20 });
  const visits = useVisits(query);
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title={t('visits')}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} href={fieldworkApi.problemsExportUrl()}>
              {t('export')}
            </Button>
            {can('tasks.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('new')}
              </Button>
            )}
          </Space>
        }
      />
      <FieldworkListCard
        query={query}
        setQuery={setQuery}
        search={{ label: t('search'), width: 280 }}
        filters={[
          {
            label: t('f.status'),
            width: 140,
            value: query.status,
            set: (q, v) => ({ ...q, status: v as VisitStatus | undefined }),
            options: VISIT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          },
          {
            label: t('f.visitType'),
            width: 140,
            value: query.visitType,
            set: (q, v) => ({ ...q, visitType: v as VisitType | undefined }),
            options: VISIT_TYPES.map((s) => ({ value: s, label: t(`type.${s}`) })),
          },
        ]}
        dateSort="startDate"
        result={visits}
        columns={[
          {
            title: t('f.title'),
            key: 'title',
            dataIndex: 'title',
            sorter: true,
            render: (v: string, r) => <Link to={`/visits/${r.id}`}>{v}</Link>,
          },
          { title: t('f.org'), key: 'org', render: (_: unknown, r) => r.org.name, width: 160 },
          { title: t('f.visitType'), dataIndex: 'visitType', width: 100, render: (v: VisitType) => t(`type.${v}`) },
          { title: t('f.leaderName'), dataIndex: 'leaderName', width: 100 },
          {
            title: t('f.dates'),
            key: 'startDate',
            sorter: true,
            width: 200,
            render: (_: unknown, r) => `${r.startDate} ~ ${r.endDate}`,
          },
          { title: t('f.hostCount'), dataIndex: 'hostCount', width: 90, align: 'right' },
          { title: t('f.problemCount'), dataIndex: 'problemCount', width: 80, align: 'right' },
          {
            title: t('f.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: VisitStatus) => <Tag color={statusColor(s)}>{t(`status.${s}`)}</Tag>,
          },
        ]}
      />
      {creating && <VisitFormModal onClose={() => setCreating(false)} onSaved={(v) => navigate(`/visits/${v.id}`)} />}
    </>
  );
}
