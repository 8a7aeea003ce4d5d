// The news desk's rules: articles written by hand or drafted from a record, every save kept as a
// version, the review chain draft → 一审 → 二审 → 三审 (sign-off) → published with return-with-comments
// at each step, the confidentiality check the sign-off reviewer clears flag by flag, corrections and
// withdrawals with a dated note, and the portal settings. Each write is audited in its transaction.
import { hasPermission, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import { parseSort, type RequestContext, type ScopedOrg } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import { allText, type Flag, patternFlags, personFlags } from './news.confidential.js';
import { diffContents } from './news.diff.js';
import { compileTemplate, DEFAULT_TEMPLATES, draftFromFacts, factsProvider, TEMPLATE_FIELDS, TemplateError } from './news.drafting.js';
import { mayOnArticle } from './news.policy.js';
import * as repo from './news.repository.js';
import { bodyText, sanitizeBody } from './news.sanitize.js';
import type * as s from './news.schemas.js';
import type { ArticleContent, ArticleNote, ArticleStatus, ReviewCredits, ReviewStep } from './news.tables.js';
import { adoptPortalGeneration } from './portal-cache.js';
import { setPortalHosts } from './portal-hosts.js';
import type { z } from 'zod';

type Ctx = Pick<RequestContext, 'db' | 'actor' | 'ip' | 'requestId'>;
type PhotoInput = z.infer<typeof s.photoInput>;

const NEXT: Record<ReviewStep, ArticleStatus> = { review1: 'review2', review2: 'review3', review3: 'published' };

function photos(list: PhotoInput[], path = 'body.photos'): ArticleContent['photos'] {
  return list.map((p, i) => {
    const alt = p.alt || p.caption;
    if (!alt) throw fieldError(`${path}.${i}.alt`, 'alt_required');
    return { imageId: p.imageId ?? null, caption: p.caption, credit: p.credit, alt };
  });
}

export function searchTextOf(c: ArticleContent): string {
  return [c.column, c.kicker, c.headline, c.subtitle, c.lead, bodyText(c.bodyHtml), ...c.tags].join('\n');
}

function auditOf(a: Pick<repo.ArticleRecord, 'id' | 'org_id' | 'org_path'>) {
  return { entityType: 'news_article' as const, entityId: a.id, orgId: a.org_id, orgPath: a.org_path };
}

// ---------------------------------------------------------------- writing

export async function createArticle(ctx: Ctx, body: z.infer<typeof s.createArticleBody>, scoped: ScopedOrg | undefined) {
  const orgId = scoped?.id ?? ctx.actor.orgId;
  const { orgId: _o, ...fields } = body;
  const content: ArticleContent = { ...fields, bodyHtml: sanitizeBody(fields.bodyHtml), photos: photos(fields.photos) };
  const id = await inTransaction(ctx.db, async (trx) => {
    const org = await repo.findOrg(trx, orgId);
    if (!org) throw new AppError('not_found', { entity: 'organisation' });
    const id = await repo.insertArticle(trx, orgId, content, searchTextOf(content), ctx.actor.userId);
    await repo.insertVersion(trx, id, 1, content, ctx.actor.userId, ctx.actor.displayName);
    await writeAudit(trx, ctx, {
      ...auditOf({ id, org_id: orgId, org_path: org.path }),
      action: 'create',
      after: { version: 1, headline: content.headline },
    });
    return id;
  });
  return getArticle(ctx, id);
}

/** One action on a visit or a meeting: a draft in the genre's usual shape, every fact from the record. */
export async function draftFromRecord(ctx: Ctx, body: z.infer<typeof s.fromRecordBody>) {
  const record = await factsProvider(body.kind)?.load(body.recordId);
  if (!record || !isInScope(ctx.actor, record.orgPath)) throw new AppError('not_found', { entity: body.kind });
  const template = await repo.nearestTemplate(ctx.db, record.orgPath, record.facts.genre);
  const content = draftFromFacts(record.facts, record.link, template ?? undefined);
  const id = await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertArticle(trx, record.orgId, content, searchTextOf(content), ctx.actor.userId);
    await repo.insertVersion(trx, id, 1, content, ctx.actor.userId, ctx.actor.displayName);
    await writeAudit(trx, ctx, {
      ...auditOf({ id, org_id: record.orgId, org_path: record.orgPath }),
      action: 'generate',
      after: { version: 1, from: record.link },
    });
    return id;
  });
  return getArticle(ctx, id);
}

