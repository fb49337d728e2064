export interface DeniedAudit {
  action: string;
  objectType: string;
  objectId: string | number;
  detail?: string;
}

/** Not found — or not in the actor's scope, which answers the same but is audited as a denial. */
export function notFoundOrDenied(exists: unknown, message: string, audit: Omit<DeniedAudit, 'detail'>): AppError {
  return new AppError('NOT_FOUND', message, exists ? { audit: { ...audit, detail: 'out of scope' } } : {});
}

import { ERROR_CODES, type ErrorCode, type FieldError } from '../../../contract/errors.js';
import { ERROR_MESSAGES_EN } from '../../../contract/errors-en.js';
import type { Lang } from './lang.js';

/** The one error type: a stable code, a Chinese message, and the rule id behind a refusal. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly rule?: string;
  readonly details?: FieldError[];
  /**
   * A denial to write to the audit trail. The error handler records it after the request's
   * transaction has rolled back, so a refusal inside a transaction is never lost with it.
   */
  readonly audit?: DeniedAudit;
  /** fields sent beside `error` in the body (a fresh proof-of-work `challenge`); the route's schema for the status lists them */
  readonly body?: Record<string, unknown>;
  /** seconds a client should wait before trying again (a 503 of a busy server): sent as Retry-After */
  readonly retryAfter?: number;
  constructor(
    code: ErrorCode,
    message?: string,
    opts: {
      rule?: string;
      details?: FieldError[];
      audit?: DeniedAudit;
      body?: Record<string, unknown>;
      retryAfter?: number;
    } = {},
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.rule = opts.rule;
    this.details = opts.details;
    this.audit = opts.audit;
    this.body = opts.body;
    this.retryAfter = opts.retryAfter;
  }
}

/** Seconds a client is asked to wait before trying again when the database is unavailable or busy. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer while the database cannot serve: 503 with Retry-After, never the driver's words. */
export function databaseUnavailableBody(requestId: string, lang: Lang = 'zh') {
  return {
    error: {
      code: 'DATABASE_UNAVAILABLE' as const,
      message: lang === 'en' ? ERROR_MESSAGES_EN.DATABASE_UNAVAILABLE : ERROR_CODES.DATABASE_UNAVAILABLE.message,
      requestId,
    },
  };
}
