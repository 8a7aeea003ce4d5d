// The route-table access test: for every /api route, a user of city A tries to read or write
// an entity of the sibling city B, and every attempt is refused. A route added without a case
// here fails the first test, so no endpoint escapes the check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from './http.js';
import { startTestServer, USER_PASSWORD, type Client, type Res, type TestServer } from '../testing/harness.js';
import { createWorld, loginFresh, type World } from '../testing/world.js';
import { createPeopleWorld, download, nthPhone, readXlsx, upload, uploadTo, type PeopleWorld } from '../testing/people-world.js';
import { insertImport } from '../modules/people/imports.repository.js';
import { notify } from '../modules/notifications/notify.js';
import { createTasksWorld, PDF, uploadAttachment, type TasksWorld } from '../testing/tasks-world.js';
import { createNewsWorld, photoWithGps, uploadImage, type NewsWorld } from '../testing/news-world.js';
import { createFieldworkWorld, uploadFieldworkFile, type FieldworkWorld } from '../testing/fieldwork-world.js';
import { createInnovationWorld, type InnovationWorld } from '../testing/innovation-world.js';
import { createIndustryWorld, type IndustryWorld } from '../testing/industry-world.js';

type Attempt = (w: World, a: Client) => Promise<Res[]>;
/** People, a transfer, an import and a title in city B (set in beforeAll). */
let pw: PeopleWorld;
/** A notification addressed to city B (its staff_b's), set in beforeAll. */
let notificationB: string;
/** A programme, goal, tag, task, submitted report, attachment and supervision notice of city B. */
let tw: TasksWorld;
/** News articles of city B (one published, one draft) and its portal, set in beforeAll. */
let nw: NewsWorld;
/** A submission (报送) of city B's published article, set in beforeAll. */
let submissionB: string;
/** A visit (with a problem and a requirement), a meeting series and a meeting with an invitation of city B. */
let fw: FieldworkWorld;
/** A studio (with a member, a naming), a call, an application and a pair of city B. */
let iw: InnovationWorld;
/** Two sibling industry unions: X (enterprise B affiliated to it) and Y (another industry). */
let indw: IndustryWorld;
/** An innovation proposal of enterprise B (personB proposes it alone), set in beforeAll. */
let innovationB: string;
/** An item of enterprise A (the attacker's own side), to try merging innovationB into it. */
let innovationA: string;
/** A selection of city B, and enterprise B's entry of innovationB (adopted) in it, set in beforeAll. */
let selectionB: string;
let entryB: string;
/** A studio-list import of enterprise B (issue #15 item 7), seeded directly in beforeAll. */
let studioImportB: string;
/** A pending self-registration of personB (enterprise B), set in beforeAll. */
let registrationB: string;

/**
 * What city A's staff try against city B, per route. Routes that name no entity of another
 * organisation say why instead: 'public' (no session) or 'self' (acts only on the caller).
 */
