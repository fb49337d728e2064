import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher, isSealed, loadFieldKeys, retireOldFieldKeys, rotateFieldKey } from './field-crypto.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fieldkeys-'));
}
const ID = '410105199003071234';

describe('field encryption (AES-256-GCM + keyed look-up hash)', () => {
  it('seals without the plain text, opens only for the same field, and detects tampering', () => {
    const c = new FieldCipher(loadFieldKeys(tempDir(), {}));
    const s = c.seal(ID, 'learners.id_number');
    expect(isSealed(s)).toBe(true);
    expect(s).not.toMatch(/\d{6}/);
    expect(c.seal(ID, 'learners.id_number')).not.toBe(s); // random IV
    expect(c.open(s, 'learners.id_number')).toBe(ID);
    expect(() => c.open(s, 'certificates.holder_id_number')).toThrow();
    const parts = s.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(() => c.open([...parts.slice(0, 3), body.toString('base64url')].join('.'), 'learners.id_number')).toThrow();
  });

  it('look-up hashes are stable per field and value, and differ across keys', () => {
    const dir = tempDir();
    const a = new FieldCipher(loadFieldKeys(dir, {}));
    const b = new FieldCipher(loadFieldKeys(dir, {}));
    expect(a.lookup('id', ID)).toBe(b.lookup('id', ID));
    expect(a.lookup('id', ID)).not.toBe(a.lookup('bank', ID));
    const other = new FieldCipher(loadFieldKeys(tempDir(), {}));
    expect(other.lookup('id', ID)).not.toBe(a.lookup('id', ID));
  });

  it('the key file is private and rotation keeps old values readable', () => {
    const dir = tempDir();
    const before = new FieldCipher(loadFieldKeys(dir, {}));
    const old = before.seal(ID, 'f');
    expect(fs.statSync(path.join(dir, 'data-keys.json')).mode & 0o077).toBe(0);
    const kid = rotateFieldKey(dir);
    const after = new FieldCipher(loadFieldKeys(dir, {}));
    expect(after.currentKid).toBe(kid);
    expect(after.isCurrent(old)).toBe(false);
    expect(after.open(old, 'f')).toBe(ID);
    expect(after.isCurrent(after.seal(ID, 'f'))).toBe(true);
    expect(after.lookup('id', ID)).toBe(before.lookup('id', ID));
  });

  it('retiring keeps only the current key: values under it open, values under a retired one do not', () => {
    const dir = tempDir();
    const first = new FieldCipher(loadFieldKeys(dir, {}));
    const old = first.seal(ID, 'f');
    const kid = rotateFieldKey(dir);
    const fresh = new FieldCipher(loadFieldKeys(dir, {})).seal(ID, 'f');
    expect(retireOldFieldKeys(dir)).toEqual([first.currentKid]);
    const after = new FieldCipher(loadFieldKeys(dir, {}));
    expect(after.currentKid).toBe(kid);
    expect(after.open(fresh, 'f')).toBe(ID);
    expect(after.knowsKeyOf(old)).toBe(false);
    expect(() => after.open(old, 'f')).toThrow(/不可用/);
    expect(after.lookup('id', ID)).toBe(first.lookup('id', ID));
    expect(retireOldFieldKeys(dir)).toEqual([]);
  });

  it('keys from the environment win over the key directory; both halves are required', () => {
    const k = randomBytes(32).toString('base64');
    const env = { SKILLCERT_DATA_KEYS: `prod2:${k}`, SKILLCERT_LOOKUP_KEY: randomBytes(32).toString('base64') };
    const dir = tempDir();
    const c = new FieldCipher(loadFieldKeys(dir, env));
    expect(c.currentKid).toBe('prod2');
    expect(fs.existsSync(path.join(dir, 'data-keys.json'))).toBe(false);
    expect(() => loadFieldKeys(dir, { SKILLCERT_DATA_KEYS: `a:${k}` })).toThrow(/同时设置/);
    expect(() => loadFieldKeys(dir, { ...env, SKILLCERT_DATA_KEYS: 'a:c2hvcnQ=' })).toThrow(/32 字节/);
  });
});
