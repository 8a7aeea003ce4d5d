// One progress report: the editor for the lead unit while it is a draft or returned (narrative,
// cumulative metric values, evidence files; save draft / submit), the reviewer's accept / return,
// the attachments with download, and the history of submitted versions and reviews.
import {
  ArrowLeftOutlined,
  CheckOutlined,
  DeleteOutlined,
  DownloadOutlined,
  RollbackOutlined,
  SaveOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Row,
  Space,
  Spin,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { formatDateTime } from '../../shared/labels';
import { NotFound } from '../../shared/not-found';
import { PageHeader } from '../../shared/page-header';
import { useErrorHandler } from '../../shared/use-error-handler';
import { QueryError } from '../../shared/query-error';
import { fmtNumber, formatSize, ReportStatusTag } from './task-labels';
import { tasksApi, type ReportDetail } from './tasks-api';
import { periodLabel, useTasksT } from './tasks-i18n';
import { showConflict } from './conflict';
import { useReport, useTasksChanged } from './tasks-queries';

interface EditorValues {
  narrative: string;
  values: Record<string, number | null | undefined>;
}

const toInput = (v: EditorValues, report: ReportDetail) => ({
  narrative: v.narrative ?? '',
  values: report.values
    .filter((x) => v.values?.[x.targetId] != null)
    .map((x) => ({ targetId: x.targetId, value: Number(v.values[x.targetId]) })),
});

function ReturnModal({ reportId, onClose, onDone }: { reportId: string; onClose: () => void; onDone: () => void }) {
  const t = useTasksT();
  const { message } = App.useApp();
  const tasksChanged = useTasksChanged();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <FormModal
      title={t('report.return')}
      open
      form={form}
      okText={t('report.return')}
      danger
      onCancel={onClose}
      onSubmit={async (v) => {
        await tasksApi.returnReport(reportId, v.reason.trim());
        void message.success(t('report.returnedDone'));
        void tasksChanged();
        onDone();
      }}
    >
      <Form.Item
        name="reason"
        label={t('report.returnReason')}
        rules={[{ required: true, whitespace: true, message: t('task.required', { field: t('report.returnReason') }) }]}
      >
        <Input.TextArea autoFocus rows={4} maxLength={2000} placeholder={t('report.returnReasonPlaceholder')} />
      </Form.Item>
    </FormModal>
  );
}

/**
 * Accept (confirmed) and return (with a reason) — the review queue uses them too. Either refreshes
 * every tasks page (the queue, the report, the task, the board) and the bell.
 */
export function ReviewActions({ reportId, size }: { reportId: string; size?: 'small' | 'middle' }) {
  const t = useTasksT();
  const { message, modal } = App.useApp();
  const [returning, setReturning] = useState(false);
  const tasksChanged = useTasksChanged();
  const acceptMutation = useMutation({
    mutationFn: () => tasksApi.acceptReport(reportId),
    onSuccess: () => {
      void message.success(t('report.acceptedDone'));
      return tasksChanged();
    },
  });
  const accept = () =>
    modal.confirm({
      title: t('report.acceptConfirm'),
      okText: t('report.accept'),
      cancelText: t('cancel'),
      onOk: () => acceptMutation.mutateAsync().catch(() => undefined), // the error is shown by the query client
    });
  return (
    <Space>
      <Button size={size} type="primary" icon={<CheckOutlined />} onClick={accept}>
        {t('report.accept')}
      </Button>
      <Button size={size} danger icon={<RollbackOutlined />} onClick={() => setReturning(true)}>
        {t('report.return')}
      </Button>
      {returning && <ReturnModal reportId={reportId} onClose={() => setReturning(false)} onDone={() => setReturning(false)} />}
    </Space>
  );
}

