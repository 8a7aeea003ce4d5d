// All SQL of field work and meetings. Visibility: a visit is seen by the subtree of its organiser and
// of each host unit; a meeting by the subtree of its convenor and of each invited unit (what an
// invited unit outside the convenor's subtree sees of it is narrowed in the service).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
import { industryReachSql } from '../../platform/reach.repository.js';
import type { FwDecisionsTable, FwMeetingsTable, FwVisitProblemsTable, FwVisitsTable } from './fieldwork.tables.js';
import type { Insertable, Updateable } from 'kysely';

export type Db = Kysely<Database> | Transaction<Database>;

const json = (v: unknown) => JSON.stringify(v ?? []);
export function parseJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}
export { json as toJson };

// ---------------------------------------------------------------- organisations and tasks

export interface OrgInfo {
  id: string;
  name: string;
  path: string;
  status: string;
  kind: string;
  region_code: string | null;
}
export async function findOrgs(db: Db, ids: string[]): Promise<OrgInfo[]> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return [];
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'path', 'status', 'kind', 'region_code'])
    .where('id', 'in', unique)
    .execute() as Promise<OrgInfo[]>;
}

export interface TaskLink {
  id: string;
  title: string;
  status: string;
  dueDate: string;
  completedAt: string | null;
}
/** The linked tasks as they are now; a completed task's date is its last acceptance. */
export async function taskLinks(db: Db, ids: (string | null)[]): Promise<Map<string, TaskLink>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (!unique.length) return new Map();
  const rows = await db
    .selectFrom('tasks as t')
    .select([
      't.id',
      't.title',
      't.status',
      sql<string>`t.due_date::text`.as('due_date'),
      sql<string | null>`(SELECT max(r.reviewed_at)::date::text FROM task_reports r WHERE r.task_id = t.id AND r.status = 'accepted')`.as(
        'accepted_on',
      ),
    ])
    .where('t.id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        id: String(r.id),
        title: r.title,
        status: r.status,
        dueDate: r.due_date,
        completedAt: r.status === 'completed' ? (r.accepted_on ?? r.due_date) : null,
      },
    ]),
  );
}

// ---------------------------------------------------------------- visits

export interface VisitRow {
  id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  title: string;
  visit_type: FwVisitsTable['visit_type'];
  themes: unknown;
  leader_name: string;
  leader_post: string;
  team: unknown;
  start_date: string;
  end_date: string;
  itinerary: unknown;
  findings: unknown;
  report: string;
  report_due: string | null;
  status: import('./fieldwork.tables.js').VisitStatus;
  host_count: number;
  problem_count: number;
}

function selectVisits(db: Db) {
  return db
    .selectFrom('fw_visits as v')
    .innerJoin('organisations as o', 'o.id', 'v.org_id')
    .select([
      'v.id',
      'v.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'v.title',
      'v.visit_type',
      'v.themes',
      'v.leader_name',
      'v.leader_post',
      'v.team',
      sql<string>`v.start_date::text`.as('start_date'),
      sql<string>`v.end_date::text`.as('end_date'),
      'v.itinerary',
      'v.findings',
      'v.report',
      sql<string | null>`v.report_due::text`.as('report_due'),
      'v.status',
      sql<number>`(SELECT count(*)::int FROM fw_visit_hosts h WHERE h.visit_id = v.id)`.as('host_count'),
      sql<number>`(SELECT count(*)::int FROM fw_visit_problems p WHERE p.visit_id = v.id)`.as('problem_count'),
    ]);
}

/**
 * Organised in the subtree, or hosted by a unit of it; with an industry union (industryUnionOf), also
 * organised by or hosted at an enterprise affiliated to it (reach 'read').
 */
const visitVisible = (rootPath: string, industryUnionId?: string) =>
  industryUnionId
    ? sql<boolean>`(o.path LIKE ${subtreePattern(rootPath)} OR ${industryReachSql(industryUnionId, 'v.org_id')} OR EXISTS (SELECT 1 FROM fw_visit_hosts h JOIN organisations ho ON ho.id = h.org_id WHERE h.visit_id = v.id AND (ho.path LIKE ${subtreePattern(rootPath)} OR ${industryReachSql(industryUnionId, 'h.org_id')})))`
    : sql<boolean>`(o.path LIKE ${subtreePattern(rootPath)} OR EXISTS (SELECT 1 FROM fw_visit_hosts h JOIN organisations ho ON ho.id = h.org_id WHERE h.visit_id = v.id AND ho.path LIKE ${subtreePattern(rootPath)}))`;

