// Routes of agenda proposals (议题征集): thin — schema, access rule, one service call. Reading is
// tasks.read for whoever sees the meeting (an invited unit its own proposals); proposing is the
// invited unit's (tasks.report, through its invitation); the deadline and decisions are the
// convenor's side (tasks.write). Record decisions are in agenda.service.ts and fieldwork.policy.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps, type RecordPolicy } from '../../platform/http.js';
import { idParam } from './fieldwork.schemas.js';
import { invitationOf, invitationPolicy, meetingOf, meetingPolicy } from './fieldwork.policy.js';
import * as s from './agenda.schemas.js';
import * as agenda from './agenda.service.js';
import { calendarQuery, calendarView } from './calendar.schemas.js';
import { calendar } from './calendar.service.js';

const tags = ['fieldwork'];
const proposalPolicy: RecordPolicy = {
  from: 'params',
  key: 'id',
  entity: 'agenda_proposal',
  check: (db, a, id) => agenda.loadProposal(db, a, id),
};
const proposalOf = (req: FastifyRequest) => req.scoped.record as agenda.LoadedProposal;

export async function agendaRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/meetings/:id/agenda-proposals',
    {
      schema: {
        tags,
        summary: 'The call for agenda items: its deadline and the proposals (an invited unit: its own)',
        params: idParam,
        response: { 200: s.proposalsView },
      },
      config: { access: { permission: 'tasks.read', policy: meetingPolicy('read') } },
    },
    (req) => agenda.listProposals(contextOf(req, deps), meetingOf(req)),
  );
  app.put(
    '/api/meetings/:id/proposal-deadline',
    {
      schema: {
        tags,
        summary: 'Open (or move, or close) the call for agenda items: the last day units may propose',
        params: idParam,
        body: s.proposalDeadlineBody,
        response: { 200: s.proposalsView },
      },
      config: { access: { permission: 'tasks.write', policy: meetingPolicy('edit') }, labels: 'proposal' },
    },
    (req) => agenda.setDeadline(contextOf(req, deps), meetingOf(req), req.body.deadline),
  );
  app.post(
    '/api/invitations/:id/agenda-proposals',
    {
      schema: {
        tags,
        summary: 'An invited unit proposes an agenda item (by the proposal deadline)',
        params: idParam,
        body: s.proposeBody,
        response: { 201: s.proposalView },
      },
      config: { access: { permission: 'tasks.report', policy: invitationPolicy('act') }, labels: 'proposal' },
    },
    async (req, reply) => reply.status(201).send(await agenda.propose(contextOf(req, deps), invitationOf(req), req.body)),
  );
  app.post(
    '/api/agenda-proposals/:id/accept',
    {
      schema: { tags, summary: "Accept a proposal: it joins the meeting's agenda", params: idParam, response: { 200: s.proposalView } },
      config: { access: { permission: 'tasks.write', policy: proposalPolicy } },
    },
    (req) => agenda.decide(contextOf(req, deps), proposalOf(req), { accept: true }),
  );
  app.post(
    '/api/agenda-proposals/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline a proposal, giving the reason',
        params: idParam,
        body: s.declineBody,
        response: { 200: s.proposalView },
      },
      config: { access: { permission: 'tasks.write', policy: proposalPolicy }, labels: 'proposal' },
    },
    (req) => agenda.decide(contextOf(req, deps), proposalOf(req), { accept: false, reason: req.body.reason }),
  );
}

/** The calendar of visits and meetings the caller sees in a range of days. */
export async function calendarRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/fieldwork/calendar',
    {
      schema: {
        tags,
        summary: 'Visits overlapping, and meetings held in, a range of days (at most 62) the caller sees',
        querystring: calendarQuery,
        response: { 200: calendarView },
      },
      config: { access: { permission: 'tasks.read' } },
    },
    (req) => calendar(contextOf(req, deps), req.query),
  );
}
