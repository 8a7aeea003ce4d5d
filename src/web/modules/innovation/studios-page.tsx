// The studios of the user's subtree: search, filters (category, naming level, status), sorting,
// pagination, the ledger export, figures per level; register a new studio.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Flex, Form, Input, Select, Space, Statistic, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { FilterSelect, SearchBox, listPagination } from '../../shared/list-controls';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { innovationApi, type StudioRow, type StudiosQuery } from './innovation-api';
import { useInnovationT, type InnovationT } from './innovation-i18n';
import { useCategories, useInnovationChanged, useStudios } from './innovation-queries';
import { OwnOrgSelect, PersonSelect } from './pickers';

export const LEVELS = ['national', 'province', 'city', 'county', 'grassroots'] as const;

export const levelText = (t: InnovationT, level: string | null) => t(`level.${(level ?? 'none') as 'none'}`);

function Figures() {
  const t = useInnovationT();
  const { data } = useQuery({ queryKey: ['innovation', 'figures'], queryFn: innovationApi.figures });
  if (!data) return null;
  return (
    <Flex gap={32} wrap style={{ marginBottom: 16 }}>
      <Statistic title={t('figures.studios')} value={data.studios} />
      {data.byLevel.map((b) => (
        <Statistic key={b.level} title={t('figures.level', { level: levelText(t, b.level) })} value={b.studios} />
      ))}
      <Statistic title={t('figures.activePairs')} value={data.activePairs} />
      <Statistic title={t('figures.awardsDue')} value={data.awardsDue} />
    </Flex>
  );
}

export function StudiosPage() {
  const t = useInnovationT();
  const { can } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState<StudiosQuery>({ page: 1, pageSize: 20 });
  const { data, isFetching, error, refetch } = useStudios(query);
  const categories = useCategories();
  const [creating, setCreating] = useState(false);
  const { page: _p, pageSize: _s, ...filter } = query;

  return (
    <>
      <PageHeader
        title={t('studios')}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} href={innovationApi.exportUrl(filter)}>
              {t('export')}
            </Button>
            {can('innovation.write') && (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/studios/import')}>
                {t('import.button')}
              </Button>
            )}
            {can('innovation.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('studio.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <Figures />
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <SearchBox label={t('search')} width={280} onSearch={(text) => setQuery((q) => ({ ...q, page: 1, q: text }))} />
          <FilterSelect
            label={t('field.category')}
            width={200}
            value={query.category}
            onChange={(v) => setQuery((q) => ({ ...q, page: 1, category: v }))}
            options={(categories.data?.items ?? []).map((c) => ({ value: c.name, label: c.name }))}
          />
          <FilterSelect
            label={t('field.level')}
            width={140}
            value={query.level}
            onChange={(v) => setQuery((q) => ({ ...q, page: 1, level: v }))}
            options={[...LEVELS, 'none' as const].map((l) => ({ value: l, label: t(`level.${l}`) }))}
          />
          <FilterSelect
            label={t('field.status')}
            width={120}
            value={query.status}
            onChange={(v) => setQuery((q) => ({ ...q, page: 1, status: v }))}
            options={(['active', 'closed'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        </Flex>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<StudioRow>
            rowKey="id"
            loading={isFetching}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
            onChange={(_p, _f, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const field = s?.order ? String(s.field) : undefined;
              setQuery((q) => ({ ...q, page: 1, sort: field ? `${s?.order === 'descend' ? '-' : ''}${field}` : undefined }));
            }}
            pagination={listPagination(query, setQuery, data?.total, (total) => t('total', { total }))}
            columns={[
              {
                title: t('field.name'),
                dataIndex: 'name',
                sorter: true,
                render: (v: string, s) => <Link to={`/studios/${s.id}`}>{v}</Link>,
              },
              { title: t('field.category'), dataIndex: 'category', width: 160 },
              { title: t('field.org'), dataIndex: 'orgName', width: 200 },
              { title: t('field.leader'), dataIndex: 'leaderName', width: 100 },
              { title: t('field.foundedOn'), dataIndex: 'foundedOn', width: 120, sorter: true },
              { title: t('field.members'), dataIndex: 'memberCount', width: 80, align: 'right' },
              {
                title: t('field.level'),
                dataIndex: 'level',
                width: 100,
                render: (l: string | null) => <Tag color={l ? 'gold' : 'default'}>{levelText(t, l)}</Tag>,
              },
              { title: t('field.status'), dataIndex: 'status', width: 90, render: (s: 'active' | 'closed') => t(`status.${s}`) },
            ]}
          />
        )}
      </Card>
      {creating && <NewStudioModal onClose={() => setCreating(false)} onSaved={(id) => navigate(`/studios/${id}`)} />}
    </>
  );
}

interface StudioForm {
  orgId: string;
  name: string;
  category: string;
  leaderId: string;
  foundedOn: Dayjs;
  industryChain?: string;
  venueAddress?: string;
}

function NewStudioModal({ onClose, onSaved }: { onClose: () => void; onSaved: (id: string) => void }) {
  const t = useInnovationT();
  const [form] = Form.useForm<StudioForm>();
  const { user } = useSession();
  const categories = useCategories();
  const changed = useInnovationChanged();
  return (
    <FormModal<StudioForm>
      title={t('studio.new')}
      open
      form={form}
      initialValues={{ orgId: user?.orgId }}
      onCancel={onClose}
      onSubmit={async (v) => {
        const s = await innovationApi.createStudio({ ...v, foundedOn: v.foundedOn.format('YYYY-MM-DD') });
        await changed();
        onSaved(s.id);
      }}
    >
      <Form.Item name="orgId" label={t('field.org')} rules={[{ required: true }]}>
        <OwnOrgSelect />
      </Form.Item>
      <Form.Item name="name" label={t('field.name')} rules={[{ required: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="category" label={t('field.category')} rules={[{ required: true }]}>
        <Select options={(categories.data?.items ?? []).map((c) => ({ value: c.name, label: c.name }))} />
      </Form.Item>
      <Form.Item name="leaderId" label={t('field.leader')} rules={[{ required: true }]}>
        <PersonSelect />
      </Form.Item>
      <Form.Item name="foundedOn" label={t('field.foundedOn')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="industryChain" label={t('field.industryChain')}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="venueAddress" label={t('field.venue')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}
