/** One error shape for every failure: `{ error: { code, message, rule?, details?, requestId? } }`. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ERROR_CODES, type ErrorBody, type ErrorCode, type FieldError } from '../../../contract/errors.js';
import { AppError, databaseUnavailableBody, DATABASE_RETRY_AFTER_SECONDS } from '../lib/errors.js';
import { briefDatabaseError, classifyDatabaseError } from '../database/failures.js';
import { recordAuditNow } from '../modules/audit/audit.service.js';
import { ERROR_MESSAGES_EN } from '../../../contract/errors-en.js';
import { requestLang, type Lang } from '../lib/lang.js';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const FIELD_MESSAGES: Record<string, (e: AjvError) => string> = {
  required: (e) => `缺少必填字段 ${String(e.params.missingProperty)}`,
  additionalProperties: (e) => `不允许的字段 ${String(e.params.additionalProperty)}`,
  minLength: (e) => `长度不能少于 ${String(e.params.limit)} 个字符`,
  maxLength: (e) => `长度不能超过 ${String(e.params.limit)} 个字符`,
  pattern: () => '格式不正确',
  type: (e) => `类型应为 ${String(e.params.type)}`,
  minimum: (e) => `不能小于 ${String(e.params.limit)}`,
  maximum: (e) => `不能大于 ${String(e.params.limit)}`,
  format: (e) => `格式应为 ${String(e.params.format)}`,
  minProperties: () => '至少需要提供一个字段',
  anyOf: () => '取值不在允许范围内',
  const: () => '取值不在允许范围内',
  enum: () => '取值不在允许范围内',
};
const FIELD_MESSAGES_EN: Record<string, (e: AjvError) => string> = {
  required: (e) => `missing required field ${String(e.params.missingProperty)}`,
  additionalProperties: (e) => `field not allowed: ${String(e.params.additionalProperty)}`,
  minLength: (e) => `at least ${String(e.params.limit)} characters`,
  maxLength: (e) => `at most ${String(e.params.limit)} characters`,
  pattern: () => 'wrong format',
  type: (e) => `should be ${String(e.params.type)}`,
  minimum: (e) => `at least ${String(e.params.limit)}`,
  maximum: (e) => `at most ${String(e.params.limit)}`,
  format: (e) => `should be a ${String(e.params.format)}`,
  minProperties: () => 'give at least one field',
  anyOf: () => 'not an allowed value',
  const: () => 'not an allowed value',
  enum: () => 'not an allowed value',
};

function fieldOf(e: AjvError, context: string): string {
  const extra =
    e.keyword === 'required'
      ? `/${String(e.params.missingProperty)}`
      : e.keyword === 'additionalProperties'
        ? `/${String(e.params.additionalProperty)}`
        : '';
  return `${context}${e.instancePath}${extra}`;
}

export function validationBody(errors: AjvError[], context: string, lang: Lang = 'zh'): ErrorBody['error'] {
  const messages = lang === 'en' ? FIELD_MESSAGES_EN : FIELD_MESSAGES;
  // unions report one error per branch; keep the most specific, deduplicated by field
  const seen = new Set<string>();
  const details: FieldError[] = [];
  for (const e of errors) {
    const field = fieldOf(e, context);
    if (seen.has(field)) continue;
    seen.add(field);
    details.push({
      field,
      message: (messages[e.keyword] ?? (() => e.message ?? (lang === 'en' ? 'not valid' : '取值无效')))(e),
    });
  }
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  if (unknown) {
    return {
      code: 'UNKNOWN_FIELD',
      message:
        lang === 'en'
          ? `${ERROR_MESSAGES_EN.UNKNOWN_FIELD}: ${String(unknown.params.additionalProperty)}`
          : `请求包含不允许的字段：${String(unknown.params.additionalProperty)}`,
      details,
    };
  }
  return {
    code: 'VALIDATION_FAILED',
    message:
      lang === 'en'
        ? `${ERROR_MESSAGES_EN.VALIDATION_FAILED}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`
        : `请求参数有误：${details.map((d) => `${d.field} ${d.message}`).join('；')}`,
    details,
  };
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler(
    async (err: FastifyError & { validation?: AjvError[]; validationContext?: string }, req, reply) => {
      const requestId = String(req.id);
      // people read the message in the language they asked for; the code and rule stay as they are
      const lang = req.ctx?.lang ?? requestLang(req.headers['accept-language']);
      const say = (code: ErrorCode, zh: string) => (lang === 'en' ? ERROR_MESSAGES_EN[code] : zh);
      if (err instanceof AppError) {
        // every refusal of a signed-in actor is audited: explicitly described, or as the route refused
        const denial =
          err.audit ??
          (err.status === 403 && req.actor
            ? {
                action: 'access.denied',
                objectType: 'route',
                objectId: `${req.method} ${req.routeOptions.url}`,
                detail: `${err.code}: ${err.message}`,
              }
            : null);
        if (denial) {
          await recordAuditNow(app.deps, req.ctx, { ...denial, outcome: 'denied' }).catch((e) =>
            req.log.error({ err: e }, 'could not audit a denial'),
          );
        }
        if (err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
        return reply.status(err.status).send({
          ...err.body,
          error: {
            code: err.code,
            message: say(err.code, err.message),
            rule: err.rule,
            details: err.details,
            requestId,
          },
        });
      }
      if (err.validation) {
        const context = err.validationContext === 'body' ? '' : `${err.validationContext ?? ''}:`;
        return reply.status(400).send({ error: { ...validationBody(err.validation, context, lang), requestId } });
      }
      if (
        err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
        err.code === 'FST_REQ_FILE_TOO_LARGE' ||
        err.code === 'FST_PARTS_LIMIT' ||
        err.code === 'FST_FILES_LIMIT'
      ) {
        return reply.status(413).send({
          error: {
            code: 'PAYLOAD_TOO_LARGE',
            message: say('PAYLOAD_TOO_LARGE', ERROR_CODES.PAYLOAD_TOO_LARGE.message),
            requestId,
          },
        });
      }
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
        return reply.status(415).send({
          error: {
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message: say('UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型，请使用 application/json'),
            requestId,
          },
        });
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return reply.status(400).send({
          error: {
            code: 'BAD_REQUEST',
            message: say(
              'BAD_REQUEST',
              `请求格式有误：${err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? '请求体为空' : err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.name === 'SyntaxError' ? 'JSON 无法解析' : '无法处理该请求'}`,
            ),
            requestId,
          },
        });
      }
      // database failures: what they mean for the caller, never what the driver said (it quotes key values)
      const failure = classifyDatabaseError(err);
      if (failure === 'unavailable' || failure === 'busy') {
        // the outage itself is logged once (app.ts); each request gets one line, no stack
        req.log.warn(
          { database: briefDatabaseError(err) },
          failure === 'busy' ? 'database busy: answered 503' : 'database unavailable: answered 503',
        );
        return reply
          .status(503)
          .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
          .send(databaseUnavailableBody(requestId, lang));
      }
      if (failure === 'unique' || failure === 'conflict') {
        req.log.warn(
          { err },
          failure === 'unique' ? 'unique key race: answered 409' : 'transaction conflict: answered 409',
        );
        return reply.status(409).send({
          error: {
            code: 'CONFLICT',
            message: say(
              'CONFLICT',
              failure === 'unique'
                ? '该记录已由同时进行的另一操作创建，请刷新后核对，无需重复提交'
                : '数据正被同时进行的另一操作修改，本次未做任何更改，请重试',
            ),
            requestId,
          },
        });
      }
      req.log.error({ err }, 'unhandled error');
      // internals stay in the log; the caller gets the request id to report
      return reply
        .status(500)
        .send({ error: { code: 'INTERNAL', message: say('INTERNAL', ERROR_CODES.INTERNAL.message), requestId } });
    },
  );
}
