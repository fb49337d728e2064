/**
 * A page's code that fails to load — a moment offline, or a redeploy while people are signed in,
 * so the old build's chunks are gone — is recovered by loading the page again once: the new
 * index.html names the new chunks. A stamp in sessionStorage keeps it to once, so a chunk that
 * really cannot load shows a message with a reload button instead of reloading forever.
 */
export const CHUNK_RELOAD_KEY = 'skillcert.chunkReloadAt';
/** Within this long after an automatic reload, a second failure is shown, not reloaded again. */
export const CHUNK_RELOAD_GUARD_MS = 60_000;

const CHUNK_MESSAGES = [
  'Failed to fetch dynamically imported module', // Chromium
  'error loading dynamically imported module', // Firefox
  'Importing a module script failed', // Safari
  'Unable to preload CSS', // Vite's CSS preload
  'Failed to load module script',
];

export function isChunkLoadError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { name, message } = e as { name?: unknown; message?: unknown };
  if (name === 'ChunkLoadError') return true;
  return typeof message === 'string' && CHUNK_MESSAGES.some((m) => message.includes(m));
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Reloads unless it did so within the guard time; answers whether it reloaded. */
export function reloadOnce(storage: StorageLike | null, now: number, reload: () => void): boolean {
  try {
    const last = Number(storage?.getItem(CHUNK_RELOAD_KEY) ?? 0);
    if (last && now - last < CHUNK_RELOAD_GUARD_MS) return false;
    storage?.setItem(CHUNK_RELOAD_KEY, String(now));
  } catch {
    // storage blocked: no guard to count with, so never reload by ourselves
    return false;
  }
  reload();
  return true;
}

export function sessionStore(): StorageLike | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
