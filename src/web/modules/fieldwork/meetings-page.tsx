// Meetings the caller sees (convened in the subtree, or with one of its units invited): search,
// filters by series, type and year, pagination, sorting; call a meeting or a series; export the
// decisions ledger.
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
import { isoOf, useProgrammeOptions } from '../tasks/use-task-options';
import { fieldworkApi, MEETING_TYPES, type MeetingRow, type MeetingView } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
import { FieldworkListCard, type ListQuery } from './fieldwork-list';
import { useFieldworkChanged, useMeetings, useSeries } from './fieldwork-queries';

type MeetingType = MeetingRow['meetingType'];

interface MeetingFormValues {
  seriesId?: string;
  meetingType: MeetingType;
  title: string;
  meetingDate: Dayjs;
  venue?: string;
  programmeId?: string;
  reportDeadline?: Dayjs;
  invitedOrgIds?: string[];
  agenda?: string;
}

function MeetingFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: (m: MeetingView) => void }) {
  const t = useFieldworkT();
  // An industry union's affiliated enterprises are offered before typing (its reach: platform/access.ts).
  const offer = useAffiliatedOffer();
  const [form] = Form.useForm<MeetingFormValues>();
  const series = useSeries().data?.items ?? [];
  const programmes = useProgrammeOptions();
  const changed = useFieldworkChanged();
  return (
    <FormModal<MeetingFormValues>
      title={`${t('new')}${t('meeting')}`}
      open
      width={720}
      form={form}
      initialValues={{ meetingType: 'symposium' }}
      onCancel={onClose}
      onSubmit={async (v) => {
        const saved = await fieldworkApi.createMeeting({
          seriesId: v.seriesId,
          meetingType: v.meetingType,
          title: v.title,
          meetingDate: isoOf(v.meetingDate)!,
          venue: v.venue,
          programmeId: v.programmeId,
          reportDeadline: isoOf(v.reportDeadline),
          invitedOrgIds: v.invitedOrgIds,
          agenda: (v.agenda ?? '')
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean)
            .map((title) => ({ title })),
        });
        await changed();
        onSaved(saved);
      }}
    >
      <Form.Item name="title" label={t('m.title')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="meetingType" label={t('m.type')} rules={[{ required: true }]}>
        <Select options={MEETING_TYPES.map((x) => ({ value: x, label: t(`m.type.${x}`) }))} />
      </Form.Item>
      <Form.Item name="seriesId" label={t('m.series')}>
        <Select allowClear options={series.map((s) => ({ value: s.id, label: s.title }))} />
      </Form.Item>
      <Form.Item name="meetingDate" label={t('m.date')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="venue" label={t('m.venue')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="programmeId" label={t('f.programme')}>
        <Select allowClear options={programmes.map((p) => ({ value: p.id, label: p.title }))} />
      </Form.Item>
      <Form.Item name="reportDeadline" label={t('m.reportDeadline')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="invitedOrgIds" label={t('m.invited')}>
        <OrgMultiSelect offer={offer} />
      </Form.Item>
      <Form.Item name="agenda" label={t('m.agenda')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

function SeriesModal({ onClose }: { onClose: () => void }) {
  const t = useFieldworkT();
  const [form] = Form.useForm<{ title: string }>();
  const changed = useFieldworkChanged();
  return (
    <FormModal<{ title: string }>
      title={t('m.newSeries')}
      open
      form={form}
      onCancel={onClose}
      onSubmit={async (v) => {
        await fieldworkApi.createSeries(v.title);
        await changed();
        onClose();
      }}
    >
      <Form.Item name="title" label={t('m.series')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

export function MeetingsPage() {
  const t = useFieldworkT();
  const { can } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState<ListQuery<'meetingDate'> & { seriesId?: string; meetingType?: MeetingType }>({
    page: 1,
    pageSize: 20,
  });
  const meetings = useMeetings(query);
  const series = useSeries().data?.items ?? [];
  const [creating, setCreating] = useState<'meeting' | 'series'>();

  return (
    <>
      <PageHeader
        title={t('meetings')}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} href={fieldworkApi.decisionsExportUrl({ seriesId: query.seriesId })}>
              {t('export')}
            </Button>
            {can('tasks.write') && <Button onClick={() => setCreating('series')}>{t('m.newSeries')}</Button>}
            {can('tasks.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating('meeting')}>
                {t('new')}
              </Button>
            )}
          </Space>
        }
      />
      <FieldworkListCard
        query={query}
        setQuery={setQuery}
        search={{ label: t('m.title'), width: 260 }}
        filters={[
          {
            label: t('m.series'),
            width: 220,
            value: query.seriesId,
            set: (q, v) => ({ ...q, seriesId: v }),
            options: series.map((s) => ({ value: s.id, label: s.title })),
          },
          {
            label: t('m.type'),
            width: 140,
            value: query.meetingType,
            set: (q, v) => ({ ...q, meetingType: v as MeetingType | undefined }),
            options: MEETING_TYPES.map((s) => ({ value: s, label: t(`m.type.${s}`) })),
          },
        ]}
        dateSort="meetingDate"
        result={meetings}
        columns={[
          {
            title: t('m.title'),
            key: 'title',
            dataIndex: 'title',
            sorter: true,
            render: (v: string, r) => <Link to={`/meetings/${r.id}`}>{v}</Link>,
          },
          {
            title: t('m.series'),
            key: 'series',
            width: 220,
            render: (_: unknown, r) => (r.series ? `${r.series.title} ${r.sessionNo ? t('m.session', { n: r.sessionNo }) : ''}` : ''),
          },
          { title: t('m.type'), dataIndex: 'meetingType', width: 110, render: (v: MeetingType) => t(`m.type.${v}`) },
          { title: t('m.date'), key: 'meetingDate', dataIndex: 'meetingDate', sorter: true, width: 120 },
          { title: t('m.convenor'), key: 'org', width: 160, render: (_: unknown, r) => r.org.name },
          {
            title: t('m.minutes'),
            dataIndex: 'minutesStatus',
            width: 100,
            render: (s: MeetingRow['minutesStatus']) => <Tag>{t(`minutes.${s}`)}</Tag>,
          },
        ]}
      />
      {creating === 'meeting' && <MeetingFormModal onClose={() => setCreating(undefined)} onSaved={(m) => navigate(`/meetings/${m.id}`)} />}
      {creating === 'series' && <SeriesModal onClose={() => setCreating(undefined)} />}
    </>
  );
}
