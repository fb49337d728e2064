/**
 * The foreign-key check of a bulk load (bulk.ts `foreignKeyViolations`): on a read-only connection
 * of its own, so the loading thread builds the deferred indexes meanwhile. Posts the rows of the
 * tables whose parent is missing. Plain JavaScript so Node loads it in any setting (tsx, vitest,
 * plain node), like wal-checkpoint-worker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ file: string; tables: string[] }} */
const { file, tables } = workerData;
const db = new Database(file, { readonly: true, fileMustExist: true });
try {
  parentPort?.postMessage(tables.flatMap((t) => db.pragma(`foreign_key_check(${t})`)));
} finally {
  db.close();
}
