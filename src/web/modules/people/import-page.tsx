// The roster import wizard: upload → confirm the column mapping → validation with per-cell errors and
// the error report → commit with a progress bar (polling the import; an interrupted commit resumes).
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Progress, Radio, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { PageHeader } from '../../shared/page-header';
import { useErrorHandler } from '../../shared/use-error-handler';
import { QueryError } from '../../shared/query-error';
import { OrgSelect } from '../orgs/org-select';
import { peopleApi, type ImportView } from './people-api';
import { usePeopleT, useRefLabel } from './people-i18n';
import { peopleKeys, useImport, useImportConflicts, useImportErrors, useImportPreview, usePeopleChanged } from './people-queries';
import { usePeopleMeta } from './use-people-meta';

function UploadStep({ onUploaded }: { onUploaded: (imp: ImportView) => void }) {
  const t = usePeopleT();
  const { user, session } = useSession();
  const { locale } = useI18n();
  const onError = useErrorHandler();
  const [orgId, setOrgId] = useState<string | undefined>(user?.orgId);
  const [uploading, setUploading] = useState(false);
  // A refused file or a busy server stays on the page (a message toast would vanish): what and why.
  const [refused, setRefused] = useState<ApiError | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Flex gap={12} align="center">
        <label htmlFor="import-org">{t('wizard.org')}</label>
        <OrgSelect
          id="import-org"
          value={orgId}
          onChange={setOrgId}
          initial={user ? [{ id: user.orgId, name: user.orgName }] : []}
          style={{ width: 320 }}
        />
        <Button icon={<DownloadOutlined />} href={peopleApi.templateUrl}>
          {t('wizard.template')}
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
          peopleApi
            .upload(orgId!, file, session?.csrfToken ?? '', locale)
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
        <p className="ant-upload-text">{uploading ? t('wizard.uploading') : t('wizard.file')}</p>
        <p className="ant-upload-hint">{t('wizard.fileHint')}</p>
      </Upload.Dragger>
      {refused && (
        <Alert
          type={refused.status === 429 ? 'warning' : 'error'}
          showIcon
          title={t(refused.status === 429 ? 'wizard.busy' : 'wizard.refused')}
          description={refused.message}
        />
      )}
    </Space>
  );
}

function MappingStep({ imp, onValidate }: { imp: ImportView; onValidate: (mapping: Record<string, number>, pipelined: boolean) => void }) {
  const t = usePeopleT();
  const [pipelined, setPipelined] = useState(false);
  const ref = useRefLabel();
  const meta = usePeopleMeta();
  // column index → field
  const [byColumn, setByColumn] = useState<Record<number, string | undefined>>(() =>
    Object.fromEntries(Object.entries(imp.mapping).map(([f, c]) => [c, f])),
  );
  const mapping = Object.fromEntries(
    Object.entries(byColumn)
      .filter(([, f]) => f)
      .map(([c, f]) => [f!, Number(c)]),
  );
  const missing = (meta?.importFields ?? []).filter((f) => f.required && mapping[f.code] === undefined);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {imp.fileName} · {t('wizard.headerRow', { row: imp.headerRow ?? '-' })}
      </Typography.Text>
      <Table
        rowKey="index"
        size="small"
        pagination={false}
        dataSource={imp.columns.filter((c) => c.header)}
        columns={[
          { title: t('wizard.column'), dataIndex: 'letter', width: 80 },
          { title: t('wizard.header'), dataIndex: 'header' },
          {
            title: t('wizard.field'),
            key: 'field',
            width: 260,
            render: (_: unknown, c) => (
              <Select
                aria-label={`${t('wizard.field')} ${c.letter}`}
                style={{ width: 240 }}
                allowClear
                placeholder={t('wizard.ignore')}
                value={byColumn[c.index]}
                onChange={(v) =>
                  setByColumn((m) => ({ ...Object.fromEntries(Object.entries(m).filter(([, f]) => f !== v)), [c.index]: v }))
                }
                options={(meta?.importFields ?? []).map((f) => ({ value: f.code, label: `${ref(f)}${f.required ? ' *' : ''}` }))}
              />
            ),
          },
        ]}
      />
      {missing.length > 0 && <Alert type="warning" showIcon title={missing.map((f) => ref(f)).join('、')} />}
      <Checkbox checked={pipelined} onChange={(e) => setPipelined(e.target.checked)}>
        {t('wizard.pipelined')}
      </Checkbox>
      {pipelined && <Typography.Text type="secondary">{t('wizard.pipelinedHint')}</Typography.Text>}
      <Button type="primary" disabled={missing.length > 0} onClick={() => onValidate(mapping, pipelined)}>
        {t(pipelined ? 'wizard.validateAndImport' : 'wizard.validate')}
      </Button>
    </Space>
  );
}

