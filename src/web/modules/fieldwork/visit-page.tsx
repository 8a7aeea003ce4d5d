// One research visit: the plan (organiser, themes, leader, dates, hosts with their regions,
// itinerary), findings and requirements, the problem list with each linked task's status as it is
// now, the report; state changes, turning problems and requirements into tasks, printing.
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Form, Input, Popconfirm, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { OrgMultiSelect } from '../tasks/org-multi-select';
import { fieldworkApi, NEXT_STATES, type ProblemView, type VisitView } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
import { useFieldworkChanged, useFieldworkRun, useVisit } from './fieldwork-queries';
import { ToTaskModal } from './to-task-modal';
import { FileList } from './files';
import { PRINT_CSS } from './print';
import { VisitPlanItem } from './plan-page';
import { statusColor } from './visits-page';

type Task = ProblemView['task'];

function TaskCell({ task }: { task: Task }) {
  const t = useFieldworkT();
  if (!task) return null;
  return (
    <Space direction="vertical" size={0}>
      <Link to={`/tasks/${task.id}`}>{task.title}</Link>
      <Tag color={task.status === 'completed' ? 'green' : task.status === 'overdue' ? 'red' : 'blue'}>
        {t(`task.status.${task.status as 'completed'}`)}
      </Tag>
    </Space>
  );
}

interface ProblemValues {
  category: string;
  text: string;
  hostOrgId?: string;
  leadOrgId?: string[];
  measures?: string;
}

