// Research visits (调研): plan (organiser, themes, type, leader, team, dates, host units the organiser
// reaches, itinerary), record (findings, requirements, problems, report), move through the states
// planned → approved → under way → report due → reported → closed, and turn a problem or a
// requirement into a task of the supervision module (its own service: validation, audit, notices).
import { isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { industryUnionOf, reachOfOrg } from '../../platform/reach.repository.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import { parseSort, type RequestContext, type ScopedOrg } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import * as tasks from '../tasks/tasks.service.js';
import { findTask } from '../tasks/tasks.repository.js';
import * as repo from './fieldwork.repository.js';
import { filesByOwner } from './files.service.js';
import { auditVisit, mayEditVisit, type ProblemAndVisit, type RequirementAndVisit } from './fieldwork.policy.js';
import type {
  CreateVisitInput,
  ListVisitsQuery,
  ProblemInput,
  ToTaskInput,
  UpdateVisitInput,
  VisitStatusValue,
  VisitView,
} from './fieldwork.schemas.js';
import type { ProblemStatus } from './fieldwork.tables.js';

/** The state machine: where a visit may go from each state. */
export const VISIT_TRANSITIONS: Record<VisitStatusValue, VisitStatusValue[]> = {
  planned: ['approved'],
  approved: ['under_way', 'planned'],
  under_way: ['report_due', 'reported'],
  report_due: ['reported'],
  reported: ['closed', 'report_due'],
  closed: [],
};

const orgRef = (o: { id: string; name: string } | undefined | null) => (o ? { id: String(o.id), name: o.name } : null);

/**
 * Host units: active organisations the organiser reaches (its subtree and, for an industry union, its
 * affiliated enterprises: reach 'read', as the caller must too); errors name the field.
 */
async function reachableHosts(ctx: RequestContext, organiser: { id: string; path: string }, ids: string[], path: string) {
  const orgs = await repo.findOrgs(ctx.db, ids);
  const reach = ids.length ? await reachOfOrg(ctx.db, ctx.actor, organiser) : undefined;
  const seen = new Set<string>();
  return ids.map((oid, i) => {
    const o = orgs.find((x) => String(x.id) === oid);
    if (!o || !reach || !isInScope(reach, o.path, 'read') || !isInScope(ctx.actor, o.path, 'read'))
      throw fieldError(`${path}.${i}`, 'unreachable_host');
    if (o.status !== 'active') throw fieldError(`${path}.${i}`, 'org_archived');
    if (seen.has(oid)) throw fieldError(`${path}.${i}`, 'duplicate_unit');
    seen.add(oid);
    return o;
  });
}

function checkDates(start: string, end: string, reportDue: string | null | undefined) {
  if (end < start) throw fieldError('body.endDate', 'end_before_start');
  if (reportDue && reportDue < end) throw fieldError('body.reportDue', 'before_visit_end');
}

function checkItinerary(lines: NonNullable<CreateVisitInput['itinerary']>, hostIds: Set<string>, start: string, end: string) {
  lines.forEach((l, i) => {
    if (l.date < start || l.date > end) throw fieldError(`body.itinerary.${i}.date`, 'outside_visit');
    if (l.hostOrgId && !hostIds.has(l.hostOrgId)) throw fieldError(`body.itinerary.${i}.hostOrgId`, 'not_a_host');
  });
}

/** `organiser`: body.orgId as the route's scope check resolved it (default: the caller's organisation). */
export async function createVisit(ctx: RequestContext, input: CreateVisitInput, organiser: ScopedOrg | undefined) {
  const org = organiser ?? { id: ctx.actor.orgId, path: ctx.actor.orgPath };
  checkDates(input.startDate, input.endDate, input.reportDue);
  const hosts = await reachableHosts(ctx, org, input.hostOrgIds ?? [], 'body.hostOrgIds');
  checkItinerary(input.itinerary ?? [], new Set(hosts.map((h) => String(h.id))), input.startDate, input.endDate);
  const id = await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertVisit(trx, {
      org_id: org.id,
      title: input.title,
      visit_type: input.visitType,
      themes: repo.toJson(input.themes),
      leader_name: input.leaderName,
      leader_post: input.leaderPost ?? '',
      team: repo.toJson(input.team),
      start_date: input.startDate,
      end_date: input.endDate,
      itinerary: repo.toJson(input.itinerary),
      findings: repo.toJson(input.findings),
      report: input.report ?? '',
      report_due: input.reportDue ?? null,
      created_by: ctx.actor.userId,
    });
    await repo.replaceHosts(
      trx,
      id,
      hosts.map((h) => ({ org_id: String(h.id), region_code: h.region_code })),
    );
    await repo.insertRequirements(trx, id, input.requirements ?? []);
    await writeAudit(trx, ctx, { action: 'create', entityType: 'visit', entityId: id, orgId: org.id, orgPath: org.path, after: input });
    return id;
  });
  return getVisit(ctx, (await repo.findVisit(ctx.db, id))!);
}

