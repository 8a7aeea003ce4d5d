// The roster import: the shared import wizard (shared/import-wizard) with the registry's fields, its
// preview of each row (create, update or a transfer request) and the name conflicts to decide first.
import { Alert, Button, Card, Radio, Space, Table, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ImportWizard, type ImportView } from '../../shared/import-wizard/import-wizard';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { peopleApi } from './people-api';
import { usePeopleT, useRefLabel } from './people-i18n';
import { peopleImportQueries, peopleKeys, useImportConflicts, usePeopleChanged } from './people-queries';
import { usePeopleMeta } from './use-people-meta';

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
      .then(() => queryClient.invalidateQueries({ queryKey: [...peopleKeys.import(imp.id), 'conflicts'] }), onError)
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

/** Name conflicts still waiting for a decision: the commit waits for them. */
function useUndecidedConflicts(imp: ImportView): number {
  const conflicts = useImportConflicts(imp.id, 1, imp.conflictRows > 0);
  return imp.conflictRows > 0 ? (conflicts.data?.undecided ?? imp.conflictRows) : 0;
}

export function ImportPage() {
  const t = usePeopleT();
  const ref = useRefLabel();
  const meta = usePeopleMeta();
  const peopleChanged = usePeopleChanged();
  return (
    <ImportWizard
      w={t}
      title={t('import')}
      path="/people/import"
      listPath="/people"
      toList={t('wizard.toList')}
      fileHint={t('wizard.fileHint')}
      templateUrl={peopleApi.templateUrl}
      api={peopleApi}
      queries={peopleImportQueries}
      fields={() => (meta?.importFields ?? []).map((f) => ({ code: f.code, label: ref(f), required: f.required }))}
      summary={(imp) =>
        t('wizard.summary', {
          total: imp.totalRows,
          valid: imp.validRows,
          create: imp.willCreate,
          update: imp.willUpdate,
          transfer: imp.willTransfer,
          errors: imp.errorRows,
        })
      }
      previewColumns={[
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
      Decisions={ConflictsCard}
      useUndecided={useUndecidedConflicts}
      pipelined
      done={(imp) => t('wizard.done', { created: imp.createdCount, updated: imp.updatedCount, transfers: imp.transferCount })}
      onCommitted={peopleChanged}
    />
  );
}
