// The news desk and public portal: articles with every saved version, the review chain's steps,
// images in responsive sizes, and each federation's portal settings (path slug, footer).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE news_portals (
      org_id bigint PRIMARY KEY REFERENCES organisations(id),
      slug text NOT NULL UNIQUE,
      name text NOT NULL,
      icp text NOT NULL DEFAULT '',
      copyright text NOT NULL DEFAULT '',
      hotline text NOT NULL DEFAULT '',
      show_review_credits boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE news_articles (
      id bigserial PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      status text NOT NULL DEFAULT 'draft',
      version integer NOT NULL DEFAULT 1,
      content jsonb NOT NULL,
      search_text text NOT NULL DEFAULT '',
      published jsonb,
      published_text text,
      published_at timestamptz,
      first_published_at timestamptz,
      notes jsonb NOT NULL DEFAULT '[]',
      credits jsonb NOT NULL DEFAULT '{}',
      withdrawn_at timestamptz,
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX news_articles_org ON news_articles (org_id, updated_at DESC)`.execute(db);
  await sql`CREATE INDEX news_articles_published ON news_articles (published_at DESC) WHERE published IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE news_article_versions (
      article_id bigint NOT NULL REFERENCES news_articles(id) ON DELETE CASCADE,
      version integer NOT NULL,
      content jsonb NOT NULL,
      saved_by bigint REFERENCES users(id),
      saved_by_name text NOT NULL DEFAULT '',
      saved_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (article_id, version)
    )`.execute(db);
  await sql`
    CREATE TABLE news_reviews (
      id bigserial PRIMARY KEY,
      article_id bigint NOT NULL REFERENCES news_articles(id) ON DELETE CASCADE,
      step text NOT NULL,
      decision text NOT NULL,
      comment text NOT NULL DEFAULT '',
      version integer NOT NULL,
      cleared_flags jsonb NOT NULL DEFAULT '[]',
      reviewer_id bigint REFERENCES users(id),
      reviewer_name text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX news_reviews_article ON news_reviews (article_id, id)`.execute(db);
  await sql`
    CREATE TABLE news_templates (
      org_id bigint NOT NULL REFERENCES organisations(id),
      genre text NOT NULL,
      headline text NOT NULL,
      body text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, genre)
    )`.execute(db);
  await sql`
    CREATE TABLE news_images (
      id bigserial PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      alt text NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      sizes jsonb NOT NULL,
      public boolean NOT NULL DEFAULT false,
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['news_images', 'news_templates', 'news_reviews', 'news_article_versions', 'news_articles', 'news_portals'])
    await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
