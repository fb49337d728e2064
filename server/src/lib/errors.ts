import { ERROR_CODES, type ErrorCode, type FieldError } from '../../../contract/errors.js';

/** The one error type: a stable code, a Chinese message, and the rule id behind a refusal. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly rule?: string;
  readonly details?: FieldError[];
  constructor(code: ErrorCode, message?: string, opts: { rule?: string; details?: FieldError[] } = {}) {
    super(message ?? ERROR_CODES[code].message);
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.rule = opts.rule;
    this.details = opts.details;
  }
}
