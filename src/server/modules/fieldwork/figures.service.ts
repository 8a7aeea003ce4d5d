// Field work and meeting figures for the results dashboard: the year's visits by organiser, the share
// of the subtree's enterprises visited, problems raised / closed / overdue / carried over, meetings
// held, pre-meeting reports on time, decisions → tasks → done on time. No unit is scored by the number
// of meetings held or photos taken (the 2025 rules against formalism forbid it): these are totals.
import type { RequestContext } from '../../platform/http.js';
import { yearFigures } from './fieldwork.repository.js';

export async function figures(ctx: RequestContext, q: { year?: number }) {
  const today = new Date().toISOString().slice(0, 10);
  const year = q.year ?? Number(today.slice(0, 4));
  const f = await yearFigures(ctx.db, ctx.actor.orgPath, year, today);
  const n = (v: unknown) => Number(v ?? 0);
  return {
    year,
    visits: f.byOrganiser.reduce((s, r) => s + n(r.n), 0),
    visitsByOrganiser: f.byOrganiser.map((r) => ({ org: { id: String(r.id), name: r.name }, count: n(r.n) })),
    enterprises: f.enterprises,
    enterprisesVisited: f.visited,
    enterprisesVisitedShare: f.enterprises ? f.visited / f.enterprises : 0,
    problems: {
      raised: n(f.problems.raised),
      closed: n(f.problems.closed),
      overdue: n(f.problems.overdue),
      carriedOver: n(f.problems.carried_over),
    },
    meetingsHeld: f.meetings,
    reports: { due: n(f.reports.due), onTime: n(f.reports.on_time) },
    decisions: {
      total: n(f.decisions.total),
      tasks: n(f.decisions.tasks),
      done: n(f.decisions.done),
      doneOnTime: n(f.decisions.done_on_time),
      overdue: n(f.decisions.overdue),
    },
  };
}
