// Request and response shapes of studio-list and pair-list imports (the roster import's shapes with
// this module's columns; see people/imports.schemas.ts).
import { z } from 'zod';
import { id } from '../people/people.schemas.js';
import { importViewOf } from '../people/imports.schemas.js';
import { SKILL_LEVEL_CODES } from '../people/skill-levels.js';
import { SHEET_FIELDS } from './imports.mapping.js';

export const listKind = z.enum(['studios', 'pairs']);
export const uploadQuery = z.strictObject({
  orgId: id,
  kind: listKind,
  fileName: z.string().trim().min(1).max(200).default('list.xlsx'),
});
export const templateQuery = z.strictObject({ kind: listKind });

const column = z.number().int().min(0).max(16383);
export const validateBody = z.strictObject({
  mapping: z.partialRecord(z.enum(SHEET_FIELDS), column).optional(),
  headerRow: z.number().int().min(1).max(1000).optional(),
});

export const listImportView = importViewOf(SHEET_FIELDS);
export const listImportList = z.array(listImportView);

const money = z.object({ fen: z.string(), yuan: z.string() });
export const listPreview = z.array(
  z.object({
    row: z.number(),
    /** create: a new studio or pair; exists: already registered, the row adds nothing. */
    action: z.enum(['create', 'exists']),
    orgName: z.string(),
    studio: z
      .object({
        name: z.string(),
        category: z.string(),
        leaderName: z.string(),
        foundedOn: z.string(),
        namingLevel: z.string().nullable(),
        namingOrgName: z.string().nullable(),
      })
      .optional(),
    pair: z
      .object({
        masterName: z.string(),
        apprenticeName: z.string(),
        trade: z.string(),
        targetLevel: z.enum(SKILL_LEVEL_CODES),
        startOn: z.string(),
        endOn: z.string(),
        allowance: money,
      })
      .optional(),
  }),
);
