import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secrets.js';

describe('secret box', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);
  const hashKey = createHash('sha256').update(key).update('keyed-hash').digest();
  const reference = (value: string) => createHash('sha256').update(hashKey).update(value).digest('base64url');

  it('keeps the keyed hash stored rows were written with: sha256(hash key ‖ UTF-8 value)', () => {
    // short, non-ASCII, longer than the reused input buffer, and a short one again after it grew
    for (const value of ['', '11010519491231002X', '王伟 13800138000', '身份证'.repeat(200), 'x'.repeat(1000), '37010219800101001X'])
      expect(box.keyedHash(value)).toBe(reference(value));
  });

  it('opens what it sealed, with a fresh nonce each time', () => {
    const a = box.seal('11010519491231002X');
    const b = box.seal('11010519491231002X');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('11010519491231002X');
    expect(box.open(box.seal('王伟'))).toBe('王伟');
  });
});