export async function listVisits(ctx: RequestContext, q: ListVisitsQuery) {
  const sort = (parseSort(q.sort) as { field: 'startDate' | 'title'; dir: 'asc' | 'desc' } | undefined) ?? {
    field: 'startDate',
    dir: 'desc',
  };
  const { items, total } = await repo.listVisits(
    ctx.db,
    {
      rootPath: ctx.actor.orgPath,
      industryUnionId: industryUnionOf(ctx.actor),
      q: q.q,
      status: q.status,
      visitType: q.visitType,
      year: q.year,
    },
    sort,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: items.map(toRow), total };
}

function toRow(v: repo.VisitRow) {
  return {
    id: String(v.id),
    org: { id: String(v.org_id), name: v.org_name },
    title: v.title,
    visitType: v.visit_type,
    themes: repo.parseJson<string[]>(v.themes, []),
    leaderName: v.leader_name,
    leaderPost: v.leader_post,
    startDate: v.start_date,
    endDate: v.end_date,
    status: v.status,
    reportDue: v.report_due,
    hostCount: Number(v.host_count),
    problemCount: Number(v.problem_count),
  };
}

/** A problem's status as it stands now: a linked task that is completed closes it. */
export function effectiveStatus(status: ProblemStatus, task: repo.TaskLink | undefined): ProblemStatus {
  if (status === 'carried_over' || status === 'closed') return status;
  if (task) return task.status === 'completed' ? 'closed' : 'in_progress';
  return status;
}

export async function getVisit(ctx: RequestContext, v: repo.VisitRow): Promise<VisitView> {
  const [hosts, requirements, problems] = await Promise.all([
    repo.listHosts(ctx.db, v.id),
    repo.listRequirements(ctx.db, v.id),
    repo.listProblems(ctx.db, v.id),
  ]);
  const links = await repo.taskLinks(ctx.db, [...requirements.map((r) => r.task_id), ...problems.map((p) => p.task_id)]);
  const [problemFiles, reportFiles] = await Promise.all([
    filesByOwner(
      ctx.db,
      'problem',
      problems.map((p) => String(p.id)),
    ),
    filesByOwner(ctx.db, 'visit_report', [String(v.id)]),
  ]);
  const orgIds = problems.flatMap((p) => [p.host_org_id, p.response_org_id, p.lead_org_id, ...repo.parseJson<string[]>(p.co_unit_ids, [])]);
  const orgs = new Map(
    (
      await repo.findOrgs(
        ctx.db,
        orgIds.filter((x): x is string => !!x),
      )
    ).map((o) => [String(o.id), o]),
  );
  const org = (id: string | null) => (id ? orgRef(orgs.get(String(id))) : null);
  return {
    ...toRow(v),
    team: repo.parseJson(v.team, []),
    hosts: hosts.map((h) => ({ id: String(h.id), name: h.name, regionCode: h.region_code })),
    itinerary: repo.parseJson(v.itinerary, []),
    findings: repo.parseJson(v.findings, []),
    requirements: requirements.map((r) => ({
      id: String(r.id),
      sortOrder: r.sort_order,
      text: r.text,
      task: (r.task_id && links.get(String(r.task_id))) || null,
    })),
    problems: problems.map((p) => {
      const task = p.task_id ? links.get(String(p.task_id)) : undefined;
      return {
        id: String(p.id),
        sortOrder: p.sort_order,
        category: p.category,
        text: p.text,
        host: org(p.host_org_id),
        responseOrg: org(p.response_org_id),
        leadOrg: org(p.lead_org_id),
        coUnits: repo
          .parseJson<string[]>(p.co_unit_ids, [])
          .map((c) => org(c))
          .filter((x): x is { id: string; name: string } => !!x),
        status: p.status,
        effectiveStatus: effectiveStatus(p.status, task),
        measures: p.measures,
        task: task ?? null,
        files: problemFiles.get(String(p.id)) ?? [],
      };
    }),
    report: v.report,
    reportFiles: reportFiles.get(String(v.id)) ?? [],
    canEdit: mayEditVisit(ctx.actor, v),
  };
}