export async function findVisit(db: Db, id: string): Promise<VisitRow | undefined> {
  return (await selectVisits(db).where('v.id', '=', id).executeTakeFirst()) as VisitRow | undefined;
}

export async function isVisitVisible(db: Db, id: string, rootPath: string, industryUnionId?: string): Promise<boolean> {
  const r = await db
    .selectFrom('fw_visits as v')
    .innerJoin('organisations as o', 'o.id', 'v.org_id')
    .select('v.id')
    .where('v.id', '=', id)
    .where(visitVisible(rootPath, industryUnionId))
    .executeTakeFirst();
  return !!r;
}

export interface VisitFilter {
  rootPath: string;
  /** The caller's industry union (industryUnionOf): its affiliated enterprises' visits are read too. */
  industryUnionId?: string;
  q?: string;
  status?: string;
  visitType?: string;
  year?: number;
  /** Visits that overlap these days (calendar). */
  from?: string;
  to?: string;
}
function filterVisits<Q extends ReturnType<typeof selectVisits>>(q: Q, f: VisitFilter): Q {
  let out = q.where(visitVisible(f.rootPath, f.industryUnionId)) as Q;
  if (f.status) out = out.where('v.status', '=', f.status as never) as Q;
  if (f.visitType) out = out.where('v.visit_type', '=', f.visitType as never) as Q;
  if (f.year) out = out.where(sql<boolean>`extract(year from v.start_date) = ${f.year}`) as Q;
  if (f.from) out = out.where(sql<boolean>`v.end_date >= ${f.from}::date`) as Q;
  if (f.to) out = out.where(sql<boolean>`v.start_date <= ${f.to}::date`) as Q;
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    out = out.where(sql<boolean>`(v.title LIKE ${like} OR v.leader_name LIKE ${like} OR v.themes::text LIKE ${like})`) as Q;
  }
  return out;
}

