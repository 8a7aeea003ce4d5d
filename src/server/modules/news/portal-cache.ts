// The public portal's rendered pages, kept in memory while the portal's generation stays the same.
// The generation lives in the database (news_portal_state) and is raised in the same transaction as
// every public change (a publication, correction, withdrawal or portal setting). The process that made
// the change adopts the new generation at once; every other process reads it every PORTAL_SYNC_MS
// (portal.routes.ts), so a withdrawn article leaves every server's cache within about a second. A page
// is stored under the generation that was current when its rendering began, so a page rendered from
// data older than a change that lands meanwhile is never served under the newer generation. Pages also
// expire after a minute, as a last bound.
import { createHash } from 'node:crypto';

export interface CachedPage {
  status: number;
  type: string;
  body: Buffer;
  etag: string;
  at: number;
}

/** How often each process compares its generation with the database's. */
export const PORTAL_SYNC_MS = 1000;
const MAX_ENTRIES = 2000;
const MAX_AGE_MS = 60_000;
let generation = 0;
const pages = new Map<string, CachedPage & { gen: number }>();

/** The generation this process's pages and host table belong to. */
export function portalGeneration(): number {
  return generation;
}

/**
 * Adopts a generation: the one this process's own change raised the database to, or the one the
 * periodic check read. Drops every page when it differs from the current one.
 */
export function adoptPortalGeneration(next: number): void {
  if (next === generation) return;
  generation = next;
  pages.clear();
}

export function cachedPage(key: string): CachedPage | undefined {
  const p = pages.get(key);
  if (!p || p.gen !== generation || Date.now() - p.at > MAX_AGE_MS) return undefined;
  return p;
}

/** Stores a page rendered under generation `gen` (read before rendering began). */
export function storePage(key: string, status: number, type: string, text: string, gen: number): CachedPage {
  const body = Buffer.from(text, 'utf8');
  const page = { status, type, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, at: Date.now(), gen };
  if (gen !== generation) return page; // a change landed while it was rendered: answer it, do not keep it
  if (pages.size >= MAX_ENTRIES) pages.delete(pages.keys().next().value!);
  pages.set(key, page);
  return page;
}
