// Request shapes of honours and craftsman titles.
import { z } from 'zod';
import { HONOUR_GRADES, HONOUR_KINDS } from './honours.parse.js';
import { id, safeText } from './people.schemas.js';

export const addHonourBody = z.strictObject({
  kind: z.enum(HONOUR_KINDS),
  grade: z.enum(HONOUR_GRADES).nullish(),
  title: safeText(50).nullish(),
  year: z.number().int().min(1950).max(2100).nullish(),
  awardingBody: safeText(100).nullish(),
});
export type AddHonourInput = z.infer<typeof addHonourBody>;

export const honourParams = z.strictObject({ id, honourId: id });

export const titlesQuery = z.strictObject({ orgId: id.optional() });
export const createTitleBody = z.strictObject({ orgId: id, name: safeText(30) });
export const titleView = z.object({ id: z.string(), name: z.string(), orgId: z.string(), orgName: z.string() });
export const titleList = z.array(titleView);