function Attachments({ report }: { report: ReportDetail }) {
  const t = useTasksT();
  const { locale } = useI18n();
  const { session } = useSession();
  const onError = useErrorHandler();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(0);
  const onChanged = useTasksChanged();
  const editable = report.permissions.canEdit;
  return (
    <Card
      title={t('report.attachments')}
      style={{ marginBottom: 16 }}
      extra={
        editable && (
          <Upload
            multiple
            showUploadList={false}
            accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt,.csv"
            customRequest={({ file, onSuccess, onError: failed }) => {
              const f = file as File;
              setUploading((n) => n + 1);
              tasksApi
                .uploadAttachment(report.id, f, session?.csrfToken ?? '', locale)
                .then(
                  (a) => {
                    onSuccess?.(a);
                    void message.success(t('report.uploaded', { name: a.fileName }));
                    void onChanged();
                  },
                  (err: unknown) => {
                    failed?.(err as Error);
                    onError(err);
                  },
                )
                .finally(() => setUploading((n) => n - 1));
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading > 0}>
              {t('report.upload')}
            </Button>
          </Upload>
        )
      }
    >
      {editable && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('report.uploadHint')}
        </Typography.Paragraph>
      )}
      <List
        size="small"
        dataSource={report.attachments}
        aria-label={t('report.attachments')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.attachmentsNone')} /> }}
        renderItem={(a) => (
          <List.Item
            actions={[
              <Button
                key="dl"
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                href={a.url}
                download={a.fileName}
                aria-label={`${t('report.download')} ${a.fileName}`}
              />,
              editable && (
                <Popconfirm
                  key="rm"
                  title={t('report.removeAttachmentConfirm', { name: a.fileName })}
                  okText={t('confirm')}
                  cancelText={t('cancel')}
                  onConfirm={() => tasksApi.removeAttachment(a.id).then(() => onChanged(), onError)}
                >
                  <Button
                    type="text"
                    danger
                    size="small"
                    icon={<DeleteOutlined />}
                    aria-label={`${t('report.removeAttachment')} ${a.fileName}`}
                  />
                </Popconfirm>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <a href={a.url} download={a.fileName}>
                  {a.fileName}
                </a>
              }
              description={`${formatSize(a.size)} · ${a.uploadedBy ?? ''} · ${formatDateTime(a.createdAt, locale)}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function History({ report }: { report: ReportDetail }) {
  const t = useTasksT();
  const { locale } = useI18n();
  const events = [
    ...report.versions.map((v) => ({
      at: v.submittedAt,
      key: `v${v.version}`,
      color: '#1677ff',
      title: t('report.event.submitted', { who: v.submittedBy ?? '', version: v.version }),
      body: (
        <>
          {v.narrative && (
            <Typography.Paragraph
              ellipsis={{ rows: 3, expandable: true, symbol: t('open') }}
              style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}
            >
              {v.narrative}
            </Typography.Paragraph>
          )}
          {v.values.length > 0 && (
            <Typography.Text type="secondary">
              {v.values
                .map((x) => {
                  const tg = report.values.find((y) => y.targetId === x.targetId);
                  return `${tg?.metric ?? ''} ${fmtNumber(x.value)}${tg?.unit ?? ''}`;
                })
                .join(t('p.clause'))}
            </Typography.Text>
          )}
        </>
      ),
    })),
    ...report.reviews.map((r, i) => ({
      at: r.at,
      key: `r${i}`,
      color: r.decision === 'accepted' ? '#52c41a' : '#f5222d',
      title:
        r.decision === 'accepted'
          ? t('report.event.accepted', { who: [r.reviewerOrgName, r.reviewer].filter(Boolean).join(' '), version: r.version })
          : t('report.event.returned', {
              who: [r.reviewerOrgName, r.reviewer].filter(Boolean).join(' '),
              version: r.version,
              reason: r.reason ?? '',
            }),
      body: null,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Card title={t('report.timeline')} style={{ marginBottom: 16 }}>
      {events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.reviewsNone')} />
      ) : (
        <Timeline
          items={events.map((e) => ({
            key: e.key,
            color: e.color,
            title: <Typography.Text type="secondary">{formatDateTime(e.at, locale)}</Typography.Text>,
            content: (
              <div>
                <Typography.Text strong>{e.title}</Typography.Text>
                {e.body && <div>{e.body}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

function Editor({ report }: { report: ReportDetail }) {
  const t = useTasksT();
  const tasksChanged = useTasksChanged();
  const onError = useErrorHandler();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  // Someone changed the report since it was opened: say what, then load the latest (the form shows it).
  const conflict = (err: unknown) =>
    showConflict(modal, err, t('conflict.reload'), async () => {
      await tasksChanged();
    });
  // The saved text and values go into the form when the report itself changed (a new version, not a
  // refetch after an attachment was added, which keeps updatedAt): typed text stays.
  const { narrative, values, updatedAt } = report;
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (shown.current === `${report.id}@${updatedAt}`) return;
    shown.current = `${report.id}@${updatedAt}`;
    form.setFieldsValue({ narrative, values: Object.fromEntries(values.map((v) => [v.targetId, v.value])) });
  }, [form, report.id, updatedAt, narrative, values]);

  // The revision this editor last wrote, from the save's answer: a submit clicked before the refetch
  // that follows a save has landed would otherwise send the revision read before the save, and be
  // refused as a conflict with itself (a browser test met it when the refetch was slow).
  const written = useRef<{ from: number; to: number } | null>(null);
  const revision = () => (written.current?.from === report.revision ? written.current.to : report.revision);
  const write = async () => {
    const from = report.revision;
    const saved = await tasksApi.updateReport(report.id, { ...toInput(form.getFieldsValue(), report), revision: revision() });
    written.current = { from, to: saved.revision };
  };

  const save = async () => {
    setBusy('save');
    try {
      await write();
      void message.success(t('report.saved'));
      await tasksChanged();
    } catch (err) {
      if (!conflict(err)) onError(err, form);
    } finally {
      setBusy(null);
    }
  };
  const submit = () =>
    modal.confirm({
      title: t('report.submitConfirm'),
      okText: t(report.status === 'returned' ? 'report.resubmit' : 'report.submit'),
      cancelText: t('cancel'),
      onOk: async () => {
        setBusy('submit');
        try {
          await write();
          await tasksApi.submitReport(report.id);
          void message.success(t('report.submittedDone'));
          await tasksChanged();
        } catch (err) {
          if (!conflict(err)) onError(err, form);
        } finally {
          setBusy(null);
        }
      },
    });

  return (
    <Form<EditorValues> form={form} layout="vertical" onFinish={() => void save()}>
      <Form.Item name="narrative" label={t('report.narrative')}>
        <Input.TextArea rows={8} maxLength={10000} showCount placeholder={t('report.narrativePlaceholder')} />
      </Form.Item>
      {report.values.length > 0 && (
        <Form.Item label={t('report.values')} style={{ marginBottom: 8 }}>
          <Row gutter={12}>
            {report.values.map((v) => (
              <Col key={v.targetId} xs={24} md={12}>
                <Form.Item
                  name={['values', v.targetId]}
                  label={t('report.valueOf', { metric: v.metric, target: fmtNumber(v.targetValue), unit: v.unit })}
                >
                  <InputNumber min={0} style={{ width: '100%' }} addonAfter={v.unit} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form.Item>
      )}
      <Space>
        <Button htmlType="submit" icon={<SaveOutlined />} loading={busy === 'save'}>
          {t('report.saveDraft')}
        </Button>
        {report.permissions.canSubmit && (
          <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} onClick={submit}>
            {t(report.status === 'returned' ? 'report.resubmit' : 'report.submit')}
          </Button>
        )}
      </Space>
    </Form>
  );
}

export function ReportPage() {
  const { id = '' } = useParams();
  const t = useTasksT();
  const { locale } = useI18n();
  const navigate = useNavigate();
  const { data: report, error, refetch } = useReport(id);

  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!report) return <Spin />;

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            {t('report')} · {periodLabel(t, report.period)}
            <ReportStatusTag status={report.status} />
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/tasks/${report.taskId}`)}>
              {t('back')}
            </Button>
            {report.permissions.canReview && <ReviewActions reportId={report.id} />}
          </Space>
        }
      />
      {report.status === 'returned' && report.returnReason && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('report.returnedBanner', { reason: report.returnReason })}
          data-testid="return-reason"
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small" style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('report.task')}>
                <Link to={`/tasks/${report.taskId}`}>{report.taskTitle}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('report.unit')}>{report.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('report.period')}>{periodLabel(t, report.period)}</Descriptions.Item>
              <Descriptions.Item label={t('report.submittedAt')}>
                {report.submittedAt ? formatDateTime(report.submittedAt, locale) : '—'}
              </Descriptions.Item>
            </Descriptions>
            {report.permissions.canEdit ? (
              <Editor report={report} />
            ) : (
              <>
                <Typography.Title level={5}>{t('report.narrative')}</Typography.Title>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{report.narrative || '—'}</Typography.Paragraph>
                {report.values.length > 0 && (
                  <Descriptions column={1} size="small" bordered title={t('report.values')}>
                    {report.values.map((v) => (
                      <Descriptions.Item key={v.targetId} label={`${v.metric}${t('p.paren', { text: v.unit })}`}>
                        <Flex gap={8}>
                          <span data-testid={`value-${v.targetId}`}>{v.value == null ? '—' : fmtNumber(v.value)}</span>
                          <Typography.Text type="secondary">/ {fmtNumber(v.targetValue)}</Typography.Text>
                        </Flex>
                      </Descriptions.Item>
                    ))}
                  </Descriptions>
                )}
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Attachments report={report} />
          <History report={report} />
        </Col>
      </Row>
    </>
  );
}
