import { describe, expect, it } from 'vitest';
import { pairsOf, rowsOf } from './scopePairs';

describe('INST-4: the scope picker (occupation × levels)', () => {
  it('turns ticked levels into one pair per level', () => {
    expect(pairsOf([{ occupationId: 7, levels: [4, 3] }])).toEqual([
      { occupationId: 7, level: 4 },
      { occupationId: 7, level: 3 },
    ]);
  });
  it('skips rows without an occupation, repeats no level, carries the specification', () => {
    expect(pairsOf([{ levels: [5] }, { occupationId: 9, levels: [2, 2], specId: 3 }])).toEqual([
      { occupationId: 9, level: 2, specId: 3 },
    ]);
  });
  it('groups pairs back into rows and round-trips', () => {
    const pairs = [
      { occupationId: 7, level: 4 },
      { occupationId: 20, level: 4 },
      { occupationId: 7, level: 3 },
    ];
    const rows = rowsOf(pairs);
    expect(rows).toEqual([
      { occupationId: 7, levels: [4, 3], specId: null },
      { occupationId: 20, levels: [4], specId: null },
    ]);
    expect(pairsOf(rows).sort((a, b) => a.occupationId - b.occupationId || b.level - a.level)).toEqual([
      { occupationId: 7, level: 4 },
      { occupationId: 7, level: 3 },
      { occupationId: 20, level: 4 },
    ]);
  });
});
