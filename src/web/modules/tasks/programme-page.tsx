// One programme: its period, tags and goals (add, edit), and the task tree — the top-level tasks,
// each expanding into the tasks it was handed down into (loaded when opened).
import { ArrowLeftOutlined, EditOutlined, InboxOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Flex, List, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api';
import { NotFound } from '../../shared/not-found';
import { FilterSelect, SearchBox } from '../../shared/list-controls';
import { PageHeader } from '../../shared/page-header';
import { useErrorHandler } from '../../shared/use-error-handler';
import { QueryError } from '../../shared/query-error';
import { readableColor } from '../../shared/readable-color';
import { GoalFormModal, ProgrammeFormModal } from './programme-form';
import { TaskFormModal } from './task-form';
import { TaskKindTag, TaskProgressCell, TaskStatusTag } from './task-labels';
import { tasksApi, type GoalView, type TaskRow } from './tasks-api';
import { useTasksT } from './tasks-i18n';
import { taskKeys, useProgramme, useTaskList, useTasksChanged } from './tasks-queries';

type TreeRow = TaskRow & { children?: TreeRow[] };

/** Tasks as a tree: rows with child tasks get an (empty) children list, filled when expanded. */
function TaskTree({ programmeId, goalId, q, topLevel }: { programmeId: string; goalId?: string; q?: string; topLevel: boolean }) {
  const t = useTasksT();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [opened, setOpened] = useState<string[]>([]);
  const { data, isFetching, error, refetch } = useTaskList({
    programmeId,
    goalId,
    q,
    topLevel: topLevel ? 'true' : undefined,
    sort: 'dueDate',
    ...page,
  });
  // The children of every row ever expanded (kept when it is collapsed, refetched with the tasks).
  const children = useQueries({
    queries: opened.map((id) => ({ queryKey: taskKeys.children(id), queryFn: () => tasksApi.children(id) })),
  });
  const loaded: Record<string, TaskRow[] | undefined> = Object.fromEntries(opened.map((id, i) => [id, children[i]?.data?.items]));
  const loadingIds = opened.filter((_, i) => children[i]?.isPending);
  const attach = (row: TaskRow): TreeRow => (row.childCount > 0 ? { ...row, children: (loaded[row.id] ?? []).map(attach) } : row);
  const rows = (data?.items ?? []).map(attach);

  const onExpand = (expanded: boolean, row: TreeRow) => {
    if (expanded && !opened.includes(row.id)) setOpened((ids) => [...ids, row.id]);
  };
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;

  const columns: TableProps<TreeRow>['columns'] = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      key: 'title',
      render: (v: string, r) => (
        <Space size={4}>
          <Link to={`/tasks/${r.id}`}>{v}</Link>
          {loadingIds.includes(r.id) && <Spin size="small" />}
        </Space>
      ),
    },
    { title: t('col.kind'), dataIndex: 'kind', key: 'kind', width: 100, render: (k: TaskRow['kind']) => <TaskKindTag kind={k} /> },
    { title: t('col.goal'), dataIndex: 'goalTitle', key: 'goal', width: 180, ellipsis: true },
    { title: t('col.lead'), dataIndex: 'orgName', key: 'org', width: 180, ellipsis: true },
    { title: t('col.due'), dataIndex: 'dueDate', key: 'due', width: 110 },
    {
      title: t('col.status'),
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (s: TaskRow['status']) => <TaskStatusTag status={s} />,
    },
    { title: t('col.progress'), key: 'progress', width: 180, render: (_: unknown, r) => <TaskProgressCell task={r} /> },
  ];

  return (
    <Table<TreeRow>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={isFetching}
      expandable={{ onExpand }}
      aria-label={t('programme.tasks')}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('task.none')} /> }}
      pagination={{
        current: page.page,
        pageSize: page.pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('total', { total }),
        onChange: (p, s) => setPage({ page: p, pageSize: s }),
      }}
    />
  );
}

