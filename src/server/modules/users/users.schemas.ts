import { z } from 'zod';
import { ROLES } from '../../platform/access.js';
import { pageQuery, sortQuery } from '../../platform/http.js';

const id = z.string().regex(/^\d{1,18}$/);
/** An account as the API shows it (also the signed-in user of the auth module's session view). */
export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  locked: z.boolean(),
  locale: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userView>;

export const idParam = z.strictObject({ id });
const roles = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, { params: { reason: 'invalid_value' } });

export const createUserBody = z.strictObject({
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[A-Za-z0-9_.@-]+$/),
  displayName: z.string().trim().min(1).max(64).optional(),
  password: z.string().min(1).max(256),
  orgId: id,
  roles,
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(64).optional(),
  orgId: id.optional(),
  roles: roles.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const resetPasswordBody = z.strictObject({ newPassword: z.string().min(1).max(256) });

export const listUsersQuery = z.strictObject({
  orgId: id.optional(),
  q: z.string().trim().min(1).max(64).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  role: z.enum(ROLES).optional(),
  sort: sortQuery(['username', 'displayName', 'createdAt'] as const),
  ...pageQuery,
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const userList = z.object({ items: z.array(userView), total: z.number() });

export const metaView = z.object({
  roles: z.array(z.object({ name: z.string(), permissions: z.array(z.string()) })),
  grantableRoles: z.array(z.string()),
  kinds: z.array(z.string()),
  levels: z.array(z.string()),
});
