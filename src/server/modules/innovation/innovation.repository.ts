// The only SQL of the innovation module: studios and their members, projects and funding; naming
// calls, applications and steps, naming records and assessments; mentor–apprentice pairs and the
// apprentices' promotions read from the registry's skill history (person_skills), however entered.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';

export type Db = Kysely<Database> | Transaction<Database>;

const day = (column: string) => sql<string>`${sql.ref(column)}::text`;
const dayOrNull = (column: string) => sql<string | null>`${sql.ref(column)}::text`;

// ---- categories
export function categoriesAlongPath(db: Db, path: string) {
  const ids = path.split('.').filter(Boolean);
  return db
    .selectFrom('studio_categories as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.name', 'c.org_id', 'o.name as org_name'])
    .where('c.org_id', 'in', ids)
    .orderBy('o.depth')
    .orderBy('c.id')
    .execute();
}

export async function insertCategory(db: Db, orgId: string, name: string) {
  const r = await db
    .insertInto('studio_categories')
    .values({ org_id: orgId, name })
    .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

// ---- studios
const memberCount = sql<number>`(SELECT count(*)::int FROM studio_members m WHERE m.studio_id = s.id AND m.left_on IS NULL)`;

function selectStudio(db: Db) {
  return db
    .selectFrom('studios as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .innerJoin('people as p', 'p.id', 's.leader_person_id')
    .select([
      's.id',
      's.name',
      's.category',
      's.org_id',
      'o.name as org_name',
      'o.path as org_path',
      's.leader_person_id',
      'p.name as leader_name',
      's.leader_honour_id',
      day('s.founded_on').as('founded_on'),
      's.status',
      's.industry_chain',
      's.venue_address',
      's.venue_area',
      's.equipment',
      memberCount.as('member_count'),
      's.named_level as level', // the highest level of its current namings, kept by a trigger
    ]);
}
export type StudioRecord = NonNullable<Awaited<ReturnType<typeof findStudio>>>;

export function findStudio(db: Db, id: string) {
  return selectStudio(db).where('s.id', '=', id).executeTakeFirst();
}

export interface StudioFilter {
  rootPath: string;
  q?: string;
  category?: string;
  level?: string;
  status?: string;
}

function filterStudios<T extends ReturnType<typeof selectStudio>>(qb: T, f: StudioFilter): T {
  let q = qb.where('o.path', 'like', subtreePattern(f.rootPath)) as T;
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('s.name', 'like', like), eb('p.name', 'like', like), eb('o.name', 'like', like)])) as T;
  }
  if (f.category) q = q.where('s.category', '=', f.category) as T;
  if (f.status) q = q.where('s.status', '=', f.status as 'active') as T;
  if (f.level === 'none') q = q.where('s.named_level', 'is', null) as T;
  else if (f.level) q = q.where('s.named_level', '=', f.level) as T;
  return q;
}

/**
 * The number of studios a filter without a search matches, read from the maintained studio_totals
 * (`studios`, `studios_closed` per ancestor × highest naming level × category): one indexed read of the
 * root's rows, however many studios its subtree holds.
 */
async function maintainedCount(db: Db, f: StudioFilter) {
  const rootId = f.rootPath.split('.').filter(Boolean).at(-1)!;
  let q = db.selectFrom('studio_totals as t').where('t.org_id', '=', rootId);
  if (f.category) q = q.where('t.category', '=', f.category);
  if (f.level) q = q.where('t.level', '=', f.level);
  const n =
    f.status === 'closed'
      ? sql<number>`coalesce(sum(t.studios_closed), 0)::int`
      : f.status === 'active'
        ? sql<number>`coalesce(sum(t.studios - t.studios_closed), 0)::int`
        : sql<number>`coalesce(sum(t.studios), 0)::int`;
  return (await q.select(n.as('n')).executeTakeFirstOrThrow()).n;
}

const STUDIO_SORT = { name: 's.name', foundedOn: 's.founded_on', id: 's.id' } as const;

