// The studio-list and pair-list import: the shared import wizard (shared/import-wizard; the roster
// import's steps, screens and words) with this module's columns, preview and sentences.
import { Tag, Typography } from 'antd';
import { ImportWizard } from '../../shared/import-wizard/import-wizard';
import { usePeopleT } from '../people/people-i18n';
import { innovationApi, type ListImportKind } from './innovation-api';
import { useInnovationT } from './innovation-i18n';
import { listImportQueries, useInnovationChanged } from './innovation-queries';

/** The columns of each list, required ones first (as the server's imports.mapping.ts). */
const FIELDS: Record<ListImportKind, { code: string; required?: boolean }[]> = {
  studios: [
    { code: 'name', required: true },
    { code: 'enterprise', required: true },
    { code: 'foundedOn', required: true },
    { code: 'category', required: true },
    { code: 'leaderIdNumber' },
    { code: 'leaderName' },
    { code: 'venueAddress' },
    { code: 'venueArea' },
    { code: 'industryChain' },
    { code: 'namingLevel' },
    { code: 'namingDocNo' },
    { code: 'namedOn' },
    { code: 'plaqueNo' },
    { code: 'grant' },
  ],
  pairs: [
    { code: 'enterprise', required: true },
    { code: 'trade', required: true },
    { code: 'targetLevel', required: true },
    { code: 'startOn', required: true },
    { code: 'endOn', required: true },
    { code: 'agreementNo' },
    { code: 'masterIdNumber' },
    { code: 'masterName' },
    { code: 'apprenticeIdNumber' },
    { code: 'apprenticeName' },
    { code: 'allowance' },
  ],
};

type PreviewRow = Awaited<ReturnType<typeof innovationApi.imports.preview>>[number];

const { imports } = innovationApi;

function ListImportPage({ kind }: { kind: ListImportKind }) {
  const w = usePeopleT();
  const t = useInnovationT();
  const changed = useInnovationChanged();
  const label = (code: string) => t(`import.field.${code}` as Parameters<typeof t>[0]);
  return (
    <ImportWizard
      w={w}
      title={t(`import.title.${kind}`)}
      path={kind === 'studios' ? '/studios/import' : '/mentorships/import'}
      listPath={kind === 'studios' ? '/studios' : '/mentorships'}
      toList={t(`import.toList.${kind}`)}
      intro={<Typography.Text type="secondary">{t(`import.hint.${kind}`)}</Typography.Text>}
      fileHint={t('import.fileHint')}
      templateUrl={imports.templateUrl(kind)}
      api={{
        upload: (orgId, file, csrfToken, locale) => imports.upload(kind, orgId, file, csrfToken, locale),
        validate: imports.validate,
        commit: imports.commit,
        errorReportUrl: imports.errorReportUrl,
      }}
      queries={listImportQueries}
      fields={(imp) => (FIELDS[imp.kind as ListImportKind] ?? []).map((f) => ({ ...f, label: label(f.code) }))}
      summary={(imp) =>
        t('import.summary', {
          total: imp.totalRows,
          valid: imp.validRows,
          create: imp.willCreate,
          exists: imp.willUpdate,
          errors: imp.errorRows,
        })
      }
      previewColumns={[
        ...(kind === 'studios'
          ? [
              { title: t('field.name'), key: 'name', render: (_: unknown, r: PreviewRow) => r.studio?.name },
              { title: t('field.category'), key: 'category', render: (_: unknown, r: PreviewRow) => r.studio?.category },
              { title: t('field.leader'), key: 'leader', render: (_: unknown, r: PreviewRow) => r.studio?.leaderName },
              { title: t('field.foundedOn'), key: 'foundedOn', render: (_: unknown, r: PreviewRow) => r.studio?.foundedOn },
              {
                title: t('field.level'),
                key: 'level',
                render: (_: unknown, r: PreviewRow) =>
                  r.studio?.namingLevel
                    ? `${t(`level.${r.studio.namingLevel}` as Parameters<typeof t>[0])} · ${r.studio.namingOrgName}`
                    : '',
              },
            ]
          : [
              { title: t('field.master'), key: 'master', render: (_: unknown, r: PreviewRow) => r.pair?.masterName },
              { title: t('field.apprentice'), key: 'apprentice', render: (_: unknown, r: PreviewRow) => r.pair?.apprenticeName },
              { title: t('field.trade'), key: 'trade', render: (_: unknown, r: PreviewRow) => r.pair?.trade },
              {
                title: t('import.term'),
                key: 'term',
                render: (_: unknown, r: PreviewRow) => (r.pair ? `${r.pair.startOn} ~ ${r.pair.endOn}` : ''),
              },
              { title: t('field.allowance'), key: 'allowance', render: (_: unknown, r: PreviewRow) => r.pair?.allowance.yuan },
            ]),
        { title: t('field.org'), dataIndex: 'orgName' },
        {
          title: w('wizard.action'),
          dataIndex: 'action',
          render: (a: 'create' | 'exists') => <Tag color={a === 'create' ? 'green' : 'default'}>{t(`import.action.${a}`)}</Tag>,
        },
      ]}
      done={(imp) => t('import.done', { created: imp.createdCount, exists: imp.validRows - imp.createdCount })}
      onCommitted={changed}
    />
  );
}

export const StudioImportPage = () => <ListImportPage kind="studios" />;
export const PairImportPage = () => <ListImportPage kind="pairs" />;
