// The storage layer for uploaded files (report evidence). Files are stored under random UUID keys,
// never under a name the user chose; the local directory `<JIANGXIN_DATA_DIR>/files` is the default
// store. put() streams into a temporary file in the same directory while counting the size and
// hashing, enforces the size limit as the bytes arrive, sniffs the content type from the first
// bytes (the declared type is never trusted), and only then renames the file into place: any
// rejection leaves nothing behind.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from './errors.js';

export interface PutLimits {
  /** Largest accepted size in bytes. */
  maxBytes: number;
  /** The user's file name: its extension must agree with the sniffed type. */
  fileName: string;
  /** Allowed sniffed types; default: ALLOWED_TYPES. */
  allow?: readonly string[];
}

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface FileStore {
  put(stream: Readable, limits: PutLimits): Promise<StoredFile>;
  get(key: string): Promise<{ stream: Readable; size: number }>;
  delete(key: string): Promise<void>;
}

export const TYPE_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
  csv: 'text/csv',
};
export const ALLOWED_TYPES = [...new Set(Object.values(TYPE_BY_EXTENSION))];

const SNIFF_BYTES = 8192;

/** Why a file is refused, as a code the i18n layer translates (file_rejected {reason}). */
export type Rejection = 'empty' | 'too_large' | 'executable' | 'type_not_allowed' | 'type_mismatch' | 'unsafe_file_name';

export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}

/** A file name that is safe to keep as a label: no path separators, no `..`, no control characters. */
export function isSafeFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 200 &&
    !/[/\\\u0000-\u001f\u007f]/.test(name) &&
    !name.includes('..') &&
    !name.startsWith('.') &&
    name.trim() === name
  );
}

/**
 * The content type from the first bytes and the extension, or the reason it is refused.
 * Executables and scripts are refused whatever they are called; Office files are zip containers,
 * accepted as the type their extension names; text must be text (no NUL or control bytes).
 */
export function sniff(head: Buffer, fileName: string): { type: string } | { reject: Rejection } {
  const ext = extensionOf(fileName);
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  const ascii = head.subarray(0, 16).toString('latin1');
  if (
    starts(0x4d, 0x5a) ||
    starts(0x7f, 0x45, 0x4c, 0x46) ||
    starts(0xca, 0xfe, 0xba, 0xbe) ||
    starts(0xfe, 0xed, 0xfa, 0xce) ||
    starts(0xfe, 0xed, 0xfa, 0xcf) ||
    starts(0xce, 0xfa, 0xed, 0xfe) ||
    starts(0xcf, 0xfa, 0xed, 0xfe) ||
    ascii.startsWith('#!') ||
    starts(0x00, 0x61, 0x73, 0x6d)
  ) {
    return { reject: 'executable' };
  }
  let sniffed: string | undefined;
  if (ascii.startsWith('%PDF-')) sniffed = 'application/pdf';
  else if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) sniffed = 'image/png';
  else if (starts(0xff, 0xd8, 0xff)) sniffed = 'image/jpeg';
  else if (starts(0x50, 0x4b, 0x03, 0x04)) {
    if (ext !== 'docx' && ext !== 'xlsx') return { reject: 'type_mismatch' };
    sniffed = TYPE_BY_EXTENSION[ext];
  } else if (isText(head)) {
    const lower = head.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
    // Markup that a browser would run is not evidence text.
    if (lower.startsWith('<!doctype html') || lower.startsWith('<html') || lower.startsWith('<script') || lower.startsWith('<svg'))
      return { reject: 'type_not_allowed' };
    sniffed = ext === 'csv' ? 'text/csv' : 'text/plain';
  }
  if (!sniffed) return { reject: 'type_not_allowed' };
  const expected = TYPE_BY_EXTENSION[ext];
  if (!expected) return { reject: 'type_not_allowed' };
  if (expected !== sniffed) return { reject: 'type_mismatch' };
  return { type: sniffed };
}

function isText(head: Buffer): boolean {
  for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1a && b !== 0x1b) || b === 0x7f) return false;
  return true;
}

