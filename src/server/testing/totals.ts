// For any test that writes people, honours, tasks or organisations: the dashboard roll-ups must
// equal a recount from scratch. Call `await expectTotalsConsistent(server.db)` at the end of a test.
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../db/schema.js';
import { recountTotals } from '../modules/dashboard/totals.repository.js';

export async function expectTotalsConsistent(db: Kysely<Database>): Promise<void> {
  expect(await recountTotals(db)).toEqual([]);
}

/** The innovation roll-up of one org summed over its rows (every column a number, 0 where empty). */
export async function innovationTotalsAt(db: Kysely<Database>, orgId: string): Promise<Record<string, number>> {
  const r = await db
    .selectFrom('innovation_totals')
    .select((e) => [
      e.fn.sum<string>('submitted').as('submitted'),
      e.fn.sum<string>('adopted').as('adopted'),
      e.fn.sum<string>('estimated_fen').as('estimated_fen'),
      e.fn.sum<string>('recommended').as('recommended'),
      e.fn.sum<string>('selected').as('selected'),
      e.fn.sum<string>('selection_awards_fen').as('selection_awards_fen'),
      e.fn.sum<string>('patents_utility').as('patents_utility'),
    ])
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v ?? 0)]));
}
