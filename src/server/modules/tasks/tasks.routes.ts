// Reform-task routes: thin — schema, access rule, one service call. Who may see or change a
// programme, task, report, attachment or notice is decided in tasks.policy.ts and declared here next
// to the permission (`policy`); the access hook runs it before the handler (out of sight is 404,
// not allowed is 403) and hands the loaded record over (`taskOf(req)` …). A task is seen by the units
// of its lead's and its co-units' ancestors, which one organisation path cannot express.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { sendStoredFile } from '../../platform/files.js';
import { contextOf, type AppDeps } from '../../platform/http.js';
import * as s from './tasks.schemas.js';
import * as programmes from './programmes.service.js';
import * as tasks from './tasks.service.js';
import * as reports from './reports.service.js';
import * as attachments from './attachments.service.js';
import * as supervision from './supervision.service.js';
import * as ledger from './ledger-export.js';
import * as summary from './summary.service.js';
import {
  answerSupervisionPolicy,
  attachmentOf,
  attachmentPolicy,
  goalOf,
  goalPolicy,
  programmeOf,
  programmePolicy,
  reportOf,
  reportPolicy,
  supervisionOf,
  tagOf,
  tagPolicy,
  taskOf,
  taskPolicy,
} from './tasks.policy.js';

const tags = ['tasks'];
const byOrgQuery = { from: 'query', key: 'orgId', entity: 'organisation' } as const;
/** Ledger reads: an industry union also reads the tasks of its affiliated enterprises. */
const byOrgQueryRead = { ...byOrgQuery, reach: 'read' } as const;
const byOrgBody = { from: 'body', key: 'orgId', entity: 'organisation' } as const;

