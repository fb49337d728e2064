import { useEffect, useRef } from 'react';
import { echarts, fontsReady } from './echarts';
import { barHeight, barOption, type BarItem } from './barOption';

/** A bar chart drawn with ECharts on canvas, resized with its container. */
export default function BarChart({
  items,
  seriesName,
  testId,
  unit,
  max,
  horizontal,
}: {
  items: BarItem[];
  seriesName?: string;
  testId?: string;
  unit?: string;
  max?: number;
  horizontal?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: echarts.ECharts | null = null;
    let ro: ResizeObserver | null = null;
    let cancelled = false;
    void fontsReady().then(() => {
      if (cancelled) return;
      chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(barOption(items, { seriesName, unit, max, horizontal }));
      el.dataset.rendered = 'true';
      ro = new ResizeObserver(() => chart?.resize());
      ro.observe(el);
    });
    return () => {
      cancelled = true;
      ro?.disconnect();
      chart?.dispose();
    };
  }, [items, seriesName, unit, max, horizontal]);
  // what the canvas shows, for screen readers (and the check that the page is in one language)
  return (
    <div
      ref={ref}
      data-testid={testId}
      role="img"
      aria-label={[seriesName, unit, ...items.map((i) => i.name)].filter(Boolean).join(', ')}
      style={{ width: '100%', height: barHeight(items.length, horizontal) }}
    />
  );
}