export function ProgrammePage() {
  const { id = '' } = useParams();
  const t = useTasksT();
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const { message, modal } = App.useApp();
  const { data: p, error, refetch } = useProgramme(id);
  const tasksChanged = useTasksChanged();
  const [editing, setEditing] = useState(false);
  const [goalModal, setGoalModal] = useState<{ goal?: GoalView } | null>(null);
  const [taskModal, setTaskModal] = useState<{ goalId?: string } | null>(null);
  const [goalFilter, setGoalFilter] = useState<string>();
  const [q, setQ] = useState<string>();

  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!p) return <Spin />;

  const setStatus = (status: 'active' | 'archived') => {
    const run = () =>
      tasksApi.updateProgramme(p.id, { status }).then(() => {
        void message.success(t('programme.saved'));
        return tasksChanged();
      }, onError);
    if (status === 'archived')
      modal.confirm({ title: t('programme.archiveConfirm'), okText: t('confirm'), cancelText: t('cancel'), onOk: run });
    else void run();
  };

  return (
    <>
      <PageHeader
        title={
          <Space>
            {p.title}
            <Tag color={p.status === 'active' ? 'green' : 'default'}>{t(`programmeStatus.${p.status}`)}</Tag>
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/programmes')}>
              {t('back')}
            </Button>
            {p.permissions.canEdit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('programme.edit')}
              </Button>
            )}
            {p.permissions.canEdit &&
              (p.status === 'active' ? (
                <Button icon={<InboxOutlined />} onClick={() => setStatus('archived')}>
                  {t('programme.archive')}
                </Button>
              ) : (
                <Button icon={<RollbackOutlined />} onClick={() => setStatus('active')}>
                  {t('programme.restore')}
                </Button>
              ))}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={3} size="small">
          <Descriptions.Item label={t('programme.owner')}>{p.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('programme.period')}>
            {p.periodStart} ~ {p.periodEnd}
          </Descriptions.Item>
          <Descriptions.Item label={t('programme.tags')}>
            <Space size={[0, 4]} wrap>
              {p.tags.map((x) => (
                <Tag key={x.id} color={readableColor(x.color)}>
                  {x.name}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          {p.description && (
            <Descriptions.Item label={t('programme.description')} span={3}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.description}</Typography.Paragraph>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card
        title={t('programme.goals')}
        style={{ marginBottom: 16 }}
        extra={
          p.permissions.canEdit && (
            <Button icon={<PlusOutlined />} onClick={() => setGoalModal({})}>
              {t('goal.add')}
            </Button>
          )
        }
      >
        <List
          size="small"
          dataSource={p.goals}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('goal.none')} /> }}
          renderItem={(g, i) => (
            <List.Item
              actions={[
                p.permissions.canEdit && (
                  <Button key="edit" type="link" size="small" onClick={() => setGoalModal({ goal: g })}>
                    {t('goal.edit')}
                  </Button>
                ),
                p.permissions.canAddTask && (
                  <Button key="add" type="link" size="small" icon={<PlusOutlined />} onClick={() => setTaskModal({ goalId: g.id })}>
                    {t('task.new')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta title={`${i + 1}. ${g.title}`} description={g.description || undefined} />
              <Typography.Text type="secondary">{t('goal.taskCount', { n: g.taskCount })}</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      <Card
        title={t('programme.tasks')}
        extra={
          p.permissions.canAddTask &&
          p.goals.length > 0 && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTaskModal({})}>
              {t('task.new')}
            </Button>
          )
        }
      >
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <SearchBox label={t('search')} placeholder={t('searchPlaceholder')} width={260} onSearch={setQ} />
          <FilterSelect
            label={t('col.goal')}
            width={240}
            value={goalFilter}
            onChange={setGoalFilter}
            options={p.goals.map((g) => ({ value: g.id, label: g.title }))}
          />
        </Flex>
        {/* The owner's subtree sees the whole cascade from its top; a lower level sees its own tasks. */}
        <TaskTree programmeId={p.id} goalId={goalFilter} q={q} topLevel={p.permissions.canEdit} />
      </Card>
      {editing && <ProgrammeFormModal open programme={p} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
      {goalModal && (
        <GoalFormModal
          open
          programmeId={p.id}
          goal={goalModal.goal}
          onClose={() => setGoalModal(null)}
          onSaved={() => setGoalModal(null)}
        />
      )}
      {taskModal && (
        <TaskFormModal
          open
          programme={p}
          goalId={taskModal.goalId}
          onClose={() => setTaskModal(null)}
          onSaved={(task) => {
            setTaskModal(null);
            navigate(`/tasks/${task.id}`);
          }}
        />
      )}
    </>
  );
}
