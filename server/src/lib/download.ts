import type { FastifyReply } from 'fastify';
import { MEDIA_TYPES as TYPES, type FileKind } from '../../../contract/api.js';

/** Sends a file to download, with an ASCII fallback name and the Chinese name for browsers that take it. */
export function sendDownload(reply: FastifyReply, kind: FileKind, body: Buffer, asciiName: string, name = asciiName) {
  return reply
    .header('content-type', TYPES[kind])
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(body);
}
