// Worker self-registration (issue #16 item 1): the public request and the enterprise union's queue.
import { z } from 'zod';
import { id, idNumber, phone, safeText } from '../people/people.schemas.js';
import { pageQuery } from '../../platform/http.js';
import { workerAccountBody } from './proposals.schemas.js';

/** The ID number is checked like the registry's (GB 11643 check digit); the mobile normalised like its phones. */
export const registerBody = z.strictObject({
  idNumber,
  mobile: phone,
  username: workerAccountBody.shape.username,
  password: workerAccountBody.shape.password,
});
export type RegisterInput = z.infer<typeof registerBody>;
export const registerView = z.object({ status: z.literal('pending') });

export const registrationQuery = z.strictObject({ orgId: id.optional(), ...pageQuery });
export type RegistrationQuery = z.infer<typeof registrationQuery>;

/** A pending request as the union sees it: ID number and mobile masked as the registry masks them. */
export const registrationView = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  idMasked: z.string(),
  mobileMasked: z.string().nullable(),
  username: z.string(),
  createdAt: z.string(),
});
export const registrationList = z.object({ items: z.array(registrationView), total: z.number() });
export const rejectBody = z.strictObject({ reason: safeText(500) });
export const confirmView = z.object({ userId: z.string(), username: z.string(), personId: z.string() });
