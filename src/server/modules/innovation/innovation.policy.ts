// Who may do what in the innovation module (declared on routes as `policy`, run by the access hook):
//   studio, pair  seen and managed when its enterprise is in the caller's subtree (read / write by permission)
//   call          seen by its own organisation, the organisations below it and those above it; edited by
//                 its federation's subtree
//   application   seen when the studio is in the caller's subtree (the naming union and every union
//                 between see it); each step is taken by the organisation it is waiting for
//   naming        seen with its studio; assessed and revoked by the naming organisation (or above)
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type Actor, hasPermission, isInScope } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { RecordPolicy } from '../../platform/http.js';
import * as repo from './innovation.repository.js';

type Who = Pick<Actor, 'orgId' | 'orgPath' | 'permissions' | 'industryPaths'>;
type Mode = 'read' | 'write';

const may = (a: Who, mode: Mode) => mode === 'read' || hasPermission(a, 'innovation.write');

export const mayEditStudio = (a: Who, s: { org_path: string }) => hasPermission(a, 'innovation.write') && isInScope(a, s.org_path);

export async function loadStudio(db: repo.Db, actor: Who, id: string, mode: Mode) {
  const s = await repo.findStudio(db, id);
  // Reading reaches an industry union's affiliated enterprises too; writing stays territorial.
  if (!s || !isInScope(actor, s.org_path, mode === 'read' ? 'read' : 'territorial')) throw new AppError('not_found', { entity: 'studio' });
  if (!may(actor, mode)) throw new AppError('forbidden');
  return s;
}

/** A call is visible along the caller's line: the federations above, the caller, and below. */
export const seesCall = (a: Who, c: { org_path: string }) => isInScope(a, c.org_path) || a.orgPath.startsWith(c.org_path);

export async function loadCall(db: repo.Db, actor: Who, id: string) {
  const c = await repo.findCall(db, id);
  if (!c || !seesCall(actor, c)) throw new AppError('not_found', { entity: 'studio_call' });
  return c;
}

export async function loadApplication(db: repo.Db, actor: Who, id: string, mode: Mode) {
  const a = await repo.findApplication(db, id);
  if (!a || !isInScope(actor, a.org_path)) throw new AppError('not_found', { entity: 'studio_application' });
  if (!may(actor, mode)) throw new AppError('forbidden');
  return a;
}

export async function loadNaming(db: repo.Db, actor: Who, id: string, mode: Mode) {
  const n = await repo.findNaming(db, id);
  if (!n || !isInScope(actor, n.studio_org_path)) throw new AppError('not_found', { entity: 'studio_naming' });
  if (mode === 'write' && !(hasPermission(actor, 'innovation.write') && isInScope(actor, n.org_path))) throw new AppError('forbidden');
  return n;
}

export async function loadPair(db: repo.Db, actor: Who, id: string, mode: Mode) {
  const p = await repo.findPair(db, id);
  if (!p || !isInScope(actor, p.org_path, mode === 'read' ? 'read' : 'territorial'))
    throw new AppError('not_found', { entity: 'mentorship' });
  if (!may(actor, mode)) throw new AppError('forbidden');
  return p;
}

type Check<T> = (db: Kysely<Database>, actor: Actor, id: string) => Promise<T>;
const byId = <T>(entity: RecordPolicy['entity'], check: Check<T>): RecordPolicy => ({ from: 'params', key: 'id', entity, check });

export const studioPolicy = (mode: Mode) => byId('studio', (db, a, id) => loadStudio(db, a, id, mode));
export const callPolicy = () => byId('studio_call', loadCall);
export const applicationPolicy = (mode: Mode) => byId('studio_application', (db, a, id) => loadApplication(db, a, id, mode));
export const namingPolicy = (mode: Mode) => byId('studio_naming', (db, a, id) => loadNaming(db, a, id, mode));
export const pairPolicy = (mode: Mode) => byId('mentorship', (db, a, id) => loadPair(db, a, id, mode));

export const studioOf = (req: FastifyRequest) => req.scoped.record as repo.StudioRecord;
export const callOf = (req: FastifyRequest) => req.scoped.record as repo.CallRecord;
export const applicationOf = (req: FastifyRequest) => req.scoped.record as repo.ApplicationRecord;
export const namingOf = (req: FastifyRequest) => req.scoped.record as repo.NamingRecord;
export const pairOf = (req: FastifyRequest) => req.scoped.record as repo.PairRecord;
