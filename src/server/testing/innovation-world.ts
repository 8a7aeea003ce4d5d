// Fixtures of the innovation module in city B of the test world, made through the API by B's staff:
// a studio of enterprise B (led by personB), a call of city B, an application named by city B (so a
// naming record), and a mentor–apprentice pair.
import type { TestServer } from './harness.js';
import type { PeopleWorld } from './people-world.js';
import { nthIdNumber } from './people-world.js';
import type { World } from './world.js';

export interface InnovationWorld {
  studioB: string;
  memberB: string;
  callB: string;
  applicationB: string;
  namingB: string;
  pairB: string;
}

function ok<T extends { status: number; body: any }>(r: T, what: string, status = [200, 201]): T {
  if (!status.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

export async function createInnovationWorld(_server: TestServer, w: World, pw: PeopleWorld): Promise<InnovationWorld> {
  const b = w.staffB;
  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const apprentice = ok(
    await w.admin.post('/api/people', { orgId: w.enterpriseB, name: '赵学徒', idNumber: nthIdNumber(910_001) }),
    'apprentice',
  );
  ok(await w.admin.post(`/api/people/${pw.personB}/skills`, { level: 'senior_technician', certifiedOn: '2015-01-01' }), 'skill');
  const studio = ok(
    await b.post('/api/studios', {
      orgId: w.enterpriseB,
      name: '王乙劳模创新工作室',
      category: '劳模创新工作室',
      leaderId: pw.personB,
      foundedOn: '2018-03-01',
      members: [{ personId: apprentice.body.person.id, role: 'member', joinedOn: '2019-01-01' }],
    }),
    'studio',
  );
  const call = ok(
    await b.post('/api/studio-calls', { orgId: w.cityB, year, title: '济南市劳模创新工作室命名', quota: 3, deadline: '2099-12-31' }),
    'call',
  );
  const app = ok(await b.post('/api/studio-applications', { callId: call.body.id, studioId: studio.body.id }), 'application');
  ok(await b.post(`/api/studio-applications/${app.body.id}/submit`), 'submit');
  ok(await b.post(`/api/studio-applications/${app.body.id}/name`, { docNo: '济工发〔2026〕1号', namedOn: today }), 'name');
  const detail = ok(await b.get(`/api/studios/${studio.body.id}`), 'detail');
  const pair = ok(
    await b.post('/api/mentorships', {
      orgId: w.enterpriseB,
      agreementNo: 'JN-001',
      masterId: pw.personB,
      apprenticeId: apprentice.body.person.id,
      trade: '车工',
      targetLevel: 'technician',
      startOn: today,
      endOn: `${year + 2}${today.slice(4)}`,
    }),
    'pair',
  );
  return {
    studioB: studio.body.id,
    memberB: detail.body.members[1].id,
    callB: call.body.id,
    applicationB: app.body.id,
    namingB: detail.body.namings[0].id,
    pairB: pair.body.id,
  };
}