export async function updateArticle(ctx: Ctx, article: repo.ArticleRecord, body: z.infer<typeof s.updateArticleBody>) {
  await inTransaction(ctx.db, async (trx) => {
    const a = await repo.findArticle(trx, article.id, true);
    if (!a) throw new AppError('not_found', { entity: 'news_article' });
    if (a.status !== 'draft' && a.status !== 'returned') throw new AppError('article_state', { status: a.status });
    if (body.version !== a.version) {
      throw new AppError('conflict', { entity: 'news_article', current: a.version }, [
        { path: 'body.version', code: 'stale_version', params: { read: body.version, current: a.version } },
      ]);
    }
    const { version: _v, ...patch } = body;
    const content: ArticleContent = {
      ...a.content,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      ...(patch.bodyHtml !== undefined && { bodyHtml: sanitizeBody(patch.bodyHtml) }),
      ...(patch.photos && { photos: photos(patch.photos) }),
    };
    const version = a.version + 1;
    await repo.updateArticle(trx, a.id, { content, version, searchText: searchTextOf(content) });
    await repo.insertVersion(trx, a.id, version, content, ctx.actor.userId, ctx.actor.displayName);
    await writeAudit(trx, ctx, {
      ...auditOf(a),
      action: 'update',
      after: { version, fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined) },
    });
  });
  return getArticle(ctx, article.id);
}

// ---------------------------------------------------------------- the review chain

export async function submitArticle(ctx: Ctx, article: repo.ArticleRecord) {
  await inTransaction(ctx.db, async (trx) => {
    const a = await repo.findArticle(trx, article.id, true);
    if (!a || (a.status !== 'draft' && a.status !== 'returned')) throw new AppError('article_state', { status: a?.status ?? '' });
    await repo.updateArticle(trx, a.id, { status: 'review1', credits: {} });
    await writeAudit(trx, ctx, { ...auditOf(a), action: 'submit', after: { version: a.version, status: 'review1' } });
  });
  return getArticle(ctx, article.id);
}

/** The confidentiality flags of the article's current content. */
export async function flagsOf(db: repo.Db, a: Pick<repo.ArticleRecord, 'org_path' | 'content'>): Promise<Flag[]> {
  const names = await repo.nonPublicNamesIn(db, a.org_path, allText(a.content));
  return [...patternFlags(a.content), ...personFlags(a.content, names)];
}

export async function checkArticle(ctx: Ctx, article: repo.ArticleRecord) {
  return { items: await flagsOf(ctx.db, article) };
}

