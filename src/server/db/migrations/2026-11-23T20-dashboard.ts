// Dashboard roll-ups: per-organisation SUBTREE totals (org_totals) and their net change per month
// (org_monthly), maintained by statement-level triggers with transition tables on people,
// person_honours, tasks and organisations, in the same transaction as the writes. A statement's
// rows are aggregated per organisation, then applied to the organisation and every ancestor (its
// materialized path split) in one upsert, root first. Moving a subtree (a path UPDATE) shifts the
// moved root's totals from the old ancestors to the new ones. jx_org_totals_recount() computes the
// same figures from scratch (verify-totals, repair-totals, tests).
//
// The SQL is generated (rollupSql) from the column lists below, which are frozen with this migration:
// a later change of figures is a new migration that calls rollupSql with an extended copy of
// ROLLUP_2026_11_23 and replaces the functions (2026-12-01T10-people-scopes does).
import { sql, type Kysely } from 'kysely';

const SKILL = [1, 2, 3, 4, 5, 6, 7, 8] as const;
const TOTALS = [
  'workers',
  'union_members',
  ...SKILL.map((k) => `skill_${k}`),
  'model_workers_national',
  'model_workers_provincial',
  'model_workers_city',
  'may_day_national',
  'may_day_provincial',
  'craftsmen',
  'technical_experts',
  'enterprises',
  'enterprises_with_union',
  'tasks_not_started',
  'tasks_on_track',
  'tasks_at_risk',
  'tasks_overdue',
  'tasks_completed',
] as const;

/** Monthly columns as sums of totals columns. */
const MONTHLY: Record<string, readonly string[]> = {
  workers: ['workers'],
  union_members: ['union_members'],
  highly_skilled: ['skill_4', 'skill_5', 'skill_6', 'skill_7', 'skill_8'],
  model_workers: ['model_workers_national', 'model_workers_provincial', 'model_workers_city'],
  craftsmen: ['craftsmen'],
  tasks_completed: ['tasks_completed'],
};

// What one row contributes to its organisation (alias r). Workers, members and skills count the
// employed; honours are lifetime titles and count for everyone on the registry.
const employed = `r.employment_status = 'employed'`;
const PEOPLE: Contrib = {
  workers: employed,
  union_members: `${employed} AND r.union_member`,
  ...Object.fromEntries(SKILL.map((k) => [`skill_${k}`, `${employed} AND r.skill_level = ${k}`])),
};
const HONOURS: Contrib = {
  model_workers_national: `r.kind = 'model_worker' AND r.grade = 'national'`,
  model_workers_provincial: `r.kind = 'model_worker' AND r.grade = 'provincial'`,
  model_workers_city: `r.kind = 'model_worker' AND r.grade = 'city'`,
  may_day_national: `r.kind = 'may_day_medal' AND r.grade = 'national'`,
  may_day_provincial: `r.kind = 'may_day_medal' AND r.grade = 'provincial'`,
  craftsmen: `r.kind = 'craftsman'`,
  technical_experts: `r.kind = 'technical_expert'`,
};
const ORGS: Contrib = {
  enterprises: `r.kind = 'enterprise'`,
  enterprises_with_union: `r.kind = 'enterprise' AND coalesce(btrim(r.union_name), '') <> ''`,
};
const TASKS: Contrib = {
  tasks_not_started: `r.status = 'not_started'`,
  tasks_on_track: `r.status = 'on_track'`,
  tasks_at_risk: `r.status = 'at_risk'`,
  tasks_overdue: `r.status = 'overdue'`,
  tasks_completed: `r.status = 'completed'`,
};

/** The figures of this migration, frozen; a later migration extends a copy (see rollupSql). */
export const ROLLUP_2026_11_23: RollupSpec = {
  totals: TOTALS,
  monthly: MONTHLY,
  people: PEOPLE,
  honours: HONOURS,
  orgs: ORGS,
  tasks: TASKS,
};

/** What one source row contributes to a column (alias r), as an SQL condition. */
export type Contrib = Readonly<Partial<Record<string, string>>>;
/** The roll-up figures: totals columns, monthly columns (sums of totals), and what each source contributes. */
export interface RollupSpec {
  totals: readonly string[];
  monthly: Readonly<Record<string, readonly string[]>>;
  people: Contrib;
  honours: Contrib;
  orgs: Contrib;
  tasks: Contrib;
}

