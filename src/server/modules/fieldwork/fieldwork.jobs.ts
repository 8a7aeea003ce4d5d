// The daily job of field work and meetings: a visit's report deadline (a reminder 3 days before, and
// one when overdue; an under-way visit moves to "report due" 7 days before), and each invited unit's
// pre-meeting report (one reminder, 2 days before the deadline). Reminders go through notify() with
// a dedupe key, so each goes out exactly once however often the job runs and across restarts. The
// call for agenda items (议题征集): each invited unit that has proposed nothing is reminded once, 2
// days before the proposal deadline.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { registerJob } from '../../platform/jobs.js';
import { notify } from '../notifications/notify.js';
import { addDays, isoDay } from '../tasks/status.js';
import { findVisit, listReportsDue, listVisitsReportDue, updateVisit } from './fieldwork.repository.js';
import { listUnansweredDue } from './returns.repository.js';
import { listSilentProposers } from './agenda.repository.js';

export const FIELDWORK_DAILY_JOB = 'fieldwork.daily';

export async function runFieldworkJob(db: Kysely<Database>, now: Date): Promise<void> {
  const today = isoDay(now);
  for (const v of await listVisitsReportDue(db, addDays(today, 7))) {
    const full = await findVisit(db, v.id);
    if (full?.status === 'under_way') {
      await updateVisit(db, v.id, { status: 'report_due' });
      await writeAudit(
        db,
        {},
        {
          action: 'transition',
          entityType: 'visit',
          entityId: v.id,
          orgId: full.org_id,
          orgPath: full.org_path,
          before: { status: 'under_way' },
          after: { status: 'report_due', by: FIELDWORK_DAILY_JOB },
        },
      );
    }
    const stage = v.report_due < today ? 'overdue' : v.report_due <= addDays(today, 3) ? '3d' : undefined;
    if (!stage) continue;
    await notify(db, {
      orgId: v.org_id,
      kind: 'deadline',
      entityType: 'visit',
      entityId: v.id,
      title:
        stage === 'overdue'
          ? {
              zh: `调研“${v.title}”的报告已逾期（应于 ${v.report_due} 前完成）`,
              en: `The report on the visit "${v.title}" is overdue (due ${v.report_due})`,
            }
          : { zh: `调研“${v.title}”的报告将于 ${v.report_due} 到期`, en: `The report on the visit "${v.title}" is due on ${v.report_due}` },
      dedupeKey: `visit_report:${v.id}:${stage}`,
    });
  }
  for (const i of await listReportsDue(db, addDays(today, 2))) {
    if (i.report_deadline < today) continue;
    await notify(db, {
      orgId: i.org_id,
      kind: 'deadline',
      entityType: 'meeting',
      entityId: i.meeting_id,
      title: {
        zh: `会前材料（落实情况报告）请于 ${i.report_deadline} 前报送：${i.title}`,
        en: `Please submit the pre-meeting report by ${i.report_deadline}: ${i.title}`,
      },
      dedupeKey: `meeting_report:${i.id}`,
    });
  }
  // A status return not yet submitted: one reminder, 2 days before its deadline (exactly once).
  for (const a of await listUnansweredDue(db, addDays(today, 2))) {
    if (a.deadline < today) continue;
    await notify(db, {
      orgId: a.org_id,
      kind: 'deadline',
      entityType: 'status_return',
      entityId: a.return_id,
      title: { zh: `请于 ${a.deadline} 前提交：${a.title}`, en: `Reminder: please submit "${a.title}" by ${a.deadline}` },
      dedupeKey: `return_reminder:${a.id}`,
    });
  }
  // The call for agenda items closes soon: the invited units that have proposed nothing, once each.
  for (const i of await listSilentProposers(db, today, addDays(today, 2))) {
    await notify(db, {
      orgId: i.org_id,
      kind: 'deadline',
      entityType: 'meeting',
      entityId: i.meeting_id,
      title: {
        zh: `议题征集将于 ${i.deadline} 截止，如有议题请及时提出：${i.title}`,
        en: `The call for agenda items closes on ${i.deadline}: propose yours in time for "${i.title}"`,
      },
      dedupeKey: `agenda_call:${i.id}`,
    });
  }
}

registerJob({ name: FIELDWORK_DAILY_JOB, everyMinutes: 24 * 60, run: runFieldworkJob });