/** Resolves when the stream drains or fails (the failure is seen by its 'error' listener). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('error', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done).on('error', done).on('close', done);
  });
}

const KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The default store: one directory, one file per key. */
export class LocalFileStore implements FileStore {
  readonly dir: string;
  /** Opens the temporary file an upload streams into (tests swap it to inject a full disk). */
  openWrite: (path: string) => Writable = (path) => createWriteStream(path, { mode: 0o600 });
  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new AppError('not_found', { entity: 'attachment' });
    return join(this.dir, key);
  }

  async put(stream: Readable, limits: PutLimits): Promise<StoredFile> {
    if (!isSafeFileName(limits.fileName)) {
      stream.resume();
      throw new AppError('file_rejected', { reason: 'unsafe_file_name' });
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const key = randomUUID();
    const tmp = join(this.dir, `.upload-${key}`);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let rejection: Rejection | undefined;
    // A write error (ENOSPC: the disk is full) arrives as an 'error' event: without a listener it
    // would end the process. It is kept, the rest of the upload is read and dropped, and the
    // request fails (507 storage_full for a full disk) with the partial file removed.
    let writeError: Error | undefined;
    const out = this.openWrite(tmp);
    out.on('error', (err) => (writeError ??= err));
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (rejection || writeError) {
          // Read (and drop) the rest of what the client sends, so the answer reaches it cleanly,
          // but not without bound.
          size += chunk.length;
          if (size > limits.maxBytes * 2 + 1024 * 1024) break;
          continue;
        }
        size += chunk.length;
        if (size > limits.maxBytes) {
          rejection = 'too_large';
          continue;
        }
        if (head.length < SNIFF_BYTES) {
          head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          // Refuse early once enough bytes are known (an executable is known by its first bytes).
          if (head.length >= 4) {
            const early = sniff(head, limits.fileName);
            if ('reject' in early && early.reject === 'executable') {
              rejection = 'executable';
              continue;
            }
          }
        }
        hash.update(chunk);
        if (!out.write(chunk)) await drained(out);
      }
      if (!writeError) await new Promise<void>((res) => out.end(() => res()));
      if (writeError) throw writeError;
      if (rejection === 'too_large') throw new AppError('payload_too_large');
      if (rejection) throw new AppError('file_rejected', { reason: rejection });
      if (size === 0) throw new AppError('file_rejected', { reason: 'empty' });
      const sniffed = sniff(head, limits.fileName);
      if ('reject' in sniffed) throw new AppError('file_rejected', { reason: sniffed.reject });
      if (!(limits.allow ?? ALLOWED_TYPES).includes(sniffed.type)) throw new AppError('file_rejected', { reason: 'type_not_allowed' });
      await rename(tmp, this.pathOf(key));
      return { key, size, sha256: hash.digest('hex'), contentType: sniffed.type };
    } catch (err) {
      out.destroy();
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<{ stream: Readable; size: number }> {
    const path = this.pathOf(key);
    const st = await stat(path).catch(() => undefined);
    if (!st) throw new AppError('not_found', { entity: 'attachment' });
    return { stream: createReadStream(path), size: st.size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

const stores = new Map<string, FileStore>();

/** The configured store (one per data directory). */
export function fileStoreFor(config: Pick<Config, 'JIANGXIN_DATA_DIR'>): FileStore {
  const dir = resolve(config.JIANGXIN_DATA_DIR, 'files');
  let s = stores.get(dir);
  if (!s) stores.set(dir, (s = new LocalFileStore(dir)));
  return s;
}

export function uploadLimitBytes(config: Pick<Config, 'JIANGXIN_UPLOAD_MAX_MB'>): number {
  return config.JIANGXIN_UPLOAD_MAX_MB * 1024 * 1024;
}

/** Free bytes for an unprivileged writer on the file system holding `dir` (or its nearest existing parent). */
export async function freeBytes(dir: string): Promise<number> {
  let at = resolve(dir);
  for (;;) {
    try {
      const s = await statfs(at);
      return s.bavail * s.bsize;
    } catch (err) {
      const up = dirname(at);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || up === at) throw err;
      at = up;
    }
  }
}

/** Sends a stored file as a download: its sniffed type, an attachment disposition, no sniffing or caching by the browser. */
export function sendStoredFile(reply: FastifyReply, f: { stream: Readable; contentType: string; disposition: string }) {
  return reply
    .type(f.contentType)
    .header('content-disposition', f.disposition)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(f.stream);
}
