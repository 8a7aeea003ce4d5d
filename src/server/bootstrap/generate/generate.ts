// `npm run cli -- generate --workers 5000000 [--seed 1] [--province 37]`: a deterministic synthetic
// dataset (plan.ts) written as the application writes it — ID numbers and phones sealed with the
// configured SecretBox, keyed hashes, masks, skill history behind each current level, honours — in
// bulk (COPY on PostgreSQL, batched INSERT on PGlite). The dashboard roll-ups are kept by their
// statement-level triggers during the load and checked against a recount at the end; the people
// list's subtree index is built in one pass after the load (people/scopes.repository.ts). Names
// carry their pinyin sort keys (platform/sort-key.ts), computed here as the application does.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AppDeps } from '../../platform/http.js';
import { writeAudit } from '../../platform/audit.js';
import { hashPassword } from '../../platform/passwords.js';
import { orgNameKey, personNameKey, userNameKey } from '../../platform/sort-key.js';
import { maskIdNumber } from '../../modules/people/id-number.js';
import { maskPhone } from '../../modules/people/phone.js';
import { recountTotals } from '../../modules/dashboard/totals.repository.js';
import { seedIndustryChain } from '../../modules/industry/industry.demo.js';
import { buildScopesInBulk, suspendScopeTriggers } from '../../modules/people/scopes.repository.js';
import { addDays, completionShare, computeStatus, periodsOf } from '../../modules/tasks/status.js';
import { ensureRootAndAdmin, randomPassword } from '../first-start.js';
import { buildPlan, craftsmanTitle, WorkerFactory, type GenOrg, type GenPlan } from './plan.js';
import { Rng } from './prng.js';
import { copySink, insertSink, type Sink, type Value } from './sink.js';

export interface GenerateOptions {
  workers: number;
  seed?: number;
  /** Two-digit GB/T 2260 province code; all provinces when absent. */
  province?: string;
  /** The day the data is "as of" (ages, statuses, the last 36 months of registrations); default today (UTC). */
  asOf?: string;
  /** Password of the generated logins (gen-province, gen-city, gen-county, gen-enterprise); default JIANGXIN_ADMIN_PASSWORD or a random one. */
  password?: string;
  /** Recount the dashboard roll-ups at the end (default true). */
  verify?: boolean;
  /** Workers per bulk statement (default 20,000). */
  batch?: number;
  log?: (msg: string) => void;
}

export interface GenerateResult {
  organisations: number;
  enterprises: number;
  people: number;
  skills: number;
  honours: number;
  tasks: number;
  reports: number;
  logins: { username: string; org: string; password: string }[];
  seconds: number;
  peopleRowsPerSecond: number;
  totalsMismatches: number | null;
}

const PEOPLE_COLUMNS = [
  'id',
  'org_id',
  'name',
  'name_key',
  'id_hash',
  'id_sealed',
  'id_masked',
  'gender',
  'birth_date',
  'phone_sealed',
  'phone_masked',
  'union_member',
  'union_joined_on',
  'occupation',
  'education',
  'employment_status',
  'skill_level',
  'created_at',
  'updated_at',
];
const SKILL_COLUMNS = ['person_id', 'level', 'certificate_no', 'issuer', 'certified_on', 'created_at'];
const HONOUR_COLUMNS = ['person_id', 'kind', 'grade', 'title', 'year', 'awarding_body', 'created_at'];
const ORG_COLUMNS = [
  'id',
  'parent_id',
  'path',
  'depth',
  'name',
  'name_key',
  'kind',
  'level',
  'region_code',
  'uscc',
  'union_name',
  'industry_code',
];

