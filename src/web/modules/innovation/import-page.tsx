// The studio-list and pair-list import wizard: the roster import's steps and screens (upload →
// confirm the column mapping → check with per-cell errors and the error report → commit with a
// progress bar, resumable), with this module's columns; the wizard's own words are the roster's.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Progress, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { IN_PAGE } from '../../query';
import { useSession } from '../../session';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { OrgSelect } from '../orgs/org-select';
import { usePeopleT } from '../people/people-i18n';
import { innovationApi, type ListImportKind, type ListImportView } from './innovation-api';
import { useInnovationT } from './innovation-i18n';
import { useInnovationChanged } from './innovation-queries';

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

const importKey = (id: string) => ['innovation', 'import', id] as const;

function useListImport(id: string | undefined) {
  return useQuery({
    queryKey: importKey(id ?? ''),
    queryFn: () => innovationApi.imports.get(id!),
    enabled: !!id,
    meta: IN_PAGE,
    refetchInterval: (query) => {
      const v = query.state.data;
      if (!v) return false;
      if (v.status === 'validating' || (v.status === 'committing' && (v.running || !v.resumable))) return 300;
      return false;
    },
  });
}

function UploadStep({ kind, onUploaded }: { kind: ListImportKind; onUploaded: (imp: ListImportView) => void }) {
  const w = usePeopleT();
  const t = useInnovationT();
  const { user, session } = useSession();
  const { locale } = useI18n();
  const onError = useErrorHandler();
  const [orgId, setOrgId] = useState<string | undefined>(user?.orgId);
  const [uploading, setUploading] = useState(false);
  const [refused, setRefused] = useState<ApiError | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Typography.Text type="secondary">{t(`import.hint.${kind}`)}</Typography.Text>
      <Flex gap={12} align="center">
        <label htmlFor="import-org">{w('wizard.org')}</label>
        <OrgSelect
          id="import-org"
          value={orgId}
          onChange={setOrgId}
          initial={user ? [{ id: user.orgId, name: user.orgName }] : []}
          style={{ width: 320 }}
        />
        <Button icon={<DownloadOutlined />} href={innovationApi.imports.templateUrl(kind)}>
          {w('wizard.template')}
        </Button>
      </Flex>
      <Upload.Dragger
        accept=".xlsx,.csv"
        multiple={false}
        showUploadList={false}
        disabled={!orgId || uploading}
        beforeUpload={(file) => {
          setUploading(true);
          setRefused(null);
          innovationApi.imports
            .upload(kind, orgId!, file, session?.csrfToken ?? '', locale)
            .then(onUploaded, (err: unknown) =>
              err instanceof ApiError && [400, 409, 413, 422, 429].includes(err.status) && err.fields.length === 0
                ? setRefused(err)
                : onError(err),
            )
            .finally(() => setUploading(false));
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{uploading ? w('wizard.uploading') : w('wizard.file')}</p>
        <p className="ant-upload-hint">{t('import.fileHint')}</p>
      </Upload.Dragger>
      {refused && (
        <Alert
          type={refused.status === 429 ? 'warning' : 'error'}
          showIcon
          title={w(refused.status === 429 ? 'wizard.busy' : 'wizard.refused')}
          description={refused.message}
        />
      )}
    </Space>
  );
}

function MappingStep({ imp, onValidate }: { imp: ListImportView; onValidate: (mapping: Record<string, number>) => void }) {
  const w = usePeopleT();
  const t = useInnovationT();
  const fields = FIELDS[imp.kind as ListImportKind] ?? [];
  const [byColumn, setByColumn] = useState<Record<number, string | undefined>>(() =>
    Object.fromEntries(Object.entries(imp.mapping).map(([f, c]) => [c, f])),
  );
  const mapping = Object.fromEntries(
    Object.entries(byColumn)
      .filter(([, f]) => f)
      .map(([c, f]) => [f!, Number(c)]),
  );
  const label = (code: string) => t(`import.field.${code}` as Parameters<typeof t>[0]);
  const missing = fields.filter((f) => f.required && mapping[f.code] === undefined);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {imp.fileName} · {w('wizard.headerRow', { row: imp.headerRow ?? '-' })}
      </Typography.Text>
      <Table
        rowKey="index"
        size="small"
        pagination={false}
        dataSource={imp.columns.filter((c) => c.header)}
        columns={[
          { title: w('wizard.column'), dataIndex: 'letter', width: 80 },
          { title: w('wizard.header'), dataIndex: 'header' },
          {
            title: w('wizard.field'),
            key: 'field',
            width: 260,
            render: (_: unknown, c) => (
              <Select
                aria-label={`${w('wizard.field')} ${c.letter}`}
                style={{ width: 240 }}
                allowClear
                placeholder={w('wizard.ignore')}
                value={byColumn[c.index]}
                onChange={(v) =>
                  setByColumn((m) => ({ ...Object.fromEntries(Object.entries(m).filter(([, f]) => f !== v)), [c.index]: v }))
                }
                options={fields.map((f) => ({ value: f.code, label: `${label(f.code)}${f.required ? ' *' : ''}` }))}
              />
            ),
          },
        ]}
      />
      {missing.length > 0 && <Alert type="warning" showIcon title={missing.map((f) => label(f.code)).join('、')} />}
      <Button type="primary" disabled={missing.length > 0} onClick={() => onValidate(mapping)}>
        {w('wizard.validate')}
      </Button>
    </Space>
  );
}

