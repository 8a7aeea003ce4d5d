// Studio-list and pair-list import routes: the roster import's steps (upload the raw file as the
// body, confirm the column mapping and validate, read the per-cell errors and the preview, commit or
// resume, download the error report) for this module's two lists, under innovation.write.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { sendXlsx, XLSX_TYPE } from '../../platform/xlsx-out.js';
import { idParam } from '../people/people.schemas.js';
import { commitImportBody, errorReportQuery, importErrorList, listQuery } from '../people/imports.schemas.js';
import { sendErrorReport } from '../people/imports.routes.js';
import { templateHeaders } from './imports.mapping.js';
import * as s from './imports.schemas.js';
import * as service from './imports.service.js';

const tags = ['innovation-imports'];
const write = 'innovation.write' as const;
const byImport = { from: 'params', key: 'id', entity: 'import' } as const;
const UPLOAD_TYPES = [XLSX_TYPE, 'application/vnd.ms-excel', 'application/octet-stream', 'text/csv'];

export async function innovationImportRoutes(root: FastifyInstance, deps: AppDeps) {
  await root.register(async (scope) => {
    scope.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/innovation/imports',
      {
        schema: {
          tags,
          summary:
            'Upload a studio list or a pair list (.xlsx or .csv as the request body); answers with the header row and guessed columns',
          querystring: s.uploadQuery,
          response: { 201: s.listImportView },
        },
        config: { access: { permission: write, scope: [{ from: 'query', key: 'orgId', entity: 'organisation' }] } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await service.upload(contextOf(req, deps), req.query.kind, req.query.orgId, req.query.fileName, req.body as Readable)),
    );
  });

  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/innovation/imports/template',
    {
      schema: { tags, summary: 'The template of a studio list or a pair list (.xlsx, Chinese headers)', querystring: s.templateQuery },
      config: { access: { permission: write } },
    },
    async (req, reply) => {
      const studios = req.query.kind === 'studios';
      const out = sendXlsx(
        reply,
        studios ? '创新工作室导入模板.xlsx' : '师带徒导入模板.xlsx',
        studios ? '创新工作室' : '师带徒',
        templateHeaders(req.query.kind).map((header) => ({ header, width: /身份证/.test(header) ? 22 : 16 })),
      );
      await out.finish();
      return reply;
    },
  );

  app.get(
    '/api/innovation/imports',
    {
      schema: {
        tags,
        summary: 'Studio-list and pair-list imports of the subtree, newest first',
        querystring: listQuery,
        response: { 200: s.listImportList },
      },
      config: { access: { permission: write } },
    },
    (req) => service.list(contextOf(req, deps), req.query),
  );

  app.get(
    '/api/innovation/imports/:id',
    {
      schema: {
        tags,
        summary: 'Import status and progress (poll while validating or committing)',
        params: idParam,
        response: { 200: s.listImportView },
      },
      config: { access: { permission: write, scope: [byImport] } },
    },
    (req) => service.get(contextOf(req, deps), req.params.id),
  );

  app.post(
    '/api/innovation/imports/:id/validate',
    {
      schema: {
        tags,
        summary: 'Check every row with the confirmed column mapping (runs in the background)',
        params: idParam,
        body: s.validateBody,
        response: { 202: s.listImportView },
      },
      config: { access: { permission: write, scope: [byImport] } },
    },
    async (req, reply) => reply.status(202).send(await service.validate(contextOf(req, deps), req.params.id, req.body)),
  );

  app.post(
    '/api/innovation/imports/:id/commit',
    {
      schema: {
        tags,
        summary: 'Add the valid rows in batches (rows already registered add nothing), or resume an interrupted commit',
        params: idParam,
        body: commitImportBody,
        response: { 202: s.listImportView },
      },
      config: { access: { permission: write, scope: [byImport] } },
    },
    async (req, reply) => reply.status(202).send(await service.commit(contextOf(req, deps), req.params.id, req.body ?? {})),
  );

  app.get(
    '/api/innovation/imports/:id/errors',
    {
      schema: { tags, summary: 'Per-cell errors, by row', params: idParam, querystring: listQuery, response: { 200: importErrorList } },
      config: { access: { permission: write, scope: [byImport] } },
    },
    (req) => service.errors(contextOf(req, deps), req.params.id, req.query),
  );

  app.get(
    '/api/innovation/imports/:id/preview',
    {
      schema: {
        tags,
        summary: 'Checked rows as they will be applied',
        params: idParam,
        querystring: listQuery,
        response: { 200: s.listPreview },
      },
      config: { access: { permission: write, scope: [byImport] } },
    },
    (req) => service.preview(contextOf(req, deps), req.params.id, req.query),
  );

  app.get(
    '/api/innovation/imports/:id/error-report',
    {
      schema: {
        tags,
        params: idParam,
        querystring: errorReportQuery,
        summary: 'The rows as uploaded plus an error column (.xlsx): every row by default, rows=errors for the rows with errors only',
      },
      config: { access: { permission: write, scope: [byImport] } },
    },
    async (req, reply) => {
      const ctx = contextOf(req, deps);
      await sendErrorReport(reply, ctx.locale, await service.errorReport(ctx, req.params.id), req.query.rows === 'errors');
      return reply;
    },
  );
}
