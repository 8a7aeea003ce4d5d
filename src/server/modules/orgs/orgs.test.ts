// The organisation tree over HTTP: create, list, search, detail, rename, move, archive, restore,
// delete; the subtree scope (city A never reaches city B) and the audit trail of every write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type Res, type TestServer } from '../../testing/harness.js';
import { expectError, expectInvalidField } from '../../testing/expect-error.js';
import { createOrg, createUser, createWorld, loginFresh, makeUscc, type World } from '../../testing/world.js';

let server: TestServer;
let w: World;
let viewer: Client;
beforeAll(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  viewer = await loginFresh(server, 'viewer_a');
});
afterAll(() => server.close());

let seq = 0;
const uniq = (name: string) => `${name}${++seq}`;
const post = (c: Client, body: Record<string, unknown>) => c.post('/api/orgs', { kind: 'federation', level: 'county', ...body });
const get = (c: Client, id: string) => c.get(`/api/orgs/${id}`);
const ids = (res: Res) => (res.body.items as { id: string }[]).map((o) => o.id);
const pathOf = async (id: string) =>
  (await server.db.selectFrom('organisations').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path;
async function auditOf(entityId: string): Promise<{ action: string; actorUsername: string; before: any; after: any }[]> {
  const res = await w.admin.get(`/api/audit?entityType=organisation&entityId=${entityId}`);
  expect(res.status).toBe(200);
  return res.body.items;
}
/** X > Y > Z under the given parent. */
async function chain(c: Client, parentId: string, tag: string) {
  const x = await createOrg(c, parentId, `${tag}-X`, 'federation', 'county');
  const y = await createOrg(c, x, `${tag}-Y`, 'industry_union', 'county');
  const z = await createOrg(c, y, `${tag}-Z`, 'enterprise', 'grassroots');
  return { x, y, z };
}

describe('POST /api/orgs', () => {
  it('needs a session and the orgs.write permission', async () => {
    expectError(await post(server.anonymous(), { parentId: w.cityA, name: 'x' }), { status: 401, code: 'unauthenticated' });
    expectError(await post(viewer, { parentId: w.cityA, name: uniq('观察') }), { status: 403, code: 'forbidden' });
  });

  it('refuses a parent outside the subtree as not found', async () => {
    expectError(await post(w.staffA, { parentId: w.cityB, name: uniq('越权') }), { status: 404, code: 'not_found' });
    expectError(await post(w.staffA, { parentId: w.province, name: uniq('越权') }), { status: 404, code: 'not_found' });
    expectError(await post(w.staffA, { parentId: '999999999', name: uniq('无') }), { status: 404, code: 'not_found' });
  });

  it("names a missing field by the organisation's own label, as a sentence in either language", async () => {
    const noName = { parentId: w.cityA };
    expectError(await post(w.staffA, noName), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.name', code: 'required', message: '名称必填' },
      message: '提交的内容有误：名称必填',
    });
    w.staffA.locale = 'en-US';
    try {
      expectError(await post(w.staffA, noName), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.name', code: 'required', message: 'Name is required' },
        message: 'Invalid input: Name is required',
      });
      expectError(await post(w.staffA, { parentId: w.cityA, name: uniq('级'), level: 'galaxy' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.level', message: /^Organisation level must be one of / },
      });
    } finally {
      w.staffA.locale = 'zh-CN';
    }
  });

  it('validates the body with field paths and codes', async () => {
    expectInvalidField(
      await post(w.staffA, { parentId: w.cityA, name: uniq('企'), kind: 'enterprise', level: 'grassroots' }),
      'body.uscc',
      'uscc_required',
    );
    expectError(
      await post(w.staffA, { parentId: w.cityA, name: uniq('企'), kind: 'enterprise', level: 'grassroots', uscc: '91370000163044841E' }),
      { status: 400, code: 'validation_failed', field: { path: 'body.uscc', code: 'invalid_uscc' } },
    );
    expectInvalidField(
      await post(w.staffA, { parentId: w.cityA, name: uniq('区'), regionCode: '999999' }),
      'body.regionCode',
      'invalid_region',
    );
    expectInvalidField(await post(w.staffA, { parentId: w.cityA, name: uniq('区'), status: 'archived' }), 'body', 'unrecognized_keys');
    expectInvalidField(await post(w.staffA, { parentId: w.cityA, name: '  ' }), 'body.name', 'too_short');
    expectInvalidField(await post(w.staffA, { parentId: w.cityA, name: uniq('类'), kind: 'club' }), 'body.kind', 'invalid_value');
    expectInvalidField(await post(w.staffA, { parentId: w.enterpriseA, name: uniq('叶') }), 'body.parentId', 'enterprise_leaf');
  });

  it('refuses a duplicate uscc (also typed in lower case) and a duplicate sibling name', async () => {
    const uscc = makeUscc();
    await createOrg(w.staffA, w.cityA, uniq('信用'), 'enterprise', 'grassroots', { uscc });
    expectError(await post(w.staffA, { parentId: w.unitA, name: uniq('信用'), kind: 'enterprise', level: 'grassroots', uscc }), {
      status: 409,
      code: 'uscc_taken',
    });
    expectError(
      await post(w.admin, { parentId: w.cityB, name: uniq('信用'), kind: 'enterprise', level: 'grassroots', uscc: uscc.toLowerCase() }),
      { status: 409, code: 'uscc_taken' },
    );
    expectError(await post(w.staffA, { parentId: w.cityA, name: '滨州市人社局' }), { status: 409, code: 'conflict' });
  });

  it('creates: 201 with the organisation view, normalised uscc, region name and audit entry', async () => {
    const uscc = makeUscc();
    const res = await post(w.staffA, {
      parentId: w.cityA,
      name: ' 滨城区总工会 ',
      regionCode: '371602',
      kind: 'enterprise',
      level: 'grassroots',
      uscc: ` ${uscc.toLowerCase()} `,
      unionName: '工会',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      parentId: w.cityA,
      name: '滨城区总工会',
      kind: 'enterprise',
      level: 'grassroots',
      regionCode: '371602',
      regionName: '山东省滨州市滨城区',
      uscc,
      unionName: '工会',
      industryCode: null,
      status: 'active',
      depth: 3,
      childCount: 0,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await pathOf(res.body.id)).toBe(`${await pathOf(w.cityA)}${res.body.id}.`);
    const [entry] = await auditOf(res.body.id);
    expect(entry).toMatchObject({ action: 'create', actorUsername: 'staff_a', before: null, after: { name: '滨城区总工会', uscc } });
  });
});

describe('GET /api/orgs', () => {
  it('needs a session', async () => {
    expectError(await server.anonymous().get('/api/orgs'), { status: 401, code: 'unauthenticated' });
  });

  it('refuses children or search parameters outside the subtree or not allowed', async () => {
    expectError(await w.staffA.get(`/api/orgs?parentId=${w.cityB}`), { status: 404, code: 'not_found' });
    expectInvalidField(await w.staffA.get('/api/orgs?color=red'), 'query', 'unrecognized_keys');
    expectInvalidField(await w.staffA.get('/api/orgs?pageSize=0'), 'query.pageSize', 'too_small');
  });

  it("lists the caller's own organisation by default", async () => {
    const res = await w.staffA.get('/api/orgs');
    expect(res.body).toMatchObject({ total: 1, items: [{ id: w.cityA, name: '滨州市总工会', depth: 2 }] });
    expect(res.body.items[0].childCount).toBeGreaterThanOrEqual(2);
  });

  it('lists children of a parent, filtered by kind', async () => {
    const res = await w.admin.get(`/api/orgs?parentId=${w.province}`);
    expect(res.status).toBe(200);
    expect(ids(res).sort()).toEqual([w.cityA, w.cityB].sort());
    expect(res.body.total).toBe(2);
    const kids = await w.staffA.get(`/api/orgs?parentId=${w.cityA}&kind=member_unit`);
    expect(ids(kids)).toEqual([w.unitA]);
  });

  it('searches by name in the subtree only, with the in-scope path names', async () => {
    const a = await w.staffA.get(`/api/orgs?q=${encodeURIComponent('有限公司')}`);
    expect(ids(a)).toContain(w.enterpriseA);
    expect(ids(a)).not.toContain(w.enterpriseB);
    expect(a.body.items.find((o: { id: string }) => o.id === w.enterpriseA).pathNames).toEqual(['滨州市总工会']);
    const b = await w.staffA.get(`/api/orgs?q=${encodeURIComponent('济南')}`);
    expect(b.body).toEqual({ total: 0, items: [] });
    const admin = await w.admin.get(`/api/orgs?q=${encodeURIComponent('滨州装备')}`);
    expect(admin.body.items[0].pathNames).toEqual(['中华全国总工会', '山东省总工会', '滨州市总工会']);
    const wild = await w.staffA.get(`/api/orgs?q=${encodeURIComponent('%')}`);
    expect(wild.body.total).toBe(0);
  });
});

describe('GET /api/orgs/:id', () => {
  it('hides organisations outside the subtree as 404, including ancestors', async () => {
    for (const id of [w.cityB, w.enterpriseB, w.province, server.rootOrgId])
      expectError(await get(w.staffA, id), { status: 404, code: 'not_found' });
    expectError(await get(w.staffA, 'abc'), { status: 400, code: 'validation_failed', field: { path: 'params.id' } });
  });

  it('returns the organisation with its ancestors within scope only', async () => {
    const mine = await get(w.staffA, w.enterpriseA);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      id: w.enterpriseA,
      parentId: w.cityA,
      kind: 'enterprise',
      ancestors: [{ id: w.cityA, name: '滨州市总工会' }],
    });
    expect((await get(w.staffA, w.cityA)).body.ancestors).toEqual([]);
    expect((await get(w.admin, w.enterpriseA)).body.ancestors.map((a: { id: string }) => a.id)).toEqual([
      server.rootOrgId,
      w.province,
      w.cityA,
    ]);
  });
});

