// The calendar of visits and meetings (issue 13 item 7): the visits overlapping a range of days and
// the meetings held in it, as the lists show them to the caller (the same visibility: its subtree's,
// those it hosts or is invited to). A range is at most 62 days (a month view with its edges).
import { fieldError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import * as repo from './fieldwork.repository.js';
import type { CalendarQuery, CalendarView } from './calendar.schemas.js';

const LIMIT = 500;
const MAX_DAYS = 62;

export async function calendar(ctx: RequestContext, q: CalendarQuery): Promise<CalendarView> {
  if (q.to < q.from) throw fieldError('query.to', 'end_before_start');
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
  if (days > MAX_DAYS) throw fieldError('query.to', 'range_too_long', { days: MAX_DAYS });
  const [visits, meetings] = await Promise.all([
    repo.listVisits(ctx.db, { rootPath: ctx.actor.orgPath, from: q.from, to: q.to }, { field: 'startDate', dir: 'asc' }, LIMIT, 0),
    repo.listMeetings(ctx.db, { rootPath: ctx.actor.orgPath, from: q.from, to: q.to }, { field: 'meetingDate', dir: 'asc' }, LIMIT, 0),
  ]);
  return {
    from: q.from,
    to: q.to,
    visits: visits.items.map((v) => ({
      id: String(v.id),
      title: v.title,
      org: { id: String(v.org_id), name: v.org_name },
      visitType: v.visit_type,
      status: v.status,
      startDate: v.start_date,
      endDate: v.end_date,
    })),
    meetings: meetings.items.map((m) => ({
      id: String(m.id),
      title: m.title,
      org: { id: String(m.org_id), name: m.org_name },
      meetingType: m.meeting_type,
      minutesStatus: m.minutes_status,
      meetingDate: m.meeting_date,
      venue: m.venue,
    })),
    truncated: visits.total > LIMIT || meetings.total > LIMIT,
  };
}