export async function listVisits(
  db: Db,
  f: VisitFilter,
  sort: { field: 'startDate' | 'title'; dir: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const col = sort.field === 'title' ? 'v.title' : 'v.start_date';
  const [items, total] = await Promise.all([
    filterVisits(selectVisits(db), f).orderBy(sql.ref(col), sort.dir).orderBy('v.id', sort.dir).limit(limit).offset(offset).execute(),
    filterVisits(selectVisits(db), f).clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as VisitRow[], total: Number(total.n) };
}

export async function insertVisit(db: Db, v: Insertable<FwVisitsTable>): Promise<string> {
  const r = await db.insertInto('fw_visits').values(v).returning('id').executeTakeFirstOrThrow();
  return String(r.id);
}

export async function updateVisit(db: Db, id: string, v: Updateable<FwVisitsTable>): Promise<void> {
  await db
    .updateTable('fw_visits')
    .set({ ...v, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Locks the visit row for a state change; returns its status. */
export async function lockVisit(db: Db, id: string): Promise<string | undefined> {
  const r = await db.selectFrom('fw_visits').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
  return r?.status;
}

export async function replaceHosts(db: Db, visitId: string, hosts: { org_id: string; region_code: string | null }[]): Promise<void> {
  await db.deleteFrom('fw_visit_hosts').where('visit_id', '=', visitId).execute();
  if (hosts.length)
    await db
      .insertInto('fw_visit_hosts')
      .values(hosts.map((h, i) => ({ visit_id: visitId, org_id: h.org_id, region_code: h.region_code, sort_order: i })))
      .execute();
}

export function listHosts(db: Db, visitId: string) {
  return db
    .selectFrom('fw_visit_hosts as h')
    .innerJoin('organisations as o', 'o.id', 'h.org_id')
    .select(['h.org_id as id', 'o.name', 'h.region_code'])
    .where('h.visit_id', '=', visitId)
    .orderBy('h.sort_order')
    .execute();
}

export async function insertRequirements(db: Db, visitId: string, texts: string[]): Promise<void> {
  if (!texts.length) return;
  const r = await db
    .selectFrom('fw_visit_requirements')
    .select(sql<number>`coalesce(max(sort_order) + 1, 0)::int`.as('n'))
    .where('visit_id', '=', visitId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('fw_visit_requirements')
    .values(texts.map((text, i) => ({ visit_id: visitId, text, sort_order: Number(r.n) + i, task_id: null })))
    .execute();
}

export function listRequirements(db: Db, visitId: string) {
  return db.selectFrom('fw_visit_requirements').selectAll().where('visit_id', '=', visitId).orderBy('sort_order').orderBy('id').execute();
}

export function findRequirement(db: Db, id: string) {
  return db.selectFrom('fw_visit_requirements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Links the task unless another request linked one first; whether this one did. */
export async function linkRequirementTask(db: Db, id: string, taskId: string): Promise<boolean> {
  const r = await db
    .updateTable('fw_visit_requirements')
    .set({ task_id: taskId })
    .where('id', '=', id)
    .where('task_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertProblem(db: Db, v: Insertable<FwVisitProblemsTable>): Promise<string> {
  const r = await db
    .selectFrom('fw_visit_problems')
    .select(sql<number>`coalesce(max(sort_order) + 1, 0)::int`.as('n'))
    .where('visit_id', '=', v.visit_id)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('fw_visit_problems')
    .values({ ...v, sort_order: Number(r.n) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export function listProblems(db: Db, visitId: string) {
  return db.selectFrom('fw_visit_problems').selectAll().where('visit_id', '=', visitId).orderBy('sort_order').orderBy('id').execute();
}

export function findProblem(db: Db, id: string) {
  return db.selectFrom('fw_visit_problems').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateProblem(db: Db, id: string, v: Updateable<FwVisitProblemsTable>): Promise<void> {
  await db.updateTable('fw_visit_problems').set(v).where('id', '=', id).execute();
}

export async function linkProblemTask(db: Db, id: string, taskId: string): Promise<boolean> {
  const r = await db
    .updateTable('fw_visit_problems')
    .set({ task_id: taskId, status: 'in_progress' })
    .where('id', '=', id)
    .where('task_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Problems of the visits the subtree sees (the export), with visit title and org names. */
export function listProblemsForExport(db: Db, rootPath: string, visitId?: string, industryUnionId?: string) {
  let q = db
    .selectFrom('fw_visit_problems as p')
    .innerJoin('fw_visits as v', 'v.id', 'p.visit_id')
    .innerJoin('organisations as o', 'o.id', 'v.org_id')
    .leftJoin('organisations as ho', 'ho.id', 'p.host_org_id')
    .leftJoin('organisations as lo', 'lo.id', 'p.lead_org_id')
    .leftJoin('tasks as t', 't.id', 'p.task_id')
    .select([
      'p.id',
      'v.title as visit_title',
      sql<string>`v.start_date::text`.as('start_date'),
      'p.sort_order',
      'p.category',
      'p.text',
      'ho.name as host_name',
      'lo.name as lead_name',
      'p.status',
      'p.measures',
      't.status as task_status',
      sql<string | null>`t.due_date::text`.as('task_due'),
    ])
    .where(visitVisible(rootPath, industryUnionId));
  if (visitId) q = q.where('v.id', '=', visitId);
  return q.orderBy('v.start_date', 'desc').orderBy('v.id').orderBy('p.sort_order').limit(20000).execute();
}

/** Visits whose report is due within the window and not yet in (the reminder job). */
export function listVisitsReportDue(db: Db, until: string) {
  return db
    .selectFrom('fw_visits')
    .select(['id', 'org_id', 'title', sql<string>`report_due::text`.as('report_due')])
    .where('status', 'in', ['under_way', 'report_due'])
    .where('report_due', 'is not', null)
    .where('report_due', '<=', until)
    .orderBy('id')
    .limit(5000)
    .execute();
}

// ---------------------------------------------------------------- meetings

export async function insertSeries(db: Db, v: { org_id: string; title: string }): Promise<string> {
  const r = await db.insertInto('fw_meeting_series').values(v).returning('id').executeTakeFirstOrThrow();
  return String(r.id);
}

export function findSeries(db: Db, id: string) {
  return db
    .selectFrom('fw_meeting_series as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(['s.id', 's.org_id', 's.title', 'o.name as org_name', 'o.path as org_path'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export function listSeries(db: Db, rootPath: string) {
  return db
    .selectFrom('fw_meeting_series as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select([
      's.id',
      's.org_id',
      's.title',
      'o.name as org_name',
      sql<number>`(SELECT count(*)::int FROM fw_meetings m WHERE m.series_id = s.id)`.as('session_count'),
    ])
    .where('o.path', 'like', subtreePattern(rootPath))
    .orderBy('s.id', 'desc')
    .limit(500)
    .execute();
}

export async function nextSessionNo(db: Db, seriesId: string): Promise<number> {
  const r = await db
    .selectFrom('fw_meetings')
    .select(sql<number>`coalesce(max(session_no), 0)::int + 1`.as('n'))
    .where('series_id', '=', seriesId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function lockSeries(db: Db, seriesId: string): Promise<void> {
  await db.selectFrom('fw_meeting_series').select('id').where('id', '=', seriesId).forUpdate().executeTakeFirst();
}

export interface MeetingRow {
  id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  series_id: string | null;
  series_title: string | null;
  session_no: number | null;
  meeting_type: FwMeetingsTable['meeting_type'];
  title: string;
  meeting_date: string;
  venue: string;
  host_org_id: string | null;
  programme_id: string | null;
  programme_title: string | null;
  report_period: string | null;
  report_deadline: string | null;
  agenda: unknown;
  attendance: string;
  speeches_summary: string;
  conclusions: unknown;
  minutes_status: import('./fieldwork.tables.js').MinutesStatus;
  invited_count: number;
}

function selectMeetings(db: Db) {
  return db
    .selectFrom('fw_meetings as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .leftJoin('fw_meeting_series as s', 's.id', 'm.series_id')
    .leftJoin('task_programmes as p', 'p.id', 'm.programme_id')
    .select([
      'm.id',
      'm.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'm.series_id',
      's.title as series_title',
      'm.session_no',
      'm.meeting_type',
      'm.title',
      sql<string>`m.meeting_date::text`.as('meeting_date'),
      'm.venue',
      'm.host_org_id',
      'm.programme_id',
      'p.title as programme_title',
      'm.report_period',
      sql<string | null>`m.report_deadline::text`.as('report_deadline'),
      'm.agenda',
      'm.attendance',
      'm.speeches_summary',
      'm.conclusions',
      'm.minutes_status',
      sql<number>`(SELECT count(*)::int FROM fw_invitations i WHERE i.meeting_id = m.id)`.as('invited_count'),
    ]);
}

/** Convened in the subtree, or inviting a unit of it; with an industry union, also convened by or inviting an affiliated enterprise. */
const meetingVisible = (rootPath: string, industryUnionId?: string) =>
  industryUnionId
    ? sql<boolean>`(o.path LIKE ${subtreePattern(rootPath)} OR ${industryReachSql(industryUnionId, 'm.org_id')} OR EXISTS (SELECT 1 FROM fw_invitations i JOIN organisations io ON io.id = i.org_id WHERE i.meeting_id = m.id AND (io.path LIKE ${subtreePattern(rootPath)} OR ${industryReachSql(industryUnionId, 'i.org_id')})))`
    : sql<boolean>`(o.path LIKE ${subtreePattern(rootPath)} OR EXISTS (SELECT 1 FROM fw_invitations i JOIN organisations io ON io.id = i.org_id WHERE i.meeting_id = m.id AND io.path LIKE ${subtreePattern(rootPath)}))`;

export async function findMeeting(db: Db, id: string): Promise<MeetingRow | undefined> {
  return (await selectMeetings(db).where('m.id', '=', id).executeTakeFirst()) as MeetingRow | undefined;
}

export async function lockMeeting(db: Db, id: string): Promise<string | undefined> {
  const r = await db.selectFrom('fw_meetings').select('minutes_status').where('id', '=', id).forUpdate().executeTakeFirst();
  return r?.minutes_status;
}

export interface MeetingFilter {
  rootPath: string;
  /** The caller's industry union (industryUnionOf): meetings of or inviting its affiliated enterprises are read too. */
  industryUnionId?: string;
  q?: string;
  seriesId?: string;
  meetingType?: string;
  year?: number;
  /** Meetings held on these days (calendar). */
  from?: string;
  to?: string;
}
function filterMeetings<Q extends ReturnType<typeof selectMeetings>>(q: Q, f: MeetingFilter): Q {
  let out = q.where(meetingVisible(f.rootPath, f.industryUnionId)) as Q;
  if (f.seriesId) out = out.where('m.series_id', '=', f.seriesId) as Q;
  if (f.meetingType) out = out.where('m.meeting_type', '=', f.meetingType as never) as Q;
  if (f.year) out = out.where(sql<boolean>`extract(year from m.meeting_date) = ${f.year}`) as Q;
  if (f.from) out = out.where(sql<boolean>`m.meeting_date >= ${f.from}::date`) as Q;
  if (f.to) out = out.where(sql<boolean>`m.meeting_date <= ${f.to}::date`) as Q;
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    out = out.where(sql<boolean>`(m.title LIKE ${like} OR m.venue LIKE ${like})`) as Q;
  }
  return out;
}

export async function listMeetings(
  db: Db,
  f: MeetingFilter,
  sort: { field: 'meetingDate' | 'title'; dir: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const col = sort.field === 'title' ? 'm.title' : 'm.meeting_date';
  const [items, total] = await Promise.all([
    filterMeetings(selectMeetings(db), f).orderBy(sql.ref(col), sort.dir).orderBy('m.id', sort.dir).limit(limit).offset(offset).execute(),
    filterMeetings(selectMeetings(db), f).clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as MeetingRow[], total: Number(total.n) };
}

export async function insertMeeting(db: Db, v: Insertable<FwMeetingsTable>): Promise<string> {
  const r = await db.insertInto('fw_meetings').values(v).returning('id').executeTakeFirstOrThrow();
  return String(r.id);
}

export async function updateMeeting(db: Db, id: string, v: Updateable<FwMeetingsTable>): Promise<void> {
  await db
    .updateTable('fw_meetings')
    .set({ ...v, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Invites the units not yet invited; drops those no longer listed that have neither replied nor reported. */
export async function setInvitations(db: Db, meetingId: string, orgIds: string[]): Promise<void> {
  let del = db
    .deleteFrom('fw_invitations')
    .where('meeting_id', '=', meetingId)
    .where('reply', '=', 'pending')
    .where('report_status', '=', 'none');
  if (orgIds.length) del = del.where('org_id', 'not in', orgIds);
  await del.execute();
  if (orgIds.length)
    await db
      .insertInto('fw_invitations')
      .values(orgIds.map((org_id) => ({ meeting_id: meetingId, org_id })))
      .onConflict((oc) => oc.columns(['meeting_id', 'org_id']).doNothing())
      .execute();
}

export interface InvitationRow {
  id: string;
  meeting_id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  reply: import('./fieldwork.tables.js').Reply;
  substitute_name: string | null;
  signed_in_at: Date | null;
  report_status: 'none' | 'draft' | 'submitted';
  report_text: string;
  report_data: unknown;
  report_submitted_at: Date | null;
}

function selectInvitations(db: Db) {
  return db
    .selectFrom('fw_invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select([
      'i.id',
      'i.meeting_id',
      'i.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'i.reply',
      'i.substitute_name',
      'i.signed_in_at',
      'i.report_status',
      'i.report_text',
      'i.report_data',
      'i.report_submitted_at',
    ]);
}

export async function listInvitations(db: Db, meetingId: string): Promise<InvitationRow[]> {
  return (await selectInvitations(db).where('i.meeting_id', '=', meetingId).orderBy('o.path').execute()) as InvitationRow[];
}

export async function findInvitation(db: Db, id: string): Promise<InvitationRow | undefined> {
  return (await selectInvitations(db).where('i.id', '=', id).executeTakeFirst()) as InvitationRow | undefined;
}

export async function lockInvitation(db: Db, id: string): Promise<string | undefined> {
  const r = await db.selectFrom('fw_invitations').select('report_status').where('id', '=', id).forUpdate().executeTakeFirst();
  return r?.report_status;
}

export async function updateInvitation(
  db: Db,
  id: string,
  v: Updateable<import('./fieldwork.tables.js').FwInvitationsTable>,
): Promise<void> {
  await db.updateTable('fw_invitations').set(v).where('id', '=', id).execute();
}

/** Invitations whose report deadline is near and whose report is not submitted (the reminder job). */
export function listReportsDue(db: Db, until: string) {
  return db
    .selectFrom('fw_invitations as i')
    .innerJoin('fw_meetings as m', 'm.id', 'i.meeting_id')
    .select(['i.id', 'i.org_id', 'm.id as meeting_id', 'm.title', sql<string>`m.report_deadline::text`.as('report_deadline')])
    .where('m.report_deadline', 'is not', null)
    .where('m.report_deadline', '<=', until)
    .where('i.report_status', '!=', 'submitted')
    .where('i.reply', '!=', 'absent')
    .orderBy('i.id')
    .limit(5000)
    .execute();
}

export async function insertDecision(db: Db, v: Insertable<FwDecisionsTable>): Promise<string> {
  const r = await db
    .selectFrom('fw_decisions')
    .select(sql<number>`coalesce(max(sort_order) + 1, 0)::int`.as('n'))
    .where('meeting_id', '=', v.meeting_id)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('fw_decisions')
    .values({ ...v, sort_order: Number(r.n) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export function listDecisions(db: Db, meetingIds: string[]) {
  if (!meetingIds.length) return Promise.resolve([]);
  return db
    .selectFrom('fw_decisions as d')
    .innerJoin('organisations as o', 'o.id', 'd.owner_org_id')
    .innerJoin('fw_meetings as m', 'm.id', 'd.meeting_id')
    .select([
      'd.id',
      'd.meeting_id',
      'd.sort_order',
      'd.text',
      'd.owner_org_id',
      'o.name as owner_name',
      'd.co_unit_ids',
      sql<string>`d.due_date::text`.as('due_date'),
      'd.task_id',
      'm.title as meeting_title',
      'm.session_no',
      sql<string>`m.meeting_date::text`.as('meeting_date'),
    ])
    .where('d.meeting_id', 'in', meetingIds)
    .orderBy('m.meeting_date')
    .orderBy('m.id')
    .orderBy('d.sort_order')
    .execute();
}

/** Sessions of a series held before this one (by number). */
export async function earlierSessionIds(db: Db, seriesId: string, sessionNo: number): Promise<string[]> {
  const rows = await db
    .selectFrom('fw_meetings')
    .select('id')
    .where('series_id', '=', seriesId)
    .where('session_no', '<', sessionNo)
    .execute();
  return rows.map((r) => String(r.id));
}

/** Meetings whose decisions the subtree may list (the ledger export): convened in it. */
export async function meetingIdsConvenedIn(db: Db, rootPath: string, f: { meetingId?: string; seriesId?: string }): Promise<string[]> {
  let q = db
    .selectFrom('fw_meetings as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('m.id')
    .where('o.path', 'like', subtreePattern(rootPath));
  if (f.meetingId) q = q.where('m.id', '=', f.meetingId);
  if (f.seriesId) q = q.where('m.series_id', '=', f.seriesId);
  return (await q.limit(5000).execute()).map((r) => String(r.id));
}

/** Where a task came from, if it came from field work or a meeting. */
export async function findTaskOrigin(db: Db, taskId: string) {
  const p = await db
    .selectFrom('fw_visit_problems as p')
    .innerJoin('fw_visits as v', 'v.id', 'p.visit_id')
    .select(['v.id', 'v.title'])
    .where('p.task_id', '=', taskId)
    .executeTakeFirst();
  if (p) return { kind: 'visit_problem' as const, visitId: String(p.id), meetingId: null, title: p.title };
  const r = await db
    .selectFrom('fw_visit_requirements as r')
    .innerJoin('fw_visits as v', 'v.id', 'r.visit_id')
    .select(['v.id', 'v.title'])
    .where('r.task_id', '=', taskId)
    .executeTakeFirst();
  if (r) return { kind: 'visit_requirement' as const, visitId: String(r.id), meetingId: null, title: r.title };
  const d = await db
    .selectFrom('fw_decisions as d')
    .innerJoin('fw_meetings as m', 'm.id', 'd.meeting_id')
    .select(['m.id', 'm.title'])
    .where('d.task_id', '=', taskId)
    .executeTakeFirst();
  if (d) return { kind: 'meeting_decision' as const, visitId: null, meetingId: String(d.id), title: d.title };
  return { kind: null, visitId: null, meetingId: null, title: null };
}

// ---------------------------------------------------------------- figures (dashboard)

/** The year's field work and meeting figures of what the subtree organised or convened. */
export async function yearFigures(db: Db, rootPath: string, year: number, today: string) {
  const like = subtreePattern(rootPath);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const byOrganiser = await db
    .selectFrom('fw_visits as v')
    .innerJoin('organisations as o', 'o.id', 'v.org_id')
    .select(['o.id', 'o.name', sql<number>`count(*)::int`.as('n')])
    .where('o.path', 'like', like)
    .where('v.start_date', '>=', from)
    .where('v.start_date', '<=', to)
    .groupBy(['o.id', 'o.name'])
    .orderBy(sql`count(*)`, 'desc')
    .limit(50)
    .execute();
  const enterprises = await db
    .selectFrom('organisations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('path', 'like', like)
    .where('kind', '=', 'enterprise')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  const visited = await db
    .selectFrom('fw_visit_hosts as h')
    .innerJoin('fw_visits as v', 'v.id', 'h.visit_id')
    .innerJoin('organisations as o', 'o.id', 'v.org_id')
    .innerJoin('organisations as ho', 'ho.id', 'h.org_id')
    .select(sql<number>`count(DISTINCT h.org_id)::int`.as('n'))
    .where('o.path', 'like', like)
    .where('ho.path', 'like', like)
    .where('ho.kind', '=', 'enterprise')
    .where('v.start_date', '>=', from)
    .where('v.start_date', '<=', to)
    .executeTakeFirstOrThrow();
  const problems = await db
    .selectFrom('fw_visit_problems as p')
    .innerJoin('fw_visits as v', 'v.id', 'p.visit_id')
    .innerJoin('organisations as o', 'o.id', 'v.org_id')
    .leftJoin('tasks as t', 't.id', 'p.task_id')
    .select([
      sql<number>`count(*)::int`.as('raised'),
      sql<number>`count(*) FILTER (WHERE p.status = 'closed' OR (p.status <> 'carried_over' AND t.status = 'completed'))::int`.as('closed'),
      sql<number>`count(*) FILTER (WHERE p.status IN ('open','in_progress') AND t.status = 'overdue')::int`.as('overdue'),
      sql<number>`count(*) FILTER (WHERE p.status = 'carried_over')::int`.as('carried_over'),
    ])
    .where('o.path', 'like', like)
    .where('v.start_date', '>=', from)
    .where('v.start_date', '<=', to)
    .executeTakeFirstOrThrow();
  const meetings = await db
    .selectFrom('fw_meetings as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('o.path', 'like', like)
    .where('m.meeting_date', '>=', from)
    .where('m.meeting_date', '<=', to < today ? to : today)
    .executeTakeFirstOrThrow();
  const reports = await db
    .selectFrom('fw_invitations as i')
    .innerJoin('fw_meetings as m', 'm.id', 'i.meeting_id')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select([
      sql<number>`count(*)::int`.as('due'),
      sql<number>`count(*) FILTER (WHERE i.report_status = 'submitted' AND i.report_submitted_at::date <= m.report_deadline)::int`.as(
        'on_time',
      ),
    ])
    .where('o.path', 'like', like)
    .where('m.report_deadline', 'is not', null)
    .where('m.meeting_date', '>=', from)
    .where('m.meeting_date', '<=', to)
    .executeTakeFirstOrThrow();
  const decisions = await db
    .selectFrom('fw_decisions as d')
    .innerJoin('fw_meetings as m', 'm.id', 'd.meeting_id')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .leftJoin('tasks as t', 't.id', 'd.task_id')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(t.id)::int`.as('tasks'),
      sql<number>`count(*) FILTER (WHERE t.status = 'completed')::int`.as('done'),
      sql<number>`count(*) FILTER (WHERE t.status = 'completed' AND coalesce((SELECT max(r.reviewed_at)::date FROM task_reports r WHERE r.task_id = t.id AND r.status = 'accepted'), t.due_date) <= t.due_date)::int`.as(
        'done_on_time',
      ),
      sql<number>`count(*) FILTER (WHERE t.status = 'overdue')::int`.as('overdue'),
    ])
    .where('o.path', 'like', like)
    .where('m.meeting_date', '>=', from)
    .where('m.meeting_date', '<=', to)
    .executeTakeFirstOrThrow();
  return {
    byOrganiser,
    enterprises: Number(enterprises.n),
    visited: Number(visited.n),
    problems,
    meetings: Number(meetings.n),
    reports,
    decisions,
  };
}
