// Amounts in yuan as typed ("12000.5") to exact fen (bigint text) and back; never a float.
import { fieldError } from '../../platform/errors.js';

/** "12000.5" → "1200050"; more than two decimals is a fraction of a fen and refused on `path`. */
export function yuanToFen(yuan: string, path: string, { allowZero = false } = {}): string {
  const [whole, frac = ''] = yuan.trim().split('.');
  if (frac.length > 2 && /[1-9]/.test(frac.slice(2))) throw fieldError(path, 'fraction_of_fen');
  const fen = (BigInt(whole!) * 100n + BigInt((frac.slice(0, 2) || '0').padEnd(2, '0'))).toString();
  if (!allowZero && fen === '0') throw fieldError(path, 'not_positive');
  return fen;
}

export function money(fen: string | number | bigint): { fen: string; yuan: string } {
  const f = BigInt(fen);
  const abs = f < 0n ? -f : f;
  return { fen: f.toString(), yuan: `${f < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}` };
}
