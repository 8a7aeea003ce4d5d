// The spreadsheet import wizard, one for every import (the roster, the studio list, the pair list):
// upload → confirm the column mapping → validation with per-cell errors and the error report → commit
// with a progress bar (polling the import; an interrupted commit resumes). What differs between the
// imports comes in as props: the API calls and query options, the fields to map, the preview columns,
// the import's own sentences, and what a commit refreshes. The wizard's own words are the roster's
// `wizard.*` keys (people namespace), which every import page passes in as `w`.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Progress, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery, useQueryClient, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, type Schemas } from '../../api';
import { useI18n } from '../../i18n';
import type { Params } from '../../i18next';
import { useSession } from '../../session';
import { PageHeader } from '../page-header';
import { QueryError } from '../query-error';
import { useErrorHandler } from '../use-error-handler';
import { OrgSelect } from '../../modules/orgs/org-select';

/** Every import's status and counts: the server's shape for all of them (roster, studio and pair lists),
 * whose column guesses differ by kind and do not matter here. */
type ImportShape = Schemas['ImportView'];
export type ImportView = Omit<ImportShape, 'columns'> & { columns: Omit<ImportShape['columns'][number], 'guess'>[] };
type ImportErrorsPage = { items: Schemas['ImportError'][]; total: number };

/** The wizard's own words: the `wizard.*` keys of the people namespace. */
type WizardKey =
  | 'wizard.upload'
  | 'wizard.mapping'
  | 'wizard.preview'
  | 'wizard.commit'
  | 'wizard.org'
  | 'wizard.file'
  | 'wizard.busy'
  | 'wizard.refused'
  | 'wizard.template'
  | 'wizard.uploading'
  | 'wizard.headerRow'
  | 'wizard.column'
  | 'wizard.header'
  | 'wizard.field'
  | 'wizard.ignore'
  | 'wizard.validate'
  | 'wizard.validating'
  | 'wizard.errorRow'
  | 'wizard.errorColumn'
  | 'wizard.errorValue'
  | 'wizard.errorMessage'
  | 'wizard.errorReport'
  | 'wizard.validRows'
  | 'wizard.skipInvalid'
  | 'wizard.commitAll'
  | 'wizard.reupload'
  | 'wizard.committing'
  | 'wizard.resume'
  | 'wizard.interrupted'
  | 'wizard.failed'
  | 'wizard.skippedNote'
  | 'wizard.errorsAndSkipped'
  | 'wizard.kind'
  | 'wizard.kind.error'
  | 'wizard.kind.skipped'
  | 'wizard.pipelined'
  | 'wizard.pipelinedHint'
  | 'wizard.validateAndImport'
  | 'wizard.pipelining'
  | 'wizard.pipelinedErrors';
export type WizardT = (key: WizardKey, params?: Params) => string;

/** A field a column can be mapped to, with its label as shown (required ones are starred). */
export interface ImportField {
  code: string;
  label: string;
  required?: boolean;
}

type Options<T> = UseQueryOptions<T, Error, T, QueryKey>;

export interface ImportWizardProps<V extends ImportView, P extends { row: number }> {
  w: WizardT;
  /** The page title. */
  title: string;
  /** The wizard's route: `path` uploads, `path/:id` shows an import. */
  path: string;
  /** Where the button after a commit leads, and its text. */
  listPath: string;
  toList: string;
  /** Shown above the upload controls. */
  intro?: ReactNode;
  /** Under the file drop area. */
  fileHint: string;
  templateUrl: string;
  api: {
    upload: (orgId: string, file: File, csrfToken: string, locale: string) => Promise<V>;
    validate: (id: string, mapping: Record<string, number>, pipelined?: boolean) => Promise<V>;
    commit: (id: string, skipInvalid: boolean) => Promise<V>;
    errorReportUrl: (id: string) => string;
  };
  /** How the import (polled while the server works), its error rows and its preview are fetched. */
  queries: {
    import: (id: string | undefined) => Options<V>;
    errors: (imp: V, page: number) => Options<ImportErrorsPage>;
    preview: (imp: V) => Options<P[]>;
  };
  /** The fields this import's columns map to. */
  fields: (imp: V) => ImportField[];
  /** The validation summary line. */
  summary: (imp: V) => string;
  /** The preview table's columns after the row number. */
  previewColumns: ColumnsType<P>;
  /** Rows that wait for a decision before the commit (the roster's name conflicts): the card and the count. */
  Decisions?: ComponentType<{ imp: V }>;
  useUndecided?: (imp: V) => number;
  /** Offer "check and import together" (validation of batch n + 1 while batch n commits, no preview; the roster). */
  pipelined?: boolean;
  /** The line after a commit. */
  done: (imp: V) => string;
  /** A commit changed the data: the lists refetch (a stable callback). */
  onCommitted: () => unknown;
}

const noneUndecided = () => 0;

