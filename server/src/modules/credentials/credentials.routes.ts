import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, IdParams } from '../../../../contract/api.js';
import {
  CredentialVerificationSchema,
  CredentialVerifyBody,
  JsonLdDocumentSchema,
  StatusListParams,
} from '../../../../contract/api-certificates.js';
import { onCertificateChange } from '../certificates/certificate-listeners.js';
import { limitPublicQuery } from '../verification/verification.service.js';
import * as svc from './credentials.service.js';
import { didDocument } from './issuer.js';
import { statusListCredential } from './status-lists.service.js';
import { verifyPastedCredential } from './verify-credential.service.js';

export async function credentialRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // certificates announce status changes and corrections; credentials listen (certificates never import credentials)
  // a new certificate changes nothing here (its credential is signed in the background): a batch is not walked
  onCertificateChange(svc.followCertificateChange, async () => undefined);
  // did:web resolution: https://<host>/.well-known/did.json (outside /api: a standard address)
  const didSchema = {
    tags: ['public'],
    summary: '签发方 DID 文档（did:web，公布验证凭证签名的公钥）',
    security: [],
    // a DID document: its members are set by DID Core and the key types (JsonLdDocumentSchema)
    response: {
      200: {
        description: 'DID 文档（DID Core）：verificationMethod 列出签过名的每把公钥（Multikey）',
        content: { 'application/did+json': { schema: JsonLdDocumentSchema } },
      },
    },
  };
  app.get('/.well-known/did.json', { schema: didSchema }, async (_req, reply) =>
    reply
      .header('content-type', 'application/did+json')
      .header('cache-control', 'public, max-age=300')
      .send(await didDocument(app.deps)),
  );
  app.get('/api/public/status/:listId/:purpose', {
    config: { access: { public: 'Bitstring Status Lists are published for any verifier' } },
    schema: {
      tags: ['public'],
      summary: '证书撤销/暂停状态列表（BitstringStatusListCredential，已签名）',
      security: [],
      params: StatusListParams,
      // a signed credential: passed through with every member it was signed with (JsonLdDocumentSchema)
      response: { 200: JsonLdDocumentSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      reply
        .header('cache-control', 'public, max-age=60')
        .send(await statusListCredential(app.deps, req.params.listId, req.params.purpose)),
  });
  app.get('/api/certificates/:id/credential', {
    config: { access: { action: 'certificate.read' } },
    schema: {
      tags: ['certificates'],
      summary: '下载证书的数字凭证（Open Badges 3.0 / W3C VC，eddsa-rdfc-2022 签名）',
      params: IdParams,
      // a signed credential: passed through with every member it was signed with (JsonLdDocumentSchema)
      response: { 200: JsonLdDocumentSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      reply
        .header('content-disposition', `attachment; filename="certificate-${req.params.id}.credential.json"`)
        .send(await svc.certificateCredential(app.deps, req.ctx, req.params.id)),
  });
  app.post('/api/public/verify-credential', {
    config: { access: { public: 'anyone may check a credential someone showed them' } },
    schema: {
      tags: ['public'],
      summary: '核验粘贴的数字凭证（签名、签发方、撤销/暂停状态、有效期）',
      security: [],
      body: CredentialVerifyBody,
      response: { 200: CredentialVerificationSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => {
      limitPublicQuery(app.deps, `vc:c:${req.ip}`);
      return verifyPastedCredential(app.deps, req.body.credential);
    },
  });
}
