// Request shapes of skill certificates.
import { z } from 'zod';
import { id, isoDate, safeText } from './people.schemas.js';
import { SKILL_LEVEL_CODES } from './skill-levels.js';

export const addSkillBody = z.strictObject({
  level: z.enum(SKILL_LEVEL_CODES),
  certificateNo: safeText(64).nullish(),
  issuer: safeText(100).nullish(),
  certifiedOn: isoDate.nullish(),
});
export type AddSkillInput = z.infer<typeof addSkillBody>;
export const skillParams = z.strictObject({ id, skillId: id });
