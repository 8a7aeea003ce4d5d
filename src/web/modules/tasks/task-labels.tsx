// Coloured tags and progress bars shared by the task pages: status (grey / blue / orange / red /
// green), kind, report status, and a target's progress (actual vs target).
import { Flex, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import type { ReportStatus, TargetView, TaskKind, TaskRow, TaskStatus } from './tasks-api';
import { useTasksT } from './tasks-i18n';

export const STATUS_COLORS: Record<TaskStatus, string> = {
  not_started: 'default',
  on_track: 'blue',
  at_risk: 'orange',
  overdue: 'red',
  completed: 'green',
};
/** Drawn as text too (the board's counts): each at least 4.5:1 on white (WCAG 2.1 AA). */
export const STATUS_HEX: Record<TaskStatus, string> = {
  not_started: '#737373',
  on_track: '#0958d9',
  at_risk: '#ad4e00',
  overdue: '#cf1322',
  completed: '#237804',
};
const REPORT_COLORS: Record<ReportStatus, string> = { draft: 'default', submitted: 'blue', accepted: 'green', returned: 'red' };

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const t = useTasksT();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}

export function TaskKindTag({ kind }: { kind: TaskKind }) {
  const t = useTasksT();
  return <Tag color={kind === 'prescribed' ? 'volcano' : 'cyan'}>{t(`kind.${kind}`)}</Tag>;
}

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  const t = useTasksT();
  return <Tag color={REPORT_COLORS[status]}>{t(`report.${status}`)}</Tag>;
}

export const fmtNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, ''));
export const percent = (share: number) => Math.round(share * 1000) / 10;

export function shareColor(status: TaskStatus): string {
  return STATUS_HEX[status];
}

/** One target: "300 / 1000 人次" with a bar. */
export function TargetProgress({ target, status, compact }: { target: TargetView; status?: TaskStatus; compact?: boolean }) {
  const text = `${fmtNumber(target.actualValue)} / ${fmtNumber(target.targetValue)} ${target.unit}`;
  return (
    <div data-testid={`target-${target.id}`}>
      <Flex justify="space-between" gap={8}>
        <Typography.Text ellipsis style={{ maxWidth: compact ? 140 : undefined }}>
          {target.metric}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
          {text}
        </Typography.Text>
      </Flex>
      <Progress
        percent={percent(target.share)}
        size="small"
        strokeColor={status ? shareColor(status) : undefined}
        aria-label={`${target.metric} ${text}`}
      />
    </div>
  );
}

/** The progress column of task tables: the mean share, with the targets in a tooltip. */
export function TaskProgressCell({ task }: { task: Pick<TaskRow, 'share' | 'status' | 'targets' | 'childCount' | 'childrenCompleted'> }) {
  const t = useTasksT();
  const bar = (
    <Progress
      percent={percent(task.share)}
      size="small"
      strokeColor={shareColor(task.status)}
      style={{ minWidth: 100, margin: 0 }}
      aria-label={t('col.progress')}
    />
  );
  if (!task.targets.length && !task.childCount) return bar;
  return (
    <Tooltip
      title={
        <Space direction="vertical" size={0}>
          {task.targets.map((x) => (
            <span key={x.id}>
              {x.metric}
              {t('p.colon')}
              {fmtNumber(x.actualValue)} / {fmtNumber(x.targetValue)} {x.unit}
            </span>
          ))}
          {task.childCount > 0 && <span>{t('detail.childrenProgress', { done: task.childrenCompleted, total: task.childCount })}</span>}
        </Space>
      }
    >
      {bar}
    </Tooltip>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
