/** The monthly cumulative figure against the straight line to 30 November (TGT-2). */
import { useEffect, useMemo, useRef } from 'react';
import { echarts, fontsReady } from '../../charts/echarts';
import { CHART_FONT } from '../../charts/barOption';
import { useI18n } from '../../i18n';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export default function TrendChart({
  months,
  actual,
  line,
  labels,
}: {
  months: string[];
  actual: number[];
  line: (number | null)[];
  labels: { actual: string; line: string };
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { lang } = useI18n();
  const monthNames = useMemo(
    () => months.map((m) => (lang === 'zh' ? `${Number(m.slice(5))}月` : MONTHS_EN[Number(m.slice(5)) - 1]!)),
    [months, lang],
  );
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: echarts.ECharts | null = null;
    let cancelled = false;
    const ro = new ResizeObserver(() => chart?.resize());
    void fontsReady().then(() => {
      if (cancelled) return;
      chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption({
        textStyle: { fontFamily: CHART_FONT },
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 12, right: 24, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: monthNames },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { type: 'line', name: labels.actual, data: actual, smooth: false, areaStyle: { opacity: 0.12 } },
          { type: 'line', name: labels.line, data: line, lineStyle: { type: 'dashed' }, symbol: 'none' },
        ],
      });
      el.dataset.rendered = 'true';
      ro.observe(el);
    });
    return () => {
      cancelled = true;
      ro.disconnect();
      chart?.dispose();
    };
  }, [monthNames, actual, line, labels]);
  // what the canvas shows, for screen readers (and the check that the page is in one language)
  return (
    <div
      ref={ref}
      data-testid="trend-chart"
      role="img"
      aria-label={[labels.actual, labels.line, ...monthNames].join(', ')}
      style={{ width: '100%', height: 300 }}
    />
  );
}
