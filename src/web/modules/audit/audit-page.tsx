// The audit log of the user's subtree: filters, pagination, what each entry is about by name, and
// what changed in words (the server translates field names and codes; no raw ids or JSON).
import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../shared/labels';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, type AuditEntry, type AuditQuery } from './audit-api';
import { useAuditLog } from './audit-queries';

interface DateLike {
  toISOString(): string;
}

interface FilterValues {
  action?: string;
  entityType?: string;
  actor?: string;
  range?: [DateLike | null, DateLike | null] | null;
}

const DANGER_ACTIONS = new Set(['delete', 'login_failed', 'lock', 'permission_denied', 'archive']);

function AuditFilters({ onSearch }: { onSearch: (values: FilterValues) => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<FilterValues>();
  return (
    <Form<FilterValues> form={form} layout="inline" onFinish={onSearch} style={{ marginBottom: 16, rowGap: 12 }}>
      <Form.Item label={t('audit.action')} name="action">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 160 }}
          placeholder={t('common.all')}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: label('audit.actions', a) }))}
        />
      </Form.Item>
      <Form.Item label={t('audit.entityType')} name="entityType">
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('common.all')}
          options={AUDIT_ENTITY_TYPES.map((e) => ({ value: e, label: label('audit.entities', e) }))}
        />
      </Form.Item>
      <Form.Item label={t('audit.actor')} name="actor">
        <Input allowClear style={{ width: 140 }} placeholder={t('audit.actorPlaceholder')} />
      </Form.Item>
      <Form.Item label={t('audit.range')} name="range">
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onSearch({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
      </Form.Item>
    </Form>
  );
}

export function AuditPage() {
  const { t, label, locale } = useI18n();
  const [query, setQuery] = useState<AuditQuery>({ page: 1, pageSize: 20 });
  const { data, isFetching, error, refetch } = useAuditLog(query);

  const onSearch = (v: FilterValues) =>
    setQuery((q) => ({
      page: 1,
      pageSize: q.pageSize,
      action: v.action,
      entityType: v.entityType,
      actor: v.actor?.trim() || undefined,
      from: v.range?.[0]?.toISOString(),
      to: v.range?.[1]?.toISOString(),
    }));

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 180, render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorUsername',
      key: 'actor',
      width: 140,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      width: 140,
      render: (v: string) => <Tag color={DANGER_ACTIONS.has(v) ? 'red' : 'blue'}>{label('audit.actions', v)}</Tag>,
    },
    {
      title: t('audit.entityType'),
      dataIndex: 'entityType',
      key: 'entityType',
      width: 120,
      render: (v: string) => label('audit.entities', v),
    },
    {
      title: t('audit.entityName'),
      dataIndex: 'entityName',
      key: 'entityName',
      ellipsis: true,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    { title: t('audit.org'), dataIndex: 'orgName', key: 'orgName', ellipsis: true, width: 200 },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', width: 140 },
  ];

  return (
    <>
      <PageHeader title={t('nav.audit')} />
      <Card>
        <AuditFilters onSearch={onSearch} />
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={isFetching}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.none')} /> }}
            expandable={{
              rowExpandable: (entry) => !!entry.summary,
              expandedRowRender: (entry) => (
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="audit-summary">
                  <Typography.Text strong>{t('audit.details')}</Typography.Text>
                  {entry.summary}
                </Typography.Paragraph>
              ),
            }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
            }}
          />
        )}
      </Card>
    </>
  );
}
