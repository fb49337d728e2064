/**
 * Importing a school's graduating class (毕业生名册, CERT-9): each student is found or registered
 * as a person by identity document (one record per person) with the situation the school states —
 * its student, graduating that year — and the class replaces the school's roster for the year.
 * Every row is checked before anything is written; a refusal names its row and nothing is imported.
 */
import type { Transaction } from 'kysely';
import type { IdType, StudentType } from '../../../../contract/api-assessment.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { replaceGraduatingClass } from './graduating-class.queries.js';
import { identifyLearner, recordLearner, type IdentifiedPerson } from './learners.service.js';

export interface GraduateEntry {
  rowNo: number;
  name: string;
  idType: IdType;
  idNumber: string;
  major: string | null;
}

export async function importGraduatingClass(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  school: { id: number; name: string; studentType: StudentType | null },
  year: number,
  entries: GraduateEntry[],
) {
  const now = deps.clock.now();
  const errors: { field: string; message: string }[] = [];
  const identified: { entry: GraduateEntry; person: IdentifiedPerson }[] = [];
  for (const entry of entries) {
    try {
      identified.push({ entry, person: await identifyLearner(trx, deps, entry) });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push({ field: `第 ${entry.rowNo} 行`, message: e.message });
    }
  }
  if (errors.length)
    throw new AppError('IMPORT_INVALID', `名册有 ${errors.length} 行有误，未导入任何数据`, {
      rule: 'CERT-9',
      details: errors.slice(0, 200),
    });
  let created = 0;
  const members: { learnerId: number; major: string | null }[] = [];
  for (const { entry, person } of identified) {
    const r = await recordLearner(
      trx,
      deps,
      ctx,
      person,
      {
        name: entry.name,
        idType: entry.idType,
        idNumber: entry.idNumber,
        major: entry.major ?? undefined,
        graduationYear: year,
        inSchool: true,
        studentType: school.studentType ?? undefined,
      },
      {
        institutionId: school.id,
        school: { id: school.id, name: school.name },
        via: 'graduating_class',
        ref: `graduates:${year}`,
      },
    );
    if (!person.existing) created++;
    members.push({ learnerId: r.learner.id, major: entry.major });
  }
  await replaceGraduatingClass(trx, school.id, year, members, ctx.actor!.id, now.toISOString());
  await recordAudit(trx, deps, ctx, {
    action: 'graduates.import',
    objectType: 'graduating_class',
    objectId: `${school.id}:${year}`,
    after: { schoolId: school.id, graduationYear: year, students: members.length, newPeople: created },
  });
  return { students: members.length, newPeople: created };
}
