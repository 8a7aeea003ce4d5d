// Supervision (督办): send a notice with a respond-by date, answer one, and the list of notices.
import { App, Button, DatePicker, Empty, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { FormModal } from '../../shared/form-modal';
import { formatDateTime } from '../../shared/labels';
import { tasksApi, type SupervisionView } from './tasks-api';
import { useTasksT } from './tasks-i18n';
import { useTasksChanged } from './tasks-queries';
import { isoOf } from './use-task-options';

export function SuperviseModal({
  taskId,
  taskTitle,
  open,
  onClose,
  onDone,
}: {
  taskId: string;
  taskTitle: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useTasksT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ message: string; respondBy: Dayjs }>();
  const tasksChanged = useTasksChanged();
  return (
    <FormModal
      title={`${t('supervise.title')}${t('p.colon')}${taskTitle}`}
      open={open}
      form={form}
      okText={t('supervise')}
      onCancel={onClose}
      initialValues={{ respondBy: dayjs().add(7, 'day') }}
      onSubmit={async (v) => {
        await tasksApi.supervise(taskId, { message: v.message.trim(), respondBy: isoOf(v.respondBy)! });
        void message.success(t('supervise.sent'));
        void tasksChanged();
        onDone();
      }}
    >
      <Form.Item
        name="message"
        label={t('supervise.message')}
        rules={[{ required: true, whitespace: true, message: t('task.required', { field: t('supervise.message') }) }]}
      >
        <Input.TextArea autoFocus rows={4} maxLength={2000} placeholder={t('supervise.messagePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="respondBy"
        label={t('supervise.respondBy')}
        rules={[{ required: true, message: t('task.required', { field: t('supervise.respondBy') }) }]}
      >
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
    </FormModal>
  );
}

export function RespondModal({ notice, onClose, onDone }: { notice: SupervisionView; onClose: () => void; onDone: () => void }) {
  const t = useTasksT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ response: string }>();
  const tasksChanged = useTasksChanged();
  return (
    <FormModal
      title={t('supervise.respond')}
      open
      form={form}
      okText={t('supervise.respond')}
      onCancel={onClose}
      onSubmit={async (v) => {
        await tasksApi.respond(notice.id, v.response.trim());
        void message.success(t('supervise.responded'));
        void tasksChanged();
        onDone();
      }}
    >
      <Typography.Paragraph>
        <Typography.Text type="secondary">
          {notice.fromOrgName}
          {t('p.colon')}
        </Typography.Text>
        {notice.message}
      </Typography.Paragraph>
      <Form.Item
        name="response"
        label={t('supervise.response')}
        rules={[{ required: true, whitespace: true, message: t('task.required', { field: t('supervise.response') }) }]}
      >
        <Input.TextArea autoFocus rows={4} maxLength={4000} />
      </Form.Item>
    </FormModal>
  );
}

export function SupervisionStatus({ s }: { s: SupervisionView }) {
  const t = useTasksT();
  return (
    <Space size={4}>
      <Tag color={s.status === 'open' ? 'orange' : 'green'}>{t(`supervision.${s.status}`)}</Tag>
      {s.late && <Tag color="red">{t('supervise.late')}</Tag>}
    </Space>
  );
}

/** A table of notices; "respond" where the caller's unit is the one addressed (which refreshes the tasks pages). */
export function SupervisionTable({
  items,
  loading,
  showTask,
  pagination,
}: {
  items: SupervisionView[];
  loading?: boolean;
  showTask?: boolean;
  pagination?: TableProps<SupervisionView>['pagination'];
}) {
  const t = useTasksT();
  const { locale } = useI18n();
  const [responding, setResponding] = useState<SupervisionView | null>(null);
  const columns: TableProps<SupervisionView>['columns'] = [
    ...(showTask
      ? [
          {
            title: t('col.title'),
            dataIndex: 'taskTitle',
            key: 'task',
            width: 200,
            render: (v: string, s: SupervisionView) => <Link to={`/tasks/${s.taskId}`}>{v}</Link>,
          },
        ]
      : []),
    {
      title: t('supervise.message'),
      dataIndex: 'message',
      key: 'message',
      width: 280,
      render: (v: string, s) => (
        <div>
          <div style={{ whiteSpace: 'pre-wrap' }}>{v}</div>
          {s.response && (
            <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
              ↳ {s.response}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t('supervise.from'), dataIndex: 'fromOrgName', key: 'from', width: 160 },
    { title: t('supervise.to'), dataIndex: 'orgName', key: 'to', width: 160 },
    { title: t('supervise.sentAt'), dataIndex: 'createdAt', key: 'at', width: 170, render: (v: string) => formatDateTime(v, locale) },
    { title: t('supervise.respondBy'), dataIndex: 'respondBy', key: 'by', width: 110 },
    { title: t('col.status'), key: 'status', width: 170, render: (_: unknown, s) => <SupervisionStatus s={s} /> },
    {
      title: '',
      key: 'actions',
      width: 100,
      render: (_: unknown, s) =>
        s.canRespond && (
          <Button size="small" type="primary" onClick={() => setResponding(s)}>
            {t('supervise.respond')}
          </Button>
        ),
    },
  ];
  if (!loading && items.length === 0 && !pagination)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.supervisionsNone')} />;
  return (
    <>
      <Table<SupervisionView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={pagination ?? false}
        scroll={{ x: 1200 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.supervisionsNone')} /> }}
      />
      {responding && <RespondModal notice={responding} onClose={() => setResponding(null)} onDone={() => setResponding(null)} />}
    </>
  );
}
