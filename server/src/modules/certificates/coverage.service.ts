/**
 * 毕业生持证情况 (CERT-9, advisory): per school and graduation year, how many students hold at
 * least one skill certificate (or a recorded 1+X certificate), and who does not yet — for officials
 * over the school and the school. The graduates are the school's imported roster of the class
 * where it has one (people/graduating-class.queries.ts), so students who never registered count.
 */
import ExcelJS from 'exceljs';
import type { Deps, RequestContext } from '../../lib/context.js';
import { notFoundOrDenied } from '../../lib/errors.js';
import { personalData } from '../../lib/personal-data.js';
import { recordAuditNow } from '../audit/audit.service.js';
import {
  graduateCertificationBySchool,
  graduatesWithoutCertificate,
  learnerExists,
  visibleGraduate,
  type GraduateFilter,
} from '../people/graduates.queries.js';
import { recordIdExport, revealIdNumber } from '../people/reveal.service.js';

export type CoverageQuery = GraduateFilter;

/** The report; ID numbers masked, or (`full`, an export whose purpose is recorded) in full. */
async function report(deps: Deps, ctx: RequestContext, f: CoverageQuery, full: boolean) {
  const bySchool = await graduateCertificationBySchool(deps.db, ctx.actor!, f);
  const without = await graduatesWithoutCertificate(deps.db, ctx.actor!, f, 5000);
  const pd = personalData(deps.config);
  return {
    graduationYear: f.graduationYear,
    schools: bySchool.map((s) => {
      const total = Number(s.total);
      const certified = Number(s.certified ?? 0);
      return {
        schoolId: s.school_id,
        schoolName: s.school_name,
        total,
        certified,
        uncertified: total - certified,
        rate: total ? Math.round((certified / total) * 1000) / 10 : 0,
        // the denominator: the school's imported roster of the class, else the graduates it recorded
        fromRoster: Number(s.from_roster) === 1,
      };
    }),
    // masked for everyone: a full number only through an audited reveal or an export with its purpose
    uncertified: without.map((w) => ({
      learnerId: w.id,
      name: w.name,
      idNumber: full
        ? pd.openIdNumber('learners.id_number', w.id_number_enc)
        : pd.maskedIdNumber('learners.id_number', w.id_number_enc),
      major: w.major,
      schoolName: w.school_name,
    })),
  };
}

export const coverage = (deps: Deps, ctx: RequestContext, f: CoverageQuery) => report(deps, ctx, f, false);

/**
 * The report as a workbook: ID numbers masked, unless a purpose is given (a role that may reveal
 * numbers; the purpose is audited before the file is built).
 */
export async function coverageExport(
  deps: Deps,
  ctx: RequestContext,
  { purpose, ...f }: CoverageQuery & { purpose?: string },
): Promise<Buffer> {
  const masked = await report(deps, ctx, f, false);
  const full = await recordIdExport(deps, ctx, {
    what: 'coverage',
    purpose,
    rows: masked.uncertified.length,
    filter: f,
  });
  const c = full ? await report(deps, ctx, f, true) : masked;
  const wb = new ExcelJS.Workbook();
  const s1 = wb.addWorksheet('各校持证率');
  s1.columns = [
    { header: '学校', key: 'schoolName', width: 36 },
    { header: '毕业生', key: 'total', width: 10 },
    { header: '已持证', key: 'certified', width: 10 },
    { header: '未持证', key: 'uncertified', width: 10 },
    { header: '持证率(%)', key: 'rate', width: 10 },
  ];
  s1.getRow(1).font = { bold: true };
  c.schools.forEach((s) => s1.addRow(s));
  const s2 = wb.addWorksheet('未持证学生');
  s2.columns = [
    { header: '学校', key: 'schoolName', width: 36 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '证件号码', key: 'idNumber', width: 22 },
    { header: '专业', key: 'major', width: 20 },
  ];
  s2.getRow(1).font = { bold: true };
  c.uncertified.forEach((u) => s2.addRow(u));
  await recordAuditNow(deps, ctx, {
    action: 'coverage.export',
    objectType: 'coverage',
    detail: JSON.stringify({ ...f, rows: c.uncertified.length, idNumbers: full ? 'full' : 'masked' }),
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A student's or graduate's full ID number from the coverage report, with the reason; audited. */
export async function revealGraduateId(deps: Deps, ctx: RequestContext, learnerId: number, reason: string) {
  const g = await visibleGraduate(deps.db, ctx.actor!, learnerId);
  if (!g)
    throw notFoundOrDenied(await learnerExists(deps.db, learnerId), `人员 #${learnerId} 不存在或不在您的管辖范围内`, {
      action: 'person.reveal_id',
      objectType: 'learner',
      objectId: learnerId,
    });
  return revealIdNumber(
    deps,
    ctx,
    {
      learnerId: g.id,
      idType: g.id_type,
      enc: g.id_number_enc,
      column: 'learners.id_number',
      via: 'graduate',
      recordId: g.id,
    },
    reason,
  );
}
