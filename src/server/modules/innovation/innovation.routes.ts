// Innovation routes: thin — schema, access rule, one service call. Who may see or change a studio,
// call, application, naming or pair is decided in innovation.policy.ts and declared here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import * as s from './innovation.schemas.js';
import * as studios from './studios.service.js';
import * as naming from './naming.service.js';
import * as pairs from './pairs.service.js';
import * as ledger from './studios.export.js';
import { talentRecord } from './talent.service.js';
import * as dash from './dashboard.service.js';
import {
  applicationOf,
  applicationPolicy,
  callOf,
  callPolicy,
  namingOf,
  namingPolicy,
  pairOf,
  pairPolicy,
  studioOf,
  studioPolicy,
} from './innovation.policy.js';

const tags = ['innovation'];
const byOrgQuery = { from: 'query', key: 'orgId', entity: 'organisation' } as const;
/** Ledger reads: an industry union also reads the studios and pairs of its affiliated enterprises. */
const byOrgQueryRead = { ...byOrgQuery, reach: 'read' } as const;
const byOrgBody = { from: 'body', key: 'orgId', entity: 'organisation' } as const;
const read = 'innovation.read' as const;
const write = 'innovation.write' as const;

export async function innovationRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  // ---- categories
  app.get(
    '/api/studio-categories',
    {
      schema: {
        tags,
        summary: 'Studio categories: the default list and those of the federations above',
        querystring: s.categoriesQuery,
        response: { 200: s.categoryList },
      },
      config: { access: { permission: read, scope: [byOrgQuery] } },
    },
    (req) => studios.listCategories(contextOf(req, deps), req.scoped.organisation),
  );
  app.post(
    '/api/studio-categories',
    {
      schema: {
        tags,
        summary: 'Add a studio category of a federation (for it and everything below)',
        body: s.createCategoryBody,
        response: { 201: s.categoryList.shape.items.element },
      },
      config: { access: { permission: write, scope: [byOrgBody] } },
    },
    async (req, reply) => reply.status(201).send(await studios.createCategory(contextOf(req, deps), req.body.orgId, req.body.name)),
  );

  // ---- studios
  app.get(
    '/api/studios',
    {
      schema: {
        tags,
        summary: 'Studios of the subtree (filters, search, sorting, pages)',
        querystring: s.listStudiosQuery,
        response: { 200: s.studioList },
      },
      config: { access: { permission: read, scope: [byOrgQueryRead] } },
    },
    (req) => studios.listStudios(contextOf(req, deps), req.query, req.scoped.organisation),
  );
  app.get(
    '/api/studios/figures',
    {
      schema: {
        tags,
        summary: 'Figures of the subtree: studios named per level (once per level), active pairs, awards due',
        querystring: s.figuresQuery,
        response: { 200: s.figuresView },
      },
      config: { access: { permission: read, scope: [byOrgQueryRead] } },
    },
    (req) => studios.figures(contextOf(req, deps), req.scoped.organisation),
  );
  app.get(
    '/api/innovation/dashboard',
    {
      schema: {
        tags,
        summary: 'Studio figures (maintained totals) of an organisation per level × category, its children as drill-down, named vs quota',
        querystring: s.dashboardQuery,
        response: { 200: s.dashboardView },
      },
      config: { access: { permission: read, scope: [byOrgQuery] } },
    },
    (req) => dash.dashboard(contextOf(req, deps), req.scoped.organisation),
  );
  app.get(
    '/api/innovation/dashboard.xlsx',
    {
      schema: { tags, summary: 'The studio figures as an Excel workbook', querystring: s.dashboardQuery, produces: [ledger.XLSX_TYPE] },
      config: { access: { permission: read, scope: [byOrgQuery] } },
    },
    (req, reply) => dash.exportDashboard(contextOf(req, deps), req.scoped.organisation, reply),
  );
  app.get(
    '/api/studios/export.xlsx',
    {
      schema: { tags, summary: 'The studio ledger as an Excel workbook', querystring: s.exportStudiosQuery, produces: [ledger.XLSX_TYPE] },
      config: { access: { permission: read, scope: [byOrgQueryRead] } },
    },
    (req, reply) => ledger.exportStudios(contextOf(req, deps), req.query, req.scoped.organisation, reply),
  );
  app.post(
    '/api/studios',
    {
      schema: {
        tags,
        summary: 'Register a studio (its leader becomes its first member)',
        body: s.createStudioBody,
        response: { 201: s.studioDetail },
      },
      config: { access: { permission: write, scope: [byOrgBody] } },
    },
    async (req, reply) => reply.status(201).send(await studios.createStudio(contextOf(req, deps), req.body)),
  );
  app.get(
    '/api/studios/:id',
    {
      schema: {
        tags,
        summary: 'One studio with members, projects, funding, namings and applications',
        params: s.idParam,
        response: { 200: s.studioDetail },
      },
      config: { access: { permission: read, policy: studioPolicy('read') } },
    },
    (req) => studios.getStudio(contextOf(req, deps), studioOf(req).id),
  );
  app.patch(
    '/api/studios/:id',
    {
      schema: {
        tags,
        summary: 'Edit a studio (name, category, venue, equipment; closure)',
        params: s.idParam,
        body: s.updateStudioBody,
        response: { 200: s.studioDetail },
      },
      config: { access: { permission: write, policy: studioPolicy('write') } },
    },
    (req) => studios.updateStudio(contextOf(req, deps), studioOf(req), req.body),
  );
  app.post(
    '/api/studios/:id/members',
    {
      schema: {
        tags,
        summary: 'Add a member (a person of the registry)',
        params: s.idParam,
        body: s.addMemberBody,
        response: { 201: s.studioDetail },
      },
      config: { access: { permission: write, policy: studioPolicy('write') } },
    },
    async (req, reply) => reply.status(201).send(await studios.addMember(contextOf(req, deps), studioOf(req), req.body)),
  );
  app.post(
    '/api/studios/:id/members/:memberId/leave',
    {
      schema: {
        tags,
        summary: 'A member leaves the studio (kept in its history)',
        params: s.memberParams,
        body: s.leaveBody,
        response: { 200: s.studioDetail },
      },
      config: { access: { permission: write, policy: studioPolicy('write') } },
    },
    (req) => studios.memberLeaves(contextOf(req, deps), studioOf(req), req.params.memberId, req.body.leftOn),
  );
  app.post(
    '/api/studios/:id/projects',
    {
      schema: {
        tags,
        summary: 'Record a project (课题) with its approval document',
        params: s.idParam,
        body: s.addProjectBody,
        response: { 201: s.studioDetail },
      },
      config: { access: { permission: write, policy: studioPolicy('write') } },
    },
    async (req, reply) => reply.status(201).send(await studios.addProject(contextOf(req, deps), studioOf(req), req.body)),
  );
  app.post(
    '/api/studios/:id/funding',
    {
      schema: {
        tags,
        summary: 'Record a funding entry (yuan, exact to the fen)',
        params: s.idParam,
        body: s.addFundingBody,
        response: { 201: s.studioDetail },
      },
      config: { access: { permission: write, policy: studioPolicy('write') } },
    },
    async (req, reply) => reply.status(201).send(await studios.addFunding(contextOf(req, deps), studioOf(req), req.body)),
  );

  // ---- calls
  app.get(
    '/api/studio-calls',
    {
      schema: {
        tags,
        summary: 'Naming calls of the federations above, of the caller and below',
        querystring: s.listCallsQuery,
        response: { 200: s.callList },
      },
      config: { access: { permission: read } },
    },
    (req) => naming.listCalls(contextOf(req, deps), req.query.year),
  );
  app.post(
    '/api/studio-calls',
    {
      schema: { tags, summary: "Open a federation's annual naming call", body: s.createCallBody, response: { 201: s.callView } },
      config: { access: { permission: write, scope: [byOrgBody] } },
    },
    async (req, reply) => reply.status(201).send(await naming.createCall(contextOf(req, deps), req.body)),
  );
  app.get(
    '/api/studio-calls/:id',
    {
      schema: { tags, summary: 'One naming call', params: s.idParam, response: { 200: s.callView } },
      config: { access: { permission: read, policy: callPolicy() } },
    },
    (req) => naming.getCall(callOf(req)),
  );

  // ---- applications
  app.get(
    '/api/studio-applications',
    {
      schema: {
        tags,
        summary: 'Applications of studios in the subtree (mine: waiting for my organisation)',
        querystring: s.listApplicationsQuery,
        response: { 200: s.applicationList },
      },
      config: { access: { permission: read } },
    },
    (req) => naming.listApplications(contextOf(req, deps), req.query),
  );
  app.post(
    '/api/studio-applications',
    {
      schema: {
        tags,
        summary: 'Draft an application of a studio to a call',
        body: s.createApplicationBody,
        response: { 201: s.applicationView },
      },
      config: { access: { permission: write } },
    },
    async (req, reply) => reply.status(201).send(await naming.createApplication(contextOf(req, deps), req.body)),
  );
  app.get(
    '/api/studio-applications/:id',
    {
      schema: { tags, summary: 'One application with its steps', params: s.idParam, response: { 200: s.applicationView } },
      config: { access: { permission: read, policy: applicationPolicy('read') } },
    },
    (req) => naming.getApplication(contextOf(req, deps), applicationOf(req).id),
  );
  app.post(
    '/api/studio-applications/:id/submit',
    {
      schema: {
        tags,
        summary: "Submit (checks the call's conditions against the records)",
        params: s.idParam,
        response: { 200: s.applicationView },
      },
      config: { access: { permission: write, policy: applicationPolicy('write') } },
    },
    (req) => naming.submitApplication(contextOf(req, deps), applicationOf(req)),
  );
  app.post(
    '/api/studio-applications/:id/recommend',
    {
      schema: {
        tags,
        summary: 'Recommend to the next level up',
        params: s.idParam,
        body: s.noteBody,
        response: { 200: s.applicationView },
      },
      config: { access: { permission: write, policy: applicationPolicy('write') } },
    },
    (req) => naming.recommendApplication(contextOf(req, deps), applicationOf(req), req.body.note),
  );
  app.post(
    '/api/studio-applications/:id/return',
    {
      schema: {
        tags,
        summary: 'Return to the enterprise with a note',
        params: s.idParam,
        body: s.returnBody,
        response: { 200: s.applicationView },
      },
      config: { access: { permission: write, policy: applicationPolicy('write') } },
    },
    (req) => naming.returnApplication(contextOf(req, deps), applicationOf(req), req.body.note),
  );
  app.post(
    '/api/studio-applications/:id/review',
    {
      schema: {
        tags,
        summary: "The naming union's review: expert scores and site-visit notes",
        params: s.idParam,
        body: s.reviewBody,
        response: { 200: s.applicationView },
      },
      config: { access: { permission: write, policy: applicationPolicy('write') } },
    },
    (req) => naming.reviewApplication(contextOf(req, deps), applicationOf(req), req.body),
  );
  app.post(
    '/api/studio-applications/:id/name',
    {
      schema: {
        tags,
        summary: 'Name the studio (a new naming record of the same studio)',
        params: s.idParam,
        body: s.nameBody,
        response: { 200: s.applicationView },
      },
      config: { access: { permission: write, policy: applicationPolicy('write') } },
    },
    (req) => naming.nameStudio(contextOf(req, deps), applicationOf(req), req.body),
  );

  // ---- namings
  app.post(
    '/api/studio-namings/:id/assessments',
    {
      schema: {
        tags,
        summary: 'Annual assessment against the checklist (result, rectification deadline)',
        params: s.idParam,
        body: s.assessBody,
        response: { 201: s.namingView },
      },
      config: { access: { permission: write, policy: namingPolicy('write') } },
    },
    async (req, reply) => reply.status(201).send(await naming.assess(contextOf(req, deps), namingOf(req), req.body)),
  );
  app.get(
    '/api/studio-namings/:id/assessment-draft',
    {
      schema: {
        tags,
        summary: 'The checklist of a year with the items the records answer pre-filled (marked computed)',
        params: s.idParam,
        querystring: s.draftQuery,
        response: { 200: s.assessmentDraft },
      },
      config: { access: { permission: read, policy: namingPolicy('read') } },
    },
    (req) => naming.assessmentDraft(contextOf(req, deps), namingOf(req), req.query.year),
  );
  app.post(
    '/api/studio-namings/:id/revoke',
    {
      schema: { tags, summary: 'Revoke the naming (摘牌)', params: s.idParam, body: s.revokeBody, response: { 200: s.namingView } },
      config: { access: { permission: write, policy: namingPolicy('write') } },
    },
    (req) => naming.revoke(contextOf(req, deps), namingOf(req), req.body),
  );

  // ---- mentorships
  app.get(
    '/api/mentorships',
    {
      schema: {
        tags,
        summary: 'Mentor–apprentice pairs of the subtree, with their outcome',
        querystring: s.listPairsQuery,
        response: { 200: s.pairList },
      },
      config: { access: { permission: read, scope: [byOrgQueryRead] } },
    },
    (req) => pairs.listPairs(contextOf(req, deps), req.query, req.scoped.organisation),
  );
  app.post(
    '/api/mentorships',
    {
      schema: { tags, summary: 'Propose a mentor–apprentice agreement', body: s.createPairBody, response: { 201: s.pairView } },
      config: { access: { permission: write, scope: [byOrgBody] } },
    },
    async (req, reply) => reply.status(201).send(await pairs.createPair(contextOf(req, deps), req.body)),
  );
  app.get(
    '/api/mentorships/:id',
    {
      schema: { tags, summary: 'One pair; its outcome read from the skill history', params: s.idParam, response: { 200: s.pairView } },
      config: { access: { permission: read, policy: pairPolicy('read') } },
    },
    (req) => pairs.pairView(contextOf(req, deps), pairOf(req)),
  );
  app.post(
    '/api/mentorships/:id/transition',
    {
      schema: {
        tags,
        summary: 'Move the pair to its next state',
        params: s.idParam,
        body: s.transitionBody,
        response: { 200: s.pairView },
      },
      config: { access: { permission: write, policy: pairPolicy('write') } },
    },
    (req) => pairs.transition(contextOf(req, deps), pairOf(req), req.body),
  );
  app.get(
    '/api/innovation/settings',
    {
      schema: {
        tags,
        summary: 'Settings in force at an organisation (apprentices per master)',
        querystring: s.settingsQuery,
        response: { 200: s.settingsView },
      },
      config: { access: { permission: read, scope: [byOrgQuery] } },
    },
    (req) => pairs.getSettings(contextOf(req, deps), req.scoped.organisation),
  );
  app.put(
    '/api/innovation/settings',
    {
      schema: {
        tags,
        summary: 'Set the apprentices per master for an organisation and below',
        body: s.settingsBody,
        response: { 200: s.settingsView },
      },
      config: { access: { permission: write, scope: [byOrgBody] } },
    },
    (req) => pairs.putSettings(contextOf(req, deps), req.scoped.organisation!, req.body.maxApprentices),
  );

  // ---- the talent record
  app.get(
    '/api/people/:id/talent',
    {
      schema: {
        tags,
        summary: "A person's talent record: one timeline of skills, honours, studio roles and pairs",
        params: z.strictObject({ id: s.id }),
        response: { 200: s.talentView },
      },
      config: { access: { permission: 'people.read', scope: [{ from: 'params', key: 'id', entity: 'person' }] } },
    },
    (req) => talentRecord(contextOf(req, deps), req.params.id),
  );
}
