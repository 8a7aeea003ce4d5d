// Organisation routes: thin — schema, access rule, one service call.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, registerScopeResolver, type AppDeps } from '../../platform/http.js';
import { findOrgPath } from './orgs.repository.js';
import * as s from './orgs.schemas.js';
import * as service from './orgs.service.js';
import { childRegions } from './regions.js';

const tags = ['orgs'];

export async function orgRoutes(root: FastifyInstance, deps: AppDeps) {
  registerScopeResolver(root, 'organisation', findOrgPath);
  const app = root.withTypeProvider<ZodTypeProvider>();
  const byId = { from: 'params', key: 'id', entity: 'organisation' } as const;

  app.get(
    '/api/orgs',
    {
      schema: {
        tags,
        summary: 'List the own organisation, children of parentId, or search by name in the subtree',
        querystring: s.listOrgsQuery,
        response: { 200: s.orgList },
      },
      config: { access: { permission: 'orgs.read', scope: [{ from: 'query', key: 'parentId', entity: 'organisation', reach: 'read' }] } },
    },
    (req) => service.listOrgs(contextOf(req, deps), req.query),
  );

  app.get(
    '/api/orgs/:id',
    {
      schema: { tags, summary: 'One organisation with its ancestors', params: s.idParam, response: { 200: s.orgDetailView } },
      config: { access: { permission: 'orgs.read', scope: [{ ...byId, reach: 'read' }] } },
    },
    (req) => service.getOrg(contextOf(req, deps), req.params.id),
  );

  app.post(
    '/api/orgs',
    {
      schema: { tags, summary: 'Create an organisation under parentId', body: s.createOrgBody, response: { 201: s.orgView } },
      config: { access: { permission: 'orgs.write', scope: [{ from: 'body', key: 'parentId', entity: 'organisation' }] } },
    },
    async (req, reply) => reply.status(201).send(await service.createOrg(contextOf(req, deps), req.body)),
  );

  app.patch(
    '/api/orgs/:id',
    {
      schema: { tags, summary: 'Rename or edit an organisation', params: s.idParam, body: s.updateOrgBody, response: { 200: s.orgView } },
      config: { access: { permission: 'orgs.write', scope: [byId] } },
    },
    (req) => service.updateOrg(contextOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/orgs/:id/move',
    {
      schema: {
        tags,
        summary: 'Move an organisation and its whole subtree under a new parent',
        params: s.idParam,
        body: s.moveOrgBody,
        response: { 200: s.orgView },
      },
      config: { access: { permission: 'orgs.write', scope: [byId, { from: 'body', key: 'parentId', entity: 'organisation' }] } },
    },
    (req) => service.moveOrg(contextOf(req, deps), req.params.id, req.body.parentId, req.body.version),
  );

  app.post(
    '/api/orgs/:id/archive',
    {
      schema: {
        tags,
        summary: 'Archive an organisation (it keeps its data)',
        params: s.idParam,
        querystring: s.versionQuery,
        response: { 200: s.orgView },
      },
      config: { access: { permission: 'orgs.write', scope: [byId] } },
    },
    (req) => service.setOrgStatus(contextOf(req, deps), req.params.id, 'archived', req.query.version),
  );

  app.post(
    '/api/orgs/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore an archived organisation',
        params: s.idParam,
        querystring: s.versionQuery,
        response: { 200: s.orgView },
      },
      config: { access: { permission: 'orgs.write', scope: [byId] } },
    },
    (req) => service.setOrgStatus(contextOf(req, deps), req.params.id, 'active', req.query.version),
  );

  app.delete(
    '/api/orgs/:id',
    {
      schema: { tags, summary: 'Delete an organisation that holds no data', params: s.idParam, response: { 204: z.null() } },
      config: { access: { permission: 'orgs.write', scope: [byId] } },
    },
    async (req, reply) => {
      await service.deleteOrg(contextOf(req, deps), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/regions',
    {
      schema: {
        tags,
        summary: 'GB/T 2260 administrative divisions below parentCode (provinces when omitted)',
        querystring: s.regionsQuery,
        response: { 200: s.regionList },
      },
      config: { access: { permission: 'orgs.read' } },
    },
    (req) => childRegions(req.query.parentCode ?? null),
  );
}
