// Routes of questionnaires and status returns: thin — schema, access rule, one service call. The
// organiser's subtree sends and manages (tasks.write); a recipient unit reads and answers only its
// own return (tasks.report); see returns.service.ts for the record decisions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps, type RecordPolicy } from '../../platform/http.js';
import { idParam } from './fieldwork.schemas.js';
import * as s from './returns.schemas.js';
import * as returns from './returns.service.js';
import { exportReturn } from './returns.export.js';

const tags = ['fieldwork'];
const byOrgBody = { from: 'body', key: 'orgId', entity: 'organisation' } as const;
const returnPolicy: RecordPolicy = {
  from: 'params',
  key: 'id',
  entity: 'status_return',
  check: (db, a, id) => returns.loadReturn(db, a, id),
};
const answerPolicy: RecordPolicy = {
  from: 'params',
  key: 'id',
  entity: 'return_answer',
  check: (db, a, id) => returns.loadAnswer(db, a, id),
};
const returnOf = (req: FastifyRequest) => req.scoped.record as returns.LoadedReturn;
const answerOf = (req: FastifyRequest) => req.scoped.record as returns.LoadedAnswer;

export async function returnsRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/returns',
    {
      schema: { tags, summary: 'Status returns organised in, or sent to, the subtree', response: { 200: s.returnList } },
      config: { access: { permission: 'tasks.read' } },
    },
    (req) => returns.listReturns(contextOf(req, deps)),
  );
  app.post(
    '/api/returns',
    {
      schema: {
        tags,
        summary: 'Send a questionnaire or status return to units the organiser reaches',
        body: s.createReturnBody,
        response: { 201: s.returnView },
      },
      config: { access: { permission: 'tasks.write', scope: [byOrgBody] } },
    },
    async (req, reply) => reply.status(201).send(await returns.createReturn(contextOf(req, deps), req.body, req.scoped.organisation)),
  );
  app.get(
    '/api/returns/:id',
    {
      schema: {
        tags,
        summary: "A return: the organiser's side sees every answer and the roll-up, a recipient its own",
        params: idParam,
        response: { 200: s.returnView },
      },
      config: { access: { permission: 'tasks.read', policy: returnPolicy } },
    },
    (req) => returns.getReturn(contextOf(req, deps), returnOf(req)),
  );
  app.get(
    '/api/returns/:id/export.xlsx',
    {
      schema: { tags, summary: 'Every submitted answer and the roll-up, as .xlsx (organiser side)', params: idParam },
      config: { access: { permission: 'tasks.read', policy: returnPolicy } },
    },
    async (req, reply) => {
      await exportReturn(contextOf(req, deps), returnOf(req), reply);
      return reply;
    },
  );
  app.put(
    '/api/return-answers/:id',
    {
      schema: {
        tags,
        summary: "Save a unit's answers as a draft",
        params: idParam,
        body: s.saveAnswersBody,
        response: { 200: s.returnView },
      },
      config: { access: { permission: 'tasks.report', policy: answerPolicy } },
    },
    (req) => returns.saveAnswers(contextOf(req, deps), answerOf(req), req.body, false),
  );
  app.post(
    '/api/return-answers/:id/submit',
    {
      schema: {
        tags,
        summary: "Submit a unit's answers (by the deadline; every required question answered)",
        params: idParam,
        body: s.saveAnswersBody,
        response: { 200: s.returnView },
      },
      config: { access: { permission: 'tasks.report', policy: answerPolicy } },
    },
    (req) => returns.saveAnswers(contextOf(req, deps), answerOf(req), req.body, true),
  );
}
