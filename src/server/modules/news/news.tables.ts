// Table types of the news desk: articles (the working content, every saved version, the published
// snapshot the portal reads), review steps, images, and each federation's portal settings.
import type { ColumnType, Generated } from 'kysely';

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb: written as JSON text, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;

export const ARTICLE_STATUSES = ['draft', 'returned', 'review1', 'review2', 'review3', 'published', 'withdrawn'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const REVIEW_STEPS = ['review1', 'review2', 'review3'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

export interface ArticlePhoto {
  imageId: string | null;
  caption: string;
  credit: string;
  alt: string;
}

export interface ArticleLink {
  kind: 'visit' | 'meeting' | 'task' | 'studio';
  id: string;
  title: string;
}

/** What an editor writes: one version of an article. */
export interface ArticleContent {
  column: string;
  kicker: string;
  headline: string;
  subtitle: string;
  lead: string;
  /** Sanitised HTML (news.sanitize.ts). */
  bodyHtml: string;
  photos: ArticlePhoto[];
  reporters: string[];
  correspondents: string[];
  source: string;
  editorInCharge: string;
  tags: string[];
  links: ArticleLink[];
}

export interface ArticleNote {
  kind: 'correction' | 'withdrawal';
  at: string;
  text: string;
}

/** Who passed each step of the current (or published) round (一审/二审/三审). */
export type ReviewCredits = Partial<Record<ReviewStep, { userId: string; name: string }>>;

export interface NewsPortalsTable {
  org_id: string;
  slug: string;
  name: string;
  icp: Generated<string>;
  copyright: Generated<string>;
  hotline: Generated<string>;
  host: string | null;
  show_review_credits: Generated<boolean>;
  updated_at: GeneratedTimestamp;
}

export interface NewsArticlesTable {
  id: Generated<string>;
  org_id: string;
  status: Generated<ArticleStatus>;
  version: Generated<number>;
  content: Json<ArticleContent>;
  search_text: Generated<string>;
  published: ColumnType<ArticleContent | null, string | null | undefined, string | null>;
  published_text: string | null;
  published_at: NullableTimestamp;
  first_published_at: NullableTimestamp;
  notes: JsonDefault<ArticleNote[]>;
  credits: JsonDefault<ReviewCredits>;
  withdrawn_at: NullableTimestamp;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface NewsArticleVersionsTable {
  article_id: string;
  version: number;
  content: Json<ArticleContent>;
  saved_by: string | null;
  saved_by_name: Generated<string>;
  saved_at: GeneratedTimestamp;
}

export interface NewsReviewsTable {
  id: Generated<string>;
  article_id: string;
  step: ReviewStep;
  decision: 'pass' | 'return';
  comment: Generated<string>;
  version: number;
  cleared_flags: JsonDefault<string[]>;
  reviewer_id: string | null;
  reviewer_name: string;
  at: GeneratedTimestamp;
}

export interface ImageSize {
  width: number;
  key: string;
}

export interface NewsImagesTable {
  id: Generated<string>;
  org_id: string;
  alt: string;
  width: number;
  height: number;
  sizes: Json<ImageSize[]>;
  public: Generated<boolean>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface NewsTemplatesTable {
  org_id: string;
  genre: 'visit' | 'meeting';
  headline: string;
  body: string;
  updated_at: GeneratedTimestamp;
}

export const SUBMISSION_OUTCOMES = ['pending', 'adopted', 'not_adopted'] as const;
export type SubmissionOutcome = (typeof SUBMISSION_OUTCOMES)[number];

/** One sending of an article to an outlet (报送), and later whether it was adopted (采用). */
export interface NewsSubmissionsTable {
  id: Generated<string>;
  article_id: string;
  /** The article's organisation (the unit the counts are per). */
  org_id: string;
  outlet: string;
  /** Calendar dates ('YYYY-MM-DD'), read back with ::text. */
  sent_on: string;
  outcome: Generated<SubmissionOutcome>;
  adopted_on: string | null;
  /** Where and how it was adopted: page, link, issue number. */
  placement: Generated<string>;
  note: Generated<string>;
  version: Generated<number>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** Outlet names an organisation's news staff added to the built-in list. */
export interface NewsOutletsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

/** One row: the public portal's generation, raised with every public change (see portal-cache.ts). */
export interface NewsPortalStateTable {
  id: Generated<number>;
  generation: Generated<string>;
}

export interface NewsTables {
  news_portal_state: NewsPortalStateTable;
  news_submissions: NewsSubmissionsTable;
  news_outlets: NewsOutletsTable;
  news_templates: NewsTemplatesTable;
  news_portals: NewsPortalsTable;
  news_articles: NewsArticlesTable;
  news_article_versions: NewsArticleVersionsTable;
  news_reviews: NewsReviewsTable;
  news_images: NewsImagesTable;
}
