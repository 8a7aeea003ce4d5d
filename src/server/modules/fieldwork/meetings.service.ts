// Meetings: series with numbered sessions and single meetings (座谈会/推进会/工作例会/联席会议); agenda,
// invited units, replies and sign-in; each invited unit's pre-meeting report pre-filled from its own
// task data (the symposium summary of the tasks module), editable, submitted by a deadline and then a
// snapshot; minutes (draft → signed off → issued) with decisions each created as a task in one
// action; and the next session's briefing on every earlier decision.
import { hasPermission, isInScope } from '../../platform/access.js';
import { industryUnionOf } from '../../platform/reach.repository.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { parseSort, type RequestContext, type ScopedOrg } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import * as tasks from '../tasks/tasks.service.js';
import { findTask } from '../tasks/tasks.repository.js';
import { findGoal, findVisibleProgramme } from '../tasks/programmes.repository.js';
import { programmeSummary } from '../tasks/summary.service.js';
import { notify } from '../notifications/notify.js';
import * as repo from './fieldwork.repository.js';
import { dropRemovedAgendaFiles, filesByOwner } from './files.service.js';
import { fileStoreFor } from '../../platform/files.js';
import { randomUUID } from 'node:crypto';
import { auditMeeting, mayEditMeeting, type InvitationAndMeeting, type SeenMeeting } from './fieldwork.policy.js';
import type {
  BriefingView,
  CreateMeetingInput,
  DecisionInput,
  ListMeetingsQuery,
  MeetingView,
  ReportData,
  UpdateMeetingInput,
} from './fieldwork.schemas.js';

const today = () => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------- series

export async function createSeries(ctx: RequestContext, input: { title: string }, org: ScopedOrg | undefined) {
  const owner = org ?? { id: ctx.actor.orgId, path: ctx.actor.orgPath };
  const id = await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertSeries(trx, { org_id: owner.id, title: input.title });
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'meeting_series',
      entityId: id,
      orgId: owner.id,
      orgPath: owner.path,
      after: input,
    });
    return id;
  });
  const s = (await repo.findSeries(ctx.db, id))!;
  return { id: String(s.id), org: { id: String(s.org_id), name: s.org_name }, title: s.title, sessionCount: 0 };
}

export async function listSeries(ctx: RequestContext) {
  const rows = await repo.listSeries(ctx.db, ctx.actor.orgPath);
  return {
    items: rows.map((s) => ({
      id: String(s.id),
      org: { id: String(s.org_id), name: s.org_name },
      title: s.title,
      sessionCount: Number(s.session_count),
    })),
  };
}

// ---------------------------------------------------------------- meetings

async function invitable(ctx: RequestContext, ids: string[]) {
  const orgs = await repo.findOrgs(ctx.db, ids);
  const seen = new Set<string>();
  ids.forEach((oid, i) => {
    const o = orgs.find((x) => String(x.id) === oid);
    // Any active organisation may be invited (a city symposium invites units of other trees too).
    if (o?.status !== 'active') throw fieldError(`body.invitedOrgIds.${i}`, 'unknown_org');
    if (seen.has(oid)) throw fieldError(`body.invitedOrgIds.${i}`, 'duplicate_unit');
    seen.add(oid);
  });
  return [...seen];
}

export async function createMeeting(ctx: RequestContext, input: CreateMeetingInput, org: ScopedOrg | undefined) {
  const convenor = org ?? { id: ctx.actor.orgId, path: ctx.actor.orgPath };
  const series = input.seriesId ? await repo.findSeries(ctx.db, input.seriesId) : undefined;
  if (input.seriesId && (!series || !isInScope(ctx.actor, series.org_path))) throw fieldError('body.seriesId', 'unknown_series');
  if (input.hostOrgId) {
    const [h] = await repo.findOrgs(ctx.db, [input.hostOrgId]);
    if (!h || !isInScope(ctx.actor, h.path, 'read')) throw fieldError('body.hostOrgId', 'unknown_org');
  }
  if (input.programmeId && !(await findVisibleProgramme(ctx.db, ctx.actor.orgPath, input.programmeId)))
    throw fieldError('body.programmeId', 'unknown_programme');
  if (input.reportDeadline && input.reportDeadline > input.meetingDate) throw fieldError('body.reportDeadline', 'after_meeting');
  const invited = await invitable(ctx, input.invitedOrgIds ?? []);
  const id = await inTransaction(ctx.db, async (trx) => {
    let sessionNo: number | null = null;
    if (series) {
      await repo.lockSeries(trx, series.id);
      sessionNo = await repo.nextSessionNo(trx, series.id);
    }
    const id = await repo.insertMeeting(trx, {
      org_id: convenor.id,
      series_id: series ? series.id : null,
      session_no: sessionNo,
      meeting_type: input.meetingType,
      title: input.title,
      meeting_date: input.meetingDate,
      venue: input.venue ?? '',
      host_org_id: input.hostOrgId ?? null,
      programme_id: input.programmeId ?? null,
      report_period: input.reportPeriod ?? null,
      report_deadline: input.reportDeadline ?? null,
      agenda: repo.toJson(keyedAgenda(input.agenda ?? [], [])),
      conclusions: '[]',
      created_by: ctx.actor.userId,
    });
    await repo.setInvitations(trx, id, invited);
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'meeting',
      entityId: id,
      orgId: convenor.id,
      orgPath: convenor.path,
      after: input,
    });
    return id;
  });
  return getMeeting(ctx, { meeting: (await repo.findMeeting(ctx.db, id))!, full: true });
}

