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
  historyView,
  listItemsQuery,
  mergeBody,
  proposerList,
  proposerQuery,
  stepBody,
  workerAccountBody,
  workerAccountView,
} from './proposals.schemas.js';
import * as service from './proposals.service.js';
import {
  awardBody,
  createSelectionBody,
  dashboardQuery,
  dashboardView,
  entryList,
  entryParams,
  entryView,
  patentBody,
  patentList,
  patentView,
  recommendBody,
  reviewEntryBody,
  selectionList,
  selectionParams,
  selectionView,
} from './proposals.schemas.js';
import { XLSX_TYPE } from '../../platform/xlsx-report.js';
import * as dash from './dashboard.service.js';
import * as patents from './patents.service.js';
import * as upward from './upward.service.js';

const byItem = { from: 'params', key: 'id', entity: 'innovation_item' } as const;
// Reading reaches an industry union's affiliated enterprises too (platform/access.ts); steps and the benefit stay territorial.
const byItemRead = { ...byItem, reach: 'read' } as const;
const bySelection = { from: 'params', key: 'id', entity: 'innovation_selection' } as const;
const byEntry = { from: 'params', key: 'id', entity: 'innovation_entry' } as const;
const byOrgQuery = { from: 'query', key: 'orgId', entity: 'organisation' } as const;
const tags = ['proposals'];

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
    '/api/proposals/proposers',
    {
      schema: {
        tags: ['proposals'],
        summary: "People to name as proposers: the registry of an organisation's subtree by name (a worker: their enterprise's)",
        querystring: proposerQuery,
        response: { 200: proposerList },
      },
      config: { access: { permission: 'innovation.read', scope: [byOrgQuery] } },
    },
    (req) => service.searchProposers(contextOf(req, deps), req.query),
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

  // ---- merging duplicates (issue #16 item 3): a reviewer reaching both items
  app.post(
    '/api/proposals/:id/merge',
    {
      schema: {
        tags,
        summary:
          'Merge a duplicate into this item: its entries, awards and patents move here, the proposers become the list given, the duplicate is marked merged (reason required)',
        params: itemParams,
        body: mergeBody,
        response: { 200: itemView },
      },
      config: {
        access: {
          permission: 'innovation.write',
          scope: [byItem, { from: 'body', key: 'duplicateId', entity: 'innovation_item' }],
        },
      },
    },
    (req) => service.mergeItems(contextOf(req, deps), req.params.id, req.body),
  );
  app.get(
    '/api/proposals/:id/history',
    {
      schema: {
        tags,
        summary: "An item's timeline: its steps and those of the duplicates merged into it (marked with the duplicate)",
        params: itemParams,
        response: { 200: historyView },
      },
      config: { access: { permission: 'innovation.read', scope: [byItemRead] } },
    },
    (req) => service.itemHistory(contextOf(req, deps), req.params.id),
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

  // ---- upward selections (issue #16 item 5)
  app.get(
    '/api/proposals/selections',
    {
      schema: {
        tags,
        summary: "Selections of the caller's subtree (it reviews them) and of the organisations above it (it recommends into them)",
        response: { 200: selectionList },
      },
      config: { access: { permission: 'innovation.read' } },
    },
    (req) => upward.listSelections(contextOf(req, deps)),
  );
  app.post(
    '/api/proposals/selections',
    {
      schema: {
        tags,
        summary: "Open a selection of an organisation (a city's top-ten innovations, a five-smalls contest, an advanced-method naming)",
        body: createSelectionBody,
        response: { 201: selectionView },
      },
      config: { access: { permission: 'innovation.write', scope: [{ from: 'body', key: 'orgId', entity: 'organisation' }] } },
    },
    async (req, reply) => reply.status(201).send(await upward.createSelection(contextOf(req, deps), req.scoped.organisation!, req.body)),
  );
  app.get(
    '/api/proposals/selections/:id',
    {
      schema: {
        tags,
        summary: 'A selection (the selecting organisation and those below it)',
        params: selectionParams,
        response: { 200: selectionView },
      },
      config: { access: { permission: 'innovation.read' } },
    },
    (req) => upward.getSelection(contextOf(req, deps), req.params.id),
  );
  app.get(
    '/api/proposals/selections/:id/entries',
    {
      schema: {
        tags,
        summary: 'The entries recommended into a selection, for its review',
        params: selectionParams,
        response: { 200: entryList },
      },
      config: { access: { permission: 'innovation.read', scope: [bySelection] } },
    },
    (req) => upward.entriesOfSelection(contextOf(req, deps), req.params.id),
  );
  app.post(
    '/api/proposals/:id/recommend',
    {
      schema: {
        tags,
        summary: "Recommend an adopted result into a selection of an organisation above the caller's",
        params: itemParams,
        body: recommendBody,
        response: { 201: entryView },
      },
      config: { access: { permission: 'innovation.write', scope: [byItem] } },
    },
    async (req, reply) => reply.status(201).send(await upward.recommend(contextOf(req, deps), req.params.id, req.body)),
  );
  app.get(
    '/api/proposals/:id/entries',
    {
      schema: {
        tags,
        summary: "An item's entries the caller's subtree recommended or received",
        params: itemParams,
        response: { 200: entryList },
      },
      config: { access: { permission: 'innovation.read', scope: [byItem] } },
    },
    (req) => upward.entriesOfItem(contextOf(req, deps), req.params.id),
  );
  app.post(
    '/api/proposals/entries/:id/review',
    {
      schema: {
        tags,
        summary: 'Score, rank and decide an entry (selected / not selected with a reason)',
        params: entryParams,
        body: reviewEntryBody,
        response: { 200: entryView },
      },
      config: { access: { permission: 'innovation.write', scope: [byEntry] } },
    },
    (req) => upward.reviewEntry(contextOf(req, deps), req.params.id, req.body),
  );
  app.post(
    '/api/proposals/entries/:id/awards',
    {
      schema: {
        tags,
        summary: 'Record an award of a selected entry (name, tier, amount in yuan, exact to the fen)',
        params: entryParams,
        body: awardBody,
        response: { 200: entryView },
      },
      config: { access: { permission: 'innovation.write', scope: [byEntry] } },
    },
    (req) => upward.addAward(contextOf(req, deps), req.params.id, req.body),
  );

  // ---- patents (issue #16 item 6)
  app.get(
    '/api/proposals/:id/patents',
    {
      schema: { tags, summary: "An item's patents with their inventors in order", params: itemParams, response: { 200: patentList } },
      config: { access: { permission: 'innovation.read', scope: [byItemRead] } },
    },
    async (req) => {
      const ctx = contextOf(req, deps);
      // A worker reads the patents of their own proposals only (getItem checks it).
      await service.getItem(ctx, req.params.id);
      return patents.patentsOfItem(ctx, req.params.id);
    },
  );
  app.post(
    '/api/proposals/:id/patents',
    {
      schema: {
        tags,
        summary: 'Record a patent of an item: type, application and grant numbers and dates, inventors in order, job invention',
        params: itemParams,
        body: patentBody,
        response: { 201: patentView },
      },
      config: { access: { permission: 'innovation.write', scope: [byItem] } },
    },
    async (req, reply) => reply.status(201).send(await patents.addPatent(contextOf(req, deps), req.params.id, req.body)),
  );

  // ---- dashboard (issue #16 item 7)
  app.get(
    '/api/proposals/dashboard',
    {
      schema: {
        tags,
        summary: 'Employee innovation figures of an organisation (maintained totals), by category and by direct child',
        querystring: dashboardQuery,
        response: { 200: dashboardView },
      },
      config: { access: { permission: 'innovation.read', scope: [byOrgQuery] } },
    },
    (req) => dash.dashboard(contextOf(req, deps), req.scoped.organisation),
  );
  app.get(
    '/api/proposals/dashboard.xlsx',
    {
      schema: { tags, summary: 'The employee innovation figures as an Excel workbook', querystring: dashboardQuery, produces: [XLSX_TYPE] },
      config: { access: { permission: 'innovation.read', scope: [byOrgQuery] } },
    },
    (req, reply) => dash.exportDashboard(contextOf(req, deps), req.scoped.organisation, reply),
  );
}
