// Resident identity card numbers (公民身份号码), GB 11643-1999: 6-digit region, 8-digit birth date,
// 3-digit sequence (odd: male, even: female) and an ISO 7064 MOD 11-2 check character.
import { isValidDate } from './excel-dates.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
/** First two digits: the province-level divisions of GB/T 2260 (plus 71/81/82 and 83 for residence permits). */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

export type IdNumberProblem = 'invalid_length' | 'invalid_characters' | 'invalid_region' | 'invalid_birth_date' | 'invalid_check_digit';

export interface IdNumberInfo {
  idNumber: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'M' | 'F';
}

export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Upper-cases a trailing x and strips what people paste around numbers: spaces, quotes, apostrophes. */
export function normaliseIdNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s'"‘’“”`]/g, '')
    .toUpperCase();
}

/** Validates an already normalised 18-character number; `today` bounds the birth date. */
export function parseIdNumber(id: string, today = new Date()): { ok: true; value: IdNumberInfo } | { ok: false; problem: IdNumberProblem } {
  if (id.length !== 18) return { ok: false, problem: 'invalid_length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'invalid_characters' };
  if (!PROVINCES.has(id.slice(0, 2))) return { ok: false, problem: 'invalid_region' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1900 || !isValidDate(y, m, d) || birthDate > today.toISOString().slice(0, 10))
    return { ok: false, problem: 'invalid_birth_date' };
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'invalid_check_digit' };
  return { ok: true, value: { idNumber: id, birthDate, gender: Number(id[16]) % 2 === 1 ? 'M' : 'F' } };
}

export function isValidIdNumber(id: string): boolean {
  return parseIdNumber(id).ok;
}

/** 3701**********1234: the first four and last four characters. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
