/** Typed calls to the HTTP API; the types come from the schemas in contract/api.ts. */
import type { Static } from '@sinclair/typebox';
import type {
  AccountCreateBody,
  AccountPatchBody,
  AuditQuery,
  LevelSchema,
  OccupationBody,
  OccupationPatchBody,
  OnePlusXBody,
  OnePlusXPatchBody,
  RegionPatchBody,
  Account,
  AuditRecord,
  AuditVerify,
  Home,
  Institution,
  Me,
  Meta,
  Occupation,
  OnePlusX,
  Region,
} from '../../../contract/api.js';
import type { Role } from '../../../contract/roles.js';
import { download, request } from './client';

export { ApiError, setUnauthorizedHandler } from './client';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export interface PageParams {
  page?: number;
  pageSize?: number;
}
export type Level = Static<typeof LevelSchema>;
export type AuditFilter = Static<typeof AuditQuery>;

/** Accepts a bare array or `{ items }` so a list endpoint's wrapper does not matter to callers. */
function itemsOf<T>(v: T[] | { items: T[] }): T[] {
  return Array.isArray(v) ? v : v.items;
}
/** Accepts an object or the object wrapped in `{ <key>: … }`. */
function unwrap<T extends object>(v: T | Record<string, T>, key: string): T {
  const w = (v as Record<string, T>)[key];
  return w && typeof w === 'object' ? w : (v as T);
}

export const api = {
  meta: () => request<Meta>('GET', '/meta', { quiet401: true }),

  // ---- session
  login: async (username: string, password: string) => unwrap(await request<{ user: Me } | Me>('POST', '/auth/login', { body: { username, password }, quiet401: true }), 'user'),
  logout: () => request<void>('POST', '/auth/logout', { quiet401: true }),
  me: async () => unwrap(await request<{ user: Me }>('GET', '/auth/me', { quiet401: true }), 'user'),
  changePassword: (currentPassword: string, newPassword: string) => request<unknown>('POST', '/auth/password', { body: { currentPassword, newPassword } }),

  home: () => request<Home>('GET', '/home'),

  // ---- institutions
  institutions: (p: { q?: string; regionCode?: string } & PageParams) => request<Paged<Institution>>('GET', '/institutions', { query: p }),
  institution: async (id: number) => unwrap(await request<Institution | { institution: Institution }>('GET', `/institutions/${id}`), 'institution'),
  exportInstitutions: (p: { q?: string; regionCode?: string }) => download('/institutions/export', p, '评价机构.xlsx'),

  // ---- reference data
  regions: async (parent?: string) => itemsOf(await request<Region[] | { items: Region[] }>('GET', '/regions', { query: { parent } })),
  patchRegion: async (code: string, body: Static<typeof RegionPatchBody>) => unwrap(await request<Region | { region: Region }>('PATCH', `/regions/${code}`, { body }), 'region'),
  occupations: (p: { q?: string } & PageParams) => request<Paged<Occupation>>('GET', '/occupations', { query: p }),
  createOccupation: (body: Static<typeof OccupationBody>) => request<Occupation>('POST', '/occupations', { body }),
  patchOccupation: (id: number, body: Static<typeof OccupationPatchBody>) => request<Occupation>('PATCH', `/occupations/${id}`, { body }),
  onePlusX: (p: { q?: string } & PageParams) => request<Paged<OnePlusX>>('GET', '/one-plus-x', { query: p }),
  createOnePlusX: (body: Static<typeof OnePlusXBody>) => request<OnePlusX>('POST', '/one-plus-x', { body }),
  patchOnePlusX: (id: number, body: Static<typeof OnePlusXPatchBody>) => request<OnePlusX>('PATCH', `/one-plus-x/${id}`, { body }),
  levels: async () => itemsOf(await request<Level[] | { items: Level[] }>('GET', '/levels')),

  // ---- accounts
  accounts: (p: { q?: string; role?: Role } & PageParams) => request<Paged<Account>>('GET', '/accounts', { query: p }),
  createAccount: (body: Static<typeof AccountCreateBody>) => request<Account>('POST', '/accounts', { body }),
  patchAccount: (id: number, body: Static<typeof AccountPatchBody>) => request<Account>('PATCH', `/accounts/${id}`, { body }),
  unlockAccount: (id: number) => request<unknown>('POST', `/accounts/${id}/unlock`),
  resetPassword: (id: number, newPassword: string) => request<unknown>('POST', `/accounts/${id}/reset-password`, { body: { newPassword } }),

  // ---- audit
  audit: (p: AuditFilter) => request<Paged<AuditRecord>>('GET', '/audit', { query: p }),
  verifyAudit: () => request<AuditVerify>('GET', '/audit/verify'),
};