function UploadStep<V extends ImportView>({
  w,
  intro,
  fileHint,
  templateUrl,
  upload,
  onUploaded,
}: Pick<ImportWizardProps<V, never>, 'w' | 'intro' | 'fileHint' | 'templateUrl'> & {
  upload: ImportWizardProps<V, never>['api']['upload'];
  onUploaded: (imp: V) => void;
}) {
  const { user, session } = useSession();
  const { locale } = useI18n();
  const onError = useErrorHandler();
  const [orgId, setOrgId] = useState<string | undefined>(user?.orgId);
  const [uploading, setUploading] = useState(false);
  // A refused file or a busy server stays on the page (a message toast would vanish): what and why.
  const [refused, setRefused] = useState<ApiError | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {intro}
      <Flex gap={12} align="center">
        <label htmlFor="import-org">{w('wizard.org')}</label>
        <OrgSelect
          id="import-org"
          value={orgId}
          onChange={setOrgId}
          initial={user ? [{ id: user.orgId, name: user.orgName }] : []}
          style={{ width: 320 }}
        />
        <Button icon={<DownloadOutlined />} href={templateUrl}>
          {w('wizard.template')}
        </Button>
      </Flex>
      <Upload.Dragger
        // .xls, .et and .ods are offered too: the server says why it cannot read them and how to re-save (a dropped
        // file outside `accept` would be ignored without a word).
        accept=".xlsx,.csv,.xls,.et,.ods"
        multiple={false}
        showUploadList={false}
        disabled={!orgId || uploading}
        beforeUpload={(file) => {
          setUploading(true);
          setRefused(null);
          upload(orgId!, file, session?.csrfToken ?? '', locale)
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
        <p className="ant-upload-hint">{fileHint}</p>
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

function MappingStep({
  w,
  imp,
  fields,
  offerPipelined,
  onValidate,
}: {
  w: WizardT;
  imp: ImportView;
  fields: ImportField[];
  offerPipelined: boolean;
  onValidate: (mapping: Record<string, number>, pipelined: boolean) => void;
}) {
  const [pipelined, setPipelined] = useState(false);
  // column index → field
  const [byColumn, setByColumn] = useState<Record<number, string | undefined>>(() =>
    Object.fromEntries(Object.entries(imp.mapping).map(([f, c]) => [c, f])),
  );
  const mapping = Object.fromEntries(
    Object.entries(byColumn)
      .filter(([, f]) => f)
      .map(([c, f]) => [f!, Number(c)]),
  );
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
                options={fields.map((f) => ({ value: f.code, label: `${f.label}${f.required ? ' *' : ''}` }))}
              />
            ),
          },
        ]}
      />
      {missing.length > 0 && <Alert type="warning" showIcon title={missing.map((f) => f.label).join('、')} />}
      {offerPipelined && (
        <Checkbox checked={pipelined} onChange={(e) => setPipelined(e.target.checked)}>
          {w('wizard.pipelined')}
        </Checkbox>
      )}
      {pipelined && <Typography.Text type="secondary">{w('wizard.pipelinedHint')}</Typography.Text>}
      <Button type="primary" disabled={missing.length > 0} onClick={() => onValidate(mapping, pipelined)}>
        {w(pipelined ? 'wizard.validateAndImport' : 'wizard.validate')}
      </Button>
    </Space>
  );
}

