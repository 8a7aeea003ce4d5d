// Routes of the files on field-work records: thin — schema, access rule, one service call. Attaching
// and removing is for whoever edits the record (tasks.write and the record's policy); downloading for
// whoever reads it (an agenda item's documents: every invited unit; a meeting's own documents: the
// convenor's side). The upload is the raw request body, named by `fileName` (as for report evidence).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { sendStoredFile } from '../../platform/files.js';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { idParam } from './fieldwork.schemas.js';
import { fileOf, filePolicy, meetingOf, meetingPolicy, problemOf, problemPolicy, visitOf, visitPolicy } from './fieldwork.policy.js';
import * as s from './files.schemas.js';
import * as files from './files.service.js';
import * as booklet from './booklet.service.js';

const tags = ['fieldwork'];
const TYPES = 'raw request body; pdf, png, jpeg, docx, xlsx, txt, csv; size-limited, type sniffed';

export async function fileRoutes(root: FastifyInstance, deps: AppDeps) {
  await root.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/visit-problems/:id/files',
      {
        schema: {
          tags,
          summary: `Attach a file to a visit problem (${TYPES})`,
          params: idParam,
          querystring: s.uploadQuery,
          response: { 201: s.fileView },
        },
        config: { access: { permission: 'tasks.write', policy: problemPolicy() } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await files.uploadForProblem(
              contextOf(req, deps),
              problemOf(req),
              req.query.fileName,
              req.body as Readable,
              req.headers['content-length'],
            ),
          ),
    );
    app.post(
      '/api/visits/:id/report/files',
      {
        schema: {
          tags,
          summary: `Attach a file to the visit report (${TYPES})`,
          params: idParam,
          querystring: s.uploadQuery,
          response: { 201: s.fileView },
        },
        config: { access: { permission: 'tasks.write', policy: visitPolicy('edit') } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await files.uploadForReport(
              contextOf(req, deps),
              visitOf(req),
              req.query.fileName,
              req.body as Readable,
              req.headers['content-length'],
            ),
          ),
    );
    app.post(
      '/api/meetings/:id/files',
      {
        schema: {
          tags,
          summary: `Attach a document to a meeting, or to one of its agenda items (${TYPES})`,
          params: idParam,
          querystring: s.meetingUploadQuery,
          response: { 201: s.fileView },
        },
        config: { access: { permission: 'tasks.write', policy: meetingPolicy('edit') } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await files.uploadForMeeting(
              contextOf(req, deps),
              meetingOf(req),
              req.query,
              req.body as Readable,
              req.headers['content-length'],
            ),
          ),
    );
  });

  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/fieldwork-files/:id',
    {
      schema: { tags, summary: 'Download a file of a visit problem, a visit report, a meeting or an agenda item', params: idParam },
      config: { access: { permission: 'tasks.read', policy: filePolicy('read') } },
    },
    async (req, reply) => {
      const f = await files.open(contextOf(req, deps), fileOf(req));
      return sendStoredFile(reply, f);
    },
  );
  app.delete(
    '/api/fieldwork-files/:id',
    {
      schema: { tags, summary: 'Remove a file of a visit problem, a visit report, a meeting or an agenda item', params: idParam },
      config: { access: { permission: 'tasks.write', policy: filePolicy('edit') } },
    },
    async (req, reply) => {
      await files.remove(contextOf(req, deps), fileOf(req));
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/meetings/:id/booklet.docx',
    {
      schema: {
        tags,
        summary: "The meeting's materials as a Word booklet: cover, agenda, each unit's submitted pre-meeting report",
        params: idParam,
      },
      config: { access: { permission: 'tasks.read', policy: meetingPolicy('read') } },
    },
    async (req, reply) => {
      const b = await booklet.bookletDocx(contextOf(req, deps), meetingOf(req));
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', b.disposition)
        .header('cache-control', 'private, no-store')
        .send(b.buffer);
    },
  );
}
