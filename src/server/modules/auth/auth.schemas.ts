import { z } from 'zod';
import { LOCALES } from '../../platform/i18n.js';
import { userView } from '../users/users.schemas.js';

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  totpCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/)
    .optional(),
});

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

export const totpCodeBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});
export const totpSetupView = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const preferencesBody = z.strictObject({ locale: z.enum(LOCALES) });