describe('PATCH /api/orgs/:id', () => {
  it('refuses viewers, other subtrees and unknown fields', async () => {
    expectError(await viewer.patch(`/api/orgs/${w.unitA}`, { name: '改' }), { status: 403, code: 'forbidden' });
    expectError(await w.staffA.patch(`/api/orgs/${w.cityB}`, { name: '改' }), { status: 404, code: 'not_found' });
    expectError(await w.staffA.patch(`/api/orgs/${w.enterpriseB}`, { name: '改' }), { status: 404, code: 'not_found' });
    expectInvalidField(await w.staffA.patch(`/api/orgs/${w.unitA}`, { kind: 'enterprise' }), 'body', 'unrecognized_keys');
    expectInvalidField(await w.staffA.patch(`/api/orgs/${w.enterpriseA}`, { uscc: null }), 'body.uscc', 'uscc_required');
  });

  it('renames and records before/after', async () => {
    const id = await createOrg(w.staffA, w.cityA, uniq('旧名'), 'federation', 'county');
    const res = await w.staffA.patch(`/api/orgs/${id}`, { name: '新名称', regionCode: '371621' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: '新名称', regionCode: '371621', regionName: '山东省滨州市惠民县' });
    expect((await get(w.staffA, id)).body.name).toBe('新名称');
    const [entry] = await auditOf(id);
    expect(entry).toMatchObject({
      action: 'update',
      before: { name: expect.stringMatching(/^旧名/), region_code: null },
      after: { name: '新名称', region_code: '371621' },
    });
  });
});

