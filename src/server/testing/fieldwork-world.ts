// Fixtures of field work and meetings in city B (the sibling subtree every access case attacks): a
// visit hosted by enterprise B with a problem and a requirement, a meeting series and a meeting that
// invites enterprise B — created through the API.
import type { Client, Res, TestServer } from './harness.js';
import { must, PDF, type TasksWorld } from './tasks-world.js';
import type { World } from './world.js';

export interface FieldworkWorld {
  visitB: string;
  problemB: string;
  requirementB: string;
  seriesB: string;
  meetingB: string;
  invitationB: string;
  /** A status return of city B sent to enterprise B, and enterprise B's answers to it. */
  returnB: string;
  returnAnswerB: string;
  /** An agenda item proposed for meeting B by enterprise B (the call open until 2099-02-01). */
  proposalB: string;
  /** A draft item of city B's 2026 research plan. */
  planItemB: string;
  /** A file on problem B, and a document of meeting B's agenda item. */
  problemFileB: string;
  agendaFileB: string;
}

/** A raw-body upload to a field-work files route (fileName and any other query in the URL). */
export async function uploadFieldworkFile(
  client: Client,
  path: string,
  fileName: string,
  data: Buffer,
  query: Record<string, string> = {},
): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'accept-language': client.locale };
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
  const qs = new URLSearchParams({ ...query, fileName }).toString();
  const res = await fetch(`${client.baseUrl}${path}?${qs}`, { method: 'POST', headers, body: new Uint8Array(data) });
  return { status: res.status, body: await res.json().catch(() => ({})), headers: res.headers };
}

export async function createFieldworkWorld(_server: TestServer, w: World, tw: TasksWorld): Promise<FieldworkWorld> {
  let v = must(
    await w.staffB.post('/api/visits', {
      title: '济南调研',
      visitType: 'thematic',
      themes: ['复工复产'],
      leaderName: '李四',
      startDate: '2026-03-01',
      endDate: '2026-03-02',
      hostOrgIds: [w.enterpriseB],
      requirements: ['要加强技能培训'],
    }),
    201,
    'visit B',
  );
  v = must(
    await w.staffB.post(`/api/visits/${v.id}/problems`, { category: '培训', text: '培训不足', hostOrgId: w.enterpriseB }),
    200,
    'problem B',
  );
  const series = must(await w.staffB.post('/api/meeting-series', { title: '济南市产改联席会议' }), 201, 'series B');
  const m = must(
    await w.staffB.post('/api/meetings', {
      seriesId: series.id,
      meetingType: 'symposium',
      title: '济南座谈会',
      meetingDate: '2099-03-01',
      programmeId: tw.programmeB,
      agenda: [{ title: '济南企业汇报' }],
      invitedOrgIds: [w.enterpriseB],
    }),
    201,
    'meeting B',
  );
  const problemFile = must(
    await uploadFieldworkFile(w.staffB, `/api/visit-problems/${v.problems[0].id}/files`, '培训记录.pdf', PDF),
    201,
    'file B',
  );
  const agendaFile = must(
    await uploadFieldworkFile(w.staffB, `/api/meetings/${m.id}/files`, '汇报材料.pdf', PDF, { agendaItem: m.agenda[0].key }),
    201,
    'agenda file B',
  );
  const ret = must(
    await w.staffB.post('/api/returns', {
      title: '济南复工复产情况',
      deadline: '2099-03-01',
      questions: [{ label: '职工人数', kind: 'number', unit: '人' }],
      recipientOrgIds: [w.enterpriseB],
    }),
    201,
    'return B',
  );
  must(await w.staffB.request('PUT', `/api/meetings/${m.id}/proposal-deadline`, { deadline: '2099-02-01' }), 200, 'proposal deadline B');
  const proposal = must(
    await w.staffB.post(`/api/invitations/${m.invitations[0].id}/agenda-proposals`, { title: '济南企业议题', presenter: '王五' }),
    201,
    'proposal B',
  );
  const plan = must(
    await w.staffB.post('/api/research-plan-items', { year: 2026, topic: '济南产改调研', leaderName: '李四', department: '基层工作部' }),
    201,
    'plan item B',
  );
  return {
    problemFileB: problemFile.id,
    agendaFileB: agendaFile.id,
    planItemB: plan.id,
    proposalB: proposal.id,
    returnB: ret.id,
    returnAnswerB: ret.answers[0].id,
    visitB: v.id,
    problemB: v.problems[0].id,
    requirementB: v.requirements[0].id,
    seriesB: series.id,
    meetingB: m.id,
    invitationB: m.invitations[0].id,
  };
}
