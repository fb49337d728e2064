/**
 * The one fetch wrapper of the web client: same-origin cookies, JSON in and out, and every
 * error turned into an ApiError carrying the server's `{ error: { code, message, rule?, details? } }`.
 */
import type { ErrorCode, FieldError } from '../../../contract/errors.js';

export class ApiError extends Error {
  readonly code: ErrorCode | 'NETWORK' | string;
  readonly status: number;
  readonly rule?: string;
  readonly details?: FieldError[];
  readonly requestId?: string;
  constructor(init: {
    code: string;
    message: string;
    status: number;
    rule?: string;
    details?: FieldError[];
    requestId?: string;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.rule = init.rule;
    this.details = init.details;
    this.requestId = init.requestId;
  }
}

/** Codes after which the session is gone and the person must sign in again. */
export const SESSION_CODES = new Set(['AUTH_REQUIRED', 'SESSION_EXPIRED']);

type UnauthorizedHandler = (err: ApiError) => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;
/** The auth provider registers what to do when any call finds the session gone. */
export function setUnauthorizedHandler(fn: UnauthorizedHandler | null) {
  unauthorizedHandler = fn;
}

/**
 * The language the server answers messages in (`Accept-Language`), set by the language switch:
 * refusals and other people-facing words come back in the language the person reads.
 */
let language: 'zh' | 'en' = 'zh';
export function setRequestLanguage(lang: 'zh' | 'en') {
  language = lang;
}
const CLIENT_MESSAGES = {
  zh: {
    unavailable: '服务暂不可用，请稍后再试',
    failed: '请求失败（HTTP {status}）',
    network: '网络异常，无法连接服务器',
  },
  en: {
    unavailable: 'The service is unavailable; try again later',
    failed: 'The request failed (HTTP {status})',
    network: 'Network error: the server cannot be reached',
  },
};

/** The request id of the newest API answer, for a person to quote when something goes wrong. */
let newestRequestId: string | null = null;
export function lastRequestId(): string | null {
  return newestRequestId;
}

export type QueryValue = string | number | boolean | null | undefined;
export function buildQuery(query?: object): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Record<string, QueryValue>)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  /** plain object of scalar values; empty ones are left out */
  query?: object;
  body?: unknown;
  signal?: AbortSignal;
  /** do not run the global "session gone" handler (used by the session probe and login) */
  quiet401?: boolean;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON, e.g. a proxy error page */
  }
  const e = (
    body as {
      error?: { code?: string; message?: string; rule?: string; details?: FieldError[]; requestId?: string };
    } | null
  )?.error;
  if (e && typeof e.code === 'string') {
    return new ApiError({
      code: e.code,
      message: e.message || e.code,
      status: res.status,
      rule: e.rule,
      details: e.details,
      requestId: e.requestId,
    });
  }
  const code = res.status >= 500 ? 'UNAVAILABLE' : res.status === 404 ? 'ROUTE_NOT_FOUND' : 'HTTP_' + res.status;
  const words = CLIENT_MESSAGES[language];
  const message = res.status >= 500 ? words.unavailable : words.failed.replace('{status}', String(res.status));
  return new ApiError({ code, message, status: res.status });
}

async function send(method: string, path: string, opts: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, 'Accept-Language': language === 'en' ? 'en' : 'zh-CN' };
  let body: string | FormData | undefined;
  if (opts.body instanceof FormData) {
    // the browser sets multipart/form-data with its boundary
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}${buildQuery(opts.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError({ code: 'NETWORK', message: CLIENT_MESSAGES[language].network, status: 0 });
  }
  newestRequestId = res.headers.get('x-request-id') ?? newestRequestId;
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && SESSION_CODES.has(err.code) && !opts.quiet401) unauthorizedHandler?.(err);
    throw err;
  }
  return res;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  const res = await send(method, path, opts, 'application/json');
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Downloads a file response (e.g. an .xlsx export) and saves it under the server's file name. */
export async function download(path: string, query: object, fallbackName: string): Promise<string> {
  return (await downloadBlob(path, query, fallbackName)).name;
}

/** As `download`, and also returns a response header (e.g. `x-certificate-count`). */
export async function downloadBlob(
  path: string,
  query: object,
  fallbackName: string,
  header?: string,
): Promise<{ name: string; header: string | null }> {
  const res = await send('GET', path, { query }, '*/*');
  const blob = await res.blob();
  const name = fileNameFrom(res.headers.get('Content-Disposition')) ?? fallbackName;
  saveBlob(blob, name);
  return { name, header: header ? res.headers.get(header) : null };
}

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads `filename*=UTF-8''…` (preferred, for Chinese names) or `filename="…"`. */
export function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : null;
}
