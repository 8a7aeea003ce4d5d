// The daily job of the task module: (a) recompute the stored statuses (dates move), (b) send the
// deadline reminders — a reporting period due in 7 days, in 1 day, or overdue without a submitted
// report — through notify() with the dedupe key `deadline:<taskId>:<period>:<7d|1d|overdue>`, so
// each reminder goes out exactly once, however often the job runs and across restarts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { registerJob } from '../../platform/jobs.js';
import { periodLabel } from '../../../shared/periods.js';
import { notify } from '../notifications/notify.js';
import { refreshStatuses } from './tasks.repository.js';
import { addDays, isoDay, periodsOf } from './status.js';
import type { ReportCycle } from './tasks.schemas.js';

export const TASKS_DAILY_JOB = 'tasks.daily';
/** Overdue periods older than this are not reminded again (the board and supervision take over). */
const OVERDUE_WINDOW_DAYS = 30;

type Stage = '7d' | '1d' | 'overdue';

/** Which reminder a period with this deadline gets today, if any. */
export function stageOf(deadline: string, today: string): Stage | undefined {
  if (deadline < today) return deadline >= addDays(today, -OVERDUE_WINDOW_DAYS) ? 'overdue' : undefined;
  if (deadline <= addDays(today, 1)) return '1d';
  if (deadline <= addDays(today, 7)) return '7d';
  return undefined;
}

export async function sendDeadlineReminders(db: Kysely<Database>, now: Date): Promise<number> {
  const today = isoDay(now);
  let sent = 0;
  let after = '0';
  for (;;) {
    // Tasks still open whose span touches the reminder window.
    const batch = await db
      .selectFrom('tasks')
      .select([
        'id',
        'org_id',
        'title',
        'cycle',
        sql<string>`start_date::text`.as('start_date'),
        sql<string>`due_date::text`.as('due_date'),
      ])
      .where('status', '!=', 'completed')
      .where('id', '>', after)
      .where('start_date', '<=', addDays(today, 7))
      .where('due_date', '>=', addDays(today, -OVERDUE_WINDOW_DAYS))
      .orderBy('id')
      .limit(500)
      .execute();
    if (!batch.length) break;
    const reports = await db
      .selectFrom('task_reports')
      .select(['task_id', 'period'])
      .where(
        'task_id',
        'in',
        batch.map((t) => t.id),
      )
      .where('status', 'in', ['submitted', 'accepted'])
      .execute();
    const done = new Set(reports.map((r) => `${r.task_id}:${r.period}`));
    for (const t of batch) {
      for (const p of periodsOf(t.cycle as ReportCycle, t.start_date, t.due_date)) {
        const stage = stageOf(p.deadline, today);
        if (!stage || done.has(`${t.id}:${p.key}`)) continue;
        const zh = p.key === 'once' ? '' : `${periodLabel(p.key, 'zh-CN')}`;
        const en = p.key === 'once' ? '' : ` for ${periodLabel(p.key, 'en-US')}`;
        await notify(db, {
          orgId: t.org_id,
          kind: 'deadline',
          entityType: 'task',
          entityId: t.id,
          title:
            stage === 'overdue'
              ? {
                  zh: `“${t.title}”${zh}进展报告已逾期（应于 ${p.deadline} 前报送）`,
                  en: `The progress report on "${t.title}"${en} is overdue (due ${p.deadline})`,
                }
              : {
                  zh: `“${t.title}”${zh}进展报告将于 ${p.deadline} 到期`,
                  en: `The progress report on "${t.title}"${en} is due on ${p.deadline}`,
                },
          dedupeKey: `deadline:${t.id}:${p.key}:${stage}`,
        });
        sent++;
      }
    }
    after = batch[batch.length - 1]!.id;
  }
  return sent;
}

export async function runDailyTaskJob(db: Kysely<Database>, now: Date): Promise<void> {
  const changed = await refreshStatuses(db, now);
  const reminders = await sendDeadlineReminders(db, now);
  if (changed)
    await writeAudit(
      db,
      {},
      { action: 'refresh_status', entityType: 'task', entityId: null, after: { changed, reminders, at: now.toISOString() } },
    );
}

registerJob({ name: TASKS_DAILY_JOB, everyMinutes: 24 * 60, run: runDailyTaskJob });