export function VisitPage() {
  const { id = '' } = useParams();
  const t = useFieldworkT();
  const run = useFieldworkRun();
  const changed = useFieldworkChanged();
  const { data: v, error, refetch, isLoading } = useVisit(id);
  const [toTask, setToTask] = useState<{ kind: 'problem' | 'requirement'; id: string; lead?: { id: string; name: string } | null }>();
  const [addingProblem, setAddingProblem] = useState(false);
  const [requirement, setRequirement] = useState('');
  const [report, setReport] = useState<string>();
  const [problemForm] = Form.useForm<ProblemValues>();

  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (isLoading || !v) return <Spin aria-label={t('loading')} />;
  const visit: VisitView = v;

  return (
    <>
      <style>{PRINT_CSS}</style>
      <PageHeader
        title={
          <Space>
            {visit.title}
            <Tag color={statusColor(visit.status)}>{t(`status.${visit.status}`)}</Tag>
          </Space>
        }
        extra={
          <Space className="jx-no-print" wrap>
            {visit.canEdit &&
              NEXT_STATES[visit.status].map((to) => (
                <Popconfirm key={to} title={t('confirm')} onConfirm={() => run(() => fieldworkApi.transition(visit.id, to))}>
                  <Button>{t(`to.${to}`)}</Button>
                </Popconfirm>
              ))}
            <Button icon={<DownloadOutlined />} href={fieldworkApi.problemsExportUrl(visit.id)}>
              {t('export')}
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
            <Descriptions.Item label={t('f.org')}>{visit.org.name}</Descriptions.Item>
            <Descriptions.Item label={t('f.visitType')}>{t(`type.${visit.visitType}`)}</Descriptions.Item>
            <Descriptions.Item label={t('f.themes')}>{visit.themes.join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('f.leaderName')}>
              {visit.leaderName}
              {visit.leaderPost ? `（${visit.leaderPost}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('f.dates')}>{`${visit.startDate} ~ ${visit.endDate}`}</Descriptions.Item>
            <Descriptions.Item label={t('f.reportDue')}>{visit.reportDue ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('f.team')}>
              {visit.team.map((m) => (m.post ? `${m.name}（${m.post}）` : m.name)).join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('pl.item')}>
              <VisitPlanItem visitId={visit.id} year={Number(visit.startDate.slice(0, 4))} canEdit={visit.canEdit} />
            </Descriptions.Item>
            <Descriptions.Item label={t('f.hosts')}>
              {visit.hosts.map((h) => (
                <Tag key={h.id}>{h.name}</Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        {visit.itinerary.length > 0 && (
          <Card title={t('f.itinerary')}>
            <Table
              rowKey={(_, i) => String(i)}
              size="small"
              pagination={false}
              dataSource={visit.itinerary}
              columns={[
                { title: t('f.startDate'), dataIndex: 'date', width: 120 },
                {
                  title: t('f.hosts'),
                  key: 'host',
                  width: 200,
                  render: (_: unknown, l) => visit.hosts.find((h) => h.id === l.hostOrgId)?.name ?? '',
                },
                { title: t('f.text'), dataIndex: 'activity' },
              ]}
            />
          </Card>
        )}
        <Card title={t('f.findings')}>
          {visit.findings.length ? (
            <ol>
              {visit.findings.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ol>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} />
          )}
        </Card>
        <Card title={t('f.requirements')}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={visit.requirements}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
            columns={[
              { title: '#', key: 'n', width: 50, render: (_: unknown, r) => r.sortOrder + 1 },
              { title: t('f.text'), dataIndex: 'text' },
              {
                title: t('f.task'),
                key: 'task',
                width: 240,
                render: (_: unknown, r) =>
                  r.task ? (
                    <TaskCell task={r.task} />
                  ) : visit.canEdit ? (
                    <Button size="small" onClick={() => setToTask({ kind: 'requirement', id: r.id })}>
                      {t('toTask')}
                    </Button>
                  ) : null,
              },
            ]}
          />
          {visit.canEdit && visit.status !== 'closed' && (
            <Space.Compact style={{ marginTop: 12, width: '100%' }}>
              <Input
                aria-label={t('requirement.add')}
                placeholder={t('requirement.add')}
                value={requirement}
                onChange={(e) => setRequirement(e.target.value)}
              />
              <Button
                disabled={!requirement.trim()}
                onClick={() =>
                  run(async () => {
                    await fieldworkApi.addRequirement(visit.id, requirement.trim());
                    setRequirement('');
                  })
                }
              >
                {t('add')}
              </Button>
            </Space.Compact>
          )}
        </Card>
        <Card
          title={t('f.problems')}
          extra={
            visit.canEdit &&
            visit.status !== 'closed' && (
              <Button className="jx-no-print" onClick={() => setAddingProblem(true)}>
                {t('problem.add')}
              </Button>
            )
          }
        >
          <Table<ProblemView>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={visit.problems}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
            columns={[
              { title: '#', key: 'n', width: 50, render: (_: unknown, p) => p.sortOrder + 1 },
              { title: t('f.category'), dataIndex: 'category', width: 100 },
              { title: t('f.text'), dataIndex: 'text' },
              { title: t('f.host'), key: 'host', width: 140, render: (_: unknown, p) => p.host?.name ?? '' },
              { title: t('f.lead'), key: 'lead', width: 140, render: (_: unknown, p) => p.leadOrg?.name ?? '' },
              {
                title: t('f.status'),
                key: 'status',
                width: 100,
                render: (_: unknown, p) => (
                  <Tag color={p.effectiveStatus === 'closed' ? 'green' : p.effectiveStatus === 'carried_over' ? 'default' : 'orange'}>
                    {t(`problem.${p.effectiveStatus}`)}
                  </Tag>
                ),
              },
              {
                title: t('f.task'),
                key: 'task',
                width: 260,
                render: (_: unknown, p) =>
                  p.task ? (
                    <TaskCell task={p.task} />
                  ) : visit.canEdit && visit.status !== 'closed' ? (
                    <Space className="jx-no-print">
                      <Button
                        size="small"
                        onClick={() => setToTask({ kind: 'problem', id: p.id, lead: p.leadOrg ?? p.responseOrg ?? p.host })}
                      >
                        {t('toTask')}
                      </Button>
                      {p.status !== 'carried_over' && (
                        <Popconfirm
                          title={t('confirm')}
                          onConfirm={() => run(() => fieldworkApi.updateProblem(p.id, { status: 'carried_over' }))}
                        >
                          <Button size="small">{t('carryOver')}</Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ) : null,
              },
              {
                title: t('files.title'),
                key: 'files',
                width: 220,
                render: (_: unknown, p) => (
                  <FileList
                    compact
                    files={p.files}
                    canEdit={visit.canEdit}
                    path={fieldworkApi.problemFilesPath(p.id)}
                    what={t('files.of', { what: t('files.problem'), name: `${p.sortOrder + 1}. ${p.category}` })}
                  />
                ),
              },
            ]}
          />
        </Card>
        <Card title={t('f.report')}>
          {visit.canEdit && visit.status !== 'closed' ? (
            <Flex vertical gap={8}>
              <Input.TextArea
                aria-label={t('f.report')}
                rows={8}
                value={report ?? visit.report}
                onChange={(e) => setReport(e.target.value)}
              />
              <div>
                <Button
                  type="primary"
                  disabled={report === undefined}
                  onClick={() => run(() => fieldworkApi.updateVisit(visit.id, { report: report ?? '' }))}
                >
                  {t('save')}
                </Button>
              </div>
            </Flex>
          ) : (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{visit.report || '—'}</Typography.Paragraph>
          )}
          <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
            {t('files.report')}
          </Typography.Title>
          <FileList
            files={visit.reportFiles}
            canEdit={visit.canEdit}
            path={fieldworkApi.reportFilesPath(visit.id)}
            what={t('files.report')}
          />
        </Card>
      </Flex>
      {toTask && (
        <ToTaskModal
          title={t('toTask')}
          lead={toTask.lead}
          withOwner={toTask.kind === 'requirement'}
          onCancel={() => setToTask(undefined)}
          onSubmit={async (values) => {
            if (toTask.kind === 'problem') await fieldworkApi.problemToTask(toTask.id, values);
            else await fieldworkApi.requirementToTask(toTask.id, values);
            await changed();
            setToTask(undefined);
          }}
        />
      )}
      {addingProblem && (
        <FormModal<ProblemValues>
          title={t('problem.add')}
          open
          form={problemForm}
          onCancel={() => setAddingProblem(false)}
          onSubmit={async (p) => {
            await fieldworkApi.addProblem(visit.id, {
              category: p.category,
              text: p.text,
              hostOrgId: p.hostOrgId,
              leadOrgId: p.leadOrgId?.[0],
              measures: p.measures,
            });
            await changed();
            setAddingProblem(false);
          }}
        >
          <Form.Item name="category" label={t('f.category')} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="text" label={t('f.text')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="hostOrgId" label={t('f.host')}>
            <Select allowClear options={visit.hosts.map((h) => ({ value: h.id, label: h.name }))} />
          </Form.Item>
          <Form.Item name="leadOrgId" label={t('f.lead')}>
            <OrgMultiSelect />
          </Form.Item>
          <Form.Item name="measures" label={t('f.measures')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
