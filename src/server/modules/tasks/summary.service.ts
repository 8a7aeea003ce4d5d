// The symposium view (座谈会/推进会): for one programme and (optionally) one period, per lead unit in
// the caller's subtree — tasks, reports submitted and accepted in the period, narrative excerpts,
// metric totals against targets, overdue items — ready to be read out at a meeting.
import type { RequestContext } from '../../platform/http.js';
import * as repo from './tasks.repository.js';
import type { ProgrammeRecord } from './programmes.repository.js';
import { listSubmittedReports } from './reports.repository.js';
import { shareOf } from './status.js';
import type { SummaryView } from './tasks.schemas.js';

const EXCERPT = 200;

type Metric = { metric: string; unit: string; targetValue: number; actualValue: number };
function addMetric(list: Metric[], m: Metric) {
  const found = list.find((x) => x.metric === m.metric && x.unit === m.unit);
  if (found) {
    found.targetValue += m.targetValue;
    found.actualValue += m.actualValue;
  } else list.push({ ...m });
}
const withShare = (list: Metric[]) => list.map((m) => ({ ...m, share: shareOf(m.actualValue, m.targetValue) }));

/** The summary of a programme the caller sees (the route's policy loaded it). */
export async function programmeSummary(ctx: RequestContext, programme: ProgrammeRecord, period: string | undefined): Promise<SummaryView> {
  const tasks = await repo.listProgrammeTasksLedIn(ctx.db, programme.id, ctx.actor.orgPath);
  const ids = tasks.map((t) => t.id);
  const [targets, reports] = await Promise.all([repo.listTargets(ctx.db, ids), listSubmittedReports(ctx.db, ids, period)]);
  const inSet = new Set(ids);
  const units = new Map<string, SummaryView['units'][number]>();
  const totals = { taskCount: 0, completed: 0, overdue: 0, reportsSubmitted: 0, reportsAccepted: 0, metrics: [] as Metric[] };
  const unitMetrics = new Map<string, Metric[]>();
  for (const t of tasks) {
    let u = units.get(t.org_id);
    if (!u) {
      u = {
        orgId: t.org_id,
        orgName: t.org_name,
        taskCount: 0,
        completed: 0,
        reportsSubmitted: 0,
        reportsAccepted: 0,
        narratives: [],
        metrics: [],
        overdue: [],
      };
      units.set(t.org_id, u);
      unitMetrics.set(t.org_id, []);
    }
    u.taskCount++;
    totals.taskCount++;
    if (t.status === 'completed') {
      u.completed++;
      totals.completed++;
    }
    if (t.status === 'overdue') {
      u.overdue.push({ taskId: t.id, title: t.title, dueDate: t.due_date });
      totals.overdue++;
    }
    // A unit's metrics: all its tasks; the programme totals: only the top of each cascade in view
    // (a child's progress is already inside its parent's actual).
    for (const x of targets.filter((y) => y.task_id === t.id)) {
      const m = { metric: x.metric, unit: x.unit, targetValue: x.target_value, actualValue: x.actual_value };
      addMetric(unitMetrics.get(t.org_id)!, m);
      if (!t.parent_id || !inSet.has(t.parent_id)) addMetric(totals.metrics, m);
    }
    const own = reports.filter((r) => r.task_id === t.id);
    for (const r of own) {
      u.reportsSubmitted++;
      totals.reportsSubmitted++;
      if (r.status === 'accepted') {
        u.reportsAccepted++;
        totals.reportsAccepted++;
      }
    }
    const latest = own[0];
    if (latest?.narrative.trim()) {
      const excerpt = latest.narrative.trim().length > EXCERPT ? `${latest.narrative.trim().slice(0, EXCERPT)}…` : latest.narrative.trim();
      u.narratives.push({ taskId: t.id, taskTitle: t.title, reportId: latest.id, period: latest.period, status: latest.status, excerpt });
    }
  }
  for (const [orgId, u] of units) u.metrics = withShare(unitMetrics.get(orgId)!);
  return {
    programme: { id: programme.id, title: programme.title, periodStart: programme.period_start, periodEnd: programme.period_end },
    period: period ?? null,
    generatedAt: new Date().toISOString(),
    units: [...units.values()],
    totals: { ...totals, metrics: withShare(totals.metrics) },
  };
}
