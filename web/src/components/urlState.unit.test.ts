import { describe, expect, it } from 'vitest';
import { readUrlState, writeUrlState, type UrlSchema } from './urlState';

interface F {
  q?: string;
  status?: string;
  level?: number;
  page: number;
  pageSize: number;
  mine?: boolean;
}
const defaults: F = { page: 1, pageSize: 20 };
const schema: UrlSchema<F> = {
  q: 'string',
  status: 'string',
  level: 'number',
  page: 'number',
  pageSize: 'number',
  mine: 'boolean',
};

describe('a list’s state in the address', () => {
  it('reads each field by its kind, defaults for what is absent or unreadable', () => {
    expect(readUrlState(new URLSearchParams('q=%E5%88%98&level=4&page=3&mine=true'), defaults, schema)).toEqual({
      q: '刘',
      level: 4,
      page: 3,
      pageSize: 20,
      mine: true,
    });
    expect(readUrlState(new URLSearchParams('level=x&page=&mine=maybe'), defaults, schema)).toEqual(defaults);
  });

  it('writes only what differs from the defaults, keeping other parameters', () => {
    const p = writeUrlState(
      { q: '刘洋', status: undefined, level: 4, page: 1, pageSize: 20 },
      defaults,
      schema,
      new URLSearchParams('institutionId=7&page=5'),
    );
    expect(p.toString()).toBe('institutionId=7&q=%E5%88%98%E6%B4%8B&level=4');
  });

  it('round-trips', () => {
    const v: F = { q: 'Y0000410', status: 'valid', level: 3, page: 4, pageSize: 50, mine: false };
    expect(readUrlState(writeUrlState(v, defaults, schema), defaults, schema)).toEqual(v);
  });
});
