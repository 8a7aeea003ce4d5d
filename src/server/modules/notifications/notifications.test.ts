// Notifications through the real server: notify() fan-out and idempotency, own-only visibility,
// the unread count, marking one and all read (audited), titles in the caller's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.js';
import { expectError } from '../../testing/expect-error.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { notify } from './notify.js';

describe('notifications', () => {
  let server: TestServer;
  let w: World;
  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
  });
  afterAll(() => server.close());

  const send = (orgId: string, key: string, en = `Task ${key}`, db: Parameters<typeof notify>[0] = server.db) =>
    notify(db, {
      orgId,
      kind: 'task_assigned',
      entityType: 'task',
      entityId: key,
      title: { zh: `任务 ${key}`, en },
      dedupeKey: `task_assigned:${key}`,
    });

  it('fans out to every active user of the organisation, once per dedupe key', async () => {
    const disabledId = await createUser(w.admin, 'disabled_a', w.cityA, ['viewer']);
    expect((await w.admin.patch(`/api/users/${disabledId}`, { status: 'disabled' })).status).toBe(200);
    await send(w.cityA, '1');
    await send(w.cityA, '1'); // the same again: no second copy
    await server.db.transaction().execute(async (trx) => {
      await send(w.cityA, '1', undefined, trx);
      await send(w.cityA, '2', undefined, trx);
    });
    const rows = await server.db
      .selectFrom('notifications')
      .select(['user_id', 'dedupe_key'])
      .orderBy('user_id')
      .orderBy('dedupe_key')
      .execute();
    expect(rows).toEqual([
      { user_id: w.staffAId, dedupe_key: 'task_assigned:1' },
      { user_id: w.staffAId, dedupe_key: 'task_assigned:2' },
      { user_id: w.viewerAId, dedupe_key: 'task_assigned:1' },
      { user_id: w.viewerAId, dedupe_key: 'task_assigned:2' },
    ]);
  });

  it("rolls back with the caller's transaction", async () => {
    await expect(
      server.db.transaction().execute(async (trx) => {
        await notify(trx, {
          orgId: w.cityB,
          kind: 'deadline',
          entityType: 'task',
          entityId: '9',
          title: { zh: '到期', en: 'Due' },
          dedupeKey: 'rollback',
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await server.db.selectFrom('notifications').select('id').where('dedupe_key', '=', 'rollback').execute()).toEqual([]);
  });

  it("lists only the caller's own, newest first, with the unread count and the title in their language", async () => {
    await send(w.cityB, 'b1', 'Task for B');
    const a = await w.staffA.get('/api/notifications');
    expect(a.status).toBe(200);
    expect(a.body.total).toBe(2);
    expect(a.body.unread).toBe(2);
    expect(a.body.items.map((n: { title: string }) => n.title)).toEqual(['任务 2', '任务 1']);
    expect(a.body.items[0]).toMatchObject({ kind: 'task_assigned', entityType: 'task', entityId: '2', orgId: w.cityA, readAt: null });
    w.staffA.locale = 'en-US';
    expect((await w.staffA.get('/api/notifications')).body.items[0].title).toBe('Task 2');
    w.staffA.locale = 'zh-CN';
    const b = await w.staffB.get('/api/notifications');
    expect(b.body.items.map((n: { title: string }) => n.title)).toEqual(['任务 b1']);
    expect((await w.staffA.get('/api/notifications/unread-count')).body).toEqual({ count: 2 });
    expect((await w.staffB.get('/api/notifications/unread-count')).body).toEqual({ count: 1 });
  });

  it('pages and filters unread', async () => {
    const p2 = await w.staffA.get('/api/notifications?page=2&pageSize=1');
    expect(p2.body.items.map((n: { entityId: string }) => n.entityId)).toEqual(['1']);
    expect(p2.body.total).toBe(2);
    const bad = await w.staffA.get('/api/notifications?unread=maybe');
    expectError(bad, { status: 400, code: 'validation_failed', field: { path: 'query.unread', message: /^仅未读/ } });
  });

  it("marks one read, only the caller's own (another's answers 404 and stays unread), audited once", async () => {
    const list = await w.staffA.get('/api/notifications');
    const mine = list.body.items[1].id;
    const r = await w.staffA.post(`/api/notifications/${mine}/read`);
    expect(r.status).toBe(200);
    expect(r.body.readAt).not.toBeNull();
    expect((await w.staffA.post(`/api/notifications/${mine}/read`)).status).toBe(200); // again: no-op
    expect((await w.staffA.get('/api/notifications/unread-count')).body.count).toBe(1);
    expect((await w.staffA.get('/api/notifications?unread=true')).body.items.map((n: { entityId: string }) => n.entityId)).toEqual(['2']);

    const bId = (await w.staffB.get('/api/notifications')).body.items[0].id;
    const refused = await w.staffA.post(`/api/notifications/${bId}/read`);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('not_found');
    expect((await w.staffB.get('/api/notifications/unread-count')).body.count).toBe(1);
    expect((await w.staffA.post('/api/notifications/999999/read')).status).toBe(404);

    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'actor_user_id'])
      .where('entity_type', '=', 'notification')
      .execute();
    expect(audit).toEqual([{ action: 'notification_read', entity_id: mine, actor_user_id: w.staffAId }]);
  });

  it("marks all read with one audit row, leaving other users' untouched", async () => {
    const r = await w.staffA.post('/api/notifications/read-all');
    expect(r.body).toEqual({ updated: 1 });
    expect((await w.staffA.post('/api/notifications/read-all')).body).toEqual({ updated: 0 });
    expect((await w.staffA.get('/api/notifications/unread-count')).body.count).toBe(0);
    expect((await w.staffA.get('/api/notifications?unread=true')).body.items).toEqual([]);
    expect((await w.staffB.get('/api/notifications/unread-count')).body.count).toBe(1);
    const viewer = await loginFresh(server, 'viewer_a');
    expect((await viewer.get('/api/notifications/unread-count')).body.count).toBe(2);
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', '=', 'notifications_read_all')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toEqual({ updated: 1 });
  });

  it('needs a session', async () => {
    expect((await server.anonymous().get('/api/notifications/unread-count')).status).toBe(401);
  });
});
