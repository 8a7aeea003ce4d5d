// Reporting periods as people say them. Keys are stored as 2026-M03, 2026-Q1, 2026-H1 or once;
// users never see a key: "2026年第1季度", "Q1 2026".
export type PeriodLocale = 'zh-CN' | 'en-US';

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function periodLabel(key: string, locale: PeriodLocale): string {
  const zh = locale === 'zh-CN';
  if (key === 'once') return zh ? '一次性报送' : 'single report';
  const m = /^(\d{4})-([MQH])(\d{1,2})$/.exec(key);
  if (!m) return key;
  const year = m[1]!;
  const n = Number(m[3]);
  if (m[2] === 'M') return zh ? `${year}年${n}月` : `${MONTHS_EN[n - 1] ?? n} ${year}`;
  if (m[2] === 'Q') return zh ? `${year}年第${n}季度` : `Q${n} ${year}`;
  return zh ? `${year}年${n === 1 ? '上' : '下'}半年` : `${n === 1 ? 'first' : 'second'} half of ${year}`;
}

/**
 * The period a new progress report is for: the current one (the first whose deadline has not passed)
 * while it is still open, else the most recent one that is due, else the first open one.
 */
export function defaultReportPeriod(
  periods: readonly { period: string; deadline: string; reportId: string | null }[],
  today: string,
): string | undefined {
  const current = periods.find((p) => p.deadline >= today);
  if (current && !current.reportId) return current.period;
  const due = periods.filter((p) => !p.reportId && p.deadline < today).at(-1);
  return due?.period ?? periods.find((p) => !p.reportId)?.period;
}
