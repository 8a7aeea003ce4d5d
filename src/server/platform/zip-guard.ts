// Guards an .xlsx (a zip) before anything inflates it: the central directory is read first and the
// entry count, declared uncompressed sizes and compression ratios are capped; then every entry is
// inflated once into nothing, counting bytes, so a directory that lies about its sizes is caught too.
// The upload check (people/imports.analyse.ts) runs the directory checks, then reads the first rows
// under the sheet limits (sheet-limits.ts; the reader also stops at an entry's declared size), then
// the full inflate: a crafted first cell is refused before gigabytes are inflated.
import { createInflateRaw } from 'node:zlib';
import type { Readable } from 'node:stream';

/** Random access to the file's plain bytes (it is stored encrypted, see sealed-file.ts). */
export interface ZipSource {
  size: number;
  read(start: number, length: number): Promise<Buffer>;
  stream(start: number, end: number): Readable;
}

export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressed: number;
  maxEntryUncompressed: number;
  maxRatio: number;
}

export const XLSX_LIMITS: ZipLimits = {
  maxEntries: 2_000,
  maxTotalUncompressed: 2_000_000_000,
  maxEntryUncompressed: 1_500_000_000,
  maxRatio: 200,
};

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export class ZipRejected extends Error {
  constructor(
    readonly reason:
      | 'not_a_zip'
      | 'too_many_entries'
      | 'inflated_too_large'
      | 'suspicious_ratio'
      | 'unsupported_compression'
      | 'size_mismatch',
  ) {
    super(reason);
  }
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CDH = 0x02014b50;
const LFH = 0x04034b50;

export async function readCentralDirectory(src: ZipSource): Promise<ZipEntry[]> {
  {
    const size = src.size;
    const tailLen = Math.min(size, 65_557 + 20);
    const tail = await src.read(size - tailLen, tailLen);
    let at = -1;
    for (let i = tailLen - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    if (at < 0) throw new ZipRejected('not_a_zip');
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (
      (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) &&
      at >= 20 &&
      tail.readUInt32LE(at - 20) === EOCD64_LOCATOR
    ) {
      const eocd64At = Number(tail.readBigUInt64LE(at - 20 + 8));
      const rec = await src.read(eocd64At, 56);
      if (rec.readUInt32LE(0) !== EOCD64) throw new ZipRejected('not_a_zip');
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    if (count > XLSX_LIMITS.maxEntries) throw new ZipRejected('too_many_entries');
    if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) throw new ZipRejected('not_a_zip');
    const cd = await src.read(cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    while (p + 46 <= cd.length) {
      if (cd.readUInt32LE(p) !== CDH) throw new ZipRejected('not_a_zip');
      const method = cd.readUInt16LE(p + 10);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressedSize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // zip64 extra field (0x0001) holds the 64-bit values that are 0xffffffff above, in order.
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressedSize === 0xffffffff) {
            uncompressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localHeaderOffset === 0xffffffff) {
            localHeaderOffset = Number(cd.readBigUInt64LE(q));
          }
        }
        e += 4 + len;
      }
      entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
      if (entries.length > XLSX_LIMITS.maxEntries) throw new ZipRejected('too_many_entries');
      p = extraEnd + commentLen;
    }
    if (entries.length !== count) throw new ZipRejected('not_a_zip');
    return entries;
  }
}

export function checkDeclaredSizes(entries: ZipEntry[], limits: ZipLimits = XLSX_LIMITS): void {
  let total = 0;
  for (const e of entries) {
    if (e.method !== 0 && e.method !== 8) throw new ZipRejected('unsupported_compression');
    if (e.uncompressedSize > limits.maxEntryUncompressed) throw new ZipRejected('inflated_too_large');
    total += e.uncompressedSize;
    if (total > limits.maxTotalUncompressed) throw new ZipRejected('inflated_too_large');
    if (e.uncompressedSize > 1_000_000 && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio)
      throw new ZipRejected('suspicious_ratio');
  }
}

/** Inflates each entry once, counting bytes; stops as soon as one inflates beyond its declared size. */
export async function verifyInflatedSizes(src: ZipSource, entries: ZipEntry[]): Promise<void> {
  for (const e of entries) {
    if (e.compressedSize === 0) continue;
    const lh = await src.read(e.localHeaderOffset, 30);
    if (lh.readUInt32LE(0) !== LFH) throw new ZipRejected('not_a_zip');
    const start = e.localHeaderOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
    if (e.method === 0) continue; // stored: its size is its size
    await new Promise<void>((resolve, reject) => {
      let seen = 0;
      const input = src.stream(start, start + e.compressedSize - 1);
      const inflate = createInflateRaw();
      const fail = (err: Error) => {
        input.destroy();
        inflate.destroy();
        reject(err);
      };
      inflate.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > e.uncompressedSize) fail(new ZipRejected('size_mismatch'));
      });
      inflate.on('end', () => (seen === e.uncompressedSize ? resolve() : reject(new ZipRejected('size_mismatch'))));
      inflate.on('error', () => reject(new ZipRejected('not_a_zip')));
      input.on('error', reject);
      input.pipe(inflate);
    });
  }
}