const CASES: Record<string, Attempt | 'public' | 'self' | 'reference-data'> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'self',
  'GET /api/auth/me': 'self',
  'POST /api/auth/password': 'self',
  'POST /api/auth/totp/setup': 'self',
  'POST /api/auth/totp/enable': 'self',
  'POST /api/auth/totp/disable': 'self',
  'PATCH /api/auth/preferences': 'self',
  'GET /api/meta': 'self',
  'GET /api/regions': 'reference-data',
  'GET /api/orgs': async (w, a) => [
    await a.get(`/api/orgs?parentId=${w.cityB}`),
    // The pickers' search (reach 'read': an industry union finds its affiliated enterprises, nothing else of B).
    await a.get(`/api/orgs?q=${encodeURIComponent('济南')}`),
  ],
  'GET /api/orgs/:id': async (w, a) => [
    await a.get(`/api/orgs/${w.cityB}`),
    await a.get(`/api/orgs/${w.enterpriseB}`),
    await a.get(`/api/orgs/${w.province}`),
  ],
  'POST /api/orgs': async (w, a) => [
    await a.post('/api/orgs', { parentId: w.cityB, name: '越权创建', kind: 'federation', level: 'county' }),
  ],
  'PATCH /api/orgs/:id': async (w, a) => [await a.patch(`/api/orgs/${w.cityB}`, { name: '越权改名' })],
  'POST /api/orgs/:id/move': async (w, a) => [
    await a.post(`/api/orgs/${w.enterpriseB}/move`, { parentId: w.cityA }),
    await a.post(`/api/orgs/${w.enterpriseA}/move`, { parentId: w.cityB }),
  ],
  'POST /api/orgs/:id/archive': async (w, a) => [await a.post(`/api/orgs/${w.enterpriseB}/archive`)],
  'POST /api/orgs/:id/restore': async (w, a) => [await a.post(`/api/orgs/${w.enterpriseB}/restore`)],
  'DELETE /api/orgs/:id': async (w, a) => [await a.delete(`/api/orgs/${w.enterpriseB}`)],
  'GET /api/users': async (w, a) => [await a.get(`/api/users?orgId=${w.cityB}`)],
  'GET /api/users/:id': async (w, a) => [await a.get(`/api/users/${w.staffBId}`)],
  'POST /api/users': async (w, a) => [
    await a.post('/api/users', { username: 'intruder', password: 'Intruder-Passw0rd!', orgId: w.cityB, roles: ['viewer'] }),
  ],
  'PATCH /api/users/:id': async (w, a) => [
    await a.patch(`/api/users/${w.staffBId}`, { displayName: '越权' }),
    await a.patch(`/api/users/${w.viewerAId}`, { orgId: w.cityB }),
  ],
  'POST /api/users/:id/reset-password': async (w, a) => [
    await a.post(`/api/users/${w.staffBId}/reset-password`, { newPassword: 'Reset-Passw0rd!' }),
  ],
  'POST /api/users/:id/unlock': async (w, a) => [await a.post(`/api/users/${w.staffBId}/unlock`)],
  'POST /api/users/:id/reset-totp': async (w, a) => [await a.post(`/api/users/${w.staffBId}/reset-totp`)],
  // The caller's own refused attempts name city B's id and are theirs to see; B's own history is not.
  'GET /api/audit': async (w, a) => [
    await a.get(`/api/audit?entityType=organisation&entityId=${w.cityB}`),
    await a.get(`/api/audit?entityType=user&entityId=${w.staffBId}`),
  ],
  'GET /api/people/meta': 'reference-data',
  'GET /api/people': async (w, a) => [
    await a.get(`/api/people?orgId=${w.cityB}`),
    await a.get(`/api/people?q=${pw.idB}`),
    await a.get(`/api/people?q=${pw.idB.slice(-4)}`),
  ],
  'POST /api/people/search': async (w, a) => [
    await a.post('/api/people/search', { orgId: w.cityB }),
    await a.post('/api/people/search', { q: pw.idB }),
    await a.post('/api/people/search', { q: pw.idB.slice(-4) }),
  ],
  'POST /api/people': async (w, a) => [await a.post('/api/people', { orgId: w.enterpriseB, name: '越权', idNumber: pw.idA })],
  'GET /api/people/:id': async (_w, a) => [await a.get(`/api/people/${pw.personB}`)],
  'PATCH /api/people/:id': async (_w, a) => [await a.patch(`/api/people/${pw.personB}`, { name: '越权改名' })],
  'POST /api/people/:id/pii': async (_w, a) => [await a.post(`/api/people/${pw.personB}/pii`, { purpose: 'data_check' })],
  'POST /api/people/:id/skills': async (_w, a) => [await a.post(`/api/people/${pw.personB}/skills`, { level: 'technician' })],
  'DELETE /api/people/:id/skills/:skillId': async (_w, a) => [await a.delete(`/api/people/${pw.personB}/skills/1`)],
  'POST /api/people/:id/honours': async (_w, a) => [await a.post(`/api/people/${pw.personB}/honours`, { kind: 'technical_expert' })],
  'DELETE /api/people/:id/honours/:honourId': async (_w, a) => [await a.delete(`/api/people/${pw.personB}/honours/${pw.honourB}`)],
  'GET /api/people/craftsman-titles': async (w, a) => [await a.get(`/api/people/craftsman-titles?orgId=${w.cityB}`)],
  'POST /api/people/craftsman-titles': async (w, a) => [await a.post('/api/people/craftsman-titles', { orgId: w.cityB, name: '越权工匠' })],
  'DELETE /api/people/craftsman-titles/:id': async (_w, a) => [await a.delete(`/api/people/craftsman-titles/${pw.titleB}`)],
  // City A sees the request its enterprise made, but not where the person works now.
  'GET /api/people/transfers': async (_w, a) => [await a.get('/api/people/transfers')],
  'POST /api/people/transfers/:id/approve': async (_w, a) => [await a.post(`/api/people/transfers/${pw.transferB}/approve`)],
  'POST /api/people/transfers/:id/reject': async (_w, a) => [await a.post(`/api/people/transfers/${pw.transferB}/reject`)],
  'POST /api/people/imports': async (w, a) => [await upload(a, w.enterpriseB, 'x.csv', '姓名,身份证号\r\n', 'text/csv')],
  'GET /api/people/imports/template': 'reference-data',
  'GET /api/people/imports': async (_w, a) => [await a.get('/api/people/imports')],
  'GET /api/people/imports/:id': async (_w, a) => [await a.get(`/api/people/imports/${pw.importB}`)],
  'POST /api/people/imports/:id/validate': async (_w, a) => [await a.post(`/api/people/imports/${pw.importB}/validate`, {})],
  'POST /api/people/imports/:id/commit': async (_w, a) => [await a.post(`/api/people/imports/${pw.importB}/commit`, {})],
  'GET /api/people/imports/:id/errors': async (_w, a) => [await a.get(`/api/people/imports/${pw.importB}/errors`)],
  'GET /api/people/imports/:id/preview': async (_w, a) => [await a.get(`/api/people/imports/${pw.importB}/preview`)],
  'GET /api/people/imports/:id/conflicts': async (_w, a) => [await a.get(`/api/people/imports/${pw.importB}/conflicts`)],
  'POST /api/people/imports/:id/conflicts': async (_w, a) => [
    await a.post(`/api/people/imports/${pw.importB}/conflicts`, { decision: 'skip' }),
  ],
  'GET /api/people/imports/:id/error-report': async (_w, a) => [await a.get(`/api/people/imports/${pw.importB}/error-report`)],
  'POST /api/people/export': async (w, a) => [
    await a.post('/api/people/export', { orgId: w.cityB }),
    await a.post('/api/people/export', { orgId: w.cityB, unmasked: true, purpose: 'data_check' }),
  ],
  'GET /api/dashboard': async (w, a) => [
    await a.get(`/api/dashboard?orgId=${w.cityB}`),
    await a.get(`/api/dashboard?orgId=${w.enterpriseB}`),
  ],
  'GET /api/dashboard/export.xlsx': async (w, a) => [await a.get(`/api/dashboard/export.xlsx?orgId=${w.cityB}`)],
  // Notifications are the caller's own: B's never appear in A's list, and A cannot mark them.
  'GET /api/notifications': async (_w, a) => [
    await a.get('/api/notifications?pageSize=200'),
    await a.get('/api/notifications?unread=true'),
  ],
  'GET /api/notifications/unread-count': 'self',
  'POST /api/notifications/:id/read': async (_w, a) => [await a.post(`/api/notifications/${notificationB}/read`)],
  'POST /api/notifications/read-all': 'self',
  'GET /api/programmes': async (w, a) => [await a.get(`/api/programmes?orgId=${w.cityB}`), await a.get('/api/programmes')],
  'POST /api/programmes': async (w, a) => [
    await a.post('/api/programmes', { orgId: w.cityB, title: '越权方案', periodStart: '2026-01-01', periodEnd: '2026-12-31' }),
  ],
  'GET /api/programmes/:id': async (_w, a) => [await a.get(`/api/programmes/${tw.programmeB}`)],
  'PATCH /api/programmes/:id': async (_w, a) => [await a.patch(`/api/programmes/${tw.programmeB}`, { title: '越权改名' })],
  'GET /api/programmes/:id/summary': async (_w, a) => [
    await a.get(`/api/programmes/${tw.programmeB}/summary`),
    await a.get(`/api/programmes/${tw.programmeB}/summary?period=2026-Q1`),
  ],
  'POST /api/programmes/:id/goals': async (_w, a) => [await a.post(`/api/programmes/${tw.programmeB}/goals`, { title: '越权目标' })],
  'PATCH /api/goals/:id': async (_w, a) => [await a.patch(`/api/goals/${tw.goalB}`, { title: '越权改名' })],
  'GET /api/task-tags': async (w, a) => [
    await a.get(`/api/task-tags?orgId=${w.cityB}`),
    await a.get(`/api/task-tags?orgId=${w.enterpriseB}`),
    await a.get('/api/task-tags'),
  ],
  'POST /api/task-tags': async (w, a) => [await a.post('/api/task-tags', { orgId: w.cityB, name: '越权标签' })],
  'DELETE /api/task-tags/:id': async (_w, a) => [await a.delete(`/api/task-tags/${tw.tagB}`)],
  'GET /api/tasks': async (w, a) => [
    await a.get(`/api/tasks?orgId=${w.cityB}`),
    await a.get(`/api/tasks?programmeId=${tw.programmeB}`),
    await a.get(`/api/tasks?parentId=${tw.taskB}`),
    await a.get(`/api/tasks?tagId=${tw.tagB}`),
    await a.get('/api/tasks?q=%E6%96%B0%E5%A2%9E'),
    await a.get('/api/tasks?pageSize=200'),
  ],
  'GET /api/tasks/board': async (w, a) => [
    await a.get(`/api/tasks/board?orgId=${w.cityB}`),
    await a.get(`/api/tasks/board?programmeId=${tw.programmeB}`),
    await a.get('/api/tasks/board'),
  ],
  'GET /api/tasks/export.xlsx': async (w, a) => [
    await a.get(`/api/tasks/export.xlsx?orgId=${w.cityB}`),
    await a.get(`/api/tasks/export.xlsx?programmeId=${tw.programmeB}`),
  ],
  'POST /api/tasks': async (w, a) => [
    await a.post('/api/tasks', {
      programmeId: tw.programmeB,
      goalId: tw.goalB,
      kind: 'optional',
      title: '越权任务',
      orgId: w.enterpriseB,
      startDate: '2026-01-01',
      dueDate: '2026-12-31',
      cycle: 'once',
    }),
    await a.post('/api/tasks', {
      programmeId: tw.programmeB,
      goalId: tw.goalB,
      kind: 'optional',
      title: '越权任务',
      orgId: w.enterpriseA,
      startDate: '2026-01-01',
      dueDate: '2026-12-31',
      cycle: 'once',
    }),
  ],
  'GET /api/tasks/:id': async (_w, a) => [await a.get(`/api/tasks/${tw.taskB}`)],
  'PATCH /api/tasks/:id': async (_w, a) => [await a.patch(`/api/tasks/${tw.taskB}`, { title: '越权改名', version: 1 })],
  'DELETE /api/tasks/:id': async (_w, a) => [await a.delete(`/api/tasks/${tw.taskB}`)],
  'POST /api/tasks/:id/hand-down': async (w, a) => [
    await a.post(`/api/tasks/${tw.taskB}/hand-down`, { units: [{ orgId: w.enterpriseA }] }),
  ],
  'GET /api/tasks/:id/children': async (_w, a) => [await a.get(`/api/tasks/${tw.taskB}/children`)],
  'GET /api/tasks/:id/reports': async (_w, a) => [await a.get(`/api/tasks/${tw.taskB}/reports`)],
  'POST /api/tasks/:id/reports': async (_w, a) => [
    await a.post(`/api/tasks/${tw.taskB}/reports`, { period: '2026-Q2', narrative: '越权' }),
  ],
  'GET /api/reviews': async (_w, a) => [await a.get('/api/reviews?pageSize=200'), await a.get(`/api/reviews?programmeId=${tw.programmeB}`)],
  'GET /api/reports/:id': async (_w, a) => [await a.get(`/api/reports/${tw.reportB}`)],
  'PATCH /api/reports/:id': async (_w, a) => [await a.patch(`/api/reports/${tw.reportB}`, { narrative: '越权', revision: 1 })],
  'POST /api/reports/:id/submit': async (_w, a) => [await a.post(`/api/reports/${tw.reportB}/submit`)],
  'POST /api/reports/:id/accept': async (_w, a) => [await a.post(`/api/reports/${tw.reportB}/accept`)],
  'POST /api/reports/:id/return': async (_w, a) => [await a.post(`/api/reports/${tw.reportB}/return`, { reason: '越权退回' })],
  'POST /api/reports/:id/attachments': async (_w, a) => [await uploadAttachment(a, tw.reportB, 'x.pdf', PDF, 'application/pdf')],
  // Guessing attachment URLs: B's and its neighbours' ids.
  'GET /api/attachments/:id': async (_w, a) => [
    await a.get(`/api/attachments/${tw.attachmentB}`),
    await a.get(`/api/attachments/${Number(tw.attachmentB) + 1}`),
    await a.get('/api/attachments/1'),
  ],
  'DELETE /api/attachments/:id': async (_w, a) => [await a.delete(`/api/attachments/${tw.attachmentB}`)],
  'POST /api/tasks/:id/supervise': async (_w, a) => [
    await a.post(`/api/tasks/${tw.taskB}/supervise`, { message: '越权督办', respondBy: '2099-01-01' }),
  ],
  'GET /api/supervisions': async (w, a) => [
    await a.get(`/api/supervisions?orgId=${w.cityB}`),
    await a.get(`/api/supervisions?taskId=${tw.taskB}`),
    await a.get('/api/supervisions?pageSize=200'),
  ],
  'POST /api/supervisions/:id/respond': async (_w, a) => [
    await a.post(`/api/supervisions/${tw.supervisionB}/respond`, { response: '越权回复' }),
  ],
  'GET /api/news/articles': async (w, a) => [
    await a.get(`/api/news/articles?orgId=${w.cityB}`),
    await a.get('/api/news/articles?pageSize=200'),
    await a.get(`/api/news/articles?q=${encodeURIComponent('济南')}`),
  ],
  'POST /api/news/articles': async (w, a) => [await a.post('/api/news/articles', { orgId: w.cityB, column: '动态', headline: '越权稿件' })],
  // No record provider is plugged in yet (the meetings module will): B's record ids are not found either way.
  'POST /api/news/articles/from-record': async (_w, a) => [
    await a.post('/api/news/articles/from-record', { kind: 'meeting', recordId: '1' }),
  ],
  'GET /api/news/articles/:id': async (_w, a) => [
    await a.get(`/api/news/articles/${nw.publishedB}`),
    await a.get(`/api/news/articles/${nw.draftB}`),
  ],
  'PATCH /api/news/articles/:id': async (_w, a) => [await a.patch(`/api/news/articles/${nw.draftB}`, { version: 1, headline: '越权改名' })],
  'GET /api/news/articles/:id/versions': async (_w, a) => [await a.get(`/api/news/articles/${nw.draftB}/versions`)],
  'GET /api/news/articles/:id/diff': async (_w, a) => [await a.get(`/api/news/articles/${nw.publishedB}/diff?from=1&to=1`)],
  'GET /api/news/articles/:id/check': async (_w, a) => [await a.get(`/api/news/articles/${nw.draftB}/check`)],
  'POST /api/news/articles/:id/submit': async (_w, a) => [await a.post(`/api/news/articles/${nw.draftB}/submit`)],
  'POST /api/news/articles/:id/review': async (_w, a) => [await a.post(`/api/news/articles/${nw.draftB}/review`, { decision: 'pass' })],
  'POST /api/news/articles/:id/correct': async (_w, a) => [
    await a.post(`/api/news/articles/${nw.publishedB}/correct`, { note: '越权更正' }),
  ],
  'POST /api/news/articles/:id/withdraw': async (_w, a) => [
    await a.post(`/api/news/articles/${nw.publishedB}/withdraw`, { note: '越权撤稿' }),
  ],
  'GET /api/news/templates': async (w, a) => [await a.get(`/api/news/templates?orgId=${w.cityB}`)],
  'PUT /api/news/templates': async (w, a) => [
    await a.put('/api/news/templates', { orgId: w.cityB, genre: 'meeting', headline: '越权模板', body: '{{topic}}' }),
  ],
  'GET /api/news/portal': async (w, a) => [await a.get(`/api/news/portal?orgId=${w.cityB}`)],
  'PUT /api/news/portal': async (w, a) => [await a.put('/api/news/portal', { orgId: w.cityB, slug: 'hijack', name: '越权门户' })],
  'POST /api/news/images': async (w, a) => [await uploadImage(a, await photoWithGps(40, 30), '越权图片', w.cityB)],
  'GET /api/news/articles/:id/submissions': async (_w, a) => [await a.get(`/api/news/articles/${nw.publishedB}/submissions`)],
  'POST /api/news/articles/:id/submissions': async (_w, a) => [
    await a.post(`/api/news/articles/${nw.publishedB}/submissions`, { outlet: '工人日报', sentOn: '2026-03-01' }),
  ],
  'PATCH /api/news/submissions/:id': async (_w, a) => [
    await a.patch(`/api/news/submissions/${submissionB}`, { version: 1, outcome: 'adopted', adoptedOn: '2026-03-02' }),
  ],
  'DELETE /api/news/submissions/:id': async (_w, a) => [await a.delete(`/api/news/submissions/${submissionB}`)],
  'GET /api/news/submissions': async (w, a) => [
    await a.get(`/api/news/submissions?orgId=${w.cityB}`),
    await a.get('/api/news/submissions?pageSize=200'),
  ],
  'GET /api/news/submissions/counts': async (w, a) => [
    await a.get(`/api/news/submissions/counts?orgId=${w.cityB}`),
    await a.get('/api/news/submissions/counts'),
  ],
  'GET /api/news/submissions/export.xlsx': async (w, a) => [await a.get(`/api/news/submissions/export.xlsx?orgId=${w.cityB}`)],
  'GET /api/news/submissions/ledger.xlsx': async (w, a) => [await a.get(`/api/news/submissions/ledger.xlsx?orgId=${w.cityB}`)],
  'GET /api/news/outlets': async (w, a) => [await a.get(`/api/news/outlets?orgId=${w.cityB}`)],
  'POST /api/news/outlets': async (w, a) => [await a.post('/api/news/outlets', { orgId: w.cityB, outlet: '越权媒体' })],
  // field work and meetings
  'GET /api/visits': async (_w, a) => [await a.get('/api/visits?pageSize=200'), await a.get('/api/visits?q=%E6%B5%8E%E5%8D%97')],
  'POST /api/visits': async (w, a) => [
    await a.post('/api/visits', {
      orgId: w.cityB,
      title: '越权调研',
      visitType: 'thematic',
      themes: ['复工复产'],
      leaderName: '越权',
      startDate: '2026-03-01',
      endDate: '2026-03-02',
    }),
  ],
  'GET /api/visits/:id': async (_w, a) => [await a.get(`/api/visits/${fw.visitB}`)],
  'PATCH /api/visits/:id': async (_w, a) => [await a.patch(`/api/visits/${fw.visitB}`, { title: '越权改名' })],
  'POST /api/visits/:id/transition': async (_w, a) => [await a.post(`/api/visits/${fw.visitB}/transition`, { to: 'approved' })],
  'POST /api/visits/:id/requirements': async (_w, a) => [await a.post(`/api/visits/${fw.visitB}/requirements`, { text: '越权要求' })],
  'POST /api/visits/:id/problems': async (_w, a) => [await a.post(`/api/visits/${fw.visitB}/problems`, { category: '越权', text: '越权' })],
  'PATCH /api/visit-problems/:id': async (_w, a) => [await a.patch(`/api/visit-problems/${fw.problemB}`, { status: 'closed' })],
  'POST /api/visit-problems/:id/task': async (_w, a) => [
    await a.post(`/api/visit-problems/${fw.problemB}/task`, { programmeId: tw.programmeB, goalId: tw.goalB, dueDate: '2099-12-31' }),
  ],
  'POST /api/visit-requirements/:id/task': async (_w, a) => [
    await a.post(`/api/visit-requirements/${fw.requirementB}/task`, {
      programmeId: tw.programmeB,
      goalId: tw.goalB,
      dueDate: '2099-12-31',
    }),
  ],
  'GET /api/visit-problems/export.xlsx': async (_w, a) => [await a.get(`/api/visit-problems/export.xlsx?visitId=${fw.visitB}`)],
  'GET /api/meeting-series': async (_w, a) => [await a.get('/api/meeting-series')],
  'POST /api/meeting-series': async (w, a) => [await a.post('/api/meeting-series', { orgId: w.cityB, title: '越权系列' })],
  'GET /api/meetings': async (_w, a) => [await a.get('/api/meetings?pageSize=200'), await a.get(`/api/meetings?seriesId=${fw.seriesB}`)],
  'POST /api/meetings': async (w, a) => [
    await a.post('/api/meetings', { orgId: w.cityB, meetingType: 'symposium', title: '越权会议', meetingDate: '2099-01-01' }),
  ],
  'GET /api/meetings/:id': async (_w, a) => [await a.get(`/api/meetings/${fw.meetingB}`)],
  'PATCH /api/meetings/:id': async (_w, a) => [await a.patch(`/api/meetings/${fw.meetingB}`, { title: '越权改名' })],
  'PUT /api/meetings/:id/minutes': async (_w, a) => [
    await a.request('PUT', `/api/meetings/${fw.meetingB}/minutes`, { attendance: '越权' }),
  ],
  'POST /api/meetings/:id/minutes/sign-off': async (_w, a) => [await a.post(`/api/meetings/${fw.meetingB}/minutes/sign-off`)],
  'POST /api/meetings/:id/minutes/issue': async (_w, a) => [await a.post(`/api/meetings/${fw.meetingB}/minutes/issue`)],
  'POST /api/meetings/:id/decisions': async (w, a) => [
    await a.post(`/api/meetings/${fw.meetingB}/decisions`, {
      text: '越权',
      ownerOrgId: w.enterpriseA,
      dueDate: '2099-01-01',
      programmeId: tw.programmeB,
      goalId: tw.goalB,
    }),
  ],
  'GET /api/meetings/:id/briefing': async (_w, a) => [await a.get(`/api/meetings/${fw.meetingB}/briefing`)],
  'GET /api/meeting-decisions/export.xlsx': async (_w, a) => [
    await a.get(`/api/meeting-decisions/export.xlsx?meetingId=${fw.meetingB}`),
    await a.get(`/api/meeting-decisions/export.xlsx?seriesId=${fw.seriesB}`),
  ],
  'POST /api/invitations/:id/reply': async (_w, a) => [await a.post(`/api/invitations/${fw.invitationB}/reply`, { reply: 'absent' })],
  'POST /api/invitations/:id/sign-in': async (_w, a) => [await a.post(`/api/invitations/${fw.invitationB}/sign-in`)],
  'POST /api/invitations/:id/report/prefill': async (_w, a) => [await a.post(`/api/invitations/${fw.invitationB}/report/prefill`)],
  'PUT /api/invitations/:id/report': async (_w, a) => [
    await a.request('PUT', `/api/invitations/${fw.invitationB}/report`, { text: '越权' }),
  ],
  'POST /api/invitations/:id/report/submit': async (_w, a) => [await a.post(`/api/invitations/${fw.invitationB}/report/submit`)],
  'GET /api/meetings/:id/agenda-proposals': async (_w, a) => [await a.get(`/api/meetings/${fw.meetingB}/agenda-proposals`)],
  'PUT /api/meetings/:id/proposal-deadline': async (_w, a) => [
    await a.request('PUT', `/api/meetings/${fw.meetingB}/proposal-deadline`, { deadline: '2099-02-20' }),
  ],
  'POST /api/invitations/:id/agenda-proposals': async (_w, a) => [
    await a.post(`/api/invitations/${fw.invitationB}/agenda-proposals`, { title: '越权议题' }),
  ],
  'POST /api/agenda-proposals/:id/accept': async (_w, a) => [await a.post(`/api/agenda-proposals/${fw.proposalB}/accept`)],
  'POST /api/agenda-proposals/:id/decline': async (_w, a) => [
    await a.post(`/api/agenda-proposals/${fw.proposalB}/decline`, { reason: '越权' }),
  ],
  'GET /api/fieldwork/calendar': async (_w, a) => [
    await a.get('/api/fieldwork/calendar?from=2026-02-25&to=2026-03-31'),
    await a.get('/api/fieldwork/calendar?from=2099-02-01&to=2099-03-31'),
  ],
  'GET /api/research-plan-items': async (_w, a) => [await a.get('/api/research-plan-items?year=2026')],
  'POST /api/research-plan-items': async (w, a) => [
    await a.post('/api/research-plan-items', { orgId: w.cityB, year: 2026, topic: '越权', leaderName: '越权', department: '越权' }),
  ],
  'GET /api/research-plan-items/:id': async (_w, a) => [await a.get(`/api/research-plan-items/${fw.planItemB}`)],
  'PATCH /api/research-plan-items/:id': async (_w, a) => [await a.patch(`/api/research-plan-items/${fw.planItemB}`, { topic: '越权改名' })],
  'POST /api/research-plan-items/:id/approve': async (_w, a) => [await a.post(`/api/research-plan-items/${fw.planItemB}/approve`)],
  'GET /api/visits/:id/plan-item': async (_w, a) => [await a.get(`/api/visits/${fw.visitB}/plan-item`)],
  'PUT /api/visits/:id/plan-item': async (_w, a) => [
    await a.request('PUT', `/api/visits/${fw.visitB}/plan-item`, { planItemId: fw.planItemB }),
  ],
  'POST /api/visit-problems/:id/files': async (_w, a) => [
    await uploadFieldworkFile(a, `/api/visit-problems/${fw.problemB}/files`, 'x.pdf', PDF),
  ],
  'POST /api/visits/:id/report/files': async (_w, a) => [
    await uploadFieldworkFile(a, `/api/visits/${fw.visitB}/report/files`, 'x.pdf', PDF),
  ],
  'POST /api/meetings/:id/files': async (_w, a) => [
    await uploadFieldworkFile(a, `/api/meetings/${fw.meetingB}/files`, 'x.pdf', PDF),
    await uploadFieldworkFile(a, `/api/meetings/${fw.meetingB}/files`, 'x.pdf', PDF, { agendaItem: 'a1' }),
  ],
  'GET /api/fieldwork-files/:id': async (_w, a) => [
    await a.get(`/api/fieldwork-files/${fw.problemFileB}`),
    await a.get(`/api/fieldwork-files/${fw.agendaFileB}`),
    await a.get(`/api/fieldwork-files/${Number(fw.agendaFileB) + 1}`),
  ],
  'DELETE /api/fieldwork-files/:id': async (_w, a) => [
    await a.delete(`/api/fieldwork-files/${fw.problemFileB}`),
    await a.delete(`/api/fieldwork-files/${fw.agendaFileB}`),
  ],
  'GET /api/meetings/:id/booklet.docx': async (_w, a) => [await a.get(`/api/meetings/${fw.meetingB}/booklet.docx`)],
  'GET /api/fieldwork/figures': async (_w, a) => [await a.get('/api/fieldwork/figures'), await a.get('/api/fieldwork/figures?year=2026')],
  'GET /api/fieldwork/task-origin': async (_w, a) => [await a.get(`/api/fieldwork/task-origin?taskId=${tw.taskB}`)],
  'GET /api/returns': async (_w, a) => [await a.get('/api/returns')],
  'POST /api/returns': async (w, a) => [
    await a.post('/api/returns', {
      orgId: w.cityB,
      title: '越权',
      deadline: '2099-01-01',
      questions: [{ label: '越权', kind: 'text' }],
      recipientOrgIds: [w.enterpriseB],
    }),
  ],
  'GET /api/returns/:id': async (_w, a) => [await a.get(`/api/returns/${fw.returnB}`)],
  'GET /api/returns/:id/export.xlsx': async (_w, a) => [await a.get(`/api/returns/${fw.returnB}/export.xlsx`)],
  'PUT /api/return-answers/:id': async (_w, a) => [
    await a.request('PUT', `/api/return-answers/${fw.returnAnswerB}`, { answers: [{ key: 'q1', value: 1 }] }),
  ],
  'POST /api/return-answers/:id/submit': async (_w, a) => [
    await a.post(`/api/return-answers/${fw.returnAnswerB}/submit`, { answers: [{ key: 'q1', value: 1 }] }),
  ],
  'GET /api/studio-categories': async (w, a) => [await a.get(`/api/studio-categories?orgId=${w.cityB}`)],
  'POST /api/studio-categories': async (w, a) => [await a.post('/api/studio-categories', { orgId: w.cityB, name: '越权类别' })],
  'GET /api/studios': async (w, a) => [
    await a.get(`/api/studios?orgId=${w.cityB}`),
    await a.get('/api/studios?pageSize=200'),
    await a.get('/api/studios?q=%E7%8E%8B%E4%B9%99'),
  ],
  'GET /api/studios/figures': async (w, a) => [await a.get(`/api/studios/figures?orgId=${w.cityB}`)],
  'GET /api/studios/export.xlsx': async (w, a) => [await a.get(`/api/studios/export.xlsx?orgId=${w.cityB}`)],
  'GET /api/innovation/dashboard': async (w, a) => [await a.get(`/api/innovation/dashboard?orgId=${w.cityB}`)],
  'GET /api/innovation/dashboard.xlsx': async (w, a) => [await a.get(`/api/innovation/dashboard.xlsx?orgId=${w.cityB}`)],
  'POST /api/studios': async (w, a) => [
    await a.post('/api/studios', {
      orgId: w.enterpriseB,
      name: '越权',
      category: '劳模创新工作室',
      leaderId: pw.personB,
      foundedOn: '2020-01-01',
    }),
  ],
  'GET /api/studios/:id': async (_w, a) => [await a.get(`/api/studios/${iw.studioB}`)],
  'PATCH /api/studios/:id': async (_w, a) => [await a.patch(`/api/studios/${iw.studioB}`, { name: '越权改名' })],
  'POST /api/studios/:id/members': async (_w, a) => [
    await a.post(`/api/studios/${iw.studioB}/members`, { personId: pw.personA, role: 'member', joinedOn: '2024-01-01' }),
  ],
  'POST /api/studios/:id/members/:memberId/leave': async (_w, a) => [
    await a.post(`/api/studios/${iw.studioB}/members/${iw.memberB}/leave`, { leftOn: '2024-01-01' }),
  ],
  'POST /api/studios/:id/projects': async (_w, a) => [
    await a.post(`/api/studios/${iw.studioB}/projects`, { title: '越权', approvalDocNo: 'x', approvedOn: '2024-01-01' }),
  ],
  'POST /api/studios/:id/funding': async (_w, a) => [
    await a.post(`/api/studios/${iw.studioB}/funding`, { source: '越权', amount: '1', receivedOn: '2024-01-01' }),
  ],
  'GET /api/studio-calls': async (_w, a) => [await a.get('/api/studio-calls')],
  'POST /api/studio-calls': async (w, a) => [
    await a.post('/api/studio-calls', { orgId: w.cityB, year: 2026, title: '越权', quota: 1, deadline: '2099-01-01' }),
  ],
  'GET /api/studio-calls/:id': async (_w, a) => [await a.get(`/api/studio-calls/${iw.callB}`)],
  'GET /api/studio-applications': async (_w, a) => [
    await a.get('/api/studio-applications?pageSize=200'),
    await a.get(`/api/studio-applications?callId=${iw.callB}`),
  ],
  'POST /api/studio-applications': async (_w, a) => [await a.post('/api/studio-applications', { callId: iw.callB, studioId: iw.studioB })],
  'GET /api/studio-applications/:id': async (_w, a) => [await a.get(`/api/studio-applications/${iw.applicationB}`)],
  'POST /api/studio-applications/:id/submit': async (_w, a) => [await a.post(`/api/studio-applications/${iw.applicationB}/submit`)],
  'POST /api/studio-applications/:id/recommend': async (_w, a) => [
    await a.post(`/api/studio-applications/${iw.applicationB}/recommend`, {}),
  ],
  'POST /api/studio-applications/:id/return': async (_w, a) => [
    await a.post(`/api/studio-applications/${iw.applicationB}/return`, { note: '越权退回' }),
  ],
  'POST /api/studio-applications/:id/review': async (_w, a) => [
    await a.post(`/api/studio-applications/${iw.applicationB}/review`, { scores: [{ expert: '越权', score: 1 }] }),
  ],
  'POST /api/studio-applications/:id/name': async (_w, a) => [
    await a.post(`/api/studio-applications/${iw.applicationB}/name`, { docNo: '越权', namedOn: '2024-01-01' }),
  ],
  'POST /api/studio-namings/:id/assessments': async (_w, a) => [
    await a.post(`/api/studio-namings/${iw.namingB}/assessments`, { year: 2026, items: [], result: 'pass' }),
  ],
  'GET /api/studio-namings/:id/assessment-draft': async (_w, a) => [
    await a.get(`/api/studio-namings/${iw.namingB}/assessment-draft?year=2026`),
  ],
  'POST /api/studio-namings/:id/revoke': async (_w, a) => [
    await a.post(`/api/studio-namings/${iw.namingB}/revoke`, { revokedOn: '2099-01-01', reason: '越权摘牌' }),
  ],
  'GET /api/mentorships': async (w, a) => [await a.get(`/api/mentorships?orgId=${w.cityB}`), await a.get('/api/mentorships?pageSize=200')],
  'POST /api/mentorships': async (w, a) => [
    await a.post('/api/mentorships', {
      orgId: w.enterpriseB,
      agreementNo: '越权',
      masterId: pw.personB,
      apprenticeId: pw.personA,
      trade: '车工',
      targetLevel: 'technician',
      startOn: '2025-01-01',
      endOn: '2027-01-01',
    }),
  ],
  'GET /api/mentorships/:id': async (_w, a) => [await a.get(`/api/mentorships/${iw.pairB}`)],
  'POST /api/mentorships/:id/transition': async (_w, a) => [await a.post(`/api/mentorships/${iw.pairB}/transition`, { to: 'approved' })],
  'GET /api/innovation/settings': async (w, a) => [await a.get(`/api/innovation/settings?orgId=${w.cityB}`)],
  'PUT /api/innovation/settings': async (w, a) => [
    await a.request('PUT', '/api/innovation/settings', { orgId: w.cityB, maxApprentices: 1 }),
  ],
  'GET /api/people/:id/talent': async (_w, a) => [await a.get(`/api/people/${pw.personB}/talent`)],
  'POST /api/innovation/imports': async (w, a) => [
    await uploadTo(a, `/api/innovation/imports?orgId=${w.enterpriseB}&kind=studios&fileName=x.csv`, '工作室名称,所属企业\r\n', 'text/csv'),
  ],
  'GET /api/innovation/imports/template': 'reference-data',
  'GET /api/innovation/imports': async (_w, a) => [await a.get('/api/innovation/imports')],
  'GET /api/innovation/imports/:id': async (_w, a) => [
    await a.get(`/api/innovation/imports/${studioImportB}`),
    // a roster import is no studio list: not found here whoever asks
    await a.get(`/api/innovation/imports/${pw.importB}`),
  ],
  'POST /api/innovation/imports/:id/validate': async (_w, a) => [await a.post(`/api/innovation/imports/${studioImportB}/validate`, {})],
  'POST /api/innovation/imports/:id/commit': async (_w, a) => [await a.post(`/api/innovation/imports/${studioImportB}/commit`, {})],
  'GET /api/innovation/imports/:id/errors': async (_w, a) => [await a.get(`/api/innovation/imports/${studioImportB}/errors`)],
  'GET /api/innovation/imports/:id/preview': async (_w, a) => [await a.get(`/api/innovation/imports/${studioImportB}/preview`)],
  'GET /api/innovation/imports/:id/error-report': async (_w, a) => [await a.get(`/api/innovation/imports/${studioImportB}/error-report`)],
  'GET /api/industries': 'reference-data',
  'GET /api/industry-mapping': 'reference-data',
  'PUT /api/industry-mapping/:division': async (_w, a) => [await a.request('PUT', '/api/industry-mapping/34', { unionIds: [indw.unionY] })],
  'GET /api/orgs/:id/affiliations': async (w, a) => [await a.get(`/api/orgs/${w.enterpriseB}/affiliations`)],
  'POST /api/orgs/:id/affiliations': async (w, a) => [await a.post(`/api/orgs/${w.enterpriseB}/affiliations`, { unionId: indw.unionY })],
  'POST /api/orgs/:id/affiliations/propose': async (w, a) => [await a.post(`/api/orgs/${w.enterpriseB}/affiliations/propose`)],
  'GET /api/affiliations': async (_w, a) => [
    await a.get(`/api/affiliations?unionId=${indw.unionX}`),
    await a.get('/api/affiliations'),
    await a.get('/api/affiliations?status=ended'),
  ],
  'POST /api/affiliations/:id/confirm': async (_w, a) => [await a.post(`/api/affiliations/${indw.affiliationB}/confirm`)],
  'POST /api/affiliations/:id/decline': async (_w, a) => [await a.post(`/api/affiliations/${indw.affiliationB}/decline`)],
  'POST /api/affiliations/:id/end': async (_w, a) => [await a.post(`/api/affiliations/${indw.affiliationB}/end`)],
  'POST /api/proposals': async (w, a) => [
    await a.post('/api/proposals', {
      orgId: w.enterpriseB,
      title: '越权建议',
      category: 'rationalisation',
      area: 'process',
      proposers: [{ personId: pw.personB, shareBp: 10000 }],
    }),
  ],
  'POST /api/proposals/worker-accounts': async (_w, a) => [
    await a.post('/api/proposals/worker-accounts', { personId: pw.personB, username: 'intruder_worker', password: 'Intruder-Passw0rd!' }),
  ],
  // Worker self-registration (issue #16 item 1): the signed-out request, the union's queue and decisions.
  'POST /api/worker-registrations': 'public',
  'GET /api/proposals/worker-registrations': async (w, a) => [
    await a.get(`/api/proposals/worker-registrations?orgId=${w.enterpriseB}`),
    await a.get(`/api/proposals/worker-registrations?orgId=${w.cityB}`),
    await a.get('/api/proposals/worker-registrations?pageSize=200'),
  ],
  'POST /api/proposals/worker-registrations/:id/confirm': async (_w, a) => [
    await a.post(`/api/proposals/worker-registrations/${registrationB}/confirm`),
  ],
  'POST /api/proposals/worker-registrations/:id/reject': async (_w, a) => [
    await a.post(`/api/proposals/worker-registrations/${registrationB}/reject`, { reason: '越权' }),
  ],
  'GET /api/proposals': async (w, a) => [
    await a.get(`/api/proposals?orgId=${w.cityB}`),
    await a.get(`/api/proposals?orgId=${w.enterpriseB}`),
    await a.get('/api/proposals?pageSize=200'),
  ],
  'GET /api/proposals/proposers': async (w, a) => [
    await a.get(`/api/proposals/proposers?orgId=${w.enterpriseB}&q=${encodeURIComponent('王')}`),
  ],
  'GET /api/proposals/:id': async (_w, a) => [await a.get(`/api/proposals/${innovationB}`)],
  'GET /api/proposals/:id/history': async (_w, a) => [await a.get(`/api/proposals/${innovationB}/history`)],
  // Merging needs both items in reach: B's item as the kept one, or as the duplicate taken into A's.
  'POST /api/proposals/:id/merge': async (_w, a) => [
    await a.post(`/api/proposals/${innovationB}/merge`, {
      duplicateId: innovationA,
      proposers: [{ personId: pw.personA, shareBp: 10000 }],
      reason: '越权合并',
    }),
    await a.post(`/api/proposals/${innovationA}/merge`, {
      duplicateId: innovationB,
      proposers: [{ personId: pw.personA, shareBp: 10000 }],
      reason: '越权合并',
    }),
  ],
  'POST /api/proposals/:id/steps': async (_w, a) => [
    await a.post(`/api/proposals/${innovationB}/steps`, { step: 'submit' }),
    await a.post(`/api/proposals/${innovationB}/steps`, { step: 'reject', reason: '越权' }),
  ],
  'POST /api/proposals/:id/benefit': async (_w, a) => [
    await a.post(`/api/proposals/${innovationB}/benefit`, {
      formula: 'labour_hour',
      periodStart: '2026-01-01',
      oldValue: '1',
      newValue: '0.5',
      rate: '30',
      output: '10',
      inputs: '0',
    }),
  ],
  // Upward selections, patents and figures of employee innovation (issue #16 items 5–7).
  'GET /api/proposals/selections': async (_w, a) => [await a.get('/api/proposals/selections')],
  'POST /api/proposals/selections': async (w, a) => [
    await a.post('/api/proposals/selections', { orgId: w.cityB, name: '越权评选', kind: 'top_ten', year: 2026, deadline: '2099-12-31' }),
  ],
  'GET /api/proposals/selections/:id': async (_w, a) => [await a.get(`/api/proposals/selections/${selectionB}`)],
  'GET /api/proposals/selections/:id/entries': async (_w, a) => [await a.get(`/api/proposals/selections/${selectionB}/entries`)],
  'POST /api/proposals/:id/recommend': async (_w, a) => [
    await a.post(`/api/proposals/${innovationB}/recommend`, { selectionId: selectionB }),
  ],
  'GET /api/proposals/:id/entries': async (_w, a) => [await a.get(`/api/proposals/${innovationB}/entries`)],
  'POST /api/proposals/entries/:id/review': async (_w, a) => [
    await a.post(`/api/proposals/entries/${entryB}/review`, { decision: 'not_selected', reason: '越权' }),
  ],
  'POST /api/proposals/entries/:id/awards': async (_w, a) => [
    await a.post(`/api/proposals/entries/${entryB}/awards`, { name: '越权奖', amount: '1' }),
  ],
  'GET /api/proposals/:id/patents': async (_w, a) => [await a.get(`/api/proposals/${innovationB}/patents`)],
  'POST /api/proposals/:id/patents': async (_w, a) => [
    await a.post(`/api/proposals/${innovationB}/patents`, {
      type: 'utility_model',
      applicationNo: '202320999999.1',
      applicationDate: '2023-01-01',
      jobInvention: true,
      inventors: [pw.personB],
    }),
  ],
  'GET /api/proposals/dashboard': async (w, a) => [
    await a.get(`/api/proposals/dashboard?orgId=${w.cityB}`),
    await a.get(`/api/proposals/dashboard?orgId=${w.enterpriseB}`),
  ],
  'GET /api/proposals/dashboard.xlsx': async (w, a) => [await a.get(`/api/proposals/dashboard.xlsx?orgId=${w.cityB}`)],
};