export async function reviewArticle(ctx: Ctx, article: repo.ArticleRecord, body: z.infer<typeof s.reviewBody>) {
  const gen = await inTransaction(ctx.db, async (trx) => {
    const a = await repo.findArticle(trx, article.id, true);
    if (!a || (a.status !== 'review1' && a.status !== 'review2' && a.status !== 'review3'))
      throw new AppError('article_state', { status: a?.status ?? '' });
    const step: ReviewStep = a.status;
    if (!mayOnArticle(ctx.actor, 'review', step)) throw new AppError('forbidden');
    const base = {
      articleId: a.id,
      step,
      comment: body.comment,
      version: a.version,
      userId: ctx.actor.userId,
      name: ctx.actor.displayName,
    };
    if (body.decision === 'return') {
      if (!body.comment) throw fieldError('body.comment', 'comment_required');
      await repo.insertReview(trx, { ...base, decision: 'return', cleared: [] });
      await repo.updateArticle(trx, a.id, { status: 'returned', credits: {} });
      await writeAudit(trx, ctx, {
        ...auditOf(a),
        action: 'return',
        after: { step, version: a.version, comment: body.comment, reviewer: ctx.actor.displayName },
      });
      return;
    }
    // Three reviews are three people: whoever passed an earlier step of this round may not pass this one.
    if (Object.values(a.credits).some((c) => c?.userId === ctx.actor.userId)) throw fieldError('body.decision', 'same_reviewer');
    const credits: ReviewCredits = { ...a.credits, [step]: { userId: ctx.actor.userId, name: ctx.actor.displayName } };
    let cleared: string[] = [];
    if (step === 'review3') {
      const flags = await flagsOf(trx, a);
      const open = flags.filter((f) => !body.clearedFlags.includes(f.key));
      if (open.length)
        throw fieldError('body.clearedFlags', 'uncleared_flags', { count: open.length, flags: open.map((f) => f.text).join('、') });
      cleared = flags.map((f) => f.key);
    }
    await repo.insertReview(trx, { ...base, decision: 'pass', cleared });
    const next = NEXT[step];
    await writeAudit(trx, ctx, {
      ...auditOf(a),
      action: 'accept',
      after: { step, version: a.version, comment: body.comment, reviewer: ctx.actor.displayName, clearedFlags: cleared },
    });
    if (next !== 'published') {
      await repo.updateArticle(trx, a.id, { status: next, credits });
      return;
    }
    const now = new Date();
    await repo.updateArticle(trx, a.id, {
      status: 'published',
      credits,
      published: a.content,
      publishedText: searchTextOf(a.content),
      publishedAt: a.published_at ?? now,
      firstPublishedAt: now,
    });
    await writeAudit(trx, ctx, {
      ...auditOf(a),
      action: 'publish',
      after: { version: a.version, reviewer: ctx.actor.displayName, credits },
    });
    return repo.bumpPortalState(trx);
  });
  if (gen !== undefined) adoptPortalGeneration(gen);
  return getArticle(ctx, article.id);
}

export async function correctArticle(ctx: Ctx, article: repo.ArticleRecord, body: z.infer<typeof s.correctBody>) {
  const gen = await inTransaction(ctx.db, async (trx) => {
    const a = await repo.findArticle(trx, article.id, true);
    if (a?.status !== 'published' || !a.published) throw new AppError('article_state', { status: a?.status ?? '' });
    const content: ArticleContent = {
      ...a.content,
      ...(body.headline !== undefined && { headline: body.headline }),
      ...(body.lead !== undefined && { lead: body.lead }),
      ...(body.bodyHtml !== undefined && { bodyHtml: sanitizeBody(body.bodyHtml) }),
    };
    const version = a.version + 1;
    const notes: ArticleNote[] = [...a.notes, { kind: 'correction', at: new Date().toISOString(), text: body.note }];
    await repo.updateArticle(trx, a.id, {
      content,
      version,
      searchText: searchTextOf(content),
      published: content,
      publishedText: searchTextOf(content),
      notes,
    });
    await repo.insertVersion(trx, a.id, version, content, ctx.actor.userId, ctx.actor.displayName);
    await writeAudit(trx, ctx, { ...auditOf(a), action: 'correct', after: { version, note: body.note, reviewer: ctx.actor.displayName } });
    return repo.bumpPortalState(trx);
  });
  if (gen !== undefined) adoptPortalGeneration(gen);
  return getArticle(ctx, article.id);
}

