import { describe, expect, it } from 'vitest';
import { barHeight, barOption } from './barOption';

describe('barOption', () => {
  const few = [
    { name: '郑州市', value: 1200 },
    { name: '洛阳市', value: 3 },
  ];
  it('draws a vertical bar per item, in order, with Chinese-grouped numbers', () => {
    const o = barOption(few);
    expect(o.xAxis).toMatchObject({ type: 'category', data: ['郑州市', '洛阳市'] });
    expect(o.series[0].data).toEqual([1200, 3]);
    expect(o.series[0].label.formatter({ value: 1200 })).toBe('1,200');
    expect(o.textStyle.fontFamily).toContain('Noto Sans CJK SC');
  });
  it('turns horizontal for long lists, largest first at the top', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `县${i}`, value: 40 - i }));
    const o = barOption(many);
    expect(o.yAxis).toMatchObject({ type: 'category' });
    const cats = (o.yAxis as { data: string[] }).data;
    expect(cats[cats.length - 1]).toBe('县0'); // ECharts draws the last category at the top
    expect(o.series[0].data.at(-1)).toBe(40);
    expect(barHeight(many.length)).toBeGreaterThan(barHeight(few.length));
  });
  it('rates: a unit on labels and axis, a fixed maximum, horizontal on request for long school names', () => {
    const o = barOption(
      few.map((f) => ({ ...f, value: 87.5 })),
      { unit: '%', max: 100, horizontal: true },
    );
    expect(o.yAxis).toMatchObject({ type: 'category' });
    expect(o.xAxis).toMatchObject({ type: 'value', max: 100 });
    expect(o.series[0].label.formatter({ value: 87.5 })).toBe('87.5%');
    expect(barHeight(2, true)).toBe(320);
  });
});
