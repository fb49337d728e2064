import type { FastifyReply } from 'fastify';

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  zip: 'application/zip',
} as const;

/** Sends a file to download, with an ASCII fallback name and the Chinese name for browsers that take it. */
export function sendDownload(
  reply: FastifyReply,
  kind: keyof typeof TYPES,
  body: Buffer,
  asciiName: string,
  name = asciiName,
) {
  return reply
    .header('content-type', TYPES[kind])
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(body);
}