export async function withdrawArticle(ctx: Ctx, article: repo.ArticleRecord, body: z.infer<typeof s.noteBody>) {
  const gen = await inTransaction(ctx.db, async (trx) => {
    const a = await repo.findArticle(trx, article.id, true);
    if (a?.status !== 'published') throw new AppError('article_state', { status: a?.status ?? '' });
    const now = new Date();
    const notes: ArticleNote[] = [...a.notes, { kind: 'withdrawal', at: now.toISOString(), text: body.note }];
    await repo.updateArticle(trx, a.id, { status: 'withdrawn', notes, withdrawnAt: now });
    await writeAudit(trx, ctx, {
      ...auditOf(a),
      action: 'withdraw',
      after: { version: a.version, note: body.note, reviewer: ctx.actor.displayName },
    });
    return repo.bumpPortalState(trx);
  });
  if (gen !== undefined) adoptPortalGeneration(gen);
  return getArticle(ctx, article.id);
}

// ---------------------------------------------------------------- reading

function actionsOf(ctx: Ctx, a: repo.ArticleRecord): ('edit' | 'submit' | 'review' | 'correct' | 'withdraw')[] {
  const out: ('edit' | 'submit' | 'review' | 'correct' | 'withdraw')[] = [];
  const editable = a.status === 'draft' || a.status === 'returned';
  if (editable && hasPermission(ctx.actor, 'news.write')) out.push('edit', 'submit');
  if (mayOnArticle(ctx.actor, 'review', a.status) && !Object.values(a.credits).some((c) => c?.userId === ctx.actor.userId))
    out.push('review');
  if (a.status === 'published' && hasPermission(ctx.actor, 'news.review3')) out.push('correct', 'withdraw');
  return out;
}

export async function getArticle(ctx: Ctx, id: string): Promise<s.ArticleView> {
  const a = await repo.findArticle(ctx.db, id);
  if (!a || !isInScope(ctx.actor, a.org_path)) throw new AppError('not_found', { entity: 'news_article' });
  const reviews = await repo.listReviews(ctx.db, id);
  const portal = a.published ? await repo.nearestPortal(ctx.db, a.org_path) : undefined;
  return {
    id: a.id,
    orgId: a.org_id,
    orgName: a.org_name,
    status: a.status,
    version: a.version,
    content: a.content,
    publishedAt: a.published_at?.toISOString() ?? null,
    notes: a.notes,
    reviews: reviews.map((r) => ({
      id: r.id,
      step: r.step,
      decision: r.decision,
      comment: r.comment,
      version: r.version,
      clearedFlags: r.cleared_flags,
      reviewerName: r.reviewer_name,
      at: new Date(r.at).toISOString(),
    })),
    actions: actionsOf(ctx, a),
    publicUrl: portal && a.status !== 'draft' ? `/portal/${portal.slug}/articles/${a.id}` : null,
    updatedAt: new Date(a.updated_at).toISOString(),
  };
}

