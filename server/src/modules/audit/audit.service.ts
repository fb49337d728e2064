/**
 * The audit trail (审计日志): who, when, what, outcome and before/after of every change, login,
 * logout, failed login, denial and export. Records are hash-chained; the verifier names the
 * first broken link. No code path updates or deletes them (the database refuses too).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import {
  appendAudit,
  countAudit,
  appendAudits,
  auditHash,
  GENESIS_HASH,
  listAudit,
  readChain,
  type AuditFilter,
} from './audit.queries.js';
import {
  checkpointSignatureOk,
  readCheckpoints,
  type CheckpointLine,
  type CheckpointStore,
} from './audit-checkpoints.js';

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

/** Records many entries inside the caller's transaction, in order (one read of the chain's head, one insert). */
export async function recordAudits(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  entries: readonly AuditEntry[],
): Promise<void> {
  await appendAudits(
    trx,
    entries.map((e) => toInsert(deps, ctx, e)),
  );
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
      actorDisplayName: r.actor_display_name,
      actorRole: r.actor_role,
      actorScope: r.actor_scope,
      ip: r.ip,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      objectLabel: r.object_label,
      outcome: r.outcome,
      requestId: r.request_id,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
      detail: r.detail,
      hash: r.hash,
    })),
  };
}

/** The checkpoint file and the keys that sign it, from the configuration. */
export const checkpointStoreOf = (c: Pick<Config, 'auditCheckpointFile' | 'keyDir'>): CheckpointStore => ({
  file: c.auditCheckpointFile,
  keyDir: c.keyDir,
});

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { id: number; reason: string } | null;
  /** the newest signed checkpoint the chain was compared with, or null when there is none */
  checkpoint: { auditId: number; count: number; at: string } | null;
  /** records a checkpoint proves existed and the chain no longer holds (the newest ones deleted) */
  missing: { fromId: number; toId: number; count: number; ids: number[] | null } | null;
  /** unreadable checkpoint lines (e.g. a write cut short), skipped */
  warnings: string[];
}

/** Progress of a walk of the audit chain: `rows` checked since the last call, `done` of `total`. */
export type AuditChainProgress = (p: { rows: number; done: number; total: number }) => void;
const AUDIT_PROGRESS_EVERY = 2000;