export async function generateDataset(deps: AppDeps, o: GenerateOptions): Promise<GenerateResult> {
  const log = o.log ?? (() => {});
  const { db, secrets } = deps;
  const started = performance.now();
  const seed = o.seed ?? 1;
  const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
  if (!Number.isInteger(o.workers) || o.workers < 0) throw new Error('--workers must be a whole number');

  await ensureRootAndAdmin(db, deps.config.JIANGXIN_ADMIN_PASSWORD);
  const counts = await sql<{
    orgs: number;
    people: number;
  }>`SELECT (SELECT count(*)::int FROM organisations) AS orgs, (SELECT count(*)::int FROM people) AS people`.execute(db);
  const { orgs: orgCount, people: peopleCount } = counts.rows[0]!;
  if (orgCount > 1 || peopleCount > 0) {
    throw new Error(
      `generate needs a database holding only the root organisation and the admin (found ${orgCount} organisations, ${peopleCount} people): use a new database`,
    );
  }
  const root = await db
    .selectFrom('organisations')
    .select(['id', 'path', 'depth'])
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  const admin = await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();

  const plan = buildPlan({
    seed,
    workers: o.workers,
    province: o.province,
    root: { id: Number(root.id), path: root.path, depth: root.depth },
    firstId: Number(root.id) + 1,
  });
  log(
    `plan: ${plan.provinces.length} province(s), ${plan.orgs.length.toLocaleString()} organisations (${plan.enterprises.length.toLocaleString()} enterprises), ${o.workers.toLocaleString()} workers, seed ${seed}, as of ${asOf}`,
  );

  const sink: Sink = deps.dbKind === 'postgres' && deps.config.DATABASE_URL ? await copySink(deps.config.DATABASE_URL) : insertSink(db);
  log(`loading with ${sink.kind === 'copy' ? 'COPY (PostgreSQL)' : 'batched INSERT (PGlite)'}`);
  try {
    // Organisations, parents first (their ids are final: paths are written whole, no placeholder).
    const orgRows = plan.orgs.map((g): Value[] => [
      g.id,
      g.parentId,
      g.path,
      g.depth,
      g.name,
      orgNameKey(g.name),
      g.kind,
      g.level,
      g.regionCode,
      g.uscc,
      g.unionName,
      g.industryCode ?? null,
    ]);
    for (let i = 0; i < orgRows.length; i += 5000) await sink.write('organisations', ORG_COLUMNS, orgRows.slice(i, i + 5000));
    await setIdentity(db, 'organisations');
    await sink.write(
      'craftsman_titles',
      ['org_id', 'name'],
      plan.provinces.map((p) => [p.org.id, craftsmanTitle(p)]),
    );
    log(`organisations: ${plan.orgs.length.toLocaleString()} in ${secs(started)} s`);

    await suspendScopeTriggers(db);
    const loaded = await loadPeople(sink, plan, o.workers, seed, asOf, secrets, o.batch ?? 20_000, log);
    await setIdentity(db, 'people');
    {
      const t = performance.now();
      await buildScopesInBulk(db);
      log(`people list index (people_scopes) built in ${secs(t)} s`);
    }

    const hasTasks = (await sql<{ t: string | null }>`SELECT to_regclass('tasks')::text AS t`.execute(db)).rows[0]?.t;
    const tasks = hasTasks ? await generateTasks(db, plan, seed, asOf, admin.id) : { tasks: 0, reports: 0 };
    if (hasTasks) log(`tasks: ${tasks.tasks.toLocaleString()} with ${tasks.reports.toLocaleString()} reports`);
    else log('tasks: no tasks table here, skipped');

    const logins = await createLogins(db, plan, o.password ?? deps.config.JIANGXIN_ADMIN_PASSWORD);
    {
      // The industry chain: enterprises affiliated to the national machinery union by their generated codes.
      const t = performance.now();
      const { union, affiliated } = await seedIndustryChain(db, root);
      logins.push(...(await createIndustryLogin(db, union, o.password ?? deps.config.JIANGXIN_ADMIN_PASSWORD)));
      log(`industry chain: ${affiliated.toLocaleString()} enterprises affiliated to ${union.name} in ${secs(t)} s`);
    }
    await writeAudit(
      db,
      {},
      {
        action: 'generate',
        entityType: 'dataset',
        entityId: String(seed),
        orgId: String(root.id),
        orgPath: root.path,
        after: { seed, workers: o.workers, province: o.province ?? null, asOf, organisations: plan.orgs.length, people: loaded.people },
      },
    );
    {
      const t = performance.now();
      // Statistics for the planner, and the visibility map, so counts over the fresh rows are index-only.
      await sql`VACUUM (ANALYZE)`.execute(db);
      log(`VACUUM (ANALYZE) in ${secs(t)} s`);
    }
    let mismatches: number | null = null;
    if (o.verify !== false) {
      const t = performance.now();
      mismatches = (await recountTotals(db)).length;
      log(
        mismatches
          ? `dashboard totals: ${mismatches} mismatch(es) against a recount — run verify-totals`
          : `dashboard totals match a recount (${secs(t)} s)`,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      organisations: plan.orgs.length,
      enterprises: plan.enterprises.length,
      people: loaded.people,
      skills: loaded.skills,
      honours: loaded.honours,
      tasks: tasks.tasks,
      reports: tasks.reports,
      logins,
      seconds,
      peopleRowsPerSecond: loaded.rate,
      totalsMismatches: mismatches,
    };
  } finally {
    await sink.close();
  }
}

const secs = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function setIdentity(db: Kysely<Database>, table: 'organisations' | 'people') {
  await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${sql.table(table)}), false)`.execute(
    db,
  );
}

/**
 * Workers, their certificates and honours, batch by batch; on PostgreSQL the next batch is made
 * (and encrypted) while the database takes the previous one.
 */
async function loadPeople(
  sink: Sink,
  plan: GenPlan,
  total: number,
  seed: number,
  asOf: string,
  secrets: AppDeps['secrets'],
  batch: number,
  log: (m: string) => void,
) {
  const factory = new WorkerFactory(seed, asOf);
  const t0 = performance.now();
  let people = 0;
  let skills = 0;
  let honours = 0;
  let lastLog = t0;
  let pending: Promise<void> = Promise.resolve();
  let p: Value[][] = [];
  let s: Value[][] = [];
  let h: Value[][] = [];
  const flush = async () => {
    const [pp, ss, hh] = [p, s, h];
    p = [];
    s = [];
    h = [];
    await pending;
    pending = (async () => {
      await sink.write('people', PEOPLE_COLUMNS, pp);
      await sink.write('person_skills', SKILL_COLUMNS, ss);
      await sink.write('person_honours', HONOUR_COLUMNS, hh);
    })();
    // Keep an unhandled rejection from escaping while the next batch is being made.
    pending.catch(() => {});
    const now = performance.now();
    if (now - lastLog > 2000 || people === total) {
      lastLog = now;
      const rate = people / ((now - t0) / 1000);
      log(
        `people: ${people.toLocaleString()} / ${total.toLocaleString()} (${total ? Math.floor((people / total) * 100) : 100}%), ${Math.round(rate).toLocaleString()} rows/s`,
      );
    }
  };
  for (const e of plan.enterprises) {
    for (let k = 0; k < e.size; k++) {
      const w = factory.make(e);
      const id = ++people;
      p.push([
        id,
        e.org.id,
        w.name,
        personNameKey(w.name),
        secrets.keyedHash(w.idNumber),
        secrets.seal(w.idNumber),
        maskIdNumber(w.idNumber),
        w.gender,
        w.birthDate,
        w.phone ? secrets.seal(w.phone) : null,
        w.phone ? maskPhone(w.phone) : null,
        w.unionMember,
        w.unionJoinedOn,
        w.occupation,
        w.education,
        w.employmentStatus,
        w.skillLevel,
        w.createdAt,
        w.createdAt,
      ]);
      if (w.certificate) {
        s.push([id, w.skillLevel, w.certificate.no, w.certificate.issuer, w.certificate.on, w.createdAt]);
        skills++;
      }
      for (const x of w.honours) {
        h.push([id, x.kind, x.grade, x.title, x.year, x.awardingBody, w.createdAt]);
        honours++;
      }
      if (p.length >= batch) await flush();
    }
  }
  await flush();
  await pending;
  const seconds = (performance.now() - t0) / 1000;
  const rate = people / Math.max(seconds, 0.001);
  log(
    `people: ${people.toLocaleString()} workers, ${skills.toLocaleString()} certificates, ${honours.toLocaleString()} honours in ${seconds.toFixed(1)} s (${Math.round(rate).toLocaleString()} workers/s)`,
  );
  return { people, skills, honours, rate };
}

// ---- tasks ------------------------------------------------------------------------------------

interface DraftTask {
  org: GenOrg;
  assignedBy: GenOrg;
  title: string;
  goal: number;
  kind: 'prescribed' | 'optional';
  cycle: 'quarterly' | 'half_yearly';
  start: string;
  due: string;
  metric: { metric: string; unit: string; target: number; actual: number };
  children: DraftTask[];
  status?: string;
  share?: number;
  reports: { period: string; status: 'draft' | 'submitted' | 'accepted' }[];
}

const GOALS = ['思想政治引领', '技能形成体系', '发展空间拓展'];
const TASK_TEMPLATES = [
  { title: '新培养高技能人才', metric: '高技能人才', unit: '人', per: 400 },
  { title: '开展职工技能竞赛', metric: '竞赛场次', unit: '场', per: 4 },
  { title: '建设劳模和工匠人才创新工作室', metric: '创新工作室', unit: '个', per: 3 },
  { title: '推进职工技能等级认定', metric: '认定人数', unit: '人', per: 800 },
  { title: '开展师带徒结对', metric: '结对数', unit: '对', per: 60 },
  { title: '征集职工合理化建议', metric: '合理化建议', unit: '条', per: 300 },
];

/** A programme per province: goals, tasks handed down province → city → county, quarterly reports. */
async function generateTasks(db: Kysely<Database>, plan: GenPlan, seed: number, asOf: string, adminId: string) {
  const rng = new Rng(seed, 3);
  const year = Number(asOf.slice(0, 4));
  let taskCount = 0;
  let reportCount = 0;
  for (const prov of plan.provinces) {
    const programme = await db
      .insertInto('task_programmes')
      .values({
        org_id: String(prov.org.id),
        title: `${year}年${prov.name}产业工人队伍建设改革重点任务`,
        description: '按季度报送进展，年底前完成。',
        period_start: `${year}-01-01`,
        period_end: `${year}-12-31`,
        created_by: adminId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const goalIds: string[] = [];
    for (const [i, g] of GOALS.entries()) {
      goalIds.push(
        (
          await db
            .insertInto('task_goals')
            .values({ programme_id: programme.id, title: g, sort_order: i })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    }
    const cityOrgs = prov.cities.length ? prov.cities : prov.countyOrgs;
    const countiesOf = (city: GenOrg) => prov.countyOrgs.filter((c) => c.parentId === city.id);
    const drafts: DraftTask[] = TASK_TEMPLATES.map((tpl, i) => {
      const due = i % 3 === 0 ? `${year}-06-30` : `${year}-12-31`;
      const start = `${year}-01-01`;
      const make = (org: GenOrg, by: GenOrg, scale: number): DraftTask => ({
        org,
        assignedBy: by,
        title: `${tpl.title}`,
        goal: i % GOALS.length,
        kind: 'prescribed',
        cycle: 'quarterly',
        start,
        due,
        metric: { metric: tpl.metric, unit: tpl.unit, target: Math.max(1, Math.round(tpl.per * scale)), actual: 0 },
        children: [],
        reports: [],
      });
      const top = make(prov.org, prov.org, cityOrgs.length * 4);
      for (const city of cityOrgs) {
        const counties = countiesOf(city);
        const c = make(city, prov.org, Math.max(1, counties.length) * 1.1);
        // Half of the tasks are handed down again to the counties.
        if (i % 2 === 0) for (const county of counties) c.children.push(make(county, city, 1.2));
        top.children.push(c);
      }
      return top;
    });
    const settle = (t: DraftTask) => {
      t.children.forEach(settle);
      if (t.children.length) t.metric.actual = t.children.reduce((s, c) => s + c.metric.actual, 0);
      else {
        const elapsed = Math.min(1, Math.max(0, (Date.parse(asOf) - Date.parse(t.start)) / (Date.parse(t.due) - Date.parse(t.start))));
        t.metric.actual = Math.round(t.metric.target * Math.min(1.2, elapsed * (0.5 + rng.next() * 0.9)));
      }
      for (const p of periodsOf(t.cycle, t.start, t.due)) {
        if (p.deadline < asOf) t.reports.push({ period: p.key, status: rng.chance(0.85) ? 'accepted' : 'submitted' });
        else if (p.start <= asOf) {
          if (rng.chance(0.4)) t.reports.push({ period: p.key, status: 'draft' });
          break;
        }
      }
      const targets = [{ targetValue: t.metric.target, actualValue: t.metric.actual }];
      const childrenCompleted = t.children.filter((c) => c.status === 'completed').length;
      const input = {
        startDate: t.start,
        dueDate: t.due,
        targets,
        hasAcceptedReport: t.reports.some((r) => r.status === 'accepted'),
        childCount: t.children.length,
        childrenCompleted,
      };
      t.status = computeStatus(input, asOf);
      t.share = completionShare(input);
    };
    drafts.forEach(settle);

    // Top-down: each level's ids are known before its children are written.
    let level: { draft: DraftTask; parentId: string | null; parentTargetId: string | null }[] = drafts.map((d) => ({
      draft: d,
      parentId: null,
      parentTargetId: null,
    }));
    while (level.length) {
      const next: typeof level = [];
      for (let i = 0; i < level.length; i += 500) {
        const slice = level.slice(i, i + 500);
        const ids = await db
          .insertInto('tasks')
          .values(
            slice.map(({ draft: t, parentId }) => ({
              programme_id: programme.id,
              goal_id: goalIds[t.goal]!,
              parent_id: parentId,
              kind: t.kind,
              title: t.title,
              description: `${t.assignedBy.name}部署：${t.title}，${t.metric.metric}${t.metric.target}${t.metric.unit}。`,
              org_id: String(t.org.id),
              assigned_by_org_id: String(t.assignedBy.id),
              start_date: t.start,
              due_date: t.due,
              cycle: t.cycle,
              status: t.status as 'on_track',
              share: t.share!,
              child_count: t.children.length,
              children_completed: t.children.filter((c) => c.status === 'completed').length,
              has_accepted_report: t.reports.some((r) => r.status === 'accepted'),
              created_by: adminId,
              created_at: `${t.start}T01:00:00Z`,
            })),
          )
          .returning('id')
          .execute();
        const targetIds = await db
          .insertInto('task_targets')
          .values(
            slice.map(({ draft: t, parentTargetId }, k) => ({
              task_id: ids[k]!.id,
              parent_target_id: parentTargetId,
              metric: t.metric.metric,
              unit: t.metric.unit,
              target_value: String(t.metric.target),
              actual_value: String(t.metric.actual),
              sort_order: 0,
            })) as never,
          )
          .returning('id')
          .execute();
        const reports = slice.flatMap(({ draft: t }, k) =>
          t.reports.map((r) => ({
            task_id: ids[k]!.id,
            period: r.period,
            status: r.status,
            narrative: r.status === 'draft' ? '' : `本期完成${t.metric.metric}情况见附表。`,
            metric_values: JSON.stringify(r.status === 'draft' ? [] : [{ targetId: targetIds[k]!.id, value: t.metric.actual }]),
            version: r.status === 'draft' ? 0 : 1,
            created_by: adminId,
            submitted_at: r.status === 'draft' ? null : `${addDays(asOf, -3)}T02:00:00Z`,
            reviewed_at: r.status === 'accepted' ? `${addDays(asOf, -1)}T02:00:00Z` : null,
          })),
        );
        for (let j = 0; j < reports.length; j += 500)
          await db
            .insertInto('task_reports')
            .values(reports.slice(j, j + 500) as never)
            .execute();
        reportCount += reports.length;
        taskCount += slice.length;
        slice.forEach(({ draft: t }, k) => {
          for (const c of t.children) next.push({ draft: c, parentId: ids[k]!.id, parentTargetId: targetIds[k]!.id });
        });
      }
      level = next;
    }
  }
  return { tasks: taskCount, reports: reportCount };
}

// ---- logins -----------------------------------------------------------------------------------

/** Federation staff of the generated industry union (gen-industry), unless it exists from an earlier run. */
async function createIndustryLogin(db: Kysely<Database>, union: { id: string; name: string }, configured: string | undefined) {
  if (await db.selectFrom('users').select('id').where('username', '=', 'gen-industry').executeTakeFirst()) return [];
  const password = configured ?? randomPassword();
  await db
    .insertInto('users')
    .values({
      username: 'gen-industry',
      display_name: `${union.name}（生成数据）`,
      display_name_key: userNameKey(`${union.name}（生成数据）`),
      org_id: union.id,
      roles: ['federation_staff'],
      password_hash: await hashPassword(password),
      must_change_password: configured === undefined,
    })
    .execute();
  return [{ username: 'gen-industry', org: union.name, password: configured === undefined ? password : '(the configured password)' }];
}

/** Federation staff at the first province, its first city and county; enterprise staff at the largest enterprise there. */
async function createLogins(db: Kysely<Database>, plan: GenPlan, configured: string | undefined) {
  const prov = plan.provinces[0];
  if (!prov) return [];
  const city = prov.cities[0] ?? prov.org;
  const county = prov.countyOrgs.find((c) => c.parentId === city.id) ?? prov.countyOrgs[0] ?? city;
  const enterprise = plan.enterprises.filter((e) => e.province === prov).sort((a, b) => b.size - a.size)[0]?.org;
  const password = configured ?? randomPassword();
  const hash = await hashPassword(password);
  const out: GenerateResult['logins'] = [];
  const users: [string, GenOrg | undefined, string][] = [
    ['gen-province', prov.org, 'federation_staff'],
    ['gen-city', city, 'federation_staff'],
    ['gen-county', county, 'federation_staff'],
    ['gen-enterprise', enterprise, 'enterprise_staff'],
  ];
  for (const [username, org, role] of users) {
    if (!org) continue;
    await db
      .insertInto('users')
      .values({
        username,
        display_name: `${org.name}（生成数据）`,
        display_name_key: userNameKey(`${org.name}（生成数据）`),
        org_id: String(org.id),
        roles: [role],
        password_hash: hash,
        // A generated password must be replaced at first sign-in, as with the admin.
        must_change_password: configured === undefined,
      })
      .execute();
    out.push({ username, org: org.name, password: configured === undefined ? password : '(the configured password)' });
  }
  return out;
}
