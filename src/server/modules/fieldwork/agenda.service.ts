// Agenda proposals (议题征集, issue 13 item 4): the convenor's side sets a proposal deadline on a
// meeting; an invited unit (or a level above it, with tasks.report) proposes an agenda item by that
// day; the convenor's side accepts it (it joins the meeting's agenda) or declines it with a reason.
// An invited unit sees only its own proposals; the convenor's subtree sees all. Every step audited.
import { randomUUID } from 'node:crypto';
import { hasPermission, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import { notify } from '../notifications/notify.js';
import * as fw from './fieldwork.repository.js';
import { auditMeeting, mayEditMeeting, type InvitationAndMeeting, type SeenMeeting } from './fieldwork.policy.js';
import * as repo from './agenda.repository.js';
import type { ProposalsView, ProposalView, ProposeInput } from './agenda.schemas.js';

const today = () => new Date().toISOString().slice(0, 10);
type Who = RequestContext['actor'];

const auditProposal = (p: Pick<repo.ProposalRow, 'id' | 'org_id' | 'org_path'>) => ({
  entityType: 'agenda_proposal' as const,
  entityId: p.id,
  orgId: p.org_id,
  orgPath: p.org_path,
});

/** A proposal to decide: seen by its unit's subtree and the convenor's; decided by the convenor's side only. */
export async function loadProposal(db: fw.Db, actor: Who, id: string) {
  const proposal = await repo.findProposal(db, id);
  const meeting = proposal && (await fw.findMeeting(db, proposal.meeting_id));
  if (!proposal || !meeting) throw new AppError('not_found', { entity: 'agenda_proposal' });
  if (!isInScope(actor, meeting.org_path) && !isInScope(actor, proposal.org_path))
    throw new AppError('not_found', { entity: 'agenda_proposal' });
  if (!mayEditMeeting(actor, meeting)) throw new AppError('forbidden');
  return { proposal, meeting };
}
export type LoadedProposal = Awaited<ReturnType<typeof loadProposal>>;

function view(p: repo.ProposalRow): ProposalView {
  return {
    id: p.id,
    meetingId: p.meeting_id,
    org: { id: p.org_id, name: p.org_name },
    title: p.title,
    presenter: p.presenter,
    minutesWanted: p.minutes_wanted,
    notes: p.notes,
    status: p.status,
    declineReason: p.decline_reason,
    createdAt: new Date(p.created_at).toISOString(),
    decidedAt: p.decided_at ? new Date(p.decided_at).toISOString() : null,
  };
}

const isOpen = (deadline: string | null, minutes: string, now: string) => !!deadline && now <= deadline && minutes !== 'issued';

export async function listProposals(ctx: RequestContext, { meeting: m, full }: SeenMeeting, now = today()): Promise<ProposalsView> {
  const [deadline, rows, invitations] = await Promise.all([
    repo.proposalDeadline(ctx.db, m.id),
    repo.listProposals(ctx.db, m.id),
    fw.listInvitations(ctx.db, m.id),
  ]);
  const mayPropose = hasPermission(ctx.actor, 'tasks.report');
  return {
    meetingId: String(m.id),
    meetingDate: m.meeting_date,
    deadline,
    open: isOpen(deadline, m.minutes_status, now),
    canDecide: full && mayEditMeeting(ctx.actor, m) && m.minutes_status !== 'issued',
    proposers: mayPropose
      ? invitations
          .filter((i) => isInScope(ctx.actor, i.org_path))
          .map((i) => ({ invitationId: String(i.id), org: { id: String(i.org_id), name: i.org_name } }))
      : [],
    items: rows.filter((p) => full || isInScope(ctx.actor, p.org_path)).map(view),
  };
}

export async function setDeadline(ctx: RequestContext, seen: SeenMeeting, deadline: string | null) {
  const m = seen.meeting;
  if (m.minutes_status === 'issued') throw new AppError('report_state');
  if (deadline && deadline > m.meeting_date) throw fieldError('body.deadline', 'after_meeting');
  const before = await repo.proposalDeadline(ctx.db, m.id);
  await inTransaction(ctx.db, async (trx) => {
    await repo.setProposalDeadline(trx, m.id, deadline);
    await writeAudit(trx, ctx, {
      action: 'update',
      ...auditMeeting(m),
      before: { proposalDeadline: before },
      after: { proposalDeadline: deadline },
    });
    if (deadline && deadline !== before)
      for (const i of await fw.listInvitations(trx, m.id))
        await notify(trx, {
          orgId: String(i.org_id),
          kind: 'deadline',
          entityType: 'meeting',
          entityId: String(m.id),
          title: {
            zh: `议题征集：请于 ${deadline} 前提出议题（${m.title}）`,
            en: `Agenda items for ${m.title}: propose by ${deadline}`,
          },
          dedupeKey: `agenda_call:${m.id}:${i.org_id}:${deadline}`,
        });
  });
  return listProposals(ctx, seen);
}

export async function propose(ctx: RequestContext, { invitation, meeting: m }: InvitationAndMeeting, input: ProposeInput, now = today()) {
  const deadline = await repo.proposalDeadline(ctx.db, m.id);
  if (!deadline || m.minutes_status === 'issued') throw fieldError('body.title', 'proposals_not_open');
  if (now > deadline) throw fieldError('body.title', 'proposal_deadline_passed', { deadline });
  const id = await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertProposal(trx, {
      meeting_id: m.id,
      org_id: invitation.org_id,
      title: input.title,
      presenter: input.presenter ?? '',
      minutes_wanted: input.minutesWanted ?? null,
      notes: input.notes ?? '',
      proposed_by: ctx.actor.userId,
    });
    await writeAudit(trx, ctx, {
      action: 'propose',
      ...auditProposal({ id, org_id: invitation.org_id, org_path: invitation.org_path }),
      after: { meetingId: m.id, ...input },
    });
    await notify(trx, {
      orgId: String(m.org_id),
      kind: 'report_submitted',
      entityType: 'meeting',
      entityId: String(m.id),
      title: { zh: `${invitation.org_name}提出议题：${input.title}`, en: `${invitation.org_name} proposes an agenda item: ${input.title}` },
      dedupeKey: `agenda_proposal:${id}`,
    });
    return id;
  });
  return view((await repo.findProposal(ctx.db, id))!);
}

