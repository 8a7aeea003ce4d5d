// Request and response shapes of the news desk (articles, versions, diff, review chain, the
// confidentiality check, corrections and withdrawals, images, portal settings). The contract with
// the web UI: fields may be added, paths and existing fields are not renamed.
import { z } from 'zod';
import { pageQuery, sortQuery } from '../../platform/http.js';
import { ARTICLE_STATUSES } from './news.tables.js';

export const id = z.string().regex(/^\d{1,18}$/);
export const idParam = z.strictObject({ id });
const line = (max: number) => z.string().trim().max(max);
const names = z.array(line(40).min(1)).max(30);

export const photoInput = z.strictObject({
  imageId: id.nullish(),
  caption: line(500),
  credit: line(100),
  alt: line(300).default(''),
});
export const linkInput = z.strictObject({
  kind: z.enum(['visit', 'meeting', 'task', 'studio']),
  id,
  title: line(200).min(1),
});

const contentFields = {
  column: line(30).min(1),
  kicker: line(200).default(''),
  headline: line(200).min(1),
  subtitle: line(200).default(''),
  lead: line(2000).default(''),
  bodyHtml: z.string().max(200_000).default(''),
  photos: z.array(photoInput).max(30).default([]),
  reporters: names.default([]),
  correspondents: names.default([]),
  source: line(100).default(''),
  editorInCharge: line(40).default(''),
  tags: z.array(line(30).min(1)).max(20).default([]),
  links: z.array(linkInput).max(20).default([]),
};

export const createArticleBody = z.strictObject({ orgId: id.optional(), ...contentFields });
export const updateArticleBody = z.strictObject({
  version: z.number().int().min(1),
  column: contentFields.column.optional(),
  kicker: line(200).optional(),
  headline: contentFields.headline.optional(),
  subtitle: line(200).optional(),
  lead: line(2000).optional(),
  bodyHtml: z.string().max(200_000).optional(),
  photos: z.array(photoInput).max(30).optional(),
  reporters: names.optional(),
  correspondents: names.optional(),
  source: line(100).optional(),
  editorInCharge: line(40).optional(),
  tags: z.array(line(30).min(1)).max(20).optional(),
  links: z.array(linkInput).max(20).optional(),
});

export const listArticlesQuery = z.strictObject({
  orgId: id.optional(),
  status: z.enum(ARTICLE_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
  sort: sortQuery(['updatedAt', 'publishedAt', 'headline']),
  ...pageQuery,
});

export const reviewBody = z.strictObject({
  decision: z.enum(['pass', 'return']),
  comment: line(2000).default(''),
  /** The confidentiality flags the sign-off reviewer cleared, by key. */
  clearedFlags: z.array(z.string().max(300)).max(200).default([]),
});
export const noteBody = z.strictObject({ note: line(2000).min(1) });
export const correctBody = z.strictObject({
  note: line(2000).min(1),
  headline: contentFields.headline.optional(),
  lead: line(2000).optional(),
  bodyHtml: z.string().max(200_000).optional(),
});
export const fromRecordBody = z.strictObject({
  kind: z.enum(['visit', 'meeting']),
  recordId: id,
});
export const templateBody = z.strictObject({
  orgId: id.optional(),
  genre: z.enum(['visit', 'meeting']),
  headline: line(500).min(1),
  body: z.string().trim().min(1).max(20_000),
});
export const templatesQuery = z.strictObject({ orgId: id.optional() });
export const templateList = z.object({
  items: z.array(
    z.object({
      genre: z.enum(['visit', 'meeting']),
      headline: z.string(),
      body: z.string(),
      /** The federation whose template this is; null: the built-in default. */
      orgId: z.string().nullable(),
      fields: z.array(z.string()),
    }),
  ),
});
export const diffQuery = z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });

export const portalBody = z.strictObject({
  orgId: id,
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/)
    .refine((v) => !['api', 'assets'].includes(v)),
  name: line(100).min(1),
  icp: line(60).default(''),
  copyright: line(200).default(''),
  hotline: line(100).default(''),
  host: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/)
    .nullable()
    .default(null),
  showReviewCredits: z.boolean().default(false),
});
export const portalQuery = z.strictObject({ orgId: id.optional() });

export const imageUploadQuery = z.strictObject({
  orgId: id.optional(),
  alt: line(300).min(1),
});

// ---------------------------------------------------------------- views

const photoView = z.object({ imageId: z.string().nullable(), caption: z.string(), credit: z.string(), alt: z.string() });
const linkView = z.object({ kind: z.enum(['visit', 'meeting', 'task', 'studio']), id: z.string(), title: z.string() });
export const contentView = z.object({
  column: z.string(),
  kicker: z.string(),
  headline: z.string(),
  subtitle: z.string(),
  lead: z.string(),
  bodyHtml: z.string(),
  photos: z.array(photoView),
  reporters: z.array(z.string()),
  correspondents: z.array(z.string()),
  source: z.string(),
  editorInCharge: z.string(),
  tags: z.array(z.string()),
  links: z.array(linkView),
});
const noteView = z.object({ kind: z.enum(['correction', 'withdrawal']), at: z.string(), text: z.string() });
export const reviewView = z.object({
  id: z.string(),
  step: z.enum(['review1', 'review2', 'review3']),
  decision: z.enum(['pass', 'return']),
  comment: z.string(),
  version: z.number(),
  clearedFlags: z.array(z.string()),
  reviewerName: z.string(),
  at: z.string(),
});
export const articleView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  status: z.enum(ARTICLE_STATUSES),
  version: z.number(),
  content: contentView,
  publishedAt: z.string().nullable(),
  notes: z.array(noteView),
  reviews: z.array(reviewView),
  /** What the caller may do now. */
  actions: z.array(z.enum(['edit', 'submit', 'review', 'correct', 'withdraw'])),
  /** The public address once published. */
  publicUrl: z.string().nullable(),
  updatedAt: z.string(),
});
export type ArticleView = z.infer<typeof articleView>;
export const articleListItem = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  status: z.enum(ARTICLE_STATUSES),
  version: z.number(),
  column: z.string(),
  headline: z.string(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export const articleList = z.object({ items: z.array(articleListItem), total: z.number(), page: z.number(), pageSize: z.number() });
export const versionList = z.object({
  items: z.array(z.object({ version: z.number(), savedByName: z.string(), savedAt: z.string(), headline: z.string() })),
});
export const diffView = z.object({
  from: z.number(),
  to: z.number(),
  fields: z.array(z.object({ field: z.string(), lines: z.array(z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() })) })),
});
export const flagList = z.object({
  items: z.array(z.object({ key: z.string(), kind: z.enum(['id_number', 'phone', 'person']), text: z.string(), field: z.string() })),
});
export const portalView = z.object({
  orgId: z.string(),
  slug: z.string(),
  name: z.string(),
  icp: z.string(),
  copyright: z.string(),
  hotline: z.string(),
  host: z.string().nullable(),
  showReviewCredits: z.boolean(),
  url: z.string(),
});
export const portalOrNone = z.object({ portal: portalView.nullable() });
export const imageView = z.object({
  id: z.string(),
  alt: z.string(),
  width: z.number(),
  height: z.number(),
  sizes: z.array(z.number()),
});
