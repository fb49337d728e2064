/**
 * The proof-of-work challenge of public look-ups by ID number + name (altcha v2, self-hosted: no
 * third-party service). A name and an ID number confirm a person who holds no certificate number,
 * so guessing is made to cost: each client (an IPv6 client by its /64) has a few free look-ups per
 * window; beyond them each look-up carries a solved challenge, used once. Look-ups by certificate
 * number are not touched (the hot path).
 *
 * Challenges run in deterministic mode: the server draws the counter (1…`verifyChallengeMaxNumber`),
 * signs the parameters and the derived key with HMAC secrets of its own, and the client tries
 * counters from 0 until one derives the key (PBKDF2/SHA-256, `CHALLENGE_COST` iterations each, so
 * a browser's native code does the work and a native attacker gains little). Checking a solution
 * costs two HMACs. Nothing is kept in process memory that another app server needs: the free
 * look-ups are counted in `challenge_counts` like the rate limits, the used solutions are in
 * `spent_challenges` until their challenge expires.
 */
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { VerifyChallenge } from '../../../../contract/api-verification.js';
import type { Config } from '../../config.js';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { platformSecret } from '../signing/platform-secret.js';
import { RateLimiter } from './rate-limiter.js';
import { verifyStore } from './verification.queries.js';

export const CHALLENGE_ALGORITHM = 'PBKDF2/SHA-256';
/** PBKDF2 iterations per attempt: enough that the browser's per-call overhead is small beside the hashing */
export const CHALLENGE_COST = 1000;
/** a challenge must be solved and used within this time */
export const CHALLENGE_TTL_SECONDS = 600;

const SECRET_FILE = 'verify-challenge-hmac';

interface Secrets {
  /** signs the challenge's parameters */
  signature: string;
  /** signs the derived key (so a solution is checked without deriving it again) */
  key: string;
}
const secretsCache = new Map<string, Secrets>();

/** The two HMAC secrets, derived from `VERIFY_CHALLENGE_SECRET` or from a random secret kept in the key directory. */
function secrets(config: Config): Secrets {
  const id = config.verifyChallengeSecret ? `env:${config.verifyChallengeSecret}` : `dir:${config.keyDir}`;
  let s = secretsCache.get(id);
  if (!s) {
    const master = config.verifyChallengeSecret || platformSecret(config.keyDir, SECRET_FILE);
    const sub = (label: string) => createHmac('sha256', master).update(label).digest('base64url');
    s = { signature: sub('skillcert verify challenge: parameters'), key: sub('skillcert verify challenge: key') };
    secretsCache.set(id, s);
  }
  return s;
}

/** A fresh challenge, valid for `CHALLENGE_TTL_SECONDS`. */
export async function newChallenge(deps: Pick<Deps, 'config' | 'clock'>): Promise<VerifyChallenge> {
  const s = secrets(deps.config);
  const c = await createChallenge({
    algorithm: CHALLENGE_ALGORITHM,
    cost: CHALLENGE_COST,
    counter: randomInt(deps.config.verifyChallengeMaxNumber),
    deriveKey,
    expiresAt: Math.floor(deps.clock.now().getTime() / 1000) + CHALLENGE_TTL_SECONDS,
    hmacSignatureSecret: s.signature,
    hmacKeySignatureSecret: s.key,
  });
  return c as VerifyChallenge;
}

/**
 * Whom the free look-ups are counted against: an IPv4 address, or an IPv6 client's /64 (one
 * subscriber usually holds a whole /64, so counting single addresses would give it billions).
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

const quotas = new WeakMap<Deps['database'], RateLimiter>();
function quota(database: Deps['database']): RateLimiter {
  let q = quotas.get(database);
  if (!q) quotas.set(database, (q = new RateLimiter(verifyStore(database).challengeCounts)));
  return q;
}

/** Used solutions are forgotten once their challenge has expired: each server purges at most once a minute. */
const lastPurge = new WeakMap<Deps['database'], number>();
function purgeSpent(deps: Deps, now: number) {
  if ((lastPurge.get(deps.database) ?? 0) > now - 60) return;
  lastPurge.set(deps.database, now);
  verifyStore(deps.database)
    .purgeSpentChallenges(now)
    .catch(() => undefined); // best effort: the next minute tries again
}

type Payload = { challenge: VerifyChallenge; solution: { counter: number; derivedKey: string } };

function parsePayload(text: string): Payload | null {
  try {
    const p = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Payload;
    const c = p?.challenge;
    if (
      typeof c?.signature !== 'string' ||
      typeof c.parameters !== 'object' ||
      c.parameters === null ||
      typeof p.solution?.counter !== 'number' ||
      typeof p.solution.derivedKey !== 'string'
    )
      return null;
    return p;
  } catch {
    return null;
  }
}

async function refuse(
  deps: Deps,
  code: 'CHALLENGE_REQUIRED' | 'CHALLENGE_INVALID',
  message: string,
): Promise<AppError> {
  return new AppError(code, message, { body: { challenge: await newChallenge(deps) } });
}

/**
 * Lets a look-up by ID number + name through: one of the client's free ones in this window, or one
 * carrying a valid, unexpired, unused solution. Otherwise throws CHALLENGE_REQUIRED (none given) or
 * CHALLENGE_INVALID (wrong, expired, not signed here, or already used), each with a fresh challenge.
 */
export async function passChallenge(deps: Deps, client: string, payload: string | undefined): Promise<void> {
  const nowMs = deps.clock.now().getTime();
  if (payload === undefined) {
    const window = Math.floor(nowMs / (deps.config.verifyFreeIdWindowMinutes * 60_000));
    const [n] = quota(deps.database).hit([`pow:${clientNetwork(client)}`], window);
    if (n <= deps.config.verifyFreeIdLookups) return;
    throw await refuse(deps, 'CHALLENGE_REQUIRED', '查询次数较多，请先完成安全验证（浏览器将自动完成，约需数秒）');
  }
  const p = parsePayload(payload);
  if (!p) throw await refuse(deps, 'CHALLENGE_INVALID', '安全验证数据格式不正确，请重新验证');
  const now = Math.floor(nowMs / 1000);
  const expiresAt = p.challenge.parameters.expiresAt;
  // the platform's clock decides (altcha-lib also checks the expiry against the system clock)
  if (typeof expiresAt !== 'number' || expiresAt < now)
    throw await refuse(deps, 'CHALLENGE_INVALID', '安全验证已过期，请重新验证');
  const s = secrets(deps.config);
  let verified = false;
  try {
    const r = await verifySolution({
      challenge: p.challenge,
      solution: p.solution,
      deriveKey,
      hmacSignatureSecret: s.signature,
      hmacKeySignatureSecret: s.key,
    });
    verified = r.verified;
  } catch {
    verified = false; // malformed parameters
  }
  if (!verified) throw await refuse(deps, 'CHALLENGE_INVALID', '安全验证未通过，请重新验证');
  purgeSpent(deps, now);
  if (!(await verifyStore(deps.database).spendChallenge(p.challenge.signature, expiresAt)))
    throw await refuse(deps, 'CHALLENGE_INVALID', '该安全验证已使用过，请重新验证');
}
