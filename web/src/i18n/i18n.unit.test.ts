import { describe, expect, it } from 'vitest';
import { zh } from './zh';
import { en } from './en';
import { format } from './format';

describe('UI dictionaries', () => {
  it('English has every Chinese key and no extra ones', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });
  it('both languages use the same placeholders for each key', () => {
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) expect(vars(en[k]), k).toEqual(vars(zh[k]));
  });
  it('format fills placeholders and keeps unknown ones', () => {
    expect(format('共 {n} 条', { n: '1,234' })).toBe('共 1,234 条');
    expect(format('{a}{b}', { a: 1 })).toBe('1{b}');
  });
});
