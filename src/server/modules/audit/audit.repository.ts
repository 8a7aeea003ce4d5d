// The SQL of the audit log's reader (entries are written by platform/audit.ts).
import { sql, type Kysely } from 'kysely';
import type { AuditAction, AuditEntityType } from '../../../shared/audit-vocabulary.js';
import type { Database } from '../../db/schema.js';
import { subtreePattern } from '../../platform/access.js';

export interface AuditFilter {
  action?: AuditAction;
  entityType?: AuditEntityType;
  entityId?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

/** Entries filed under the subtree, newest first, and how many match. */
export async function listAuditEntries(db: Kysely<Database>, rootPath: string, f: AuditFilter, limit: number, offset: number) {
  let q = db.selectFrom('audit_log').where('org_path', 'like', subtreePattern(rootPath));
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actor) q = q.where('actor_username', '=', f.actor);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<=', f.to);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

/**
 * What the log's entries are about, by name (see audit.present.ts): one query per entity type on the
 * page, and only for records whose organisation is in the reader's subtree — an entry filed there can
 * name a record elsewhere (a refused attempt on a sibling's person, say), and its name is not the
 * reader's to see. A report is named by its task's title and its period key; a skill, honour or
 * transfer by its person; an attachment by its file name.
 */
export async function entityNames(db: Kysely<Database>, rootPath: string, ids: Partial<Record<AuditEntityType, string[]>>) {
  const names = new Map<string, { name: string; period?: string }>();
  const pattern = subtreePattern(rootPath);
  const jobs: Promise<void>[] = [];
  const run = (type: AuditEntityType, q: (list: string[]) => Promise<{ id: string; name: string; period?: string }[]>) => {
    const list = [...new Set(ids[type] ?? [])].filter((id) => /^\d{1,18}$/.test(id));
    if (!list.length) return;
    jobs.push(
      q(list).then((rows) => {
        for (const r of rows) names.set(`${type}:${r.id}`, { name: r.name, ...(r.period ? { period: r.period } : {}) });
      }),
    );
  };
  const peopleIn = () => db.selectFrom('people as p').innerJoin('organisations as o', 'o.id', 'p.org_id').where('o.path', 'like', pattern);
  run('person', (l) => peopleIn().select(['p.id', 'p.name']).where('p.id', 'in', l).execute());
  // A worker's self-registration by the person's name.
  run('worker_registration', (l) =>
    peopleIn().innerJoin('worker_registrations as r', 'r.person_id', 'p.id').select(['r.id', 'p.name']).where('r.id', 'in', l).execute(),
  );
  run('user', (l) =>
    db
      .selectFrom('users as x')
      .innerJoin('organisations as o', 'o.id', 'x.org_id')
      .where('o.path', 'like', pattern)
      .select(['x.id', 'x.display_name as name'])
      .where('x.id', 'in', l)
      .execute(),
  );
  run('organisation', (l) =>
    db.selectFrom('organisations').select(['id', 'name']).where('path', 'like', pattern).where('id', 'in', l).execute(),
  );
  const tasksIn = () => db.selectFrom('tasks as t').innerJoin('organisations as o', 'o.id', 't.org_id').where('o.path', 'like', pattern);
  run('task', (l) => tasksIn().select(['t.id', 't.title as name']).where('t.id', 'in', l).execute());
  run('report', (l) =>
    tasksIn()
      .innerJoin('task_reports as r', 'r.task_id', 't.id')
      .select(['r.id', 't.title as name', 'r.period'])
      .where('r.id', 'in', l)
      .execute(),
  );
  run('attachment', (l) =>
    tasksIn()
      .innerJoin('task_reports as r', 'r.task_id', 't.id')
      .innerJoin('task_attachments as a', 'a.report_id', 'r.id')
      .select(['a.id', 'a.file_name as name'])
      .where('a.id', 'in', l)
      .execute(),
  );
  run('supervision', (l) =>
    tasksIn().innerJoin('task_supervisions as s', 's.task_id', 't.id').select(['s.id', 't.title as name']).where('s.id', 'in', l).execute(),
  );
  const programmesIn = () =>
    db.selectFrom('task_programmes as p').innerJoin('organisations as o', 'o.id', 'p.org_id').where('o.path', 'like', pattern);
  run('programme', (l) => programmesIn().select(['p.id', 'p.title as name']).where('p.id', 'in', l).execute());
  run('goal', (l) =>
    programmesIn()
      .innerJoin('task_goals as g', 'g.programme_id', 'p.id')
      .select(['g.id', 'g.title as name'])
      .where('g.id', 'in', l)
      .execute(),
  );
  /** A record of a table with its own org_id, named by one of its columns, within the reader's subtree. */
  const namedIn = (type: AuditEntityType, table: keyof Database & string, column: string) =>
    run(
      type,
      async (l) =>
        (
          await sql<{ id: string; name: string }>`SELECT x.id::text AS id, x.${sql.ref(column)} AS name
          FROM ${sql.table(table)} x JOIN organisations o ON o.id = x.org_id
          WHERE o.path LIKE ${pattern} AND x.id IN (${sql.join(l)})`.execute(db)
        ).rows,
    );
  namedIn('task_tag', 'task_tags', 'name');
  // Records of the later modules, named by their title or name.
  namedIn('visit', 'fw_visits', 'title');
  namedIn('meeting', 'fw_meetings', 'title');
  namedIn('status_return', 'fw_returns', 'title');
  namedIn('agenda_proposal', 'fw_agenda_proposals', 'title');
  namedIn('plan_item', 'fw_plan_items', 'topic');
  namedIn('meeting_series', 'fw_meeting_series', 'title');
  namedIn('studio_call', 'studio_calls', 'title');
  namedIn('studio', 'studios', 'name');
  run('news_article', (l) =>
    db
      .selectFrom('news_articles as x')
      .innerJoin('organisations as o', 'o.id', 'x.org_id')
      .where('o.path', 'like', pattern)
      .select(['x.id', 'x.content'])
      .where('x.id', 'in', l)
      .execute()
      .then((rows) =>
        rows.map((r) => {
          const c = (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as { headline?: string };
          return { id: String(r.id), name: c.headline ?? '' };
        }),
      ),
  );
  // A submission by its article's headline and the outlet it went to.
  run('news_submission', (l) =>
    db
      .selectFrom('news_submissions as x')
      .innerJoin('news_articles as a', 'a.id', 'x.article_id')
      .innerJoin('organisations as o', 'o.id', 'x.org_id')
      .where('o.path', 'like', pattern)
      .where('x.id', 'in', l)
      .select(['x.id', 'x.outlet', 'a.content'])
      .execute()
      .then((rows) =>
        rows.map((r) => {
          const c = (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as { headline?: string };
          return { id: String(r.id), name: `${c.headline ?? ''} → ${r.outlet}` };
        }),
      ),
  );
  namedIn('craftsman_title', 'craftsman_titles', 'name');
  namedIn('import', 'people_imports', 'file_name');
  run('skill', (l) =>
    peopleIn().innerJoin('person_skills as x', 'x.person_id', 'p.id').select(['x.id', 'p.name']).where('x.id', 'in', l).execute(),
  );
  run('honour', (l) =>
    peopleIn().innerJoin('person_honours as x', 'x.person_id', 'p.id').select(['x.id', 'p.name']).where('x.id', 'in', l).execute(),
  );
  run('transfer', (l) =>
    peopleIn().innerJoin('person_transfers as x', 'x.person_id', 'p.id').select(['x.id', 'p.name']).where('x.id', 'in', l).execute(),
  );
  await Promise.all(jobs);
  return names;
}
