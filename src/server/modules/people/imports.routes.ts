// Roster import routes. The upload is the raw file (.xlsx or .csv) as the request body, streamed to
// disk after the access check; everything else is JSON, except the template and the error report.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { contextOf, type AppDeps } from '../../platform/http.js';
import type { Locale } from '../../platform/i18n.js';
import { idParam } from './people.schemas.js';
import { HEADER_WORDS, IMPORT_FIELDS } from './imports.mapping.js';
import * as s from './imports.schemas.js';
import * as service from './imports.service.js';
import { scrubPii } from './phone.js';
import { sendXlsx, XLSX_TYPE } from '../../platform/xlsx-out.js';

const tags = ['people-imports'];
const byImport = { from: 'params', key: 'id', entity: 'import' } as const;
const UPLOAD_TYPES = [XLSX_TYPE, 'application/vnd.ms-excel', 'application/octet-stream', 'text/csv'];

export async function importRoutes(root: FastifyInstance, deps: AppDeps) {
  // The raw-body parsers stay inside this plugin, so no other route accepts such bodies.
  await root.register(async (scope) => {
    scope.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/people/imports',
      {
        schema: {
          tags,
          summary: 'Upload a roster (.xlsx or .csv as the request body); answers with the detected header row and guessed column mapping',
          querystring: s.uploadQuery,
          response: { 201: s.importView },
        },
        config: { access: { permission: 'people.import', scope: [{ from: 'query', key: 'orgId', entity: 'organisation' }] } },
      },
      async (req, reply) =>
        reply.status(201).send(await service.uploadRoster(contextOf(req, deps), req.query.orgId, req.query.fileName, req.body as Readable)),
    );
  });

  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/people/imports/template',
    {
      schema: { tags, summary: 'The roster template (.xlsx, Chinese headers, ID and phone columns formatted as text)' },
      config: { access: { permission: 'people.import' } },
    },
    async (req, reply) => {
      void req;
      const out = sendXlsx(
        reply,
        '职工花名册导入模板.xlsx',
        '花名册',
        IMPORT_FIELDS.map((f) => ({ header: HEADER_WORDS[f][0]!, width: f === 'idNumber' ? 22 : 14 })),
      );
      await out.finish();
      return reply;
    },
  );

  app.get(
    '/api/people/imports',
    {
      schema: { tags, summary: 'Imports into the subtree, newest first', querystring: s.listQuery, response: { 200: s.importList } },
      config: { access: { permission: 'people.import' } },
    },
    (req) => service.listImports(contextOf(req, deps), req.query),
  );

  app.get(
    '/api/people/imports/:id',
    {
      schema: {
        tags,
        summary: 'Import status and progress (poll while validating or committing)',
        params: idParam,
        response: { 200: s.importView },
      },
      config: { access: { permission: 'people.import', scope: [byImport] } },
    },
    (req) => service.getImport(contextOf(req, deps), req.params.id),
  );

  app.post(
    '/api/people/imports/:id/validate',
    {
      schema: {
        tags,
        summary: 'Validate every row with the confirmed column mapping (runs in the background)',
        params: idParam,
        body: s.validateImportBody,
        response: { 202: s.importView },
      },
      config: { access: { permission: 'people.import', scope: [byImport] } },
    },
    async (req, reply) => reply.status(202).send(await service.startValidation(contextOf(req, deps), req.params.id, req.body)),
  );

  app.post(
    '/api/people/imports/:id/commit',
    {
      schema: {
        tags,
        summary: 'Commit the valid rows in batches, or resume an interrupted commit',
        params: idParam,
        body: s.commitImportBody,
        response: { 202: s.importView },
      },
      config: { access: { permission: 'people.import', scope: [byImport] } },
    },
    async (req, reply) => reply.status(202).send(await service.startCommit(contextOf(req, deps), req.params.id, req.body ?? {})),
  );

  app.get(
    '/api/people/imports/:id/errors',
    {
      schema: { tags, summary: 'Per-cell errors, by row', params: idParam, querystring: s.listQuery, response: { 200: s.importErrorList } },
      config: { access: { permission: 'people.import', scope: [byImport] } },
    },
    (req) => service.listImportErrors(contextOf(req, deps), req.params.id, req.query),
  );

  app.get(
    '/api/people/imports/:id/conflicts',
    {
      schema: {
        tags,
        summary: 'Rows whose ID number is registered here under another name: both names and the decision taken',
        params: idParam,
        querystring: s.listQuery,
        response: { 200: s.conflictList },
      },
      config: { access: { permission: 'people.import', scope: [byImport] } },
    },
    (req) => service.listImportConflicts(contextOf(req, deps), req.params.id, req.query),
  );

  app.post(
    '/api/people/imports/:id/conflicts',
    {
      schema: {
        tags,
        summary: 'Decide name conflicts, for some rows or all: rename the registered person, or skip the row',
        params: idParam,
        body: s.decideConflictsBody,
        response: { 200: s.conflictList },
      },
      config: { access: { permission: 'people.import', scope: [byImport] } },
    },
    (req) => service.decideImportConflicts(contextOf(req, deps), req.params.id, req.body),
  );

  app.get(
    '/api/people/imports/:id/preview',
    {
      schema: {
        tags,
        summary: 'Validated rows as they will be applied (masked)',
        params: idParam,
        querystring: s.listQuery,
        response: { 200: s.previewList },
      },
      config: { access: { permission: 'people.import', scope: [byImport] } },
    },
    (req) => service.previewRows(contextOf(req, deps), req.params.id, req.query),
  );

  app.get(
    '/api/people/imports/:id/error-report',
    {
      schema: {
        tags,
        params: idParam,
        querystring: s.errorReportQuery,
        summary:
          'The original rows as uploaded plus an error column (.xlsx): every row by default, so the sheet can be fixed in place and uploaded again; rows=errors for the rows with errors only. ID numbers and phones masked without people.pii',
      },
      config: { access: { permission: 'people.import', scope: [byImport] } },
    },
    async (req, reply) => {
      const ctx = contextOf(req, deps);
      await sendErrorReport(reply, ctx.locale, await service.errorReportSource(ctx, req.params.id), req.query.rows === 'errors');
      return reply;
    },
  );
}

