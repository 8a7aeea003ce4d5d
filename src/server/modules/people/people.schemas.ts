// Request and response shapes of the person routes; response schemas whitelist fields, and no
// person view carries an unmasked ID number or phone except piiView (people.pii, audited).
import { z } from 'zod';
import { pageQuery, sortQuery } from '../../platform/http.js';
import { HONOUR_GRADES, HONOUR_KINDS } from './honours.parse.js';
import { normaliseIdNumber, parseIdNumber } from './id-number.js';
import { looksLikeFormula } from '../../platform/formula-guard.js';
import { EDUCATION_CODES, EMPLOYMENT_CODES, isValidName, normaliseName } from './person-fields.js';
import { isValidMobile, normalisePhone } from './phone.js';
import { SKILL_LEVEL_CODES } from './skill-levels.js';

export const id = z.string().regex(/^\d{1,18}$/);
export const idParam = z.strictObject({ id });

const reason = (r: string) => ({ params: { reason: r } });
export const safeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !looksLikeFormula(v), reason('formula_injection'));
export const isoDate = z.iso.date();

export const personName = z
  .string()
  .transform(normaliseName)
  .pipe(
    z
      .string()
      .min(1)
      .max(50)
      .refine(isValidName, reason('invalid_name'))
      .refine((v) => !looksLikeFormula(v), reason('formula_injection')),
  );
export const idNumber = z
  .string()
  .max(40)
  .transform(normaliseIdNumber)
  .superRefine((v, ctx) => {
    const r = parseIdNumber(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', params: { reason: r.problem } });
  });
export const phone = z.string().max(30).transform(normalisePhone).refine(isValidMobile, reason('invalid_mobile'));

export const createPersonBody = z.strictObject({
  orgId: id,
  name: personName,
  idNumber,
  phone: phone.nullish(),
  unionMember: z.boolean().optional(),
  unionJoinedOn: isoDate.nullish(),
  occupation: safeText(50).nullish(),
  education: z.enum(EDUCATION_CODES).nullish(),
  employmentStatus: z.enum(EMPLOYMENT_CODES).optional(),
});
export type CreatePersonInput = z.infer<typeof createPersonBody>;

/** The version the client read (optimistic locking); a newer one in the database answers 409 conflict. */
export const version = z.number().int().min(1);

export const updatePersonBody = z.strictObject({
  version: version.optional(),
  name: personName.optional(),
  phone: phone.nullish(),
  unionMember: z.boolean().optional(),
  unionJoinedOn: isoDate.nullish(),
  occupation: safeText(50).nullish(),
  education: z.enum(EDUCATION_CODES).nullish(),
  employmentStatus: z.enum(EMPLOYMENT_CODES).optional(),
});
export type UpdatePersonInput = z.infer<typeof updatePersonBody>;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const listPeopleQuery = z.strictObject({
  orgId: id.optional(),
  q: z.string().trim().min(1).max(64).optional(),
  skillLevel: z.enum(SKILL_LEVEL_CODES).optional(),
  highlySkilled: bool.optional(),
  honourKind: z.enum(HONOUR_KINDS).optional(),
  honourGrade: z.enum(HONOUR_GRADES).optional(),
  unionMember: bool.optional(),
  employmentStatus: z.enum(EMPLOYMENT_CODES).optional(),
  sort: sortQuery(['name', 'birthDate', 'skillLevel', 'createdAt'] as const),
  ...pageQuery,
});
export type ListPeopleQuery = z.infer<typeof listPeopleQuery>;
export type PeopleFilter = Omit<ListPeopleQuery, 'sort' | 'page' | 'pageSize'>;

/** The same search sent as a JSON body (POST /api/people/search), so an ID number never sits in a URL. */
export const searchPeopleBody = z.strictObject({ ...listPeopleQuery.shape });

/** Why someone looks at a full ID number or phone: recorded in the audit log with the reveal. */
export const PII_PURPOSES = ['verify_identity', 'handle_business', 'data_check', 'other'] as const;
export type PiiPurpose = (typeof PII_PURPOSES)[number];
const purposeFields = { purpose: z.enum(PII_PURPOSES), purposeNote: safeText(200).optional() };
/** 其他 needs the free text. */
function noteForOther(v: { purpose?: PiiPurpose; purposeNote?: string }, ctx: z.RefinementCtx) {
  if (v.purpose === 'other' && !v.purposeNote) ctx.addIssue({ code: 'custom', path: ['purposeNote'], params: { reason: 'required' } });
}
export const revealPiiBody = z.strictObject(purposeFields).superRefine(noteForOther);
export type RevealPiiInput = z.infer<typeof revealPiiBody>;

export const exportPeopleBody = listPeopleQuery
  .omit({ page: true, pageSize: true, sort: true })
  .extend({ unmasked: z.boolean().optional(), purpose: purposeFields.purpose.optional(), purposeNote: purposeFields.purposeNote })
  .superRefine((v, ctx) => {
    if (v.unmasked && !v.purpose) ctx.addIssue({ code: 'custom', path: ['purpose'], params: { reason: 'required' } });
    noteForOther(v, ctx);
  });
export type ExportPeopleInput = z.infer<typeof exportPeopleBody>;

export const skillView = z.object({
  id: z.string(),
  level: z.enum(SKILL_LEVEL_CODES),
  rank: z.number(),
  certificateNo: z.string().nullable(),
  issuer: z.string().nullable(),
  certifiedOn: z.string().nullable(),
  fromImport: z.boolean(),
  createdAt: z.string(),
});

export const honourView = z.object({
  id: z.string(),
  kind: z.enum(HONOUR_KINDS),
  grade: z.enum(HONOUR_GRADES).nullable(),
  title: z.string().nullable(),
  year: z.number().nullable(),
  awardingBody: z.string().nullable(),
});

export const personView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  gender: z.enum(['M', 'F']),
  birthDate: z.string(),
  phoneMasked: z.string().nullable(),
  unionMember: z.boolean(),
  unionJoinedOn: z.string().nullable(),
  occupation: z.string().nullable(),
  education: z.enum(EDUCATION_CODES).nullable(),
  employmentStatus: z.enum(EMPLOYMENT_CODES),
  skillLevel: z.enum(SKILL_LEVEL_CODES).nullable(),
  highlySkilled: z.boolean(),
  /** Raised by every change; send it back with an edit. */
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PersonView = z.infer<typeof personView>;

export const transferView = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  idNumberMasked: z.string(),
  /** Null for a requester outside the current organisation's subtree: who employs whom is not theirs to learn. */
  fromOrgId: z.string().nullable(),
  fromOrgName: z.string().nullable(),
  toOrgId: z.string(),
  toOrgName: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type TransferView = z.infer<typeof transferView>;

export const personDetailView = personView.extend({
  skills: z.array(skillView),
  honours: z.array(honourView),
  pendingTransfers: z.array(transferView),
});

export const personList = z.object({ items: z.array(personView), total: z.number() });

/** Only for holders of people.pii; every answer is written to the audit log as view_pii. */
export const piiView = z.object({ idNumber: z.string(), phone: z.string().nullable() });

/** Creating a person whose ID number is registered elsewhere asks for a transfer instead. */
export const createPersonResult = z.object({ person: personView.nullable(), transfer: transferView.nullable() });
