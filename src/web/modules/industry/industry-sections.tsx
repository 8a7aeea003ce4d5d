// A territorial dashboard's figures split by the industry section (GB/T 4754-2017) of its enterprises.
import { Card, Table } from 'antd';
import { useI18n } from '../../i18n';
import type { DashboardView } from '../dashboard/dashboard-api';
import { useDashboard } from '../dashboard/dashboard-queries';
import { sectionLabel, useIndustryT } from './industry-i18n';

type SectionRow = NonNullable<DashboardView['sections']>[number];

export function IndustrySections({ orgId }: { orgId: string }) {
  const t = useIndustryT();
  const { locale } = useI18n();
  const { data, isLoading } = useDashboard({ orgId, bySection: 'true', pageSize: 1 });
  const n = (v: number) => v.toLocaleString(locale);
  return (
    <Card size="small" title={t('bySection')} style={{ marginTop: 16 }} data-testid="industry-sections">
      <Table<SectionRow>
        size="small"
        rowKey={(r) => r.section ?? 'none'}
        loading={isLoading}
        pagination={false}
        dataSource={data?.sections ?? []}
        locale={{ emptyText: t('noSections') }}
        columns={[
          { title: t('section'), key: 'section', render: (_, r) => sectionLabel(r.section, locale) ?? t('notClassified') },
          { title: t('workersLabel'), key: 'workers', align: 'right', render: (_, r) => n(r.figures.workers) },
          { title: t('membersLabel'), key: 'members', align: 'right', render: (_, r) => n(r.figures.unionMembers) },
          { title: t('enterprisesLabel'), key: 'enterprises', align: 'right', render: (_, r) => n(r.figures.enterprises) },
          { title: t('highlySkilledLabel'), key: 'highlySkilled', align: 'right', render: (_, r) => n(r.figures.highlySkilled) },
        ]}
      />
    </Card>
  );
}
