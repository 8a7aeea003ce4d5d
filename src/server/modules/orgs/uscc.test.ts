// Unified social credit code (GB 32100-2015): check character, normalisation, forbidden letters.
import { describe, expect, it } from 'vitest';
import { createOrgBody } from './orgs.schemas.js';
import { isValidUscc, normaliseUscc, usccCheckCharacter } from './uscc.js';

const KNOWN_GOOD = '91370000163044841F';
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const withCheck = (first17: string) => first17 + usccCheckCharacter(first17);
/** A code with one character replaced (position 0-based). */
const replaceAt = (code: string, i: number, ch: string) => code.slice(0, i) + ch + code.slice(i + 1);

describe('usccCheckCharacter', () => {
  it('computes the check character of a known registered code', () => {
    expect(usccCheckCharacter(KNOWN_GOOD.slice(0, 17))).toBe('F');
  });

  it('always yields a character of the code alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const body = `91${String(370000 + i).padStart(6, '0')}${String(i * 7919)
        .padStart(9, '0')
        .slice(-9)}`;
      expect(CHARSET).toContain(usccCheckCharacter(body));
    }
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => usccCheckCharacter('9137000016304484I')).toThrow('invalid character');
  });
});

describe('isValidUscc', () => {
  it.each([
    KNOWN_GOOD,
    withCheck('91110000600037341'),
    withCheck('12100000400011866'),
    withCheck('52440300MJL123456'),
    withCheck('Y1371600ABCDEFGH0'),
    withCheck('91371600000000000'),
  ])('accepts %s', (code) => {
    expect(code).toHaveLength(18);
    expect(isValidUscc(code)).toBe(true);
  });

  it('rejects every wrong check character', () => {
    for (const ch of CHARSET) if (ch !== 'F') expect(isValidUscc(KNOWN_GOOD.slice(0, 17) + ch)).toBe(false);
  });

  it('rejects a single changed character in the body (the check catches it)', () => {
    expect(isValidUscc(replaceAt(KNOWN_GOOD, 9, '7'))).toBe(false);
    expect(isValidUscc(replaceAt(KNOWN_GOOD, 0, '5'))).toBe(false);
  });

  it('rejects a swap of two adjacent characters', () => {
    const swapped = KNOWN_GOOD.slice(0, 10) + KNOWN_GOOD[11] + KNOWN_GOOD[10] + KNOWN_GOOD.slice(12);
    expect(swapped).not.toBe(KNOWN_GOOD);
    expect(isValidUscc(swapped)).toBe(false);
  });

  it('rejects wrong lengths and letters in the region digits', () => {
    expect(isValidUscc(KNOWN_GOOD.slice(0, 17))).toBe(false);
    expect(isValidUscc(`${KNOWN_GOOD}0`)).toBe(false);
    expect(isValidUscc('')).toBe(false);
    expect(isValidUscc(withCheck('9137A000163044841'))).toBe(false);
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the forbidden letter %s anywhere', (letter) => {
    expect(isValidUscc(replaceAt(KNOWN_GOOD, 17, letter))).toBe(false);
    expect(isValidUscc(replaceAt(KNOWN_GOOD, 10, letter))).toBe(false);
    expect(isValidUscc(replaceAt(KNOWN_GOOD, 0, letter))).toBe(false);
  });

  it('is case-sensitive on its own (normalise first)', () => {
    expect(isValidUscc(KNOWN_GOOD.toLowerCase())).toBe(false);
    expect(isValidUscc(normaliseUscc(KNOWN_GOOD.toLowerCase()))).toBe(true);
  });
});

describe('normaliseUscc', () => {
  it('upper-cases and strips whitespace as people type or paste codes', () => {
    expect(normaliseUscc('91370000163044841f')).toBe(KNOWN_GOOD);
    expect(normaliseUscc(' 9137 0000 1630 4484 1f\t')).toBe(KNOWN_GOOD);
  });
});

describe('the organisation schema', () => {
  const base = { parentId: '1', name: '某公司', kind: 'enterprise', level: 'grassroots' };

  it('stores the normalised form of a lower-case code', () => {
    const r = createOrgBody.safeParse({ ...base, uscc: '91370000163044841f' });
    expect(r.success && r.data.uscc).toBe(KNOWN_GOOD);
  });

  it('reports a bad code with the reason invalid_uscc', () => {
    const r = createOrgBody.safeParse({ ...base, uscc: '91370000163044841E' });
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(issue.path).toEqual(['uscc']);
    expect((issue as { params?: { reason?: string } }).params?.reason).toBe('invalid_uscc');
  });
});
