// The worker list: search (name, full ID number, last four), filters, server-side sorting and
// pagination, export of the filtered list. ID numbers and phones arrive masked.
import { DownloadOutlined, EyeOutlined, SwapOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { FilterSelect, SearchBox } from '../../shared/list-controls';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { OrgSelect } from '../orgs/org-select';
import { peopleApi, type PeopleExport, type PeopleQuery, type PersonView } from './people-api';
import { PiiPurposeModal } from './pii-purpose';
import { useErrorHandler } from '../../shared/use-error-handler';
import { usePeopleT, useRefLabel } from './people-i18n';
import { usePeopleList } from './people-queries';
import { usePeopleMeta } from './use-people-meta';

export function PeoplePage() {
  const t = usePeopleT();
  const ref = useRefLabel();
  const meta = usePeopleMeta();
  const { can } = useSession();
  const { locale } = useI18n();
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const [query, setQuery] = useState<PeopleQuery>({ page: 1, pageSize: 20, sort: 'name' });
  const update = (changes: Partial<PeopleQuery>) => setQuery((q) => ({ ...q, page: 1, ...changes }));
  const { data, isFetching, error, refetch } = usePeopleList(query);
  const level = (code: string | null) =>
    ref(
      meta?.skillLevels.find((l) => l.code === code),
      code ?? '',
    );

  const sortOrder = (field: string) => (query.sort === field ? 'ascend' : query.sort === `-${field}` ? 'descend' : null);
  const columns: TableProps<PersonView>['columns'] = [
    {
      title: t('col.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      width: 120,
      render: (v: string, p) => <Link to={`/people/${p.id}`}>{v}</Link>,
    },
    {
      title: t('col.idNumber'),
      dataIndex: 'idNumberMasked',
      key: 'idNumber',
      width: 190,
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    { title: t('col.gender'), dataIndex: 'gender', key: 'gender', width: 90, render: (v: 'M' | 'F') => t(`gender.${v}`) },
    { title: t('col.birthDate'), dataIndex: 'birthDate', key: 'birthDate', sorter: true, sortOrder: sortOrder('birthDate'), width: 120 },
    { title: t('col.phone'), dataIndex: 'phoneMasked', key: 'phone', width: 130 },
    { title: t('col.org'), dataIndex: 'orgName', key: 'org', ellipsis: true },
    {
      title: t('col.skill'),
      dataIndex: 'skillLevel',
      key: 'skillLevel',
      sorter: true,
      sortOrder: sortOrder('skillLevel'),
      width: locale === 'en-US' ? 270 : 170, // "Senior worker (grade 3)" beside its tag
      render: (v: string | null, p) =>
        v && (
          <Space size={4}>
            {level(v)}
            {p.highlySkilled && <Tag color="gold">{t('highlySkilled')}</Tag>}
          </Space>
        ),
    },
    {
      title: t('col.member'),
      dataIndex: 'unionMember',
      key: 'member',
      width: 100,
      render: (v: boolean) => (v ? t('member.yes') : t('member.no')),
    },
  ];

  const onTableChange: TableProps<PersonView>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.order ? String(s.columnKey) : undefined;
    setQuery((q) => ({
      ...q,
      page: pagination.current ?? 1,
      pageSize: pagination.pageSize ?? q.pageSize,
      sort: field ? (s?.order === 'descend' ? `-${field}` : field) : undefined,
    }));
  };
  const { page: _p, pageSize: _s, sort: _o, ...filters } = query;
  // By POST: the filter may hold a full ID number, which must never appear in a URL.
  const [exporting, setExporting] = useState(false);
  const [askPurpose, setAskPurpose] = useState(false);
  const exportList = async (body: PeopleExport) => {
    setExporting(true);
    try {
      await peopleApi.exportList(body, `${t('title')}.xlsx`);
    } catch (err) {
      onError(err);
      throw err;
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Space>
            <Button icon={<SwapOutlined />} onClick={() => navigate('/people/transfers')}>
              {t('transfers.open')}
            </Button>
            {can('people.write') && (
              <Button icon={<UserAddOutlined />} onClick={() => navigate('/people/worker-registrations')}>
                {t('registrations.open')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList({ ...filters }).catch(() => undefined)}>
              {t('export')}
            </Button>
            {can('people.pii') && (
              <Button icon={<EyeOutlined />} onClick={() => setAskPurpose(true)}>
                {t('exportFull')}
              </Button>
            )}
            {can('people.import') && (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => navigate('/people/import')}>
                {t('import')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <SearchBox label={t('search')} placeholder={t('searchPlaceholder')} width={280} onSearch={(q) => update({ q })} />
          <OrgSelect
            allowClear
            placeholder={t('filterOrg')}
            style={{ width: 240 }}
            value={query.orgId}
            onChange={(v) => update({ orgId: v })}
          />
          <FilterSelect
            label={t('filterSkill')}
            width={150}
            value={query.skillLevel}
            onChange={(v) => update({ skillLevel: v })}
            options={(meta?.skillLevels ?? []).map((l) => ({ value: l.code, label: ref(l) }))}
          />
          <FilterSelect
            label={t('filterHonour')}
            width={150}
            value={query.honourKind}
            onChange={(v) => update({ honourKind: v })}
            options={(meta?.honourKinds ?? []).map((k) => ({ value: k.code, label: ref(k) }))}
          />
          <FilterSelect
            label={t('filterMember')}
            width={120}
            value={query.unionMember}
            onChange={(v) => update({ unionMember: v })}
            options={[
              { value: 'true', label: t('member.yes') },
              { value: 'false', label: t('member.no') },
            ]}
          />
          <FilterSelect
            label={t('highlySkilled')}
            width={130}
            value={query.highlySkilled}
            onChange={(v) => update({ highlySkilled: v })}
            options={[{ value: 'true', label: t('highlySkilled') }]}
          />
        </Flex>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<PersonView>
            rowKey="id"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={isFetching}
            onChange={onTableChange}
            scroll={{ x: locale === 'en-US' ? 1200 : 1100 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('total', { total }),
            }}
          />
        )}
      </Card>
      <PiiPurposeModal
        open={askPurpose}
        forExport
        onCancel={() => setAskPurpose(false)}
        onOk={(why) => exportList({ ...filters, unmasked: true, ...why }).then(() => setAskPurpose(false))}
      />
    </>
  );
}
