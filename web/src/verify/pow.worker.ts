/**
 * Solves the platform's proof-of-work challenges off the page's thread: altcha-lib's own worker
 * loop (it takes a share of the counters, steps by the number of workers, stops when told) with
 * the browser's native PBKDF2 (Web Crypto). Started by pow.ts only when the server asks.
 */
import { handler } from 'altcha-lib/workers/shared';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';

handler({ deriveKey });
