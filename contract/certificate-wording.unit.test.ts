import { describe, expect, it } from 'vitest';
import { occupationWithWorkType } from './certificate-wording.js';

describe('the occupation as a certificate names it', () => {
  it('with its work type, or alone — never 电工（--）', () => {
    expect(occupationWithWorkType('电工', '维修电工')).toBe('电工（维修电工）');
    expect(occupationWithWorkType('电工', null)).toBe('电工');
    expect(occupationWithWorkType('电工', undefined)).toBe('电工');
    expect(occupationWithWorkType('电工', '  ')).toBe('电工');
    expect(occupationWithWorkType('电工', '--')).toBe('电工');
  });
});
