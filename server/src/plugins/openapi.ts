/**
 * The OpenAPI document, generated from the same TypeBox schemas that validate and serialise, and
 * finished so that a generated client can trust it: every operation has an `operationId` (from
 * its method and path unless the route names one), every JSON success and error schema is a named
 * entry of `components.schemas` (named after the contract export it is, e.g. `CertificateSchema`
 * → `Certificate`, `paged(CertificateSchema)` → `CertificatePage`; else after its operation),
 * `servers` is the platform's public address, and file downloads carry their real media types
 * (routes declare them with `fileResponse`, contract/api.ts).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import * as apiCommon from '../../../contract/api.js';
import * as apiAssessment from '../../../contract/api-assessment.js';
import * as apiCertificates from '../../../contract/api-certificates.js';
import * as apiInstitutions from '../../../contract/api-institutions.js';
import * as apiPathways from '../../../contract/api-pathways.js';
import * as apiTargets from '../../../contract/api-targets.js';
import * as apiVerification from '../../../contract/api-verification.js';
import { VERSION } from '../config.js';

type Json = Record<string, any>;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Contract schemas by identity → their exported name without `Schema` (`CertificateSchema` → `Certificate`). */
function contractNames(): Map<object, string> {
  const names = new Map<object, string>();
  for (const mod of [
    apiCommon,
    apiAssessment,
    apiCertificates,
    apiInstitutions,
    apiPathways,
    apiTargets,
    apiVerification,
  ])
    for (const [key, value] of Object.entries(mod))
      if (value && typeof value === 'object' && !names.has(value)) names.set(value, key.replace(/Schema$/, ''));
  return names;
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `get /api/certificates/{id}/pdf` → `getCertificatesByIdPdf`; the same path and method always give the same id. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      const param = /^\{(\w+)\}$/.exec(seg) ?? /^:(\w+)$/.exec(seg);
      const word = (param ? `by-${param[1]}` : seg).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) =>
        c ? c.toUpperCase() : '',
      );
      return pascal(word);
    });
  return method.toLowerCase() + words.join('');
}

/** The name of a response schema, if it is (or wraps) a named contract schema. */
function nameOf(schema: unknown, names: Map<object, string>): string | null {
  if (!schema || typeof schema !== 'object') return null;
  const direct = names.get(schema);
  if (direct) return direct;
  const s = schema as Json;
  // paged(X): { items: X[], total, page, pageSize }
  const item = s.properties?.items?.items;
  if (s.properties?.total && item && names.get(item)) return `${names.get(item)}Page`;
  // Type.Array(X)
  if (s.type === 'array' && s.items && names.get(s.items)) return `${names.get(s.items)}List`;
  return null;
}

const refTo = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Moves a response's inline JSON schema into `components.schemas` under `name` (or a variant of it
 * when another schema already holds the name) and points the response at it.
 */
function hoist(components: Json, media: Json, name: string) {
  if (!media.schema || media.schema.$ref) return;
  const body = JSON.stringify(media.schema);
  let chosen = name;
  for (let n = 2; components[chosen] && JSON.stringify(components[chosen]) !== body; n++) chosen = `${name}${n}`;
  components[chosen] = media.schema;
  media.schema = refTo(chosen);
}

/** An unnamed schema: the name of an identical one already hoisted, else one after its operation. */
function hoistUnnamed(components: Json, media: Json, fallback: string) {
  if (!media.schema || media.schema.$ref) return;
  const body = JSON.stringify(media.schema);
  const same = Object.keys(components).find((k) => JSON.stringify(components[k]) === body);
  if (same) media.schema = refTo(same);
  else hoist(components, media, fallback);
}

export async function registerOpenApi(app: FastifyInstance, publicBaseUrl: string) {
  const names = contractNames();
  /** `get /api/x/{id}` → response code → schema name, recorded from the route's own schema objects. */
  const responseNames = new Map<string, Record<string, string>>();
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '技能人才评价与证书管理平台 API (skillcert)',
        version: VERSION,
        description:
          '错误统一为 `{ error: { code, message, rule?, details? } }`。登录后会话保存在 HttpOnly Cookie `sc_session` 中。',
      },
      servers: [{ url: publicBaseUrl, description: '本平台（PUBLIC_BASE_URL）' }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sc_session' } } },
      security: [{ session: [] }],
    },
    transform: ({ schema, url, route }) => {
      const path = url.replace(/:(\w+)/g, '{$1}');
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toLowerCase());
      const response = (schema as Json | undefined)?.response as Json | undefined;
      if (response)
        for (const m of methods) {
          const byCode: Record<string, string> = {};
          for (const [code, r] of Object.entries(response)) {
            // a response declared per media type ({ description, content }) names the schema inside
            const content = (r as Json)?.content as Json | undefined;
            const n = nameOf(content ? Object.values(content)[0]?.schema : r, names);
            if (n) byCode[code.toUpperCase()] = n;
          }
          responseNames.set(`${m} ${path}`, byCode);
        }
      return { schema, url };
    },
    transformObject: (documentObject) => {
      const doc = (documentObject as { openapiObject: Json }).openapiObject;
      doc.components ??= {};
      const components: Json = (doc.components.schemas ??= {});
      for (const [path, item] of Object.entries(doc.paths as Json)) {
        for (const method of HTTP_METHODS) {
          const op = (item as Json)[method] as Json | undefined;
          if (!op) continue;
          op.operationId ??= operationIdOf(method, path);
          const named = responseNames.get(`${method} ${path}`) ?? {};
          for (const [code, res] of Object.entries((op.responses ?? {}) as Json)) {
            for (const media of Object.values((res.content ?? {}) as Json)) {
              // file downloads keep their schema inline: a binary string, nothing to name
              if (media.schema?.format === 'binary') continue;
              const name = named[code.toUpperCase()];
              if (name) hoist(components, media, name);
              else
                hoistUnnamed(
                  components,
                  media,
                  `${pascal(op.operationId)}${/^2/.test(code) ? 'Response' : `Error${code}`}`,
                );
            }
          }
        }
      }
      return doc;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}
