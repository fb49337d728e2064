import { describe, expect, it } from 'vitest';
import { CHUNK_RELOAD_GUARD_MS, CHUNK_RELOAD_KEY, isChunkLoadError, reloadOnce } from './chunkReload';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('a page whose code fails to load', () => {
  it('is told apart from other errors', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: http://x/assets/A.js'))).toBe(
      true,
    );
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isChunkLoadError(Object.assign(new Error('x'), { name: 'ChunkLoadError' }))).toBe(true);
    expect(isChunkLoadError(new TypeError("Cannot read properties of undefined (reading 'length')"))).toBe(false);
    expect(isChunkLoadError(null)).toBe(false);
  });

  it('reloads once, then not again within the guard time, then again after it', () => {
    const s = memory();
    let reloads = 0;
    const reload = () => void reloads++;
    expect(reloadOnce(s, 1_000_000, reload)).toBe(true);
    expect(s.m.get(CHUNK_RELOAD_KEY)).toBe('1000000');
    expect(reloadOnce(s, 1_000_000 + 5_000, reload)).toBe(false);
    expect(reloads).toBe(1);
    expect(reloadOnce(s, 1_000_000 + CHUNK_RELOAD_GUARD_MS + 1, reload)).toBe(true);
    expect(reloads).toBe(2);
  });

  it('never reloads by itself when storage is blocked', () => {
    let reloads = 0;
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
    };
    expect(reloadOnce(blocked, 1, () => void reloads++)).toBe(false);
    expect(reloads).toBe(0);
  });
});
