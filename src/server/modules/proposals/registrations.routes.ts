// Worker self-registration: the public request, and the enterprise union's queue with its decisions.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { idParam } from '../people/people.schemas.js';
import * as s from './registrations.schemas.js';
import * as service from './registrations.service.js';

const tags = ['proposals'];
const byRegistration = { from: 'params', key: 'id', entity: 'worker_registration' } as const;

export async function registrationsRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/worker-registrations',
    {
      schema: {
        tags,
        summary:
          'Signed out: a registry person asks for a worker account with their ID number and the mobile the registry holds (rate-limited; one refusal whichever did not match); it waits for the enterprise union',
        body: s.registerBody,
        response: { 201: s.registerView },
      },
      config: { access: { public: true } },
    },
    async (req, reply) => reply.status(201).send(await service.register(deps, req.body, { ip: req.ip, requestId: req.id })),
  );

  app.get(
    '/api/proposals/worker-registrations',
    {
      schema: {
        tags,
        summary: "Pending worker registrations of people in the caller's subtree (or one organisation of it), oldest first, masked",
        querystring: s.registrationQuery,
        response: { 200: s.registrationList },
      },
      config: { access: { permission: 'people.write', scope: [{ from: 'query', key: 'orgId', entity: 'organisation' }] } },
    },
    (req) => service.listPending(contextOf(req, deps), req.query),
  );

  app.post(
    '/api/proposals/worker-registrations/:id/confirm',
    {
      schema: {
        tags,
        summary: "Confirm a worker's registration: creates their worker account with the password they chose",
        params: idParam,
        response: { 201: s.confirmView },
      },
      config: { access: { permission: 'people.write', scope: [byRegistration] } },
    },
    async (req, reply) => reply.status(201).send(await service.confirm(contextOf(req, deps), req.params.id)),
  );

  app.post(
    '/api/proposals/worker-registrations/:id/reject',
    {
      schema: {
        tags,
        summary: "Reject a worker's registration with a reason (shown to them at sign-in)",
        params: idParam,
        body: s.rejectBody,
        response: { 204: z.null() },
      },
      config: { access: { permission: 'people.write', scope: [byRegistration] } },
    },
    async (req, reply) => {
      await service.reject(contextOf(req, deps), req.params.id, req.body.reason);
      return reply.status(204).send(null);
    },
  );
}