export async function listStudios(
  db: Db,
  f: StudioFilter,
  sort: { field: string; dir: 'asc' | 'desc' } | undefined,
  page: { limit: number; offset: number },
) {
  const column = STUDIO_SORT[(sort?.field ?? 'id') as keyof typeof STUDIO_SORT] ?? 's.id';
  // The page's ids first, so the member-count subquery runs for its rows only (not for every row up to
  // the offset). The total: from the maintained totals, unless there is a search (studio, leader or
  // enterprise name), which no total can answer: then an exact count of the matching studios.
  // (the leader joined only for a search: a join less to plan for every page)
  const base = f.q
    ? selectStudio(db)
    : (db.selectFrom('studios as s').innerJoin('organisations as o', 'o.id', 's.org_id') as unknown as ReturnType<typeof selectStudio>);
  const pageIds = filterStudios(base, f)
    .clearSelect()
    .select('s.id')
    .orderBy(sql.ref(column), sort?.dir ?? 'desc')
    .orderBy('s.id', 'desc')
    .limit(page.limit)
    .offset(page.offset);
  const rows = await selectStudio(db)
    .where('s.id', 'in', pageIds)
    .orderBy(sql.ref(column), sort?.dir ?? 'desc')
    .orderBy('s.id', 'desc')
    .execute();
  if (!f.q) return { rows, total: await maintainedCount(db, f) };
  const total = await filterStudios(selectStudio(db), f).clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return { rows, total: total.n };
}

export function insertStudio(
  db: Db,
  v: {
    org_id: string;
    name: string;
    category: string;
    leader_person_id: string;
    leader_honour_id: string | null;
    industry_chain: string | null;
    founded_on: string;
    venue_address: string | null;
    venue_area: number | null;
    equipment: string;
  },
) {
  return db.insertInto('studios').values(v).returning('id').executeTakeFirstOrThrow();
}

