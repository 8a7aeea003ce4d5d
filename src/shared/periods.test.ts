import { describe, expect, it } from 'vitest';
import { periodLabel } from './periods.js';

describe('period labels', () => {
  it('say a period as people do, never as its stored key', () => {
    expect(['2026-Q3', '2026-M03', '2026-H1', '2026-H2', 'once'].map((k) => periodLabel(k, 'zh-CN'))).toEqual(['2026年第3季度', '2026年3月', '2026年上半年', '2026年下半年', '一次性报送']);
    expect(['2026-Q3', '2026-M03', '2026-H1', '2026-H2', 'once'].map((k) => periodLabel(k, 'en-US'))).toEqual(['Q3 2026', 'March 2026', 'first half of 2026', 'second half of 2026', 'single report']);
  });
});
