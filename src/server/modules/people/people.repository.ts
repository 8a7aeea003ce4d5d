// The only SQL about person records (dates are read as YYYY-MM-DD text).
import { sql, type CompiledQuery, type Kysely, type RawBuilder, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';
import { SESSION_ORG_ID } from '../../platform/sessions.js';
import { personNameKey } from '../../platform/sort-key.js';
import { HIGHLY_SKILLED_RANK, SKILL_LEVELS } from './skill-levels.js';
import type { NewPerson, PeopleTable } from './people.tables.js';
import type { PeopleFilter } from './people.schemas.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface PersonRecord {
  id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  name: string;
  id_masked: string;
  id_sealed: string;
  phone_sealed: string | null;
  gender: 'M' | 'F';
  birth_date: string;
  phone_masked: string | null;
  union_member: boolean;
  union_joined_on: string | null;
  occupation: string | null;
  education: string | null;
  employment_status: string;
  skill_level: number | null;
  version: number;
  /** ISO 8601 in UTC, as the API sends it (formatted by the database: no Date parsed per row). */
  created_at: string;
  updated_at: string;
}

const isoTime = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function selectPerson(db: Db) {
  return db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select([
      'p.id',
      'p.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'p.name',
      'p.id_masked',
      'p.id_sealed',
      'p.phone_sealed',
      'p.gender',
      sql<string>`p.birth_date::text`.as('birth_date'),
      'p.phone_masked',
      'p.union_member',
      sql<string | null>`p.union_joined_on::text`.as('union_joined_on'),
      'p.occupation',
      'p.education',
      'p.employment_status',
      'p.skill_level',
      'p.version',
      isoTime('p.created_at').as('created_at'),
      isoTime('p.updated_at').as('updated_at'),
    ]);
}

export async function findPersonOrgPath(db: Db, id: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select('o.path')
    .where('p.id', '=', id)
    .executeTakeFirst();
  return r?.path;
}

export function findPersonById(db: Db, id: string): Promise<PersonRecord | undefined> {
  return selectPerson(db).where('p.id', '=', id).executeTakeFirst() as Promise<PersonRecord | undefined>;
}

