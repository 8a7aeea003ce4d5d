// For any test that writes people, honours, tasks or organisations: the dashboard roll-ups must
// equal a recount from scratch. Call `await expectTotalsConsistent(server.db)` at the end of a test.
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../db/schema.js';
import { recountTotals } from '../modules/dashboard/totals.repository.js';

export async function expectTotalsConsistent(db: Kysely<Database>): Promise<void> {
  expect(await recountTotals(db)).toEqual([]);
}
