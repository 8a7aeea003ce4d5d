// The detail pane of one organisation: its fields and the actions on it.
import { DeleteOutlined, DragOutlined, EditOutlined, InboxOutlined, PlusOutlined, RollbackOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, Descriptions, Empty, Popconfirm, Result, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { formatDateTime, KindTag, OrgStatusTag } from '../../shared/labels';
import { useErrorHandler } from '../../shared/use-error-handler';
import { QueryError } from '../../shared/query-error';
import { OrgFormModal } from './org-form-modal';
import { OrgMoveModal } from './org-move-modal';
import { orgsApi, type OrgDetail, type OrgView } from './orgs-api';
import { useOrg, useOrgsChanged } from './orgs-queries';
import { AffiliationsCard } from '../industry/affiliations-card';
import { divisionLabel, useIndustryT } from '../industry/industry-i18n';

export interface OrgChangeHandlers {
  onCreated: (child: OrgView) => void;
  onUpdated: (org: OrgView) => void;
  onMoved: (org: OrgView, oldParentId: string | null) => void;
  onDeleted: (org: OrgView) => void;
  onNavigate: (id: string) => void;
  /** Called with every load of the detail (the tree reveals the node). */
  onLoaded: (org: OrgDetail) => void;
}

type Dialog = 'create' | 'edit' | 'move' | null;

function OrgFields({ org }: { org: OrgDetail }) {
  const { t, label, locale } = useI18n();
  const ti = useIndustryT();
  const dash = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Descriptions
      bordered
      size="middle"
      column={{ xs: 1, md: 2 }}
      styles={{ label: { width: 150 } }}
      items={[
        { key: 'name', label: t('org.name'), children: org.name, span: 2 },
        { key: 'kind', label: t('org.kind'), children: <KindTag kind={org.kind} /> },
        { key: 'level', label: t('org.level'), children: label('level', org.level) },
        {
          key: 'region',
          label: t('org.region'),
          children: org.regionName ? t('org.regionValue', { name: org.regionName, code: org.regionCode ?? '' }) : dash,
        },
        { key: 'status', label: t('org.status'), children: <OrgStatusTag status={org.status} /> },
        { key: 'uscc', label: t('org.uscc'), children: org.uscc ?? dash },
        { key: 'unionName', label: t('org.unionName'), children: org.unionName ?? dash },
        ...(org.kind === 'enterprise'
          ? [
              { key: 'industry', label: ti('industry'), children: divisionLabel(org.industryCode, locale) ?? dash },
              {
                key: 'industryUnions',
                label: ti('industryChain'),
                children: org.industryUnions.length ? org.industryUnions.map((u) => u.name).join('、') : ti('noIndustryUnion'),
              },
            ]
          : []),
        { key: 'childCount', label: t('org.childCount'), children: org.childCount },
        { key: 'id', label: t('org.id'), children: org.id },
        { key: 'createdAt', label: t('common.createdAt'), children: formatDateTime(org.createdAt, locale) },
        { key: 'updatedAt', label: t('common.updatedAt'), children: formatDateTime(org.updatedAt, locale) },
      ]}
    />
  );
}

