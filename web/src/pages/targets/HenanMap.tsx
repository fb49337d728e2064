/**
 * The map of the unit's children coloured by completion (TGT-3): Henan's cities and 省直管县 at
 * the province, a city's counties below it — shapes from maintained packages (web/henan-geo.ts).
 * Clicking a region opens it.
 */
import { useEffect, useRef, useState } from 'react';
import { Empty, Spin } from 'antd';
import { hasCity, loadCity, loadProvince } from 'virtual:henan-geo';
import { echarts, fontsReady } from '../../charts/echarts';
import { CHART_FONT } from '../../charts/barOption';

const base = (name: string) => (name.length > 2 ? name.replace(/(市|县|区)$/, '') : name);

export interface MapItem {
  unit: string;
  name: string;
  value: number | null;
}

export default function HenanMap({
  level,
  regionCode,
  items,
  onOpen,
  seriesName,
}: {
  level: 'province' | 'city';
  regionCode: string;
  items: MapItem[];
  onOpen: (unit: string) => void;
  seriesName: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'none'>('loading');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (level === 'city' && !hasCity(regionCode)) {
      setState('none');
      return;
    }
    let chart: echarts.ECharts | null = null;
    let cancelled = false;
    const ro = new ResizeObserver(() => chart?.resize());
    void (async () => {
      const geo = level === 'province' ? await loadProvince() : await loadCity(regionCode);
      await fontsReady();
      if (cancelled) return;
      const mapName = `henan-${regionCode}`;
      echarts.registerMap(mapName, geo as never);
      const byBase = new Map(items.map((i) => [base(i.name), i]));
      const data = geo.features.map((f) => {
        const item = byBase.get(f.properties.base);
        // a 省直管县 on a city's map reports to the province: shown, not coloured
        const outside = level === 'city' && f.properties.direct;
        return {
          name: f.properties.name,
          value: outside || !item ? null : item.value,
          unit: outside ? null : (item?.unit ?? null),
          itemStyle: outside ? { areaColor: '#eeeeee' } : undefined,
        };
      });
      const max = Math.max(1, ...items.map((i) => i.value ?? 0));
      chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption({
        textStyle: { fontFamily: CHART_FONT },
        tooltip: {
          trigger: 'item',
          formatter: (p: { name: string; value: number }) =>
            `${p.name}<br/>${seriesName}：${Number.isFinite(p.value) ? `${p.value}%` : '—'}`,
        },
        visualMap: {
          min: 0,
          max,
          calculable: true,
          left: 8,
          bottom: 8,
          text: [`${max}%`, '0%'],
          inRange: { color: ['#fff1f0', '#ffccc7', '#91caff', '#1456f0'] },
        },
        series: [
          {
            type: 'map',
            map: mapName,
            name: seriesName,
            roam: false,
            label: { show: true, fontSize: 10, color: '#333' },
            emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd666' } },
            data,
          },
        ],
      });
      chart.on('click', (p) => {
        const unit = (p.data as { unit?: string | null } | undefined)?.unit;
        if (unit) onOpen(unit);
      });
      el.dataset.rendered = 'true';
      ro.observe(el);
      setState('ready');
    })();
    return () => {
      cancelled = true;
      ro.disconnect();
      chart?.dispose();
    };
  }, [level, regionCode, items, onOpen, seriesName]);
  if (state === 'none') return <Empty description="—" />;
  return (
    <Spin spinning={state === 'loading'}>
      <div
        ref={ref}
        data-testid="henan-map"
        role="img"
        aria-label={seriesName}
        style={{ width: '100%', height: 460 }}
      />
    </Spin>
  );
}