/**
 * The SQL of the roll-up functions for a spec: trigger functions of people, honours, tasks and
 * organisations, the people BEFORE DELETE row function, and the recount.
 */
export function rollupSql(spec: RollupSpec) {
  const { totals: TOTALS, monthly: MONTHLY, people: PEOPLE, honours: HONOURS, orgs: ORGS, tasks: TASKS } = spec;
  const MCOLS = Object.keys(MONTHLY);

  /** `(expr)::int AS col` for every totals column (0 where the source does not contribute), negated on request. */
  function totalsOf(c: Contrib, sign = 1): string {
    return TOTALS.map((col) => (c[col] ? `${sign < 0 ? '-' : ''}((${c[col]}) IS TRUE)::int AS ${col}` : `0 AS ${col}`)).join(', ');
  }
  function monthlyOf(c: Contrib, sign = 1): string {
    return MCOLS.map((m) => {
      const parts = MONTHLY[m]!.filter((col) => c[col]).map((col) => `((${c[col]}) IS TRUE)::int`);
      return parts.length ? `${sign < 0 ? '-' : ''}(${parts.join(' + ')}) AS m_${m}` : `0 AS m_${m}`;
    }).join(', ');
  }
  const sums = (cols: readonly string[], alias = '') => cols.map((c) => `sum(${alias}${c})::int AS ${c}`).join(', ');
  const nonzero = (cols: readonly string[], alias = '') => cols.map((c) => `sum(${alias}${c}) <> 0`).join(' OR ');
  const isPath = (p: string) => `${p} NOT LIKE 'pending:%'`;
  const THIS_MONTH = 'jx_month(now())';

  /** Applies rows (path, totals…) to every organisation on each path, root first. */
  function applyTotals(rows: string): string {
    return `
      INSERT INTO org_totals AS t (org_id, ${TOTALS.join(', ')})
      SELECT a.id::bigint, ${sums(TOTALS, 'd.')}
      FROM (${rows}) d CROSS JOIN LATERAL unnest(string_to_array(rtrim(d.path, '.'), '.')) WITH ORDINALITY AS a(id, n)
      WHERE ${isPath('d.path')}
      GROUP BY a.id HAVING ${nonzero(TOTALS, 'd.')}
      ORDER BY min(a.n), a.id::bigint
      ON CONFLICT (org_id) DO UPDATE SET ${TOTALS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')}`;
  }

  /** Applies rows (path, month, monthly…) to every organisation on each path. */
  function applyMonthly(rows: string): string {
    return `
      INSERT INTO org_monthly AS t (org_id, month, ${MCOLS.join(', ')})
      SELECT a.id::bigint, d.month, ${sums(MCOLS, 'd.')}
      FROM (${rows}) d CROSS JOIN LATERAL unnest(string_to_array(rtrim(d.path, '.'), '.')) WITH ORDINALITY AS a(id, n)
      WHERE ${isPath('d.path')}
      GROUP BY a.id, d.month HAVING ${nonzero(MCOLS, 'd.')}
      ORDER BY min(a.n), a.id::bigint, d.month
      ON CONFLICT (org_id, month) DO UPDATE SET ${MCOLS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')}`;
  }

  /** Rows (org_id, totals…) aggregated per organisation and given its current path. */
  function totalsByOrg(rows: string): string {
    return `SELECT o.path, g.* FROM (SELECT org_id, ${sums(TOTALS)} FROM (${rows}) x GROUP BY org_id) g JOIN organisations o ON o.id = g.org_id`;
  }
  function monthlyByOrg(rows: string): string {
    return `SELECT o.path, g.* FROM (SELECT org_id, month, ${sums(MCOLS)} FROM (${rows}) x GROUP BY org_id, month) g JOIN organisations o ON o.id = g.org_id`;
  }

  /**
   * Every statement that changes figures takes this lock first, then reads. Writers share it, so
   * they wait only for the rows of org_totals they both touch (ancestors, applied root first, so no
   * deadlock); a subtree move and repair-totals take it exclusively, so they never interleave with a
   * writer still adding along the old path.
   */
  const LOCK = 'PERFORM pg_advisory_xact_lock_shared(72160131);';
  const MOVE_LOCK = 'PERFORM pg_advisory_xact_lock(72160131);';

  // people: own figures; a change of organisation also carries the person's honours along.
  const honourMove = (sign: 1 | -1, side: 'n' | 'o') => `
    SELECT ${side}.org_id, ${totalsOf(HONOURS, sign)}, ${THIS_MONTH} AS month, ${monthlyOf(HONOURS, sign)}
    FROM new_table n JOIN old_table o ON o.id = n.id AND o.org_id <> n.org_id JOIN person_honours r ON r.person_id = n.id`;
  const peopleInsert = `SELECT r.org_id, ${totalsOf(PEOPLE)}, jx_month(r.created_at) AS month, ${monthlyOf(PEOPLE)} FROM new_table r`;
  const peopleUpdate = `
    SELECT r.org_id, ${totalsOf(PEOPLE)}, ${THIS_MONTH} AS month, ${monthlyOf(PEOPLE)} FROM new_table r
    UNION ALL SELECT r.org_id, ${totalsOf(PEOPLE, -1)}, ${THIS_MONTH} AS month, ${monthlyOf(PEOPLE, -1)} FROM old_table r
    UNION ALL ${honourMove(1, 'n')}
    UNION ALL ${honourMove(-1, 'o')}`;
  const peopleDelete = `SELECT r.org_id, ${totalsOf(PEOPLE, -1)}, ${THIS_MONTH} AS month, ${monthlyOf(PEOPLE, -1)} FROM old_table r`;

  // honours: counted at their person's organisation. A person deleted with their honours (cascade)
  // is no longer found here; the people BEFORE DELETE row trigger has taken their honours off.
  const honourRows = (table: string, sign: 1 | -1, month: string) =>
    `SELECT p.org_id, ${totalsOf(HONOURS, sign)}, ${month} AS month, ${monthlyOf(HONOURS, sign)} FROM ${table} r JOIN people p ON p.id = r.person_id`;

  const taskRows = (table: string, sign: 1 | -1, month: string) =>
    `SELECT r.org_id, ${totalsOf(TASKS, sign)}, ${month} AS month, ${monthlyOf(TASKS, sign)} FROM ${table} r`;

  /** A trigger function with one branch per operation; `rows` yields (org_id, totals…, month, monthly…). */
  function figuresFunction(name: string, branches: { INSERT: string; UPDATE: string; DELETE: string }): string {
    const body = (rows: string) => `
        ${applyTotals(totalsByOrg(`SELECT org_id, ${TOTALS.join(', ')} FROM (${rows}) y`))};
        ${applyMonthly(monthlyByOrg(`SELECT org_id, month, ${MCOLS.map((m) => `m_${m} AS ${m}`).join(', ')} FROM (${rows}) y`))};`;
    return `
      CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF NOT EXISTS (SELECT 1 FROM old_table) THEN RETURN NULL; END IF;
        ELSIF NOT EXISTS (SELECT 1 FROM new_table) THEN RETURN NULL;
        END IF;
        ${LOCK}
        IF TG_OP = 'INSERT' THEN ${body(branches.INSERT)}
        ELSIF TG_OP = 'UPDATE' THEN ${body(branches.UPDATE)}
        ELSE ${body(branches.DELETE)}
        END IF;
        RETURN NULL;
      END $fn$`;
  }

  // organisations: enterprises counted at themselves; a path change that is not the first one
  // (`pending:` → real, see insertOrg) moves the subtree's totals from the old ancestors to the new.
  const parentPath = (p: string) => `regexp_replace(${p}, '[^.]+\\.$', '')`;
  const movedRoots = `
    SELECT n.id, o.path AS old_path, n.path AS new_path
    FROM new_table n JOIN old_table o ON o.id = n.id
    WHERE n.path <> o.path AND ${isPath('o.path')}
      AND NOT EXISTS (SELECT 1 FROM new_table n2 JOIN old_table o2 ON o2.id = n2.id WHERE n2.path <> o2.path AND n2.id = n.parent_id)`;
  const totalsCols = (sign: string) => TOTALS.map((c) => `${sign}t.${c} AS ${c}`).join(', ');
  const monthlyCols = (sign: string) => MCOLS.map((m) => `${sign}(${MONTHLY[m]!.map((c) => `t.${c}`).join(' + ')}) AS ${m}`).join(', ');
  const orgsFunction = `
    CREATE OR REPLACE FUNCTION jx_totals_organisations() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      -- Nested: an INSERT or DELETE trigger has no old_table/new_table pair to plan the move query on.
      IF TG_OP = 'UPDATE' THEN
        IF EXISTS (${movedRoots}) THEN ${MOVE_LOCK} ELSE ${LOCK} END IF;
      ELSE ${LOCK}
      END IF;
      IF TG_OP = 'INSERT' THEN
        ${applyTotals(`SELECT r.path, ${totalsOf(ORGS)} FROM new_table r`)};
      ELSIF TG_OP = 'UPDATE' THEN
        ${applyTotals(`
          SELECT r.path, ${totalsOf(ORGS)} FROM new_table r
          UNION ALL SELECT n.path, ${totalsOf(ORGS, -1)} FROM new_table n JOIN old_table r ON r.id = n.id WHERE ${isPath('r.path')}
          UNION ALL SELECT ${parentPath('m.old_path')}, ${totalsCols('-')} FROM (${movedRoots}) m JOIN org_totals t ON t.org_id = m.id
          UNION ALL SELECT ${parentPath('m.new_path')}, ${totalsCols('')} FROM (${movedRoots}) m JOIN org_totals t ON t.org_id = m.id`)};
        ${applyMonthly(`
          SELECT ${parentPath('m.old_path')} AS path, ${THIS_MONTH} AS month, ${monthlyCols('-')} FROM (${movedRoots}) m JOIN org_totals t ON t.org_id = m.id
          UNION ALL SELECT ${parentPath('m.new_path')}, ${THIS_MONTH}, ${monthlyCols('')} FROM (${movedRoots}) m JOIN org_totals t ON t.org_id = m.id`)};
      ELSE
        ${applyTotals(`SELECT r.path, ${totalsOf(ORGS, -1)} FROM old_table r`)};
        DELETE FROM org_totals WHERE org_id IN (SELECT id FROM old_table);
        DELETE FROM org_monthly WHERE org_id IN (SELECT id FROM old_table);
      END IF;
      RETURN NULL;
    END $fn$`;

  // A deleted person's honours go with them (cascade), after the person is gone: take them off first.
  const peopleBeforeDelete = `
    CREATE OR REPLACE FUNCTION jx_totals_people_before_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      ${LOCK}
      ${applyTotals(`SELECT o.path, ${totalsOf(HONOURS, -1)} FROM person_honours r JOIN organisations o ON o.id = OLD.org_id WHERE r.person_id = OLD.id`)};
      ${applyMonthly(`SELECT o.path, ${THIS_MONTH} AS month, ${monthlyOf(HONOURS, -1).replace(/ AS m_/g, ' AS ')} FROM person_honours r JOIN organisations o ON o.id = OLD.org_id WHERE r.person_id = OLD.id`)};
      RETURN OLD;
    END $fn$`;

  /** The same totals from scratch: own figures per organisation, summed up every path. */
  const recountFunction = `
    CREATE OR REPLACE FUNCTION jx_org_totals_recount() RETURNS TABLE (org_id bigint, ${TOTALS.map((c) => `${c} integer`).join(', ')})
    LANGUAGE sql STABLE AS $fn$
      WITH own AS (
        SELECT r.org_id, ${totalsOf(PEOPLE)} FROM people r
        UNION ALL SELECT p.org_id, ${totalsOf(HONOURS)} FROM person_honours r JOIN people p ON p.id = r.person_id
        UNION ALL SELECT r.id, ${totalsOf(ORGS)} FROM organisations r WHERE r.kind = 'enterprise'
        UNION ALL SELECT r.org_id, ${totalsOf(TASKS)} FROM tasks r
      ), g AS (SELECT own.org_id, ${sums(TOTALS)} FROM own GROUP BY own.org_id)
      SELECT a.id::bigint, ${sums(TOTALS, 'g.')}
      FROM g JOIN organisations o ON o.id = g.org_id CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
      WHERE ${isPath('o.path')}
      GROUP BY a.id
    $fn$`;

  return {
    people: figuresFunction('jx_totals_people', { INSERT: peopleInsert, UPDATE: peopleUpdate, DELETE: peopleDelete }),
    honours: figuresFunction('jx_totals_honours', {
      INSERT: honourRows('new_table', 1, 'jx_month(r.created_at)'),
      UPDATE: `${honourRows('new_table', 1, THIS_MONTH)} UNION ALL ${honourRows('old_table', -1, THIS_MONTH)}`,
      DELETE: honourRows('old_table', -1, THIS_MONTH),
    }),
    tasks: figuresFunction('jx_totals_tasks', {
      INSERT: taskRows('new_table', 1, 'jx_month(r.created_at)'),
      UPDATE: `${taskRows('new_table', 1, THIS_MONTH)} UNION ALL ${taskRows('old_table', -1, THIS_MONTH)}`,
      DELETE: taskRows('old_table', -1, THIS_MONTH),
    }),
    organisations: orgsFunction,
    peopleBeforeDelete,
    recount: recountFunction,
    /** Months of existing totals booked in the current month (an upgrade). */
    backfillMonthly: `
      INSERT INTO org_monthly (org_id, month, ${MCOLS.join(', ')})
      SELECT t.org_id, ${THIS_MONTH}, ${MCOLS.map((m) => `${MONTHLY[m]!.map((c) => `t.${c}`).join(' + ')}`).join(', ')} FROM org_totals t`,
  };
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const TOTALS = ROLLUP_2026_11_23.totals;
  const MCOLS = Object.keys(ROLLUP_2026_11_23.monthly);
  const f = rollupSql(ROLLUP_2026_11_23);
  // No foreign keys: the triggers delete an organisation's rows with it, and need no FK checks.
  await sql
    .raw(`
    CREATE TABLE org_totals (
      org_id bigint PRIMARY KEY,
      ${TOTALS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n      ')}
    )`)
    .execute(db);
  await sql
    .raw(`
    CREATE TABLE org_monthly (
      org_id bigint NOT NULL,
      month date NOT NULL,
      ${MCOLS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (org_id, month)
    )`)
    .execute(db);
  // Months are calendar months in China Standard Time (UTC+8, no daylight saving).
  await sql
    .raw(`
    CREATE FUNCTION jx_month(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $fn$ SELECT date_trunc('month', (ts AT TIME ZONE 'UTC') + interval '8 hours')::date $fn$`)
    .execute(db);

  for (const fn of [f.people, f.honours, f.tasks, f.organisations, f.peopleBeforeDelete, f.recount]) await sql.raw(fn).execute(db);

  // Transition tables allow one event per trigger: three per table.
  for (const [table, fn] of [
    ['people', 'jx_totals_people'],
    ['person_honours', 'jx_totals_honours'],
    ['tasks', 'jx_totals_tasks'],
    ['organisations', 'jx_totals_organisations'],
  ] as const) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_totals_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_totals_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_totals_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      )
      .execute(db);
  }
  await sql
    .raw(`CREATE TRIGGER people_totals_honours_del BEFORE DELETE ON people FOR EACH ROW EXECUTE FUNCTION jx_totals_people_before_delete()`)
    .execute(db);

  // Figures of data that exists already (an upgrade): from scratch, once.
  await sql.raw(`INSERT INTO org_totals SELECT * FROM jx_org_totals_recount()`).execute(db);
  await sql.raw(f.backfillMonthly).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['people', 'person_honours', 'tasks', 'organisations']) {
    for (const op of ['ins', 'upd', 'del']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_totals_${op} ON ${table}`).execute(db);
  }
  await sql.raw(`DROP TRIGGER IF EXISTS people_totals_honours_del ON people`).execute(db);
  for (const fn of [
    'jx_totals_people',
    'jx_totals_honours',
    'jx_totals_tasks',
    'jx_totals_organisations',
    'jx_totals_people_before_delete',
    'jx_org_totals_recount',
  ]) {
    await sql.raw(`DROP FUNCTION IF EXISTS ${fn}()`).execute(db);
  }
  await sql.raw(`DROP FUNCTION IF EXISTS jx_month(timestamptz)`).execute(db);
  await sql.raw(`DROP TABLE IF EXISTS org_monthly`).execute(db);
  await sql.raw(`DROP TABLE IF EXISTS org_totals`).execute(db);
}