export function updateStudio(db: Db, id: string, v: Record<string, unknown>) {
  return db
    .updateTable('studios')
    .set({ ...v, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .execute();
}

export function lockStudio(db: Transaction<Database>, id: string) {
  return db.selectFrom('studios').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listMembers(db: Db, studioId: string) {
  return db
    .selectFrom('studio_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['m.id', 'm.person_id', 'p.name', 'm.role', day('m.joined_on').as('joined_on'), dayOrNull('m.left_on').as('left_on')])
    .where('m.studio_id', '=', studioId)
    .orderBy(sql`array_position(ARRAY['leader','core','member'], m.role)`)
    .orderBy('m.id')
    .execute();
}

export function insertMember(db: Db, v: { studio_id: string; person_id: string; role: 'leader' | 'core' | 'member'; joined_on: string }) {
  return db.insertInto('studio_members').values(v).returning('id').executeTakeFirstOrThrow();
}

export function findMember(db: Db, studioId: string, memberId: string) {
  return db
    .selectFrom('studio_members')
    .select(['id', 'person_id', 'role', day('joined_on').as('joined_on'), dayOrNull('left_on').as('left_on')])
    .where('studio_id', '=', studioId)
    .where('id', '=', memberId)
    .executeTakeFirst();
}

export function setMemberRole(db: Db, memberId: string, role: 'leader' | 'core' | 'member') {
  return db.updateTable('studio_members').set({ role }).where('id', '=', memberId).execute();
}

export function setMemberLeft(db: Db, memberId: string, leftOn: string) {
  return db.updateTable('studio_members').set({ left_on: leftOn }).where('id', '=', memberId).execute();
}

export function listProjects(db: Db, studioId: string) {
  return db
    .selectFrom('studio_projects')
    .select(['id', 'title', 'approval_doc_no', day('approved_on').as('approved_on')])
    .where('studio_id', '=', studioId)
    .orderBy('approved_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function insertProject(db: Db, v: { studio_id: string; title: string; approval_doc_no: string; approved_on: string }) {
  return db.insertInto('studio_projects').values(v).returning('id').executeTakeFirstOrThrow();
}

export function listFunding(db: Db, studioId: string) {
  return db
    .selectFrom('studio_funding')
    .select(['id', 'source', 'amount_fen', day('received_on').as('received_on'), 'doc_no'])
    .where('studio_id', '=', studioId)
    .orderBy('received_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function insertFunding(
  db: Db,
  v: { studio_id: string; source: string; amount_fen: string; received_on: string; doc_no: string | null },
) {
  return db.insertInto('studio_funding').values(v).returning('id').executeTakeFirstOrThrow();
}

/**
 * Figures of a subtree: studios named at each level and all studios, from the maintained studio_totals
 * of its root (a studio counts once per level, as on the dashboard); pairs counted live.
 */
export async function figures(db: Db, rootPath: string) {
  const like = subtreePattern(rootPath);
  const rootId = rootPath.split('.').filter(Boolean).at(-1)!;
  const byLevel = await db
    .selectFrom('studio_totals as t')
    .select(['t.level', sql<number>`sum(t.studios_named)::int`.as('studios')])
    .where('t.org_id', '=', rootId)
    .where('t.level', '<>', 'none')
    .groupBy('t.level')
    .having(sql<boolean>`sum(t.studios_named) > 0`)
    .orderBy(sql`array_position(ARRAY['national','province','city','county','grassroots'], t.level)`)
    .execute();
  const studios = await db
    .selectFrom('studio_totals as t')
    .select(sql<number>`coalesce(sum(t.studios), 0)::int`.as('n'))
    .where('t.org_id', '=', rootId)
    .executeTakeFirstOrThrow();
  const pairs = await db
    .selectFrom('mentorships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select([
      sql<number>`count(*) FILTER (WHERE m.status IN ('approved','signed','in_progress','exam_due'))::int`.as('active'),
      sql<number>`count(*) FILTER (WHERE m.status <> 'ended' AND ${promotedOn} IS NOT NULL)::int`.as('due'),
    ])
    .where('o.path', 'like', like)
    .executeTakeFirstOrThrow();
  return { byLevel, studios: studios.n, activePairs: pairs.active, awardsDue: pairs.due };
}

// ---- calls
function selectCall(db: Db) {
  return db
    .selectFrom('studio_calls as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select([
      'c.id',
      'c.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'c.year',
      'c.title',
      'c.level',
      'c.quota',
      day('c.deadline').as('deadline'),
      'c.conditions',
      'c.checklist',
      sql<number>`(SELECT count(*)::int FROM studio_namings n WHERE n.call_id = c.id)`.as('named'),
    ]);
}
export type CallRecord = NonNullable<Awaited<ReturnType<typeof findCall>>>;

export function findCall(db: Db, id: string) {
  return selectCall(db).where('c.id', '=', id).executeTakeFirst();
}

/** Calls of the caller's organisation, the federations above it and those below it. */
export function listCalls(db: Db, path: string, year: number | undefined) {
  const ids = path.split('.').filter(Boolean);
  let q = selectCall(db).where((eb) => eb.or([eb('c.org_id', 'in', ids), eb('o.path', 'like', subtreePattern(path))]));
  if (year) q = q.where('c.year', '=', year);
  return q.orderBy('c.year', 'desc').orderBy('c.id', 'desc').limit(500).execute();
}

export function insertCall(
  db: Db,
  v: { org_id: string; year: number; title: string; level: string; quota: number; deadline: string; conditions: string; checklist: string },
) {
  return db.insertInto('studio_calls').values(v).returning('id').executeTakeFirstOrThrow();
}

// ---- applications
function selectApplication(db: Db) {
  return db
    .selectFrom('studio_applications as a')
    .innerJoin('studio_calls as c', 'c.id', 'a.call_id')
    .innerJoin('organisations as co', 'co.id', 'c.org_id')
    .innerJoin('studios as s', 's.id', 'a.studio_id')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .leftJoin('organisations as ao', 'ao.id', 'a.at_org_id')
    .select([
      'a.id',
      'a.call_id',
      'c.title as call_title',
      'c.org_id as call_org_id',
      'co.name as call_org_name',
      'co.path as call_org_path',
      'c.level as call_level',
      'c.year as call_year',
      day('c.deadline').as('call_deadline'),
      'a.studio_id',
      's.name as studio_name',
      's.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'a.status',
      'a.at_org_id',
      'ao.name as at_org_name',
      'a.statement',
      'a.scores',
      'a.review_notes',
    ]);
}
export type ApplicationRecord = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

export function findApplication(db: Db, id: string) {
  return selectApplication(db).where('a.id', '=', id).executeTakeFirst();
}

export function lockApplication(db: Transaction<Database>, id: string) {
  return db.selectFrom('studio_applications').select(['id', 'status', 'at_org_id']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listApplications(
  db: Db,
  f: { rootPath: string; callId?: string; status?: string; atOrgId?: string },
  page: { limit: number; offset: number },
) {
  const build = () => {
    let q = selectApplication(db).where('o.path', 'like', subtreePattern(f.rootPath));
    if (f.callId) q = q.where('a.call_id', '=', f.callId);
    if (f.status) q = q.where('a.status', '=', f.status as 'draft');
    if (f.atOrgId) q = q.where('a.at_org_id', '=', f.atOrgId);
    return q;
  };
  const rows = await build().orderBy('a.id', 'desc').limit(page.limit).offset(page.offset).execute();
  const total = await build().clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return { rows, total: total.n };
}

export function listStudioApplications(db: Db, studioId: string) {
  return selectApplication(db).where('a.studio_id', '=', studioId).orderBy('a.id').execute();
}

export function findApplicationFor(db: Db, callId: string, studioId: string) {
  return db
    .selectFrom('studio_applications')
    .select('id')
    .where('call_id', '=', callId)
    .where('studio_id', '=', studioId)
    .executeTakeFirst();
}

export function insertApplication(db: Db, v: { call_id: string; studio_id: string; statement: string }) {
  return db.insertInto('studio_applications').values(v).returning('id').executeTakeFirstOrThrow();
}

export function updateApplication(db: Db, id: string, v: Record<string, unknown>) {
  return db
    .updateTable('studio_applications')
    .set({ ...v, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .execute();
}

export function insertStep(db: Db, v: { application_id: string; org_id: string; action: string; note: string; user_id: string }) {
  return db.insertInto('studio_application_steps').values(v).execute();
}

export function listSteps(db: Db, applicationId: string) {
  return db
    .selectFrom('studio_application_steps as t')
    .innerJoin('organisations as o', 'o.id', 't.org_id')
    .select([
      'o.name as org_name',
      't.action',
      't.note',
      sql<string>`to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('at'),
    ])
    .where('t.application_id', '=', applicationId)
    .orderBy('t.id')
    .execute();
}

// ---- namings
export function insertNaming(
  db: Db,
  v: {
    studio_id: string;
    call_id: string;
    application_id: string;
    org_id: string;
    level: string;
    doc_no: string;
    named_on: string;
    plaque_no: string | null;
    grant_fen: string;
  },
) {
  return db
    .insertInto('studio_namings')
    .values(v)
    .onConflict((oc) => oc.columns(['studio_id', 'org_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

function selectNaming(db: Db) {
  return db
    .selectFrom('studio_namings as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .innerJoin('studios as s', 's.id', 'n.studio_id')
    .innerJoin('organisations as so', 'so.id', 's.org_id')
    .select([
      'n.id',
      'n.studio_id',
      'n.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'so.path as studio_org_path',
      'n.call_id',
      'n.level',
      'n.doc_no',
      day('n.named_on').as('named_on'),
      'n.plaque_no',
      'n.grant_fen',
      'n.status',
      dayOrNull('n.rectify_by').as('rectify_by'),
      dayOrNull('n.revoked_on').as('revoked_on'),
      'n.revoke_reason',
    ]);
}
export type NamingRecord = NonNullable<Awaited<ReturnType<typeof findNaming>>>;

export function findNaming(db: Db, id: string) {
  return selectNaming(db).where('n.id', '=', id).executeTakeFirst();
}

export function listNamings(db: Db, studioId: string) {
  return selectNaming(db).where('n.studio_id', '=', studioId).orderBy('n.named_on').orderBy('n.id').execute();
}

export function updateNaming(db: Db, id: string, v: Record<string, unknown>) {
  return db
    .updateTable('studio_namings')
    .set(v as never)
    .where('id', '=', id)
    .execute();
}

export function listAssessments(db: Db, namingIds: string[]) {
  if (namingIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('studio_assessments')
    .select(['id', 'naming_id', 'year', 'items', 'score', 'result', dayOrNull('rectify_by').as('rectify_by'), 'note'])
    .where('naming_id', 'in', namingIds)
    .orderBy('year', 'desc')
    .execute();
}

export function insertAssessment(
  db: Db,
  v: {
    naming_id: string;
    year: number;
    items: string;
    score: number | null;
    result: 'excellent' | 'pass' | 'rectify';
    rectify_by: string | null;
    note: string;
  },
) {
  return db
    .insertInto('studio_assessments')
    .values(v)
    .onConflict((oc) => oc.columns(['naming_id', 'year']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export function countProjectsInYear(db: Db, studioId: string, year: number) {
  return db
    .selectFrom('studio_projects')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('studio_id', '=', studioId)
    .where(sql<boolean>`extract(year FROM approved_on) = ${year}`)
    .executeTakeFirstOrThrow()
    .then((r) => r.n);
}

export function findOrgLevels(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('organisations').select(['id', 'name', 'level', 'kind', 'path']).where('id', 'in', ids).execute();
}

// ---- studio roles of a person (the talent record)
export function studioRolesOf(db: Db, personId: string) {
  return db
    .selectFrom('studio_members as m')
    .innerJoin('studios as s', 's.id', 'm.studio_id')
    .select(['s.id as studio_id', 's.name', 'm.role', day('m.joined_on').as('joined_on'), dayOrNull('m.left_on').as('left_on')])
    .where('m.person_id', '=', personId)
    .orderBy('m.joined_on')
    .execute();
}

// ---- mentorships
/**
 * The first day the apprentice held the target level or above within the term, from the registry's
 * skill history (a certificate entered on the person form, by a roster import or any later path).
 */
const promotedOn = sql<string | null>`(
  SELECT min(coalesce(k.certified_on, k.created_at::date))::text FROM person_skills k
  WHERE k.person_id = m.apprentice_person_id AND k.level >= m.target_level
    AND coalesce(k.certified_on, k.created_at::date) BETWEEN m.start_on AND m.end_on)`;

function selectPair(db: Db) {
  return db
    .selectFrom('mentorships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .innerJoin('people as mp', 'mp.id', 'm.master_person_id')
    .innerJoin('people as ap', 'ap.id', 'm.apprentice_person_id')
    .leftJoin('studios as s', 's.id', 'm.studio_id')
    .select([
      'm.id',
      'm.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'm.agreement_no',
      'm.master_person_id',
      'mp.name as master_name',
      'm.apprentice_person_id',
      'ap.name as apprentice_name',
      'm.studio_id',
      's.name as studio_name',
      'm.trade',
      'm.target_level',
      'm.stages',
      day('m.start_on').as('start_on'),
      day('m.end_on').as('end_on'),
      'm.allowance_fen',
      'm.status',
      'm.grade',
      'm.ended_reason',
      promotedOn.as('promoted_on'),
    ]);
}
export type PairRecord = NonNullable<Awaited<ReturnType<typeof findPair>>>;

export function findPair(db: Db, id: string) {
  return selectPair(db).where('m.id', '=', id).executeTakeFirst();
}

export async function listPairs(
  db: Db,
  f: { rootPath: string; q?: string; status?: string; awardDue?: boolean; personId?: string },
  page: { limit: number; offset: number },
) {
  const build = () => {
    let q = selectPair(db).where('o.path', 'like', subtreePattern(f.rootPath));
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([eb('mp.name', 'like', like), eb('ap.name', 'like', like), eb('m.agreement_no', 'like', like), eb('m.trade', 'like', like)]),
      );
    }
    if (f.status) q = q.where('m.status', '=', f.status);
    if (f.awardDue === true) q = q.where('m.status', '<>', 'ended').where(sql<boolean>`${promotedOn} IS NOT NULL`);
    if (f.awardDue === false) q = q.where((eb) => eb.or([eb('m.status', '=', 'ended'), sql<boolean>`${promotedOn} IS NULL`]));
    if (f.personId)
      q = q.where((eb) => eb.or([eb('m.master_person_id', '=', f.personId!), eb('m.apprentice_person_id', '=', f.personId!)]));
    return q;
  };
  const rows = await build().orderBy('m.id', 'desc').limit(page.limit).offset(page.offset).execute();
  const total = await build().clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return { rows, total: total.n };
}

export function pairsOfPerson(db: Db, personId: string) {
  return selectPair(db)
    .where((eb) => eb.or([eb('m.master_person_id', '=', personId), eb('m.apprentice_person_id', '=', personId)]))
    .orderBy('m.start_on')
    .execute();
}

const OPEN = ['proposed', 'approved', 'signed', 'in_progress', 'exam_due'];
export async function countOpenPairs(db: Db, column: 'master_person_id' | 'apprentice_person_id', personId: string) {
  const r = await db
    .selectFrom('mentorships')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(column, '=', personId)
    .where('status', 'in', OPEN)
    .executeTakeFirstOrThrow();
  return r.n;
}

export function insertPair(
  db: Db,
  v: {
    org_id: string;
    agreement_no: string;
    master_person_id: string;
    apprentice_person_id: string;
    studio_id: string | null;
    trade: string;
    target_level: number;
    stages: string;
    start_on: string;
    end_on: string;
    allowance_fen: string;
  },
) {
  return db.insertInto('mentorships').values(v).returning('id').executeTakeFirstOrThrow();
}

export function lockPair(db: Transaction<Database>, id: string) {
  return db.selectFrom('mentorships').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updatePair(db: Db, id: string, v: Record<string, unknown>) {
  return db
    .updateTable('mentorships')
    .set({ ...v, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .execute();
}

/** The nearest setting at or above the organisation (its own, else its federations'). */
export async function maxApprenticesAlong(db: Db, path: string): Promise<number | undefined> {
  const ids = path.split('.').filter(Boolean);
  const r = await db
    .selectFrom('innovation_settings as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select('s.max_apprentices')
    .where('s.org_id', 'in', ids)
    .orderBy('o.depth', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.max_apprentices;
}

export function upsertSettings(db: Db, orgId: string, maxApprentices: number) {
  return db
    .insertInto('innovation_settings')
    .values({ org_id: orgId, max_apprentices: maxApprentices })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ max_apprentices: maxApprentices }))
    .execute();
}

/** The demo: people of an enterprise, the most skilled first. */
export function peopleOfOrg(db: Db, orgId: string, limit: number) {
  return db
    .selectFrom('people')
    .select(['id', 'name', 'skill_level'])
    .where('org_id', '=', orgId)
    .orderBy(sql`skill_level DESC NULLS LAST`)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** What the records say about a studio's year (the assessment items they can answer). */
export async function yearFacts(db: Db, studioId: string, year: number) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const r = await sql<{ members: number; projects: number; funding_fen: string; apprentices: number; promoted: number }>`
    SELECT
      (SELECT count(*)::int FROM studio_members m WHERE m.studio_id = ${studioId} AND m.left_on IS NULL) AS members,
      (SELECT count(*)::int FROM studio_projects p WHERE p.studio_id = ${studioId} AND p.approved_on BETWEEN ${from} AND ${to}) AS projects,
      (SELECT coalesce(sum(f.amount_fen), 0)::text FROM studio_funding f WHERE f.studio_id = ${studioId} AND f.received_on BETWEEN ${from} AND ${to}) AS funding_fen,
      (SELECT count(*)::int FROM mentorships t WHERE t.studio_id = ${studioId} AND t.start_on <= ${to} AND t.end_on >= ${from} AND t.status <> 'proposed') AS apprentices,
      (SELECT count(DISTINCT m.person_id)::int FROM studio_members m JOIN person_skills k ON k.person_id = m.person_id
        WHERE m.studio_id = ${studioId} AND coalesce(k.certified_on, k.created_at::date) BETWEEN ${from} AND ${to}) AS promoted`.execute(
    db,
  );
  return r.rows[0]!;
}

// ---- dashboard (maintained totals, studio_totals)
/** The maintained figures of an organisation and of its direct children, per naming level × category. */
export async function dashboardTotals(db: Db, orgId: string) {
  return (
    db
      .selectFrom('studio_totals as t')
      .innerJoin('organisations as o', 'o.id', 't.org_id')
      .select([
        't.org_id',
        'o.name as org_name',
        't.level',
        't.category',
        't.studios_named',
        't.revoked',
        't.grants_fen',
        't.excellent',
        't.passed',
        't.rectify',
        't.members',
      ])
      // the organisation and its children first (two index reads), then their rows: an OR across the
      // join read every row of studio_totals (one per organisation × level × category)
      .where('t.org_id', 'in', (eb) =>
        eb
          .selectFrom('organisations as c')
          .select('c.id')
          .where((w) => w.or([w('c.id', '=', orgId), w('c.parent_id', '=', orgId)])),
      )
      .where((eb) =>
        eb.or([
          eb('t.studios_named', '<>', 0),
          eb('t.revoked', '<>', 0),
          eb('t.grants_fen', '<>', '0'),
          eb('t.excellent', '<>', 0),
          eb('t.passed', '<>', 0),
          eb('t.rectify', '<>', 0),
          eb('t.members', '<>', 0),
        ]),
      )
      .orderBy('o.name')
      .orderBy('t.level')
      .orderBy('t.category')
      .execute()
  );
}

/** Quota of this organisation's naming calls per year (named vs quota). */
export function callQuotas(db: Db, orgId: string) {
  return db
    .selectFrom('studio_calls as c')
    .select([
      'c.year',
      'c.level',
      sql<number>`sum(c.quota)::int`.as('quota'),
      sql<number>`sum((SELECT count(*) FROM studio_namings n WHERE n.call_id = c.id))::int`.as('named'),
    ])
    .where('c.org_id', '=', orgId)
    .groupBy(['c.year', 'c.level'])
    .orderBy('c.year', 'desc')
    .orderBy('c.level')
    .execute();
}