const reload = async (ctx: RequestContext, id: string) => getVisit(ctx, (await repo.findVisit(ctx.db, id))!);

export async function updateVisit(ctx: RequestContext, v: repo.VisitRow, input: UpdateVisitInput) {
  if (v.status === 'closed') throw new AppError('report_state');
  const start = input.startDate ?? v.start_date;
  const end = input.endDate ?? v.end_date;
  const reportDue = input.reportDue === undefined ? v.report_due : input.reportDue;
  checkDates(start, end, reportDue);
  const hosts = input.hostOrgIds
    ? await reachableHosts(ctx, { id: String(v.org_id), path: v.org_path }, input.hostOrgIds, 'body.hostOrgIds')
    : undefined;
  const hostIds = new Set(hosts ? hosts.map((h) => String(h.id)) : (await repo.listHosts(ctx.db, v.id)).map((h) => String(h.id)));
  checkItinerary(input.itinerary ?? repo.parseJson(v.itinerary, []), hostIds, start, end);
  await inTransaction(ctx.db, async (trx) => {
    await repo.updateVisit(trx, v.id, {
      ...(input.title !== undefined && { title: input.title }),
      ...(input.visitType !== undefined && { visit_type: input.visitType }),
      ...(input.themes !== undefined && { themes: repo.toJson(input.themes) }),
      ...(input.leaderName !== undefined && { leader_name: input.leaderName }),
      ...(input.leaderPost !== undefined && { leader_post: input.leaderPost }),
      ...(input.team !== undefined && { team: repo.toJson(input.team) }),
      ...(input.itinerary !== undefined && { itinerary: repo.toJson(input.itinerary) }),
      ...(input.findings !== undefined && { findings: repo.toJson(input.findings) }),
      ...(input.report !== undefined && { report: input.report }),
      start_date: start,
      end_date: end,
      report_due: reportDue ?? null,
    });
    if (hosts)
      await repo.replaceHosts(
        trx,
        v.id,
        hosts.map((h) => ({ org_id: String(h.id), region_code: h.region_code })),
      );
    await writeAudit(trx, ctx, { action: 'update', ...auditVisit(v), after: input });
  });
  return reload(ctx, v.id);
}

