// Photos for articles: the upload's type is sniffed by the image library itself (never the name or
// the declared type), its size limited, and it is re-encoded into responsive widths, which also drops
// every metadata block (EXIF with its GPS position, XMP, ICC comments). Only the re-encoded sizes are
// kept, in the file store; the original bytes are never written anywhere.
import { Readable } from 'node:stream';
import sharp, { type Metadata } from 'sharp';
import { writeAudit } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { fileStoreFor } from '../../platform/files.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import * as repo from './news.repository.js';
import type { ImageSize } from './news.tables.js';

export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
export const IMAGE_WIDTHS = [480, 960, 1600] as const;
const FORMATS = new Set(['jpeg', 'png', 'webp']);

async function readAll(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.resume();
      throw new AppError('payload_too_large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Re-encodes an image into its responsive sizes (JPEG, metadata stripped, orientation applied). */
export async function resize(input: Buffer): Promise<{ width: number; height: number; sizes: { width: number; data: Buffer }[] }> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: 80_000_000 }).metadata();
  } catch {
    throw new AppError('file_rejected', { reason: 'type_not_allowed' });
  }
  if (!meta.format || !FORMATS.has(meta.format) || !meta.width || !meta.height)
    throw new AppError('file_rejected', { reason: 'type_not_allowed' });
  // EXIF orientations 5–8 swap width and height once applied.
  const swap = (meta.orientation ?? 1) >= 5;
  const width = swap ? meta.height : meta.width;
  const height = swap ? meta.width : meta.height;
  const widths: number[] = IMAGE_WIDTHS.filter((w) => w < width);
  if (widths.length < IMAGE_WIDTHS.length) widths.push(Math.min(width, IMAGE_WIDTHS.at(-1)!));
  const sizes = [];
  for (const w of widths) {
    const data = await sharp(input, { limitInputPixels: 80_000_000 })
      .rotate()
      .resize({ width: w, withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80, progressive: true })
      .toBuffer();
    sizes.push({ width: w, data });
  }
  return { width, height, sizes };
}

export async function uploadImage(
  ctx: RequestContext,
  scoped: ScopedOrg | undefined,
  alt: string,
  body: Readable,
  contentLength: string | undefined,
) {
  if (!body || typeof body.pipe !== 'function') throw new AppError('file_rejected', { reason: 'empty' });
  if (contentLength !== undefined && Number(contentLength) > MAX_IMAGE_BYTES) {
    body.resume();
    throw new AppError('payload_too_large');
  }
  const input = await readAll(body, MAX_IMAGE_BYTES);
  if (!input.length) throw new AppError('file_rejected', { reason: 'empty' });
  const image = await resize(input);
  const store = fileStoreFor(ctx.config);
  const stored: ImageSize[] = [];
  try {
    for (const s of image.sizes) {
      const f = await store.put(Readable.from([s.data]), {
        maxBytes: MAX_IMAGE_BYTES,
        fileName: `photo-${s.width}.jpg`,
        allow: ['image/jpeg'],
      });
      stored.push({ width: s.width, key: f.key });
    }
    const orgId = scoped?.id ?? ctx.actor.orgId;
    const orgPath = scoped?.path ?? ctx.actor.orgPath;
    const id = await inTransaction(ctx.db, async (trx) => {
      const id = await repo.insertImage(trx, {
        orgId,
        alt,
        width: image.width,
        height: image.height,
        sizes: stored,
        userId: ctx.actor.userId,
      });
      await writeAudit(trx, ctx, {
        action: 'upload',
        entityType: 'news_image',
        entityId: id,
        orgId,
        orgPath,
        after: { alt, width: image.width, height: image.height, sizes: stored.map((s) => s.width) },
      });
      return id;
    });
    return { id, alt, width: image.width, height: image.height, sizes: stored.map((s) => s.width) };
  } catch (err) {
    for (const s of stored) await store.delete(s.key).catch(() => undefined);
    throw err;
  }
}

/** One stored size of an image (the nearest width at or above the one asked for). */
export async function imageFile(ctx: Pick<RequestContext, 'config'>, sizes: ImageSize[], width: number) {
  const sorted = [...sizes].sort((a, b) => a.width - b.width);
  const pick = sorted.find((s) => s.width >= width) ?? sorted.at(-1)!;
  return fileStoreFor(ctx.config).get(pick.key);
}
