import { describe, expect, it } from 'vitest';
import { defaultReportPeriod, periodLabel } from './periods.js';

describe('period labels', () => {
  it('say a period as people do, never as its stored key', () => {
    expect(['2026-Q3', '2026-M03', '2026-H1', '2026-H2', 'once'].map((k) => periodLabel(k, 'zh-CN'))).toEqual([
      '2026年第3季度',
      '2026年3月',
      '2026年上半年',
      '2026年下半年',
      '一次性报送',
    ]);
    expect(['2026-Q3', '2026-M03', '2026-H1', '2026-H2', 'once'].map((k) => periodLabel(k, 'en-US'))).toEqual([
      'Q3 2026',
      'March 2026',
      'first half of 2026',
      'second half of 2026',
      'single report',
    ]);
  });
});

describe('the period a new report is for', () => {
  const q = (n: number, deadline: string, reportId: string | null = null) => ({ period: `2026-Q${n}`, deadline, reportId });
  const year = [q(1, '2026-03-31'), q(2, '2026-06-30'), q(3, '2026-09-30'), q(4, '2026-12-31')];
  it('is the current period while it is open, not the oldest one', () => {
    expect(defaultReportPeriod(year, '2026-12-03')).toBe('2026-Q4');
  });
  it('is the most recent one due when the current one is reported', () => {
    const reported = [q(1, '2026-03-31'), q(2, '2026-06-30'), q(3, '2026-09-30'), q(4, '2026-12-31', '9')];
    expect(defaultReportPeriod(reported, '2026-12-03')).toBe('2026-Q3');
  });
  it('is the first open one when nothing is due yet, and none when all are reported', () => {
    expect(defaultReportPeriod([q(1, '2027-03-31')], '2026-12-03')).toBe('2026-Q1');
    expect(defaultReportPeriod([q(1, '2026-03-31', '1')], '2026-12-03')).toBeUndefined();
  });
});
