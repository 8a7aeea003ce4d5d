// Submission ledger routes (报送): thin — schema, access rule, one service call. A submission is
// reached through its article (the unit that owns it and the units above); the ledger and its
// counts cover the caller's subtree, or the unit named in the query within it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { articleOf, articlePolicy } from './news.policy.js';
import { idParam } from './news.schemas.js';
import * as s from './submissions.schemas.js';
import * as sub from './submissions.service.js';

const tags = ['news'];
const byOrgQuery = { from: 'query', key: 'orgId', entity: 'organisation' } as const;
const byOrgBody = { from: 'body', key: 'orgId', entity: 'organisation' } as const;

export async function submissionsRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/news/articles/:id/submissions',
    {
      schema: {
        tags,
        summary: 'Where an article was sent (报送) and whether it was adopted',
        params: idParam,
        response: { 200: s.submissionList },
      },
      config: { access: { permission: 'news.read', policy: articlePolicy('read') } },
    },
    (req) => sub.listSubmissions(contextOf(req, deps), articleOf(req)),
  );

  app.post(
    '/api/news/articles/:id/submissions',
    {
      schema: {
        tags,
        summary: 'Record that an article was sent to an outlet (and, when known, its outcome)',
        params: idParam,
        body: s.submissionBody,
        response: { 201: s.submissionView },
      },
      config: { access: { permission: 'news.write', policy: articlePolicy('edit') } },
    },
    async (req, reply) => reply.status(201).send(await sub.createSubmission(contextOf(req, deps), articleOf(req), req.body)),
  );

  app.patch(
    '/api/news/submissions/:id',
    {
      schema: {
        tags,
        summary: 'Change a submission or record its outcome (采用 with date and placement, or not adopted); stale versions answer 409',
        params: idParam,
        body: s.updateSubmissionBody,
        response: { 200: s.submissionView },
      },
      config: { access: { permission: 'news.write', policy: sub.submissionPolicy('edit') } },
    },
    (req) => sub.updateSubmission(contextOf(req, deps), sub.submissionOf(req), req.body),
  );

  app.delete(
    '/api/news/submissions/:id',
    {
      schema: { tags, summary: 'Delete a submission recorded by mistake', params: idParam },
      config: { access: { permission: 'news.write', policy: sub.submissionPolicy('edit') } },
    },
    async (req, reply) => {
      await sub.deleteSubmission(contextOf(req, deps), sub.submissionOf(req));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/news/submissions',
    {
      schema: {
        tags,
        summary: 'The submission ledger of the subtree: filter by period (sending date), unit, outlet and outcome',
        querystring: s.ledgerQuery,
        response: { 200: s.ledgerList },
      },
      config: { access: { permission: 'news.read', scope: [byOrgQuery] } },
    },
    (req) => sub.listLedger(contextOf(req, deps), req.query, req.scoped.organisation),
  );

  app.get(
    '/api/news/submissions/counts',
    {
      schema: {
        tags,
        summary: 'Sent and adopted per unit and per outlet for a period: information, never a ranking or score of units',
        querystring: s.countsQuery,
        response: { 200: s.countsView },
      },
      config: { access: { permission: 'news.read', scope: [byOrgQuery] } },
    },
    (req) => sub.countSubmissions(contextOf(req, deps), req.query, req.scoped.organisation),
  );

  app.get(
    '/api/news/submissions/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The counts per unit and outlet as .xlsx (title, unit, date; numbers as numbers, dates as dates)',
        querystring: s.countsQuery,
      },
      config: { access: { permission: 'news.read', scope: [byOrgQuery] } },
    },
    async (req, reply) => {
      await sub.exportCounts(contextOf(req, deps), req.query, req.scoped.organisation, reply);
      return reply;
    },
  );

  app.get(
    '/api/news/submissions/ledger.xlsx',
    {
      schema: {
        tags,
        summary: 'The ledger row by row as .xlsx, with the filters and order of the ledger page (title, unit, date; dates as dates)',
        querystring: s.ledgerExportQuery,
      },
      config: { access: { permission: 'news.read', scope: [byOrgQuery] } },
    },
    async (req, reply) => {
      await sub.exportLedger(contextOf(req, deps), req.query, req.scoped.organisation, reply);
      return reply;
    },
  );

  app.get(
    '/api/news/outlets',
    {
      schema: {
        tags,
        summary: "The outlets to choose from: the built-in list and those the unit's federations added",
        querystring: s.outletsQuery,
        response: { 200: s.outletList },
      },
      config: { access: { permission: 'news.read', scope: [byOrgQuery] } },
    },
    (req) => sub.listOutlets(contextOf(req, deps), req.scoped.organisation),
  );

  app.post(
    '/api/news/outlets',
    {
      schema: { tags, summary: "Add an outlet to a unit's list", body: s.outletBody, response: { 200: s.outletList } },
      config: { access: { permission: 'news.write', scope: [byOrgBody] } },
    },
    (req) => sub.addOutlet(contextOf(req, deps), req.body, req.scoped.organisation),
  );
}