describe('optimistic locking of organisations', () => {
  it('a rename based on an older version answers 409 conflict naming what changed, with the current version and values', async () => {
    const id = await createOrg(w.staffA, w.cityA, uniq('锁'), 'federation', 'county');
    const read = (await get(w.staffA, id)).body;
    expect(read.version).toBe(1);
    // Someone else renames it first.
    const first = await w.admin.patch(`/api/orgs/${id}`, { version: read.version, name: uniq('先改名'), regionCode: '371621' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.version).toBe(2);
    // The stale rename is refused; nothing is overwritten.
    const stale = await w.staffA.patch(`/api/orgs/${id}`, { version: read.version, name: uniq('后改名') });
    expectError(stale, {
      status: 409,
      code: 'conflict',
      fields: [
        { path: 'body.name', code: 'changed_meanwhile' },
        { path: 'body.regionCode', code: 'changed_meanwhile' },
      ],
    });
    expect(stale.body.fields[0].message).toContain('已被他人修改');
    expect(stale.body.current).toMatchObject({ id, version: 2, name: first.body.name, regionCode: '371621' });
    expect((await get(w.staffA, id)).body.name).toBe(first.body.name);
    // With the current version the rename goes through.
    const again = await w.staffA.patch(`/api/orgs/${id}`, { version: 2, name: uniq('后改名') });
    expect(again.body.version).toBe(3);
  });

  it('move, archive and restore check the version too and raise it', async () => {
    const id = await createOrg(w.staffA, w.cityA, uniq('待移动'), 'federation', 'county');
    const target = await createOrg(w.staffA, w.cityA, uniq('新上级'), 'federation', 'county');
    const moved = await w.staffA.post(`/api/orgs/${id}/move`, { parentId: target, version: 1 });
    expect(moved.body).toMatchObject({ parentId: target, version: 2 });
    const stale = await w.staffA.post(`/api/orgs/${id}/archive?version=1`);
    expectError(stale, { status: 409, code: 'conflict', fields: [{ path: 'body.parentId', code: 'changed_meanwhile' }] });
    const archived = await w.staffA.post(`/api/orgs/${id}/archive?version=2`);
    expect(archived.body).toMatchObject({ status: 'archived', version: 3 });
    expectError(await w.staffA.post(`/api/orgs/${id}/restore?version=2`), {
      status: 409,
      code: 'conflict',
      fields: [{ path: 'body.status', code: 'changed_meanwhile' }],
    });
    expect((await w.staffA.post(`/api/orgs/${id}/restore?version=3`)).body).toMatchObject({ status: 'active', version: 4 });
  });
});

describe('POST /api/orgs/:id/move', () => {
  it('refuses other subtrees, own organisation, viewers and a move into the own subtree', async () => {
    const { x, z } = await chain(w.staffA, w.cityA, uniq('越'));
    expectError(await w.staffA.post(`/api/orgs/${w.enterpriseB}/move`, { parentId: w.cityA }), { status: 404, code: 'not_found' });
    expectError(await w.staffA.post(`/api/orgs/${w.cityB}/move`, { parentId: w.cityA }), { status: 404, code: 'not_found' });
    expectError(await w.staffA.post(`/api/orgs/${x}/move`, { parentId: w.cityB }), { status: 404, code: 'not_found' });
    expectError(await w.staffA.post(`/api/orgs/${w.cityA}/move`, { parentId: w.unitA }), { status: 403, code: 'forbidden' });
    expectError(await viewer.post(`/api/orgs/${x}/move`, { parentId: w.unitA }), { status: 403, code: 'forbidden' });
    const y = (await get(w.staffA, z)).body.parentId;
    expectError(await w.staffA.post(`/api/orgs/${x}/move`, { parentId: y }), { status: 409, code: 'move_into_own_subtree' });
    expectError(await w.staffA.post(`/api/orgs/${x}/move`, { parentId: x }), { status: 409, code: 'move_into_own_subtree' });
    expectInvalidField(await w.staffA.post(`/api/orgs/${x}/move`, { parentId: w.enterpriseA }), 'body.parentId', 'enterprise_leaf');
    expect((await get(w.staffA, x)).body.parentId).toBe(w.cityA);
  });

  it('moves a whole subtree under a sibling: paths, depths, ancestors and search follow', async () => {
    const tag = uniq('搬迁');
    const { x, y, z } = await chain(w.staffA, w.cityA, tag);
    const sibling = await createOrg(w.staffA, w.cityA, `${tag}-新上级`, 'federation', 'county');
    const res = await w.staffA.post(`/api/orgs/${x}/move`, { parentId: sibling });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: x, parentId: sibling, depth: 4 });

    const base = await pathOf(sibling);
    expect([await pathOf(x), await pathOf(y), await pathOf(z)]).toEqual([`${base}${x}.`, `${base}${x}.${y}.`, `${base}${x}.${y}.${z}.`]);
    const detail = await Promise.all([x, y, z].map((id) => get(w.staffA, id)));
    expect(detail.map((d) => d.body.depth)).toEqual([4, 5, 6]);
    expect(detail[2]!.body.ancestors.map((a: { id: string }) => a.id)).toEqual([w.cityA, sibling, x, y]);
    const found = await w.staffA.get(`/api/orgs?q=${encodeURIComponent(`${tag}-Z`)}`);
    expect(found.body.items).toEqual([
      expect.objectContaining({ id: z, depth: 6, pathNames: ['滨州市总工会', `${tag}-新上级`, `${tag}-X`, `${tag}-Y`] }),
    ]);
    expect(ids(await w.staffA.get(`/api/orgs?parentId=${sibling}`))).toEqual([x]);

    const [entry] = await auditOf(x);
    expect(entry).toMatchObject({
      action: 'move',
      before: { parentId: w.cityA },
      after: { parentId: sibling, path: `${base}${x}.`, nodesMoved: 3 },
    });
  });
});

