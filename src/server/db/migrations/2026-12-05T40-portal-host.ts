// A portal may also be served by its own host name (e.g. news.example-union.cn), at `/`, besides
// its path prefix /portal/<slug>/. One host name belongs to at most one portal.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE news_portals ADD COLUMN host text`.execute(db);
  await sql`CREATE UNIQUE INDEX news_portals_host ON news_portals (host) WHERE host IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS news_portals_host`.execute(db);
  await sql`ALTER TABLE news_portals DROP COLUMN host`.execute(db);
}
