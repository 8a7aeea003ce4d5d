// RFC 6238 appendix B (SHA-1) adapted to 6 digits, RFC 4648 base32, and the ±1 step window.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, hotp, otpauthUrl, totpCode, totpStep, verifyTotp } from './totp.js';

const SEED = Buffer.from('12345678901234567890', 'ascii');
const SECRET = base32Encode(SEED);
const STEP_MS = 30_000;

describe('RFC 6238 test vectors (SHA-1)', () => {
  it('encodes the RFC seed as the well-known base32 secret', () => {
    expect(SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it.each([
    [59, '94287082', '287082'],
    [1111111109, '07081804', '081804'],
    [1111111111, '14050471', '050471'],
    [1234567890, '89005924', '005924'],
    [2000000000, '69279037', '279037'],
  ])('T=%is gives %s (8 digits) and %s (6 digits)', (t, eight, six) => {
    expect(hotp(SEED, totpStep(t * 1000), 8)).toBe(eight);
    expect(totpCode(SECRET, t * 1000)).toBe(six);
  });

  it('uses 30-second steps', () => {
    expect(totpStep(0)).toBe(0n);
    expect(totpStep(29_999)).toBe(0n);
    expect(totpStep(30_000)).toBe(1n);
    expect(totpStep(59_000)).toBe(1n);
  });
});

describe('base32', () => {
  it('round-trips arbitrary bytes of every length', () => {
    for (let len = 0; len <= 41; len++) {
      const buf = Buffer.from(Array.from({ length: len }, (_, i) => (i * 37 + len * 11) & 255));
      expect(base32Decode(base32Encode(buf))).toEqual(buf);
    }
  });

  it('matches RFC 4648 section 10 vectors (without padding)', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(plain);
    }
  });

  it('decodes lower case, spaces and padding, and refuses foreign characters', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow('invalid base32');
  });

  it('generates 160-bit secrets', () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(a);
  });
});

describe('verifyTotp', () => {
  const now = 1111111109 * 1000;
  const step = totpStep(now);
  const codeAt = (delta: number) => totpCode(SECRET, now + delta * STEP_MS);

  it('accepts the current step and returns it', () => {
    expect(verifyTotp(SECRET, codeAt(0), now)).toBe(step);
  });

  it('accepts one step either side (clock drift) and returns the matching step', () => {
    expect(verifyTotp(SECRET, codeAt(-1), now)).toBe(step - 1n);
    expect(verifyTotp(SECRET, codeAt(1), now)).toBe(step + 1n);
  });

  it('rejects codes two or more steps away', () => {
    for (const delta of [-3, -2, 2, 3]) {
      const code = codeAt(delta);
      // A far-away code that happens to equal a code inside the window would be a true match.
      if ([-1, 0, 1].some((d) => codeAt(d) === code)) continue;
      expect(verifyTotp(SECRET, code, now)).toBeNull();
    }
  });

  it('rejects malformed codes and the wrong secret', () => {
    expect(verifyTotp(SECRET, '', now)).toBeNull();
    expect(verifyTotp(SECRET, '12345', now)).toBeNull();
    expect(verifyTotp(SECRET, '1234567', now)).toBeNull();
    expect(verifyTotp(SECRET, '08180a', now)).toBeNull();
    expect(verifyTotp(SECRET, ` ${codeAt(0)}`, now)).toBeNull();
    const other = base32Encode(Buffer.from('abcdefghijabcdefghij'));
    expect(verifyTotp(other, codeAt(0), now)).toBeNull();
  });
});

describe('otpauthUrl', () => {
  it('names issuer, account and parameters for authenticator apps', () => {
    const raw = otpauthUrl(SECRET, 'staff_a');
    expect(raw.startsWith('otpauth://totp/Jiangxin%3Astaff_a?')).toBe(true);
    const url = new URL(raw);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: SECRET,
      issuer: 'Jiangxin',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
