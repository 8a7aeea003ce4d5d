// The only SQL of the industry chain: the division → union mapping and the affiliations.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AffiliationSource, AffiliationStatus } from './industry.tables.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface UnionRow {
  id: string;
  name: string;
  level: Database['organisations']['level'];
  region_code: string | null;
  path: string;
}

export async function listMapping(db: Db): Promise<(UnionRow & { division: string })[]> {
  return db
    .selectFrom('industry_union_divisions as m')
    .innerJoin('organisations as u', 'u.id', 'm.union_id')
    .select(['m.division', 'u.id', 'u.name', 'u.level', 'u.region_code', 'u.path'])
    .orderBy('m.division')
    .orderBy('u.depth')
    .orderBy('u.name_key')
    .execute();
}

export function listMappingOf(db: Db, division: string): Promise<{ union_id: string }[]> {
  return db.selectFrom('industry_union_divisions').select('union_id').where('division', '=', division).orderBy('union_id').execute();
}

export async function setMapping(trx: Transaction<Database>, division: string, unionIds: string[]): Promise<void> {
  await trx.deleteFrom('industry_union_divisions').where('division', '=', division).execute();
  if (unionIds.length)
    await trx
      .insertInto('industry_union_divisions')
      .values(unionIds.map((union_id) => ({ division, union_id })))
      .execute();
}

export function findOrgsForChain(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'level', 'region_code', 'path', 'status', 'industry_code'])
    .where('id', 'in', ids)
    .execute();
}

/** The unions a division maps to that serve an enterprise of this province (national ones, and the province's own). */
export function findProposedUnions(db: Db, division: string, provinceCode: string | null): Promise<UnionRow[]> {
  let q = db
    .selectFrom('industry_union_divisions as m')
    .innerJoin('organisations as u', 'u.id', 'm.union_id')
    .select(['u.id', 'u.name', 'u.level', 'u.region_code', 'u.path'])
    .where('m.division', '=', division)
    .where('u.kind', '=', 'industry_union')
    .where('u.status', '=', 'active');
  q = provinceCode
    ? q.where((eb) => eb.or([eb('u.level', '=', 'national'), eb(sql`left(u.region_code, 2)`, '=', provinceCode.slice(0, 2))]))
    : q.where('u.level', '=', 'national');
  return q.orderBy('u.depth').execute();
}

export interface AffiliationRecord {
  id: string;
  enterprise_id: string;
  union_id: string;
  status: AffiliationStatus;
  source: AffiliationSource;
  valid_from: Date | null;
  valid_to: Date | null;
  created_at: Date;
  enterprise_name: string;
  enterprise_path: string;
  enterprise_region: string | null;
  enterprise_industry: string | null;
  union_name: string;
  union_level: Database['organisations']['level'];
  union_region: string | null;
  union_path: string;
}

function selectAffiliations(db: Db) {
  return db
    .selectFrom('org_affiliations as a')
    .innerJoin('organisations as e', 'e.id', 'a.enterprise_id')
    .innerJoin('organisations as u', 'u.id', 'a.union_id')
    .select([
      'a.id',
      'a.enterprise_id',
      'a.union_id',
      'a.status',
      'a.source',
      'a.valid_from',
      'a.valid_to',
      'a.created_at',
      'e.name as enterprise_name',
      'e.path as enterprise_path',
      'e.region_code as enterprise_region',
      'e.industry_code as enterprise_industry',
      'u.name as union_name',
      'u.level as union_level',
      'u.region_code as union_region',
      'u.path as union_path',
    ]);
}

export function findAffiliation(db: Db, id: string): Promise<AffiliationRecord | undefined> {
  return selectAffiliations(db).where('a.id', '=', id).executeTakeFirst();
}

export async function lockAffiliation(trx: Transaction<Database>, id: string): Promise<AffiliationRecord | undefined> {
  await trx.selectFrom('org_affiliations').select('id').where('id', '=', id).forUpdate().execute();
  return findAffiliation(trx, id);
}

