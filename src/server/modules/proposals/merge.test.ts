// Merging duplicate innovation items (issue #16 item 3) through HTTP: each refusal names its field in
// both languages and saves nothing; a merge moves the duplicate's selection entries (one entry per
// selection, with the awards), patents and history to the kept item, sets the proposers given, marks
// the duplicate merged and read-only, and takes it out of every level's totals (equal to a recount);
// the merge is one audit entry with its reason; workers never merge.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { expectError } from '../../testing/expect-error.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { createPeopleWorld, nthIdNumber, type PeopleWorld } from '../../testing/people-world.js';
import { expectTotalsConsistent, innovationTotalsAt } from '../../testing/totals.js';

describe('employee innovation: merging duplicates', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let prov: Client;
  let co: string;
  let third: string;
  let kept: string;
  let dup: string;
  const sel = {} as Record<'cityTopTen' | 'cityFiveSmalls' | 'province' | 'national', string>;
  const entry = {} as Record<'keptTopTen' | 'dupTopTen' | 'dupFiveSmalls' | 'dupProvince' | 'dupNational', string>;

  const create = async (title: string, proposers: { personId: string; shareBp: number }[]) => {
    const c = await p.entA.post('/api/proposals', {
      orgId: w.enterpriseA,
      title,
      category: 'small_innovation',
      area: 'process',
      estimatedBenefitYuan: '5000',
      proposers,
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    return c.body.id as string;
  };
  const steps = async (id: string, list: Record<string, unknown>[]) => {
    for (const body of list) {
      const r = await p.entA.post(`/api/proposals/${id}/steps`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  };
  const ADOPT = [{ step: 'submit' }, { step: 'send_to_experts' }, { step: 'adopt' }];
  const recommend = async (client: Client, id: string, selectionId: string) => {
    const r = await client.post(`/api/proposals/${id}/recommend`, { selectionId });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const totalsAt = (orgId: string) => innovationTotalsAt(server.db, orgId);
  const levels = () => [w.enterpriseA, w.cityA, w.province, server.rootOrgId];
  const snapshot = async () =>
    sql<{ n: string }>`SELECT
      (SELECT count(*) FROM innovation_entries) + (SELECT count(*) FROM innovation_awards) * 100
      + (SELECT count(*) FROM innovation_patents) * 10000 + (SELECT count(*) FROM innovation_items WHERE status = 'merged') * 1000000
      AS n`
      .execute(server.db)
      .then((r) => Number(r.rows[0]!.n));

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
    await createUser(w.admin, 'prov_merge', w.province, ['federation_staff']);
    prov = await loginFresh(server, 'prov_merge');
    const person = async (name: string, n: number) => {
      const c = await w.admin.post('/api/people', { orgId: w.enterpriseA, name, idNumber: nthIdNumber(n) });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      return c.body.person.id as string;
    };
    co = await person('钱丁', 720_001);
    third = await person('孙戊', 720_002);
    const open = async (client: Client, orgId: string, name: string, kind: string) => {
      const r = await client.post('/api/proposals/selections', { orgId, name, kind, year: 2026, deadline: '2099-12-31' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    sel.cityTopTen = await open(w.staffA, w.cityA, '滨州市十大职工创新成果', 'top_ten');
    sel.cityFiveSmalls = await open(w.staffA, w.cityA, '滨州市职工五小竞赛', 'five_smalls');
    sel.province = await open(prov, w.province, '山东省职工优秀技术创新成果', 'top_ten');
    sel.national = await open(w.admin, server.rootOrgId, '全国职工优秀技术创新成果', 'top_ten');

    // The kept item: adopted, implemented, entered into the city's top ten (not yet reviewed).
    kept = await create('数控刀具寿命提升', [
      { personId: p.personA, shareBp: 6000 },
      { personId: co, shareBp: 4000 },
    ]);
    await steps(kept, [...ADOPT, { step: 'implement', startDate: '2026-01-01' }]);
    entry.keptTopTen = await recommend(p.entA, kept, sel.cityTopTen);
    // The duplicate: the same idea submitted again, recommended upward through three levels and two
    // campaigns, selected and awarded in the city's top ten, with a patent.
    dup = await create('刀具寿命延长方法', [
      { personId: co, shareBp: 5000 },
      { personId: third, shareBp: 5000 },
    ]);
    await steps(dup, ADOPT);
    entry.dupTopTen = await recommend(p.entA, dup, sel.cityTopTen);
    entry.dupFiveSmalls = await recommend(p.entA, dup, sel.cityFiveSmalls);
    entry.dupProvince = await recommend(w.staffA, dup, sel.province);
    entry.dupNational = await recommend(prov, dup, sel.national);
    expect((await w.staffA.post(`/api/proposals/entries/${entry.dupTopTen}/review`, { decision: 'selected', rank: 1 })).status).toBe(200);
    expect((await w.staffA.post(`/api/proposals/entries/${entry.dupTopTen}/awards`, { name: '十大创新成果', amount: '0.1' })).status).toBe(
      200,
    );
    expect((await prov.post(`/api/proposals/entries/${entry.dupProvince}/review`, { decision: 'selected' })).status).toBe(200);
    expect((await prov.post(`/api/proposals/entries/${entry.dupProvince}/awards`, { name: '省优秀成果', amount: '0.2' })).status).toBe(200);
    const patent = await p.entA.post(`/api/proposals/${dup}/patents`, {
      type: 'utility_model',
      applicationNo: '202320654321.0',
      applicationDate: '2023-03-01',
      jobInvention: true,
      inventors: [third],
    });
    expect(patent.status, JSON.stringify(patent.body)).toBe(201);
  }, 300_000);
  afterAll(() => server.close());

  const union = () => [
    { personId: p.personA, shareBp: 4000 },
    { personId: co, shareBp: 3000 },
    { personId: third, shareBp: 3000 },
  ];
  const merge = (client: Client, id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
    client.request('POST', `/api/proposals/${id}/merge`, body, headers);

  it('counts both items before the merge', async () => {
    for (const org of levels())
      expect(await totalsAt(org), org).toMatchObject({ submitted: 2, adopted: 2, recommended: 2, selected: 1, patents_utility: 1 });
    await expectTotalsConsistent(server.db);
  });

  it('refuses each bad merge, naming the field in both languages, and saves nothing', async () => {
    const before = await snapshot();
    const good = { duplicateId: dup, proposers: union(), reason: '与CX成果内容重复' };
    expectError(await merge(p.entA, kept, { ...good, duplicateId: kept }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.duplicateId', code: 'same_item', message: '重复的成果不能是本成果自身' },
    });
    // A merge without a reason is refused.
    expectError(await merge(p.entA, kept, { ...good, reason: null }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.reason', code: 'required' },
    });
    const { reason: _, ...noReason } = good;
    const en = await merge(p.entA, kept, noReason, { 'accept-language': 'en-US' });
    expectError(en, { status: 400, code: 'validation_failed', field: { path: 'body.reason', code: 'required', message: /reason/i } });
    expectError(await merge(p.entA, kept, { ...good, proposers: [{ personId: p.personA, shareBp: 9000 }] }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.proposers', code: 'shares_not_100', message: '各提出人的贡献份额合计必须正好为100%' },
    });
    expectError(
      await merge(p.entA, kept, {
        ...good,
        proposers: [
          { personId: p.personA, shareBp: 5000 },
          { personId: p.personB, shareBp: 5000 },
        ],
      }),
      { status: 400, code: 'validation_failed', field: { path: 'body.proposers.1.personId', code: 'not_in_registry' } },
    );
    // A verified benefit cannot be merged away (the kept item must be the one with the money).
    const verified = await create('已核定效益的成果', [{ personId: p.personA, shareBp: 10000 }]);
    await steps(verified, [...ADOPT, { step: 'implement', startDate: '2026-01-01' }]);
    const sheet = {
      formula: 'labour_hour',
      periodStart: '2026-01-01',
      oldValue: '0.3',
      newValue: '0.1',
      rate: '35.15',
      output: '3000',
      inputs: '0',
    };
    expect((await p.entA.post(`/api/proposals/${verified}/benefit`, { ...sheet, award: '100' })).status).toBe(200);
    const enPaid = await merge(p.entA, kept, { ...good, duplicateId: verified }, { 'accept-language': 'en-US' });
    expectError(enPaid, {
      status: 409,
      code: 'conflict',
      field: { path: 'body.duplicateId', code: 'merge_after_benefit', message: /^The duplicate item has a verified benefit/ },
    });
    // …and once its award is split by shares, the kept item's proposers stay as they are.
    expectError(await merge(p.entA, verified, { ...good, duplicateId: dup }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.proposers', code: 'split_fixed' },
    });
    // A duplicate entered into selections needs a kept item that could be entered too.
    const draft = await create('草稿成果', [{ personId: p.personA, shareBp: 10000 }]);
    expectError(await merge(p.entA, draft, { ...good }), {
      status: 409,
      code: 'conflict',
      field: { path: 'body.duplicateId', code: 'kept_not_adopted', message: /^重复的成果已推荐参评/ },
    });
    // Out of reach: city B reaches neither item; a worker never merges; a read-only viewer cannot write.
    expect((await merge(w.staffB, kept, good)).status).toBe(404);
    expect((await merge(p.entB, kept, good)).status).toBe(404);
    const made = await p.entA.post('/api/proposals/worker-accounts', {
      personId: p.personA,
      username: 'worker_merge',
      password: 'User-Passw0rd!',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const worker = await loginFresh(server, 'worker_merge');
    expect((await merge(worker, kept, good)).status).toBe(403);
    expect(await snapshot()).toBe(before);
    expect((await p.entA.get(`/api/proposals/${kept}`)).body.proposers).toHaveLength(2);
  });

  it('merges the duplicate: entries, awards, patents and history move to the kept item', async () => {
    const r = await merge(p.entA, kept, { duplicateId: dup, proposers: union(), reason: '与数控刀具寿命提升为同一成果' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // The kept item's status wins; its proposers are the list given.
    expect(r.body).toMatchObject({ status: 'implemented', mergedInto: null });
    expect(r.body.proposers.map((x: { name: string; shareBp: number }) => [x.name, x.shareBp])).toEqual([
      [expect.any(String), 4000],
      ['钱丁', 3000],
      ['孙戊', 3000],
    ]);
    const d = await p.entA.get(`/api/proposals/${dup}`);
    expect(d.body).toMatchObject({
      status: 'merged',
      mergedInto: { id: kept, number: `CX${kept.padStart(6, '0')}`, title: '数控刀具寿命提升' },
      mergeReason: '与数控刀具寿命提升为同一成果',
    });
    // Both had entered the city's top ten: one entry stays (the duplicate's, selected and awarded).
    const entries = await w.staffA.get(`/api/proposals/${kept}/entries`);
    const ids = (entries.body.items as { id: string }[]).map((e) => e.id).sort();
    expect(ids).toEqual([entry.dupTopTen, entry.dupFiveSmalls, entry.dupProvince].sort());
    const byProv = await prov.get(`/api/proposals/${kept}/entries`);
    expect((byProv.body.items as { id: string }[]).map((e) => e.id)).toContain(entry.dupNational);
    const top = await w.staffA.get(`/api/proposals/selections/${sel.cityTopTen}/entries`);
    expect(top.body.items).toEqual([expect.objectContaining({ id: entry.dupTopTen, itemId: kept, decision: 'selected' })]);
    expect((await w.staffA.get(`/api/proposals/${dup}/entries`)).body.items).toEqual([]);
    // The patent now belongs to the kept item.
    const patents = await p.entA.get(`/api/proposals/${kept}/patents`);
    expect(patents.body.items).toEqual([expect.objectContaining({ applicationNo: '202320654321.0' })]);
    // The kept item's timeline shows the duplicate's events, marked with its number and title, and the merge with its reason.
    const h = await p.entA.get(`/api/proposals/${kept}/history`);
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    const events = h.body.items as { action: string; summary: string; fromItem: { id: string; number: string; title: string } | null }[];
    const fromDup = events.filter((e) => e.fromItem?.id === dup);
    expect(fromDup.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'submit', 'adopt', 'recommend']));
    expect(fromDup[0]!.fromItem).toEqual({ id: dup, number: `CX${dup.padStart(6, '0')}`, title: '刀具寿命延长方法' });
    expect(events.filter((e) => !e.fromItem).map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'implement', 'merge']));
    const m = events.find((e) => e.action === 'merge')!;
    expect(m.summary).toContain('原因：与数控刀具寿命提升为同一成果');
    expect(m.summary).toContain('合并的重复项：CX');
    expect(m.summary).toContain('合并为一条的参评记录：滨州市十大职工创新成果');
    expect(m.summary).not.toMatch(/[{}[\]]/);
    // One audit entry for the merge.
    const a = await w.admin.get(`/api/audit?entityType=innovation_item&entityId=${kept}&action=merge`);
    expect(a.body.items).toHaveLength(1);
  });

  it('takes the duplicate out of every level’s totals, equal to a recount', async () => {
    for (const org of levels()) {
      expect(await totalsAt(org), org).toMatchObject({
        recommended: 1,
        selected: 1,
        selection_awards_fen: 30,
        patents_utility: 1,
      });
    }
    // The kept item, the verified one and the draft remain (the draft is not submitted).
    expect(await totalsAt(w.enterpriseA)).toMatchObject({ submitted: 2, adopted: 2, estimated_fen: 1_000_000 });
    await expectTotalsConsistent(server.db);
  });

  it('keeps the duplicate read-only and out of the lists by default', async () => {
    expectError(await p.entA.post(`/api/proposals/${dup}/steps`, { step: 'submit' }), {
      status: 409,
      code: 'conflict',
      field: { path: 'body.step', code: 'wrong_state' },
    });
    expectError(await merge(p.entA, kept, { duplicateId: dup, proposers: union(), reason: '再次合并' }), {
      status: 409,
      code: 'conflict',
      field: { path: 'body.duplicateId', code: 'already_merged' },
    });
    expectError(await merge(p.entA, dup, { duplicateId: kept, proposers: union(), reason: '反向合并' }), {
      status: 409,
      code: 'conflict',
      field: { path: 'params.id', code: 'merged_read_only' },
    });
    const patent = await p.entA.post(`/api/proposals/${dup}/patents`, {
      type: 'design',
      applicationNo: '202330111111.1',
      applicationDate: '2023-03-01',
      jobInvention: true,
      inventors: [third],
    });
    expectError(patent, { status: 409, code: 'conflict', field: { path: 'params.id', code: 'merged_read_only' } });
    const list = await p.entA.get('/api/proposals?pageSize=100');
    expect((list.body.items as { id: string }[]).map((i) => i.id)).not.toContain(dup);
    const merged = await p.entA.get('/api/proposals?status=merged');
    expect((merged.body.items as { id: string }[]).map((i) => i.id)).toEqual([dup]);
    // The duplicate picker finds items by number or by title.
    const byNumber = await p.entA.get(`/api/proposals?q=CX${kept.padStart(6, '0')}`);
    expect((byNumber.body.items as { id: string }[]).map((i) => i.id)).toEqual([kept]);
    const byTitle = await p.entA.get(`/api/proposals?q=${encodeURIComponent('草稿')}`);
    expect((byTitle.body.items as { title: string }[]).map((i) => i.title)).toEqual(['草稿成果']);
    await expectTotalsConsistent(server.db);
  });
});