describe('POST /api/orgs/:id/archive and /restore', () => {
  it('refuses other subtrees, viewers and the own organisation', async () => {
    expectError(await w.staffA.post(`/api/orgs/${w.enterpriseB}/archive`), { status: 404, code: 'not_found' });
    expectError(await w.staffA.post(`/api/orgs/${w.cityB}/restore`), { status: 404, code: 'not_found' });
    expectError(await viewer.post(`/api/orgs/${w.unitA}/archive`), { status: 403, code: 'forbidden' });
    expectError(await w.staffA.post(`/api/orgs/${w.cityA}/archive`), { status: 403, code: 'forbidden' });
  });

  it('archives leaves first, hides archived children unless asked, and restores top-down', async () => {
    const { x, y, z } = await chain(w.staffA, w.cityA, uniq('归档'));
    expectError(await w.staffA.post(`/api/orgs/${y}/archive`), { status: 409, code: 'org_has_children' });
    const archived = await w.staffA.post(`/api/orgs/${z}/archive`);
    expect(archived.body).toMatchObject({ id: z, status: 'archived' });
    expect(ids(await w.staffA.get(`/api/orgs?parentId=${y}`))).toEqual([]);
    expect(ids(await w.staffA.get(`/api/orgs?parentId=${y}&includeArchived=true`))).toEqual([z]);
    expect((await get(w.staffA, y)).body.childCount).toBe(0);
    expectError(await w.staffA.patch(`/api/orgs/${z}`, { name: '改名' }), { status: 409, code: 'org_archived' });
    expectInvalidField(await post(w.staffA, { parentId: z, name: '下级' }), 'body.parentId', 'invalid_parent');

    expect((await w.staffA.post(`/api/orgs/${y}/archive`)).status).toBe(200);
    expectError(await w.staffA.post(`/api/orgs/${z}/restore`), { status: 409, code: 'org_archived' });
    expect((await w.staffA.post(`/api/orgs/${y}/restore`)).body.status).toBe('active');
    expect((await w.staffA.post(`/api/orgs/${z}/restore`)).body.status).toBe('active');
    expect(ids(await w.staffA.get(`/api/orgs?parentId=${y}`))).toEqual([z]);
    expect((await get(w.staffA, x)).body.childCount).toBe(1);

    const actions = (await auditOf(z)).map((e) => [e.action, e.before?.status, e.after?.status]);
    expect(actions.slice(0, 2)).toEqual([
      ['restore', 'archived', 'active'],
      ['archive', 'active', 'archived'],
    ]);
  });
});

