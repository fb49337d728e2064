import { describe, expect, it } from 'vitest';
import { port } from './port.js';

describe('port', () => {
  it('hands out what the supplying module provided', () => {
    const p = port<{ twice(n: number): number }>('doubling');
    p.provide({ twice: (n) => 2 * n });
    expect(p.get().twice(21)).toBe(42);
  });

  it('names what is missing when nobody supplied it', () => {
    const p = port<{ twice(n: number): number }>('doubling (maths module)');
    expect(() => p.get()).toThrow(/doubling \(maths module\).*not loaded/);
  });
});
