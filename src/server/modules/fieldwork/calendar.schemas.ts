// The calendar of visits and meetings (issue 13 item 7): what the caller sees between two days.
import { z } from 'zod';
import { isoDate } from '../tasks/tasks.schemas.js';
import { MEETING_TYPES, MINUTES_STATUSES, VISIT_STATUSES, VISIT_TYPES } from './fieldwork.schemas.js';

export const calendarQuery = z.strictObject({ from: isoDate, to: isoDate });
export type CalendarQuery = z.infer<typeof calendarQuery>;

const orgRef = z.object({ id: z.string(), name: z.string() });
export const calendarView = z.object({
  from: z.string(),
  to: z.string(),
  /** Visits overlapping the range (start and end dates). */
  visits: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      org: orgRef,
      visitType: z.enum(VISIT_TYPES),
      status: z.enum(VISIT_STATUSES),
      startDate: z.string(),
      endDate: z.string(),
    }),
  ),
  /** Meetings held in the range. */
  meetings: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      org: orgRef,
      meetingType: z.enum(MEETING_TYPES),
      minutesStatus: z.enum(MINUTES_STATUSES),
      meetingDate: z.string(),
      venue: z.string(),
    }),
  ),
  /** More than the calendar lists fell in the range (narrow it). */
  truncated: z.boolean(),
});
export type CalendarView = z.infer<typeof calendarView>;
