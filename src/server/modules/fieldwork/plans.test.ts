// Annual research plan items: drafted by the organisation's side, edited while draft, approved
// (then frozen); a visit of the organisation or a unit below it links to an approved item; who sees
// and changes what; bad input per field in both languages, nothing saved; every change audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { must } from '../../testing/tasks-world.js';
import { expectError } from '../../testing/expect-error.js';
import { countAudits } from '../../testing/audit.js';

const put = (c: Client, path: string, body: unknown) => c.request('PUT', path, body);

describe('annual research plan items', () => {
  let server: TestServer;
  let w: World;
  let entA: Client;
  let visitA: any;
  let visitB: any;
  const audits = (entityType: string, action: string) => countAudits(server.db, entityType, action);
  const item = () => ({
    year: 2026,
    topic: '复工复产和产业工人队伍建设',
    purpose: '了解企业复工复产和产改推进情况',
    leaderName: '陈杰平',
    leaderPost: '分党组书记、主席',
    department: '基层工作部',
  });

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    await createUser(w.admin, 'pl_ent_a', w.enterpriseA, ['enterprise_staff']);
    entA = await loginFresh(server, 'pl_ent_a');
    const v = {
      title: '复工复产调研',
      visitType: 'thematic',
      themes: ['复工复产'],
      leaderName: '陈杰平',
      startDate: '2026-08-31',
      endDate: '2026-09-02',
    };
    visitA = must(await w.staffA.post('/api/visits', { ...v, hostOrgIds: [w.enterpriseA] }), 201, 'visit A');
    visitB = must(await w.staffB.post('/api/visits', v), 201, 'visit B');
  }, 120_000);
  afterAll(() => server.close());

  let planItem: any;
  it('drafts an item, refuses bad input per field in both languages (nothing saved), edits the draft; audited', async () => {
    expectError(await w.staffA.post('/api/research-plan-items', { ...item(), department: '' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.department', message: /责任部门/ },
    });
    w.staffA.locale = 'en-US';
    expectError(await w.staffA.post('/api/research-plan-items', { ...item(), year: 1990 }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.year', message: /Plan year/ },
    });
    w.staffA.locale = 'zh-CN';
    expect((await w.staffA.get('/api/research-plan-items?year=2026')).body.items).toEqual([]);
    // An enterprise drafts its own plan, not its city's.
    expect([403, 404]).toContain((await entA.post('/api/research-plan-items', { ...item(), orgId: w.cityA })).status);
    planItem = must(await w.staffA.post('/api/research-plan-items', item()), 201, 'plan item');
    expect(planItem).toMatchObject({ status: 'draft', canEdit: true, leaderPost: '分党组书记、主席', visits: [] });
    planItem = must(await w.staffA.patch(`/api/research-plan-items/${planItem.id}`, { purpose: '摸清困难，推动解决' }), 200, 'edit');
    expect(planItem.purpose).toBe('摸清困难，推动解决');
    expect(await audits('plan_item', 'create')).toBe(1);
    expect(await audits('plan_item', 'update')).toBe(1);
  });

  it('links a visit only to an approved item; approval freezes the item; audited', async () => {
    expectError(await put(w.staffA, `/api/visits/${visitA.id}/plan-item`, { planItemId: planItem.id }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.planItemId', code: 'plan_item_not_approved', message: '调研计划项目尚未批准，不能关联' },
    });
    expect((await entA.post(`/api/research-plan-items/${planItem.id}/approve`)).status).toBe(404);
    const approved = must(await w.staffA.post(`/api/research-plan-items/${planItem.id}/approve`), 200, 'approve');
    expect(approved.status).toBe('approved');
    expect(approved.approvedAt).toBeTruthy();
    expect(await audits('plan_item', 'approve')).toBe(1);
    expectError(await w.staffA.patch(`/api/research-plan-items/${planItem.id}`, { topic: '改名' }), { status: 409, code: 'conflict' });
    expectError(await w.staffA.post(`/api/research-plan-items/${planItem.id}/approve`), { status: 409, code: 'conflict' });

    const linked = must(await put(w.staffA, `/api/visits/${visitA.id}/plan-item`, { planItemId: planItem.id }), 200, 'link');
    expect(linked.planItem).toMatchObject({ id: planItem.id, topic: '复工复产和产业工人队伍建设' });
    const withVisits = must(await w.staffA.get(`/api/research-plan-items/${planItem.id}`), 200, 'item');
    expect(withVisits).toMatchObject({ visitCount: 1, visits: [{ id: visitA.id, title: '复工复产调研' }] });
    // The host enterprise sees which plan item brought the team, but not the plan itself.
    expect((await entA.get(`/api/visits/${visitA.id}/plan-item`)).body.planItem).toMatchObject({
      topic: '复工复产和产业工人队伍建设',
      canEdit: false,
    });
    expect((await entA.get(`/api/research-plan-items/${planItem.id}`)).status).toBe(404);
    // City B cannot link its visit to city A's item, nor see it.
    w.staffB.locale = 'en-US';
    expectError(await put(w.staffB, `/api/visits/${visitB.id}/plan-item`, { planItemId: planItem.id }), {
      status: 400,
      code: 'validation_failed',
      field: {
        path: 'body.planItemId',
        code: 'plan_item_unreachable',
        message: "Research plan item must be an item of the organiser's plan or of an organisation above it",
      },
    });
    w.staffB.locale = 'zh-CN';
    expect((await w.staffB.get('/api/research-plan-items?year=2026')).body.items).toEqual([]);
    // Unlink.
    expect(must(await put(w.staffA, `/api/visits/${visitA.id}/plan-item`, { planItemId: null }), 200, 'unlink').planItem).toBeNull();
    expect(await audits('visit', 'update')).toBe(2);
  });

  it("lists the year's plan of the subtree", async () => {
    const list = must(await w.staffA.get('/api/research-plan-items?year=2026'), 200, 'list');
    expect(list.items.map((p: any) => [p.topic, p.status])).toEqual([['复工复产和产业工人队伍建设', 'approved']]);
    expect(must(await w.staffA.get('/api/research-plan-items?year=2027'), 200, '2027').items).toEqual([]);
    expectError(await w.staffA.get('/api/research-plan-items'), { status: 400, code: 'validation_failed' });
  });
});
