// Honour routes and the federations' craftsman titles.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { idParam, personDetailView } from './people.schemas.js';
import { byPerson } from './people.routes.js';
import * as s from './honours.schemas.js';
import * as service from './honours.service.js';

const tags = ['people'];

export async function honourRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/people/:id/honours',
    {
      schema: { tags, summary: 'Record an honour', params: idParam, body: s.addHonourBody, response: { 201: personDetailView } },
      config: { access: { permission: 'people.write', scope: [byPerson] } },
    },
    async (req, reply) => reply.status(201).send(await service.addHonour(contextOf(req, deps), req.params.id, req.body)),
  );

  app.delete(
    '/api/people/:id/honours/:honourId',
    {
      schema: { tags, summary: 'Remove an honour recorded in error', params: s.honourParams, response: { 200: personDetailView } },
      config: { access: { permission: 'people.write', scope: [byPerson] } },
    },
    (req) => service.removeHonour(contextOf(req, deps), req.params.id, req.params.honourId),
  );

  app.get(
    '/api/people/craftsman-titles',
    {
      schema: {
        tags,
        summary: 'Craftsman titles valid for an organisation (its own and those of the federations above it)',
        querystring: s.titlesQuery,
        response: { 200: s.titleList },
      },
      config: { access: { permission: 'people.read', scope: [{ from: 'query', key: 'orgId', entity: 'organisation' }] } },
    },
    (req) => service.listTitles(contextOf(req, deps), req.query.orgId),
  );

  app.post(
    '/api/people/craftsman-titles',
    {
      schema: {
        tags,
        summary: 'Define a craftsman title (e.g. 齐鲁工匠) for a federation and everything below it',
        body: s.createTitleBody,
        response: { 201: s.titleView },
      },
      config: {
        access: { permission: 'people.write', scope: [{ from: 'body', key: 'orgId', entity: 'organisation' }] },
        labels: 'craftsmanTitle',
      },
    },
    async (req, reply) => reply.status(201).send(await service.createTitle(contextOf(req, deps), req.body.orgId, req.body.name)),
  );

  app.delete(
    '/api/people/craftsman-titles/:id',
    {
      schema: {
        tags,
        summary: 'Remove a craftsman title (honours already recorded keep it)',
        params: idParam,
        response: { 204: z.null() },
      },
      config: { access: { permission: 'people.write' } },
    },
    async (req, reply) => {
      await service.deleteTitle(contextOf(req, deps), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
