// Skill certificate routes.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { idParam, personDetailView } from './people.schemas.js';
import { byPerson } from './people.routes.js';
import { addSkillBody, skillParams } from './skills.schemas.js';
import * as service from './skills.service.js';

export async function skillRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/people/:id/skills',
    {
      schema: {
        tags: ['people'],
        summary: 'Record a skill certificate (kept in the history; the most recent is the current level)',
        params: idParam,
        body: addSkillBody,
        response: { 201: personDetailView },
      },
      config: { access: { permission: 'people.write', scope: [byPerson] } },
    },
    async (req, reply) => reply.status(201).send(await service.addSkill(contextOf(req, deps), req.params.id, req.body)),
  );

  app.delete(
    '/api/people/:id/skills/:skillId',
    {
      schema: {
        tags: ['people'],
        summary: 'Remove a certificate recorded in error (the current level follows the remaining history)',
        params: skillParams,
        response: { 200: personDetailView },
      },
      config: { access: { permission: 'people.write', scope: [byPerson] } },
    },
    (req) => service.removeSkill(contextOf(req, deps), req.params.id, req.params.skillId),
  );
}
