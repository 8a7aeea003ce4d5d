// The public portal's generation, shared by every server process: publishing, correcting or
// withdrawing an article and saving a portal's settings raise it in the same transaction, and each
// process compares it with the generation of its page cache and host table every second or so. A
// withdrawn article therefore leaves every process's cache within that bound, not only the one that
// withdrew it, and a host name saved in one process is served by all.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE news_portal_state (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    generation bigint NOT NULL DEFAULT 0
  )`.execute(db);
  await sql`INSERT INTO news_portal_state (id, generation) VALUES (1, 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE news_portal_state`.execute(db);
}
