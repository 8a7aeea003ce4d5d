// Who may act on an affiliation. An affiliation is seen by both chains: the industry union's
// subtree and the enterprise's territorial subtree. Confirming or declining a proposed affiliation
// is the industry union's (or above it); ending one is either side's; setting one is the
// territorial chain's (a route scope on the enterprise, reach 'territorial').
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type Actor, isInScope } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { RecordPolicy } from '../../platform/http.js';
import * as repo from './industry.repository.js';

type Who = Pick<Actor, 'orgPath' | 'industryPaths'>;
export type AffiliationAction = 'decide' | 'end';

export const mayDecide = (a: Who, r: Pick<repo.AffiliationRecord, 'union_path'>) => isInScope(a, r.union_path);
export const mayEnd = (a: Who, r: Pick<repo.AffiliationRecord, 'union_path' | 'enterprise_path'>) =>
  isInScope(a, r.union_path) || isInScope(a, r.enterprise_path);

export async function loadAffiliation(db: Kysely<Database>, actor: Who, id: string, action: AffiliationAction) {
  const r = await repo.findAffiliation(db, id);
  if (!r || !mayEnd(actor, r)) throw new AppError('not_found', { entity: 'affiliation' });
  if (action === 'decide' && !mayDecide(actor, r)) throw new AppError('forbidden');
  return r;
}

export const affiliationPolicy = (action: AffiliationAction): RecordPolicy => ({
  from: 'params',
  key: 'id',
  entity: 'affiliation',
  check: (db, actor, id) => loadAffiliation(db, actor, id, action),
});

export const affiliationOf = (req: FastifyRequest) => req.scoped.record as repo.AffiliationRecord;