function PreviewStep<V extends ImportView, P extends { row: number }>({
  w,
  imp,
  queries,
  errorReportUrl,
  summary,
  previewColumns,
  Decisions,
  useUndecided = noneUndecided,
  onCommit,
  onRestart,
}: Pick<ImportWizardProps<V, P>, 'w' | 'queries' | 'summary' | 'previewColumns' | 'Decisions' | 'useUndecided'> & {
  imp: V;
  errorReportUrl: string;
  onCommit: (skipInvalid: boolean) => void;
  onRestart: () => void;
}) {
  const [page, setPage] = useState(1);
  const [skip, setSkip] = useState(false);
  const errors = useQuery(queries.errors(imp, page));
  const preview = useQuery(queries.preview(imp));
  const undecided = useUndecided(imp);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Alert type={imp.errorRows ? 'warning' : 'success'} showIcon title={summary(imp)} />
      {imp.skippedRows > 0 && <Alert type="info" showIcon title={w('wizard.skippedNote', { skipped: imp.skippedRows })} />}
      {(imp.errorRows > 0 || imp.skippedRows > 0) && (
        <Card
          size="small"
          title={w('wizard.errorsAndSkipped')}
          extra={
            <Button icon={<DownloadOutlined />} href={errorReportUrl}>
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
      {Decisions && <Decisions imp={imp} />}
      {imp.validRows > 0 && (
        <Card size="small" title={w('wizard.validRows')}>
          <Table<P>
            rowKey="row"
            size="small"
            aria-label={w('wizard.validRows')}
            dataSource={preview.data ?? []}
            pagination={false}
            scroll={{ y: 240 }}
            columns={[{ title: w('wizard.errorRow'), dataIndex: 'row', width: 70 }, ...previewColumns]}
          />
        </Card>
      )}
      {imp.errorRows > 0 && imp.validRows > 0 && (
        <Checkbox checked={skip} onChange={(e) => setSkip(e.target.checked)}>
          {w('wizard.skipInvalid', { valid: imp.validRows })}
        </Checkbox>
      )}
      <Space>
        <Button
          type="primary"
          disabled={imp.validRows === 0 || (imp.errorRows > 0 && !skip) || undecided > 0}
          onClick={() => onCommit(skip)}
        >
          {w('wizard.commitAll', { valid: imp.validRows })}
        </Button>
        <Button onClick={onRestart}>{w('wizard.reupload')}</Button>
      </Space>
    </Space>
  );
}

/** The whole wizard page at `path` (upload) and `path/:id` (one import). */
export function ImportWizard<V extends ImportView, P extends { row: number }>(props: ImportWizardProps<V, P>) {
  const { w, path, api, queries, onCommitted } = props;
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const { id } = useParams();
  // Polled while the server validates or commits (see the import's query options).
  const importQuery = useQuery(queries.import(id));
  const imp = importQuery.data;
  const queryClient = useQueryClient();
  const setImp = (v: V) => queryClient.setQueryData(queries.import(v.id).queryKey, v);
  const show = (v: V) => {
    setImp(v);
    navigate(`${path}/${v.id}`, { replace: true });
  };
  const [mappingConfirmed, setMappingConfirmed] = useState(false);
  // A committed import changed the data: its lists refetch.
  const committed = imp?.status === 'committed';
  useEffect(() => {
    if (committed) void onCommitted();
  }, [committed, onCommitted]);

  const current = !imp
    ? 0
    : imp.status === 'uploaded' || (imp.status === 'failed' && !mappingConfirmed)
      ? 1
      : imp.status === 'validating' || imp.status === 'validated' || imp.status === 'failed'
        ? 2
        : 3;
  const validate = (mapping: Record<string, number>, pipelined: boolean) => {
    setMappingConfirmed(true);
    api.validate(imp!.id, mapping, pipelined || undefined).then(show, onError);
  };
  const commit = (skipInvalid: boolean) => api.commit(imp!.id, skipInvalid).then(setImp, onError);

  return (
    <>
      <PageHeader title={props.title} />
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
            w={w}
            intro={props.intro}
            fileHint={props.fileHint}
            templateUrl={props.templateUrl}
            upload={api.upload}
            onUploaded={show}
          />
        )}
        {imp && current === 1 && (
          <MappingStep w={w} imp={imp} fields={props.fields(imp)} offerPipelined={!!props.pipelined} onValidate={validate} />
        )}
        {imp?.status === 'validating' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{w('wizard.validating', { done: imp.processedRows })}</Typography.Text>
            <Progress percent={99} status="active" showInfo={false} />
          </Space>
        )}
        {imp?.status === 'failed' && mappingConfirmed && (
          <Alert type="error" showIcon title={w('wizard.failed', { reason: imp.failure ?? '' })} />
        )}
        {imp?.status === 'validated' && (
          <PreviewStep
            w={w}
            imp={imp}
            queries={queries}
            errorReportUrl={api.errorReportUrl(imp.id)}
            summary={props.summary}
            previewColumns={props.previewColumns}
            Decisions={props.Decisions}
            useUndecided={props.useUndecided}
            onCommit={commit}
            onRestart={() => navigate(path, { replace: true })}
          />
        )}
        {imp?.status === 'committing' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              {imp.resumable
                ? w('wizard.interrupted', { done: imp.committedBatches })
                : imp.pipelined
                  ? w('wizard.pipelining', { done: imp.processedRows, committed: imp.appliedRows })
                  : w('wizard.committing', { done: imp.committedBatches, total: imp.totalBatches })}
            </Typography.Text>
            <Progress
              aria-label={w('wizard.commit')}
              // A pipeline does not know the file's row count until it has read it: the bar shows activity, the text the counts.
              percent={imp.pipelined ? 99 : imp.totalBatches ? Math.floor((imp.committedBatches / imp.totalBatches) * 100) : 0}
              showInfo={!imp.pipelined}
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
            <Alert type="success" showIcon title={props.done(imp)} />
            {imp.pipelined && imp.errorRows + imp.skippedRows > 0 && (
              <Space>
                <Typography.Text type="warning">{w('wizard.pipelinedErrors', { rows: imp.errorRows })}</Typography.Text>
                <Button icon={<DownloadOutlined />} href={api.errorReportUrl(imp.id)}>
                  {w('wizard.errorReport')}
                </Button>
              </Space>
            )}
            <Button type="primary" onClick={() => navigate(props.listPath)}>
              {props.toList}
            </Button>
          </Space>
        )}
      </Card>
    </>
  );
}
