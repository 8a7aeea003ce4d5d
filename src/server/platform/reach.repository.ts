// The industry chain in SQL, for list queries of any module (the path-based `isInScope(actor, path,
// 'read')` decides single records). Enterprises are leaves of the tree, so "reached through the
// caller's industry union" is "an enterprise actively affiliated to the caller's organisation".
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Actor } from './access.js';

/** The industry union whose affiliated enterprises the actor reads, if any (what a list filter carries). */
export const industryUnionOf = (actor: Pick<Actor, 'orgId' | 'industryPaths'>): string | undefined =>
  actor.industryPaths?.length ? actor.orgId : undefined;

/**
 * A condition true when the organisation whose id is in `orgIdColumn` (e.g. 'o.id') is an enterprise
 * actively affiliated to the industry union `unionId` (from industryUnionOf); plain false without one.
 * OR it with the subtree condition in list queries of routes that declare `reach: 'read'`.
 */
export function industryReachSql(unionId: string | undefined, orgIdColumn: string): RawBuilder<boolean> {
  if (!unionId) return sql<boolean>`false`;
  return sql<boolean>`EXISTS (SELECT 1 FROM org_affiliations ia WHERE ia.union_id = ${unionId} AND ia.status = 'active' AND ia.enterprise_id = ${sql.ref(orgIdColumn)})`;
}

/**
 * How far an organisation (an organiser, a convenor, a sender) reaches, as `isInScope` takes it: its
 * subtree and, for an industry union, its actively affiliated enterprises. The caller's own
 * organisation is answered from the session; another one (an admin acting for it) is looked up.
 */
export async function reachOfOrg(
  db: Kysely<Database>,
  actor: Pick<Actor, 'orgId' | 'orgPath' | 'industryPaths'>,
  org: { id: string; path: string },
): Promise<Pick<Actor, 'orgPath' | 'industryPaths'>> {
  if (String(org.id) === String(actor.orgId)) return { orgPath: actor.orgPath, industryPaths: actor.industryPaths ?? [] };
  const rows = await db
    .selectFrom('org_affiliations as a')
    .innerJoin('organisations as e', 'e.id', 'a.enterprise_id')
    .select('e.path')
    .where('a.union_id', '=', org.id)
    .where('a.status', '=', 'active')
    .execute();
  return { orgPath: org.path, industryPaths: rows.map((r) => r.path) };
}