function OrgActions({
  org,
  onOpen,
  onChanged,
  onDeleted,
}: {
  org: OrgDetail;
  onOpen: (d: Dialog) => void;
  onChanged: (o: OrgView) => void;
  onDeleted: () => void;
}) {
  const { t } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const orgsChanged = useOrgsChanged();
  const isOwnRoot = org.id === user?.orgId;
  const archived = org.status === 'archived';

  const setStatus = async () => {
    try {
      const next = archived ? await orgsApi.restore(org.id) : await orgsApi.archive(org.id);
      void message.success(archived ? t('org.restored') : t('org.archived'));
      onChanged(next);
    } catch (err) {
      onError(err);
    }
  };
  const remove = async () => {
    try {
      await orgsApi.remove(org.id);
      void message.success(t('org.deleted'));
      void orgsChanged(org.id);
      onDeleted();
    } catch (err) {
      onError(err);
    }
  };

  return (
    <Space wrap>
      <Button type="primary" icon={<PlusOutlined />} disabled={archived || org.kind === 'enterprise'} onClick={() => onOpen('create')}>
        {t('org.addChild')}
      </Button>
      <Button icon={<EditOutlined />} onClick={() => onOpen('edit')}>
        {t('common.edit')}
      </Button>
      {!isOwnRoot && (
        <Button icon={<DragOutlined />} onClick={() => onOpen('move')}>
          {t('org.move')}
        </Button>
      )}
      {!isOwnRoot && (
        <Popconfirm
          title={archived ? t('org.restoreConfirm') : t('org.archiveConfirm')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={setStatus}
        >
          <Button icon={archived ? <RollbackOutlined /> : <InboxOutlined />}>{archived ? t('org.restore') : t('org.archive')}</Button>
        </Popconfirm>
      )}
      {!isOwnRoot && (
        <Popconfirm
          title={t('org.deleteConfirm', { name: org.name })}
          description={t('org.deleteHint')}
          okText={t('common.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={remove}
        >
          <Button danger icon={<DeleteOutlined />}>
            {t('common.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

export function OrgDetailPane({ id, handlers }: { id: string; handlers: OrgChangeHandlers }) {
  const { t } = useI18n();
  const { can } = useSession();
  const { data: org, error, refetch } = useOrg(id, { inPage: true });
  const orgsChanged = useOrgsChanged();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { onLoaded } = handlers;

  useEffect(() => {
    if (org) onLoaded(org);
  }, [org, onLoaded]);

  if (error) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.code === 'validation_failed');
    return notFound ? (
      <Result status="404" title={t('org.notFoundTitle')} subTitle={t('org.notFound')} />
    ) : (
      <QueryError error={error} onRetry={() => void refetch()} />
    );
  }
  if (!org) return <Skeleton active paragraph={{ rows: 8 }} />;

  const onChanged = (next: OrgView) => {
    void orgsChanged();
    handlers.onUpdated(next);
  };

  return (
    <Card
      title={
        <Space>
          <span>{org.name}</span>
          <KindTag kind={org.kind} />
          {org.status === 'archived' && <OrgStatusTag status={org.status} />}
        </Space>
      }
      extra={
        can('users.read') && (
          <Link to={`/users?orgId=${org.id}`}>
            <TeamOutlined /> {t('org.viewUsers')}
          </Link>
        )
      }
    >
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={[
          ...org.ancestors.map((a) => ({ key: a.id, title: <Link to={`/orgs/${a.id}`}>{a.name}</Link> })),
          { key: org.id, title: org.name },
        ]}
      />
      {can('orgs.write') && !org.industryReach && (
        <div style={{ marginBottom: 16 }}>
          <OrgActions org={org} onOpen={setDialog} onChanged={onChanged} onDeleted={() => handlers.onDeleted(org)} />
        </div>
      )}
      <OrgFields org={org} />
      {org.kind === 'enterprise' && <AffiliationsCard org={org} canWrite={can('orgs.write')} />}
      {dialog === 'create' && (
        <OrgFormModal
          mode="create"
          parent={org}
          open
          onClose={() => setDialog(null)}
          onSaved={(child) => {
            setDialog(null);
            void orgsChanged();
            handlers.onCreated(child);
          }}
        />
      )}
      {dialog === 'edit' && (
        <OrgFormModal
          mode="edit"
          org={org}
          open
          onClose={() => setDialog(null)}
          onSaved={(next) => {
            setDialog(null);
            onChanged(next);
          }}
        />
      )}
      {dialog === 'move' && (
        <OrgMoveModal
          org={org}
          open
          onClose={() => setDialog(null)}
          onMoved={(next, oldParent) => {
            setDialog(null);
            void orgsChanged();
            handlers.onMoved(next, oldParent);
          }}
        />
      )}
    </Card>
  );
}

export function OrgDetailEmpty() {
  const { t } = useI18n();
  return <Empty style={{ marginTop: 80 }} description={t('org.pickHint')} />;
}
