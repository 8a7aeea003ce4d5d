// One meeting: agenda, invited units with their replies, sign-in and pre-meeting reports (pre-filled
// from the unit's own task data, editable, submitted by the deadline, then frozen), the minutes
// (attendance, speeches, conclusions 肯定/指出/强调) with decisions each created as a task, sign-off
// and issue, and — for a later session of a series — the briefing on every earlier decision.
import { DownloadOutlined, FileWordOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { OrgMultiSelect } from '../tasks/org-multi-select';
import { isoOf } from '../tasks/use-task-options';
import { fieldworkApi, type BriefingItem, type InvitationView, type MeetingView } from './fieldwork-api';
import { useFieldworkT, type FieldworkT } from './fieldwork-i18n';
import { useBriefing, useFieldworkChanged, useFieldworkRun, useMeeting } from './fieldwork-queries';
import { ProgrammeGoalFields } from './to-task-modal';
import { PRINT_CSS } from './print';
import { AgendaProposals } from './agenda-proposals';
import { FileList } from './files';

type Decision = NonNullable<MeetingView['minutes']>['decisions'][number];
const KINDS = ['affirmed', 'pointed_out', 'stressed'] as const;
const FOLLOW_COLOR = { open: 'blue', overdue: 'red', done_on_time: 'green', done_late: 'orange' } as const;

function decisionColumns(t: FieldworkT) {
  return [
    { title: t('m.decisions'), dataIndex: 'text' },
    { title: t('f.owner'), key: 'owner', width: 160, render: (_: unknown, d: Decision) => d.owner.name },
    { title: t('f.coUnits'), key: 'co', width: 160, render: (_: unknown, d: Decision) => d.coUnits.map((c) => c.name).join('、') },
    { title: t('f.dueDate'), dataIndex: 'dueDate', width: 110 },
    {
      title: t('f.task'),
      key: 'task',
      width: 200,
      render: (_: unknown, d: Decision) => (d.task ? <Link to={`/tasks/${d.task.id}`}>{d.task.title}</Link> : null),
    },
    {
      title: t('f.status'),
      key: 'follow',
      width: 100,
      render: (_: unknown, d: Decision) => <Tag color={FOLLOW_COLOR[d.followUp]}>{t(`follow.${d.followUp}`)}</Tag>,
    },
  ];
}

function ReportModal({ invitation, onClose }: { invitation: InvitationView; onClose: () => void }) {
  const t = useFieldworkT();
  const onError = useErrorHandler();
  const changed = useFieldworkChanged();
  const [inv, setInv] = useState(invitation);
  const [text, setText] = useState(invitation.reportText);
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<InvitationView>) => {
    setBusy(true);
    try {
      const next = await fn();
      setInv(next);
      setText(next.reportText);
      await changed();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const submitted = inv.reportStatus === 'submitted';
  const d = inv.reportData;
  return (
    <Modal title={`${inv.org.name} · ${t('m.report')}`} open width={760} onCancel={onClose} footer={null} destroyOnHidden>
      <Flex vertical gap={12}>
        {d && (
          <Card size="small" title={t('m.figures')}>
            <Typography.Paragraph>
              {t('figures.line', {
                tasks: d.taskCount,
                completed: d.completed,
                submitted: d.reportsSubmitted,
                accepted: d.reportsAccepted,
              })}
            </Typography.Paragraph>
            {d.metrics.map((m) => (
              <div key={`${m.metric}-${m.unit}`}>{`${m.metric}: ${m.actualValue} / ${m.targetValue} ${m.unit}`}</div>
            ))}
          </Card>
        )}
        <Input.TextArea aria-label={t('m.report')} rows={12} value={text} disabled={submitted} onChange={(e) => setText(e.target.value)} />
        {!submitted && (
          <Space>
            <Button loading={busy} onClick={() => act(() => fieldworkApi.prefill(inv.id))}>
              {t('m.prefill')}
            </Button>
            <Button loading={busy} onClick={() => act(() => fieldworkApi.editReport(inv.id, text))}>
              {t('save')}
            </Button>
            <Popconfirm
              title={t('confirm')}
              onConfirm={() =>
                act(async () => {
                  if (text !== inv.reportText) await fieldworkApi.editReport(inv.id, text);
                  return fieldworkApi.submitReport(inv.id);
                })
              }
            >
              <Button type="primary" loading={busy}>
                {t('m.submit')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </Flex>
    </Modal>
  );
}

interface DecisionValues {
  text: string;
  ownerOrgId?: string[];
  coUnitIds?: string[];
  dueDate?: Dayjs;
  programmeId?: string;
  goalId?: string;
}

function DecisionModal({ meeting, onClose }: { meeting: MeetingView; onClose: () => void }) {
  const t = useFieldworkT();
  const [form] = Form.useForm<DecisionValues>();
  const programmeId = Form.useWatch('programmeId', form);
  const changed = useFieldworkChanged();
  return (
    <FormModal<DecisionValues>
      title={t('m.addDecision')}
      open
      form={form}
      initialValues={{ programmeId: meeting.programme?.id }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await fieldworkApi.addDecision(meeting.id, {
          text: v.text,
          ownerOrgId: v.ownerOrgId?.[0] ?? '',
          coUnitIds: v.coUnitIds,
          dueDate: isoOf(v.dueDate) ?? '',
          programmeId: v.programmeId ?? '',
          goalId: v.goalId ?? '',
        });
        await changed();
        onClose();
      }}
    >
      <Form.Item name="text" label={t('m.decisions')} rules={[{ required: true }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="ownerOrgId" label={t('f.owner')} rules={[{ required: true }]}>
        <OrgMultiSelect />
      </Form.Item>
      <Form.Item name="coUnitIds" label={t('f.coUnits')}>
        <OrgMultiSelect />
      </Form.Item>
      <Form.Item name="dueDate" label={t('f.dueDate')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <ProgrammeGoalFields programmeId={programmeId} />
    </FormModal>
  );
}

function MinutesEditor({ meeting }: { meeting: MeetingView }) {
  const t = useFieldworkT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useFieldworkChanged();
  const [form] = Form.useForm<Record<string, string>>();
  const minutes = meeting.minutes;
  const initial = {
    attendance: minutes?.attendance ?? '',
    speechesSummary: minutes?.speechesSummary ?? '',
    ...Object.fromEntries(
      KINDS.map((k) => [
        k,
        (minutes?.conclusions ?? [])
          .filter((c) => c.kind === k)
          .map((c) => c.text)
          .join('\n'),
      ]),
    ),
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={async (v) => {
        try {
          await fieldworkApi.saveMinutes(meeting.id, {
            attendance: v.attendance,
            speechesSummary: v.speechesSummary,
            conclusions: KINDS.flatMap((kind) =>
              (v[kind] ?? '')
                .split('\n')
                .map((x) => x.trim())
                .filter(Boolean)
                .map((text) => ({ kind, text })),
            ),
          });
          await changed();
          message.success(t('save'));
        } catch (err) {
          onError(err, form);
        }
      }}
    >
      <Form.Item name="attendance" label={t('m.attendance')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="speechesSummary" label={t('m.speeches')}>
        <Input.TextArea rows={4} />
      </Form.Item>
      {KINDS.map((k) => (
        <Form.Item key={k} name={k} label={`${t('m.conclusions')} · ${t(`conclusion.${k}`)}`}>
          <Input.TextArea rows={2} />
        </Form.Item>
      ))}
      <Button type="primary" htmlType="submit">
        {t('save')}
      </Button>
    </Form>
  );
}

export function MeetingPage() {
  const { id = '' } = useParams();
  const t = useFieldworkT();
  const { user } = useSession();
  const run = useFieldworkRun();
  const { data: m, error, refetch, isLoading } = useMeeting(id);
  const showBriefing = !!m?.canEdit && !!m.series && (m.sessionNo ?? 0) > 1;
  const briefing = useBriefing(id, showBriefing);
  const [reporting, setReporting] = useState<InvitationView>();
  const [deciding, setDeciding] = useState(false);

  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (isLoading || !m) return <Spin aria-label={t('loading')} />;
  const meeting: MeetingView = m;
  const minutesOpen = meeting.minutesStatus === 'none' || meeting.minutesStatus === 'draft';
  // canAct: false for an invitation read through the industry chain (the enterprise replies itself).
  const mine = (i: InvitationView) => i.canAct && (!meeting.canEdit || i.org.id === user?.orgId);

  return (
    <>
      <style>{PRINT_CSS}</style>
      <PageHeader
        title={
          <Space>
            {meeting.title}
            <Tag>{t(`minutes.${meeting.minutesStatus}`)}</Tag>
          </Space>
        }
        extra={
          <Space className="jx-no-print">
            {meeting.canEdit && (
              <Button icon={<DownloadOutlined />} href={fieldworkApi.decisionsExportUrl({ meetingId: meeting.id })}>
                {t('export')}
              </Button>
            )}
            <Button icon={<FileWordOutlined />} href={fieldworkApi.bookletUrl(meeting.id)}>
              {t('m.booklet')}
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              {t('print')}
            </Button>
          </Space>
        }
      />
      <Flex vertical gap={16}>
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('m.type')}>{t(`m.type.${meeting.meetingType}`)}</Descriptions.Item>
            <Descriptions.Item label={t('m.date')}>{meeting.meetingDate}</Descriptions.Item>
            <Descriptions.Item label={t('m.venue')}>{meeting.venue || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('m.convenor')}>{meeting.org.name}</Descriptions.Item>
            {meeting.series && (
              <Descriptions.Item label={t('m.series')}>
                {meeting.series.title} {meeting.sessionNo ? t('m.session', { n: meeting.sessionNo }) : ''}
              </Descriptions.Item>
            )}
            {meeting.programme && <Descriptions.Item label={t('f.programme')}>{meeting.programme.title}</Descriptions.Item>}
            {meeting.reportDeadline && <Descriptions.Item label={t('m.reportDeadline')}>{meeting.reportDeadline}</Descriptions.Item>}
          </Descriptions>
        </Card>
        {showBriefing && (
          <Card title={t('m.briefing')}>
            {briefing.error ? (
              <QueryError error={briefing.error} onRetry={() => void briefing.refetch()} />
            ) : (
              <Table<BriefingItem>
                rowKey="id"
                size="small"
                loading={briefing.isFetching}
                pagination={false}
                dataSource={briefing.data?.items ?? []}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
                columns={[
                  {
                    title: t('m.sessionCol'),
                    key: 's',
                    width: 90,
                    render: (_: unknown, d) => (d.sessionNo ? t('m.session', { n: d.sessionNo }) : ''),
                  },
                  ...decisionColumns(t),
                ]}
              />
            )}
          </Card>
        )}
        <Card title={t('m.agenda')}>
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={meeting.agenda}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
            columns={[
              { title: '#', key: 'n', width: 50, render: (_: unknown, _a, i) => i + 1 },
              { title: t('m.agenda'), dataIndex: 'title' },
              { title: t('m.presenter'), dataIndex: 'presenter', width: 200 },
              {
                title: t('files.agenda'),
                key: 'files',
                width: 280,
                render: (_: unknown, item, i) => (
                  <Flex vertical gap={4}>
                    {item.documents && <Typography.Text>{item.documents}</Typography.Text>}
                    <FileList
                      compact
                      files={item.files}
                      canEdit={meeting.canEdit}
                      path={fieldworkApi.meetingFilesPath(meeting.id)}
                      query={{ agendaItem: item.key }}
                      what={t('files.of', { what: t('files.agenda'), name: `${i + 1}. ${item.title}` })}
                    />
                  </Flex>
                ),
              },
            ]}
          />
        </Card>
        {meeting.canEdit && (
          <Card title={t('files.meeting')}>
            <FileList
              files={meeting.files}
              canEdit={meeting.canEdit}
              path={fieldworkApi.meetingFilesPath(meeting.id)}
              what={t('files.meeting')}
            />
          </Card>
        )}
        <AgendaProposals meetingId={meeting.id} />
        <Card title={t('m.invited')}>
          <Table<InvitationView>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={meeting.invitations}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
            columns={[
              { title: t('m.invited'), key: 'org', render: (_: unknown, i) => i.org.name },
              {
                title: t('m.reply'),
                key: 'reply',
                width: 160,
                render: (_: unknown, i) =>
                  mine(i) && meeting.minutesStatus !== 'issued' ? (
                    <Select
                      aria-label={`${i.org.name} ${t('m.reply')}`}
                      size="small"
                      style={{ width: 130 }}
                      value={i.reply}
                      onChange={(reply) => run(() => fieldworkApi.reply(i.id, { reply: reply as 'attending' }))}
                      options={(['pending', 'attending', 'absent'] as const).map((r) => ({
                        value: r,
                        label: t(`reply.${r}`),
                        disabled: r === 'pending',
                      }))}
                    />
                  ) : (
                    t(`reply.${i.reply}`)
                  ),
              },
              {
                title: t('m.signIn'),
                key: 'signIn',
                width: 110,
                render: (_: unknown, i) =>
                  i.signedInAt ? (
                    <Tag color="green">{t('m.signedIn')}</Tag>
                  ) : (
                    <Button size="small" onClick={() => run(() => fieldworkApi.signIn(i.id))}>
                      {t('m.signIn')}
                    </Button>
                  ),
              },
              {
                title: t('m.report'),
                key: 'report',
                width: 200,
                render: (_: unknown, i) => (
                  <Space>
                    <Tag color={i.reportStatus === 'submitted' ? 'green' : 'default'}>{t(`reportStatus.${i.reportStatus}`)}</Tag>
                    {(mine(i) || i.reportStatus === 'submitted') && (
                      <Button size="small" onClick={() => setReporting(i)}>
                        {t('m.report')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
        <Card
          title={t('m.minutes')}
          extra={
            meeting.canEdit && (
              <Space className="jx-no-print">
                {minutesOpen && <Button onClick={() => setDeciding(true)}>{t('m.addDecision')}</Button>}
                {meeting.minutesStatus === 'draft' && (
                  <Popconfirm title={t('confirm')} onConfirm={() => run(() => fieldworkApi.signOff(meeting.id))}>
                    <Button>{t('m.signOff')}</Button>
                  </Popconfirm>
                )}
                {meeting.minutesStatus === 'signed_off' && (
                  <Popconfirm title={t('confirm')} onConfirm={() => run(() => fieldworkApi.issue(meeting.id))}>
                    <Button type="primary">{t('m.issue')}</Button>
                  </Popconfirm>
                )}
              </Space>
            )
          }
        >
          {meeting.canEdit && minutesOpen ? (
            <MinutesEditor key={meeting.minutesStatus} meeting={meeting} />
          ) : meeting.minutes ? (
            <Flex vertical gap={8}>
              <Typography.Paragraph>
                <Typography.Text strong>{t('m.attendance')}：</Typography.Text>
                {meeting.minutes.attendance}
              </Typography.Paragraph>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                <Typography.Text strong>{t('m.speeches')}：</Typography.Text>
                {meeting.minutes.speechesSummary}
              </Typography.Paragraph>
              {meeting.minutes.conclusions.map((c) => (
                <Typography.Paragraph key={`${c.kind}-${c.text}`}>
                  <Tag>{t(`conclusion.${c.kind}`)}</Tag>
                  {c.text}
                </Typography.Paragraph>
              ))}
            </Flex>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('minutes.none')} />
          )}
          {meeting.minutes && meeting.minutes.decisions.length > 0 && (
            <Table<Decision>
              style={{ marginTop: 16 }}
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={meeting.minutes.decisions}
              columns={decisionColumns(t)}
            />
          )}
        </Card>
      </Flex>
      {reporting && <ReportModal invitation={reporting} onClose={() => setReporting(undefined)} />}
      {deciding && <DecisionModal meeting={meeting} onClose={() => setDeciding(false)} />}
    </>
  );
}
