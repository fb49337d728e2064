/**
 * Encryption of sensitive fields at rest (ID numbers, bank accounts): AES-256-GCM with a random
 * 96-bit IV per value and the field's name as associated data (a value copied into another column
 * does not open), plus a keyed hash (HMAC-SHA-256 under a separate key) for exact look-ups without
 * decrypting.
 *
 * The keys never enter the database. They come from the environment
 * (`SKILLCERT_DATA_KEYS="k2:<base64 32 bytes>,k1:<…>"`, the first is current, and
 * `SKILLCERT_LOOKUP_KEY=<base64 32 bytes>`), or else from `<keyDir>/data-keys.json` (0600), created at
 * random on first use. Rotation adds a key and makes it current (`rotateFieldKey`); values sealed
 * under an older key still open and are re-sealed by `npm run keys:rotate-data`. The look-up key is
 * not rotated this way: changing it means recomputing every hash (documented in README).
 *
 * A sealed value reads `f1.<kid>.<iv>.<ciphertext+tag>` (base64url), never 18 digits in a row.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  randomBytes,
  randomFillSync,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface FieldKeys {
  current: string;
  keys: ReadonlyMap<string, Buffer>;
  lookupKey: Buffer;
}

interface KeyFile {
  current: string;
  keys: Record<string, string>;
  lookup: string;
}

const PREFIX = 'f1';
const KID_RE = /^[A-Za-z0-9_-]{1,32}$/;

function decodeKey(b64: string, what: string): Buffer {
  const k = Buffer.from(b64.trim(), 'base64');
  if (k.length !== 32) throw new Error(`${what} 必须是 32 字节密钥的 base64 编码（当前 ${k.length} 字节）`);
  return k;
}

function fromEnv(env: NodeJS.ProcessEnv): FieldKeys | null {
  const list = env.SKILLCERT_DATA_KEYS?.trim();
  const lookup = env.SKILLCERT_LOOKUP_KEY?.trim();
  if (!list && !lookup) return null;
  if (!list || !lookup) throw new Error('SKILLCERT_DATA_KEYS 与 SKILLCERT_LOOKUP_KEY 须同时设置');
  const keys = new Map<string, Buffer>();
  let current = '';
  for (const part of list.split(',')) {
    const i = part.indexOf(':');
    const kid = part.slice(0, i).trim();
    if (i < 1 || !KID_RE.test(kid)) throw new Error(`SKILLCERT_DATA_KEYS 的条目应为 "<编号>:<base64 密钥>"：${kid}`);
    keys.set(kid, decodeKey(part.slice(i + 1), `SKILLCERT_DATA_KEYS 的密钥 ${kid}`));
    current ||= kid;
  }
  return { current, keys, lookupKey: decodeKey(lookup, 'SKILLCERT_LOOKUP_KEY') };
}

function keyFilePath(keyDir: string): string {
  return path.join(keyDir, 'data-keys.json');
}

function parseKeyFile(text: string, file: string): FieldKeys {
  const raw = JSON.parse(text) as KeyFile;
  const keys = new Map<string, Buffer>();
  for (const [kid, b64] of Object.entries(raw.keys ?? {})) {
    if (!KID_RE.test(kid)) throw new Error(`${file}: 密钥编号不合法：${kid}`);
    keys.set(kid, decodeKey(b64, `${file} 的密钥 ${kid}`));
  }
  if (!keys.has(raw.current)) throw new Error(`${file}: 当前密钥 ${raw.current} 不在密钥列表中`);
  return { current: raw.current, keys, lookupKey: decodeKey(raw.lookup, `${file} 的查找密钥`) };
}

/** Publish `text` as `file` atomically, only if no file is there yet; false when another process won. */
function publishOnce(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The keys of this installation: the environment's, else the key directory's file (made on first use). */
export function loadFieldKeys(keyDir: string, env: NodeJS.ProcessEnv = process.env): FieldKeys {
  const fromEnvironment = fromEnv(env);
  if (fromEnvironment) return fromEnvironment;
  const file = keyFilePath(keyDir);
  try {
    return parseKeyFile(fs.readFileSync(file, 'utf8'), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(keyDir, 0o700);
  const kid = `k${Date.now().toString(36)}`;
  const fresh: KeyFile = {
    current: kid,
    keys: { [kid]: randomBytes(32).toString('base64') },
    lookup: randomBytes(32).toString('base64'),
  };
  publishOnce(file, JSON.stringify(fresh, null, 2) + '\n');
  // whoever won the race, every process reads the same file
  return parseKeyFile(fs.readFileSync(file, 'utf8'), file);
}

/** Add a fresh data key to the key directory's file and make it current; returns its id. */
export function rotateFieldKey(keyDir: string): string {
  const file = keyFilePath(keyDir);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  let kid = `k${Date.now().toString(36)}`;
  while (raw.keys[kid]) kid += 'x';
  raw.keys[kid] = randomBytes(32).toString('base64');
  raw.current = kid;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(raw, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
  forgetFieldCipher(keyDir);
  return kid;
}

/**
 * Removes every data key but the current one from the key directory's file; returns the ids
 * removed. Only once no stored value names them (`npm run keys:rotate-data -- --retire-old`
 * re-seals first and refuses otherwise): a value under a removed key never opens again.
 */
export function retireOldFieldKeys(keyDir: string): string[] {
  const file = keyFilePath(keyDir);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  const old = Object.keys(raw.keys).filter((k) => k !== raw.current);
  if (!old.length) return [];
  raw.keys = { [raw.current]: raw.keys[raw.current] };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(raw, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
  forgetFieldCipher(keyDir);
  return old;
}

/**
 * Random IVs drawn from the CSPRNG a few thousand at a time: one `randomBytes` call per value cost
 * a third of a seal (bulk loads seal millions). Every IV is still fresh random bytes, used once.
 */
const IV_POOL = Buffer.alloc(12 * 4096);
let ivOffset = IV_POOL.length;
function freshIv(): Buffer {
  if (ivOffset >= IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivOffset = 0;
  }
  const iv = Buffer.from(IV_POOL.subarray(ivOffset, ivOffset + 12));
  IV_POOL.fill(0, ivOffset, ivOffset + 12);
  ivOffset += 12;
  return iv;
}

export class FieldCipher {
  /** the keys as key objects: imported once, not on every seal (half its cost) */
  readonly #keyObjects = new Map<string, KeyObject>();
  readonly #lookupKey: KeyObject;

  constructor(private readonly k: FieldKeys) {
    if (!k.keys.has(k.current)) throw new Error(`当前数据密钥 ${k.current} 不存在`);
    for (const [kid, key] of k.keys) this.#keyObjects.set(kid, createSecretKey(key));
    this.#lookupKey = createSecretKey(k.lookupKey);
  }

  get currentKid(): string {
    return this.k.current;
  }

  /** Encrypt `plain` for the column `field` (e.g. `learners.id_number`) under the current key. */
  seal(plain: string, field: string): string {
    const iv = freshIv();
    const c = createCipheriv('aes-256-gcm', this.#keyObjects.get(this.k.current)!, iv);
    c.setAAD(Buffer.from(field, 'utf8'));
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
    return `${PREFIX}.${this.k.current}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Decrypt a value sealed for `field`; throws when the value was altered, moved or its key is unknown. */
  open(sealed: string, field: string): string {
    const [prefix, kid, ivText, bodyText, extra] = sealed.split('.');
    if (prefix !== PREFIX || !kid || !ivText || !bodyText || extra !== undefined) throw new Error('不是加密字段值');
    const key = this.k.keys.get(kid);
    if (!key) throw new Error(`数据密钥 ${kid} 不可用：请核对密钥目录或 SKILLCERT_DATA_KEYS`);
    const body = Buffer.from(bodyText, 'base64url');
    if (body.length < 16) throw new Error('加密字段值不完整');
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
    d.setAAD(Buffer.from(field, 'utf8'));
    d.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).toString('utf8');
  }

  /** Whether the key a sealed value names is among these keys. */
  knowsKeyOf(sealed: string): boolean {
    return this.k.keys.has(sealed.split('.')[1] ?? '');
  }

  /** Whether a sealed value is under the current key (rotation re-seals the others). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${PREFIX}.${this.k.current}.`);
  }

  /** A stable keyed hash of a normalised value, for equality look-ups and unique constraints. */
  lookup(field: string, normalized: string): string {
    return createHmac('sha256', this.#lookupKey).update(field).update('\0').update(normalized).digest('base64url');
  }
}

/** Whether a stored value is sealed (as opposed to plain text left by an older version). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${PREFIX}.`);
}

const cache = new Map<string, FieldCipher>();

/** The process's cipher for a key directory, or for the keys the environment gives (keys read once). */
export function fieldCipher(keyDir: string, env: NodeJS.ProcessEnv = process.env): FieldCipher {
  const dir = path.resolve(keyDir);
  const fromEnvironment = env.SKILLCERT_DATA_KEYS?.trim() || env.SKILLCERT_LOOKUP_KEY?.trim();
  // keys given by the environment are their own entry (digested: no key text is kept as a map key)
  const id = fromEnvironment
    ? `env:${createHash('sha256')
        .update(`${env.SKILLCERT_DATA_KEYS ?? ''}\0${env.SKILLCERT_LOOKUP_KEY ?? ''}`)
        .digest('base64url')}`
    : dir;
  let c = cache.get(id);
  if (!c) {
    c = new FieldCipher(loadFieldKeys(dir, env));
    cache.set(id, c);
  }
  return c;
}

/** Forgets the cached cipher of a key directory (its key file was rotated or restored). */
export function forgetFieldCipher(keyDir: string): void {
  cache.delete(path.resolve(keyDir));
}