/** Whether a response names an organisation of the given set: as an organisation, or as the owner of a record. */
function mentionsSubtree(body: unknown, orgIds: Set<string>): boolean {
  if (Array.isArray(body)) return body.some((b) => mentionsSubtree(b, orgIds));
  if (!body || typeof body !== 'object') return false;
  const o = body as Record<string, unknown>;
  if ('kind' in o && orgIds.has(String(o.id))) return true;
  if (orgIds.has(String(o.orgId)) || orgIds.has(String(o.parentId))) return true;
  // An affiliation names its enterprise.
  if (o.enterprise && typeof o.enterprise === 'object' && orgIds.has(String((o.enterprise as { id?: unknown }).id))) return true;
  return Object.values(o).some((v) => mentionsSubtree(v, orgIds));
}

describe('route-table access control', () => {
  let server: TestServer;
  let world: World;
  beforeAll(async () => {
    server = await startTestServer();
    world = await createWorld(server);
    pw = await createPeopleWorld(server, world);
    // The task fixtures notify city B too; the bell count below counts only the access-test notice.
    tw = await createTasksWorld(server, world);
    nw = await createNewsWorld(server, world);
    const sent = await world.staffB.post(`/api/news/articles/${nw.publishedB}/submissions`, { outlet: '工人日报', sentOn: '2026-03-01' });
    if (sent.status !== 201) throw new Error(`submission of city B: ${sent.status} ${JSON.stringify(sent.body)}`);
    submissionB = sent.body.id;
    fw = await createFieldworkWorld(server, world, tw);
    iw = await createInnovationWorld(server, world, pw);
    indw = await createIndustryWorld(server, world);
    studioImportB = (await insertImport(server.db, {
      org_id: world.enterpriseB,
      kind: 'studios',
      created_by: null as unknown as string,
      file_name: 'studios-b.csv',
      file_sha256: 'seed-studios-b',
      file_size: '0',
      file_format: 'csv',
      file_nonce: 'seed',
      header_row: 1,
      headers: '[]',
      mapping: '{"name":0,"enterprise":1}',
      batch_size: 2000,
    }))!;
    innovationB = (
      await world.admin.post('/api/proposals', {
        orgId: world.enterpriseB,
        title: '工装改进',
        category: 'small_innovation',
        area: 'equipment',
        proposers: [{ personId: pw.personB, shareBp: 10000 }],
      })
    ).body.id;
    innovationA = (
      await world.admin.post('/api/proposals', {
        orgId: world.enterpriseA,
        title: '工装改进（重复）',
        category: 'small_innovation',
        area: 'equipment',
        proposers: [{ personId: pw.personA, shareBp: 10000 }],
      })
    ).body.id;
    selectionB = (
      await world.staffB.post('/api/proposals/selections', {
        orgId: world.cityB,
        name: '济南市十大职工创新成果',
        kind: 'top_ten',
        year: 2026,
        deadline: '2099-12-31',
      })
    ).body.id;
    for (const step of ['submit', 'send_to_experts', 'adopt']) await world.admin.post(`/api/proposals/${innovationB}/steps`, { step });
    const entered = await pw.entB.post(`/api/proposals/${innovationB}/recommend`, { selectionId: selectionB });
    if (entered.status !== 201) throw new Error(`entry of city B: ${entered.status} ${JSON.stringify(entered.body)}`);
    entryB = entered.body.id;
    const registered = await server.anonymous().post('/api/worker-registrations', {
      idNumber: pw.idB,
      mobile: nthPhone(2),
      username: 'worker_b_self',
      password: 'Worker-Passw0rd!',
    });
    if (registered.status !== 201) throw new Error(`registration of city B: ${registered.status} ${JSON.stringify(registered.body)}`);
    registrationB = (
      await server.db.selectFrom('worker_registrations').select('id').where('username', '=', 'worker_b_self').executeTakeFirstOrThrow()
    ).id;
    await server.db.deleteFrom('notifications').execute();
    await notify(server.db, {
      orgId: world.cityB,
      kind: 'supervision',
      entityType: 'task',
      entityId: '1',
      title: { zh: '督办通知', en: 'Supervision notice' },
      dedupeKey: 'access-test',
    });
    notificationB = (
      await server.db.selectFrom('notifications').select('id').where('user_id', '=', world.staffBId).executeTakeFirstOrThrow()
    ).id;
    // Building the four worlds takes minutes when the machine is shared (load average above 30).
  }, 600_000);
  afterAll(() => server?.close());

  it('has a sibling-subtree case for every /api route', () => {
    const routes = routeTable(server.app).map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((r) => !(r in CASES));
    expect(missing, 'routes without an access case in access.test.ts').toEqual([]);
    const stale = Object.keys(CASES).filter((k) => !routes.includes(k));
    expect(stale, 'cases for routes that no longer exist').toEqual([]);
  });

  it('declares public only the routes that are meant to be public', () => {
    const publicRoutes = routeTable(server.app)
      .filter((r) => r.access?.public)
      .map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual(
      Object.entries(CASES)
        .filter(([, c]) => c === 'public')
        .map(([k]) => k)
        .sort(),
    );
  });

  it('refuses every attempt on the sibling subtree', async () => {
    const leaks: string[] = [];
    for (const [route, attempt] of Object.entries(CASES)) {
      if (typeof attempt !== 'function') continue;
      for (const res of await attempt(world, world.staffA)) {
        const refused = res.status === 403 || res.status === 404;
        // A list answered 200 must simply not contain anything of the sibling subtree.
        const leaked = mentionsSubtree(res.body, new Set([world.cityB, world.enterpriseB]));
        if (!refused && (res.status >= 300 || leaked)) leaks.push(`${route} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('refuses every attempt of an industry union of another industry on city B', async () => {
    const leaks: string[] = [];
    for (const [route, attempt] of Object.entries(CASES)) {
      if (typeof attempt !== 'function') continue;
      for (const res of await attempt(world, indw.staffY)) {
        const refused = res.status === 403 || res.status === 404;
        const leaked = mentionsSubtree(res.body, new Set([world.cityB, world.enterpriseB]));
        if (!refused && (res.status >= 300 || leaked)) leaks.push(`${route} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('refuses every route that is not public to a signed-out caller', async () => {
    const anonymous = server.anonymous();
    const leaks: string[] = [];
    for (const [route, attempt] of Object.entries(CASES)) {
      if (typeof attempt !== 'function') continue;
      for (const res of await attempt(world, anonymous)) if (res.status !== 401) leaks.push(`${route} → ${res.status}`);
    }
    expect(leaks).toEqual([]);
    // The self-registration is still pending: nobody outside enterprise B's chain decided it.
    const row = await server.db
      .selectFrom('worker_registrations')
      .select('status')
      .where('id', '=', registrationB)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('refuses every attempt of a worker (signed in as a registry person of enterprise A) too', async () => {
    const made = await pw.entA.post('/api/proposals/worker-accounts', {
      personId: pw.personA,
      username: 'worker_a',
      password: USER_PASSWORD,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const worker = await loginFresh(server, 'worker_a');
    const leaks: string[] = [];
    for (const [route, attempt] of Object.entries(CASES)) {
      if (typeof attempt !== 'function') continue;
      for (const res of await attempt(world, worker)) {
        const refused = res.status === 403 || res.status === 404;
        const leaked = mentionsSubtree(res.body, new Set([world.cityB, world.enterpriseB]));
        if (!refused && (res.status >= 300 || leaked)) leaks.push(`${route} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('lets the affiliated industry union read enterprise B only where the route says so, and write nothing the territorial chain owns', async () => {
    // Readable through the industry chain: routes declaring a scope with reach 'read', the task
    // records whose policy reads with it (tasks.policy.ts: a task is seen when its lead is reached),
    // and the union's own list of its enterprises.
    const READ_BY_POLICY = [
      'GET /api/tasks/:id',
      'GET /api/tasks/:id/children',
      'GET /api/tasks/:id/reports',
      'GET /api/reports/:id',
      'GET /api/attachments/:id',
      'GET /api/affiliations',
      // Innovation records read with reach 'read' in innovation.policy.ts (writes stay territorial).
      'GET /api/studios/:id',
      'GET /api/mentorships/:id',
      // Field work read with reach 'read' in fieldwork.policy.ts / returns.service.ts: visits hosted at,
      // meetings inviting, returns sent to an affiliated enterprise (lists and records; edits stay territorial).
      'GET /api/visits',
      'GET /api/visits/:id',
      'GET /api/visit-problems/export.xlsx',
      'GET /api/meetings',
      'GET /api/meetings/:id',
      'GET /api/meetings/:id/booklet.docx',
      'GET /api/fieldwork-files/:id',
      'GET /api/returns',
      'GET /api/returns/:id',
    ];
    const readable = new Set([
      ...routeTable(server.app)
        .filter((r) => r.access?.scope?.some((ref) => ref.reach === 'read'))
        .map((r) => `${r.method} ${r.url}`),
      ...READ_BY_POLICY,
    ]);
    const READ_BY_POST = new Set(['POST /api/people/search', 'POST /api/people/export']);
    // The union's own decision on its affiliation (tested in industry.test.ts); ending it here would end the reach.
    const skip = new Set(['POST /api/affiliations/:id/end']);
    const leaks: string[] = [];
    for (const [route, attempt] of Object.entries(CASES)) {
      if (typeof attempt !== 'function' || skip.has(route)) continue;
      const method = route.split(' ')[0];
      // Reads sent by POST so an ID number never travels in a URL (people search and export).
      const readByPost = READ_BY_POST.has(route);
      for (const res of await attempt(world, indw.staffX)) {
        if (method !== 'GET' && !readByPost) {
          if (res.status < 400) leaks.push(`write accepted: ${route} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          continue;
        }
        const refused = res.status === 403 || res.status === 404;
        const leaked = !readable.has(route) && mentionsSubtree(res.body, new Set([world.cityB, world.enterpriseB]));
        if (!refused && (res.status >= 300 || leaked)) leaks.push(`${route} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(leaks).toEqual([]);
    // What the rule says it reads: the enterprise (both chains), its registry masked, its tasks, its dashboard.
    const x = indw.staffX;
    const org = await x.get(`/api/orgs/${world.enterpriseB}`);
    expect(org.status).toBe(200);
    expect(org.body.industryReach).toBe(true);
    expect(org.body.ancestors.map((a: { id: string }) => a.id)).toContain(world.cityB);
    expect(org.body.industryUnions.map((u: { id: string }) => u.id)).toEqual([indw.unionX]);
    const people = await x.get(`/api/people?orgId=${world.enterpriseB}`);
    expect(people.status).toBe(200);
    expect(people.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(people.body)).not.toContain(pw.idB);
    expect((await x.get(`/api/people/${pw.personB}`)).status).toBe(200);
    expect((await x.post(`/api/people/${pw.personB}/pii`, { purpose: 'verify_identity' })).status).toBe(403);
    const task = await x.get(`/api/tasks/${tw.taskB}`);
    expect(task.status).toBe(200);
    expect(task.body.permissions).toMatchObject({ canEdit: false, canHandDown: false, canReview: false });
    const ledger = await x.get(`/api/tasks?orgId=${world.enterpriseB}`);
    expect(ledger.body.items.map((t: { id: string }) => t.id)).toContain(tw.taskB);
    expect((await x.get(`/api/dashboard?orgId=${world.enterpriseB}`)).status).toBe(200);
    // Later modules: the enterprise's studios and mentor pairs, read only.
    const studioList = await x.get(`/api/studios?orgId=${world.enterpriseB}`);
    expect(studioList.status).toBe(200);
    expect(studioList.body.items.map((st: { id: string }) => st.id)).toContain(iw.studioB);
    expect((await x.get(`/api/studios/${iw.studioB}`)).status).toBe(200);
    expect((await x.get(`/api/studios/figures?orgId=${world.enterpriseB}`)).status).toBe(200);
    const pairList = await x.get(`/api/mentorships?orgId=${world.enterpriseB}`);
    expect(pairList.body.items.map((pr: { id: string }) => pr.id)).toContain(iw.pairB);
    expect((await x.get(`/api/mentorships/${iw.pairB}`)).status).toBe(200);
    expect((await x.patch(`/api/studios/${iw.studioB}`, { name: '越权改名' })).status).toBeGreaterThanOrEqual(403);
    expect((await indw.staffY.get(`/api/studios?orgId=${world.enterpriseB}`)).status).toBe(404);
    expect((await indw.staffY.get(`/api/studios/${iw.studioB}`)).status).toBe(404);
    // Field work involving the enterprise: the visit it hosts, the meeting inviting it, the return sent to it — read only.
    const visits = await x.get('/api/visits?pageSize=200');
    expect(visits.body.items.map((v: { id: string }) => v.id)).toContain(fw.visitB);
    const visit = await x.get(`/api/visits/${fw.visitB}`);
    expect(visit.status).toBe(200);
    expect(visit.body.canEdit).toBe(false);
    expect(visit.body.hosts.map((h: { id: string }) => h.id)).toEqual([world.enterpriseB]);
    const meetings = await x.get('/api/meetings?pageSize=200');
    expect(meetings.body.items.map((m: { id: string }) => m.id)).toContain(fw.meetingB);
    const meeting = await x.get(`/api/meetings/${fw.meetingB}`);
    expect(meeting.status).toBe(200);
    expect(meeting.body.canEdit).toBe(false);
    expect(meeting.body.invitations.map((i: { org: { id: string }; canAct: boolean }) => [i.org.id, i.canAct])).toEqual([
      [world.enterpriseB, false],
    ]);
    expect((await x.get('/api/returns')).body.items.map((r: { id: string }) => r.id)).toContain(fw.returnB);
    const ret = await x.get(`/api/returns/${fw.returnB}`);
    expect(ret.status).toBe(200);
    expect(ret.body).toMatchObject({ manage: false, rollup: null });
    expect(ret.body.answers.map((a: { org: { id: string }; canAnswer: boolean }) => [a.org.id, a.canAnswer])).toEqual([
      [world.enterpriseB, false],
    ]);
    // The enterprise's innovation items (employee proposals), read only.
    const items = await x.get(`/api/proposals?orgId=${world.enterpriseB}`);
    expect(items.status).toBe(200);
    expect(items.body.items.map((i: { id: string }) => i.id)).toContain(innovationB);
    expect((await x.get('/api/proposals?pageSize=200')).body.items.map((i: { id: string }) => i.id)).toContain(innovationB);
    expect((await x.get(`/api/proposals/${innovationB}`)).status).toBe(200);
    // The pickers find the enterprise (and nothing else of city B) by name.
    const search = await x.get(`/api/orgs?q=${encodeURIComponent('济南')}`);
    expect(search.body.items.map((o: { id: string }) => o.id)).toEqual([world.enterpriseB]);
    // The sibling industry reads none of it.
    const y = indw.staffY;
    expect((await y.get('/api/visits?pageSize=200')).body.items.map((v: { id: string }) => v.id)).not.toContain(fw.visitB);
    expect((await y.get(`/api/visits/${fw.visitB}`)).status).toBe(404);
    expect((await y.get(`/api/meetings/${fw.meetingB}`)).status).toBe(404);
    expect((await y.get(`/api/returns/${fw.returnB}`)).status).toBe(404);
    expect((await y.get(`/api/proposals/${innovationB}`)).status).toBe(404);
    expect((await y.get(`/api/proposals?orgId=${world.enterpriseB}`)).status).toBe(404);
    expect((await y.get(`/api/orgs?q=${encodeURIComponent('济南')}`)).body.items).toEqual([]);
    // …and never city B itself, nor the territorial chain's writes.
    expect((await x.get(`/api/orgs/${world.cityB}`)).status).toBe(404);
    expect((await x.get(`/api/dashboard?orgId=${world.cityB}`)).status).toBe(404);
    expect((await x.patch(`/api/orgs/${world.enterpriseB}`, { name: '越权改名' })).status).toBe(404);
    expect((await x.patch(`/api/people/${pw.personB}`, { name: '越权改名' })).status).toBe(404);
  });

  it('left the sibling subtree untouched', async () => {
    const cityB = await world.staffB.get(`/api/orgs/${world.cityB}`);
    expect(cityB.body.name).toBe('济南市总工会');
    const enterprise = await world.staffB.get(`/api/orgs/${world.enterpriseB}`);
    expect(enterprise.status).toBe(200);
    expect(enterprise.body).toMatchObject({ parentId: world.cityB, status: 'active' });
    const users = await world.staffB.get('/api/users');
    expect(users.body.items.map((u: { username: string }) => u.username)).not.toContain('intruder');
    const staffB = await world.staffB.get(`/api/users/${world.staffBId}`);
    expect(staffB.body.displayName).toBe('staff_b');
    const task = await world.staffB.get(`/api/tasks/${tw.taskB}`);
    expect(task.body).toMatchObject({ title: '新增技能人才', orgId: world.enterpriseB, childCount: 0 });
    const report = await world.staffB.get(`/api/reports/${tw.reportB}`);
    expect(report.body).toMatchObject({ status: 'submitted', narrative: '一季度新增技能人才 30 人', version: 1 });
    expect(report.body.attachments).toHaveLength(1);
    const draft = await world.staffB.get(`/api/news/articles/${nw.draftB}`);
    expect(draft.body).toMatchObject({ status: 'draft', version: 1, content: { headline: '济南草稿' } });
    const published = await world.staffB.get(`/api/news/articles/${nw.publishedB}`);
    expect(published.body).toMatchObject({ status: 'published', notes: [] });
    const submissions = await world.staffB.get(`/api/news/articles/${nw.publishedB}/submissions`);
    expect(submissions.body.items).toEqual([expect.objectContaining({ id: submissionB, outcome: 'pending', version: 1 })]);
    const portal = await world.staffB.get('/api/news/portal');
    expect(portal.body.portal).toMatchObject({ slug: 'jinan' });
    const studio = await world.staffB.get(`/api/studios/${iw.studioB}`);
    expect(studio.body).toMatchObject({ name: '王乙劳模创新工作室', projects: [], funding: [], memberCount: 2 });
    expect(studio.body.namings[0]).toMatchObject({ status: 'named', assessments: [] });
    expect((await world.staffB.get(`/api/mentorships/${iw.pairB}`)).body.status).toBe('proposed');
    const innovation = await world.staffB.get(`/api/proposals/${innovationB}`);
    expect(innovation.body).toMatchObject({ status: 'adopted', reason: null, orgId: world.enterpriseB });
    // Its one entry in city B's selection, unreviewed, without awards; no patent recorded.
    const entriesB = await world.staffB.get(`/api/proposals/selections/${selectionB}/entries`);
    expect(entriesB.body.items).toEqual([expect.objectContaining({ id: entryB, decision: null, score: null, awards: [] })]);
    expect((await world.staffB.get(`/api/proposals/${innovationB}/patents`)).body.items).toEqual([]);
    const bell = await world.staffB.get('/api/notifications/unread-count');
    expect(bell.body.count).toBe(1);
    const call = await world.staffB.get(`/api/meetings/${fw.meetingB}/agenda-proposals`);
    expect(call.body).toMatchObject({ deadline: '2099-02-01', items: [{ id: fw.proposalB, status: 'pending' }] });
    expect(call.body.items).toHaveLength(1);
    const planB = await world.staffB.get(`/api/research-plan-items/${fw.planItemB}`);
    expect(planB.body).toMatchObject({ topic: '济南产改调研', status: 'draft', visitCount: 0 });
  });

  it("names in an export's filter row only what the caller may see", async () => {
    const r = await download(world.staffA, `/api/tasks/export.xlsx?parentId=${tw.taskB}&goalId=${tw.goalB}&tagId=${tw.tagB}`);
    expect(r.status).toBe(200);
    expect((await readXlsx(r.data))[3]).toEqual(['筛选条件', '全部任务']);
  });

  it("names in the caller's audit log no record of the sibling subtree (its refused attempts keep B's ids, not B's names)", async () => {
    const items = (await world.staffA.get('/api/audit?pageSize=200')).body.items as {
      entityType: string;
      entityId: string | null;
      entityName: string | null;
      orgName: string | null;
    }[];
    const ofB: Record<string, string[]> = { organisation: [world.cityB, world.enterpriseB], person: [pw.personB], task: [tw.taskB] };
    const aboutB = items.filter((e) => ofB[e.entityType]?.includes(e.entityId ?? ''));
    expect(aboutB.length).toBeGreaterThan(0);
    expect(aboutB.map((e) => e.entityName).filter(Boolean)).toEqual([]);
    expect(JSON.stringify(items.map((e) => [e.entityName, e.orgName]))).not.toMatch(/济南|王乙/);
  });

  it('records refused attempts as permission_denied in the audit log', async () => {
    const res = await world.admin.get('/api/audit?action=permission_denied&pageSize=200');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
  });
});
