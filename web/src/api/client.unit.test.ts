import { describe, expect, it } from 'vitest';
import { buildQuery, fileNameFrom } from './client';

describe('buildQuery', () => {
  it('leaves out empty values and encodes Chinese', () => {
    expect(buildQuery({ q: '郑州', regionCode: undefined, page: 2, role: '', x: null })).toBe(
      '?q=%E9%83%91%E5%B7%9E&page=2',
    );
    expect(buildQuery({})).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });
});

describe('fileNameFrom', () => {
  it("prefers RFC 5987 filename*=UTF-8''", () => {
    expect(
      fileNameFrom(`attachment; filename="institutions.xlsx"; filename*=UTF-8''${encodeURIComponent('评价机构.xlsx')}`),
    ).toBe('评价机构.xlsx');
  });
  it('falls back to filename=', () => {
    expect(fileNameFrom('attachment; filename="a.xlsx"')).toBe('a.xlsx');
    expect(fileNameFrom(null)).toBeNull();
  });
});
