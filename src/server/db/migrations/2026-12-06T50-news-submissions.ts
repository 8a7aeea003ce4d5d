// The submission ledger (报送): to which outlets an article was sent (工人日报, the provincial workers'
// daily, the upper union's bulletin…) and whether it was adopted (采用), and the outlet names each
// organisation's news staff added to the built-in list.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE news_submissions (
      id bigserial PRIMARY KEY,
      article_id bigint NOT NULL REFERENCES news_articles(id) ON DELETE CASCADE,
      org_id bigint NOT NULL REFERENCES organisations(id),
      outlet text NOT NULL,
      sent_on date NOT NULL,
      outcome text NOT NULL DEFAULT 'pending',
      adopted_on date,
      placement text NOT NULL DEFAULT '',
      note text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (outcome IN ('pending', 'adopted', 'not_adopted')),
      CHECK ((outcome = 'adopted') = (adopted_on IS NOT NULL)),
      CHECK (adopted_on IS NULL OR adopted_on >= sent_on)
    )`.execute(db);
  await sql`CREATE INDEX news_submissions_article ON news_submissions (article_id, sent_on DESC)`.execute(db);
  await sql`CREATE INDEX news_submissions_org ON news_submissions (org_id, sent_on)`.execute(db);
  await sql`
    CREATE TABLE news_outlets (
      id bigserial PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, name)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS news_outlets`.execute(db);
  await sql`DROP TABLE IF EXISTS news_submissions`.execute(db);
}
