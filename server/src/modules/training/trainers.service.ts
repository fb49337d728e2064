/**
 * 专职师资报备 (seed 002 二（四）21（1）): a provider reports its full-time trainers with the
 * occupations they teach. A trainer is a person (people module, one record per identity document),
 * and a person is a full-time trainer of one provider at a time — counted once, so the same teacher
 * cannot raise two providers' apprenticeship caps (TRAIN-12). A partial unique index holds that
 * under concurrent registrations too.
 */
import type { Kysely } from 'kysely';
import type { TrainerBody } from '../../../../contract/api-training.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { occupationsByIds } from '../occupations/occupations.queries.js';
import { maskedIdentities } from '../people/identities.service.js';
import { findOrCreatePerson } from '../people/persons.service.js';
import { loadVisibleProvider, ownProvider, todayOf } from './provider-access.js';
import * as q from './trainers.queries.js';

type TrainerRow = NonNullable<Awaited<ReturnType<typeof q.trainerById>>>;

async function views(db: Kysely<DB>, config: Deps['config'], rows: TrainerRow[]) {
  const ids = rows.map((r) => r.id);
  const [occ, people] = await Promise.all([
    q.occupationsOfTrainers(db, ids),
    maskedIdentities(
      db,
      config,
      rows.map((r) => r.person_id),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    providerId: r.provider_id,
    name: r.name,
    idNumberMasked: people.get(r.person_id)?.idNumberMasked ?? '',
    title: r.title,
    teacherCertificate: r.teacher_certificate === 1,
    status: r.status,
    registeredOn: r.registered_on,
    leftOn: r.left_on,
    leftReason: r.left_reason,
    occupations: occ.filter((o) => o.trainer_id === r.id).map((o) => ({ id: o.id, code: o.code, name: o.name })),
  }));
}

export async function listTrainers(deps: Deps, ctx: RequestContext, providerId: number) {
  await loadVisibleProvider(deps.db, ctx.actor!, providerId);
  return views(deps.db, deps.config, await q.trainersOf(deps.db, providerId));
}

/** The provider reports a full-time trainer; a person already reported by any provider is refused. */
export async function registerTrainer(deps: Deps, ctx: RequestContext, providerId: number, body: TrainerBody) {
  return deps.db.transaction().execute(async (trx) => {
    const provider = await loadVisibleProvider(trx, ctx.actor!, providerId, 'training.trainer.register');
    const own = await ownProvider(trx, ctx.actor!);
    if (own.id !== provider.id) throw new AppError('DELEGATION_FORBIDDEN', '只能报备本机构的专职师资');
    const occupationIds = [...new Set(body.occupationIds)];
    const occs = await occupationsByIds(trx, occupationIds);
    if (occs.length !== occupationIds.length)
      throw new AppError('OCCUPATION_NOT_FOUND', '所选职业不存在', {
        details: [{ field: '/occupationIds', message: '含不存在的职业' }],
      });
    const person = await findOrCreatePerson(trx, deps, body);
    const existing = await q.activeTrainerOfPerson(trx, person.id);
    if (existing)
      throw new AppError(
        'TRAINER_ALREADY_REGISTERED',
        `${person.name} 已报备为${existing.provider_id === provider.id ? '本机构' : ` ${existing.provider_name} `}的专职教师（#${existing.id}），一人只计一次；调动须先由原机构登记离职`,
        { rule: 'TRAIN-12', details: [{ field: '/idNumber', message: '该人员已是专职教师' }] },
      );
    const id = await q.insertTrainer(trx, {
      provider_id: provider.id,
      person_id: person.id,
      name: person.name,
      title: body.title?.trim() || null,
      teacher_certificate: body.teacherCertificate ? 1 : 0,
      status: 'active',
      registered_on: todayOf(deps),
      left_on: null,
      left_reason: null,
      created_by: ctx.actor!.id,
      created_at: deps.clock.now().toISOString(),
    });
    await q.setTrainerOccupations(trx, id, occupationIds);
    const [after] = await views(trx, deps.config, [(await q.trainerById(trx, id))!]);
    await recordAudit(trx, deps, ctx, {
      action: 'training.trainer.register',
      objectType: 'training_trainer',
      objectId: id,
      after,
    });
    return after;
  });
}

/** The provider records that a trainer left (离职): no longer counted, free to be reported elsewhere. */
export async function trainerLeaves(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  return deps.db.transaction().execute(async (trx) => {
    const t = await q.trainerById(trx, id);
    const own = ctx.actor!.institutionId ? await ownProvider(trx, ctx.actor!).catch(() => null) : null;
    if (!t || !own || t.provider_id !== own.id)
      throw notFoundOrDenied(t, `专职教师 #${id} 不存在或不属于本机构`, {
        action: 'training.trainer.leave',
        objectType: 'training_trainer',
        objectId: id,
      });
    if (t.status !== 'active') throw new AppError('INVALID_TRANSITION', `${t.name} 已于 ${t.left_on} 登记离职`);
    await q.updateTrainer(trx, id, { status: 'left', left_on: todayOf(deps), left_reason: reason.trim() });
    const [after] = await views(trx, deps.config, [(await q.trainerById(trx, id))!]);
    await recordAudit(trx, deps, ctx, {
      action: 'training.trainer.leave',
      objectType: 'training_trainer',
      objectId: id,
      before: { status: 'active' },
      after: { status: 'left', reason },
    });
    return after;
  });
}
