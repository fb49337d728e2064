/**
 * A spool of checked rows on disk, so a large import never holds all its rows in memory (a
 * 100,000-row roster): the worker thread that checks the rows appends them in chunks, the main
 * thread reads them back a chunk at a time inside the import's transaction. The rows hold people's
 * ID numbers in clear, so each chunk is sealed (AES-256-GCM) with a key made for this one import
 * and held only in memory: a spool left behind by a server that died is unreadable noise, deleted
 * a day later by the minute sweep (`removeStaleSpools`, platform.ts).
 *
 * A record: 4 bytes of length (big-endian), 12 bytes of IV, 16 bytes of tag, the ciphertext.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';

export interface SpoolRef {
  path: string;
  key: Buffer;
  chunks: number;
}

export const spoolDir = (dataDir: string) => path.join(dataDir, 'spool');

/** A spool being written (worker side). */
export function createSpool(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${crypto.randomBytes(8).toString('hex')}.spool`);
  const key = crypto.randomBytes(32);
  const fd = fs.openSync(file, 'wx', 0o600);
  let chunks = 0;
  let open = true;
  return {
    append(items: unknown[]) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(JSON.stringify(items), 'utf8'), c.final()]);
      const head = Buffer.alloc(4);
      head.writeUInt32BE(body.length);
      fs.writeSync(fd, Buffer.concat([head, iv, c.getAuthTag(), body]));
      chunks++;
    },
    /** done writing: the reference the reader needs */
    close(): SpoolRef {
      if (open) fs.closeSync(fd);
      open = false;
      return { path: file, key, chunks };
    },
    /** nothing to read after all (the rows were refused): the file goes */
    discard() {
      if (open) fs.closeSync(fd);
      open = false;
      fs.rmSync(file, { force: true });
    },
  };
}

/** The chunks of a spool in order (main side). */
export async function* readSpool<T>(ref: SpoolRef): AsyncGenerator<T[]> {
  const fh = await fs.promises.open(ref.path, 'r');
  try {
    let at = 0;
    const head = Buffer.alloc(32);
    for (let i = 0; i < ref.chunks; i++) {
      await fh.read(head, 0, 32, at);
      const len = head.readUInt32BE(0);
      const body = Buffer.alloc(len);
      await fh.read(body, 0, len, at + 32);
      at += 32 + len;
      const d = crypto.createDecipheriv('aes-256-gcm', ref.key, head.subarray(4, 16));
      d.setAuthTag(head.subarray(16, 32));
      yield JSON.parse(Buffer.concat([d.update(body), d.final()]).toString('utf8')) as T[];
    }
  } finally {
    await fh.close();
  }
}

export async function removeSpool(ref: SpoolRef | null | undefined) {
  if (ref) await fs.promises.rm(ref.path, { force: true });
}

/** Spools older than `olderThanMs` (their import's server died): deleted. Returns how many. */
export async function removeStaleSpools(dataDir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  const dir = spoolDir(dataDir);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    if (!name.endsWith('.spool')) continue;
    const f = path.join(dir, name);
    const st = await fs.promises.stat(f).catch(() => null);
    if (st && now - st.mtimeMs > olderThanMs) {
      await fs.promises.rm(f, { force: true });
      n++;
    }
  }
  return n;
}

/** What a check that spools its rows answers: its own findings, and the spool when there is one to write. */
export type Spooled<C> = C & { spool: SpoolRef | null };

/**
 * The worker side of every workbook import (rosters, trainee lists, online study records): `scan`
 * reads and checks the file row by row and hands each row to be written to `keep`; the kept rows
 * go to a spool `chunkSize` at a time, so neither thread ever holds the whole file. When `scan`
 * is done, a file `worthWriting` says nothing should be written of (a row refused, no rows) leaves
 * no spool. Progress (`done` of `total` rows read) goes to `port`, which is closed at the end.
 */
export async function checkToSpool<C, T>(
  dir: string,
  chunkSize: number,
  port: MessagePort | undefined,
  scan: (keep: (row: T) => void, progress: (done: number, total: number) => void) => Promise<C>,
  worthWriting: (check: C) => boolean,
): Promise<Spooled<C>> {
  const spool = createSpool(dir);
  let chunk: T[] = [];
  try {
    const check = await scan(
      (row) => {
        chunk.push(row);
        if (chunk.length >= chunkSize) {
          spool.append(chunk);
          chunk = [];
        }
      },
      (done, total) => port?.postMessage({ done, total }),
    );
    if (!worthWriting(check)) {
      spool.discard();
      return { ...check, spool: null };
    }
    if (chunk.length) spool.append(chunk);
    return { ...check, spool: spool.close() };
  } catch (e) {
    spool.discard();
    throw e;
  } finally {
    port?.close();
  }
}
