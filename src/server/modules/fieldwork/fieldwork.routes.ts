// Field work and meetings routes: thin — schema, access rule, one service call. Record decisions
// (who sees or changes a visit, problem, meeting, invitation) are in fieldwork.policy.ts. The module
// builds on the reform-task permissions: reading is tasks.read, planning and recording tasks.write,
// a unit's own replies and reports tasks.report.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import * as s from './fieldwork.schemas.js';
import * as visits from './visits.service.js';
import * as meetings from './meetings.service.js';
import * as exports from './fieldwork.export.js';
import * as origin from './origin.service.js';
import * as figures from './figures.service.js';
import {
  invitationOf,
  invitationPolicy,
  meetingOf,
  meetingPolicy,
  problemOf,
  problemPolicy,
  requirementOf,
  requirementPolicy,
  visitOf,
  visitPolicy,
} from './fieldwork.policy.js';

const tags = ['fieldwork'];
const byOrgBody = { from: 'body', key: 'orgId', entity: 'organisation' } as const;

export async function fieldworkRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  // ---- visits
  app.get(
    '/api/visits',
    {
      schema: {
        tags,
        summary: 'Research visits organised in, or hosted by, the subtree',
        querystring: s.listVisitsQuery,
        response: { 200: s.visitList },
      },
      config: { access: { permission: 'tasks.read' } },
    },
    (req) => visits.listVisits(contextOf(req, deps), req.query),
  );
  app.post(
    '/api/visits',
    {
      schema: {
        tags,
        summary: 'Plan a research visit (hosts: units the organiser reaches)',
        body: s.createVisitBody,
        response: { 201: s.visitView },
      },
      config: { access: { permission: 'tasks.write', scope: [byOrgBody] } },
    },
    async (req, reply) => reply.status(201).send(await visits.createVisit(contextOf(req, deps), req.body, req.scoped.organisation)),
  );
  app.get(
    '/api/visits/:id',
    {
      schema: {
        tags,
        summary: 'One visit with hosts, itinerary, findings, requirements, problems and their tasks (live)',
        params: s.idParam,
        response: { 200: s.visitView },
      },
      config: { access: { permission: 'tasks.read', policy: visitPolicy('read') } },
    },
    (req) => visits.getVisit(contextOf(req, deps), visitOf(req)),
  );
  app.patch(
    '/api/visits/:id',
    {
      schema: {
        tags,
        summary: 'Edit a visit (plan, itinerary, findings, report)',
        params: s.idParam,
        body: s.updateVisitBody,
        response: { 200: s.visitView },
      },
      config: { access: { permission: 'tasks.write', policy: visitPolicy('edit') } },
    },
    (req) => visits.updateVisit(contextOf(req, deps), visitOf(req), req.body),
  );
  app.post(
    '/api/visits/:id/transition',
    {
      schema: {
        tags,
        summary: 'Move a visit to its next state (closing needs every problem closed or carried over)',
        params: s.idParam,
        body: s.transitionBody,
        response: { 200: s.visitView },
      },
      config: { access: { permission: 'tasks.write', policy: visitPolicy('edit') } },
    },
    (req) => visits.transitionVisit(contextOf(req, deps), visitOf(req), req.body.to),
  );
  app.post(
    '/api/visits/:id/requirements',
    {
      schema: {
        tags,
        summary: 'Add a requirement raised by the team',
        params: s.idParam,
        body: s.requirementBody,
        response: { 200: s.visitView },
      },
      config: { access: { permission: 'tasks.write', policy: visitPolicy('edit') } },
    },
    (req) => visits.addRequirement(contextOf(req, deps), visitOf(req), req.body.text),
  );
  app.post(
    '/api/visits/:id/problems',
    {
      schema: {
        tags,
        summary: 'Add a problem to the problem list',
        params: s.idParam,
        body: s.problemBody,
        response: { 200: s.visitView },
      },
      config: { access: { permission: 'tasks.write', policy: visitPolicy('edit') } },
    },
    (req) => visits.addProblem(contextOf(req, deps), visitOf(req), req.body),
  );
  app.patch(
    '/api/visit-problems/:id',
    {
      schema: {
        tags,
        summary: 'Update a problem (status, measures taken; carry it over)',
        params: s.idParam,
        body: s.updateProblemBody,
        response: { 200: s.visitView },
      },
      config: { access: { permission: 'tasks.write', policy: problemPolicy() } },
    },
    (req) => visits.updateProblem(contextOf(req, deps), problemOf(req), req.body),
  );
  app.post(
    '/api/visit-problems/:id/task',
    {
      schema: {
        tags,
        summary: 'Turn a problem into a task, pre-filled and linked both ways',
        params: s.idParam,
        body: s.toTaskBody,
        response: { 200: s.visitView },
      },
      config: { access: { permission: 'tasks.write', policy: problemPolicy() } },
    },
    (req) => visits.problemToTask(contextOf(req, deps), problemOf(req), req.body),
  );
  app.post(
    '/api/visit-requirements/:id/task',
    {
      schema: {
        tags,
        summary: 'Turn a requirement into a task, pre-filled and linked both ways',
        params: s.idParam,
        body: s.toTaskBody,
        response: { 200: s.visitView },
      },
      config: { access: { permission: 'tasks.write', policy: requirementPolicy() } },
    },
    (req) => visits.requirementToTask(contextOf(req, deps), requirementOf(req), req.body),
  );
  app.get(
    '/api/visit-problems/export.xlsx',
    {
      schema: { tags, summary: 'The problem list of the visits the caller sees, as .xlsx', querystring: s.problemsExportQuery },
      config: { access: { permission: 'tasks.read' } },
    },
    async (req, reply) => {
      await exports.exportProblems(contextOf(req, deps), req.query, reply);
      return reply;
    },
  );

  // ---- meetings
  app.get(
    '/api/meeting-series',
    {
      schema: { tags, summary: 'Meeting series convened in the subtree', response: { 200: s.seriesList } },
      config: { access: { permission: 'tasks.read' } },
    },
    (req) => meetings.listSeries(contextOf(req, deps)),
  );
  app.post(
    '/api/meeting-series',
    {
      schema: {
        tags,
        summary: 'Create a meeting series (e.g. a joint meeting with numbered sessions)',
        body: s.createSeriesBody,
        response: { 201: s.seriesView },
      },
      config: { access: { permission: 'tasks.write', scope: [byOrgBody] }, labels: 'series' },
    },
    async (req, reply) => reply.status(201).send(await meetings.createSeries(contextOf(req, deps), req.body, req.scoped.organisation)),
  );
  app.get(
    '/api/meetings',
    {
      schema: {
        tags,
        summary: 'Meetings convened in the subtree or to which a unit of it is invited',
        querystring: s.listMeetingsQuery,
        response: { 200: s.meetingList },
      },
      config: { access: { permission: 'tasks.read' } },
    },
    (req) => meetings.listMeetings(contextOf(req, deps), req.query),
  );
  app.post(
    '/api/meetings',
    {
      schema: {
        tags,
        summary: 'Call a meeting (a session of a series, or a single meeting)',
        body: s.createMeetingBody,
        response: { 201: s.meetingView },
      },
      config: { access: { permission: 'tasks.write', scope: [byOrgBody] }, labels: 'meeting' },
    },
    async (req, reply) => reply.status(201).send(await meetings.createMeeting(contextOf(req, deps), req.body, req.scoped.organisation)),
  );
  app.get(
    '/api/meetings/:id',
    {
      schema: {
        tags,
        summary: 'One meeting (an invited unit outside the convenor’s subtree: its invitation, the agenda, issued minutes)',
        params: s.idParam,
        response: { 200: s.meetingView },
      },
      config: { access: { permission: 'tasks.read', policy: meetingPolicy('read') } },
    },
    (req) => meetings.getMeeting(contextOf(req, deps), meetingOf(req)),
  );
  app.patch(
    '/api/meetings/:id',
    {
      schema: {
        tags,
        summary: 'Edit a meeting (date, venue, agenda, invited units)',
        params: s.idParam,
        body: s.updateMeetingBody,
        response: { 200: s.meetingView },
      },
      config: { access: { permission: 'tasks.write', policy: meetingPolicy('edit') }, labels: 'meeting' },
    },
    (req) => meetings.updateMeeting(contextOf(req, deps), meetingOf(req).meeting, req.body),
  );
  app.put(
    '/api/meetings/:id/minutes',
    {
      schema: {
        tags,
        summary: 'Write the minutes (draft): attendance, speeches, conclusions',
        params: s.idParam,
        body: s.minutesBody,
        response: { 200: s.meetingView },
      },
      config: { access: { permission: 'tasks.write', policy: meetingPolicy('edit') } },
    },
    (req) => meetings.saveMinutes(contextOf(req, deps), meetingOf(req).meeting, req.body),
  );
  app.post(
    '/api/meetings/:id/minutes/sign-off',
    {
      schema: { tags, summary: 'Sign the minutes off', params: s.idParam, response: { 200: s.meetingView } },
      config: { access: { permission: 'tasks.write', policy: meetingPolicy('edit') } },
    },
    (req) => meetings.moveMinutes(contextOf(req, deps), meetingOf(req).meeting, 'signed_off'),
  );
  app.post(
    '/api/meetings/:id/minutes/issue',
    {
      schema: {
        tags,
        summary: 'Issue the signed-off minutes to the attending units (notified)',
        params: s.idParam,
        response: { 200: s.meetingView },
      },
      config: { access: { permission: 'tasks.write', policy: meetingPolicy('edit') } },
    },
    (req) => meetings.moveMinutes(contextOf(req, deps), meetingOf(req).meeting, 'issued'),
  );
  app.post(
    '/api/meetings/:id/decisions',
    {
      schema: {
        tags,
        summary: 'Record a decision and create its task (owner, co-units, deadline) in one action',
        params: s.idParam,
        body: s.decisionBody,
        response: { 200: s.meetingView },
      },
      config: { access: { permission: 'tasks.write', policy: meetingPolicy('edit') }, labels: 'decision' },
    },
    (req) => meetings.addDecision(contextOf(req, deps), meetingOf(req).meeting, req.body),
  );
  app.get(
    '/api/meetings/:id/briefing',
    {
      schema: {
        tags,
        summary: "The session's briefing: every decision of earlier sessions with its status now",
        params: s.idParam,
        response: { 200: s.briefingView },
      },
      config: { access: { permission: 'tasks.read', policy: meetingPolicy('read') } },
    },
    (req) => meetings.briefing(contextOf(req, deps), meetingOf(req)),
  );
  app.get(
    '/api/meeting-decisions/export.xlsx',
    {
      schema: { tags, summary: 'The decisions ledger of meetings convened in the subtree, as .xlsx', querystring: s.decisionsExportQuery },
      config: { access: { permission: 'tasks.read' } },
    },
    async (req, reply) => {
      await exports.exportDecisions(contextOf(req, deps), req.query, reply);
      return reply;
    },
  );

  // ---- invitations and pre-meeting reports
  app.post(
    '/api/invitations/:id/reply',
    {
      schema: {
        tags,
        summary: 'Reply to an invitation (attending, substitute, absent)',
        params: s.idParam,
        body: s.replyBody,
        response: { 200: s.invitationView },
      },
      config: { access: { permission: 'tasks.report', policy: invitationPolicy('act') } },
    },
    (req) => meetings.reply(contextOf(req, deps), invitationOf(req), req.body),
  );
  app.post(
    '/api/invitations/:id/sign-in',
    {
      schema: { tags, summary: 'Sign a unit in on the day', params: s.idParam, response: { 200: s.invitationView } },
      config: { access: { permission: 'tasks.read', policy: invitationPolicy('sign_in') } },
    },
    (req) => meetings.signIn(contextOf(req, deps), invitationOf(req)),
  );
  app.post(
    '/api/invitations/:id/report/prefill',
    {
      schema: {
        tags,
        summary: "Pre-fill the unit's implementation report from its task data in the meeting's programme and period",
        params: s.idParam,
        response: { 200: s.invitationView },
      },
      config: { access: { permission: 'tasks.report', policy: invitationPolicy('act') } },
    },
    (req) => meetings.prefillReport(contextOf(req, deps), invitationOf(req)),
  );
  app.put(
    '/api/invitations/:id/report',
    {
      schema: { tags, summary: 'Edit the draft report', params: s.idParam, body: s.reportBody, response: { 200: s.invitationView } },
      config: { access: { permission: 'tasks.report', policy: invitationPolicy('act') }, labels: 'report' },
    },
    (req) => meetings.editReport(contextOf(req, deps), invitationOf(req), req.body.text),
  );
  app.post(
    '/api/invitations/:id/report/submit',
    {
      schema: {
        tags,
        summary: 'Submit the report by the deadline (a snapshot from then on)',
        params: s.idParam,
        response: { 200: s.invitationView },
      },
      config: { access: { permission: 'tasks.report', policy: invitationPolicy('act') } },
    },
    (req) => meetings.submitReport(contextOf(req, deps), invitationOf(req)),
  );

  app.get(
    '/api/fieldwork/task-origin',
    {
      schema: {
        tags,
        summary: 'Where a task came from: a visit problem or requirement, or a meeting decision',
        querystring: s.taskOriginQuery,
        response: { 200: s.taskOriginView },
      },
      config: { access: { permission: 'tasks.read' } },
    },
    (req) => origin.taskOrigin(contextOf(req, deps), req.query.taskId),
  );

  app.get(
    '/api/fieldwork/figures',
    {
      schema: {
        tags,
        summary: "The year's field work and meeting figures of the caller's subtree (dashboard)",
        querystring: s.figuresQuery,
        response: { 200: s.figuresView },
      },
      config: { access: { permission: 'dashboard.read' } },
    },
    (req) => figures.figures(contextOf(req, deps), req.query),
  );
}
