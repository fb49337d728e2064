/**
 * Symmetric secrets of the platform (the HMAC key that signs proof-of-work challenges), kept beside
 * the signing keys: created at random on first use in the key directory (0700, file 0600), never in
 * the database. App servers that share the key directory share the secret; others set it in the
 * environment instead (see README "Configuration").
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const cache = new Map<string, string>();

/** The secret `name` of this key directory, created on first use (two servers starting at once agree on one). */
export function platformSecret(keyDir: string, name: string): string {
  const file = path.join(keyDir, `${name}.secret`);
  let s = cache.get(file);
  if (s) return s;
  try {
    s = fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(keyDir, 0o700);
    const fresh = randomBytes(32).toString('base64url');
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, fresh, { mode: 0o600, flag: 'wx' });
    try {
      // link() publishes the whole file or fails: a server that lost the race reads the winner's secret
      fs.linkSync(tmp, file);
      s = fresh;
    } catch (w) {
      if ((w as NodeJS.ErrnoException).code !== 'EEXIST') throw w;
      s = fs.readFileSync(file, 'utf8').trim();
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  if (s.length < 32) throw new Error(`密钥文件 ${file} 内容过短（至少 32 个字符）`);
  cache.set(file, s);
  return s;
}
