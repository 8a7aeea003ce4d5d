// One task: details, targets with rolled-up progress, the child tasks it was handed down into, the
// report timeline (statuses, versions, return reasons), supervision notices; and the actions the
// caller may take (edit, delete, hand down, supervise, report progress).
import dayjs from 'dayjs';
import { AlertOutlined, ApartmentOutlined, ArrowLeftOutlined, DeleteOutlined, EditOutlined, FormOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Row, Select, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { FormModal } from '../../shared/form-modal';
import { formatDateTime } from '../../shared/labels';
import { NotFound } from '../../shared/not-found';
import { PageHeader } from '../../shared/page-header';
import { useErrorHandler } from '../../shared/use-error-handler';
import { QueryError } from '../../shared/query-error';
import { HandDownModal } from './hand-down-modal';
import { SuperviseModal, SupervisionTable } from './supervision';
import { TaskFormModal } from './task-form';
import { percent, ReportStatusTag, TargetProgress, TaskKindTag, TaskProgressCell, TaskStatusTag } from './task-labels';
import { tasksApi, type ReportStatus, type TaskDetail } from './tasks-api';
import { defaultReportPeriod } from '../../../shared/periods';
import { periodLabel, useTasksT } from './tasks-i18n';
import { useProgramme, useTask, useTaskReports, useTasksChanged } from './tasks-queries';
import { TaskOrigin } from '../fieldwork/task-origin';

const TIMELINE_COLORS: Record<ReportStatus, string> = { draft: '#8c8c8c', submitted: '#1677ff', accepted: '#52c41a', returned: '#f5222d' };

/** Starts the report of a period not yet reported, then opens it. */
function NewReportModal({ task, onClose }: { task: TaskDetail; onClose: () => void }) {
  const t = useTasksT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ period: string }>();
  const open = task.periods.filter((p) => !p.reportId);
  return (
    <FormModal
      title={t('report.write')}
      open
      form={form}
      okText={t('report.write')}
      onCancel={onClose}
      initialValues={{ period: defaultReportPeriod(task.periods, dayjs().format('YYYY-MM-DD')) }}
      onSubmit={async (v) => {
        const r = await tasksApi.createReport(task.id, { period: v.period });
        void message.success(t('report.created'));
        navigate(`/reports/${r.id}`);
      }}
    >
      {open.length === 0 ? (
        <Alert type="info" showIcon title={t('report.allPeriodsDone')} />
      ) : (
        <Form.Item name="period" label={t('report.period')} rules={[{ required: true, message: t('report.periodPlaceholder') }]}>
          <Select
            placeholder={t('report.periodPlaceholder')}
            options={open.map((p) => ({
              value: p.period,
              label: `${periodLabel(t, p.period)}${t('p.paren', { text: `${t('detail.deadline')} ${p.deadline}` })}`,
            }))}
          />
        </Form.Item>
      )}
    </FormModal>
  );
}

