import { describe, expect, it } from 'vitest';
import { requestLang } from './lang.js';

describe('requestLang', () => {
  it('answers Chinese unless English is asked for first', () => {
    expect(requestLang(undefined)).toBe('zh');
    expect(requestLang('')).toBe('zh');
    expect(requestLang('en')).toBe('en');
    expect(requestLang('en-US,en;q=0.9')).toBe('en');
    expect(requestLang('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(requestLang('fr-FR, en;q=0.5')).toBe('en');
    expect(requestLang('fr-FR')).toBe('zh');
    expect(requestLang('zh;q=0.2, en;q=0.8')).toBe('en');
    expect(requestLang('en;q=0, zh')).toBe('zh');
    expect(requestLang(['de', 'en-GB'])).toBe('en');
  });
});
