/**
 * Checkpoints of the audit chain head (审计链检查点). Deleting the newest records leaves no
 * successor whose link breaks, so the chain alone cannot show it. A running server (every few
 * minutes, when the chain has grown, and when it stops) and every backup append the head — the
 * last record's id and hash and the number of records — signed with the platform's Ed25519 key,
 * to a JSON-lines file outside the database (fsynced, 0600). SQL access alone (the application's
 * database role, or anyone who drops the append-only trigger) can neither rewrite that file nor
 * forge a signature; the verifier then names the records a checkpoint proves existed and the
 * chain no longer holds. Records newer than the last checkpoint are not covered.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { auditHead } from './audit.queries.js';
import { checkpointSigner } from './ports.js';

export interface AuditCheckpoint {
  v: 1;
  /** when it was taken (ISO-8601 UTC) */
  at: string;
  /** the newest record then, its hash, and how many records the chain held */
  auditId: number;
  hash: string;
  count: number;
  /** the signing key and its Ed25519 signature (base64url) of `checkpointPayload` */
  kid: string;
  sig: string;
}
export interface ChainHead {
  id: number;
  hash: string;
  count: number;
}
/** Where checkpoints are kept and the key directory whose keys sign them. */
export interface CheckpointStore {
  file: string;
  keyDir: string;
}

/** What the signature covers: a domain tag (so it can never pass for a certificate seal) and the head. */
export function checkpointPayload(c: Pick<AuditCheckpoint, 'v' | 'at' | 'auditId' | 'hash' | 'count'>): Buffer {
  return Buffer.from(`skillcert-audit-checkpoint/${c.v}\n${JSON.stringify([c.at, c.auditId, c.hash, c.count])}`);
}

/** Appends one line and fsyncs it (and the directory when the file is new). */
async function appendLine(file: string, line: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const isNew = !fs.existsSync(file);
  const fh = await fs.promises.open(file, 'a', 0o600);
  try {
    await fh.appendFile(line); // one write: concurrent appenders (O_APPEND) never interleave a line
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (isNew) {
    const dir = await fs.promises.open(path.dirname(file), 'r');
    await dir.sync().finally(() => dir.close());
  }
}

/** Signs a head with the platform key and appends it to the checkpoint file. */
export async function appendCheckpoint(
  db: Kysely<DB>,
  store: CheckpointStore,
  head: ChainHead,
  at: Date,
): Promise<AuditCheckpoint> {
  const body = { v: 1 as const, at: at.toISOString(), auditId: head.id, hash: head.hash, count: head.count };
  const { kid, signature } = await checkpointSigner.get().sign(db, store.keyDir, checkpointPayload(body));
  const cp: AuditCheckpoint = { ...body, kid, sig: signature };
  await appendLine(store.file, JSON.stringify(cp) + '\n');
  return cp;
}

/** The current head, read in one statement; undefined while the trail is empty. */
export const chainHead = (db: Kysely<DB>) => auditHead(db);

/**
 * Checkpoints the current head unless the trail is empty or the head is still `last`'s (this
 * server's previous checkpoint, from which the count goes on).
 */
export async function checkpointAuditHead(
  db: Kysely<DB>,
  store: CheckpointStore,
  at: Date,
  last?: { auditId: number; count: number },
): Promise<AuditCheckpoint | null> {
  const head = await auditHead(db, last && { id: last.auditId, count: last.count });
  if (!head || head.id === last?.auditId) return null;
  return appendCheckpoint(db, store, head, at);
}

export interface CheckpointLine {
  /** 1-based line number in the file */
  line: number;
  cp: AuditCheckpoint;
}

const isCheckpoint = (c: any): c is AuditCheckpoint =>
  c &&
  c.v === 1 &&
  typeof c.at === 'string' &&
  Number.isSafeInteger(c.auditId) &&
  typeof c.hash === 'string' &&
  Number.isSafeInteger(c.count) &&
  typeof c.kid === 'string' &&
  typeof c.sig === 'string';

/** Reads a checkpoint file (a missing file has none); lines that do not parse are listed, not thrown. */
export function readCheckpoints(file: string): { checkpoints: CheckpointLine[]; unreadable: number[] } {
  if (!fs.existsSync(file)) return { checkpoints: [], unreadable: [] };
  const checkpoints: CheckpointLine[] = [];
  const unreadable: number[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      try {
        const c = JSON.parse(text);
        if (isCheckpoint(c)) checkpoints.push({ line: i + 1, cp: c });
        else unreadable.push(i + 1);
      } catch {
        unreadable.push(i + 1);
      }
    });
  return { checkpoints, unreadable };
}

/** The lines of a checkpoint file about records up to `maxId` (what a backup of a snapshot with that head keeps). */
export function checkpointLinesUpTo(file: string, maxId: number): string {
  return readCheckpoints(file)
    .checkpoints.filter((c) => c.cp.auditId <= maxId)
    .map((c) => JSON.stringify(c.cp) + '\n')
    .join('');
}

export function checkpointSignatureOk(db: Kysely<DB>, keyDir: string, cp: AuditCheckpoint): Promise<boolean> {
  return checkpointSigner.get().verify(db, keyDir, checkpointPayload(cp), cp.kid, cp.sig);
}

/**
 * A running server's checkpoints: every `intervalMs` when the chain has grown, and once more on
 * `stop()`. Errors go to `onError` (a failed checkpoint must not stop the server).
 */
export function startCheckpointLoop(
  db: Kysely<DB>,
  store: CheckpointStore,
  now: () => Date,
  intervalMs: number,
  onError: (e: unknown) => void,
): { stop(): Promise<void>; tick(): Promise<void> } {
  let last: AuditCheckpoint | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () =>
    (running = running.then(() =>
      checkpointAuditHead(db, store, now(), last).then(
        (cp) => {
          if (cp) last = cp;
        },
        (e) => onError(e),
      ),
    ));
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await tick();
    },
  };
}
