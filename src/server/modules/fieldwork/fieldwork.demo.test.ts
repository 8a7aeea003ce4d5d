// The demo data holds seed 000's research visit and seed 004's symposium, in Chinese, with every
// fact of the seeds in its place (dates, leader and post, themes, hosts, findings, the four
// requirements; the meeting's date, attending units, speeches and its conclusions).
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../testing/harness.js';
import { ensureRootAndAdmin } from '../../bootstrap/first-start.js';
import { seedDemo } from '../../bootstrap/demo.js';
import { DEFAULT_TEMPLATES, draftFromFacts } from '../news/news.drafting.js';
import { meetingFacts, visitFacts } from './news-facts.js';

const repoConclusions = (x: unknown) => (typeof x === 'string' ? JSON.parse(x) : x) as { kind: string; text: string }[];

describe('field work demo data', () => {
  it('enters seed 000 as a visit and seed 004 as an issued symposium', async () => {
    const handle = await openTestDatabase();
    try {
      await ensureRootAndAdmin(handle.db, 'Admin-Passw0rd!');
      await seedDemo(handle.db);
      const v = await handle.db.selectFrom('fw_visits').selectAll().executeTakeFirstOrThrow();
      expect(v).toMatchObject({ leader_name: '陈杰平', leader_post: '中国机械冶金建材工会分党组书记、主席', visit_type: 'thematic' });
      expect(JSON.stringify(v.themes)).toContain('复工复产');
      const reqs = await handle.db
        .selectFrom('fw_visit_requirements')
        .select('text')
        .where('visit_id', '=', v.id)
        .orderBy('sort_order')
        .execute();
      expect(reqs).toHaveLength(4);
      expect(reqs.every((r) => r.text.startsWith('要'))).toBe(true);
      const hosts = await handle.db.selectFrom('fw_visit_hosts').select('region_code').where('visit_id', '=', v.id).execute();
      expect(hosts.map((h) => h.region_code)).toEqual(['430302', '430304']);
      const m = await handle.db.selectFrom('fw_meetings').selectAll().executeTakeFirstOrThrow();
      expect(m).toMatchObject({ meeting_type: 'symposium', minutes_status: 'issued' });
      expect(JSON.stringify(m.conclusions)).toMatch(/肯定.*指出.*强调/);
      const invited = await handle.db.selectFrom('fw_invitations').select('reply').where('meeting_id', '=', m.id).execute();
      expect(invited).toHaveLength(5);
      expect(invited.every((i) => i.reply === 'attending')).toBe(true);

      // The news desk drafts from these records: every fact comes from them, and the draft reads as the seed's story.
      const visit = (await visitFacts(handle.db, v.id))!;
      expect(visit.facts).toMatchObject({ genre: 'visit', leader: '陈杰平', hosts: expect.arrayContaining([expect.any(String)]) });
      expect((visit.facts as { requirements: string[] }).requirements).toEqual(reqs.map((r) => r.text));
      const meeting = (await meetingFacts(handle.db, m.id))!;
      expect(meeting.facts).toMatchObject({ genre: 'meeting', place: m.venue });
      expect((meeting.facts as { attendees: string[] }).attendees).toHaveLength(5);
      const draft = draftFromFacts(meeting.facts, meeting.link, DEFAULT_TEMPLATES.meeting);
      for (const c of repoConclusions(m.conclusions)) expect(JSON.stringify(draft)).toContain(c.text.slice(0, 12));

      // The standing 复工复产 return of seed 000, sent to the Xiangtan enterprises; one has answered.
      const ret = await handle.db.selectFrom('fw_returns').selectAll().executeTakeFirstOrThrow();
      expect(ret.title).toContain('复工复产');
      const answers = await handle.db
        .selectFrom('fw_return_answers')
        .select(['status', 'prefilled'])
        .where('return_id', '=', ret.id)
        .execute();
      expect(answers.map((a) => a.status).sort()).toEqual(['pending', 'submitted']);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
