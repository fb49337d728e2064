import { describe, expect, it } from 'vitest';
import { logSafeUrl } from '../src/app.js';

describe('request log: addresses without personal data', () => {
  it('drops the query string (a verification code, an ID number in a search)', () => {
    expect(logSafeUrl('/api/public/verify?c=ABC&id=410105')).toBe('/api/public/verify?…');
    expect(logSafeUrl('/api/plans/3')).toBe('/api/plans/3');
  });
  it('TRAIN-8: hides a satisfaction survey code, on the page and on the API', () => {
    expect(logSafeUrl('/training/survey/k3Jd9aZ0qW')).toBe('/training/survey/…');
    expect(logSafeUrl('/api/public/training/survey/k3Jd9aZ0qW')).toBe('/api/public/training/survey/…');
    expect(logSafeUrl('/api/training/classes/7/survey/codes')).toBe('/api/training/classes/7/survey/codes');
  });
});
