// Only the pieces the platform draws: keeps ECharts out of the main bundle and small.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  MapChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** Canvas text needs the CJK glyphs loaded before the first draw, or it draws boxes/fallbacks. */
export async function fontsReady(): Promise<void> {
  if (typeof document === 'undefined' || !document.fonts) return;
  try {
    await Promise.race([
      (async () => {
        await document.fonts.load('12px "Noto Sans CJK SC"', '技能');
        await document.fonts.ready;
      })(),
      new Promise((r) => setTimeout(r, 3000)),
    ]);
  } catch {
    /* draw anyway */
  }
}

export { echarts };
