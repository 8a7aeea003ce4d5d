// Research visits the caller sees (organised in the subtree or hosted by it): search, filters by
// state, type and year, pagination, sorting by date or title; plan a visit; export the problem list.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
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
import {
  fieldworkApi,
  VISIT_STATUSES,
  VISIT_TYPES,
  type VisitRow,
  type VisitStatus,
  type VisitType,
  type VisitView,
} from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
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
  const [query, setQuery] = useState<{
    q?: string;
    status?: VisitStatus;
    visitType?: VisitType;
    year?: number;
    sort?: 'startDate' | '-startDate' | 'title' | '-title';
    page: number;
    pageSize: number;
  }>({ page: 1, pageSize: 20 });
  const { data, isFetching, error, refetch } = useVisits(query);
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
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            aria-label={t('search')}
            placeholder={t('search')}
            allowClear
            style={{ width: 280 }}
            onSearch={(v) => setQuery((q) => ({ ...q, page: 1, q: v.trim() || undefined }))}
          />
          <Select
            aria-label={t('f.status')}
            allowClear
            placeholder={t('f.status')}
            style={{ width: 140 }}
            value={query.status}
            onChange={(v) => setQuery((q) => ({ ...q, page: 1, status: v }))}
            options={VISIT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
          <Select
            aria-label={t('f.visitType')}
            allowClear
            placeholder={t('f.visitType')}
            style={{ width: 140 }}
            value={query.visitType}
            onChange={(v) => setQuery((q) => ({ ...q, page: 1, visitType: v }))}
            options={VISIT_TYPES.map((s) => ({ value: s, label: t(`type.${s}`) }))}
          />
          <InputNumber
            aria-label={t('year')}
            placeholder={t('year')}
            min={2000}
            max={2100}
            value={query.year}
            onChange={(v) => setQuery((q) => ({ ...q, page: 1, year: v ?? undefined }))}
          />
        </Flex>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<VisitRow>
            rowKey="id"
            loading={isFetching}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
            onChange={(_p, _f, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const field = s?.columnKey === 'title' ? 'title' : 'startDate';
              setQuery((q) => ({ ...q, sort: s?.order ? ((s.order === 'descend' ? `-${field}` : field) as typeof q.sort) : undefined }));
            }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('total', { total }),
              onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
            }}
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
        )}
      </Card>
      {creating && <VisitFormModal onClose={() => setCreating(false)} onSaved={(v) => navigate(`/visits/${v.id}`)} />}
    </>
  );
}
