/** Reading the one file of a multipart upload, the same way for every route that takes a file. */
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

export interface Upload {
  data: Buffer;
  truncated: boolean;
  fileName: string;
  /** a non-empty text field sent with the file */
  field(name: string): string | undefined;
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
  };
}
