// The computed task status and the reporting periods — pure functions, one place for the rules.
//
// Status of a task on a given day (dates are calendar days, YYYY-MM-DD):
//   completed    every target reached (actual ≥ target); a task without targets: it has an accepted
//                report and all its child tasks (if any) are completed.
//   overdue      not completed and the due date has passed.
//   not_started  not completed and the start date is still ahead.
//   at_risk      not completed, started, not overdue, and either
//                  · due within 14 days (AT_RISK_DAYS_LEFT), or
//                  · more than 2/3 of the span from start to due date has elapsed while the
//                    completion share is below 50% (AT_RISK_SHARE).
//   on_track     otherwise.
// The completion share is the mean of the targets' shares (each actual/target, capped at 1); a
// task without targets uses the share of its child tasks completed.
import type { ReportCycle, TaskStatus } from './tasks.schemas.js';

export const AT_RISK_DAYS_LEFT = 14;
export const AT_RISK_ELAPSED = 2 / 3;
export const AT_RISK_SHARE = 0.5;

const DAY = 86_400_000;
const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY;
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** Today's calendar day (UTC). */
export const today = () => isoDay(new Date());
export const addDays = (d: string, n: number) => isoDay(new Date((dayNumber(d) + n) * DAY));
export const daysBetween = (a: string, b: string) => dayNumber(b) - dayNumber(a);

export interface StatusInput {
  startDate: string;
  dueDate: string;
  targets: { targetValue: number; actualValue: number }[];
  hasAcceptedReport: boolean;
  childCount: number;
  childrenCompleted: number;
}

export function shareOf(actual: number, target: number): number {
  if (target <= 0) return actual > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, actual / target));
}

export function completionShare(t: Pick<StatusInput, 'targets' | 'childCount' | 'childrenCompleted'>): number {
  if (t.targets.length) return t.targets.reduce((s, x) => s + shareOf(x.actualValue, x.targetValue), 0) / t.targets.length;
  return t.childCount ? t.childrenCompleted / t.childCount : 0;
}

export function isCompleted(t: StatusInput): boolean {
  if (t.targets.length) return t.targets.every((x) => x.actualValue >= x.targetValue);
  return t.hasAcceptedReport && t.childrenCompleted === t.childCount;
}

export function computeStatus(t: StatusInput, today: string): TaskStatus {
  if (isCompleted(t)) return 'completed';
  if (today > t.dueDate) return 'overdue';
  if (today < t.startDate) return 'not_started';
  if (daysBetween(today, t.dueDate) <= AT_RISK_DAYS_LEFT) return 'at_risk';
  const span = Math.max(1, daysBetween(t.startDate, t.dueDate));
  const elapsed = daysBetween(t.startDate, today) / span;
  if (elapsed > AT_RISK_ELAPSED && completionShare(t) < AT_RISK_SHARE) return 'at_risk';
  return 'on_track';
}

export interface Period {
  /** 2026-M03, 2026-Q1, 2026-H1 or once */
  key: string;
  /** First and last day of the period, clipped to the task's dates. */
  start: string;
  end: string;
  /** When the report is due: the end of the period (the due date for `once`). */
  deadline: string;
}

const lastDayOfMonth = (y: number, m: number) => isoDay(new Date(Date.UTC(y, m, 0)));

/** The reporting periods of a task from its start to its due date. */
export function periodsOf(cycle: ReportCycle, startDate: string, dueDate: string): Period[] {
  if (cycle === 'once') return [{ key: 'once', start: startDate, end: dueDate, deadline: dueDate }];
  const months = cycle === 'monthly' ? 1 : cycle === 'quarterly' ? 3 : 6;
  const out: Period[] = [];
  let y = Number(startDate.slice(0, 4));
  let m = Math.floor((Number(startDate.slice(5, 7)) - 1) / months) * months + 1;
  for (let guard = 0; guard < 600; guard++) {
    const first = `${y}-${String(m).padStart(2, '0')}-01`;
    if (first > dueDate) break;
    const endMonth = m + months - 1;
    const last = lastDayOfMonth(y, endMonth);
    const n = (m - 1) / months + 1;
    const key = cycle === 'monthly' ? `${y}-M${String(m).padStart(2, '0')}` : cycle === 'quarterly' ? `${y}-Q${n}` : `${y}-H${n}`;
    const end = last < dueDate ? last : dueDate;
    out.push({ key, start: first < startDate ? startDate : first, end, deadline: end });
    m += months;
    if (m > 12) {
      m -= 12;
      y += 1;
    }
  }
  return out;
}

/**
 * The periods a task owes reports for: those whose deadline is not before the day the task was
 * created (a task created in December does not owe the first three quarters), plus any period that
 * was reported anyway.
 */
export function owedPeriods(
  cycle: ReportCycle,
  startDate: string,
  dueDate: string,
  createdOn: string,
  reported: ReadonlySet<string>,
): Period[] {
  return periodsOf(cycle, startDate, dueDate).filter((p) => p.deadline >= createdOn || reported.has(p.key));
}

/** Whether a period key belongs to the cycle (2026-M03 only for monthly, and so on). */
export function periodMatchesCycle(key: string, cycle: ReportCycle): boolean {
  if (cycle === 'once') return key === 'once';
  const letter = cycle === 'monthly' ? 'M' : cycle === 'quarterly' ? 'Q' : 'H';
  return key.length > 5 && key[5] === letter;
}
