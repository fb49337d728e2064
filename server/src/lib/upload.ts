/** Reading the one file of a multipart upload, the same way for every route that takes a file. */
import type { FastifyRequest } from 'fastify';
import type { Static, TObject } from '@sinclair/typebox';
import { AppError } from './errors.js';

export interface Upload {
  data: Buffer;
  truncated: boolean;
  fileName: string;
  /** a non-empty text field sent with the file */
  field(name: string): string | undefined;
  /** every non-empty text field sent with the file */
  fields(): Record<string, string>;
}

/** `what` names the expected file in the refusal, e.g. "照片", ".xlsx 文件". */
export async function readUpload(req: FastifyRequest, what = '文件'): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `请以 multipart/form-data 上传${what}`);
  const file = await req.file();
  if (!file)
    throw new AppError('VALIDATION_FAILED', `缺少${what}`, { details: [{ field: 'file', message: `请选择${what}` }] });
  const data = await file.toBuffer();
  return {
    data,
    truncated: file.file.truncated,
    fileName: file.filename,
    field(name) {
      const f = file.fields[name] as { value?: unknown } | undefined;
      return f && typeof f.value === 'string' && f.value !== '' ? f.value : undefined;
    },
    fields() {
      const out: Record<string, string> = {};
      for (const [k, f] of Object.entries(file.fields))
        if (k !== file.fieldname && f && 'value' in f && typeof f.value === 'string' && f.value !== '')
          out[k] = f.value;
      return out;
    },
  };
}

/**
 * The text fields of an upload read as a contract schema says, by the route's own validator (numbers
 * and booleans converted from their text as for a query string), or the refusal a JSON body gets
 * (VALIDATION_FAILED or UNKNOWN_FIELD with the fields' details).
 */
export function uploadFields<T extends TObject>(req: FastifyRequest, u: Upload, schema: T): Static<T> {
  const value: Record<string, unknown> = u.fields();
  const validate = req.compileValidationSchema(schema, 'body');
  if (validate(value)) return value as Static<T>;
  throw Object.assign(new Error('upload fields refused'), { validation: validate.errors, validationContext: 'body' });
}
