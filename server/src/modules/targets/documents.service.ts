/**
 * The report's files for a unit the caller may see: the month's workbook and bulletin (the frozen
 * snapshot once submitted, else the figures as they are now) and the yearly assessment sheet
 * (TGT-3, TGT-4). Each download is audited.
 */
import type { ReportFigures } from '../../../../contract/api-targets.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { recordAuditNow } from '../audit/audit.service.js';
import { assessmentSheet, bulletinPdf, reportWorkbook, type ReportHeader } from './report-documents.js';
import { progressOf, resolveUnit } from './progress.service.js';
import { monthlyReport } from './reports.service.js';
import { asOfFor } from './targets.service.js';

async function report(deps: Deps, ctx: RequestContext, q: { unit?: string; month: string }) {
  const r = await monthlyReport(deps, ctx, q);
  const header: ReportHeader = {
    unitName: r.figures.unit.name,
    month: r.month,
    asOf: r.asOf,
    submitted: r.submission?.at ? r.submission.at.slice(0, 10) : null,
    unconnected: r.unconnected,
  };
  return { r, header, figures: r.figures as ReportFigures };
}

export async function reportWorkbookFile(deps: Deps, ctx: RequestContext, q: { unit?: string; month: string }) {
  const { r, header, figures } = await report(deps, ctx, q);
  await recordAuditNow(deps, ctx, {
    action: 'report.workbook',
    objectType: 'monthly_report',
    objectId: `${figures.unit.unit}:${r.month}`,
  });
  return { name: `${header.unitName}${r.month}月报.xlsx`, content: await reportWorkbook(header, figures) };
}

export async function bulletinFile(deps: Deps, ctx: RequestContext, q: { unit?: string; month: string }) {
  const { r, header, figures } = await report(deps, ctx, q);
  await recordAuditNow(deps, ctx, {
    action: 'report.bulletin',
    objectType: 'monthly_report',
    objectId: `${figures.unit.unit}:${r.month}`,
  });
  return { name: `${header.unitName}${r.month}工作通报.pdf`, content: await bulletinPdf(header, figures, r.children) };
}

/** TGT-4: every county and school below the unit, with its completion per metric. */
export async function assessmentSheetFile(deps: Deps, ctx: RequestContext, q: { unit?: string; year: number }) {
  const root = await resolveUnit(deps, ctx, q.unit);
  const asOf = asOfFor(deps, q.year);
  const all = await progressOf(deps, root, q.year, asOf);
  const lines = [...all.values()].filter((u) => u.level === 'school' || (u.level === 'county' && u.unit !== root.unit));
  await recordAuditNow(deps, ctx, {
    action: 'report.assessment_sheet',
    objectType: 'unit',
    objectId: `${root.unit}:${q.year}`,
  });
  return {
    name: `${root.name}${q.year}年度考核表.xlsx`,
    content: await assessmentSheet(root.name, q.year, asOf, lines),
  };
}
