// Industry-chain routes: thin — schema, access rule, one service call. Setting an affiliation is the
// enterprise's territorial chain's (scope reach 'territorial'); reading one is also the industry
// union's (reach 'read'); confirming, declining and ending are decided in industry.policy.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { affiliationOf, affiliationPolicy } from './industry.policy.js';
import * as s from './industry.schemas.js';
import * as service from './industry.service.js';

const tags = ['industry'];
const enterpriseById = { from: 'params', key: 'id', entity: 'organisation' } as const;

export async function industryRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/industries',
    {
      schema: {
        tags,
        summary: 'GB/T 4754-2017 industry sections and divisions (reference data, its vintage stated)',
        response: { 200: s.industriesView },
      },
      config: { access: { permission: 'orgs.read' } },
    },
    () => service.industries(),
  );

  app.get(
    '/api/industry-mapping',
    {
      schema: {
        tags,
        summary: 'Which industry unions serve which division (affiliations are proposed from it)',
        response: { 200: s.mappingView },
      },
      config: { access: { permission: 'orgs.read' } },
    },
    (req) => service.getMapping(contextOf(req, deps)),
  );

  app.put(
    '/api/industry-mapping/:division',
    {
      schema: {
        tags,
        summary: 'Set the industry unions of a division (national level only)',
        params: s.divisionParam,
        body: s.setMappingBody,
        response: { 200: s.mappingView },
      },
      config: { access: { permission: 'orgs.write' } },
    },
    (req) => service.setMapping(contextOf(req, deps), req.params.division, req.body.unionIds),
  );

  app.get(
    '/api/orgs/:id/affiliations',
    {
      schema: {
        tags,
        summary: "An enterprise's industry unions, history included",
        params: s.idParam,
        response: { 200: s.affiliationList },
      },
      config: { access: { permission: 'orgs.read', scope: [{ ...enterpriseById, reach: 'read' }] } },
    },
    (req) => service.listOfEnterprise(contextOf(req, deps), req.scoped.organisation!),
  );

  app.post(
    '/api/orgs/:id/affiliations',
    {
      schema: {
        tags,
        summary: 'Affiliate an enterprise to an industry union (its territorial chain sets it)',
        params: s.idParam,
        body: s.createAffiliationBody,
        response: { 200: s.affiliationList },
      },
      config: { access: { permission: 'orgs.write', scope: [enterpriseById] } },
    },
    (req) => service.createAffiliation(contextOf(req, deps), req.scoped.organisation!, req.body.unionId),
  );

  app.post(
    '/api/orgs/:id/affiliations/propose',
    {
      schema: {
        tags,
        summary: "Propose affiliations from the enterprise's industry code (to be confirmed by the unions)",
        params: s.idParam,
        response: { 200: s.affiliationList },
      },
      config: { access: { permission: 'orgs.write', scope: [enterpriseById] } },
    },
    (req) => service.proposeAffiliations(contextOf(req, deps), req.scoped.organisation!),
  );

  app.get(
    '/api/affiliations',
    {
      schema: {
        tags,
        summary: "An industry union's enterprises (default: the user's organisation), open affiliations unless status is given",
        querystring: s.listAffiliationsQuery,
        response: { 200: s.affiliationList },
      },
      config: { access: { permission: 'orgs.read', scope: [{ from: 'query', key: 'unionId', entity: 'organisation' }] } },
    },
    (req) => service.listAffiliated(contextOf(req, deps), req.query, req.scoped.organisation),
  );

  for (const action of ['confirm', 'decline', 'end'] as const)
    app.post(
      `/api/affiliations/:id/${action}`,
      {
        schema: {
          tags,
          summary: {
            confirm: 'Confirm a proposed affiliation (the industry union)',
            decline: 'Decline a proposed affiliation (the industry union)',
            end: 'End an affiliation (the industry union or the territorial chain); history is kept',
          }[action],
          params: s.idParam,
          response: { 200: s.affiliationView },
        },
        config: { access: { permission: 'orgs.write', policy: affiliationPolicy(action === 'end' ? 'end' : 'decide') } },
      },
      (req) => service.decide(contextOf(req, deps), affiliationOf(req), action),
    );
}
