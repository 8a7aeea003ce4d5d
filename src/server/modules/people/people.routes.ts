// Person routes: thin — schema, access rule, one service call.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { compiledSerializer } from '../../platform/compiled-serializer.js';
import * as s from './people.schemas.js';
import * as service from './people.service.js';
import { peopleMeta, peopleMetaView } from './people.meta.js';

const tags = ['people'];
export const byPerson = { from: 'params', key: 'id', entity: 'person' } as const;

export async function personRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/people/meta',
    {
      schema: {
        tags,
        summary: 'Skill levels, honours, education and employment codes with their labels, import fields',
        response: { 200: peopleMetaView },
      },
      config: { access: { permission: 'people.read' } },
    },
    () => peopleMeta(),
  );

  app.get(
    '/api/people',
    {
      schema: {
        tags,
        summary: 'Search people in the subtree (name, full ID number, last four of the ID); ID numbers and phones masked',
        querystring: s.listPeopleQuery,
        response: { 200: s.personList },
      },
      // The hottest read: written by a compiled serializer, not a zod pass (platform/compiled-serializer.ts).
      serializerCompiler: compiledSerializer,
      config: {
        access: {
          permission: 'people.read',
          scope: [{ from: 'query', key: 'orgId', entity: 'organisation', reach: 'read' }],
          // The own subtree's page goes in the session lookup's statement: one round trip (docs/design.md).
          readAlong: (req) => service.listPeopleAlongSession(deps.db, req.query as s.ListPeopleQuery),
        },
      },
    },
    (req) => service.listPeople(contextOf(req, deps), req.query, req.scoped.readAlong),
  );

  app.post(
    '/api/people/search',
    {
      schema: {
        tags,
        summary: 'The same search as GET /api/people with the criteria in the body, so a full ID number never appears in a URL',
        body: s.searchPeopleBody,
        response: { 200: s.personList },
      },
      // The hottest read: written by a compiled serializer, not a zod pass (platform/compiled-serializer.ts).
      serializerCompiler: compiledSerializer,
      config: {
        access: {
          permission: 'people.read',
          scope: [{ from: 'body', key: 'orgId', entity: 'organisation', reach: 'read' }],
          // As GET: the web app lists by this route, so an ID number never lands in a URL.
          readAlong: (req) => service.listPeopleAlongSession(deps.db, req.body as s.ListPeopleQuery),
        },
      },
    },
    (req) => service.listPeople(contextOf(req, deps), req.body, req.scoped.readAlong),
  );

  app.post(
    '/api/people',
    {
      schema: {
        tags,
        summary: 'Register a person; an ID number registered elsewhere becomes a transfer request',
        body: s.createPersonBody,
        response: { 201: s.createPersonResult, 202: s.createPersonResult },
      },
      config: { access: { permission: 'people.write', scope: [{ from: 'body', key: 'orgId', entity: 'organisation' }] } },
    },
    async (req, reply) => {
      const r = await service.createPerson(contextOf(req, deps), req.body);
      return reply.status(r.person ? 201 : 202).send(r);
    },
  );

  app.get(
    '/api/people/:id',
    {
      schema: {
        tags,
        summary: 'One person with skill history, honours and pending transfers (masked)',
        params: s.idParam,
        response: { 200: s.personDetailView },
      },
      config: { access: { permission: 'people.read', scope: [{ ...byPerson, reach: 'read' }] } },
    },
    (req) => service.getPerson(contextOf(req, deps), req.params.id),
  );

  app.patch(
    '/api/people/:id',
    {
      schema: {
        tags,
        summary: 'Edit a person (organisation changes go through a transfer)',
        params: s.idParam,
        body: s.updatePersonBody,
        response: { 200: s.personView },
      },
      config: { access: { permission: 'people.write', scope: [byPerson] } },
    },
    (req) => service.updatePerson(contextOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/people/:id/pii',
    {
      schema: {
        tags,
        summary: 'The unmasked ID number and phone (people.pii), for a stated purpose; audited as view_pii with the purpose',
        params: s.idParam,
        body: s.revealPiiBody,
        response: { 200: s.piiView },
      },
      config: { access: { permission: 'people.pii', scope: [{ ...byPerson, reach: 'read' }] } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return service.revealPii(contextOf(req, deps), req.params.id, req.body);
    },
  );
}
