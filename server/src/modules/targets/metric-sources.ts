/**
 * Where each counted metric comes from (the registry behind contract/targets.ts METRICS): a source
 * keeps some metrics of `progress_daily` up to date — a listener in the transaction that changes
 * its records — and can recount them from scratch. A source not on the platform yet would be
 * `connected: false` (its figures show 0 and say 未接入); training person-times are the training
 * module's passed completion tests, announced the way certificates announce an issue.
 */
import type { Kysely, RawBuilder, Transaction } from 'kysely';
import type { MetricKey } from '../../../../contract/targets.js';
import type { DB } from '../../database/schema.js';
import {
  onCertificateChange,
  type CertificateBefore,
  type CertificateChange,
} from '../certificates/certificate-listeners.js';
import {
  countingFactsOf,
  countingFactsOfLearner,
  countingFactsOfLearners,
  countingFactsOfMany,
  certificateCountsQuery,
} from '../certificates/certificates.queries.js';
import { onHoldingRecorded } from '../pathways/holding-listeners.js';
import { holdingCountingFacts, recountHoldings } from '../pathways/pathways.queries.js';
import { onCompletionRecorded } from '../training/completion-listeners.js';
import { completionCountingFacts, recountPassedCompletions } from '../training/hours.queries.js';
import { applyDeltas, lockPerson, lockPersons, readCountsFrom, type Delta } from './aggregates.queries.js';
import { contributionsOf, difference, type Contribution } from './contributions.js';

export interface FlowSource {
  /** the metrics this source keeps in progress_daily */
  metrics: readonly MetricKey[];
  /** false: the records it counts are not on the platform yet; figures show 0 and 未接入 */
  connected: boolean;
  /** the full recount of its metrics from the records */
  recount(db: Kysely<DB>): Promise<Delta[]>;
  /**
   * the same recount as one query with a column per metric, when the records are many: the rebuild
   * writes it into the aggregates table to table (`recount` reads the same query)
   */
  counts?: { query(): RawBuilder<unknown>; columns: Readonly<Partial<Record<MetricKey, string>>> };
  /** registers what keeps the counts equal to a recount, in the transaction that changes the records */
  follow(): void;
}

/**
 * A certificate was issued or changed status: the person's contributions for that year before and
 * after the change differ by exactly what the aggregates must change (docs/METRICS.md).
 */
export async function followCertificate(
  trx: Transaction<DB>,
  certificateId: number,
  change: CertificateChange,
  before: CertificateBefore,
) {
  if (change === 'corrected') return; // a correction changes no counted fact (name, work type)
  const c = await countingFactsOf(trx, certificateId);
  if (!c) return;
  await lockPerson(trx, c.learner_id);
  const after = await countingFactsOfLearner(trx, c.learner_id, Number(c.issued_on.slice(0, 4)));
  const earlier =
    before.status === null
      ? after.filter((x) => x.id !== c.id)
      : after.map((x) => (x.id === c.id ? { ...x, status: before.status! } : x));
  await applyDeltas(trx, difference(contributionsOf(earlier), contributionsOf(after)));
}

/**
 * A batch of new certificates (a batch issuance): what `followCertificate` does for each, with one
 * read of the new certificates, one lock statement for their people, one read of those people's
 * certificates and one application of the summed deltas. Per person and year the sum of the
 * one-by-one differences is the difference between without and with all the new ones.
 */
export async function followCertificatesIssued(trx: Transaction<DB>, certificateIds: readonly number[]) {
  const fresh = await countingFactsOfMany(trx, [...certificateIds]);
  if (!fresh.length) return;
  const people = [...new Set(fresh.map((c) => c.learner_id))];
  await lockPersons(trx, people);
  const years = fresh.map((c) => Number(c.issued_on.slice(0, 4)));
  const held = await countingFactsOfLearners(trx, people, `${Math.min(...years)}-01-01`, `${Math.max(...years)}-12-31`);
  const isNew = new Set(fresh.map((c) => c.id));
  const touched = new Set(fresh.map((c) => `${c.learner_id}|${c.issued_on.slice(0, 4)}`));
  const byPersonYear = new Map<string, typeof held>();
  for (const c of held) {
    const k = `${c.learner_id}|${c.issued_on.slice(0, 4)}`;
    if (!touched.has(k)) continue;
    const list = byPersonYear.get(k);
    if (list) list.push(c);
    else byPersonYear.set(k, [c]);
  }
  const sum = new Map<string, Contribution>();
  for (const after of byPersonYear.values())
    for (const d of difference(contributionsOf(after.filter((x) => !isNew.has(x.id))), contributionsOf(after))) {
      const k = `${d.metric}|${d.day}|${d.institution_id}|${d.occupation_id}|${d.level}`;
      const cur = sum.get(k);
      if (cur) cur.n += d.n;
      else sum.set(k, { ...d });
    }
  await applyDeltas(
    trx,
    [...sum.values()].filter((d) => d.n !== 0),
  );
}

/** A 1+X certificate was recorded: one more, at its date and the recording school (CERT-8). */
export async function followHolding(trx: Transaction<DB>, holdingId: number) {
  const h = await holdingCountingFacts(trx, holdingId);
  if (!h) return;
  await applyDeltas(trx, [
    {
      metric: 'one_plus_x',
      day: h.issued_on,
      institution_id: h.imported_by_institution,
      occupation_id: h.mapped_occupation_id ?? 0,
      level: 0,
      n: 1,
    },
  ]);
}

/** A trainee's completion test was recorded: a pass is one training person-time, at its day and the class's institution (TGT-1). */
export async function followCompletion(trx: Transaction<DB>, completionId: number) {
  const k = await completionCountingFacts(trx, completionId);
  if (!k || k.passed !== 1) return;
  await applyDeltas(trx, [
    {
      metric: 'training',
      day: k.assessed_on,
      institution_id: k.institution_id,
      occupation_id: k.occupation_id,
      level: k.level ?? 0,
      n: 1,
    },
  ]);
}

/** The certificates' metrics, each from its column of `certificateCountsQuery` (one pass over the table). */
const CERTIFICATE_COUNTS = {
  query: certificateCountsQuery,
  columns: { certificates: 'certificates', certified: 'certified', high_skill: 'high_skill' },
} as const;

export const FLOW_SOURCES: readonly FlowSource[] = [
  {
    metrics: ['certificates', 'certified', 'high_skill'],
    connected: true,
    counts: CERTIFICATE_COUNTS,
    recount: (db) => readCountsFrom(db, CERTIFICATE_COUNTS.query(), CERTIFICATE_COUNTS.columns),
    follow: () => onCertificateChange(followCertificate, followCertificatesIssued),
  },
  {
    metrics: ['one_plus_x'],
    connected: true,
    async recount(db) {
      return (await recountHoldings(db)).map((r) => ({ metric: 'one_plus_x', ...r }));
    },
    follow: () => onHoldingRecorded(followHolding),
  },
  {
    // TGT-1 training person-times: passed completion tests (training module, TRAIN-9)
    metrics: ['training'],
    connected: true,
    async recount(db) {
      return (await recountPassedCompletions(db)).map((r) => ({ metric: 'training', ...r }));
    },
    follow: () => onCompletionRecorded(followCompletion),
  },
];

/** Metrics that are counted in progress_daily, and whether their source is connected. */
export const FLOW_METRICS = FLOW_SOURCES.flatMap((s) => s.metrics);
export const isConnected = (metric: MetricKey) =>
  FLOW_SOURCES.find((s) => s.metrics.includes(metric))?.connected ?? true;
