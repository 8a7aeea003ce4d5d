// Mentor–apprentice pairs of the subtree: search, state filter, "award due" filter, pagination; the
// outcome is read from the apprentice's skill history (promoted within the term → the master's award
// is due); propose an agreement and move a pair to its next state.
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Dropdown, Empty, Flex, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { FilterSelect, SearchBox, listPagination } from '../../shared/list-controls';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { innovationApi, type PairView, type PairsQuery } from './innovation-api';
import { useInnovationT } from './innovation-i18n';
import { useInnovationChanged, usePairs } from './innovation-queries';
import { OwnOrgSelect, PersonSelect } from './pickers';

const STATES = ['proposed', 'approved', 'signed', 'in_progress', 'exam_due', 'graduated', 'not_graduated', 'ended'] as const;
const LEVELS = ['junior', 'intermediate', 'senior', 'technician', 'senior_technician', 'principal_technician', 'chief_technician'] as const;

export function PairsPage() {
  const t = useInnovationT();
  const { can } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState<PairsQuery>({ page: 1, pageSize: 20 });
  const { data, isFetching, error, refetch } = usePairs(query);
  const [creating, setCreating] = useState(false);
  const changed = useInnovationChanged();
  const onError = useErrorHandler();
  const move = (p: PairView, to: PairView['status']) => {
    const grade = to === 'graduated' ? 'pass' : undefined;
    const reason = to === 'ended' || to === 'not_graduated' ? t(`pairStatus.${to}`) : undefined;
    innovationApi
      .transition(p.id, { to, grade, reason })
      .then(() => changed())
      .catch(onError);
  };

  return (
    <>
      <PageHeader
        title={t('pairs')}
        extra={
          can('innovation.write') && (
            <Space>
              <Button icon={<UploadOutlined />} onClick={() => navigate('/mentorships/import')}>
                {t('import.button')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('pair.new')}
              </Button>
            </Space>
          )
        }
      />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <SearchBox label={t('searchPairs')} width={300} onSearch={(text) => setQuery((q) => ({ ...q, page: 1, q: text }))} />
          <FilterSelect
            label={t('field.status')}
            width={140}
            value={query.status}
            onChange={(v) => setQuery((q) => ({ ...q, page: 1, status: v }))}
            options={STATES.map((s) => ({ value: s, label: t(`pairStatus.${s}`) }))}
          />
          <Checkbox
            checked={query.awardDue === 'true'}
            onChange={(e) => setQuery((q) => ({ ...q, page: 1, awardDue: e.target.checked ? 'true' : undefined }))}
          >
            {t('pair.onlyDue')}
          </Checkbox>
        </Flex>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<PairView>
            rowKey="id"
            loading={isFetching}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
            pagination={listPagination(query, setQuery, data?.total, (total) => t('total', { total }))}
            columns={[
              {
                title: t('field.agreementNo'),
                dataIndex: 'agreementNo',
                width: 140,
                render: (v: string, p) => <Link to={`/mentorships/${p.id}`}>{v}</Link>,
              },
              {
                title: t('field.master'),
                dataIndex: 'masterName',
                render: (v: string, p) => <Link to={`/people/${p.masterId}`}>{v}</Link>,
              },
              {
                title: t('field.apprentice'),
                dataIndex: 'apprenticeName',
                render: (v: string, p) => <Link to={`/people/${p.apprenticeId}`}>{v}</Link>,
              },
              { title: t('field.trade'), dataIndex: 'trade' },
              { title: t('field.target'), dataIndex: 'targetLevel', render: (l: PairView['targetLevel']) => t(`skill.${l}`) },
              { title: t('field.term'), key: 'term', render: (_: unknown, p) => `${p.startOn} ~ ${p.endOn}` },
              { title: t('field.status'), dataIndex: 'status', render: (s: PairView['status']) => <Tag>{t(`pairStatus.${s}`)}</Tag> },
              {
                title: t('field.outcome'),
                key: 'outcome',
                render: (_: unknown, p) =>
                  p.awardDue ? (
                    <Tag color="gold">
                      {t('pair.awardDue')} · {t('pair.promotedOn', { date: p.promotedOn ?? '' })}
                    </Tag>
                  ) : (
                    t('pair.notPromoted')
                  ),
              },
              {
                title: '',
                key: 'actions',
                render: (_: unknown, p) =>
                  p.next.length > 0 && (
                    <Dropdown
                      trigger={['click']}
                      menu={{
                        items: p.next.map((to) => ({ key: to, label: t('pair.move', { state: t(`pairStatus.${to}`) }) })),
                        onClick: ({ key }) => move(p, key as PairView['status']),
                      }}
                    >
                      <Button size="small">{t('field.status')}</Button>
                    </Dropdown>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {creating && <NewPairModal onClose={() => setCreating(false)} />}
    </>
  );
}

interface PairForm {
  orgId: string;
  agreementNo: string;
  masterId: string;
  apprenticeId: string;
  trade: string;
  targetLevel: string;
  startOn: Dayjs;
  endOn: Dayjs;
  allowance?: string;
}

function NewPairModal({ onClose }: { onClose: () => void }) {
  const t = useInnovationT();
  const { user } = useSession();
  const [form] = Form.useForm<PairForm>();
  const changed = useInnovationChanged();
  return (
    <FormModal<PairForm>
      title={t('pair.new')}
      open
      form={form}
      initialValues={{ orgId: user?.orgId, targetLevel: 'technician' }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await innovationApi.createPair({
          ...v,
          startOn: v.startOn.format('YYYY-MM-DD'),
          endOn: v.endOn.format('YYYY-MM-DD'),
          allowance: v.allowance || undefined,
        });
        onClose();
        await changed();
      }}
    >
      <Form.Item name="orgId" label={t('field.org')} rules={[{ required: true }]}>
        <OwnOrgSelect />
      </Form.Item>
      <Form.Item name="agreementNo" label={t('field.agreementNo')} rules={[{ required: true }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="masterId" label={t('field.master')} rules={[{ required: true }]}>
        <PersonSelect />
      </Form.Item>
      <Form.Item name="apprenticeId" label={t('field.apprentice')} rules={[{ required: true }]}>
        <PersonSelect />
      </Form.Item>
      <Form.Item name="trade" label={t('field.trade')} rules={[{ required: true }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="targetLevel" label={t('field.target')} rules={[{ required: true }]}>
        <Select options={LEVELS.map((l) => ({ value: l, label: t(`skill.${l}`) }))} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="startOn" label={t('field.startOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="endOn" label={t('field.endOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Flex>
      <Form.Item name="allowance" label={t('field.allowance')}>
        <Input inputMode="decimal" />
      </Form.Item>
    </FormModal>
  );
}
