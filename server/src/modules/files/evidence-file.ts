/**
 * The checks every uploaded evidence file passes (filing prerequisites INST-3, 1+X certificates
 * CERT-3): not truncated, within the size limit, not empty, and a PDF, PNG or JPEG by its content.
 */
import { EVIDENCE_MAX_BYTES } from '../../../../contract/institutions.js';
import { AppError } from '../../lib/errors.js';
import { sniffMime } from './sniff.js';

/** Returns the file's real type, or throws the refusal. */
export function checkEvidenceFile(f: { fileName: string; data: Buffer; truncated: boolean }) {
  if (f.truncated || f.data.length > EVIDENCE_MAX_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `证明材料不能超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`);
  if (!f.data.length)
    throw new AppError('VALIDATION_FAILED', '文件为空', { details: [{ field: 'file', message: '文件为空' }] });
  const mime = sniffMime(f.data);
  if (!mime) throw new AppError('EVIDENCE_TYPE_REFUSED', `“${f.fileName}”不是 PDF、PNG 或 JPEG 文件`);
  return mime;
}