export async function taskRoutes(root: FastifyInstance, deps: AppDeps) {
  // The raw-body upload: every content type is read as a stream (the type is sniffed, never trusted).
  await root.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/reports/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Attach an evidence file (raw request body; pdf, png, jpeg, docx, xlsx, txt, csv; size-limited, type sniffed)',
          params: s.idParam,
          querystring: s.uploadQuery,
          response: { 201: s.attachmentView },
        },
        config: { access: { permission: 'tasks.report', policy: reportPolicy('report') } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await attachments.upload(
              contextOf(req, deps),
              reportOf(req),
              req.query.fileName,
              req.body as Readable,
              req.headers['content-length'],
            ),
          ),
    );
  });

  const app = root.withTypeProvider<ZodTypeProvider>();

  // ---- programmes, goals, tags
  app.get(
    '/api/programmes',
    {
      schema: {
        tags,
        summary: 'Programmes of the subtree and of the ancestors with tasks handed into it',
        querystring: s.listProgrammesQuery,
        response: { 200: s.programmeList },
      },
      config: { access: { permission: 'tasks.read', scope: [byOrgQuery] } },
    },
    (req) => programmes.listProgrammes(contextOf(req, deps), req.query, req.scoped.organisation),
  );

  app.post(
    '/api/programmes',
    {
      schema: {
        tags,
        summary: 'Create a programme (owner: a federation at or below the caller)',
        body: s.createProgrammeBody,
        response: { 201: s.programmeDetailView },
      },
      config: { access: { permission: 'tasks.write', scope: [byOrgBody] }, labels: 'programme' },
    },
    async (req, reply) => reply.status(201).send(await programmes.createProgramme(contextOf(req, deps), req.body)),
  );

  app.get(
    '/api/programmes/:id',
    {
      schema: { tags, summary: 'One programme with its goals and tags', params: s.idParam, response: { 200: s.programmeDetailView } },
      config: { access: { permission: 'tasks.read', policy: programmePolicy('read') } },
    },
    (req) => programmes.getProgramme(contextOf(req, deps), programmeOf(req)),
  );

  app.patch(
    '/api/programmes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a programme',
        params: s.idParam,
        body: s.updateProgrammeBody,
        response: { 200: s.programmeDetailView },
      },
      config: { access: { permission: 'tasks.write', policy: programmePolicy('edit') }, labels: 'programme' },
    },
    (req) => programmes.updateProgramme(contextOf(req, deps), programmeOf(req), req.body),
  );

  app.get(
    '/api/programmes/:id/summary',
    {
      schema: {
        tags,
        summary: 'Symposium view: per lead unit, reports of the period, narratives, metric totals vs targets, overdue items',
        params: s.idParam,
        querystring: s.summaryQuery,
        response: { 200: s.summaryView },
      },
      config: { access: { permission: 'tasks.read', policy: programmePolicy('read') } },
    },
    (req) => summary.programmeSummary(contextOf(req, deps), programmeOf(req), req.query.period),
  );

  app.post(
    '/api/programmes/:id/goals',
    {
      schema: { tags, summary: 'Add a goal to a programme', params: s.idParam, body: s.createGoalBody, response: { 201: s.goalView } },
      config: { access: { permission: 'tasks.write', policy: programmePolicy('edit') }, labels: 'goal' },
    },
    async (req, reply) => reply.status(201).send(await programmes.createGoal(contextOf(req, deps), programmeOf(req), req.body)),
  );

  app.patch(
    '/api/goals/:id',
    {
      schema: { tags, summary: 'Edit a goal', params: s.idParam, body: s.updateGoalBody, response: { 200: s.goalView } },
      config: { access: { permission: 'tasks.write', policy: goalPolicy() }, labels: 'goal' },
    },
    (req) => programmes.updateGoal(contextOf(req, deps), goalOf(req), req.body),
  );

  app.get(
    '/api/task-tags',
    {
      schema: {
        tags,
        summary: "Tags configured by the nearest federation at or above the organisation (default: the caller's)",
        querystring: s.tagsQuery,
        response: { 200: s.tagList },
      },
      config: { access: { permission: 'tasks.read', scope: [byOrgQuery] } },
    },
    (req) => programmes.listTags(contextOf(req, deps), req.scoped.organisation),
  );

  app.post(
    '/api/task-tags',
    {
      schema: {
        tags,
        summary: 'Configure a tag (e.g. one of the four chains) for a federation',
        body: s.createTagBody,
        response: { 201: s.tagView },
      },
      config: { access: { permission: 'tasks.write', scope: [byOrgBody] }, labels: 'tag' },
    },
    async (req, reply) => reply.status(201).send(await programmes.createTag(contextOf(req, deps), req.body)),
  );

  app.delete(
    '/api/task-tags/:id',
    {
      schema: { tags, summary: 'Remove a tag (and its links to programmes and tasks)', params: s.idParam },
      config: { access: { permission: 'tasks.write', policy: tagPolicy() } },
    },
    async (req, reply) => {
      await programmes.deleteTag(contextOf(req, deps), tagOf(req));
      return reply.status(204).send();
    },
  );

  // ---- tasks
  app.get(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: 'The ledger: tasks in the subtree (led or co-led) with computed status and rolled-up targets',
        querystring: s.listTasksQuery,
        response: { 200: s.taskList },
      },
      config: { access: { permission: 'tasks.read', scope: [byOrgQueryRead] } },
    },
    (req) => tasks.listTasks(contextOf(req, deps), req.query, req.scoped.organisation),
  );

  app.get(
    '/api/tasks/board',
    {
      schema: {
        tags,
        summary: 'Supervision board: counts by status, overdue and at-risk lists of the subtree',
        querystring: s.boardQuery,
        response: { 200: s.boardView },
      },
      config: { access: { permission: 'tasks.read', scope: [byOrgQueryRead] } },
    },
    (req) => tasks.board(contextOf(req, deps), req.query, req.scoped.organisation),
  );

  app.get(
    '/api/tasks/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The ledger as .xlsx in the meeting layout (title, two merged header rows), streamed',
        querystring: s.exportTasksQuery,
      },
      config: { access: { permission: 'tasks.read', scope: [byOrgQueryRead] } },
    },
    async (req, reply) => {
      await ledger.exportLedger(contextOf(req, deps), req.query, reply, req.scoped.organisation);
      return reply;
    },
  );

  app.post(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: "Create a task under a goal (lead unit in the caller's subtree; lower levels add optional tasks)",
        body: s.createTaskBody,
        response: { 201: s.taskDetailView },
      },
      config: { access: { permission: 'tasks.write', scope: [byOrgBody] } },
    },
    async (req, reply) => reply.status(201).send(await tasks.createTask(contextOf(req, deps), req.body, req.scoped.organisation!)),
  );

  app.get(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'One task: targets with actuals, co-units, tags, parent, children, reports, supervision, permissions',
        params: s.idParam,
        response: { 200: s.taskDetailView },
      },
      config: { access: { permission: 'tasks.read', policy: taskPolicy('read') } },
    },
    (req) => tasks.getTask(contextOf(req, deps), taskOf(req)),
  );

  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Edit a task (the assigning level)',
        params: s.idParam,
        body: s.updateTaskBody,
        response: { 200: s.taskDetailView },
      },
      config: { access: { permission: 'tasks.write', policy: taskPolicy('edit') } },
    },
    (req) => tasks.updateTask(contextOf(req, deps), taskOf(req), req.body),
  );

  app.delete(
    '/api/tasks/:id',
    {
      schema: { tags, summary: 'Delete a task that has no reports and no child tasks', params: s.idParam },
      config: { access: { permission: 'tasks.write', policy: taskPolicy('edit') } },
    },
    async (req, reply) => {
      await tasks.deleteTask(contextOf(req, deps), taskOf(req));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/tasks/:id/hand-down',
    {
      schema: {
        tags,
        summary: "Break the task down into one child task per unit of the lead unit's subtree",
        params: s.idParam,
        body: s.handDownBody,
        response: { 201: s.handDownResult },
      },
      config: { access: { permission: 'tasks.write', policy: taskPolicy('hand_down') } },
    },
    async (req, reply) => reply.status(201).send(await tasks.handDown(contextOf(req, deps), taskOf(req), req.body)),
  );

  app.get(
    '/api/tasks/:id/children',
    {
      schema: { tags, summary: 'The child tasks (hand-down) with their progress', params: s.idParam, response: { 200: s.childrenList } },
      config: { access: { permission: 'tasks.read', policy: taskPolicy('read') } },
    },
    (req) => tasks.listChildren(contextOf(req, deps), taskOf(req)),
  );

  // ---- reports
  app.get(
    '/api/tasks/:id/reports',
    {
      schema: { tags, summary: 'Progress reports of a task, newest period first', params: s.idParam, response: { 200: s.reportList } },
      config: { access: { permission: 'tasks.read', policy: taskPolicy('read') } },
    },
    (req) => reports.listReports(contextOf(req, deps), taskOf(req)),
  );

  app.post(
    '/api/tasks/:id/reports',
    {
      schema: {
        tags,
        summary: 'Start the report of a period (draft), by the lead unit',
        params: s.idParam,
        body: s.createReportBody,
        response: { 201: s.reportDetailView },
      },
      config: { access: { permission: 'tasks.report', policy: taskPolicy('report') } },
    },
    async (req, reply) => reply.status(201).send(await reports.createReport(contextOf(req, deps), taskOf(req), req.body)),
  );

  app.get(
    '/api/reviews',
    {
      schema: {
        tags,
        summary: "Review queue: submitted reports of tasks assigned by an organisation in the caller's subtree",
        querystring: s.reviewQueueQuery,
        response: { 200: s.reviewQueue },
      },
      config: { access: { permission: 'tasks.write' } },
    },
    (req) => reports.reviewQueue(contextOf(req, deps), req.query),
  );

  app.get(
    '/api/reports/:id',
    {
      schema: {
        tags,
        summary: 'A report: current content, all submitted versions, attachments, review history',
        params: s.idParam,
        response: { 200: s.reportDetailView },
      },
      config: { access: { permission: 'tasks.read', policy: reportPolicy('read') } },
    },
    (req) => reports.getReport(contextOf(req, deps), reportOf(req)),
  );

  app.patch(
    '/api/reports/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft or returned report',
        params: s.idParam,
        body: s.updateReportBody,
        response: { 200: s.reportDetailView },
      },
      config: { access: { permission: 'tasks.report', policy: reportPolicy('report') } },
    },
    (req) => reports.updateReport(contextOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/reports/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit (or resubmit) the report for review; a version is kept',
        params: s.idParam,
        response: { 200: s.reportDetailView },
      },
      config: { access: { permission: 'tasks.report', policy: reportPolicy('report') } },
    },
    (req) => reports.submitReport(contextOf(req, deps), req.params.id),
  );

  app.post(
    '/api/reports/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a submitted report (the assigning level); progress rolls up',
        params: s.idParam,
        response: { 200: s.reportDetailView },
      },
      config: { access: { permission: 'tasks.write', policy: reportPolicy('review') } },
    },
    (req) => reports.acceptReport(contextOf(req, deps), req.params.id),
  );

  app.post(
    '/api/reports/:id/return',
    {
      schema: {
        tags,
        summary: 'Return a submitted report for rework, with a reason (the assigning level)',
        params: s.idParam,
        body: s.returnReportBody,
        response: { 200: s.reportDetailView },
      },
      config: { access: { permission: 'tasks.write', policy: reportPolicy('review') } },
    },
    (req) => reports.returnReport(contextOf(req, deps), req.params.id, req.body.reason),
  );

  app.get(
    '/api/attachments/:id',
    {
      schema: { tags, summary: 'Download an evidence file', params: s.idParam },
      config: { access: { permission: 'tasks.read', policy: attachmentPolicy('read') } },
    },
    async (req, reply) => {
      const f = await attachments.open(contextOf(req, deps), attachmentOf(req));
      return sendStoredFile(reply, f);
    },
  );

  app.delete(
    '/api/attachments/:id',
    {
      schema: { tags, summary: 'Remove an evidence file from a draft or returned report', params: s.idParam },
      config: { access: { permission: 'tasks.report', policy: attachmentPolicy('report') } },
    },
    async (req, reply) => {
      await attachments.remove(contextOf(req, deps), attachmentOf(req));
      return reply.status(204).send();
    },
  );

  // ---- supervision
  app.post(
    '/api/tasks/:id/supervise',
    {
      schema: {
        tags,
        summary: 'Supervise (督办): a notice to the responsible unit with a respond-by date (the assigning level or above)',
        params: s.idParam,
        body: s.superviseBody,
        response: { 201: s.supervisionView },
      },
      config: { access: { permission: 'tasks.write', policy: taskPolicy('supervise') } },
    },
    async (req, reply) => reply.status(201).send(await supervision.supervise(contextOf(req, deps), taskOf(req), req.body)),
  );

  app.get(
    '/api/supervisions',
    {
      schema: {
        tags,
        summary: 'Supervision notices of the subtree',
        querystring: s.listSupervisionsQuery,
        response: { 200: s.supervisionList },
      },
      config: { access: { permission: 'tasks.read', scope: [byOrgQuery] } },
    },
    (req) => supervision.listSupervisions(contextOf(req, deps), req.query, req.scoped.organisation),
  );

  app.post(
    '/api/supervisions/:id/respond',
    {
      schema: {
        tags,
        summary: 'Answer a supervision notice (the responsible unit)',
        params: s.idParam,
        body: s.respondBody,
        response: { 200: s.supervisionView },
      },
      config: { access: { permission: 'tasks.report', policy: answerSupervisionPolicy() } },
    },
    (req) => supervision.respond(contextOf(req, deps), supervisionOf(req), req.body.response),
  );
}
