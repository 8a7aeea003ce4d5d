// Hand a task down (分解下达): choose several units below the lead unit, split each target's value
// among them (a running total shows what is left), optionally an earlier due date per unit.
import { DeleteOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Form, InputNumber, Modal, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useErrorHandler } from '../../shared/use-error-handler';
import { useSession } from '../../session';
import { useAffiliatedOffer } from '../industry/industry-queries';
import { OrgMultiSelect } from './org-multi-select';
import { fmtNumber } from './task-labels';
import { tasksApi, type TaskDetail } from './tasks-api';
import { useTasksT } from './tasks-i18n';
import { useTasksChanged } from './tasks-queries';
import { isoOf } from './use-task-options';

interface UnitRow {
  orgId: string;
  values: Record<string, number | null>;
  dueDate: Dayjs | null;
}

export function HandDownModal({
  task,
  open,
  onClose,
  onDone,
}: {
  task: TaskDetail;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useTasksT();
  const onError = useErrorHandler();
  const { message } = App.useApp();
  const [names, setNames] = useState<Record<string, string>>({});
  const [rows, setRows] = useState<UnitRow[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const tasksChanged = useTasksChanged();
  const assigned = task.children.map((c) => c.orgId);
  // An industry union hands its own tasks to its affiliated enterprises (the territorial chain sees them too).
  const { user } = useSession();
  const offer = useAffiliatedOffer(task.orgId === user?.orgId);

  const setUnits = (ids: string[]) => {
    setProblem(undefined);
    setRows((prev) => ids.map((orgId) => prev.find((r) => r.orgId === orgId) ?? { orgId, values: {}, dueDate: null }));
  };
  const setValue = (orgId: string, targetId: string, value: number | null) =>
    setRows((prev) => prev.map((r) => (r.orgId === orgId ? { ...r, values: { ...r.values, [targetId]: value } } : r)));
  const given = (targetId: string) => rows.reduce((s, r) => s + (r.values[targetId] ?? 0), 0);
  // Each target's value split as evenly as whole numbers allow; the remainder to the first units.
  const splitEvenly = () => {
    if (!rows.length) return;
    setRows((prev) =>
      prev.map((r, i) => ({
        ...r,
        values: Object.fromEntries(
          task.targets.map((x) => {
            const base = Math.floor(x.targetValue / prev.length);
            const rest = x.targetValue - base * prev.length;
            return [
              x.id,
              Number.isInteger(x.targetValue) ? base + (i < rest ? 1 : 0) : Math.round((x.targetValue / prev.length) * 100) / 100,
            ];
          }),
        ),
      })),
    );
  };

  const submit = async () => {
    if (!rows.length) {
      setProblem(t('handDown.atLeastOne'));
      return;
    }
    setBusy(true);
    try {
      const res = await tasksApi.handDown(task.id, {
        units: rows.map((r) => ({
          orgId: r.orgId,
          targets: task.targets.filter((x) => r.values[x.id] != null).map((x) => ({ targetId: x.id, value: Number(r.values[x.id]) })),
          ...(r.dueDate ? { dueDate: isoOf(r.dueDate) } : {}),
        })),
      });
      void message.success(t('handDown.done', { n: res.items.length }));
      void tasksChanged();
      onDone();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('handDown.title')}
      open={open}
      width={Math.min(1100, 520 + task.targets.length * 160)}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('handDown')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('handDown.units')} htmlFor="hand-down-units" required>
          <OrgMultiSelect
            id="hand-down-units"
            value={rows.map((r) => r.orgId)}
            onChange={setUnits}
            childrenOf={task.orgId}
            offer={offer}
            exclude={[task.orgId, ...assigned]}
            placeholder={t('handDown.unitPlaceholder')}
            onOptions={setNames}
          />
        </Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      {rows.length > 0 && (
        <>
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('handDown.split')}</Typography.Text>
            {task.targets.length > 0 && (
              <Button size="small" onClick={splitEvenly}>
                {t('handDown.splitEvenly')}
              </Button>
            )}
          </Flex>
          <Table<UnitRow>
            rowKey="orgId"
            size="small"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: t('handDown.unit'), key: 'unit', render: (_: unknown, r) => names[r.orgId] ?? r.orgId },
              ...task.targets.map((x) => ({
                title: `${x.metric}${t('p.paren', { text: x.unit })}`,
                key: x.id,
                width: 160,
                render: (_: unknown, r: UnitRow) => (
                  <InputNumber
                    aria-label={`${names[r.orgId] ?? r.orgId} ${x.metric}`}
                    min={0}
                    value={r.values[x.id] ?? null}
                    style={{ width: '100%' }}
                    onChange={(v) => setValue(r.orgId, x.id, v == null ? null : Number(v))}
                  />
                ),
              })),
              {
                title: t('handDown.due'),
                key: 'due',
                width: 170,
                render: (_: unknown, r) => (
                  <DatePicker
                    aria-label={`${names[r.orgId] ?? r.orgId} ${t('handDown.due')}`}
                    value={r.dueDate}
                    style={{ width: '100%' }}
                    disabledDate={(d) => d.isAfter(dayjs(task.dueDate), 'day') || d.isBefore(dayjs(task.startDate), 'day')}
                    onChange={(d) => setRows((prev) => prev.map((p) => (p.orgId === r.orgId ? { ...p, dueDate: d } : p)))}
                  />
                ),
              },
              {
                title: '',
                key: 'remove',
                width: 48,
                render: (_: unknown, r) => (
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={`${t('handDown.removeUnit')} ${names[r.orgId] ?? ''}`}
                    onClick={() => setUnits(rows.filter((x) => x.orgId !== r.orgId).map((x) => x.orgId))}
                  />
                ),
              },
            ]}
          />
          <Flex vertical gap={2} style={{ marginTop: 8 }} data-testid="hand-down-totals">
            {task.targets.map((x) => {
              const sum = given(x.id);
              return (
                <Typography.Text key={x.id} type={sum > x.targetValue ? 'danger' : sum === x.targetValue ? 'success' : 'secondary'}>
                  {t('handDown.remaining', { metric: x.metric, given: fmtNumber(sum), total: fmtNumber(x.targetValue), unit: x.unit })}
                  {sum > x.targetValue && t('handDown.over', { over: fmtNumber(sum - x.targetValue), unit: x.unit })}
                </Typography.Text>
              );
            })}
          </Flex>
        </>
      )}
    </Modal>
  );
}
