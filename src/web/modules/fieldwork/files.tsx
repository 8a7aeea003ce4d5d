// Files on a field-work record (a visit problem, the visit report, a meeting, an agenda item): the
// list with download links; for whoever edits the record an upload (raw body; the server sniffs the
// type and refuses executables and web pages) and remove with confirmation. A refused file shows the
// server's per-field message (it names the file) next to the upload; nothing was saved.
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, List, Popconfirm, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { useErrorHandler } from '../../shared/use-error-handler';
import { fieldworkApi, type FileView } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
import { useFieldworkChanged } from './fieldwork-queries';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt,.csv';

export function FileList({
  files,
  canEdit,
  path,
  query = {},
  what,
  compact = false,
}: {
  files: FileView[];
  canEdit: boolean;
  /** The upload route (fieldworkApi.*FilesPath). */
  path: string;
  query?: Record<string, string | undefined>;
  /** What the files are of, for the labels: "问题附件：…" */
  what: string;
  compact?: boolean;
}) {
  const t = useFieldworkT();
  const { locale } = useI18n();
  const { session } = useSession();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useFieldworkChanged();
  const [uploading, setUploading] = useState(0);
  const [refused, setRefused] = useState<string[]>([]);

  const upload = canEdit && (
    <Upload
      multiple
      showUploadList={false}
      accept={ACCEPT}
      customRequest={({ file, onSuccess, onError: failed }) => {
        const f = file as File;
        setUploading((n) => n + 1);
        setRefused([]);
        fieldworkApi
          .uploadFile(path, query, f, session?.csrfToken ?? '', locale)
          .then(
            (a) => {
              onSuccess?.(a);
              void message.success(t('files.uploaded', { name: a.fileName }));
              void changed();
            },
            (err: unknown) => {
              failed?.(err as Error);
              if (err instanceof ApiError && err.fields.length) setRefused((r) => [...r, ...err.fields.map((x) => x.message)]);
              else if (err instanceof ApiError && err.message) setRefused((r) => [...r, err.message]);
              else onError(err);
            },
          )
          .finally(() => setUploading((n) => n - 1));
      }}
    >
      <Button
        size="small"
        icon={<UploadOutlined />}
        loading={uploading > 0}
        aria-label={t('files.of', { what: t('files.upload'), name: what })}
      >
        {t('files.upload')}
      </Button>
    </Upload>
  );

  return (
    <Flex vertical gap={4}>
      {upload && <div className="jx-no-print">{upload}</div>}
      {canEdit && !compact && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('files.hint')}
        </Typography.Text>
      )}
      {refused.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('files.failed')}
          description={
            refused.length === 1 ? (
              refused[0]
            ) : (
              <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                {refused.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )
          }
        />
      )}
      {files.length === 0 ? (
        compact ? (
          <Typography.Text type="secondary">{t('files.none')}</Typography.Text>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('files.none')} />
        )
      ) : (
        <List
          size="small"
          aria-label={what}
          dataSource={files}
          renderItem={(a) => (
            <List.Item
              style={{ paddingInline: 0 }}
              actions={[
                canEdit && (
                  <Popconfirm
                    key="rm"
                    title={t('files.removeConfirm', { name: a.fileName })}
                    onConfirm={() =>
                      fieldworkApi.removeFile(a.id).then(async () => {
                        void message.success(t('files.removed', { name: a.fileName }));
                        await changed();
                      }, onError)
                    }
                  >
                    <Button
                      type="text"
                      danger
                      size="small"
                      icon={<DeleteOutlined />}
                      aria-label={t('files.of', { what: t('files.remove'), name: a.fileName })}
                    />
                  </Popconfirm>
                ),
              ]}
            >
              <Typography.Text>
                <PaperClipOutlined aria-hidden />{' '}
                <a href={a.url} download={a.fileName} title={t('files.download')}>
                  {a.fileName}
                </a>
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