/**
 * Walks the chain from the genesis and names the first record whose link or content is broken;
 * with a checkpoint store, also holds the chain to every signed checkpoint: the record a
 * checkpoint names must still be there with the same hash and the same number of records up to
 * it, so deleting the newest records is named too. A checkpoint's signature is checked when it is
 * the evidence of a problem or the newest one (a forged line can only raise an alarm, never hide one).
 * `onProgress` is told the records checked every AUDIT_PROGRESS_EVERY records (a command-line run
 * over millions of records shows a progress line).
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  store?: CheckpointStore,
  onProgress?: AuditChainProgress,
): Promise<VerifyResult> {
  const total = onProgress ? await countAudit(db) : 0;
  const { checkpoints, unreadable } = store ? readCheckpoints(store.file) : { checkpoints: [], unreadable: [] };
  const warnings = unreadable.map((n) => `检查点文件第 ${n} 行无法读取，已跳过（可能是写入中断）`);
  const byId = new Map<number, CheckpointLine[]>();
  for (const c of checkpoints) byId.set(c.cp.auditId, [...(byId.get(c.cp.auditId) ?? []), c]);
  const ids = [...byId.keys()].sort((a, b) => a - b);
  // for each checkpoint id: how many records, and which last one, the chain holds before it
  const before = new Map<number, { count: number; lastId: number | null }>();
  const newest = checkpoints.reduce<CheckpointLine | null>(
    (a, c) => (!a || c.cp.auditId >= a.cp.auditId ? c : a),
    null,
  );
  const summary = newest ? { auditId: newest.cp.auditId, count: newest.cp.count, at: newest.cp.at } : null;
  const fail = (id: number, reason: string, checked: number, missing: VerifyResult['missing'] = null) => ({
    ok: false,
    checked,
    firstBroken: { id, reason },
    checkpoint: summary,
    missing,
    warnings,
  });
  const forged = (c: CheckpointLine, checked: number) =>
    fail(c.cp.auditId, `检查点文件第 ${c.line} 行的签名无效（检查点文件被改动或密钥不符）`, checked);
  const signed = (c: CheckpointLine) => checkpointSignatureOk(db, store!.keyDir, c.cp);

  let prev = GENESIS_HASH;
  let checked = 0;
  let lastId: number | null = null;
  let next = 0; // index into ids
  const present = new Set<number>();
  let miscounted: { c: CheckpointLine; checked: number } | null = null;
  for await (const r of readChain(db)) {
    while (next < ids.length && ids[next] <= r.id) before.set(ids[next++], { count: checked, lastId });
    checked++;
    if (onProgress && checked % AUDIT_PROGRESS_EVERY === 0)
      onProgress({ rows: AUDIT_PROGRESS_EVERY, done: checked, total: Math.max(total, checked) });
    if (r.prev_hash !== prev) {
      return fail(r.id, '前一条记录的哈希与本记录的 prev_hash 不符（记录被删除、插入或前一条被改动）', checked);
    }
    const { id: _id, prev_hash: _p, hash, ...rest } = r;
    if (auditHash(prev, rest) !== hash) return fail(r.id, '记录内容与其哈希不符（记录被改动）', checked);
    if (byId.has(r.id)) present.add(r.id);
    for (const c of byId.get(r.id) ?? []) {
      if (c.cp.hash === hash) {
        // same record, other count: records before it are gone — named below, from an older checkpoint
        if (c.cp.count !== checked) miscounted ??= { c, checked };
        continue;
      }
      if (!(await signed(c))) return forged(c, checked);
      return fail(
        r.id,
        `记录 #${r.id} 与 ${c.cp.at} 的签名检查点不符（检查点：哈希 ${c.cp.hash.slice(0, 12)}…；现为 ${hash.slice(0, 12)}…）：审计链被改写或记录被替换`,
        checked,
      );
    }
    prev = hash;
    lastId = r.id;
  }
  while (next < ids.length) before.set(ids[next++], { count: checked, lastId });

  // a checkpoint whose record is gone: the newest such one names the most
  const gone = ids.filter((id) => !present.has(id)).pop();
  if (gone !== undefined) {
    const c = byId.get(gone)!.at(-1)!;
    if (!(await signed(c))) return forged(c, checked);
    const b = before.get(gone)!;
    const fromId = (b.lastId ?? 0) + 1;
    const count = Math.max(1, c.cp.count - b.count);
    const span = gone - fromId + 1;
    const missing = {
      fromId,
      toId: gone,
      count,
      ids: span === count && count <= 1000 ? Array.from({ length: count }, (_, i) => fromId + i) : null,
    };
    return fail(
      fromId,
      `记录 #${fromId}${gone > fromId ? `–#${gone}` : ''} 缺失（共 ${count} 条）：${c.cp.at} 的签名检查点记录审计链到 #${gone}、共 ${c.cp.count} 条，现存链在其前只有 ${b.count} 条（最新的记录被删除）`,
      checked,
      missing,
    );
  }
  if (miscounted) {
    const { c, checked: n } = miscounted;
    if (!(await signed(c))) return forged(c, checked);
    return fail(
      c.cp.auditId,
      `${c.cp.at} 的签名检查点记录审计链到 #${c.cp.auditId} 共 ${c.cp.count} 条，现存链到此只有 ${n} 条：其前的记录被删除`,
      checked,
    );
  }
  if (newest && !(await signed(newest))) return forged(newest, checked);
  return { ok: true, checked, firstBroken: null, checkpoint: summary, missing: null, warnings };
}
