import { describe, expect, it } from 'vitest';
import { dec, formatFen, parseDecimal, toFen } from './decimal.js';
import { awardTier, labourHourSavingFen, materialSavingFen, splitAward } from './innovation-benefit.js';

describe('exact decimals', () => {
  it('gets right what floats get wrong', () => {
    // 0.1 + 0.2 style: (0.3 − 0.1) × 0.1 yuan × 3 = 0.06 exactly; floats give 0.06000000000000001
    expect(toFen(dec('0.06'))).toBe(6n);
    // 1.005 rounds to 1.01 (floats: Math.round(1.005 * 100) = 100)
    expect(toFen(dec('1.005'))).toBe(101n);
    expect(toFen(dec('-1.005'))).toBe(-101n);
    expect(toFen(dec('1.0049999'))).toBe(100n);
    expect(formatFen(-5n)).toBe('-0.05');
    expect(formatFen(123456n)).toBe('1234.56');
    expect(parseDecimal('1e3')).toBeNull();
    expect(parseDecimal('1,000')).toBeNull();
  });

  it('computes the labour-hour saving exactly', () => {
    // (0.3 − 0.1) h × 35.15 yuan/h × 0.1 × 30000 units − 0.2 yuan
    const fen = labourHourSavingFen({
      oldHours: dec('0.3'),
      newHours: dec('0.1'),
      hourlyCost: dec('35.15'),
      output: dec('3000'),
      inputs: dec('0.2'),
    });
    // 0.2 × 35.15 × 3000 = 21090; − 0.2 = 21089.80
    expect(fen).toBe(2108980n);
    expect(0.3 - 0.1).not.toBe(0.2); // the float trap this avoids
  });

  it('computes the material saving with one half-up rounding to fen', () => {
    // (1.2 − 1.195) kg × 2.01 yuan × 1 unit − 0 = 0.01005 → 0.01 (1 fen)
    expect(
      materialSavingFen({
        oldConsumption: dec('1.2'),
        newConsumption: dec('1.195'),
        unitPrice: dec('2.01'),
        output: dec('1'),
        inputs: dec('0'),
      }),
    ).toBe(1n);
    // × 100 units = 1.005 → 1.01 yuan
    expect(
      materialSavingFen({
        oldConsumption: dec('1.2'),
        newConsumption: dec('1.195'),
        unitPrice: dec('2.01'),
        output: dec('100'),
        inputs: dec('0'),
      }),
    ).toBe(101n);
  });

  it('picks award tiers by annual value', () => {
    expect(awardTier(100_000_000n)).toBe('special');
    expect(awardTier(99_999_999n)).toBe('first');
    expect(awardTier(10_000_000n)).toBe('second');
    expect(awardTier(1_000_000n)).toBe('third');
    expect(awardTier(999_999n)).toBeNull();
    expect(awardTier(5n, [{ tier: 'third', minFen: 5n }])).toBe('third');
  });

  it('splits awards by shares so the parts sum exactly, remainders deterministically', () => {
    expect(splitAward(100_000n, [6000, 4000])).toEqual([60_000n, 40_000n]);
    // 1 fen among three equal-ish shares: the earliest of the largest remainders gets it
    expect(splitAward(1n, [3334, 3333, 3333])).toEqual([1n, 0n, 0n]);
    const parts = splitAward(100n, [3333, 3333, 3334]);
    expect(parts).toEqual([33n, 33n, 34n]);
    const odd = splitAward(1001n, [3333, 3333, 3334]);
    expect(odd.reduce((a, b) => a + b, 0n)).toBe(1001n);
    expect(odd).toEqual([334n, 333n, 334n]);
    expect(() => splitAward(100n, [5000, 4000])).toThrow();
  });
});
