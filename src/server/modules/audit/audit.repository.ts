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
 * What the log's entries are about, by name, read now (see audit.present.ts): one query per entity
 * type on the page. A report is named by its task's title and its period key; a skill, honour or
 * transfer by its person; an attachment by its file name.
 */
export async function entityNames(db: Kysely<Database>, ids: Partial<Record<AuditEntityType, string[]>>) {
  const names = new Map<string, { name: string; period?: string }>();
  const put = (type: string, rows: { id: string; name: string; period?: string }[]) => {
    for (const r of rows) names.set(`${type}:${r.id}`, { name: r.name, ...(r.period ? { period: r.period } : {}) });
  };
  const of = (type: AuditEntityType) => [...new Set(ids[type] ?? [])].filter((id) => /^\d{1,18}$/.test(id));
  const jobs: Promise<void>[] = [];
  const run = (type: AuditEntityType, q: (list: string[]) => Promise<{ id: string; name: string; period?: string }[]>) => {
    const list = of(type);
    if (list.length) jobs.push(q(list).then((rows) => put(type, rows)));
  };
  run('person', (l) => db.selectFrom('people').select(['id', 'name']).where('id', 'in', l).execute());
  run('organisation', (l) => db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', l).execute());
  run('user', (l) => db.selectFrom('users').select(['id', 'display_name as name']).where('id', 'in', l).execute());
  run('task', (l) => db.selectFrom('tasks').select(['id', 'title as name']).where('id', 'in', l).execute());
  run('programme', (l) => db.selectFrom('task_programmes').select(['id', 'title as name']).where('id', 'in', l).execute());
  run('goal', (l) => db.selectFrom('task_goals').select(['id', 'title as name']).where('id', 'in', l).execute());
  run('task_tag', (l) => db.selectFrom('task_tags').select(['id', 'name']).where('id', 'in', l).execute());
  run('craftsman_title', (l) => db.selectFrom('craftsman_titles').select(['id', 'name']).where('id', 'in', l).execute());
  run('import', (l) => db.selectFrom('people_imports').select(['id', 'file_name as name']).where('id', 'in', l).execute());
  run('attachment', (l) => db.selectFrom('task_attachments').select(['id', 'file_name as name']).where('id', 'in', l).execute());
  run('report', (l) =>
    db
      .selectFrom('task_reports as r')
      .innerJoin('tasks as t', 't.id', 'r.task_id')
      .select(['r.id', 't.title as name', 'r.period'])
      .where('r.id', 'in', l)
      .execute(),
  );
  run('supervision', (l) =>
    db
      .selectFrom('task_supervisions as s')
      .innerJoin('tasks as t', 't.id', 's.task_id')
      .select(['s.id', 't.title as name'])
      .where('s.id', 'in', l)
      .execute(),
  );
  run('skill', (l) =>
    db
      .selectFrom('person_skills as x')
      .innerJoin('people as p', 'p.id', 'x.person_id')
      .select(['x.id', 'p.name'])
      .where('x.id', 'in', l)
      .execute(),
  );
  run('honour', (l) =>
    db
      .selectFrom('person_honours as x')
      .innerJoin('people as p', 'p.id', 'x.person_id')
      .select(['x.id', 'p.name'])
      .where('x.id', 'in', l)
      .execute(),
  );
  run('transfer', (l) =>
    db
      .selectFrom('person_transfers as x')
      .innerJoin('people as p', 'p.id', 'x.person_id')
      .select(['x.id', 'p.name'])
      .where('x.id', 'in', l)
      .execute(),
  );
  await Promise.all(jobs);
  return names;
}
