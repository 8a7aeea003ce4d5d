// For any test that writes names: every stored sort key is the one platform/sort-key.ts computes from
// the name beside it (people, organisations, users' display names), whichever path wrote it.
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../db/schema.js';
import { orgNameKey, personNameKey, userNameKey } from '../platform/sort-key.js';

export async function expectSortKeysCurrent(db: Kysely<Database>): Promise<void> {
  const stale = [
    ...(await db.selectFrom('people').select(['id', 'name', 'name_key']).execute())
      .filter((r) => r.name_key !== personNameKey(r.name))
      .map((r) => `person ${r.id} ${r.name}`),
    ...(await db.selectFrom('organisations').select(['id', 'name', 'name_key']).execute())
      .filter((r) => r.name_key !== orgNameKey(r.name))
      .map((r) => `organisation ${r.id} ${r.name}`),
    ...(await db.selectFrom('users').select(['id', 'display_name', 'display_name_key']).execute())
      .filter((r) => r.display_name_key !== userNameKey(r.display_name))
      .map((r) => `user ${r.id} ${r.display_name}`),
  ];
  expect(stale).toEqual([]);
}
