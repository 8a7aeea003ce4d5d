// Roles, permissions and the organisation-subtree scope: the one place access is decided.
// Routes declare what they need (see http.ts); the access hook enforces it for every module.
import { AppError } from './errors.js';

export const ROLES = ['admin', 'federation_staff', 'member_unit_liaison', 'enterprise_staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'orgs.read',
  'orgs.write',
  'users.read',
  'users.write',
  'audit.read',
  'system.admin',
  'people.read',
  'people.write',
  'people.import',
  'people.pii',
  'tasks.read',
  'tasks.write',
  'tasks.report',
  'dashboard.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  // people.pii (unmasked ID numbers and phones) is the admin's alone by default. Federation staff
  // hold people.write/import too: a role is grantable only with all its permissions, and they
  // create the enterprise_staff accounts.
  federation_staff: ['orgs.read', 'orgs.write', 'users.read', 'users.write', 'audit.read', 'people.read', 'people.write', 'people.import', 'tasks.read', 'tasks.write', 'tasks.report', 'dashboard.read'],
  // tasks.write lets a lower level add its own optional tasks in its subtree; programmes need a federation.
  member_unit_liaison: ['orgs.read', 'users.read', 'people.read', 'tasks.read', 'tasks.write', 'tasks.report', 'dashboard.read'],
  enterprise_staff: ['orgs.read', 'users.read', 'people.read', 'people.write', 'people.import', 'tasks.read', 'tasks.write', 'tasks.report', 'dashboard.read'],
  viewer: ['orgs.read', 'people.read', 'tasks.read', 'dashboard.read'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

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
}

export function isInScope(actor: Pick<Actor, 'orgPath'>, entityOrgPath: string): boolean {
  return entityOrgPath.startsWith(actor.orgPath);
}

/** Out-of-scope entities are reported as not found, so their existence is not revealed. */
export function assertInScope(actor: Pick<Actor, 'orgPath'>, entityOrgPath: string | undefined, entity: string): void {
  if (!entityOrgPath || !isInScope(actor, entityOrgPath)) throw new AppError('not_found', { entity });
}

export function hasPermission(actor: Pick<Actor, 'permissions'>, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** SQL LIKE pattern matching an organisation path and everything beneath it. */
export function subtreePattern(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
