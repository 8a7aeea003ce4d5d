// The public portal's reads: a federation's portal (by its path slug) shows the published snapshots
// of its own and its subtree's articles, never a draft or a version under review. A withdrawn article
// answers 410 with its dated note; anything not published answers 404.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import * as repo from './news.repository.js';
import * as render from './portal.render.js';

type Db = Kysely<Database>;
export const PAGE_SIZE = 20;

export interface Page {
  status: number;
  type: string;
  body: string;
}

const HTML = 'text/html; charset=utf-8';
const notFound = (p?: render.PortalInfo): Page => ({ status: 404, type: HTML, body: render.notFoundPage(p) });

async function portalOf(db: Db, slug: string) {
  const row = await repo.findPortalBySlug(db, slug);
  if (!row) return undefined;
  const info: render.PortalInfo = {
    slug: row.slug,
    name: row.name,
    icp: row.icp,
    copyright: row.copyright,
    hotline: row.hotline,
    showReviewCredits: row.show_review_credits,
  };
  return { info, path: row.org_path };
}

function toArticle(r: repo.PublishedRow): render.PublishedArticle {
  return {
    id: r.id,
    orgName: r.org_name,
    content: r.published,
    publishedAt: new Date(r.published_at),
    notes: r.notes,
    credits: r.credits,
    withdrawn: r.status === 'withdrawn',
  };
}

const pagesOf = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));

export async function homePage(db: Db, slug: string): Promise<Page> {
  const portal = await portalOf(db, slug);
  if (!portal) return notFound();
  const columns = await repo.publishedColumnsOf(db, portal.path);
  const sections = [];
  for (const column of columns.slice(0, 12)) {
    const { rows } = await repo.listPublished(db, portal.path, { column, page: 1, pageSize: 6 });
    sections.push({ column, items: rows.map(toArticle) });
  }
  return { status: 200, type: HTML, body: render.homePage(portal.info, sections, columns) };
}

export async function articlePage(
  db: Db,
  slug: string,
  id: string,
  origin: string,
  loadWidths: (ids: string[]) => Promise<Record<string, number[]>>,
): Promise<Page> {
  const portal = await portalOf(db, slug);
  if (!portal) return notFound();
  if (!/^\d{1,18}$/.test(id)) return notFound(portal.info);
  const row = await repo.findPublished(db, id, portal.path);
  if (!row) return notFound(portal.info);
  const article = toArticle(row);
  const columns = await repo.publishedColumnsOf(db, portal.path);
  const widths = await loadWidths(article.content.photos.map((p) => p.imageId).filter((x): x is string => !!x));
  return { status: article.withdrawn ? 410 : 200, type: HTML, body: render.articlePage(portal.info, article, columns, widths, origin) };
}

export async function columnPage(db: Db, slug: string, column: string, page: number): Promise<Page> {
  const portal = await portalOf(db, slug);
  if (!portal) return notFound();
  const columns = await repo.publishedColumnsOf(db, portal.path);
  if (!columns.includes(column)) return notFound(portal.info);
  const { rows, total } = await repo.listPublished(db, portal.path, { column, page, pageSize: PAGE_SIZE });
  return { status: 200, type: HTML, body: render.columnPage(portal.info, column, rows.map(toArticle), page, pagesOf(total), columns) };
}

export async function searchPage(db: Db, slug: string, q: string, page: number): Promise<Page> {
  const portal = await portalOf(db, slug);
  if (!portal) return notFound();
  const columns = await repo.publishedColumnsOf(db, portal.path);
  const { rows, total } = q ? await repo.listPublished(db, portal.path, { q, page, pageSize: PAGE_SIZE }) : { rows: [], total: 0 };
  return { status: 200, type: HTML, body: render.searchPage(portal.info, q, rows.map(toArticle), total, page, pagesOf(total), columns) };
}

export async function feed(db: Db, slug: string, kind: 'atom' | 'rss' | 'sitemap', origin: string): Promise<Page> {
  const portal = await portalOf(db, slug);
  if (!portal) return notFound();
  const { rows } = await repo.listPublished(db, portal.path, { page: 1, pageSize: kind === 'sitemap' ? 5000 : 50 });
  const items = rows.map(toArticle);
  if (kind === 'atom')
    return { status: 200, type: 'application/atom+xml; charset=utf-8', body: render.atomFeed(portal.info, items, origin) };
  if (kind === 'rss') return { status: 200, type: 'application/rss+xml; charset=utf-8', body: render.rssFeed(portal.info, items, origin) };
  const columns = await repo.publishedColumnsOf(db, portal.path);
  return { status: 200, type: 'application/xml; charset=utf-8', body: render.sitemap(portal.info, items, columns, origin) };
}

/** The stored sizes of an image, if a published article of the portal shows it. */
export async function publicImage(db: Db, slug: string, id: string) {
  const portal = await portalOf(db, slug);
  if (!portal || !/^\d{1,18}$/.test(id)) return undefined;
  const image = await repo.findImage(db, id);
  if (!image || !(await repo.imageIsPublished(db, id, portal.path))) return undefined;
  return image;
}

export async function imageWidths(db: Db, ids: string[]): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const id of ids) {
    const image = await repo.findImage(db, id);
    if (image) out[id] = image.sizes.map((s) => s.width);
  }
  return out;
}
