import { type Dec, dec, mul, sub, toFen } from './decimal.js';

/**
 * The benefit sheet's named formulas, in exact decimals. Rounding rule: the exact result in yuan is
 * rounded once, half away from zero, to whole fen.
 */
export interface LabourHourInputs {
  /** standard hours per unit before / after */
  oldHours: Dec;
  newHours: Dec;
  /** last year's hourly labour cost, yuan */
  hourlyCost: Dec;
  /** output in the benefit period, units */
  output: Dec;
  /** inputs (costs of the improvement) in the period, yuan */
  inputs: Dec;
}

/** labour-hour saving = (old − new standard hours) × hourly cost × output − inputs, in fen */
export function labourHourSavingFen(x: LabourHourInputs): bigint {
  return toFen(sub(mul(mul(sub(x.oldHours, x.newHours), x.hourlyCost), x.output), x.inputs));
}

export interface MaterialInputs {
  /** unit consumption before / after */
  oldConsumption: Dec;
  newConsumption: Dec;
  /** unit price, yuan */
  unitPrice: Dec;
  output: Dec;
  inputs: Dec;
}

/** material saving = (old − new unit consumption) × unit price × output − inputs, in fen */
export function materialSavingFen(x: MaterialInputs): bigint {
  return toFen(sub(mul(mul(sub(x.oldConsumption, x.newConsumption), x.unitPrice), x.output), x.inputs));
}

export interface AwardTier {
  tier: 'special' | 'first' | 'second' | 'third';
  /** minimum annual verified benefit, in fen */
  minFen: bigint;
}

/** Defaults from common practice, by annual value: ≥ 1,000,000 / 500,000 / 100,000 / 10,000 yuan. */
export const defaultAwardTiers: readonly AwardTier[] = [
  { tier: 'special', minFen: dec('1000000').n * 100n },
  { tier: 'first', minFen: dec('500000').n * 100n },
  { tier: 'second', minFen: dec('100000').n * 100n },
  { tier: 'third', minFen: dec('10000').n * 100n },
];

/** The highest tier whose threshold the annual benefit reaches, or null below all tiers. */
export function awardTier(annualFen: bigint, tiers: readonly AwardTier[] = defaultAwardTiers): AwardTier['tier'] | null {
  const sorted = [...tiers].sort((a, b) => (a.minFen > b.minFen ? -1 : a.minFen < b.minFen ? 1 : 0));
  return sorted.find((t) => annualFen >= t.minFen)?.tier ?? null;
}

/** Shares are basis points; a valid set sums to exactly 10000 (100%). */
export const FULL_SHARE_BP = 10_000;

/**
 * Splits an award (fen) by shares (basis points summing to 10000) with the largest-remainder method:
 * everyone gets the floor of their exact part, then the left-over fen go one each to the largest
 * remainders, ties to the earlier proposer. The parts always sum exactly to the total.
 */
export function splitAward(totalFen: bigint, sharesBp: readonly number[]): bigint[] {
  if (sharesBp.reduce((a, b) => a + b, 0) !== FULL_SHARE_BP) throw new Error('shares must sum to 10000 bp');
  if (totalFen < 0n) throw new Error('award must not be negative');
  const full = BigInt(FULL_SHARE_BP);
  const parts = sharesBp.map((bp) => (totalFen * BigInt(bp)) / full);
  const rems = sharesBp.map((bp, i) => ({ i, r: (totalFen * BigInt(bp)) % full }));
  let left = totalFen - parts.reduce((a, b) => a + b, 0n);
  rems.sort((a, b) => (a.r > b.r ? -1 : a.r < b.r ? 1 : a.i - b.i));
  for (const { i } of rems) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}
