// The enterprise union's queue of worker self-registrations (people of its subtree, masked as the
// registry masks them): confirm opens the worker account with the password the worker chose; reject
// asks for the reason the worker sees when signing in.
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { innovationApi, type RegistrationView } from './proposals-api';
import { useInnovationT } from './proposals-i18n';
import { useProposalsChanged, useWorkerRegistrations } from './proposals-queries';

function RejectModal({ registration, onClose }: { registration: RegistrationView; onClose: () => void }) {
  const t = useInnovationT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const changed = useProposalsChanged();
  const submit = async (v: { reason: string }) => {
    await innovationApi.rejectRegistration(registration.id, v.reason.trim());
    void message.success(t('registrations.rejected'));
    await changed();
    onClose();
  };
  return (
    <FormModal<{ reason: string }>
      title={t('registrations.rejectTitle', { name: registration.personName })}
      open
      form={form}
      danger
      okText={t('registrations.reject')}
      onCancel={onClose}
      onSubmit={submit}
    >
      <Form.Item
        name="reason"
        label={t('registrations.reason')}
        rules={[{ required: true, whitespace: true, message: t('required', { field: t('registrations.reason') }) }]}
      >
        <Input.TextArea autoFocus rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormModal>
  );
}

export function WorkerRegistrationsPage() {
  const t = useInnovationT();
  const { message } = App.useApp();
  const [page, setPage] = useState({ current: 1, size: 20 });
  const [rejecting, setRejecting] = useState<RegistrationView | null>(null);
  const { data, isFetching, error, refetch } = useWorkerRegistrations(page.current, page.size);
  const changed = useProposalsChanged();
  const confirm = useMutation({
    mutationFn: (r: RegistrationView) => innovationApi.confirmRegistration(r.id),
    onSuccess: (made) => {
      void message.success(t('registrations.confirmed', { username: made.username }));
      return changed();
    },
  });

  const columns: TableProps<RegistrationView>['columns'] = [
    {
      title: t('registrations.person'),
      key: 'person',
      render: (_, r) => <Link to={`/people/${r.personId}`}>{r.personName}</Link>,
    },
    { title: t('registrations.unit'), dataIndex: 'orgName', key: 'unit' },
    {
      title: t('registrations.idNumber'),
      dataIndex: 'idMasked',
      key: 'id',
      width: 190,
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    {
      title: t('registrations.mobile'),
      dataIndex: 'mobileMasked',
      key: 'mobile',
      width: 130,
      render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span>,
    },
    { title: t('registrations.username'), dataIndex: 'username', key: 'username' },
    { title: t('registrations.date'), dataIndex: 'createdAt', key: 'date', width: 120, render: (v: string) => v.slice(0, 10) },
    {
      title: t('registrations.actions'),
      key: 'actions',
      width: 210,
      render: (_, r) => (
        <Space>
          <Popconfirm
            title={t('registrations.confirmAsk', { name: r.personName, username: r.username })}
            onConfirm={() => confirm.mutateAsync(r).catch(() => undefined)} // errors shown by the query client
          >
            <Button size="small" type="primary" icon={<CheckOutlined />} loading={confirm.isPending && confirm.variables?.id === r.id}>
              {t('registrations.confirm')}
            </Button>
          </Popconfirm>
          <Button size="small" danger icon={<CloseOutlined />} onClick={() => setRejecting(r)}>
            {t('registrations.reject')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('registrations.title')} />
      <Card>
        <Typography.Paragraph type="secondary">{t('registrations.intro')}</Typography.Paragraph>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<RegistrationView>
            rowKey="id"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={isFetching}
            scroll={{ x: 1000 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registrations.none')} /> }}
            pagination={{
              current: page.current,
              pageSize: page.size,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
            }}
            onChange={(p) => setPage({ current: p.current ?? 1, size: p.pageSize ?? 20 })}
          />
        )}
      </Card>
      {rejecting && <RejectModal registration={rejecting} onClose={() => setRejecting(null)} />}
    </>
  );
}
