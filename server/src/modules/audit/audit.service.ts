/**
 * The audit trail (审计日志): who, when, what, outcome and before/after of every change, login,
 * logout, failed login, denial and export. Records are hash-chained; the verifier names the
 * first broken link. No code path updates or deletes them (the database refuses too).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { appendAudit, auditHash, GENESIS_HASH, listAudit, readChain, type AuditFilter } from './audit.queries.js';

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string | number | null;
  outcome?: 'success' | 'failure' | 'denied';
  before?: unknown;
  after?: unknown;
  detail?: string;
  /** for records written before an actor is known (e.g. a failed login) */
  actorName?: string;
}

/** JSON with sorted keys, so the same object always serialises the same way. */
export function canonicalJson(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return JSON.stringify(v, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : val,
  );
}

function toInsert(deps: Deps, ctx: RequestContext, e: AuditEntry) {
  const a = ctx.actor;
  return {
    at: deps.clock.now().toISOString(),
    actor_id: a?.id ?? null,
    actor_name: a?.username ?? e.actorName ?? null,
    actor_role: a?.role ?? null,
    actor_scope: a ? a.scopeLabel : null,
    ip: ctx.ip,
    action: e.action,
    object_type: e.objectType ?? null,
    object_id: e.objectId === undefined || e.objectId === null ? null : String(e.objectId),
    outcome: e.outcome ?? 'success',
    request_id: ctx.requestId,
    before_json: canonicalJson(e.before),
    after_json: canonicalJson(e.after),
    detail: e.detail ?? null,
  } as const;
}

/** Records inside the caller's transaction, so the change and its record commit together. */
export async function recordAudit(trx: Transaction<DB>, deps: Deps, ctx: RequestContext, e: AuditEntry): Promise<void> {
  await appendAudit(trx, toInsert(deps, ctx, e));
}

/** Records on its own (denials, failed logins, exports). */
export async function recordAuditNow(deps: Deps, ctx: RequestContext, e: AuditEntry): Promise<void> {
  await deps.db.transaction().execute((trx) => appendAudit(trx, toInsert(deps, ctx, e)));
}

export async function searchAudit(deps: Deps, f: AuditFilter, page: number, pageSize: number) {
  const { items, total } = await listAudit(deps.db, f, page, pageSize);
  return {
    total,
    page,
    pageSize,
    items: items.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      actorScope: r.actor_scope,
      ip: r.ip,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      outcome: r.outcome,
      requestId: r.request_id,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
      detail: r.detail,
      hash: r.hash,
    })),
  };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { id: number; reason: string } | null;
}

/** Walks the chain from the genesis and names the first record whose link or content is broken. */
export async function verifyAuditChain(db: Kysely<DB>): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let checked = 0;
  for await (const r of readChain(db)) {
    checked++;
    if (r.prev_hash !== prev) {
      return {
        ok: false,
        checked,
        firstBroken: {
          id: r.id,
          reason: '前一条记录的哈希与本记录的 prev_hash 不符（记录被删除、插入或前一条被改动）',
        },
      };
    }
    const { id: _id, prev_hash: _p, hash, ...rest } = r;
    if (auditHash(prev, rest) !== hash) {
      return { ok: false, checked, firstBroken: { id: r.id, reason: '记录内容与其哈希不符（记录被改动）' } };
    }
    prev = hash;
  }
  return { ok: true, checked, firstBroken: null };
}