export async function listArticles(ctx: Ctx, q: z.infer<typeof s.listArticlesQuery>, scoped: ScopedOrg | undefined) {
  const { rows, total } = await repo.listArticles(ctx.db, {
    subtree: ctx.actor.orgPath,
    orgPath: scoped?.path,
    status: q.status,
    q: q.q,
    sort: parseSort(q.sort),
    page: q.page,
    pageSize: q.pageSize,
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      status: r.status,
      version: r.version,
      column: r.column,
      headline: r.headline,
      publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function listVersions(ctx: Ctx, a: repo.ArticleRecord) {
  const rows = await repo.listVersions(ctx.db, a.id);
  return {
    items: rows.map((r) => ({
      version: r.version,
      savedByName: r.saved_by_name,
      savedAt: new Date(r.saved_at).toISOString(),
      headline: r.content.headline,
    })),
  };
}

export async function diffVersions(ctx: Ctx, a: repo.ArticleRecord, q: z.infer<typeof s.diffQuery>) {
  const from = await repo.findVersion(ctx.db, a.id, q.from);
  if (!from) throw fieldError('query.from', 'unknown_version');
  const to = await repo.findVersion(ctx.db, a.id, q.to);
  if (!to) throw fieldError('query.to', 'unknown_version');
  return { from: q.from, to: q.to, fields: diffContents(from.content, to.content) };
}

// ---------------------------------------------------------------- drafting templates

export async function getTemplates(ctx: Ctx, scoped: ScopedOrg | undefined) {
  const path = scoped?.path ?? ctx.actor.orgPath;
  const items = [];
  for (const genre of ['visit', 'meeting'] as const) {
    const t = await repo.nearestTemplate(ctx.db, path, genre);
    items.push({
      genre,
      headline: t?.headline ?? DEFAULT_TEMPLATES[genre].headline,
      body: t?.body ?? DEFAULT_TEMPLATES[genre].body,
      orgId: t?.org_id ?? null,
      fields: [...TEMPLATE_FIELDS[genre]],
    });
  }
  return { items };
}

/** A federation's template for a genre; a template error is reported here, when it is saved. */
export async function saveTemplate(ctx: Ctx, body: z.infer<typeof s.templateBody>, scoped: ScopedOrg | undefined) {
  const org = scoped ?? { id: ctx.actor.orgId, path: ctx.actor.orgPath };
  for (const key of ['headline', 'body'] as const) {
    try {
      compileTemplate(body[key], body.genre);
    } catch (err) {
      if (err instanceof TemplateError) throw fieldError(`body.${key}`, `template_${err.reason}`, { field: err.field });
      throw err;
    }
  }
  await inTransaction(ctx.db, async (trx) => {
    await repo.upsertTemplate(trx, { orgId: org.id, genre: body.genre, headline: body.headline, body: body.body });
    await writeAudit(trx, ctx, {
      action: 'update',
      entityType: 'news_template',
      entityId: `${org.id}:${body.genre}`,
      orgId: org.id,
      orgPath: org.path,
      after: body,
    });
  });
  return getTemplates(ctx, org);
}

// ---------------------------------------------------------------- portal settings

function portalView(p: NonNullable<Awaited<ReturnType<typeof repo.findPortalByOrg>>>) {
  return {
    orgId: p.org_id,
    slug: p.slug,
    name: p.name,
    icp: p.icp,
    copyright: p.copyright,
    hotline: p.hotline,
    host: p.host,
    showReviewCredits: p.show_review_credits,
    url: `/portal/${p.slug}/`,
  };
}

export async function getPortal(ctx: Ctx, scoped: ScopedOrg | undefined) {
  const p = await repo.findPortalByOrg(ctx.db, scoped?.id ?? ctx.actor.orgId);
  return { portal: p ? portalView(p) : null };
}

export async function savePortal(ctx: Ctx, body: z.infer<typeof s.portalBody>, scoped: ScopedOrg) {
  const gen = await inTransaction(ctx.db, async (trx) => {
    const org = await repo.findOrg(trx, scoped.id);
    if (org?.kind !== 'federation') throw fieldError('body.orgId', 'not_a_federation');
    const other = await repo.findPortalBySlug(trx, body.slug);
    if (other && other.org_id !== scoped.id) throw conflictOn('body.slug', 'slug_taken');
    const sameHost = body.host ? await repo.findPortalByHost(trx, body.host) : undefined;
    if (sameHost && sameHost.org_id !== scoped.id) throw conflictOn('body.host', 'host_taken');
    const before = await repo.findPortalByOrg(trx, scoped.id);
    await repo.upsertPortal(trx, body);
    await writeAudit(trx, ctx, {
      action: 'save_portal',
      entityType: 'news_portal',
      entityId: scoped.id,
      orgId: scoped.id,
      orgPath: scoped.path,
      before: before ?? null,
      after: body,
    });
    return repo.bumpPortalState(trx);
  });
  setPortalHosts(await repo.portalHosts(ctx.db));
  adoptPortalGeneration(gen);
  return getPortal(ctx, scoped);
}
