// The news desk's SQL: articles, their versions and review steps, images, portal settings, and the
// public portal's reads (which see only the published snapshot, never the working content).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
import type { ArticleContent, ArticleNote, ArticleStatus, ImageSize, ReviewCredits, ReviewStep } from './news.tables.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface ArticleRecord {
  id: string;
  org_id: string;
  org_path: string;
  org_name: string;
  status: ArticleStatus;
  version: number;
  content: ArticleContent;
  published: ArticleContent | null;
  published_at: Date | null;
  notes: ArticleNote[];
  credits: ReviewCredits;
  created_by: string | null;
  updated_at: Date;
}

const articleColumns = [
  'a.id',
  'a.org_id',
  'o.path as org_path',
  'o.name as org_name',
  'a.status',
  'a.version',
  'a.content',
  'a.published',
  'a.published_at',
  'a.notes',
  'a.credits',
  'a.created_by',
  'a.updated_at',
] as const;

export async function findArticle(db: Db, id: string, lock = false): Promise<ArticleRecord | undefined> {
  let q = db
    .selectFrom('news_articles as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(articleColumns)
    .where('a.id', '=', id);
  if (lock) q = q.forUpdate('a');
  return (await q.executeTakeFirst()) as ArticleRecord | undefined;
}

export async function insertArticle(db: Db, orgId: string, content: ArticleContent, searchText: string, userId: string): Promise<string> {
  const row = await db
    .insertInto('news_articles')
    .values({ org_id: orgId, content: JSON.stringify(content), search_text: searchText, created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ArticlePatch {
  status?: ArticleStatus;
  version?: number;
  content?: ArticleContent;
  searchText?: string;
  published?: ArticleContent | null;
  publishedText?: string | null;
  publishedAt?: Date | null;
  firstPublishedAt?: Date;
  notes?: ArticleNote[];
  credits?: ReviewCredits;
  withdrawnAt?: Date;
}

export async function updateArticle(db: Db, id: string, p: ArticlePatch): Promise<void> {
  await db
    .updateTable('news_articles')
    .set({
      updated_at: new Date(),
      ...(p.status && { status: p.status }),
      ...(p.version !== undefined && { version: p.version }),
      ...(p.content && { content: JSON.stringify(p.content) }),
      ...(p.searchText !== undefined && { search_text: p.searchText }),
      ...(p.published !== undefined && { published: p.published === null ? null : JSON.stringify(p.published) }),
      ...(p.publishedText !== undefined && { published_text: p.publishedText }),
      ...(p.publishedAt !== undefined && { published_at: p.publishedAt }),
      ...(p.firstPublishedAt && { first_published_at: sql<Date>`COALESCE(first_published_at, ${p.firstPublishedAt})` }),
      ...(p.notes && { notes: JSON.stringify(p.notes) }),
      ...(p.credits && { credits: JSON.stringify(p.credits) }),
      ...(p.withdrawnAt && { withdrawn_at: p.withdrawnAt }),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertVersion(db: Db, articleId: string, version: number, content: ArticleContent, userId: string, name: string) {
  await db
    .insertInto('news_article_versions')
    .values({ article_id: articleId, version, content: JSON.stringify(content), saved_by: userId, saved_by_name: name })
    .execute();
}

export async function listVersions(db: Db, articleId: string) {
  return db
    .selectFrom('news_article_versions')
    .select(['version', 'saved_by_name', 'saved_at', 'content'])
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .execute();
}

export async function findVersion(db: Db, articleId: string, version: number) {
  return db
    .selectFrom('news_article_versions')
    .select(['version', 'content'])
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function insertReview(
  db: Db,
  r: {
    articleId: string;
    step: ReviewStep;
    decision: 'pass' | 'return';
    comment: string;
    version: number;
    cleared: string[];
    userId: string;
    name: string;
  },
) {
  await db
    .insertInto('news_reviews')
    .values({
      article_id: r.articleId,
      step: r.step,
      decision: r.decision,
      comment: r.comment,
      version: r.version,
      cleared_flags: JSON.stringify(r.cleared),
      reviewer_id: r.userId,
      reviewer_name: r.name,
    })
    .execute();
}

export async function listReviews(db: Db, articleId: string) {
  return db.selectFrom('news_reviews').selectAll().where('article_id', '=', articleId).orderBy('id', 'asc').execute();
}

export interface ArticleFilter {
  subtree: string;
  orgPath?: string;
  status?: ArticleStatus;
  q?: string;
  sort?: { field: string; dir: 'asc' | 'desc' };
  page: number;
  pageSize: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listArticles(db: Db, f: ArticleFilter) {
  let q = db
    .selectFrom('news_articles as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .where('o.path', 'like', subtreePattern(f.subtree));
  if (f.orgPath) q = q.where('o.path', 'like', subtreePattern(f.orgPath));
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.q) q = q.where('a.search_text', 'ilike', `%${escapeLike(f.q)}%`);
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const column =
    { updatedAt: 'a.updated_at', publishedAt: 'a.published_at', headline: 'headline' }[f.sort?.field ?? 'updatedAt'] ?? 'a.updated_at';
  const dir = f.sort?.dir ?? 'desc';
  const rows = await q
    .select([
      'a.id',
      'a.org_id',
      'o.name as org_name',
      'a.status',
      'a.version',
      sql<string>`a.content->>'column'`.as('column'),
      sql<string>`a.content->>'headline'`.as('headline'),
      'a.published_at',
      'a.updated_at',
    ])
    .orderBy(sql`${sql.ref(column)} ${sql.raw(dir === 'asc' ? 'asc nulls first' : 'desc nulls last')}`)
    .orderBy('a.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

/** Names of registry people in the subtree, not honoured (so not public), that occur in the text. */
export async function nonPublicNamesIn(db: Db, orgPath: string, text: string): Promise<string[]> {
  if (!text) return [];
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select('p.name')
    .distinct()
    .where('o.path', 'like', subtreePattern(orgPath))
    .where(sql<boolean>`char_length(p.name) >= 2 AND strpos(${text}, p.name) > 0`)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM person_honours h WHERE h.person_id = p.id)`)
    .limit(100)
    .execute();
  return rows.map((r) => r.name);
}

export async function findOrg(db: Db, id: string) {
  return db.selectFrom('organisations').select(['id', 'path', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------- portals

export async function findPortalByOrg(db: Db, orgId: string) {
  return db.selectFrom('news_portals').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function findPortalBySlug(db: Db, slug: string) {
  return db
    .selectFrom('news_portals as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .selectAll('p')
    .select('o.path as org_path')
    .where('p.slug', '=', slug)
    .executeTakeFirst();
}

/** Raises the public portal's generation in the caller's transaction; answers the new one. */
export async function bumpPortalState(db: Db): Promise<number> {
  const r = await db
    .updateTable('news_portal_state')
    .set((eb) => ({ generation: eb('generation', '+', '1') }))
    .where('id', '=', 1)
    .returning('generation')
    .executeTakeFirstOrThrow();
  return Number(r.generation);
}

/** The public portal's generation now. */
export async function portalState(db: Db): Promise<number> {
  const r = await db.selectFrom('news_portal_state').select('generation').where('id', '=', 1).executeTakeFirst();
  return Number(r?.generation ?? 0);
}

/** The host names of the portals that have one (for serving a portal at `/` of its own host). */
export async function portalHosts(db: Db) {
  return db.selectFrom('news_portals').select(['host', 'slug']).where('host', 'is not', null).execute();
}

export async function findPortalByHost(db: Db, host: string) {
  return db.selectFrom('news_portals').select('org_id').where('host', '=', host).executeTakeFirst();
}

/** The portal nearest above (or at) an organisation: where its articles are read. */
export async function nearestPortal(db: Db, orgPath: string) {
  const ids = orgPath.split('.').filter(Boolean);
  return db
    .selectFrom('news_portals as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.slug', 'o.depth'])
    .where('p.org_id', 'in', ids)
    .orderBy('o.depth', 'desc')
    .executeTakeFirst();
}

export async function upsertPortal(
  db: Db,
  p: {
    orgId: string;
    slug: string;
    name: string;
    icp: string;
    copyright: string;
    hotline: string;
    host: string | null;
    showReviewCredits: boolean;
  },
) {
  const values = {
    slug: p.slug,
    name: p.name,
    icp: p.icp,
    copyright: p.copyright,
    hotline: p.hotline,
    host: p.host,
    show_review_credits: p.showReviewCredits,
  };
  await db
    .insertInto('news_portals')
    .values({ org_id: p.orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

// ---------------------------------------------------------------- the public side: published snapshots only

export interface PublishedRow {
  id: string;
  org_name: string;
  published: ArticleContent;
  published_at: Date;
  notes: ArticleNote[];
  credits: ReviewCredits;
  status: ArticleStatus;
}

const publishedColumns = ['a.id', 'o.name as org_name', 'a.published', 'a.published_at', 'a.notes', 'a.credits', 'a.status'] as const;

export async function findPublished(db: Db, id: string, portalPath: string): Promise<PublishedRow | undefined> {
  return (await db
    .selectFrom('news_articles as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(publishedColumns)
    .where('a.id', '=', id)
    .where('a.published', 'is not', null)
    .where('o.path', 'like', subtreePattern(portalPath))
    .executeTakeFirst()) as PublishedRow | undefined;
}

export async function listPublished(db: Db, portalPath: string, f: { column?: string; q?: string; page: number; pageSize: number }) {
  let q = db
    .selectFrom('news_articles as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .where('a.status', '=', 'published')
    .where('a.published', 'is not', null)
    .where('o.path', 'like', subtreePattern(portalPath));
  if (f.column) q = q.where(sql<boolean>`a.published->>'column' = ${f.column}`);
  if (f.q) q = q.where('a.published_text', 'ilike', `%${escapeLike(f.q)}%`);
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = (await q
    .select(publishedColumns)
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute()) as PublishedRow[];
  return { rows, total: Number(total.n) };
}

export async function publishedColumnsOf(db: Db, portalPath: string): Promise<string[]> {
  const rows = await db
    .selectFrom('news_articles as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(sql<string>`a.published->>'column'`.as('column'))
    .select((eb) => eb.fn.max('a.published_at').as('latest'))
    .where('a.status', '=', 'published')
    .where('o.path', 'like', subtreePattern(portalPath))
    .groupBy(sql`a.published->>'column'`)
    .orderBy('latest', 'desc')
    .execute();
  return rows.map((r) => r.column);
}

// ---------------------------------------------------------------- drafting templates

/** The genre's template of the nearest organisation at or above the path that set one. */
export async function nearestTemplate(db: Db, orgPath: string, genre: 'visit' | 'meeting') {
  const ids = orgPath.split('.').filter(Boolean);
  return db
    .selectFrom('news_templates as t')
    .innerJoin('organisations as o', 'o.id', 't.org_id')
    .select(['t.org_id', 't.headline', 't.body'])
    .where('t.org_id', 'in', ids)
    .where('t.genre', '=', genre)
    .orderBy('o.depth', 'desc')
    .executeTakeFirst();
}

export async function upsertTemplate(db: Db, t: { orgId: string; genre: 'visit' | 'meeting'; headline: string; body: string }) {
  await db
    .insertInto('news_templates')
    .values({ org_id: t.orgId, genre: t.genre, headline: t.headline, body: t.body })
    .onConflict((oc) => oc.columns(['org_id', 'genre']).doUpdateSet({ headline: t.headline, body: t.body, updated_at: new Date() }))
    .execute();
}

// ---------------------------------------------------------------- images

export async function insertImage(
  db: Db,
  i: { orgId: string; alt: string; width: number; height: number; sizes: ImageSize[]; userId: string },
) {
  const row = await db
    .insertInto('news_images')
    .values({ org_id: i.orgId, alt: i.alt, width: i.width, height: i.height, sizes: JSON.stringify(i.sizes), created_by: i.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findImage(db: Db, id: string) {
  return db
    .selectFrom('news_images as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.org_id', 'o.path as org_path', 'i.alt', 'i.width', 'i.height', 'i.sizes', 'i.public'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

/** Whether a published article of the portal shows the image (only those are served publicly). */
export async function imageIsPublished(db: Db, imageId: string, portalPath: string): Promise<boolean> {
  const row = await db
    .selectFrom('news_articles as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select('a.id')
    .where('a.status', '=', 'published')
    .where('o.path', 'like', subtreePattern(portalPath))
    .where(sql<boolean>`a.published->'photos' @> ${JSON.stringify([{ imageId }])}::jsonb`)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}