export function TaskPage() {
  const { id = '' } = useParams();
  const t = useTasksT();
  const { locale } = useI18n();
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const { message, modal } = App.useApp();
  const { data: task, error, refetch } = useTask(id);
  // Writes invalidate every tasks query, so the timeline refetches with the task.
  const reports = useTaskReports(id);
  const programme = useProgramme(task?.programmeId ?? '', { enabled: !!task });
  const tasksChanged = useTasksChanged();
  const [editing, setEditing] = useState(false);
  const [handingDown, setHandingDown] = useState(false);
  const [supervising, setSupervising] = useState(false);
  const [reporting, setReporting] = useState(false);

  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!task) return <Spin />;
  const perm = task.permissions;

  const remove = () =>
    modal.confirm({
      title: t('task.deleteConfirm', { title: task.title }),
      okText: t('confirm'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true },
      onOk: () =>
        tasksApi.remove(task.id).then(() => {
          void message.success(t('task.deleted'));
          void tasksChanged(task.id);
          navigate(`/programmes/${task.programmeId}`);
        }, onError),
    });

  const reportItems = (reports.data?.items ?? []).map((r) => ({
    key: r.id,
    color: TIMELINE_COLORS[r.status],
    title: periodLabel(t, r.period),
    content: (
      <div data-testid={`report-${r.id}`}>
        <Space size={4} wrap>
          <Link to={`/reports/${r.id}`}>{t('report.open')}</Link>
          <ReportStatusTag status={r.status} />
          {r.version > 0 && <Typography.Text type="secondary">{t('detail.version', { version: r.version })}</Typography.Text>}
          {r.submittedAt && (
            <Typography.Text type="secondary">{t('detail.submittedAt', { at: formatDateTime(r.submittedAt, locale) })}</Typography.Text>
          )}
          {r.reviewedAt && (
            <Typography.Text type="secondary">{t('detail.reviewedAt', { at: formatDateTime(r.reviewedAt, locale) })}</Typography.Text>
          )}
        </Space>
        {r.status === 'returned' && r.returnReason && (
          <Alert type="error" showIcon style={{ marginTop: 6 }} title={t('report.returnedBanner', { reason: r.returnReason })} />
        )}
        {r.narrative && (
          <Typography.Paragraph
            ellipsis={{ rows: 3, expandable: true, symbol: t('open') }}
            style={{ marginTop: 6, marginBottom: 0, whiteSpace: 'pre-wrap' }}
          >
            {r.narrative}
          </Typography.Paragraph>
        )}
        {r.values.some((v) => v.value != null) && (
          <Typography.Text type="secondary">
            {r.values
              .filter((v) => v.value != null)
              .map((v) => `${v.metric} ${v.value}${v.unit}`)
              .join(t('p.clause'))}
          </Typography.Text>
        )}
      </div>
    ),
  }));

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            {task.title}
            <TaskKindTag kind={task.kind} />
            <TaskStatusTag status={task.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button
              icon={<ArrowLeftOutlined />}
              onClick={() =>
                (window.history.state as { idx?: number } | null)?.idx ? navigate(-1) : navigate(`/programmes/${task.programmeId}`)
              }
            >
              {t('back')}
            </Button>
            {perm.canReport && (
              <Button type="primary" icon={<FormOutlined />} onClick={() => setReporting(true)}>
                {t('report.write')}
              </Button>
            )}
            {perm.canHandDown && (
              <Button icon={<ApartmentOutlined />} onClick={() => setHandingDown(true)}>
                {t('handDown')}
              </Button>
            )}
            {perm.canSupervise && task.status !== 'completed' && (
              <Button danger icon={<AlertOutlined />} onClick={() => setSupervising(true)}>
                {t('supervise')}
              </Button>
            )}
            {perm.canEdit && (
              <Button icon={<EditOutlined />} disabled={!programme.data} onClick={() => setEditing(true)}>
                {t('task.edit')}
              </Button>
            )}
            {perm.canDelete && (
              <Button danger icon={<DeleteOutlined />} onClick={remove}>
                {t('task.delete')}
              </Button>
            )}
          </Space>
        }
      />
      <TaskOrigin taskId={task.id} />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title={t('detail.info')} style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t('col.programme')}>
                <Link to={`/programmes/${task.programmeId}`}>{task.programmeTitle}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('col.goal')}>{task.goalTitle}</Descriptions.Item>
              <Descriptions.Item label={t('col.lead')}>{task.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('col.assignedBy')}>{task.assignedByOrgName}</Descriptions.Item>
              <Descriptions.Item label={t('col.coUnits')}>{task.coUnits.map((c) => c.name).join(t('p.list')) || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.parent')}>
                {task.parent ? (
                  <Link to={`/tasks/${task.parent.id}`}>
                    {task.parent.title}
                    {t('p.paren', { text: task.parent.orgName })}
                  </Link>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('col.start')}>{task.startDate}</Descriptions.Item>
              <Descriptions.Item label={t('col.due')}>{task.dueDate}</Descriptions.Item>
              <Descriptions.Item label={t('col.cycle')}>{t(`cycle.${task.cycle}`)}</Descriptions.Item>
              <Descriptions.Item label={t('col.tags')}>
                <Space size={[0, 4]} wrap>
                  {task.tags.map((x) => (
                    <Tag key={x.id}>{x.name}</Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              {task.description && (
                <Descriptions.Item label={t('task.description')} span={2}>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{task.description}</Typography.Paragraph>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card
            title={
              <Space>
                {t('detail.children')}
                {task.childCount > 0 && (
                  <Typography.Text type="secondary">
                    {t('detail.childrenProgress', { done: task.childrenCompleted, total: task.childCount })}
                  </Typography.Text>
                )}
              </Space>
            }
            style={{ marginBottom: 16 }}
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={task.children}
              aria-label={t('detail.children')}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.childrenNone')} /> }}
              columns={[
                {
                  title: t('col.lead'),
                  dataIndex: 'orgName',
                  key: 'org',
                  render: (v: string, c) => <Link to={`/tasks/${c.id}`}>{v}</Link>,
                },
                { title: t('col.title'), dataIndex: 'title', key: 'title', ellipsis: true },
                { title: t('col.due'), dataIndex: 'dueDate', key: 'due', width: 110 },
                {
                  title: t('col.status'),
                  dataIndex: 'status',
                  key: 'status',
                  width: 100,
                  render: (s: TaskDetail['status']) => <TaskStatusTag status={s} />,
                },
                {
                  title: t('col.progress'),
                  key: 'share',
                  width: 170,
                  render: (_: unknown, c) => (
                    <TaskProgressCell task={{ share: c.share, status: c.status, targets: [], childCount: 0, childrenCompleted: 0 }} />
                  ),
                },
              ]}
            />
          </Card>
          <Card title={t('detail.supervisions')} style={{ marginBottom: 16 }}>
            <SupervisionTable items={task.supervisions} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            title={
              <Space>
                {t('detail.targets')}
                <Typography.Text type="secondary">{percent(task.share)}%</Typography.Text>
              </Space>
            }
            style={{ marginBottom: 16 }}
          >
            {task.targets.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.targetsNone')} />
            ) : (
              <Space direction="vertical" style={{ width: '100%' }} size="middle">
                {task.targets.map((x) => (
                  <TargetProgress key={x.id} target={x} status={task.status} />
                ))}
              </Space>
            )}
          </Card>
          <Card
            title={t('detail.reports')}
            style={{ marginBottom: 16 }}
            extra={
              perm.canReport && (
                <Button size="small" icon={<FormOutlined />} onClick={() => setReporting(true)}>
                  {t('report.write')}
                </Button>
              )
            }
          >
            {reports.isPending ? (
              <Spin />
            ) : reportItems.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.reportsNone')} />
            ) : (
              <Timeline items={reportItems} />
            )}
          </Card>
          <Card title={t('detail.periods')} style={{ marginBottom: 16 }}>
            <Table
              rowKey="period"
              size="small"
              pagination={false}
              dataSource={task.periods}
              columns={[
                {
                  title: t('report.period'),
                  dataIndex: 'period',
                  key: 'period',
                  render: (v: string, p) =>
                    p.reportId ? <Link to={`/reports/${p.reportId}`}>{periodLabel(t, v)}</Link> : periodLabel(t, v),
                },
                { title: t('detail.deadline'), dataIndex: 'deadline', key: 'deadline', width: 120 },
                {
                  title: t('col.status'),
                  key: 'status',
                  width: 110,
                  render: (_: unknown, p) => (p.status ? <ReportStatusTag status={p.status} /> : <Tag>{t('detail.notReported')}</Tag>),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {editing && programme.data && (
        <TaskFormModal open programme={programme.data} task={task} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      )}
      {handingDown && <HandDownModal open task={task} onClose={() => setHandingDown(false)} onDone={() => setHandingDown(false)} />}
      {supervising && (
        <SuperviseModal
          open
          taskId={task.id}
          taskTitle={task.title}
          onClose={() => setSupervising(false)}
          onDone={() => setSupervising(false)}
        />
      )}
      {reporting && <NewReportModal task={task} onClose={() => setReporting(false)} />}
    </>
  );
}