/**
 * The error report of an import of any kind: the rows as uploaded, each with its row number and an
 * error column, every row by default (fix the sheet in place and upload it again) or only the rows with errors.
 */
export async function sendErrorReport(
  reply: FastifyReply,
  locale: Locale,
  src: Awaited<ReturnType<typeof service.errorReportSource>>,
  onlyErrors: boolean,
) {
  let header: unknown[] = [];
  // Header first: collect it, then write the rows with errors as they stream.
  const it = src.rows[Symbol.asyncIterator]();
  let next = await it.next();
  while (!next.done && next.value.row <= src.headerRow) {
    if (next.value.row === src.headerRow) header = next.value.cells;
    next = await it.next();
  }
  const width = Math.max(header.length, 1);
  const out = sendXlsx(
    reply,
    `错误报告-${src.fileName.replace(/\.(xlsx|csv)$/i, '')}.xlsx`,
    locale === 'zh-CN' ? '错误报告' : 'Errors',
    [
      { header: locale === 'zh-CN' ? '原行号' : 'Row', width: 8 },
      ...Array.from({ length: width }, (_, i) => ({ header: scrubPii(String(header[i] ?? '')), width: 16 })),
      { header: locale === 'zh-CN' ? '错误说明' : 'Errors', width: 60 },
    ],
    { typed: true },
  );
  while (!next.done) {
    const r = next.value;
    const errs = src.byRow.get(r.row);
    if (
      (errs && !(onlyErrors && src.skipped.has(r.row))) ||
      (!onlyErrors && r.cells.some((c) => c !== null && c !== undefined && String(c).trim() !== ''))
    ) {
      out.addRow([r.row, ...Array.from({ length: width }, (_, i) => src.cell(r.cells[i] ?? null, i)), errs?.join('；') ?? '']);
      await out.drain();
    }
    next = await it.next();
  }
  await out.finish();
}
