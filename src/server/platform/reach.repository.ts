// The industry chain in SQL, for list queries of any module (the path-based `isInScope(actor, path,
// 'read')` decides single records). Enterprises are leaves of the tree, so "reached through the
// caller's industry union" is "an enterprise actively affiliated to the caller's organisation".
import { sql, type RawBuilder } from 'kysely';
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
