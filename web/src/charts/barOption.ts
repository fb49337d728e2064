/**
 * Pure option builder for the home page's bar chart: no ECharts import, so it is unit-tested
 * without a DOM. Long category lists turn horizontal so every Chinese name stays readable.
 */
export interface BarItem {
  name: string;
  value: number;
}

/** More categories than this and the chart turns horizontal (Henan has 18 city-level units plus ~10 省直管县). */
export const HORIZONTAL_FROM = 32;

export const CHART_FONT =
  "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif";
const nf = new Intl.NumberFormat('zh-CN');

export function barOption(
  items: BarItem[],
  opts: { color?: string; seriesName?: string; unit?: string; max?: number; horizontal?: boolean } = {},
) {
  const horizontal = opts.horizontal ?? items.length > HORIZONTAL_FROM;
  const unit = opts.unit ?? '';
  const names = items.map((i) => i.name);
  const values = items.map((i) => i.value);
  const category = {
    type: 'category' as const,
    data: horizontal ? [...names].reverse() : names,
    axisTick: { alignWithLabel: true },
    axisLabel: horizontal
      ? { fontSize: 12 }
      : { interval: 0, rotate: names.length > 16 ? 40 : names.length > 8 ? 30 : 0, fontSize: 12 },
  };
  const value = {
    type: 'value' as const,
    minInterval: 1,
    max: opts.max,
    axisLabel: { formatter: (v: number) => nf.format(v) + unit },
    splitLine: { lineStyle: { color: '#eef0f4' } },
  };
  return {
    textStyle: { fontFamily: CHART_FONT },
    color: [opts.color ?? '#1456f0'],
    grid: { left: 12, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? nf.format(v) + unit : String(v)),
    },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      {
        type: 'bar' as const,
        name: opts.seriesName ?? '',
        data: horizontal ? [...values].reverse() : values,
        barMaxWidth: 28,
        barCategoryGap: '40%',
        itemStyle: { borderRadius: horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
        label: {
          show: items.length <= 40,
          position: horizontal ? ('right' as const) : ('top' as const),
          fontSize: 11,
          color: '#595959',
          formatter: (p: { value: number }) => nf.format(p.value) + unit,
        },
      },
    ],
  };
}

/** Height that fits a horizontal chart's rows. */
export function barHeight(count: number, horizontal = count > HORIZONTAL_FROM): number {
  return horizontal ? Math.max(320, count * 24 + 40) : 320;
}