export async function decide(
  ctx: RequestContext,
  { proposal: p, meeting: m }: LoadedProposal,
  decision: { accept: true } | { accept: false; reason: string },
) {
  if (p.status !== 'pending') throw conflictOn('params.id', 'already_decided');
  await inTransaction(ctx.db, async (trx) => {
    const locked = await repo.lockAgenda(trx, m.id);
    if (!locked || locked.minutes_status === 'issued') throw new AppError('report_state');
    const ok = await repo.decideProposal(trx, p.id, {
      status: decision.accept ? 'accepted' : 'declined',
      decline_reason: decision.accept ? null : decision.reason,
      decided_by: ctx.actor.userId,
    });
    if (!ok) throw conflictOn('params.id', 'already_decided');
    if (decision.accept) {
      const item = {
        key: `a${randomUUID().replace(/-/g, '')}`,
        title: p.title,
        ...(p.presenter && { presenter: p.presenter }),
        ...(p.minutes_wanted !== null && { minutesAllowed: p.minutes_wanted }),
        ...(p.notes && { documents: p.notes }),
      };
      await repo.setAgenda(trx, m.id, fw.toJson([...fw.parseJson<unknown[]>(locked.agenda, []), item]));
      await writeAudit(trx, ctx, { action: 'update', ...auditMeeting(m), after: { agendaItemAdded: item, proposalId: p.id } });
    }
    await writeAudit(trx, ctx, {
      action: decision.accept ? 'accept' : 'decline',
      ...auditProposal(p),
      before: { status: p.status },
      after: decision.accept ? { status: 'accepted' } : { status: 'declined', reason: decision.reason },
    });
    await notify(trx, {
      orgId: p.org_id,
      kind: 'supervision',
      entityType: 'meeting',
      entityId: String(m.id),
      title: decision.accept
        ? { zh: `议题已列入会议议程：${p.title}`, en: `Agenda item accepted: ${p.title}` }
        : { zh: `议题未被采纳：${p.title}（${decision.reason}）`, en: `Agenda item declined: ${p.title} (${decision.reason})` },
      dedupeKey: `agenda_decided:${p.id}`,
    });
  });
  return view((await repo.findProposal(ctx.db, p.id))!);
}
