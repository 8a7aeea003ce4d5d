import { z } from 'zod';
import { LOCALES } from '../../platform/i18n.js';

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  totpCode: z.string().trim().regex(/^\d{6}$/).optional(),
});

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

export const sessionView = z.object({
  user: userView,
  csrfToken: z.string(),
  mustChangePassword: z.boolean(),
  totpEnrollmentRequired: z.boolean(),
});

export const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const totpCodeBody = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/) });
export const totpSetupView = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const preferencesBody = z.strictObject({ locale: z.enum(LOCALES) });