export async function transitionVisit(ctx: RequestContext, v: repo.VisitRow, to: VisitStatusValue) {
  await inTransaction(ctx.db, async (trx) => {
    const from = (await repo.lockVisit(trx, v.id)) as VisitStatusValue;
    if (!VISIT_TRANSITIONS[from].includes(to)) throw fieldError('body.to', 'bad_transition');
    const current = (await repo.findVisit(trx, v.id))!;
    if (to === 'reported' && !current.report.trim()) throw fieldError('body.to', 'report_missing');
    if (to === 'closed') {
      const problems = await repo.listProblems(trx, v.id);
      const links = await repo.taskLinks(
        trx,
        problems.map((p) => p.task_id),
      );
      const open = problems.filter((p) => {
        const s = effectiveStatus(p.status, p.task_id ? links.get(String(p.task_id)) : undefined);
        return s !== 'closed' && s !== 'carried_over';
      });
      if (open.length) throw fieldError('body.to', 'open_problems', { count: open.length });
    }
    await repo.updateVisit(trx, v.id, { status: to });
    await writeAudit(trx, ctx, { action: 'transition', ...auditVisit(v), before: { status: from }, after: { status: to } });
  });
  return reload(ctx, v.id);
}

export async function addRequirement(ctx: RequestContext, v: repo.VisitRow, text: string) {
  if (v.status === 'closed') throw new AppError('report_state');
  await inTransaction(ctx.db, async (trx) => {
    await repo.insertRequirements(trx, v.id, [text]);
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'visit_requirement',
      entityId: null,
      orgId: v.org_id,
      orgPath: v.org_path,
      after: { visitId: v.id, text },
    });
  });
  return reload(ctx, v.id);
}

/** Organisations the organiser reaches, as hosts are (lead, first-response and co-units of a problem). */
async function reachable(ctx: RequestContext, v: repo.VisitRow, id: string | undefined, path: string) {
  if (!id) return null;
  const [o] = await repo.findOrgs(ctx.db, [id]);
  const reach = await reachOfOrg(ctx.db, ctx.actor, { id: String(v.org_id), path: v.org_path });
  if (!o || !isInScope(reach, o.path, 'read') || !isInScope(ctx.actor, o.path, 'read')) throw fieldError(path, 'unreachable_unit');
  return String(o.id);
}

export async function addProblem(ctx: RequestContext, v: repo.VisitRow, input: ProblemInput) {
  if (v.status === 'closed') throw new AppError('report_state');
  if (input.hostOrgId) {
    const hosts = await repo.listHosts(ctx.db, v.id);
    if (!hosts.some((h) => String(h.id) === input.hostOrgId)) throw fieldError('body.hostOrgId', 'not_a_host');
  }
  const response = await reachable(ctx, v, input.responseOrgId, 'body.responseOrgId');
  const lead = await reachable(ctx, v, input.leadOrgId, 'body.leadOrgId');
  const co: string[] = [];
  for (const [i, c] of (input.coUnitIds ?? []).entries()) co.push((await reachable(ctx, v, c, `body.coUnitIds.${i}`))!);
  await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertProblem(trx, {
      visit_id: v.id,
      category: input.category,
      text: input.text,
      host_org_id: input.hostOrgId ?? null,
      response_org_id: response,
      lead_org_id: lead,
      co_unit_ids: repo.toJson(co),
      measures: input.measures ?? '',
      task_id: null,
    });
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'visit_problem',
      entityId: id,
      orgId: v.org_id,
      orgPath: v.org_path,
      after: input,
    });
  });
  return reload(ctx, v.id);
}

export async function updateProblem(
  ctx: RequestContext,
  { problem, visit }: ProblemAndVisit,
  input: { status?: ProblemStatus; measures?: string },
) {
  if (visit.status === 'closed') throw new AppError('report_state');
  await inTransaction(ctx.db, async (trx) => {
    await repo.updateProblem(trx, problem.id, {
      ...(input.status !== undefined && { status: input.status }),
      ...(input.measures !== undefined && { measures: input.measures }),
    });
    await writeAudit(trx, ctx, {
      action: input.status && input.status !== problem.status ? 'transition' : 'update',
      entityType: 'visit_problem',
      entityId: problem.id,
      orgId: visit.org_id,
      orgPath: visit.org_path,
      before: { status: problem.status, measures: problem.measures },
      after: input,
    });
  });
  return reload(ctx, visit.id);
}

