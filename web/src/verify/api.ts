/** The one request this page makes: GET /api/public/verify (no login, no cookies sent), with a solved challenge when asked. */
import type {
  MaskedCertificate,
  VerifyChallenge,
  VerifyCheck,
  VerifyResponse,
  VerifyResult,
} from '../../../contract/api-verification.js';

export type Result = VerifyResult;
export type Check = VerifyCheck;
/** a matching certificate; by ID number + name each carries its own verdict and checks */
export type Cert = MaskedCertificate;
export type Answer = VerifyResponse;

export type Outcome =
  | { ok: true; data: Answer; at: Date }
  | {
      ok: false;
      kind: 'errRate' | 'errNet' | 'errServer' | 'errBad' | 'errPow' | 'errPowUnsupported';
      message?: string;
    };
/** the server asks for a proof-of-work first (428 CHALLENGE_REQUIRED, or 403 CHALLENGE_INVALID with a fresh one) */
export type Challenged = { ok: false; kind: 'challenge'; challenge: VerifyChallenge };

export async function verify(q: Record<string, string>): Promise<Outcome | Challenged> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 15_000);
  try {
    const res = await fetch('/api/public/verify?' + new URLSearchParams(q), {
      signal: ctl.signal,
      credentials: 'omit',
      cache: 'no-store',
      headers: { accept: 'application/json' },
    });
    const body = await res.json().catch(() => null);
    if (res.ok && body?.result) {
      // the server's clock, not the phone's, when it answers
      const at = new Date(res.headers.get('date') ?? NaN);
      return { ok: true, data: body as Answer, at: isNaN(+at) ? new Date() : at };
    }
    const message = body?.error?.message;
    if ((res.status === 428 || res.status === 403) && body?.challenge?.parameters)
      return { ok: false, kind: 'challenge', challenge: body.challenge as VerifyChallenge };
    if (res.status === 429) return { ok: false, kind: 'errRate', message };
    if (res.status >= 400 && res.status < 500) return { ok: false, kind: 'errBad', message };
    return { ok: false, kind: 'errServer' };
  } catch {
    return { ok: false, kind: 'errNet' };
  } finally {
    clearTimeout(timer);
  }
}
