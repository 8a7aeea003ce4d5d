// Migrations land from parallel branches in any name order: a database that applied a later-named
// migration first still applies an earlier-named newcomer at its next start instead of refusing to.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/harness.js';
import { migrateToLatest } from './migrate.js';
import * as workerRegistrations from './migrations/2026-12-08T10-worker-registrations.js';

describe('migrations', () => {
  let h: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    h = await openTestDatabase();
  });
  afterAll(async () => h?.close());

  it('applies an earlier-named migration that arrives after later-named ones were applied', async () => {
    const name = '2026-12-08T10-worker-registrations';
    // As if the branch with this migration landed after the database had applied everything else.
    await workerRegistrations.down(h.db as unknown as Parameters<typeof workerRegistrations.down>[0]);
    await sql`DELETE FROM jx_migrations WHERE name = ${name}`.execute(h.db);
    const later = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jx_migrations WHERE name > ${name}`.execute(h.db);
    expect(later.rows[0]!.n).toBeGreaterThan(0);

    expect(await migrateToLatest(h.db)).toEqual([name]);
    const table = await sql<{ t: string | null }>`SELECT to_regclass('worker_registrations')::text AS t`.execute(h.db);
    expect(table.rows[0]!.t).toBe('worker_registrations');
    expect(await migrateToLatest(h.db)).toEqual([]);
  });
});
