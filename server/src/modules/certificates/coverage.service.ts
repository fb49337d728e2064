/**
 * 毕业生持证情况 (CERT-9, advisory): per school and graduation year, how many students hold at
 * least one skill certificate (or a recorded 1+X certificate), and who does not yet — for officials
 * over the school and the school. The graduates are the school's imported roster of the class
 * where it has one (people/graduating-class.queries.ts), so students who never registered count.
 */
import ExcelJS from 'exceljs';
import type { Deps, RequestContext } from '../../lib/context.js';
import { maskIdNumber } from '../../lib/identity.js';
import { recordAuditNow } from '../audit/audit.service.js';
import {
  graduateCertificationBySchool,
  graduatesWithoutCertificate,
  type GraduateFilter,
} from '../people/graduates.queries.js';

export type CoverageQuery = GraduateFilter;

export async function coverage(deps: Deps, ctx: RequestContext, f: CoverageQuery) {
  const bySchool = await graduateCertificationBySchool(deps.db, ctx.actor!, f);
  const without = await graduatesWithoutCertificate(deps.db, ctx.actor!, f, 5000);
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
    // the school sees its students' numbers; officials see them masked
    uncertified: without.map((w) => ({
      learnerId: w.id,
      name: w.name,
      idNumber: ctx.actor!.institutionId ? w.id_number : maskIdNumber(w.id_number),
      major: w.major,
      schoolName: w.school_name,
    })),
  };
}

export async function coverageExport(deps: Deps, ctx: RequestContext, f: CoverageQuery): Promise<Buffer> {
  const c = await coverage(deps, ctx, f);
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
    detail: JSON.stringify({ ...f, rows: c.uncertified.length }),
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
