/**
 * How a certificate names its occupation for people: 电工（维修电工） with a work type (工种), 电工
 * alone without one — never a placeholder such as 电工（--）. Used by the PDF, the credential's
 * description, and every page that shows a certificate. Pure.
 */
export function occupationWithWorkType(occupation: string, workType: string | null | undefined): string {
  const w = workType?.trim();
  return w && w !== '--' ? `${occupation}（${w}）` : occupation;
}
