// No raw codes or ids before users: on the demo data, the audit log names what each entry is about
// (person, task, organisation …) and says what changed in words, and notifications name periods as
// labels, in zh-CN and en-US. Every text the API serves for people to read is scanned for period
// codes (2026-Q3), JSON ({"…) and uuids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../bootstrap/demo.js';
import { createSecretBox } from '../../platform/secrets.js';
import { startTestServer, TEST_SECRET_KEY, type Client, type TestServer } from '../../testing/harness.js';
import { download } from '../../testing/people-world.js';
import { sendDeadlineReminders } from '../tasks/tasks.jobs.js';
import { summarise } from './audit.present.js';

const RAW = [/20\d\d-(Q|H|M)\d/, /\{"/, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i];
const rawIn = (texts: (string | null)[]) =>
  texts.filter((t): t is string => !!t).flatMap((t) => RAW.filter((re) => re.test(t)).map((re) => `${re} in “${t}”`));

describe('audit and notification texts of the demo', () => {
  let server: TestServer;
  let admin: Client;
  let person: { id: string; name: string };
  beforeAll(async () => {
    server = await startTestServer();
    await seedDemo(server.db, createSecretBox(TEST_SECRET_KEY));
    admin = await server.login('admin');
    // A week of office work on the demo: a reveal with its purpose, the exports, deadline reminders.
    person = (await admin.get('/api/people?pageSize=1')).body.items[0];
    expect((await admin.post(`/api/people/${person.id}/pii`, { purpose: 'verify_identity' })).status).toBe(200);
    expect((await download(admin, '/api/people/export', {})).status).toBe(200);
    expect((await download(admin, '/api/tasks/export.xlsx')).status).toBe(200);
    const root = (await admin.get('/api/orgs')).body.items[0].id;
    expect((await download(admin, `/api/dashboard/export.xlsx?orgId=${root}`)).status).toBe(200);
    for (const day of ['2026-04-05', '2026-07-05', '2026-10-05', '2027-01-05'])
      await sendDeadlineReminders(server.db, new Date(`${day}T02:00:00Z`));
  }, 120_000);
  afterAll(() => server.close());

  for (const locale of ['zh-CN', 'en-US'] as const) {
    it(`names entities and says what changed, without codes, JSON or uuids (${locale})`, async () => {
      admin.locale = locale;
      const res = await admin.get('/api/audit?pageSize=200');
      expect(res.status).toBe(200);
      const items = res.body.items as {
        action: string;
        entityType: string;
        entityName: string | null;
        orgName: string | null;
        summary: string;
      }[];
      expect(items.length).toBeGreaterThan(30);
      expect(rawIn(items.flatMap((e) => [e.entityName, e.orgName, e.summary]))).toEqual([]);
      const zh = locale === 'zh-CN';
      const reveal = items.find((e) => e.action === 'view_pii' && e.entityType === 'person')!;
      expect(reveal.entityName).toBe(person.name);
      expect(reveal.summary).toBe(
        zh ? '查看内容：身份证号、手机号；用途：核实身份' : 'viewed: ID number, phone; purpose: verifying identity',
      );
      const task = items.find((e) => e.action === 'create' && e.entityType === 'task')!;
      expect(task.entityName).toBeTruthy();
      const report = items.find((e) => e.entityType === 'report' && e.action === 'accept')!;
      expect(report.entityName).toMatch(zh ? /（\d{4}年(第\d季度|[上下]半年)）$/ : /\((Q\d \d{4}|(first|second) half of \d{4})\)$/);
      expect(report.summary).toContain(zh ? '报送期：' : 'period: ');
      // Every entry about a record names it (the demo deletes nothing).
      expect(
        items.filter((e) => e.entityType !== 'person' || e.action === 'view_pii').filter((e) => !e.entityName && e.action !== 'export'),
      ).toEqual([]);
      const exports = items.filter((e) => e.action === 'export').map((e) => e.summary);
      expect(exports.length).toBeGreaterThanOrEqual(3);
      admin.locale = 'zh-CN';
    });
  }

  it('serves notifications with period labels, never codes, in both languages', async () => {
    let seen = 0;
    for (const username of ['binzhou', 'jinan', 'liaison', 'xiangdian', 'shandong']) {
      const c = await server.login(username, DEMO_PASSWORD);
      for (const locale of ['zh-CN', 'en-US'] as const) {
        c.locale = locale;
        await c.patch('/api/auth/preferences', { locale });
        const list = (await c.get('/api/notifications?pageSize=200')).body.items as { title: string }[];
        seen += list.length;
        expect(rawIn(list.map((n) => n.title))).toEqual([]);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('translates field names and codes, hides ids, and never answers JSON', () => {
    expect(summarise(null, { fields: ['idNumber', 'phone'] }, 'zh-CN')).toBe('查看内容：身份证号、手机号');
    expect(summarise(null, { fields: ['idNumber', 'phone'] }, 'en-US')).toBe('viewed: ID number, phone');
    expect(summarise({ status: 'submitted' }, { status: 'accepted', period: '2026-Q3', version: 2 }, 'zh-CN')).toBe(
      '状态：已报送 → 已通过；报送期：2026年第3季度',
    );
    expect(summarise(null, { supervisionId: '4', parentId: '1', title: '新增' }, 'en-US')).toBe('title: 新增');
    expect(summarise(null, { export: true, filter: { status: 'completed', q: '…', orgId: '3' } }, 'zh-CN')).toBe(
      '导出：是；筛选条件：状态：已完成，查询内容：（已隐去）',
    );
  });
});
