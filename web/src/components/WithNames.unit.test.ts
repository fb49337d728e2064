import { describe, expect, it } from 'vitest';
import { splitNames } from './WithNames';

describe('names in a server sentence', () => {
  it('are told from the words around them', () => {
    expect(splitNames('\u2068郑州市\u2069 · City HRSS')).toEqual([
      { text: '郑州市', name: true },
      { text: ' · City HRSS', name: false },
    ]);
    expect(splitNames('Hello, \u2068刘洋\u2069')).toEqual([
      { text: 'Hello, ', name: false },
      { text: '刘洋', name: true },
    ]);
    expect(splitNames('plain')).toEqual([{ text: 'plain', name: false }]);
  });
});
