// The submission ledger's SQL: submissions of articles to outlets, their counts per unit and outlet
// over a subtree and period, and the outlet names organisations added.
import { sql } from 'kysely';
import { subtreePattern } from '../../platform/access.js';
import type { Db } from './news.repository.js';
import type { SubmissionOutcome } from './news.tables.js';

export interface SubmissionRow {
  id: string;
  article_id: string;
  headline: string;
  org_id: string;
  org_name: string;
  org_path: string;
  outlet: string;
  sent_on: string;
  outcome: SubmissionOutcome;
  adopted_on: string | null;
  placement: string;
  note: string;
  version: number;
  created_at: Date;
}

function selectSubmissions(db: Db) {
  return db
    .selectFrom('news_submissions as s')
    .innerJoin('news_articles as a', 'a.id', 's.article_id')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select([
      's.id',
      's.article_id',
      sql<string>`a.content->>'headline'`.as('headline'),
      's.org_id',
      'o.name as org_name',
      'o.path as org_path',
      's.outlet',
      sql<string>`s.sent_on::text`.as('sent_on'),
      's.outcome',
      sql<string | null>`s.adopted_on::text`.as('adopted_on'),
      's.placement',
      's.note',
      's.version',
      's.created_at',
    ]);
}

export async function findSubmission(db: Db, id: string, lock = false): Promise<SubmissionRow | undefined> {
  let q = selectSubmissions(db).where('s.id', '=', id);
  if (lock) q = q.forUpdate('s');
  return (await q.executeTakeFirst()) as SubmissionRow | undefined;
}

export async function listForArticle(db: Db, articleId: string): Promise<SubmissionRow[]> {
  return (await selectSubmissions(db)
    .where('s.article_id', '=', articleId)
    .orderBy('s.sent_on', 'desc')
    .orderBy('s.id', 'desc')
    .execute()) as SubmissionRow[];
}

export interface SubmissionValues {
  outlet: string;
  sentOn: string;
  outcome: SubmissionOutcome;
  adoptedOn: string | null;
  placement: string;
  note: string;
}

export async function insertSubmission(db: Db, articleId: string, orgId: string, v: SubmissionValues, userId: string): Promise<string> {
  const row = await db
    .insertInto('news_submissions')
    .values({
      article_id: articleId,
      org_id: orgId,
      outlet: v.outlet,
      sent_on: v.sentOn,
      outcome: v.outcome,
      adopted_on: v.adoptedOn,
      placement: v.placement,
      note: v.note,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSubmission(db: Db, id: string, v: SubmissionValues, version: number): Promise<void> {
  await db
    .updateTable('news_submissions')
    .set({
      outlet: v.outlet,
      sent_on: v.sentOn,
      outcome: v.outcome,
      adopted_on: v.adoptedOn,
      placement: v.placement,
      note: v.note,
      version,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteSubmission(db: Db, id: string): Promise<void> {
  await db.deleteFrom('news_submissions').where('id', '=', id).execute();
}

export interface LedgerFilter {
  subtree: string;
  orgPath?: string;
  from?: string;
  to?: string;
  outlet?: string;
  outcome?: SubmissionOutcome;
}

function filtered(db: Db, f: LedgerFilter) {
  let q = selectSubmissions(db).where('o.path', 'like', subtreePattern(f.subtree));
  if (f.orgPath) q = q.where('o.path', 'like', subtreePattern(f.orgPath));
  if (f.from) q = q.where('s.sent_on', '>=', f.from);
  if (f.to) q = q.where('s.sent_on', '<', f.to);
  if (f.outlet) q = q.where('s.outlet', '=', f.outlet);
  if (f.outcome) q = q.where('s.outcome', '=', f.outcome);
  return q;
}

const SORT_COLUMNS: Record<string, string> = { sentOn: 's.sent_on', outlet: 's.outlet', adoptedOn: 's.adopted_on', unit: 'o.name_key' };

export async function listLedger(
  db: Db,
  f: LedgerFilter & { sort?: { field: string; dir: 'asc' | 'desc' }; page: number; pageSize: number },
) {
  const base = filtered(db, f);
  const total = await db
    .selectFrom(base.as('x'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const column = SORT_COLUMNS[f.sort?.field ?? 'sentOn'] ?? 's.sent_on';
  const dir = f.sort?.dir ?? 'desc';
  const rows = await base
    .orderBy(sql`${sql.ref(column)} ${sql.raw(dir === 'asc' ? 'asc nulls first' : 'desc nulls last')}`)
    .orderBy('s.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { rows: rows as SubmissionRow[], total: Number(total.n) };
}

/** Every row of the ledger in its order, up to `limit` (the export). */
export async function ledgerRows(db: Db, f: LedgerFilter & { sort?: { field: string; dir: 'asc' | 'desc' } }, limit: number) {
  const column = SORT_COLUMNS[f.sort?.field ?? 'sentOn'] ?? 's.sent_on';
  const dir = f.sort?.dir ?? 'desc';
  return (await filtered(db, f)
    .orderBy(sql`${sql.ref(column)} ${sql.raw(dir === 'asc' ? 'asc nulls first' : 'desc nulls last')}`)
    .orderBy('s.id', 'desc')
    .limit(limit)
    .execute()) as SubmissionRow[];
}

/** Sent and adopted per unit (ordered by the unit's name, never by a count) and per outlet. */
export async function counts(db: Db, f: LedgerFilter) {
  const base = db
    .selectFrom('news_submissions as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .where('o.path', 'like', subtreePattern(f.subtree))
    .$if(!!f.orgPath, (q) => q.where('o.path', 'like', subtreePattern(f.orgPath!)))
    .$if(!!f.from, (q) => q.where('s.sent_on', '>=', f.from!))
    .$if(!!f.to, (q) => q.where('s.sent_on', '<', f.to!));
  const sent = sql<number>`count(*)::int`.as('sent');
  const adopted = sql<number>`(count(*) FILTER (WHERE s.outcome = 'adopted'))::int`.as('adopted');
  const units = await base
    .select(['s.org_id', 'o.name as org_name', 'o.name_key', sent, adopted])
    .select([sql<string | null>`max(s.sent_on)::text`.as('last_sent'), sql<string | null>`max(s.adopted_on)::text`.as('last_adopted')])
    .groupBy(['s.org_id', 'o.name', 'o.name_key'])
    .orderBy('o.name_key')
    .orderBy('s.org_id')
    .execute();
  const outlets = await base.select(['s.outlet', sent, adopted]).groupBy('s.outlet').orderBy('s.outlet').execute();
  return { units, outlets };
}

export async function outletsAlong(db: Db, orgPath: string) {
  const ids = orgPath.split('.').filter(Boolean);
  return db
    .selectFrom('news_outlets as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .select(['n.name', 'n.org_id'])
    .where('n.org_id', 'in', ids)
    .orderBy('o.depth')
    .orderBy('n.id')
    .execute();
}

/** Adds an outlet name to the organisation's list; false when it is there already. */
export async function insertOutlet(db: Db, orgId: string, name: string, userId: string): Promise<string | undefined> {
  const row = await db
    .insertInto('news_outlets')
    .values({ org_id: orgId, name, created_by: userId })
    .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}
