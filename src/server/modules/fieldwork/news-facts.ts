// Visits and meetings as the news desk drafts them: the facts of a record in the shape of
// news.drafting.ts (every name, date and sentence from the record, nothing invented), registered as
// the news module's providers for 'visit' and 'meeting'.
import type { Db } from '../people/people.repository.js';
import { registerFactsProvider, type MeetingFacts, type RecordForDrafting, type VisitFacts } from '../news/news.drafting.js';
import { regionName } from '../orgs/regions.js';
import * as repo from './fieldwork.repository.js';

const joinNames = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

export async function visitFacts(db: Db, id: string): Promise<RecordForDrafting | undefined> {
  const v = await repo.findVisit(db, id);
  if (!v) return undefined;
  const [hosts, requirements] = await Promise.all([repo.listHosts(db, v.id), repo.listRequirements(db, v.id)]);
  const team = repo.parseJson<{ name: string; post?: string }[]>(v.team, []);
  const facts: VisitFacts = {
    genre: 'visit',
    startDate: v.start_date,
    endDate: v.end_date,
    leader: v.leader_name,
    post: v.leader_post,
    team: team.map((m) => (m.post ? `${m.post}${m.name}` : m.name)),
    regions: joinNames(hosts.map((h) => regionName(h.region_code))),
    hosts: hosts.map((h) => h.name),
    themes: repo.parseJson<string[]>(v.themes, []),
    findings: repo.parseJson<string[]>(v.findings, []),
    requirements: requirements.map((r) => r.text),
    source: v.org_name,
  };
  return { facts, link: { kind: 'visit', id: String(v.id), title: v.title }, orgId: String(v.org_id), orgPath: v.org_path };
}

export async function meetingFacts(db: Db, id: string): Promise<RecordForDrafting | undefined> {
  const m = await repo.findMeeting(db, id);
  if (!m) return undefined;
  const invitations = await repo.listInvitations(db, m.id);
  const conclusions = repo.parseJson<{ kind: 'affirmed' | 'pointed_out' | 'stressed'; text: string }[]>(m.conclusions, []);
  const of = (kind: string) => conclusions.filter((c) => c.kind === kind).map((c) => c.text);
  const facts: MeetingFacts = {
    genre: 'meeting',
    date: m.meeting_date,
    place: m.venue,
    topic: m.series_title && m.session_no ? `${m.series_title}第${m.session_no}次会议` : m.title,
    organiser: m.org_name,
    attendees: invitations.filter((i) => i.reply === 'attending' || i.reply === 'substitute').map((i) => i.org_name),
    reporters: invitations.filter((i) => i.report_status === 'submitted').map((i) => i.org_name),
    affirmed: of('affirmed'),
    pointedOut: of('pointed_out'),
    stressed: of('stressed'),
    source: m.org_name,
  };
  return { facts, link: { kind: 'meeting', id: String(m.id), title: m.title }, orgId: String(m.org_id), orgPath: m.org_path };
}

export function registerNewsFacts(db: Db): void {
  registerFactsProvider({ kind: 'visit', load: (id) => visitFacts(db, id) });
  registerFactsProvider({ kind: 'meeting', load: (id) => meetingFacts(db, id) });
}