function toRow(m: repo.MeetingRow) {
  return {
    id: String(m.id),
    org: { id: String(m.org_id), name: m.org_name },
    series: m.series_id ? { id: String(m.series_id), title: m.series_title ?? '' } : null,
    sessionNo: m.session_no,
    meetingType: m.meeting_type,
    title: m.title,
    meetingDate: m.meeting_date,
    venue: m.venue,
    minutesStatus: m.minutes_status,
    invitedCount: Number(m.invited_count),
  };
}

export async function listMeetings(ctx: RequestContext, q: ListMeetingsQuery) {
  const sort = (parseSort(q.sort) as { field: 'meetingDate' | 'title'; dir: 'asc' | 'desc' } | undefined) ?? {
    field: 'meetingDate',
    dir: 'desc',
  };
  const { items, total } = await repo.listMeetings(
    ctx.db,
    {
      rootPath: ctx.actor.orgPath,
      industryUnionId: industryUnionOf(ctx.actor),
      q: q.q,
      seriesId: q.seriesId,
      meetingType: q.meetingType,
      year: q.year,
    },
    sort,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  // An invited unit outside the convenor's subtree sees the meeting's name and date, not its numbers.
  return {
    items: items.map((m) => ({ ...toRow(m), invitedCount: isInScope(ctx.actor, m.org_path, 'read') ? Number(m.invited_count) : 0 })),
    total,
  };
}

function invitationView(actor: RequestContext['actor'], i: repo.InvitationRow) {
  return {
    canAct: isInScope(actor, i.org_path) && hasPermission(actor, 'tasks.report'),
    id: String(i.id),
    meetingId: String(i.meeting_id),
    org: { id: String(i.org_id), name: i.org_name },
    reply: i.reply,
    substituteName: i.substitute_name,
    signedInAt: i.signed_in_at ? new Date(i.signed_in_at).toISOString() : null,
    reportStatus: i.report_status,
    reportText: i.report_text,
    reportData: repo.parseJson<ReportData | null>(i.report_data, null),
    reportSubmittedAt: i.report_submitted_at ? new Date(i.report_submitted_at).toISOString() : null,
  };
}

type Follow = 'open' | 'overdue' | 'done_on_time' | 'done_late';
function followUp(task: repo.TaskLink | undefined, dueDate: string, now: string): Follow {
  const due = task?.dueDate ?? dueDate;
  if (task?.status === 'completed') return (task.completedAt ?? due) <= due ? 'done_on_time' : 'done_late';
  return now > due ? 'overdue' : 'open';
}

async function decisionViews(ctx: RequestContext, meetingIds: string[]) {
  const rows = await repo.listDecisions(ctx.db, meetingIds);
  const links = await repo.taskLinks(
    ctx.db,
    rows.map((d) => d.task_id),
  );
  const coIds = rows.flatMap((d) => repo.parseJson<string[]>(d.co_unit_ids, []));
  const orgs = new Map((await repo.findOrgs(ctx.db, coIds)).map((o) => [String(o.id), o]));
  const now = today();
  return rows.map((d) => {
    const task = d.task_id ? links.get(String(d.task_id)) : undefined;
    return {
      id: String(d.id),
      sortOrder: d.sort_order,
      text: d.text,
      owner: { id: String(d.owner_org_id), name: d.owner_name },
      coUnits: repo
        .parseJson<string[]>(d.co_unit_ids, [])
        .map((c) => orgs.get(String(c)))
        .filter((o) => !!o)
        .map((o) => ({ id: String(o!.id), name: o!.name })),
      dueDate: d.due_date,
      task: task ?? null,
      followUp: followUp(task, d.due_date, now),
      meetingId: String(d.meeting_id),
      meetingTitle: d.meeting_title,
      sessionNo: d.session_no,
      meetingDate: d.meeting_date,
    };
  });
}

export async function getMeeting(ctx: RequestContext, { meeting: m, full }: SeenMeeting): Promise<MeetingView> {
  const [invitations, host] = await Promise.all([
    repo.listInvitations(ctx.db, m.id),
    m.host_org_id ? repo.findOrgs(ctx.db, [m.host_org_id]) : Promise.resolve([]),
  ]);
  const [agendaFiles, meetingFiles] = await Promise.all([
    filesByOwner(ctx.db, 'agenda_item', [String(m.id)]),
    full ? filesByOwner(ctx.db, 'meeting', [String(m.id)]) : Promise.resolve(new Map<string, never[]>()),
  ]);
  const showMinutes = full || m.minutes_status === 'issued';
  const decisions = showMinutes ? await decisionViews(ctx, [m.id]) : [];
  return {
    ...toRow(m),
    invitedCount: full ? Number(m.invited_count) : 0,
    host: host[0] ? { id: String(host[0].id), name: host[0].name } : null,
    programme: m.programme_id && full ? { id: String(m.programme_id), title: m.programme_title ?? '' } : null,
    reportPeriod: m.report_period,
    reportDeadline: m.report_deadline,
    agenda: repo
      .parseJson<AgendaItem[]>(m.agenda, [])
      .map((item, n) => ({ ...item, key: item.key ?? `i${n}`, files: (item.key && agendaFiles.get(`${m.id}:${item.key}`)) || [] })),
    files: meetingFiles.get(String(m.id)) ?? [],
    invitations: invitations.filter((i) => full || isInScope(ctx.actor, i.org_path, 'read')).map((i) => invitationView(ctx.actor, i)),
    minutes: showMinutes
      ? {
          attendance: m.attendance,
          speechesSummary: m.speeches_summary,
          conclusions: repo.parseJson(m.conclusions, []),
          decisions: decisions.map(({ meetingId: _m, meetingTitle: _t, sessionNo: _s, meetingDate: _d, ...d }) => d),
        }
      : null,
    canEdit: full && mayEditMeeting(ctx.actor, m),
  };
}

type AgendaItem = { key?: string; title: string; presenter?: string; minutesAllowed?: number; documents?: string };

/**
 * Each agenda item with its stable key: a key the meeting already had is kept (its documents stay
 * with the item), any other (absent, unknown, repeated) is replaced by a new one.
 */
export function keyedAgenda<T extends { key?: string }>(items: T[], existing: string[]): (T & { key: string })[] {
  const known = new Set(existing);
  const used = new Set<string>();
  return items.map((item) => {
    const key = item.key && known.has(item.key) && !used.has(item.key) ? item.key : `a${randomUUID().replace(/-/g, '')}`;
    used.add(key);
    return { ...item, key };
  });
}

const reload = async (ctx: RequestContext, id: string) => getMeeting(ctx, { meeting: (await repo.findMeeting(ctx.db, id))!, full: true });

export async function updateMeeting(ctx: RequestContext, m: repo.MeetingRow, input: UpdateMeetingInput) {
  if (m.minutes_status === 'issued') throw new AppError('report_state');
  const date = input.meetingDate ?? m.meeting_date;
  const deadline = input.reportDeadline === undefined ? m.report_deadline : input.reportDeadline;
  if (deadline && deadline > date) throw fieldError('body.reportDeadline', 'after_meeting');
  const invited = input.invitedOrgIds ? await invitable(ctx, input.invitedOrgIds) : undefined;
  const agenda =
    input.agenda &&
    keyedAgenda(
      input.agenda,
      repo.parseJson<AgendaItem[]>(m.agenda, []).flatMap((i) => (i.key ? [i.key] : [])),
    );
  const dropped = await inTransaction(ctx.db, async (trx) => {
    await repo.updateMeeting(trx, m.id, {
      ...(input.title !== undefined && { title: input.title }),
      ...(input.venue !== undefined && { venue: input.venue }),
      ...(agenda && { agenda: repo.toJson(agenda) }),
      meeting_date: date,
      report_deadline: deadline ?? null,
    });
    // The documents of items taken off the agenda go with them.
    const dropped = agenda
      ? await dropRemovedAgendaFiles(
          trx,
          m.id,
          agenda.map((i) => i.key),
        )
      : [];
    if (invited) await repo.setInvitations(trx, m.id, invited);
    await writeAudit(trx, ctx, { action: 'update', ...auditMeeting(m), after: input });
    return dropped;
  });
  const store = fileStoreFor(ctx.config);
  for (const key of dropped) await store.delete(key);
  return reload(ctx, m.id);
}

// ---------------------------------------------------------------- invitations and pre-meeting reports

const invitationAudit = (inv: repo.InvitationRow) => ({
  entityType: 'invitation' as const,
  entityId: inv.id,
  orgId: inv.org_id,
  orgPath: inv.org_path,
});

async function reloadInvitation(ctx: RequestContext, id: string) {
  return invitationView(ctx.actor, (await repo.findInvitation(ctx.db, id))!);
}

export async function reply(
  ctx: RequestContext,
  { invitation, meeting }: InvitationAndMeeting,
  input: { reply: 'attending' | 'substitute' | 'absent'; substituteName?: string },
) {
  if (meeting.minutes_status === 'issued') throw new AppError('report_state');
  if (input.reply === 'substitute' && !input.substituteName?.trim()) throw fieldError('body.substituteName', 'required');
  await inTransaction(ctx.db, async (trx) => {
    await repo.updateInvitation(trx, invitation.id, {
      reply: input.reply,
      substitute_name: input.reply === 'substitute' ? input.substituteName!.trim() : null,
    });
    await writeAudit(trx, ctx, { action: 'reply', ...invitationAudit(invitation), before: { reply: invitation.reply }, after: input });
  });
  return reloadInvitation(ctx, invitation.id);
}

export async function signIn(ctx: RequestContext, { invitation }: InvitationAndMeeting) {
  if (invitation.signed_in_at) return invitationView(ctx.actor, invitation);
  await inTransaction(ctx.db, async (trx) => {
    await repo.updateInvitation(trx, invitation.id, {
      signed_in_at: new Date(),
      ...(invitation.reply === 'pending' || invitation.reply === 'absent' ? { reply: 'attending' as const } : {}),
    });
    await writeAudit(trx, ctx, { action: 'sign_in', ...invitationAudit(invitation) });
  });
  return reloadInvitation(ctx, invitation.id);
}

/** The unit's figures in the meeting's programme and period, from its own tasks (the symposium summary). */
export async function reportFigures(ctx: RequestContext, invitation: repo.InvitationRow, meeting: repo.MeetingRow): Promise<ReportData> {
  if (!meeting.programme_id) throw fieldError('params.id', 'no_programme');
  const programme = await findVisibleProgramme(ctx.db, meeting.org_path, meeting.programme_id);
  if (!programme) throw fieldError('params.id', 'no_programme');
  // The summary over the invited unit's subtree; its own line is its report.
  const summary = await programmeSummary(
    { ...ctx, actor: { ...ctx.actor, orgId: invitation.org_id, orgPath: invitation.org_path } },
    programme,
    meeting.report_period ?? undefined,
  );
  const own = summary.units.find((u) => u.orgId === String(invitation.org_id));
  return {
    programmeTitle: programme.title,
    period: meeting.report_period,
    taskCount: own?.taskCount ?? 0,
    completed: own?.completed ?? 0,
    reportsSubmitted: own?.reportsSubmitted ?? 0,
    reportsAccepted: own?.reportsAccepted ?? 0,
    metrics: own?.metrics ?? [],
    overdue: own?.overdue ?? [],
    narratives: (own?.narratives ?? [])
      .filter((n) => n.status === 'accepted')
      .map((n) => ({ taskId: n.taskId, taskTitle: n.taskTitle, period: n.period, excerpt: n.excerpt })),
    generatedAt: summary.generatedAt,
  };
}

/** The draft text of a unit's implementation report (落实情况), from its figures. */
export function draftText(orgName: string, d: ReportData): string {
  const lines = [
    `${orgName}关于《${d.programmeTitle}》${d.period ? `（${d.period}）` : ''}落实情况的报告`,
    `一、总体情况：牵头任务 ${d.taskCount} 项，已完成 ${d.completed} 项；报送进展报告 ${d.reportsSubmitted} 份，已审核通过 ${d.reportsAccepted} 份。`,
  ];
  if (d.metrics.length)
    lines.push(
      `二、主要指标：${d.metrics.map((m) => `${m.metric}目标 ${m.targetValue}${m.unit}、完成 ${m.actualValue}${m.unit}（${Math.round(m.share * 100)}%）`).join('；')}。`,
    );
  if (d.narratives.length) lines.push(`三、工作进展：${d.narratives.map((n) => `${n.taskTitle}：${n.excerpt}`).join('\n')}`);
  if (d.overdue.length) lines.push(`四、逾期事项：${d.overdue.map((o) => `${o.title}（应于 ${o.dueDate} 完成）`).join('；')}。`);
  return lines.join('\n');
}

/** Pre-fills (or refreshes the figures of) a draft report; a submitted report is never touched. */
export async function prefillReport(ctx: RequestContext, { invitation, meeting }: InvitationAndMeeting) {
  if (invitation.report_status === 'submitted') throw new AppError('report_state');
  const data = await reportFigures(ctx, invitation, meeting);
  await inTransaction(ctx.db, async (trx) => {
    if ((await repo.lockInvitation(trx, invitation.id)) === 'submitted') throw new AppError('report_state');
    await repo.updateInvitation(trx, invitation.id, {
      report_status: 'draft',
      report_data: JSON.stringify(data),
      ...(invitation.report_status === 'none' || !invitation.report_text.trim()
        ? { report_text: draftText(invitation.org_name, data) }
        : {}),
    });
    await writeAudit(trx, ctx, { action: 'generate', ...invitationAudit(invitation), after: { report: 'prefill' } });
  });
  return reloadInvitation(ctx, invitation.id);
}

export async function editReport(ctx: RequestContext, { invitation }: InvitationAndMeeting, text: string) {
  await inTransaction(ctx.db, async (trx) => {
    if ((await repo.lockInvitation(trx, invitation.id)) === 'submitted') throw new AppError('report_state');
    await repo.updateInvitation(trx, invitation.id, { report_status: 'draft', report_text: text });
    await writeAudit(trx, ctx, { action: 'update', ...invitationAudit(invitation), after: { reportText: text } });
  });
  return reloadInvitation(ctx, invitation.id);
}

/** Submits by the deadline; what is submitted (text and figures) is frozen from then on. */
export async function submitReport(ctx: RequestContext, { invitation, meeting }: InvitationAndMeeting, now = today()) {
  if (meeting.report_deadline && now > meeting.report_deadline)
    throw fieldError('body.text', 'after_deadline', { deadline: meeting.report_deadline });
  const data = invitation.report_data ? null : await reportFigures(ctx, invitation, meeting);
  await inTransaction(ctx.db, async (trx) => {
    if ((await repo.lockInvitation(trx, invitation.id)) === 'submitted') throw new AppError('report_state');
    const text = invitation.report_text.trim() ? invitation.report_text : data ? draftText(invitation.org_name, data) : '';
    await repo.updateInvitation(trx, invitation.id, {
      report_status: 'submitted',
      report_text: text,
      ...(data && { report_data: JSON.stringify(data) }),
      report_submitted_at: new Date(),
    });
    await writeAudit(trx, ctx, { action: 'submit', ...invitationAudit(invitation) });
  });
  return reloadInvitation(ctx, invitation.id);
}

// ---------------------------------------------------------------- minutes and decisions

export async function saveMinutes(
  ctx: RequestContext,
  m: repo.MeetingRow,
  input: { attendance?: string; speechesSummary?: string; conclusions?: { kind: string; text: string }[] },
) {
  await inTransaction(ctx.db, async (trx) => {
    const status = await repo.lockMeeting(trx, m.id);
    if (status === 'signed_off' || status === 'issued') throw new AppError('report_state');
    await repo.updateMeeting(trx, m.id, {
      ...(input.attendance !== undefined && { attendance: input.attendance }),
      ...(input.speechesSummary !== undefined && { speeches_summary: input.speechesSummary }),
      ...(input.conclusions !== undefined && { conclusions: JSON.stringify(input.conclusions) }),
      minutes_status: 'draft',
    });
    await writeAudit(trx, ctx, { action: 'update', ...auditMeeting(m), after: { minutes: input } });
  });
  return reload(ctx, m.id);
}

export async function moveMinutes(ctx: RequestContext, m: repo.MeetingRow, to: 'signed_off' | 'issued') {
  await inTransaction(ctx.db, async (trx) => {
    const from = await repo.lockMeeting(trx, m.id);
    if ((to === 'signed_off' && from !== 'draft') || (to === 'issued' && from !== 'signed_off')) throw new AppError('report_state');
    await repo.updateMeeting(trx, m.id, { minutes_status: to });
    await writeAudit(trx, ctx, {
      action: to === 'issued' ? 'issue' : 'sign_off',
      ...auditMeeting(m),
      before: { minutesStatus: from },
      after: { minutesStatus: to },
    });
    if (to === 'issued')
      for (const i of await repo.listInvitations(trx, m.id))
        if (i.reply === 'attending' || i.reply === 'substitute' || i.signed_in_at)
          await notify(trx, {
            orgId: i.org_id,
            kind: 'supervision',
            entityType: 'meeting',
            entityId: m.id,
            title: { zh: `会议纪要已印发：${m.title}`, en: `Minutes issued: ${m.title}` },
            dedupeKey: `minutes_issued:${m.id}`,
          });
  });
  return reload(ctx, m.id);
}

/** A decision (议定事项) and its task, in one action: the task first (its own rules), then the decision. */
export async function addDecision(ctx: RequestContext, m: repo.MeetingRow, input: DecisionInput) {
  if (m.minutes_status === 'signed_off' || m.minutes_status === 'issued') throw new AppError('report_state');
  const [owner] = await repo.findOrgs(ctx.db, [input.ownerOrgId]);
  if (!owner || !isInScope(ctx.actor, owner.path)) throw fieldError('body.ownerOrgId', 'unknown_org');
  if (owner.status !== 'active') throw fieldError('body.ownerOrgId', 'org_archived');
  const goal = await findGoal(ctx.db, input.goalId);
  if (!goal || goal.programme_id !== input.programmeId) throw fieldError('body.goalId', 'unknown_goal');
  // biome-ignore lint/complexity/useMathMinMax: ISO dates (YYYY-MM-DD) compared as strings; Math.min would make them NaN
  const start = today() < input.dueDate ? today() : input.dueDate;
  const task = await tasks.createTask(
    ctx,
    {
      programmeId: input.programmeId,
      goalId: input.goalId,
      kind: 'prescribed',
      title: input.text.length > 200 ? `${input.text.slice(0, 199)}…` : input.text,
      description: `${input.text}\n——${m.title}（${m.meeting_date}）议定事项`,
      orgId: String(owner.id),
      coUnitIds: (input.coUnitIds ?? []).filter((c) => c !== String(owner.id)),
      startDate: start,
      dueDate: input.dueDate,
      cycle: 'once',
    },
    { id: String(owner.id), path: owner.path },
  );
  try {
    await inTransaction(ctx.db, async (trx) => {
      const status = await repo.lockMeeting(trx, m.id);
      if (status === 'signed_off' || status === 'issued') throw new AppError('report_state');
      const id = await repo.insertDecision(trx, {
        meeting_id: m.id,
        text: input.text,
        owner_org_id: String(owner.id),
        co_unit_ids: JSON.stringify(input.coUnitIds ?? []),
        due_date: input.dueDate,
        task_id: task.id,
      });
      if (status === 'none') await repo.updateMeeting(trx, m.id, { minutes_status: 'draft' });
      await writeAudit(trx, ctx, {
        action: 'create',
        entityType: 'decision',
        entityId: id,
        orgId: m.org_id,
        orgPath: m.org_path,
        after: { ...input, taskId: task.id },
      });
    });
  } catch (err) {
    const t = await findTask(ctx.db, task.id);
    if (t) await tasks.deleteTask(ctx, t);
    throw err;
  }
  return reload(ctx, m.id);
}

/** Every decision of the series' earlier sessions with its status now (a single meeting: its own). */
export async function briefing(ctx: RequestContext, { meeting: m, full }: SeenMeeting): Promise<BriefingView> {
  if (!full) throw new AppError('forbidden');
  const ids = m.series_id && m.session_no ? await repo.earlierSessionIds(ctx.db, m.series_id, m.session_no) : [];
  const items = await decisionViews(ctx, ids);
  const totals = { done_on_time: 0, done_late: 0, open: 0, overdue: 0 };
  for (const i of items) totals[i.followUp]++;
  return {
    meetingId: String(m.id),
    series: m.series_id ? { id: String(m.series_id), title: m.series_title ?? '' } : null,
    items,
    totals,
  };
}

export async function decisionsLedger(ctx: RequestContext, f: { meetingId?: string; seriesId?: string }) {
  const ids = await repo.meetingIdsConvenedIn(ctx.db, ctx.actor.orgPath, f);
  return decisionViews(ctx, ids);
}
