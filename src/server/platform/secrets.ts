// AES-256-GCM encryption of secrets at rest (TOTP secrets now, personal data later).
import { createCipheriv, createDecipheriv, createHash, createSecretKey, hash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /** Keyed hash for lookups and uniqueness without storing the plain value. */
  keyedHash(value: string): string;
}

/**
 * 96-bit GCM nonces drawn from the CSPRNG in bulk: one randomBytes call per 4096 seals instead of one
 * each (a roster import seals two values per row). Each 12-byte slice is handed out exactly once and
 * the pool is refilled with fresh random bytes, so nonces are as random as per-call ones and never
 * reused from the pool.
 */
function ivSource(): () => Buffer {
  const SLICES = 4096;
  let pool = Buffer.alloc(0);
  let next = 0;
  return () => {
    if (next >= pool.length) {
      pool = randomBytes(12 * SLICES);
      next = 0;
    }
    const iv = pool.subarray(next, next + 12);
    next += 12;
    return iv;
  };
}

/** Keys of the boxes made here, for handing a box to a worker thread of this process (never logged or sent). */
const KEYS = new WeakMap<SecretBox, Buffer>();
export function keyOfBox(box: SecretBox): Buffer | undefined {
  return KEYS.get(box);
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('JIANGXIN_SECRET_KEY must be 32 bytes (base64)');
  const hashKey = createHash('sha256').update(key).update('keyed-hash').digest();
  const nextIv = ivSource();
  let hashInput = Buffer.alloc(256);
  hashKey.copy(hashInput);
  // One KeyObject for every seal and open: handed a Buffer, Node 24 builds a key object on each call,
  // which made sealing ~3x slower (the roster import's validation seals two values per row).
  const cipherKey = createSecretKey(key);
  const box: SecretBox = {
    seal(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', cipherKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const raw = Buffer.from(sealed.replace(/^v1\./, ''), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', cipherKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    keyedHash(value) {
      // sha256(hashKey ‖ UTF-8 value) in one call: crypto.hash over a reused buffer costs ~2/3 of a
      // createHash object per value (a roster import hashes every row's ID number).
      const end = hashKey.length + Buffer.byteLength(value);
      if (end > hashInput.length) {
        hashInput = Buffer.alloc(Math.max(end, 2 * hashInput.length));
        hashKey.copy(hashInput);
      }
      hashInput.write(value, hashKey.length);
      const digest = hash('sha256', hashInput.subarray(0, end), 'base64url');
      // the buffer outlives the call: it keeps no plain ID number or phone once hashed
      hashInput.fill(0, hashKey.length, end);
      return digest;
    },
  };
  KEYS.set(box, Buffer.from(key));
  return box;
}

/** The configured key, or a key file kept beside the embedded database (created once). */
export function loadSecretKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
