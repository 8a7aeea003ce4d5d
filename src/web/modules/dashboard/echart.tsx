// A chart of ECharts, with only the pieces the dashboard uses (line, bar) to keep the bundle small.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useId, useRef, type CSSProperties } from 'react';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Hidden on screen, read by screen readers. */
const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

interface AxisLike {
  data?: unknown[];
}
interface SeriesLike {
  name?: string;
  data?: unknown[];
}

const first = <T,>(x: T | T[] | undefined): T | undefined => (Array.isArray(x) ? x[0] : x);

/**
 * The chart's data as text, for people who cannot see the canvas (WCAG 1.1.1): each series with
 * its values by category, e.g. "职工人数: 2026-07 120, 2026-08 131; …".
 */
function describeChart(option: ChartOption): string {
  const categories = first(option.xAxis as AxisLike | AxisLike[])?.data ?? first(option.yAxis as AxisLike | AxisLike[])?.data ?? [];
  const series = ([] as SeriesLike[]).concat((option.series as SeriesLike | SeriesLike[] | undefined) ?? []);
  const value = (v: unknown) => (v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : String(v));
  return series
    .map((s) => `${s.name ?? ''}: ${(s.data ?? []).map((v, i) => `${String(categories[i] ?? '')} ${value(v)}`.trim()).join(', ')}`)
    .join('; ');
}

export function EChart({ option, height = 280, label }: { option: ChartOption; height?: number; label: string }) {
  const descriptionId = useId();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  // A picture with a name, described by its data as text (the canvas itself says nothing).
  return (
    <>
      <div ref={el} role="img" aria-label={label} aria-describedby={descriptionId} style={{ width: '100%', height }} />
      <p id={descriptionId} style={VISUALLY_HIDDEN}>
        {describeChart(option)}
      </p>
    </>
  );
}
