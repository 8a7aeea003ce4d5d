// Password policy (>= 10 characters from >= 3 classes) and argon2id hashing.
import { describe, expect, it } from 'vitest';
import { characterClasses, dummyPasswordHash, hashPassword, meetsPasswordPolicy, verifyPassword } from './passwords.js';

describe('characterClasses', () => {
  it.each([
    ['abcdefghij', 1],
    ['ABCDEFGHIJ', 1],
    ['0123456789', 1],
    ['!@#$%^&*()', 1],
    ['abcdeFGHIJ', 2],
    ['abcdeFGH12', 3],
    ['abcDE12!?x', 4],
    ['密码密码密码密码密码', 1],
  ])('%s has %i classes', (pw, n) => {
    expect(characterClasses(pw)).toBe(n);
  });
});

describe('meetsPasswordPolicy', () => {
  it.each(['Abcdefgh12', 'abcdefgh1!', 'ABCDEFGH1!', 'Admin-Passw0rd!', 'User-Passw0rd!', '密码Abc123456'])('accepts %s', (pw) => {
    expect(meetsPasswordPolicy(pw)).toBe(true);
  });

  it.each([
    ['Abcdefg12', 'nine characters'],
    ['Ab1!', 'four characters'],
    ['', 'empty'],
    ['abcdefghijklmnop', 'one class'],
    ['abcdefghijKLMNOP', 'two classes'],
    ['abcdefgh12345678', 'two classes (lower, digits)'],
    ['12345678!!!!!!', 'two classes (digits, symbols)'],
  ])('rejects %s (%s)', (pw) => {
    expect(meetsPasswordPolicy(pw)).toBe(false);
  });

  it('counts characters, not UTF-16 units', () => {
    // Nine code points, eleven UTF-16 units: still too short.
    expect('😀😀Ab1defg'.length).toBe(11);
    expect(meetsPasswordPolicy('😀😀Ab1defg')).toBe(false);
    expect(meetsPasswordPolicy('😀😀Ab1defgh')).toBe(true);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('produces an argon2id hash that verifies the password and nothing else', async () => {
    const stored = await hashPassword('Correct-Horse9');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain('Correct-Horse9');
    expect(await verifyPassword(stored, 'Correct-Horse9')).toBe(true);
    expect(await verifyPassword(stored, 'correct-horse9')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('Same-Passw0rd'), hashPassword('Same-Passw0rd')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(b, 'Same-Passw0rd')).toBe(true);
  });

  it('treats a malformed stored hash as a mismatch instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
    expect(await verifyPassword('', 'whatever')).toBe(false);
  });

  it('keeps one dummy hash for unknown users', async () => {
    const h = await dummyPasswordHash();
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await dummyPasswordHash()).toBe(h);
  });
});
