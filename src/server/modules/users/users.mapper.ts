// Maps account rows to the API's user view; secrets never leave this module.
import { permissionsOf } from '../../platform/access.js';
import type { UserView } from './users.schemas.js';
import type { UserWithOrg } from './users.repository.js';

export function toUserView(
  row: Pick<
    UserWithOrg,
    | 'id'
    | 'username'
    | 'display_name'
    | 'org_id'
    | 'org_name'
    | 'roles'
    | 'status'
    | 'must_change_password'
    | 'totp_enabled'
    | 'locked_until'
    | 'locale'
    | 'created_at'
  >,
): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    orgId: row.org_id,
    orgName: row.org_name,
    roles: row.roles,
    permissions: [...permissionsOf(row.roles)],
    status: row.status,
    mustChangePassword: row.must_change_password,
    totpEnabled: row.totp_enabled,
    locked: row.locked_until !== null && new Date(row.locked_until).getTime() > Date.now(),
    locale: row.locale,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
