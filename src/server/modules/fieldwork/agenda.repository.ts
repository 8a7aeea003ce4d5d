// All SQL of agenda proposals (议题征集): the meeting's proposal deadline, each invited unit's
// proposed items, and the convenor's decision (accepted into the agenda, or declined with a reason).
import { sql } from 'kysely';
import type { Db } from './fieldwork.repository.js';
import type { ProposalStatus } from './fieldwork.tables.js';

export interface ProposalRow {
  id: string;
  meeting_id: string;
  org_id: string;
  org_name: string;
  org_path: string;
  title: string;
  presenter: string;
  minutes_wanted: number | null;
  notes: string;
  status: ProposalStatus;
  decline_reason: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const cols = sql`p.id::text AS id, p.meeting_id::text AS meeting_id, p.org_id::text AS org_id, o.name AS org_name,
  o.path AS org_path, p.title, p.presenter, p.minutes_wanted, p.notes, p.status, p.decline_reason, p.created_at, p.decided_at`;

export async function proposalDeadline(db: Db, meetingId: string): Promise<string | null> {
  const r = await sql<{ d: string | null }>`SELECT proposal_deadline::text AS d FROM fw_meetings WHERE id = ${meetingId}`.execute(db);
  return r.rows[0]?.d ?? null;
}

export async function setProposalDeadline(db: Db, meetingId: string, deadline: string | null): Promise<void> {
  await sql`UPDATE fw_meetings SET proposal_deadline = ${deadline}, updated_at = now() WHERE id = ${meetingId}`.execute(db);
}

export async function listProposals(db: Db, meetingId: string): Promise<ProposalRow[]> {
  const r = await sql<ProposalRow>`SELECT ${cols} FROM fw_agenda_proposals p JOIN organisations o ON o.id = p.org_id
    WHERE p.meeting_id = ${meetingId} ORDER BY p.id`.execute(db);
  return r.rows;
}

export async function findProposal(db: Db, id: string): Promise<ProposalRow | undefined> {
  const r = await sql<ProposalRow>`SELECT ${cols} FROM fw_agenda_proposals p JOIN organisations o ON o.id = p.org_id
    WHERE p.id = ${id}`.execute(db);
  return r.rows[0];
}

export async function insertProposal(
  db: Db,
  v: {
    meeting_id: string;
    org_id: string;
    title: string;
    presenter: string;
    minutes_wanted: number | null;
    notes: string;
    proposed_by: string | null;
  },
): Promise<string> {
  const r = await db.insertInto('fw_agenda_proposals').values(v).returning('id').executeTakeFirstOrThrow();
  return String(r.id);
}

/** Decides a pending proposal; false when it was decided meanwhile (nothing changed). */
export async function decideProposal(
  db: Db,
  id: string,
  v: { status: 'accepted' | 'declined'; decline_reason: string | null; decided_by: string | null },
): Promise<boolean> {
  const r = await sql`UPDATE fw_agenda_proposals SET status = ${v.status}, decline_reason = ${v.decline_reason},
      decided_by = ${v.decided_by}, decided_at = now()
    WHERE id = ${id} AND status = 'pending' RETURNING id`.execute(db);
  return r.rows.length === 1;
}

/** The meeting's agenda and minutes state, locked for the rest of the transaction. */
export async function lockAgenda(db: Db, meetingId: string): Promise<{ agenda: unknown; minutes_status: string } | undefined> {
  const r = await sql<{ agenda: unknown; minutes_status: string }>`SELECT agenda, minutes_status FROM fw_meetings
    WHERE id = ${meetingId} FOR UPDATE`.execute(db);
  return r.rows[0];
}

export async function setAgenda(db: Db, meetingId: string, agenda: string): Promise<void> {
  await sql`UPDATE fw_meetings SET agenda = ${agenda}::jsonb, updated_at = now() WHERE id = ${meetingId}`.execute(db);
}

/**
 * Invited units that have proposed nothing to a call for agenda items closing on or before `until`
 * (from `from` on: a closed call reminds no one), the minutes not yet issued.
 */
export async function listSilentProposers(
  db: Db,
  from: string,
  until: string,
): Promise<{ id: string; org_id: string; meeting_id: string; title: string; deadline: string }[]> {
  const r = await sql<{ id: string; org_id: string; meeting_id: string; title: string; deadline: string }>`
    SELECT i.id::text AS id, i.org_id::text AS org_id, m.id::text AS meeting_id, m.title, m.proposal_deadline::text AS deadline
    FROM fw_invitations i JOIN fw_meetings m ON m.id = i.meeting_id
    WHERE m.proposal_deadline BETWEEN ${from} AND ${until} AND m.minutes_status <> 'issued' AND i.reply <> 'absent'
      AND NOT EXISTS (SELECT 1 FROM fw_agenda_proposals p WHERE p.meeting_id = i.meeting_id AND p.org_id = i.org_id)
    ORDER BY i.id LIMIT 5000`.execute(db);
  return r.rows;
}
