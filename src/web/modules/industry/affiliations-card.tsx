// The industry chain of one enterprise on its organisation page: its industry unions, the history
// of its affiliations, and what the caller may do — the territorial chain proposes (from the
// industry code) or sets an affiliation and may end one; the industry union confirms or declines.
import { App, Button, Card, Empty, Flex, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../shared/labels';
import { useErrorHandler } from '../../shared/use-error-handler';
import type { OrgDetail } from '../orgs/orgs-api';
import { industryApi, type AffiliationView } from './industry-api';
import { useIndustryT } from './industry-i18n';
import { useAffiliationsChanged, useEnterpriseAffiliations, useIndustryMapping } from './industry-queries';

const STATUS_COLOR: Record<AffiliationView['status'], string> = {
  proposed: 'gold',
  active: 'green',
  ended: 'default',
  declined: 'default',
};

export function AffiliationStatusTag({ status }: { status: AffiliationView['status'] }) {
  const t = useIndustryT();
  return <Tag color={STATUS_COLOR[status]}>{t(`status.${status}`)}</Tag>;
}

/** Confirm / decline / end buttons of one affiliation, as its permissions allow. */
export function AffiliationActions({ a }: { a: AffiliationView }) {
  const t = useIndustryT();
  const { t: tc } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useAffiliationsChanged();
  const [busy, setBusy] = useState(false);
  const act = async (action: 'confirm' | 'decline' | 'end') => {
    setBusy(true);
    try {
      await industryApi.decide(a.id, action);
      void message.success(t('done'));
      await changed();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap>
      {a.permissions.canConfirm && (
        <Button size="small" type="primary" loading={busy} onClick={() => void act('confirm')}>
          {t('confirm')}
        </Button>
      )}
      {a.permissions.canConfirm && (
        <Popconfirm
          title={t('declineConfirm')}
          okText={tc('common.confirm')}
          cancelText={tc('common.cancel')}
          onConfirm={() => act('decline')}
        >
          <Button size="small" loading={busy}>
            {t('decline')}
          </Button>
        </Popconfirm>
      )}
      {a.permissions.canEnd && a.status === 'active' && (
        <Popconfirm
          title={t('endConfirm', { union: a.union.name })}
          okText={tc('common.confirm')}
          okButtonProps={{ danger: true }}
          cancelText={tc('common.cancel')}
          onConfirm={() => act('end')}
        >
          <Button size="small" danger loading={busy}>
            {t('end')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

export function AffiliationsCard({ org, canWrite }: { org: OrgDetail; canWrite: boolean }) {
  const t = useIndustryT();
  const { locale } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useAffiliationsChanged();
  const { data, isLoading } = useEnterpriseAffiliations(org.id);
  const territorial = canWrite && !org.industryReach && org.status === 'active';
  const mapping = useIndustryMapping({ enabled: territorial });
  const [unionId, setUnionId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const unions = new Map((mapping.data?.items ?? []).flatMap((m) => m.unions).map((u) => [u.id, u.name]));

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      void message.success(done);
      setUnionId(undefined);
      await changed();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('affiliations')} style={{ marginTop: 16 }} data-testid="affiliations">
      {territorial && (
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <Button disabled={!org.industryCode} loading={busy} onClick={() => void run(() => industryApi.propose(org.id), t('proposed'))}>
            {t('propose')}
          </Button>
          <Select
            aria-label={t('pickUnion')}
            placeholder={t('pickUnion')}
            style={{ minWidth: 240 }}
            value={unionId}
            onChange={setUnionId}
            options={[...unions].map(([value, label]) => ({ value, label }))}
          />
          <Button disabled={!unionId} loading={busy} onClick={() => void run(() => industryApi.set(org.id, unionId!), t('done'))}>
            {t('setUnion')}
          </Button>
        </Flex>
      )}
      <Table<AffiliationView>
        size="small"
        rowKey="id"
        loading={isLoading}
        pagination={false}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noIndustryUnion')} /> }}
        columns={[
          { title: t('unions'), key: 'union', render: (_, a) => a.union.name },
          { title: t('status'), key: 'status', render: (_, a) => <AffiliationStatusTag status={a.status} /> },
          { title: t('source'), key: 'source', render: (_, a) => t(`source.${a.source}`) },
          { title: t('since'), key: 'since', render: (_, a) => (a.validFrom ? formatDateTime(a.validFrom, locale) : '') },
          { title: t('until'), key: 'until', render: (_, a) => (a.validTo ? formatDateTime(a.validTo, locale) : '') },
          { title: t('actions'), key: 'actions', render: (_, a) => <AffiliationActions a={a} /> },
        ]}
      />
      {org.industryReach && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('industryReach')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