export function lockPerson(db: Transaction<Database>, id: string) {
  return db.selectFrom('people').select(['id', 'org_id']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findPersonByHash(db: Db, idHash: string): Promise<PersonRecord | undefined> {
  return selectPerson(db).where('p.id_hash', '=', idHash).executeTakeFirst() as Promise<PersonRecord | undefined>;
}

/** Inserts a person; the name's sort key is computed here. */
export async function insertPerson(db: Db, values: Omit<NewPerson, 'name_key'>): Promise<string> {
  const r = await db
    .insertInto('people')
    .values({ ...values, name_key: personNameKey(values.name) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Updates a person and raises their version (optimistic locking); a new name gets its sort key here. */
export async function updatePerson(db: Db, id: string, values: Partial<Record<keyof PeopleTable, unknown>>): Promise<void> {
  const key = typeof values.name === 'string' ? { name_key: personNameKey(values.name) } : {};
  await db
    .updateTable('people')
    .set({ ...(values as object), ...key, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** The filters of the list, the search and the export, over people joined to their organisation. */
export function applyFilter<O>(
  q: SelectQueryBuilder<Database & { p: Database['people']; o: Database['organisations'] }, 'p' | 'o', O>,
  rootPath: string,
  f: PeopleFilter & { idHash?: string; idSuffix?: string },
) {
  let r = q.where('o.path', 'like', subtreePattern(rootPath));
  if (f.idHash) r = r.where('p.id_hash', '=', f.idHash);
  else if (f.idSuffix) r = r.where('p.id_masked', 'like', `%${f.idSuffix}`);
  else if (f.q) r = r.where('p.name', 'ilike', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.skillLevel) r = r.where('p.skill_level', '=', SKILL_LEVELS.find((l) => l.code === f.skillLevel)!.rank);
  if (f.highlySkilled === true) r = r.where('p.skill_level', '>=', HIGHLY_SKILLED_RANK);
  if (f.highlySkilled === false)
    r = r.where((eb) => eb.or([eb('p.skill_level', '<', HIGHLY_SKILLED_RANK), eb('p.skill_level', 'is', null)]));
  if (f.unionMember !== undefined) r = r.where('p.union_member', '=', f.unionMember);
  if (f.employmentStatus) r = r.where('p.employment_status', '=', f.employmentStatus);
  if (f.honourKind || f.honourGrade) {
    r = r.where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_honours as h')
          .select(sql`1`.as('one'))
          .whereRef('h.person_id', '=', 'p.id')
          .$if(!!f.honourKind, (w) => w.where('h.kind', '=', f.honourKind!))
          .$if(!!f.honourGrade, (w) => w.where('h.grade', '=', f.honourGrade!)),
      ),
    );
  }
  return r;
}

const SORT_COLUMNS = { name: 'p.name_key', birthDate: 'p.birth_date', skillLevel: 'p.skill_level', createdAt: 'p.created_at' } as const;
export type PeopleSortField = keyof typeof SORT_COLUMNS;

/**
 * A page of people. With only a subtree and skill levels to filter on (what people_scopes answers),
 * by name or by level the page is read from people_scopes (listByScope), and by birth date or creation
 * time it walks `people_birth_idx` / `people_created_idx` in order, keeping the subtree's rows, so the
 * cost follows the page rather than the subtree (a province's first page no longer sorts its millions);
 * the total then comes from org_totals. Other filters sort their matches, as a search does.
 */
export async function listPeople(
  db: Db,
  rootPath: string,
  f: PeopleFilter & { idHash?: string; idSuffix?: string },
  sort: { field: PeopleSortField; dir: 'asc' | 'desc' },
  limit: number,
  offset: number,
) {
  const keys = scopeKeysOf(f);
  if (keys && (sort.field === 'name' || sort.field === 'skillLevel'))
    return listByScope(db, rootPath, keys, sort.dir, limit, offset, sort.field === 'skillLevel');
  const base = db.selectFrom('people as p').innerJoin('organisations as o', 'o.id', 'p.org_id');
  const filtered = applyFilter(base, rootPath, f);
  // Birth date and creation time are never null: a plain direction lets the index serve both ways
  // (an index read backwards gives NULLS FIRST, so `desc nulls last` would sort instead).
  const order =
    sort.field === 'skillLevel'
      ? sql`${sql.ref(SORT_COLUMNS[sort.field])} ${sort.dir === 'desc' ? sql`desc nulls last` : sql`asc nulls last`}`
      : sql`${sql.ref(SORT_COLUMNS[sort.field])} ${sql.raw(sort.dir)}`;
  // The page's ids first, then only their rows: the sort runs over (sort key, id) instead of over
  // every matching row in full.
  const pageIds = filtered.select('p.id').orderBy(order).orderBy('p.id', sort.dir).limit(limit).offset(offset);
  const scope = rootPath.slice(0, -1).split('.').pop()!;
  const [items, total] = await Promise.all([
    selectPerson(db).where('p.id', 'in', pageIds).orderBy(order).orderBy('p.id', sort.dir).execute() as Promise<PersonRecord[]>,
    keys
      ? sql<{ n: number | null }>`SELECT ${scopeTotal(scope, keys)} AS n`.execute(db).then((r) => ({ n: r.rows[0]?.n ?? 0 }))
      : filtered.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n ?? 0 };
}

const ALL_KEYS = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/**
 * The skill keys (level, 0 for none) of a filter that people_scopes answers alone — a subtree, a
 * skill level, highly skilled or not — or undefined when the filter needs the people rows.
 */
export function scopeKeysOf(f: PeopleFilter & { idHash?: string; idSuffix?: string }): number[] | undefined {
  if (f.idHash || f.idSuffix || f.q || f.unionMember !== undefined || f.employmentStatus || f.honourKind || f.honourGrade) return undefined;
  let keys = ALL_KEYS;
  if (f.skillLevel) keys = keys.filter((k) => k === SKILL_LEVELS.find((l) => l.code === f.skillLevel)!.rank);
  if (f.highlySkilled === true) keys = keys.filter((k) => k >= HIGHLY_SKILLED_RANK);
  if (f.highlySkilled === false) keys = keys.filter((k) => k < HIGHLY_SKILLED_RANK);
  return keys;
}

/**
 * A page of a subtree by name from people_scopes — one skill key's index range in pinyin order, or
 * each wanted key's first entries merged — then the page's rows, with the total from the subtree's
 * registry counts in org_totals, in one statement. The keys and the page size are written into the
 * text (a few dozen texts in all): PostgreSQL then keeps one generic plan per text (see prepared.ts),
 * where a parameter for the page size made it plan every call. Cost follows the page, not the size
 * of the subtree.
 */
async function listByScope(db: Db, rootPath: string, keys: number[], dir: 'asc' | 'desc', limit: number, offset: number, byLevel = false) {
  if (!keys.length) return { items: [], total: 0 };
  const scope = rootPath.slice(0, -1).split('.').pop()!;
  const page = scopePage(db, keys, dir, Math.trunc(limit), byLevel, 'param');
  const rows = (await db.executeQuery({ ...page.query, parameters: page.parameters(scope, offset, limit + offset) }))
    .rows as (PersonRecord & {
    total: number | null;
  })[];
  if (rows.length) return { items: rows, total: rows[0]!.total ?? 0 };
  // A page past the end (or an empty subtree) still answers the total.
  const t = await sql<{ total: number | null }>`SELECT ${scopeTotal(scope, keys)} AS total`.execute(db);
  return { items: [], total: t.rows[0]?.total ?? 0 };
}

const scopeTotal = (scope: string | RawBuilder<unknown>, keys: number[]) =>
  sql<number>`(SELECT ${sql.raw(keys.map((k) => `t.registry_${k}`).join(' + '))} FROM org_totals t WHERE t.org_id = ${scope})`;

/**
 * The statement of a page by scope, built and compiled once per shape (skill keys, direction, page
 * size) and reused with the request's own values: building and compiling it per request cost more
 * JavaScript than the rest of the list. Stand-ins mark where the subtree, the offset and the
 * offset's reach go among the parameters.
 */
const SCOPE = '\u0000scope';
const OFFSET = -1_000_001;
const REACH = -1_000_002;
const PAGES_KEPT = 500;
const scopePages = new Map<string, { query: CompiledQuery; parameters: (scope: string, offset: number, reach: number) => unknown[] }>();

/**
 * The page by scope of the signed-in user's own subtree, written to travel with the session lookup
 * (platform/sessions.ts loadActorAlong): its subtree is the session's organisation, so the session
 * check and the page are one statement. Undefined for a filter people_scopes does not answer alone.
 */
export function ownScopePageAlongSession(
  db: Db,
  f: PeopleFilter & { idHash?: string; idSuffix?: string },
  sort: { field: PeopleSortField; dir: 'asc' | 'desc' },
  limit: number,
  offset: number,
): CompiledQuery | undefined {
  const keys = scopeKeysOf(f);
  if (!keys?.length || (sort.field !== 'name' && sort.field !== 'skillLevel')) return undefined;
  const page = scopePage(db, keys, sort.dir, Math.trunc(limit), sort.field === 'skillLevel', 'session');
  return { ...page.query, parameters: page.parameters('', offset, limit + offset) };
}

function scopePage(db: Db, keys: number[], dir: 'asc' | 'desc', pageSize: number, byLevel: boolean, scopeFrom: 'param' | 'session') {
  const shape = `${keys.join(',')}|${dir}|${pageSize}|${byLevel ? 'level' : 'name'}|${scopeFrom}`;
  const known = scopePages.get(shape);
  if (known) return known;
  const d = sql.raw(dir === 'desc' ? 'DESC' : 'ASC');
  const size = sql.lit(pageSize);
  // By name: each level's entries in the direction asked, merged. By level: the levels one after the
  // other (1 → 8, or 8 → 1; no level last either way), each in pinyin order of names.
  const scope = scopeFrom === 'session' ? sql.raw(SESSION_ORG_ID) : sql`${SCOPE}`;
  const within = byLevel ? sql.raw('ASC') : d;
  const rank = (key: number) => (key === 0 ? 9 : dir === 'desc' ? 9 - key : key);
  const range = (key: number, n: RawBuilder<unknown>) =>
    sql`SELECT s.name_key, s.person_id, ${sql.lit(byLevel ? rank(key) : 0)}::int AS level_rank FROM people_scopes s WHERE s.scope_id = ${scope} AND s.skill_key = ${sql.lit(key)} ORDER BY s.name_key ${within}, s.person_id ${within} LIMIT ${n}`;
  const page =
    keys.length === 1
      ? sql`${range(keys[0]!, size)} OFFSET ${OFFSET}::int`
      : sql`SELECT u.name_key, u.person_id, u.level_rank FROM (${sql.join(
          keys.map((k) => sql`(${range(k, sql`${REACH}::int`)})`),
          sql` UNION ALL `,
        )}) u
      ORDER BY u.level_rank, u.name_key ${within}, u.person_id ${within} LIMIT ${size} OFFSET ${OFFSET}::int`;
  const query = selectPerson(db)
    .innerJoin(sql<{ name_key: string; person_id: string; level_rank: number }>`(${page})`.as('g'), (j) =>
      j.onRef('g.person_id', '=', 'p.id'),
    )
    .select(scopeTotal(scope, keys).as('total'))
    .orderBy(sql`g.level_rank, g.name_key ${within}, g.person_id ${within}`)
    .compile();
  const stand = query.parameters;
  const compiled = {
    query,
    parameters: (scope: string, offset: number, reach: number) =>
      stand.map((p) => (p === SCOPE ? scope : p === OFFSET ? offset : p === REACH ? reach : p)),
  };
  if (scopePages.size >= PAGES_KEPT) scopePages.clear();
  scopePages.set(shape, compiled);
  return compiled;
}

/** Keyset pages in id order, for the streamed export. */
export function pagePeopleForExport(db: Db, rootPath: string, f: PeopleFilter, afterId: string, limit: number) {
  return applyFilter(selectPerson(db), rootPath, f).where('p.id', '>', afterId).orderBy('p.id').limit(limit).execute() as Promise<
    PersonRecord[]
  >;
}

/** Sets each person's current level: the most recent certificate (highest level on the same day). */
export async function refreshSkillLevel(db: Db, personIds: string[]): Promise<void> {
  if (!personIds.length) return;
  await sql`
    UPDATE people p SET skill_level = s.level, updated_at = now()
    FROM (
      SELECT DISTINCT ON (person_id) person_id, level FROM person_skills
      WHERE person_id = ANY(${personIds}::bigint[])
      ORDER BY person_id, certified_on DESC NULLS LAST, level DESC, id DESC
    ) s
    WHERE p.id = s.person_id AND p.skill_level IS DISTINCT FROM s.level`.execute(db);
}