/** Rows whose ID number is registered here under another name: a decision each, or one for all. */
function ConflictsCard({ imp }: { imp: ImportView }) {
  const t = usePeopleT();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const conflicts = useImportConflicts(imp.id, page, imp.conflictRows > 0);
  const [busy, setBusy] = useState(false);
  const decide = (decision: 'rename' | 'skip', rows?: number[]) => {
    setBusy(true);
    peopleApi
      .decideConflicts(imp.id, { decision, ...(rows && { rows }) })
      .then(() => queryClient.invalidateQueries({ queryKey: ['people', 'import', imp.id, 'conflicts'] }), onError)
      .finally(() => setBusy(false));
  };
  if (imp.conflictRows === 0) return null;
  const undecided = conflicts.data?.undecided ?? imp.conflictRows;
  return (
    <Card
      size="small"
      title={t('wizard.conflicts')}
      extra={
        <Space>
          <Button disabled={busy} onClick={() => decide('rename')}>
            {t('wizard.renameAll')}
          </Button>
          <Button disabled={busy} onClick={() => decide('skip')}>
            {t('wizard.skipAll')}
          </Button>
        </Space>
      }
    >
      <Alert type={undecided ? 'warning' : 'info'} showIcon title={t('wizard.conflictsHint', { undecided })} style={{ marginBottom: 12 }} />
      {conflicts.error ? (
        <QueryError compact error={conflicts.error} onRetry={() => void conflicts.refetch()} />
      ) : (
        <Table
          rowKey="row"
          size="small"
          aria-label={t('wizard.conflicts')}
          dataSource={conflicts.data?.items ?? []}
          loading={conflicts.isFetching}
          pagination={{ current: page, pageSize: 20, total: conflicts.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: t('wizard.errorRow'), dataIndex: 'row', width: 70 },
            { title: t('wizard.conflictFileName'), dataIndex: 'name' },
            { title: t('wizard.conflictRegisteredName'), dataIndex: 'registeredName' },
            { title: t('col.idNumber'), dataIndex: 'idNumberMasked' },
            {
              title: t('wizard.decision'),
              key: 'decision',
              width: 240,
              render: (_: unknown, c) => (
                <Radio.Group
                  aria-label={t('wizard.decisionFor', { row: c.row })}
                  optionType="button"
                  size="small"
                  disabled={busy}
                  value={c.decision ?? undefined}
                  onChange={(e) => decide(e.target.value as 'rename' | 'skip', [c.row])}
                  options={[
                    { value: 'rename', label: t('wizard.decision.rename') },
                    { value: 'skip', label: t('wizard.decision.skip') },
                  ]}
                />
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

function PreviewStep({ imp, onCommit, onRestart }: { imp: ImportView; onCommit: (skipInvalid: boolean) => void; onRestart: () => void }) {
  const t = usePeopleT();
  const ref = useRefLabel();
  const meta = usePeopleMeta();
  const [page, setPage] = useState(1);
  const [skip, setSkip] = useState(false);
  const errors = useImportErrors(imp.id, page);
  const preview = useImportPreview(imp.id);
  const conflicts = useImportConflicts(imp.id, 1, imp.conflictRows > 0);
  const undecided = imp.conflictRows > 0 ? (conflicts.data?.undecided ?? imp.conflictRows) : 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Alert
        type={imp.errorRows ? 'warning' : 'success'}
        showIcon
        title={t('wizard.summary', {
          total: imp.totalRows,
          valid: imp.validRows,
          create: imp.willCreate,
          update: imp.willUpdate,
          transfer: imp.willTransfer,
          errors: imp.errorRows,
        })}
      />
      {imp.skippedRows > 0 && <Alert type="info" showIcon title={t('wizard.skippedNote', { skipped: imp.skippedRows })} />}
      {(imp.errorRows > 0 || imp.skippedRows > 0) && (
        <Card
          size="small"
          title={t('wizard.errorsAndSkipped')}
          extra={
            <Button icon={<DownloadOutlined />} href={peopleApi.errorReportUrl(imp.id)}>
              {t('wizard.errorReport')}
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
              aria-label={t('wizard.errorsAndSkipped')}
              pagination={{ current: page, pageSize: 20, total: errors.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
              columns={[
                { title: t('wizard.errorRow'), dataIndex: 'row', width: 70 },
                {
                  title: t('wizard.kind'),
                  key: 'kind',
                  width: 90,
                  render: (_: unknown, e) =>
                    e.skipped ? <Tag>{t('wizard.kind.skipped')}</Tag> : <Tag color="red">{t('wizard.kind.error')}</Tag>,
                },
                {
                  title: t('wizard.errorColumn'),
                  key: 'col',
                  width: 160,
                  render: (_: unknown, e) => (e.column ? `${e.column} ${e.header ?? ''}` : ''),
                },
                { title: t('wizard.errorValue'), dataIndex: 'value', width: 220, ellipsis: true },
                { title: t('wizard.errorMessage'), dataIndex: 'message' },
              ]}
            />
          )}
        </Card>
      )}
      <ConflictsCard imp={imp} />
      {imp.validRows > 0 && (
        <Card size="small" title={t('wizard.validRows')}>
          <Table
            rowKey="row"
            size="small"
            dataSource={preview.data ?? []}
            pagination={false}
            scroll={{ y: 240 }}
            columns={[
              { title: t('wizard.errorRow'), dataIndex: 'row', width: 70 },
              { title: t('col.name'), dataIndex: 'name' },
              { title: t('col.idNumber'), dataIndex: 'idNumberMasked' },
              { title: t('col.org'), dataIndex: 'orgName' },
              {
                title: t('col.skill'),
                dataIndex: 'skillLevel',
                render: (v: string | null) =>
                  ref(
                    meta?.skillLevels.find((l) => l.code === v),
                    v ?? '',
                  ),
              },
              {
                title: t('wizard.action'),
                dataIndex: 'action',
                render: (a: 'create' | 'update' | 'transfer') => (
                  <Tag color={a === 'create' ? 'green' : a === 'update' ? 'blue' : 'orange'}>{t(`wizard.action.${a}`)}</Tag>
                ),
              },
            ]}
          />
        </Card>
      )}
      {imp.errorRows > 0 && imp.validRows > 0 && (
        <Checkbox checked={skip} onChange={(e) => setSkip(e.target.checked)}>
          {t('wizard.skipInvalid', { valid: imp.validRows })}
        </Checkbox>
      )}
      <Space>
        <Button
          type="primary"
          disabled={imp.validRows === 0 || (imp.errorRows > 0 && !skip) || undecided > 0}
          onClick={() => onCommit(skip)}
        >
          {t('wizard.commitAll', { valid: imp.validRows })}
        </Button>
        <Button onClick={onRestart}>{t('wizard.reupload')}</Button>
      </Space>
    </Space>
  );
}

export function ImportPage() {
  const t = usePeopleT();
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const { id } = useParams();
  // Polled while the server validates or commits (see useImport).
  const importQuery = useImport(id);
  const imp = importQuery.data;
  const queryClient = useQueryClient();
  const setImp = (v: ImportView) => queryClient.setQueryData(peopleKeys.import(v.id), v);
  const [mappingConfirmed, setMappingConfirmed] = useState(false);
  // A committed import changed the registry: its lists refetch.
  const peopleChanged = usePeopleChanged();
  const committed = imp?.status === 'committed';
  useEffect(() => {
    if (committed) void peopleChanged();
  }, [committed, peopleChanged]);

  const current = !imp
    ? 0
    : imp.status === 'uploaded' || (imp.status === 'failed' && !mappingConfirmed)
      ? 1
      : imp.status === 'validating' || imp.status === 'validated' || imp.status === 'failed'
        ? 2
        : 3;
  const validate = (mapping: Record<string, number>, pipelined: boolean) => {
    setMappingConfirmed(true);
    peopleApi.validate(imp!.id, mapping, pipelined).then((v) => {
      setImp(v);
      navigate(`/people/import/${v.id}`, { replace: true });
    }, onError);
  };
  const commit = (skipInvalid: boolean) => peopleApi.commit(imp!.id, skipInvalid).then(setImp, onError);

  return (
    <>
      <PageHeader title={t('import')} />
      <Card>
        <Steps
          current={current}
          style={{ marginBottom: 24 }}
          items={[
            { title: t('wizard.upload') },
            { title: t('wizard.mapping') },
            { title: t('wizard.preview') },
            { title: t('wizard.commit') },
          ]}
        />
        {importQuery.error && <QueryError error={importQuery.error} onRetry={() => void importQuery.refetch()} />}
        {!imp && !importQuery.error && (
          <UploadStep
            onUploaded={(v) => {
              setImp(v);
              navigate(`/people/import/${v.id}`, { replace: true });
            }}
          />
        )}
        {imp && current === 1 && <MappingStep imp={imp} onValidate={validate} />}
        {imp?.status === 'validating' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('wizard.validating', { done: imp.processedRows })}</Typography.Text>
            <Progress percent={99} status="active" showInfo={false} />
          </Space>
        )}
        {imp?.status === 'failed' && mappingConfirmed && (
          <Alert type="error" showIcon title={t('wizard.failed', { reason: imp.failure ?? '' })} />
        )}
        {imp?.status === 'validated' && (
          <PreviewStep imp={imp} onCommit={commit} onRestart={() => navigate('/people/import', { replace: true })} />
        )}
        {imp?.status === 'committing' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              {imp.resumable
                ? t('wizard.interrupted', { done: imp.committedBatches })
                : imp.pipelined
                  ? t('wizard.pipelining', { done: imp.processedRows, committed: imp.committedBatches * imp.batchSize })
                  : t('wizard.committing', { done: imp.committedBatches, total: imp.totalBatches })}
            </Typography.Text>
            <Progress
              aria-label={t('wizard.commit')}
              // A pipeline does not know the file's row count until it has read it: the bar shows activity, the text the counts.
              percent={imp.pipelined ? 99 : imp.totalBatches ? Math.floor((imp.committedBatches / imp.totalBatches) * 100) : 0}
              showInfo={!imp.pipelined}
              status={imp.resumable ? 'exception' : 'active'}
            />
            {imp.resumable && (
              <Button type="primary" onClick={() => commit(false)}>
                {t('wizard.resume')}
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
              title={t('wizard.done', { created: imp.createdCount, updated: imp.updatedCount, transfers: imp.transferCount })}
            />
            {imp.pipelined && imp.errorRows + imp.skippedRows > 0 && (
              <Space>
                <Typography.Text type="warning">{t('wizard.pipelinedErrors', { rows: imp.errorRows })}</Typography.Text>
                <Button icon={<DownloadOutlined />} href={peopleApi.errorReportUrl(imp.id)}>
                  {t('wizard.errorReport')}
                </Button>
              </Space>
            )}
            <Button type="primary" onClick={() => navigate('/people')}>
              {t('wizard.toList')}
            </Button>
          </Space>
        )}
      </Card>
    </>
  );
}