describe('DELETE /api/orgs/:id', () => {
  it('refuses other subtrees, viewers and the own organisation', async () => {
    expectError(await w.staffA.delete(`/api/orgs/${w.enterpriseB}`), { status: 404, code: 'not_found' });
    expectError(await w.staffA.delete(`/api/orgs/${w.cityB}`), { status: 404, code: 'not_found' });
    expectError(await viewer.delete(`/api/orgs/${w.unitA}`), { status: 403, code: 'forbidden' });
    expectError(await w.staffA.delete(`/api/orgs/${w.cityA}`), { status: 403, code: 'forbidden' });
  });

  it('refuses an organisation holding users or children (even archived ones), deletes an empty one', async () => {
    const withUser = await createOrg(w.staffA, w.cityA, uniq('有人'), 'federation', 'county');
    await createUser(w.staffA, `member_${seq}`, withUser, ['viewer']);
    expectError(await w.staffA.delete(`/api/orgs/${withUser}`), { status: 409, code: 'org_has_data' });
    const { x, y, z } = await chain(w.staffA, w.cityA, uniq('删除'));
    await w.staffA.post(`/api/orgs/${z}/archive`);
    expectError(await w.staffA.delete(`/api/orgs/${y}`), { status: 409, code: 'org_has_data' });
    expect((await w.staffA.delete(`/api/orgs/${z}`)).status).toBe(204);
    expect((await w.staffA.delete(`/api/orgs/${y}`)).status).toBe(204);
    expectError(await get(w.staffA, y), { status: 404, code: 'not_found' });
    expect((await get(w.staffA, x)).body.childCount).toBe(0);
    // Newest first: the refused read of the deleted organisation, then its deletion.
    const [refused, deleted] = await auditOf(y);
    expect(refused).toMatchObject({ action: 'permission_denied', actorUsername: 'staff_a', after: { route: 'GET /api/orgs/:id' } });
    expect(deleted).toMatchObject({
      action: 'delete',
      actorUsername: 'staff_a',
      before: { id: y, name: expect.stringContaining('-Y') },
      after: null,
    });
  });
});

describe('the sibling subtree is untouched', () => {
  it('city B still looks the same to its own staff', async () => {
    expect((await get(w.staffB, w.cityB)).body).toMatchObject({ name: '济南市总工会', status: 'active', parentId: w.province });
    expect((await get(w.staffB, w.enterpriseB)).body).toMatchObject({ parentId: w.cityB, status: 'active' });
    expect(ids(await w.staffB.get(`/api/orgs?parentId=${w.cityB}`))).toEqual([w.enterpriseB]);
  });
});
