// The public portal's rendered pages, kept in memory until something public changes (a publication,
// correction, withdrawal or portal setting bumps the generation) or for at most a minute, which
// bounds how stale a second server process can be.
import { createHash } from 'node:crypto';

export interface CachedPage {
  status: number;
  type: string;
  body: Buffer;
  etag: string;
  at: number;
}

const MAX_ENTRIES = 2000;
const MAX_AGE_MS = 60_000;
let generation = 0;
const pages = new Map<string, CachedPage & { gen: number }>();

export function bumpPortalGeneration(): void {
  generation++;
  pages.clear();
}

export function cachedPage(key: string): CachedPage | undefined {
  const p = pages.get(key);
  if (!p || p.gen !== generation || Date.now() - p.at > MAX_AGE_MS) return undefined;
  return p;
}

export function storePage(key: string, status: number, type: string, text: string): CachedPage {
  const body = Buffer.from(text, 'utf8');
  const page = { status, type, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, at: Date.now(), gen: generation };
  if (pages.size >= MAX_ENTRIES) pages.delete(pages.keys().next().value!);
  pages.set(key, page);
  return page;
}
