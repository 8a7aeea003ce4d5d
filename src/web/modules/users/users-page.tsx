// Users of the subtree: server-side search, filters, sorting and pagination; create and manage.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Space, Table, Tag, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { formatDateTime, RoleTags } from '../../shared/labels';
import { useMeta } from '../../shared/meta';
import { FilterSelect, SearchBox } from '../../shared/list-controls';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { OrgSelect } from '../orgs/org-select';
import { useOrg } from '../orgs/orgs-queries';
import { ResetPasswordModal } from './reset-password-modal';
import { UserActions } from './user-actions';
import { UserCreateModal } from './user-create-modal';
import { UserEditModal } from './user-edit-modal';
import type { UserQuery, UserView } from './users-api';
import { useUsers, useUsersChanged } from './users-queries';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: UserView } | { kind: 'reset-password'; user: UserView } | null;

function StatusCell({ user }: { user: UserView }) {
  const { t } = useI18n();
  return (
    <Space size={[0, 4]} wrap>
      {user.status === 'active' ? (
        <Tag color="success">{t('user.status.active')}</Tag>
      ) : (
        <Tag color="default">{t('user.status.disabled')}</Tag>
      )}
      {user.locked && <Tag color="error">{t('user.locked')}</Tag>}
      {user.mustChangePassword && <Tag color="warning">{t('user.mustChangePassword')}</Tag>}
      {user.totpEnabled && <Tag color="processing">{t('user.totpOn')}</Tag>}
    </Space>
  );
}

function useUserQuery() {
  const [params] = useSearchParams();
  const [query, setQuery] = useState<UserQuery>({ page: 1, pageSize: 20, sort: 'username', orgId: params.get('orgId') ?? undefined });
  const update = (changes: Partial<UserQuery>) => setQuery((q) => ({ ...q, page: 1, ...changes }));
  return { query, setQuery, update };
}

export function UsersPage() {
  const { t, label, locale } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const meta = useMeta();
  const { query, setQuery, update } = useUserQuery();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { data, isFetching, error, refetch } = useUsers(query);
  const usersChanged = useUsersChanged();
  const reload = () => void usersChanged();
  // The organisation named in the address (from the organisation page), for the filter's label.
  const [addressOrgId] = useState(query.orgId);
  const filterOrg = useOrg(addressOrgId);
  const writable = can('users.write');

  const sortOrder = (field: string) => (query.sort === field ? 'ascend' : query.sort === `-${field}` ? 'descend' : null);
  const columns: TableProps<UserView>['columns'] = [
    { title: t('user.username'), dataIndex: 'username', key: 'username', sorter: true, sortOrder: sortOrder('username'), width: 160 },
    {
      title: t('user.displayName'),
      dataIndex: 'displayName',
      key: 'displayName',
      sorter: true,
      sortOrder: sortOrder('displayName'),
      width: 140,
    },
    { title: t('user.org'), dataIndex: 'orgName', key: 'orgName', ellipsis: true },
    { title: t('user.roles'), dataIndex: 'roles', key: 'roles', render: (roles: string[]) => <RoleTags roles={roles} /> },
    { title: t('user.status'), key: 'status', render: (_, u) => <StatusCell user={u} />, width: 200 },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      width: 170,
      render: (v: string) => formatDateTime(v, locale),
    },
    ...(writable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 240,
            fixed: 'right' as const,
            render: (_: unknown, u: UserView) => (
              <UserActions
                target={u}
                onEdit={() => setDialog({ kind: 'edit', user: u })}
                onResetPassword={() => setDialog({ kind: 'reset-password', user: u })}
                onChanged={reload}
              />
            ),
          },
        ]
      : []),
  ];

  const onTableChange: TableProps<UserView>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.order ? String(s.columnKey) : undefined;
    setQuery((q) => ({
      ...q,
      page: pagination.current ?? 1,
      pageSize: pagination.pageSize ?? q.pageSize,
      sort: field ? (s?.order === 'descend' ? `-${field}` : field) : undefined,
    }));
  };

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        extra={
          writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              {t('user.create')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <SearchBox label={t('user.search')} placeholder={t('user.searchPlaceholder')} width={260} onSearch={(q) => update({ q })} />
          <FilterSelect
            label={t('user.status')}
            placeholder={t('user.filterStatus')}
            width={140}
            value={query.status}
            onChange={(v) => update({ status: v })}
            options={(['active', 'disabled'] as const).map((s) => ({ value: s, label: t(`user.status.${s}`) }))}
          />
          <FilterSelect
            label={t('user.roles')}
            placeholder={t('user.filterRole')}
            width={180}
            value={query.role}
            onChange={(v) => update({ role: v })}
            options={(meta?.roles ?? []).map((r) => ({ value: r.name, label: label('role', r.name) }))}
          />
          {!(addressOrgId && filterOrg.isPending) && (
            <OrgSelect
              allowClear
              placeholder={t('user.filterOrg')}
              style={{ width: 260 }}
              value={query.orgId}
              initial={filterOrg.data ? [{ id: filterOrg.data.id, name: filterOrg.data.name }] : []}
              onChange={(v) => update({ orgId: v })}
            />
          )}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </Flex>
        {error ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<UserView>
            rowKey="id"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={isFetching}
            onChange={onTableChange}
            scroll={{ x: 1100 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('user.none')} /> }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.total', { total }),
            }}
          />
        )}
      </Card>
      {dialog?.kind === 'create' && (
        <UserCreateModal
          open
          defaultOrg={
            filterOrg.data && query.orgId === filterOrg.data.id ? { id: filterOrg.data.id, name: filterOrg.data.name } : undefined
          }
          onClose={() => setDialog(null)}
          onCreated={(u) => {
            setDialog(null);
            void message.success(t('user.created', { name: u.username }));
            reload();
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <UserEditModal
          target={dialog.user}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void message.success(t('common.saved'));
            reload();
          }}
        />
      )}
      {dialog?.kind === 'reset-password' && (
        <ResetPasswordModal
          target={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void message.success(t('user.passwordReset'));
            reload();
          }}
        />
      )}
    </>
  );
}