export function listAffiliationsOf(db: Db, enterpriseId: string): Promise<AffiliationRecord[]> {
  return selectAffiliations(db)
    .where('a.enterprise_id', '=', enterpriseId)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

export function findOpenAffiliation(db: Db, enterpriseId: string, unionId: string) {
  return db
    .selectFrom('org_affiliations')
    .select(['id', 'status'])
    .where('enterprise_id', '=', enterpriseId)
    .where('union_id', '=', unionId)
    .where('status', 'in', ['proposed', 'active'])
    .executeTakeFirst();
}

export async function insertAffiliation(
  trx: Db,
  values: { enterprise_id: string; union_id: string; status: AffiliationStatus; source: AffiliationSource; created_by: string | null },
): Promise<string> {
  const now = new Date();
  const r = await trx
    .insertInto('org_affiliations')
    .values({
      ...values,
      valid_from: values.status === 'active' ? now : null,
      decided_by: values.status === 'active' ? values.created_by : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function setAffiliationStatus(trx: Transaction<Database>, id: string, status: AffiliationStatus, by: string): Promise<void> {
  const now = new Date();
  await trx
    .updateTable('org_affiliations')
    .set({
      status,
      decided_by: by,
      updated_at: now,
      ...(status === 'active' && { valid_from: now }),
      ...((status === 'ended' || status === 'declined') && { valid_to: now }),
    })
    .where('id', '=', id)
    .execute();
}

export type AffiliationSort = { field: 'name' | 'since' | 'industry'; dir: 'asc' | 'desc' };

export async function listAffiliated(
  db: Db,
  f: { unionId: string; status?: AffiliationStatus; q?: string },
  sort: AffiliationSort,
  limit: number,
  offset: number,
): Promise<{ items: AffiliationRecord[]; total: number }> {
  let q = selectAffiliations(db).where('a.union_id', '=', f.unionId);
  q = f.status ? q.where('a.status', '=', f.status) : q.where('a.status', 'in', ['proposed', 'active']);
  if (f.q) q = q.where('e.name', 'like', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const dir = sort.dir;
  const ordered =
    sort.field === 'since'
      ? q.orderBy('a.valid_from', dir).orderBy('e.name_key')
      : sort.field === 'industry'
        ? q.orderBy('e.industry_code', dir).orderBy('e.name_key')
        : q.orderBy('e.name_key', dir);
  const [items, count] = await Promise.all([
    ordered.orderBy('a.id').limit(limit).offset(offset).execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

/** Names of the organisations on paths (the territorial chains shown next to affiliated enterprises). */
export async function namesOnPaths(db: Db, paths: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(paths.flatMap((p) => p.split('.').filter(Boolean)))];
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Affiliations (active) of many enterprises to one union at once: the demo data and the generator. */
export async function affiliateAll(db: Db, unionId: string, enterpriseIds: string[]): Promise<number> {
  if (!enterpriseIds.length) return 0;
  const r = await sql<{ n: number }>`
    WITH ins AS (
      INSERT INTO org_affiliations (enterprise_id, union_id, status, source, valid_from)
      SELECT e::bigint, ${unionId}::bigint, 'active', 'industry_code', now() FROM unnest(${enterpriseIds}::text[]) AS e
      ON CONFLICT DO NOTHING RETURNING 1
    ) SELECT count(*)::int AS n FROM ins`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** Active affiliations of every enterprise classified in one of the divisions (not yet open to the union): the generator. */
export async function affiliateByDivisions(db: Db, unionId: string, divisions: string[], provinceCode?: string): Promise<number> {
  const inProvince = provinceCode ? sql`AND left(o.region_code, 2) = ${provinceCode.slice(0, 2)}` : sql``;
  const r = await sql<{ n: number }>`
    WITH ins AS (
      INSERT INTO org_affiliations (enterprise_id, union_id, status, source, valid_from)
      SELECT o.id, ${unionId}::bigint, 'active', 'industry_code', now()
      FROM organisations o
      WHERE o.kind = 'enterprise' AND o.industry_code = ANY(${divisions}::text[]) AND o.status = 'active' ${inProvince}
      ORDER BY o.id
      ON CONFLICT DO NOTHING RETURNING 1
    ) SELECT count(*)::int AS n FROM ins`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** Provincial industry unions whose name ends with `suffix` (the generator's 海南省机械冶金建材工会 …). */
export function findProvincialUnions(db: Db, suffix: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'region_code'])
    .where('kind', '=', 'industry_union')
    .where('level', '=', 'province')
    .where('name', 'like', `%${suffix}`)
    .orderBy('id')
    .execute();
}

export function findUnionByName(db: Db, name: string) {
  return db.selectFrom('organisations').selectAll().where('name', '=', name).where('kind', '=', 'industry_union').executeTakeFirst();
}
