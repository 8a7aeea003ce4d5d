// User administration within the actor's subtree, with no privilege escalation:
// nobody grants a role whose permissions they lack, nor touches an account above their own.
import { ORG_KINDS, ORG_LEVELS } from '../../db/schema.js';
import { assertInScope, canGrantRole, ROLE_PERMISSIONS, ROLES, type Actor, type Role } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { parseSort, type RequestContext } from '../../platform/http.js';
import { hashPassword, meetsPasswordPolicy } from '../../platform/passwords.js';
import { endSessions } from '../../platform/sessions.js';
import { findOrgById } from '../orgs/orgs.repository.js';
import { toUserView } from './users.mapper.js';
import * as repo from './users.repository.js';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput } from './users.schemas.js';

const grantable = (actor: Actor) => ROLES.filter((r) => canGrantRole(actor.permissions, r));

function assertGrantable(actor: Actor, roles: readonly string[]) {
  for (const r of roles) if (!canGrantRole(actor.permissions, r as Role)) throw new AppError('privilege_escalation');
}

async function scopedActiveOrg(ctx: RequestContext, orgId: string) {
  const org = await findOrgById(ctx.db, orgId);
  assertInScope(ctx.actor, org?.path, 'organisation');
  if (org!.status !== 'active') throw new AppError('org_archived');
  return org!;
}

const auditUser = (row: { id: string; org_id: string; org_path: string }) => ({
  entityType: 'user' as const,
  entityId: row.id,
  orgId: row.org_id,
  orgPath: row.org_path,
});

export function meta(actor: Actor) {
  return {
    roles: ROLES.map((name) => ({ name, permissions: [...ROLE_PERMISSIONS[name]] })),
    grantableRoles: grantable(actor),
    kinds: [...ORG_KINDS],
    levels: [...ORG_LEVELS],
  };
}

export async function listUsers(ctx: RequestContext, q: ListUsersQuery) {
  let rootPath = ctx.actor.orgPath;
  if (q.orgId) rootPath = (await scopedActiveOrg(ctx, q.orgId)).path;
  const sort = parseSort(q.sort) as { field: repo.UserSortField; dir: 'asc' | 'desc' } | undefined;
  const { items, total } = await repo.listUsers(ctx.db, {
    rootPath,
    q: q.q,
    status: q.status,
    role: q.role,
    sort: sort ?? { field: 'username', dir: 'asc' },
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: items.map(toUserView), total };
}

async function getScopedUser(ctx: RequestContext, id: string) {
  const row = await repo.findUserById(ctx.db, id);
  assertInScope(ctx.actor, row?.org_path, 'user');
  return row!;
}

export async function getUser(ctx: RequestContext, id: string) {
  return toUserView(await getScopedUser(ctx, id));
}

export async function createUser(ctx: RequestContext, input: CreateUserInput) {
  assertGrantable(ctx.actor, input.roles);
  if (!meetsPasswordPolicy(input.password)) throw new AppError('password_policy', {}, [{ path: 'body.password', code: 'custom' }]);
  const org = await scopedActiveOrg(ctx, input.orgId);
  const password_hash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    if (await repo.usernameExists(trx, input.username)) throw new AppError('username_taken', { username: input.username });
    const id = await repo.insertUser(trx, {
      username: input.username,
      display_name: input.displayName ?? input.username,
      org_id: org.id,
      roles: input.roles,
      password_hash,
      must_change_password: true,
    });
    const row = (await repo.findUserById(trx, id))!;
    await writeAudit(trx, ctx, { ...auditUser(row), action: 'create', after: toUserView(row) });
    return toUserView(row);
  });
}

/** Loads a target account the actor may administer: in scope, and holding no role the actor could not grant. */
async function lockAdministrable(ctx: RequestContext, trx: Parameters<typeof repo.lockUser>[0], id: string) {
  const row = await repo.lockUser(trx, id);
  assertInScope(ctx.actor, row?.org_path, 'user');
  assertGrantable(ctx.actor, row!.roles);
  return row!;
}

/** Ids come from the URL as digit strings: "07" names the same row as "7". */
const isSelf = (ctx: RequestContext, id: string) => BigInt(id) === BigInt(ctx.actor.userId);

export async function updateUser(ctx: RequestContext, id: string, input: UpdateUserInput) {
  const self = isSelf(ctx, id);
  if (self && (input.orgId !== undefined || input.roles !== undefined || input.status !== undefined)) {
    throw fieldError(input.roles ? 'body.roles' : input.orgId ? 'body.orgId' : 'body.status', 'not_self');
  }
  if (input.roles) assertGrantable(ctx.actor, input.roles);
  if (input.orgId) await scopedActiveOrg(ctx, input.orgId);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await lockAdministrable(ctx, trx, id);
    await repo.updateUser(trx, id, {
      ...(input.displayName !== undefined && { display_name: input.displayName }),
      ...(input.orgId !== undefined && { org_id: input.orgId }),
      ...(input.roles !== undefined && { roles: input.roles }),
      ...(input.status !== undefined && { status: input.status }),
    });
    // Losing access ends the account's sessions at once.
    if (input.status === 'disabled' || input.orgId !== undefined || input.roles !== undefined) await endSessions(trx, id);
    const after = (await repo.findUserById(trx, id))!;
    const action = input.status && input.status !== before.status ? (input.status === 'disabled' ? 'disable' : 'enable') : 'update';
    await writeAudit(trx, ctx, { ...auditUser(after), action, before: toUserView(before), after: toUserView(after) });
    return toUserView(after);
  });
}

/** Resets skip the proof the own-account routes ask for (current password, a TOTP code); never on oneself. */
function assertNotSelf(ctx: RequestContext, id: string) {
  if (isSelf(ctx, id)) throw new AppError('forbidden');
}

export async function resetPassword(ctx: RequestContext, id: string, newPassword: string) {
  assertNotSelf(ctx, id);
  if (!meetsPasswordPolicy(newPassword)) throw new AppError('password_policy', {}, [{ path: 'body.newPassword', code: 'custom' }]);
  const password_hash = await hashPassword(newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAdministrable(ctx, trx, id);
    await repo.updateUser(trx, id, { password_hash, must_change_password: true, failed_logins: 0, locked_until: null });
    await endSessions(trx, id);
    await writeAudit(trx, ctx, { ...auditUser(row), action: 'reset_password' });
  });
}

export async function unlockUser(ctx: RequestContext, id: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAdministrable(ctx, trx, id);
    await repo.updateUser(trx, id, { failed_logins: 0, locked_until: null });
    await writeAudit(trx, ctx, { ...auditUser(row), action: 'unlock', before: { lockedUntil: row.locked_until } });
  });
}

export async function resetTotp(ctx: RequestContext, id: string) {
  assertNotSelf(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockAdministrable(ctx, trx, id);
    await repo.updateUser(trx, id, { totp_enabled: false, totp_secret: null, totp_pending_secret: null, totp_last_step: null });
    await endSessions(trx, id);
    await writeAudit(trx, ctx, { ...auditUser(row), action: 'reset_totp' });
  });
}
