// Employee innovation routes: create a proposal, read it, take a workflow step, verify the benefit.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import {
  benefitBody,
  createItemBody,
  itemList,
  itemParams,
  itemView,
  listItemsQuery,
  stepBody,
  workerAccountBody,
  workerAccountView,
} from './proposals.schemas.js';
import * as service from './proposals.service.js';

const byItem = { from: 'params', key: 'id', entity: 'innovation_item' } as const;
// Reading reaches an industry union's affiliated enterprises too (platform/access.ts); steps and the benefit stay territorial.
const byItemRead = { ...byItem, reach: 'read' } as const;

export async function proposalsRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/proposals',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Create an innovation proposal (draft) with its proposers and their shares',
        body: createItemBody,
        response: { 201: itemView },
      },
      config: { access: { permission: 'innovation.write', scope: [{ from: 'body', key: 'orgId', entity: 'organisation' }] } },
    },
    async (req, reply) => reply.status(201).send(await service.createItem(contextOf(req, deps), req.body)),
  );

  app.get(
    '/api/proposals',
    {
      schema: {
        tags: ['proposals'],
        summary:
          "The review queue of the caller's subtree (by status; an industry union: also its affiliated enterprises'), or a worker's own proposals",
        querystring: listItemsQuery,
        response: { 200: itemList },
      },
      config: {
        access: { permission: 'innovation.read', scope: [{ from: 'query', key: 'orgId', entity: 'organisation', reach: 'read' }] },
      },
    },
    (req) => service.listItems(contextOf(req, deps), req.query),
  );

  app.get(
    '/api/proposals/:id',
    {
      schema: {
        tags: ['proposals'],
        summary: 'An innovation item with its benefit sheet',
        params: itemParams,
        response: { 200: itemView },
      },
      config: { access: { permission: 'innovation.read', scope: [byItemRead] } },
    },
    (req) => service.getItem(contextOf(req, deps), req.params.id),
  );

  app.post(
    '/api/proposals/:id/steps',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Take a workflow step (submit, return, not adopt with a reason, send to experts, adopt, implement, pay)',
        params: itemParams,
        body: stepBody,
        response: { 200: itemView },
      },
      config: { access: { permission: 'innovation.write', scope: [byItem] } },
    },
    (req) => service.takeStep(contextOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/proposals/:id/benefit',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Verify the benefit by a named formula (exact decimals, fen), pick the award tier and split the award',
        params: itemParams,
        body: benefitBody,
        response: { 200: itemView },
      },
      config: { access: { permission: 'innovation.write', scope: [byItem] } },
    },
    (req) => service.verifyBenefit(contextOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/proposals/worker-accounts',
    {
      schema: {
        tags: ['proposals'],
        summary: "Create a registry person's worker account (role worker, linked to the person; changes the password at first sign-in)",
        body: workerAccountBody,
        response: { 201: workerAccountView },
      },
      config: { access: { permission: 'people.write', scope: [{ from: 'body', key: 'personId', entity: 'person' }] } },
    },
    async (req, reply) => reply.status(201).send(await service.createWorkerAccount(contextOf(req, deps), req.body)),
  );
}
