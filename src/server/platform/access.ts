// Roles and permissions (declared in src/shared/access-vocabulary.ts, shared with the web app) and the
// organisation-subtree scope: the one place access is decided.
// Routes declare what they need (see http.ts); the access hook enforces it for every module.
import { isRole, ROLE_PERMISSIONS, type Permission, type Role } from '../../shared/access-vocabulary.js';
import { AppError } from './errors.js';

export { isRole, ROLE_PERMISSIONS, ROLES, type Permission, type Role } from '../../shared/access-vocabulary.js';

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const r of roles) if (isRole(r)) for (const p of ROLE_PERMISSIONS[r]) set.add(p);
  return set;
}

/** A role can be granted only by someone who holds every permission the role carries. */
export function canGrantRole(granter: ReadonlySet<Permission>, role: Role): boolean {
  return ROLE_PERMISSIONS[role].every((p) => granter.has(p));
}

/** The signed-in user as every module sees them. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  orgId: string;
  /** Materialized path of the user's organisation: the root of everything they may see. */
  orgPath: string;
  roles: Role[];
  permissions: Set<Permission>;
  locale: string | null;
  sessionId: string;
  csrfToken: string;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  totpEnrollmentRequired: boolean;
  /**
   * The industry chain: materialized paths of the enterprises actively affiliated to the user's
   * organisation when it is an industry union (empty otherwise). Each is reached with its subtree
   * for `reach: 'read'`, never for territorial writes. Absent means none.
   */
  industryPaths?: string[];
}

/**
 * How far an actor reaches an organisation. 'territorial' (the default): the actor's own subtree,
 * the chain that owns organisation records, rosters and people. 'read': that, or an enterprise
 * (with its subtree) affiliated to the actor's industry union: what industry unions may read, host,
 * invite and hand tasks to. A route declares it per scope reference (`scope: [{ …, reach: 'read' }]`);
 * services and policies pass it to isInScope / assertInScope.
 */
export type Reach = 'territorial' | 'read';

type ScopeActor = Pick<Actor, 'orgPath' | 'industryPaths'>;

/** Whether the actor reaches an organisation (by its path): the one decision every module uses. */
export function isInScope(actor: ScopeActor, entityOrgPath: string, reach: Reach = 'territorial'): boolean {
  if (entityOrgPath.startsWith(actor.orgPath)) return true;
  return reach === 'read' && !!actor.industryPaths?.some((p) => entityOrgPath.startsWith(p));
}

/** Reached only through the industry chain (read-only there): views show it to say why nothing can be edited. */
export function isIndustryReach(actor: ScopeActor, entityOrgPath: string): boolean {
  return !entityOrgPath.startsWith(actor.orgPath) && isInScope(actor, entityOrgPath, 'read');
}

/** Out-of-scope entities are reported as not found, so their existence is not revealed. */
export function assertInScope(actor: ScopeActor, entityOrgPath: string | undefined, entity: string, reach: Reach = 'territorial'): void {
  if (!entityOrgPath || !isInScope(actor, entityOrgPath, reach)) throw new AppError('not_found', { entity });
}

export function hasPermission(actor: Pick<Actor, 'permissions'>, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** SQL LIKE pattern matching an organisation path and everything beneath it. */
export function subtreePattern(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
