/**
 * The proof-of-work the server asks for after a few look-ups by ID number + name (428 with a
 * challenge): solved in Web Workers with altcha-lib, nothing sent anywhere but back to this
 * platform. Loaded only when a challenge comes, so the page itself stays light.
 */
import { solveChallengeWorkers } from 'altcha-lib';
import type { VerifyChallenge } from '../../../contract/api-verification.js';

export type Solved = { ok: true; payload: string; ms: number } | { ok: false; kind: 'errPow' | 'errPowUnsupported' };

/** The `altcha` parameter for a solved challenge: base64 of `{ challenge, solution }`. */
export async function solve(challenge: VerifyChallenge, timeoutMs = 60_000): Promise<Solved> {
  // Web Crypto needs a secure context (HTTPS or localhost)
  if (typeof Worker === 'undefined' || !globalThis.crypto?.subtle) return { ok: false, kind: 'errPowUnsupported' };
  const t0 = performance.now();
  try {
    const solution = await solveChallengeWorkers({
      challenge,
      // the counters are shared out between workers: a phone's cores finish sooner together
      concurrency: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)),
      createWorker: () => new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' }),
      timeout: timeoutMs,
    });
    if (!solution) return { ok: false, kind: 'errPow' };
    const payload = btoa(
      JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } }),
    );
    return { ok: true, payload, ms: Math.round(performance.now() - t0) };
  } catch {
    return { ok: false, kind: 'errPow' };
  }
}
