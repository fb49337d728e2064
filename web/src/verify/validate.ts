/**
 * Local checks before a query is sent: the certificate number (人社鉴发〔2019〕2号: one capital
 * letter Y or S and 21 digits, the 16th character the level 1–5), the 18-character resident ID
 * number (GB 11643: birth date and the ISO 7064 MOD 11-2 check character) and the name.
 * Each returns null when fine, else a message key (and a number for the message).
 */
import { PERSON_NAME_MAX_LENGTH, RESIDENT_ID_LENGTH } from '../../../contract/limits.js';

export type Problem = [key: string, n?: number] | null;

/** Spaces and dashes people type or paste are dropped; letters upper-cased. */
export const tidy = (v: string) => v.replace(/[\s\-－—]/g, '').toUpperCase();

export function checkNumber(raw: string): Problem {
  const v = tidy(raw);
  if (!v) return ['eNumEmpty'];
  if (v.length !== 22) return ['eNumLen', v.length];
  if (!/^[A-Z]\d{21}$/.test(v)) return ['eNumShape'];
  if (!/^[YS]/.test(v)) return ['eNumLetter'];
  if (!/^[1-5]$/.test(v[15])) return ['eNumLevel'];
  return null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The 18th character of a resident ID number from its first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += +first17[i] * WEIGHTS[i];
  return '10X98765432'[sum % 11];
}

export function checkIdNumber(raw: string, today = new Date()): Problem {
  const v = tidy(raw);
  if (!v) return ['eIdEmpty'];
  if (v.length !== RESIDENT_ID_LENGTH) return ['eIdLen', v.length];
  if (!/^\d{17}[\dX]$/.test(v)) return ['eIdShape'];
  const y = +v.slice(6, 10);
  const m = +v.slice(10, 12);
  const d = +v.slice(12, 14);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date > today) return ['eIdDate'];
  if (idCheckChar(v) !== v[17]) return ['eIdCheck'];
  return null;
}

export function checkName(raw: string): Problem {
  const v = raw.trim();
  if (!v) return ['eNameEmpty'];
  if ([...v].length > PERSON_NAME_MAX_LENGTH) return ['eNameLong'];
  return null;
}
