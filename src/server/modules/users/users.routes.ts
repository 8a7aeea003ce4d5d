// User administration routes.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, registerScopeResolver, type AppDeps } from '../../platform/http.js';
import { findUserOrgPath } from './users.repository.js';
import * as s from './users.schemas.js';
import * as service from './users.service.js';

const tags = ['users'];
const noContent = { 204: z.null() };

export async function userRoutes(root: FastifyInstance, deps: AppDeps) {
  registerScopeResolver(root, 'user', findUserOrgPath);
  const app = root.withTypeProvider<ZodTypeProvider>();
  const byId = { from: 'params', key: 'id', entity: 'user' } as const;

  app.get(
    '/api/meta',
    {
      schema: { tags, summary: 'Roles, the roles the caller may grant, organisation kinds and levels', response: { 200: s.metaView } },
      config: { access: {} },
    },
    (req) => service.meta(contextOf(req, deps).actor),
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: "Users of the subtree (of orgId, default the caller's organisation)",
        querystring: s.listUsersQuery,
        response: { 200: s.userList },
      },
      config: { access: { permission: 'users.read', scope: [{ from: 'query', key: 'orgId', entity: 'organisation' }] } },
    },
    (req) => service.listUsers(contextOf(req, deps), req.query),
  );

  app.get(
    '/api/users/:id',
    {
      schema: { tags, summary: 'One user', params: s.idParam, response: { 200: s.userView } },
      config: { access: { permission: 'users.read', scope: [byId] } },
    },
    (req) => service.getUser(contextOf(req, deps), req.params.id),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create a user with an initial password (changed at first sign-in)',
        body: s.createUserBody,
        response: { 201: s.userView },
      },
      config: { access: { permission: 'users.write', scope: [{ from: 'body', key: 'orgId', entity: 'organisation' }] } },
    },
    async (req, reply) => reply.status(201).send(await service.createUser(contextOf(req, deps), req.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: "Change a user's name, organisation, roles or status",
        params: s.idParam,
        body: s.updateUserBody,
        response: { 200: s.userView },
      },
      config: { access: { permission: 'users.write', scope: [byId, { from: 'body', key: 'orgId', entity: 'organisation' }] } },
    },
    (req) => service.updateUser(contextOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: "Set a new initial password; ends the user's sessions",
        params: s.idParam,
        body: s.resetPasswordBody,
        response: noContent,
      },
      config: { access: { permission: 'users.write', scope: [byId] } },
    },
    async (req, reply) => {
      await service.resetPassword(contextOf(req, deps), req.params.id, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/users/:id/unlock',
    {
      schema: { tags, summary: 'Lift a lockout', params: s.idParam, response: noContent },
      config: { access: { permission: 'users.write', scope: [byId] } },
    },
    async (req, reply) => {
      await service.unlockUser(contextOf(req, deps), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/users/:id/reset-totp',
    {
      schema: { tags, summary: "Remove a user's TOTP enrolment (lost phone)", params: s.idParam, response: noContent },
      config: { access: { permission: 'users.write', scope: [byId] } },
    },
    async (req, reply) => {
      await service.resetTotp(contextOf(req, deps), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
