// Routes of annual research plan items: thin — schema, access rule, one service call. Reading is
// tasks.read in the item's organisation's subtree; drafting, editing, approving and linking a visit
// are tasks.write (record decisions in plans.service.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps, type RecordPolicy } from '../../platform/http.js';
import { idParam } from './fieldwork.schemas.js';
import { visitOf, visitPolicy } from './fieldwork.policy.js';
import type { PlanItemRow } from './plans.repository.js';
import * as s from './plans.schemas.js';
import * as plans from './plans.service.js';

const tags = ['fieldwork'];
const byOrgBody = { from: 'body', key: 'orgId', entity: 'organisation' } as const;
const planPolicy = (action: 'read' | 'edit'): RecordPolicy => ({
  from: 'params',
  key: 'id',
  entity: 'plan_item',
  check: (db, a, id) => plans.loadPlanItem(db, a, id, action),
});
const planOf = (req: FastifyRequest) => req.scoped.record as PlanItemRow;

export async function plansRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/research-plan-items',
    {
      schema: {
        tags,
        summary: "The year's research plan items of the subtree's organisations",
        querystring: s.listPlanQuery,
        response: { 200: s.planList },
      },
      config: { access: { permission: 'tasks.read' } },
    },
    (req) => plans.listPlan(contextOf(req, deps), req.query.year),
  );
  app.post(
    '/api/research-plan-items',
    {
      schema: { tags, summary: 'Draft a research plan item', body: s.createPlanItemBody, response: { 201: s.planItemView } },
      config: { access: { permission: 'tasks.write', scope: [byOrgBody] }, labels: 'plan' },
    },
    async (req, reply) => reply.status(201).send(await plans.createPlanItem(contextOf(req, deps), req.body, req.scoped.organisation)),
  );
  app.get(
    '/api/research-plan-items/:id',
    {
      schema: {
        tags,
        summary: 'One research plan item with the visits that carry it out',
        params: idParam,
        response: { 200: s.planItemView },
      },
      config: { access: { permission: 'tasks.read', policy: planPolicy('read') } },
    },
    (req) => plans.getPlanItem(contextOf(req, deps), planOf(req)),
  );
  app.patch(
    '/api/research-plan-items/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft research plan item',
        params: idParam,
        body: s.updatePlanItemBody,
        response: { 200: s.planItemView },
      },
      config: { access: { permission: 'tasks.write', policy: planPolicy('edit') }, labels: 'plan' },
    },
    (req) => plans.updatePlanItem(contextOf(req, deps), planOf(req), req.body),
  );
  app.post(
    '/api/research-plan-items/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a draft research plan item (the organisation)',
        params: idParam,
        response: { 200: s.planItemView },
      },
      config: { access: { permission: 'tasks.write', policy: planPolicy('edit') } },
    },
    (req) => plans.approvePlanItem(contextOf(req, deps), planOf(req)),
  );
  app.get(
    '/api/visits/:id/plan-item',
    {
      schema: { tags, summary: 'The research plan item a visit carries out', params: idParam, response: { 200: s.visitPlanView } },
      config: { access: { permission: 'tasks.read', policy: visitPolicy('read') } },
    },
    (req) => plans.visitPlan(contextOf(req, deps), visitOf(req)),
  );
  app.put(
    '/api/visits/:id/plan-item',
    {
      schema: {
        tags,
        summary: "Link a visit to an approved item of its organiser's research plan (null: unlink)",
        params: idParam,
        body: s.visitPlanBody,
        response: { 200: s.visitPlanView },
      },
      config: { access: { permission: 'tasks.write', policy: visitPolicy('edit') }, labels: 'plan' },
    },
    (req) => plans.linkVisit(contextOf(req, deps), visitOf(req), req.body.planItemId),
  );
}
