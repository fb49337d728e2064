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
  it('English has no Chinese, except the Chinese language named in itself (the language switch)', () => {
    const chinese = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
    const allowed = new Set([
      'lang.zh',
      // the column headings people's own roster files carry, quoted as they are written
      'import.formats',
      // a source document's number (豫人社规〔2022〕2号) is its name
      'sub.ratesIntro',
    ]);
    const left = (Object.keys(en) as (keyof typeof en)[]).filter((k) => !allowed.has(k) && chinese.test(en[k]));
    expect(left.map((k) => `${k}: ${en[k]}`)).toEqual([]);
  });
  it('format fills placeholders and keeps unknown ones', () => {
    expect(format('共 {n} 条', { n: '1,234' })).toBe('共 1,234 条');
    expect(format('{a}{b}', { a: 1 })).toBe('1{b}');
  });
});
