/**
 * Exact decimal arithmetic for money and measured quantities (never JS floats).
 * A value is a scaled bigint: { n, s } means n / 10^s. Products are exact; the only rounding is
 * `toFen`, which rounds half away from zero to whole fen (0.01 yuan) — the rule stated on every
 * benefit sheet.
 */
export interface Dec {
  readonly n: bigint;
  readonly s: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses "12.345" / "-0.5" / "1000" exactly; returns null for anything else (no exponents, no commas). */
export function parseDecimal(text: string): Dec | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  const n = BigInt(`${m[2]}${frac}`);
  return { n: m[1] ? -n : n, s: frac.length };
}

export function dec(text: string): Dec {
  const d = parseDecimal(text);
  if (!d) throw new Error(`not a decimal: ${text}`);
  return d;
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.s, b.s);
  return [a.n * 10n ** BigInt(s - a.s), b.n * 10n ** BigInt(s - b.s), s];
}

export function sub(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return { n: x - y, s };
}

export function mul(a: Dec, b: Dec): Dec {
  return { n: a.n * b.n, s: a.s + b.s };
}

export function sign(a: Dec): -1 | 0 | 1 {
  return a.n < 0n ? -1 : a.n > 0n ? 1 : 0;
}

/** Rounds a yuan amount to whole fen, half away from zero (1.005 → 101 fen, −1.005 → −101 fen). */
export function toFen(yuan: Dec): bigint {
  if (yuan.s <= 2) return yuan.n * 10n ** BigInt(2 - yuan.s);
  const div = 10n ** BigInt(yuan.s - 2);
  const abs = yuan.n < 0n ? -yuan.n : yuan.n;
  const q = abs / div;
  const r = abs % div;
  const rounded = r * 2n >= div ? q + 1n : q;
  return yuan.n < 0n ? -rounded : rounded;
}

/** Whole fen as a yuan string with two decimals: 123456n → "1234.56". */
export function formatFen(fen: bigint): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return neg ? `-${text}` : text;
}
