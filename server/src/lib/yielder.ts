import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A pause for long runs of database work on the main thread. better-sqlite3 is synchronous and a
 * Kysely query on it resolves as a microtask, so a loop of thousands of queries (a 50,000-row
 * roster's registrations) never lets the event loop take a timer, a socket or another request
 * until it ends. Awaiting the returned function costs nothing until `budgetMs` of work has passed
 * since the last pause; then it yields one turn of the event loop.
 */
export function yielder(budgetMs = 5): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTurn();
    since = performance.now();
  };
}