function PreviewStep({
  imp,
  onCommit,
  onRestart,
}: {
  imp: ListImportView;
  onCommit: (skipInvalid: boolean) => void;
  onRestart: () => void;
}) {
  const w = usePeopleT();
  const t = useInnovationT();
  const [page, setPage] = useState(1);
  const [skip, setSkip] = useState(false);
  const errors = useQuery({
    queryKey: [...importKey(imp.id), 'errors', page],
    queryFn: () => innovationApi.imports.errors(imp.id, page, 20),
    enabled: imp.errorRows > 0 || imp.skippedRows > 0,
    meta: IN_PAGE,
  });
  const preview = useQuery({
    queryKey: [...importKey(imp.id), 'preview'],
    queryFn: () => innovationApi.imports.preview(imp.id),
    enabled: imp.validRows > 0,
    meta: IN_PAGE,
  });
  const studios = imp.kind === 'studios';
  const adding = imp.willCreate;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Alert
        type={imp.errorRows ? 'warning' : 'success'}
        showIcon
        title={t('import.summary', {
          total: imp.totalRows,
          valid: imp.validRows,
          create: adding,
          exists: imp.willUpdate,
          errors: imp.errorRows,
        })}
      />
      {imp.skippedRows > 0 && <Alert type="info" showIcon title={w('wizard.skippedNote', { skipped: imp.skippedRows })} />}
      {(imp.errorRows > 0 || imp.skippedRows > 0) && (
        <Card
          size="small"
          title={w('wizard.errorsAndSkipped')}
          extra={
            <Button icon={<DownloadOutlined />} href={innovationApi.imports.errorReportUrl(imp.id)}>
              {w('wizard.errorReport')}
            </Button>
          }
        >
          {errors.error ? (
            <QueryError compact error={errors.error} onRetry={() => void errors.refetch()} />
          ) : (
            <Table
              rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
              size="small"
              dataSource={errors.data?.items ?? []}
              loading={errors.isFetching}
              aria-label={w('wizard.errorsAndSkipped')}
              pagination={{ current: page, pageSize: 20, total: errors.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
              columns={[
                { title: w('wizard.errorRow'), dataIndex: 'row', width: 70 },
                {
                  title: w('wizard.kind'),
                  key: 'kind',
                  width: 90,
                  render: (_: unknown, e) =>
                    e.skipped ? <Tag>{w('wizard.kind.skipped')}</Tag> : <Tag color="red">{w('wizard.kind.error')}</Tag>,
                },
                {
                  title: w('wizard.errorColumn'),
                  key: 'col',
                  width: 160,
                  render: (_: unknown, e) => (e.column ? `${e.column} ${e.header ?? ''}` : ''),
                },
                { title: w('wizard.errorValue'), dataIndex: 'value', width: 220, ellipsis: true },
                { title: w('wizard.errorMessage'), dataIndex: 'message' },
              ]}
            />
          )}
        </Card>
      )}
      {imp.validRows > 0 && (
        <Card size="small" title={w('wizard.validRows')}>
          <Table
            rowKey="row"
            size="small"
            aria-label={w('wizard.validRows')}
            dataSource={preview.data ?? []}
            pagination={false}
            scroll={{ y: 240 }}
            columns={[
              { title: w('wizard.errorRow'), dataIndex: 'row', width: 70 },
              ...(studios
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
          />
        </Card>
      )}
      {imp.errorRows > 0 && imp.validRows > 0 && (
        <Checkbox checked={skip} onChange={(e) => setSkip(e.target.checked)}>
          {w('wizard.skipInvalid', { valid: imp.validRows })}
        </Checkbox>
      )}
      <Space>
        <Button type="primary" disabled={imp.validRows === 0 || (imp.errorRows > 0 && !skip)} onClick={() => onCommit(skip)}>
          {w('wizard.commitAll', { valid: imp.validRows })}
        </Button>
        <Button onClick={onRestart}>{w('wizard.reupload')}</Button>
      </Space>
    </Space>
  );
}

type PreviewRow = Awaited<ReturnType<typeof innovationApi.imports.preview>>[number];

function ListImportPage({ kind }: { kind: ListImportKind }) {
  const w = usePeopleT();
  const t = useInnovationT();
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const { id } = useParams();
  const base = kind === 'studios' ? '/studios/import' : '/mentorships/import';
  const importQuery = useListImport(id);
  const imp = importQuery.data;
  const queryClient = useQueryClient();
  const setImp = (v: ListImportView) => queryClient.setQueryData(importKey(v.id), v);
  const [mappingConfirmed, setMappingConfirmed] = useState(false);
  const changed = useInnovationChanged();
  const committed = imp?.status === 'committed';
  useEffect(() => {
    if (committed) void changed();
  }, [committed, changed]);

  const current = !imp
    ? 0
    : imp.status === 'uploaded' || (imp.status === 'failed' && !mappingConfirmed)
      ? 1
      : imp.status === 'validating' || imp.status === 'validated' || imp.status === 'failed'
        ? 2
        : 3;
  const validate = (mapping: Record<string, number>) => {
    setMappingConfirmed(true);
    innovationApi.imports.validate(imp!.id, mapping).then(setImp, onError);
  };
  const commit = (skipInvalid: boolean) => innovationApi.imports.commit(imp!.id, skipInvalid).then(setImp, onError);

  return (
    <>
      <PageHeader title={t(`import.title.${kind}`)} />
      <Card>
        <Steps
          current={current}
          style={{ marginBottom: 24 }}
          items={[
            { title: w('wizard.upload') },
            { title: w('wizard.mapping') },
            { title: w('wizard.preview') },
            { title: w('wizard.commit') },
          ]}
        />
        {importQuery.error && <QueryError error={importQuery.error} onRetry={() => void importQuery.refetch()} />}
        {!imp && !importQuery.error && (
          <UploadStep
            kind={kind}
            onUploaded={(v) => {
              setImp(v);
              navigate(`${base}/${v.id}`, { replace: true });
            }}
          />
        )}
        {imp && current === 1 && <MappingStep imp={imp} onValidate={validate} />}
        {imp?.status === 'validating' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{w('wizard.validating', { done: imp.processedRows })}</Typography.Text>
            <Progress percent={99} status="active" showInfo={false} />
          </Space>
        )}
        {imp?.status === 'failed' && mappingConfirmed && (
          <Alert type="error" showIcon title={w('wizard.failed', { reason: imp.failure ?? '' })} />
        )}
        {imp?.status === 'validated' && <PreviewStep imp={imp} onCommit={commit} onRestart={() => navigate(base, { replace: true })} />}
        {imp?.status === 'committing' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              {imp.resumable
                ? w('wizard.interrupted', { done: imp.committedBatches })
                : w('wizard.committing', { done: imp.committedBatches, total: imp.totalBatches })}
            </Typography.Text>
            <Progress
              aria-label={w('wizard.commit')}
              percent={imp.totalBatches ? Math.floor((imp.committedBatches / imp.totalBatches) * 100) : 0}
              status={imp.resumable ? 'exception' : 'active'}
            />
            {imp.resumable && (
              <Button type="primary" onClick={() => commit(false)}>
                {w('wizard.resume')}
              </Button>
            )}
          </Space>
        )}
        {imp?.status === 'committed' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Progress percent={100} />
            <Alert
              type="success"
              showIcon
              title={t('import.done', { created: imp.createdCount, exists: imp.validRows - imp.createdCount })}
            />
            <Button type="primary" onClick={() => navigate(kind === 'studios' ? '/studios' : '/mentorships')}>
              {t(`import.toList.${kind}`)}
            </Button>
          </Space>
        )}
      </Card>
    </>
  );
}

export const StudioImportPage = () => <ListImportPage kind="studios" />;
export const PairImportPage = () => <ListImportPage kind="pairs" />;
