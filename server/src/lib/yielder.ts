import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A pause for long runs of database work on the main thread. better-sqlite3 is synchronous and a
 * Kysely query on it resolves as a microtask, so a loop of thousands of queries (a 50,000-row
 * roster's registrations) never lets the event loop take a timer, a socket or another request
 * until it ends. Awaiting the returned function costs nothing until `budgetMs` of work has passed
 * since the last pause; then it yields one turn of the event loop. 2 ms rather than 5: a request
 * that arrives during an import waits at most that long behind it (bench/soak.ts with two
 * 50,000-row imports, a ZIP and signing: verification p99 24.1 → 18.2 ms, the imports as fast).
 */
export function yielder(budgetMs = 2): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTurn();
    since = performance.now();
  };
}
