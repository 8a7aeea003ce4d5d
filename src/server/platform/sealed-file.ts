// Uploaded rosters hold ID numbers in the clear, so they are kept on disk encrypted: AES-256-CTR
// (random access, for the zip guard) under a per-file key derived from the server's secret key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, Transform, type Readable, type Writable } from 'node:stream';
import type { SecretBox } from './secrets.js';

export interface SealedFile {
  path: string;
  key: Buffer;
  iv: Buffer;
}

/** A fresh nonce (stored with the import) and the file it names. */
export function newFileNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function sealedFile(secrets: Pick<SecretBox, 'keyedHash'>, path: string, nonce: string): SealedFile {
  return {
    path,
    key: Buffer.from(secrets.keyedHash(`import-file-key:${nonce}`), 'base64url'),
    iv: Buffer.from(secrets.keyedHash(`import-file-iv:${nonce}`), 'base64url').subarray(0, 16),
  };
}

function counterAt(iv: Buffer, block: number): Buffer {
  const out = Buffer.from(iv);
  let carry = block;
  for (let i = 15; i >= 0 && carry > 0; i--) {
    const sum = out[i]! + (carry % 256);
    out[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum >> 8);
  }
  return out;
}

export function writeSealed(f: SealedFile): Writable & { done: Promise<void> } {
  const cipher = createCipheriv('aes-256-ctr', f.key, f.iv);
  const out = createWriteStream(f.path, { mode: 0o600 });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    cipher.on('error', reject);
  });
  // The writer awaits `done` after its last write; until then a failure must not count as unhandled.
  done.catch(() => {});
  // A failed file (ENOSPC: the disk is full) stops taking bytes: let the cipher drop the rest, so a
  // writer waiting for 'drain' goes on to the end and meets the error in `done` (→ 507 storage_full).
  out.on('error', () => {
    cipher.unpipe(out);
    cipher.resume();
  });
  cipher.pipe(out);
  return Object.assign(cipher, { done });
}

export async function sealedSize(f: SealedFile): Promise<number> {
  return (await stat(f.path)).size;
}

export async function readSealedRange(f: SealedFile, start: number, length: number): Promise<Buffer> {
  const fh = await open(f.path, 'r');
  try {
    const aligned = start - (start % 16);
    const buf = Buffer.alloc(length + (start - aligned));
    const { bytesRead } = await fh.read(buf, 0, buf.length, aligned);
    const d = createDecipheriv('aes-256-ctr', f.key, counterAt(f.iv, aligned / 16));
    return Buffer.concat([d.update(buf.subarray(0, bytesRead)), d.final()]).subarray(start - aligned);
  } finally {
    await fh.close();
  }
}

/** The plain bytes [start, end] (inclusive, like fs.createReadStream). */
export function readSealedStream(f: SealedFile, start = 0, end?: number): Readable {
  const aligned = start - (start % 16);
  let skip = start - aligned;
  const d = createDecipheriv('aes-256-ctr', f.key, counterAt(f.iv, aligned / 16));
  const src = createReadStream(f.path, { start: aligned, ...(end !== undefined && { end }), highWaterMark: 256 * 1024 });
  const trim = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length);
        skip -= n;
        chunk = chunk.subarray(n);
      }
      cb(null, chunk);
    },
  });
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  src.on('error', (e) => out.destroy(e));
  src.pipe(d).pipe(trim).pipe(out);
  out.on('close', () => src.destroy());
  return out;
}