/**
 * Creates the task through the tasks service (its validation, audit and notice), then links it. The
 * task's own transaction commits first; if the link was taken meanwhile, the new task is removed again.
 */
async function createLinkedTask(
  ctx: RequestContext,
  input: ToTaskInput,
  leadId: string | null,
  coUnits: string[],
  title: string,
  description: string,
  link: (taskId: string) => Promise<boolean>,
) {
  const lead = input.orgId ?? leadId;
  if (!lead) throw fieldError('body.orgId', 'required');
  const [o] = await repo.findOrgs(ctx.db, [lead]);
  if (!o || !isInScope(ctx.actor, o.path)) throw fieldError('body.orgId', 'unknown_org');
  const today = new Date().toISOString().slice(0, 10);
  const task = await tasks.createTask(
    ctx,
    {
      programmeId: input.programmeId,
      goalId: input.goalId,
      kind: input.kind ?? 'prescribed',
      title: (input.title ?? title).slice(0, 200),
      description: description.slice(0, 5000),
      orgId: String(o.id),
      coUnitIds: (input.coUnitIds ?? coUnits).filter((c) => c !== String(o.id)),
      // biome-ignore lint/complexity/useMathMinMax: ISO dates (YYYY-MM-DD) compared as strings; Math.min would make them NaN
      startDate: input.startDate ?? (today < input.dueDate ? today : input.dueDate),
      dueDate: input.dueDate,
      cycle: 'once',
      ...(input.target && { targets: [input.target] }),
    },
    { id: String(o.id), path: o.path },
  );
  if (!(await link(task.id))) {
    const t = await findTask(ctx.db, task.id);
    if (t) await tasks.deleteTask(ctx, t);
    throw conflictOn('params.id', 'already_linked');
  }
  return task;
}

export async function problemToTask(ctx: RequestContext, { problem, visit }: ProblemAndVisit, input: ToTaskInput) {
  if (problem.task_id) throw conflictOn('params.id', 'already_linked');
  const title = problem.text.length > 60 ? `${problem.text.slice(0, 60)}…` : problem.text;
  await createLinkedTask(
    ctx,
    input,
    problem.lead_org_id ?? problem.response_org_id,
    repo.parseJson<string[]>(problem.co_unit_ids, []),
    `【${problem.category}】${title}`,
    `${problem.text}\n——调研《${visit.title}》（${visit.start_date}）提出的问题`,
    (taskId) =>
      inTransaction(ctx.db, async (trx) => {
        const ok = await repo.linkProblemTask(trx, problem.id, taskId);
        if (ok)
          await writeAudit(trx, ctx, {
            action: 'to_task',
            entityType: 'visit_problem',
            entityId: problem.id,
            orgId: visit.org_id,
            orgPath: visit.org_path,
            after: { taskId, ...input },
          });
        return ok;
      }),
  );
  return reload(ctx, visit.id);
}

export async function requirementToTask(ctx: RequestContext, { requirement, visit }: RequirementAndVisit, input: ToTaskInput) {
  if (requirement.task_id) throw conflictOn('params.id', 'already_linked');
  const title = requirement.text.length > 60 ? `${requirement.text.slice(0, 60)}…` : requirement.text;
  await createLinkedTask(
    ctx,
    input,
    null,
    [],
    title,
    `${requirement.text}\n——调研《${visit.title}》（${visit.start_date}）提出的要求`,
    (taskId) =>
      inTransaction(ctx.db, async (trx) => {
        const ok = await repo.linkRequirementTask(trx, requirement.id, taskId);
        if (ok)
          await writeAudit(trx, ctx, {
            action: 'to_task',
            entityType: 'visit_requirement',
            entityId: requirement.id,
            orgId: visit.org_id,
            orgPath: visit.org_path,
            after: { taskId, ...input },
          });
        return ok;
      }),
  );
  return reload(ctx, visit.id);
}
