// Request and response shapes of roster imports.
import { z } from 'zod';
import { pageQuery } from '../../platform/http.js';
import { IMPORT_FIELDS } from './imports.mapping.js';
import { IMPORT_STATUSES, SHEET_KINDS } from './people.tables.js';
import { SKILL_LEVEL_CODES } from './skill-levels.js';
import { id } from './people.schemas.js';

export const uploadQuery = z.strictObject({
  orgId: id,
  fileName: z.string().trim().min(1).max(200).default('roster.xlsx'),
});

const column = z.number().int().min(0).max(16383);
export const validateImportBody = z.strictObject({
  mapping: z.partialRecord(z.enum(IMPORT_FIELDS), column).optional(),
  headerRow: z.number().int().min(1).max(1000).optional(),
  batchSize: z.number().int().min(50).max(20000).optional(),
  /**
   * Validate and import together (issue #17): batch n is committed while batch n + 1 is validated. No
   * preview: invalid rows are skipped into the error report, an ID number seen on an earlier row refuses
   * the later one, and a row registered here under another name is skipped, never renamed.
   */
  pipelined: z.boolean().optional(),
});
export type ValidateImportInput = z.infer<typeof validateImportBody>;

export const decideConflictsBody = z.strictObject({
  decision: z.enum(['rename', 'skip']),
  /** Source rows (as numbered in the file) to decide; none: every conflict of the import. */
  rows: z.array(z.number().int().min(1).max(2_000_000)).min(1).max(10_000).optional(),
});
export const conflictList = z.object({
  total: z.number(),
  undecided: z.number(),
  items: z.array(
    z.object({
      row: z.number(),
      name: z.string(),
      registeredName: z.string(),
      idNumberMasked: z.string(),
      decision: z.enum(['rename', 'skip']).nullable(),
    }),
  ),
});

export const commitImportBody = z.strictObject({ skipInvalid: z.boolean().optional() });
export const listQuery = z.strictObject({ ...pageQuery });
export const errorReportQuery = z.strictObject({ rows: z.enum(['all', 'errors']).optional() });

/** An import as the API shows it; `fields` are the kind's column fields (the roster's by default). */
export const importViewOf = <F extends readonly [string, ...string[]]>(fields: F) =>
  z.object({
    id: z.string(),
    kind: z.enum(SHEET_KINDS),
    orgId: z.string(),
    orgName: z.string(),
    fileName: z.string(),
    fileSize: z.number(),
    format: z.enum(['xlsx', 'csv']),
    status: z.enum(IMPORT_STATUSES),
    running: z.boolean(),
    resumable: z.boolean(),
    /** Validated and committed together; the status goes from committing to committed without a preview. */
    pipelined: z.boolean(),
    headerRow: z.number().nullable(),
    columns: z.array(z.object({ index: z.number(), letter: z.string(), header: z.string(), guess: z.enum(fields).nullable() })),
    mapping: z.partialRecord(z.enum(fields), z.number()),
    totalRows: z.number(),
    processedRows: z.number(),
    validRows: z.number(),
    errorRows: z.number(),
    errorCount: z.number(),
    /** Totals, signature and blank-marker lines recognised and skipped (never errors). */
    skippedRows: z.number(),
    /** Valid rows whose ID number is registered here under another name (decide before commit). */
    conflictRows: z.number(),
    willCreate: z.number(),
    willUpdate: z.number(),
    willTransfer: z.number(),
    batchSize: z.number(),
    totalBatches: z.number(),
    committedBatches: z.number(),
    createdCount: z.number(),
    updatedCount: z.number(),
    transferCount: z.number(),
    /**
     * Valid rows the commit has applied so far: created, updated, turned into a transfer request, or
     * registered elsewhere with a transfer request already pending (a pipeline's progress).
     */
    appliedRows: z.number(),
    /** Why validation or commit failed, translated from failureCode (an error code of the error model). */
    failure: z.string().nullable(),
    failureCode: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    committedAt: z.string().nullable(),
  });
export const importView = importViewOf(IMPORT_FIELDS);
export const importList = z.array(importView);

export const importErrorList = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      row: z.number(),
      column: z.string().nullable(),
      header: z.string().nullable(),
      field: z.string().nullable(),
      code: z.string(),
      value: z.string().nullable(),
      message: z.string(),
      /** A skipped non-data line (totals, signature…), not an error. */
      skipped: z.boolean(),
    }),
  ),
});

export const previewList = z.array(
  z.object({
    row: z.number(),
    name: z.string(),
    idNumberMasked: z.string(),
    gender: z.enum(['M', 'F']),
    birthDate: z.string(),
    phoneMasked: z.string().nullable(),
    orgName: z.string(),
    skillLevel: z.enum(SKILL_LEVEL_CODES).nullable(),
    action: z.enum(['create', 'update', 'transfer']),
  }),
);
