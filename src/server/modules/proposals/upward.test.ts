// Employee innovation, issue #16 items 5–7 through HTTP: upward selections (one result recommended
// through three levels and two campaigns counts once in each level's totals, checked against a
// recount), their review and awards (exact fen), who sees what; patents with per-field refusals in
// both languages and the inventors' talent records; the dashboard figures, the median days to
// decision and the .xlsx export. Every write is in the audit log.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { expectError } from '../../testing/expect-error.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { createPeopleWorld, download, nthIdNumber, readXlsx, type PeopleWorld } from '../../testing/people-world.js';
import { expectTotalsConsistent, innovationTotalsAt } from '../../testing/totals.js';
import { medianOf, percent } from './dashboard.service.js';

describe('employee innovation: upward selections, patents, figures', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let prov: Client;
  let coProposer: string;
  let itemId: string;
  const sel = {} as Record<'cityTopTen' | 'cityFiveSmalls' | 'province' | 'national' | 'cityB', string>;
  const entry = {} as Record<'cityTopTen' | 'cityFiveSmalls' | 'province' | 'national', string>;

  const proposal = (title = '装配工序优化') => ({
    orgId: w.enterpriseA,
    title,
    category: 'small_innovation',
    area: 'process',
    estimatedBenefitYuan: '20000.10',
    proposers: [
      { personId: p.personA, shareBp: 6000 },
      { personId: coProposer, shareBp: 4000 },
    ],
  });
  /** A result of enterprise A taken to adopted (and further steps when asked). */
  async function adoptedItem(title: string, steps: Record<string, unknown>[] = []) {
    const c = await p.entA.post('/api/proposals', proposal(title));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    for (const body of [{ step: 'submit' }, { step: 'send_to_experts' }, { step: 'adopt' }, ...steps]) {
      const r = await p.entA.post(`/api/proposals/${c.body.id}/steps`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    return c.body.id as string;
  }
  const totalsAt = (orgId: string) => innovationTotalsAt(server.db, orgId);

  beforeAll(async () => {
    server = await startTestServer();
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
    await createUser(w.admin, 'prov_staff', w.province, ['federation_staff']);
    prov = await loginFresh(server, 'prov_staff');
    const c = await w.admin.post('/api/people', { orgId: w.enterpriseA, name: '赵丙', idNumber: nthIdNumber(710_001) });
    expect(c.status).toBe(201);
    coProposer = c.body.person.id;
  }, 300_000);
  afterAll(() => server.close());

  describe('upward selections', () => {
    it('opens selections at three levels (two campaigns at the city)', async () => {
      const open = async (client: Client, orgId: string, name: string, kind: string) => {
        const r = await client.post('/api/proposals/selections', { orgId, name, kind, year: 2026, deadline: '2099-12-31' });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return r.body.id as string;
      };
      sel.cityTopTen = await open(w.staffA, w.cityA, '滨州市十大职工创新成果', 'top_ten');
      sel.cityFiveSmalls = await open(w.staffA, w.cityA, '滨州市职工五小竞赛', 'five_smalls');
      sel.province = await open(prov, w.province, '山东省职工优秀技术创新成果', 'top_ten');
      sel.national = await open(w.admin, server.rootOrgId, '全国职工优秀技术创新成果', 'top_ten');
      sel.cityB = await open(w.staffB, w.cityB, '济南市十大职工创新成果', 'top_ten');
      expectError(await w.staffA.post('/api/proposals/selections', { orgId: w.cityA, name: '缺截止日期', kind: 'top_ten', year: 2026 }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.deadline', code: 'required', message: '推荐截止日期必填' },
      });
      // Enterprise A sees the selections above it (to recommend into), not city B's.
      const list = await p.entA.get('/api/proposals/selections');
      const seen = new Map((list.body.items as { id: string; canRecommend: boolean; canReview: boolean }[]).map((s) => [s.id, s]));
      expect([...seen.keys()].sort()).toEqual([sel.cityTopTen, sel.cityFiveSmalls, sel.province, sel.national].sort());
      expect(seen.get(sel.cityTopTen)).toMatchObject({ canRecommend: true, canReview: false, open: true });
      const mine = await w.staffA.get('/api/proposals/selections');
      expect((mine.body.items as { id: string; canReview: boolean }[]).find((s) => s.id === sel.cityTopTen)?.canReview).toBe(true);
    });

    it('refuses what cannot be recommended, saving nothing', async () => {
      const draft = await p.entA.post('/api/proposals', proposal('未提交的成果'));
      expectError(await p.entA.post(`/api/proposals/${draft.body.id}/recommend`, { selectionId: sel.cityTopTen }), {
        status: 409,
        code: 'conflict',
        field: { path: 'body.selectionId', code: 'not_adopted_yet' },
      });
      itemId = await adoptedItem('装配工序优化', [{ step: 'implement', startDate: '2026-01-01' }]);
      const en = await p.entA.request(
        'POST',
        `/api/proposals/${itemId}/recommend`,
        { selectionId: sel.cityB },
        { 'accept-language': 'en-US' },
      );
      expectError(en, {
        status: 400,
        code: 'validation_failed',
        field: {
          path: 'body.selectionId',
          code: 'not_above',
          message: 'Results can only be recommended to a selection of an organisation above yours',
        },
      });
      // City A cannot recommend into its own selection (it reviews it).
      expectError(await w.staffA.post(`/api/proposals/${itemId}/recommend`, { selectionId: sel.cityTopTen }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.selectionId', code: 'not_above' },
      });
      // City B does not reach enterprise A's result.
      expect((await w.staffB.post(`/api/proposals/${itemId}/recommend`, { selectionId: sel.province })).status).toBe(404);
      expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM innovation_entries`.execute(server.db)).rows[0]!.n)).toBe(0);
    });

    it('recommends one result through three levels and two campaigns', async () => {
      const rec = async (client: Client, selectionId: string) => {
        const r = await client.post(`/api/proposals/${itemId}/recommend`, { selectionId, note: '效益显著' });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return r.body.id as string;
      };
      entry.cityTopTen = await rec(p.entA, sel.cityTopTen);
      entry.cityFiveSmalls = await rec(p.entA, sel.cityFiveSmalls);
      expectError(await p.entA.post(`/api/proposals/${itemId}/recommend`, { selectionId: sel.cityTopTen }), {
        status: 409,
        code: 'conflict',
        field: { path: 'body.selectionId', code: 'already_entered' },
      });
      entry.province = await rec(w.staffA, sel.province);
      entry.national = await rec(prov, sel.national);
    });

    it('lets the selecting organisation review and award; others see only their own side', async () => {
      // Enterprise A recommended, but does not review city A's selection.
      expect((await p.entA.get(`/api/proposals/selections/${sel.cityTopTen}/entries`)).status).toBe(404);
      expect((await p.entA.post(`/api/proposals/entries/${entry.cityTopTen}/review`, { decision: 'selected' })).status).toBe(404);
      expect((await w.staffB.get(`/api/proposals/selections/${sel.cityTopTen}/entries`)).status).toBe(404);
      expect((await w.staffB.get(`/api/proposals/selections/${sel.cityTopTen}`)).status).toBe(404);
      const entries = await w.staffA.get(`/api/proposals/selections/${sel.cityTopTen}/entries`);
      expect(entries.body.items).toEqual([
        expect.objectContaining({
          itemId,
          itemTitle: '装配工序优化',
          recommendedByName: expect.stringContaining('滨州装备'),
          decision: null,
        }),
      ]);
      // The recommending enterprise sees its own entries on the item, not those the city made above it.
      const ownSide = await p.entA.get(`/api/proposals/${itemId}/entries`);
      expect((ownSide.body.items as { id: string }[]).map((e) => e.id).sort()).toEqual([entry.cityTopTen, entry.cityFiveSmalls].sort());
      const citySide = await w.staffA.get(`/api/proposals/${itemId}/entries`);
      expect(citySide.body.items).toHaveLength(3);

      expectError(await w.staffA.post(`/api/proposals/entries/${entry.cityFiveSmalls}/review`, { decision: 'not_selected' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.reason', code: 'required' },
      });
      expectError(await w.staffA.post(`/api/proposals/entries/${entry.cityTopTen}/awards`, { name: '一等奖', amount: '5000' }), {
        status: 409,
        code: 'conflict',
        field: { path: 'body.name', code: 'not_selected_yet' },
      });
      expectError(await w.staffA.post(`/api/proposals/entries/${entry.cityTopTen}/review`, { score: '101', decision: 'selected' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.score', code: 'score' },
      });
      const review = async (client: Client, id: string, body: Record<string, unknown>) => {
        const r = await client.post(`/api/proposals/entries/${id}/review`, body);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        return r.body;
      };
      expect(await review(w.staffA, entry.cityTopTen, { score: '92.50', rank: 1, decision: 'selected' })).toMatchObject({
        score: '92.50',
        rank: 1,
        decision: 'selected',
      });
      await review(w.staffA, entry.cityFiveSmalls, { score: '88', rank: 2, decision: 'selected' });
      await review(prov, entry.province, { score: '90', rank: 3, decision: 'selected' });
      await review(w.admin, entry.national, { decision: 'not_selected', reason: '同类成果较多' });

      expectError(await w.staffA.post(`/api/proposals/entries/${entry.cityTopTen}/awards`, { name: '一等奖', amount: '0.105' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.amount', code: 'fen' },
      });
      // 0.1 + 0.2 in fen: exact (floats give 0.30000000000000004).
      const a1 = await w.staffA.post(`/api/proposals/entries/${entry.cityTopTen}/awards`, {
        name: '十大创新成果',
        tier: '一等',
        amount: '0.1',
      });
      expect(a1.status, JSON.stringify(a1.body)).toBe(200);
      expect(a1.body.awards).toEqual([expect.objectContaining({ name: '十大创新成果', tier: '一等', amountYuan: '0.10' })]);
      expect(
        (await w.staffA.post(`/api/proposals/entries/${entry.cityFiveSmalls}/awards`, { name: '五小成果奖', amount: '0.2' })).status,
      ).toBe(200);
      expect((await prov.post(`/api/proposals/entries/${entry.province}/awards`, { name: '省优秀成果', amount: '10000.01' })).status).toBe(
        200,
      );
      // An awarded entry stays selected.
      expectError(await w.staffA.post(`/api/proposals/entries/${entry.cityTopTen}/review`, { decision: 'not_selected', reason: '撤销' }), {
        status: 409,
        code: 'conflict',
        field: { path: 'body.decision', code: 'has_awards' },
      });
    });

    it('counts the result once in each level’s totals, equal to a recount', async () => {
      // Four entries, but one result: once at the enterprise, the city, the province and the root.
      for (const org of [w.enterpriseA, w.cityA, w.province, server.rootOrgId]) {
        const t = await totalsAt(org);
        expect(t, org).toMatchObject({ recommended: 1, selected: 1, selection_awards_fen: 1_000_031 });
      }
      expect(await totalsAt(w.cityB)).toMatchObject({ recommended: 0, selected: 0 });
      await expectTotalsConsistent(server.db);
      // The same through the dashboard.
      const d = await w.staffA.get('/api/proposals/dashboard');
      expect(d.status, JSON.stringify(d.body)).toBe(200);
      expect(d.body.totals).toMatchObject({ recommended: 1, selected: 1, selectionAwardsFen: '1000031' });
      const top = await w.admin.get(`/api/proposals/dashboard?orgId=${w.province}`);
      expect(top.body.totals).toMatchObject({ recommended: 1, selected: 1 });
      expect(top.body.children).toEqual([expect.objectContaining({ orgId: w.cityA, recommended: 1, selected: 1 })]);
    });

    it('has the selections, recommendations, reviews and awards in the audit log', async () => {
      const a = await w.admin.get(`/api/audit?entityType=innovation_entry&entityId=${entry.cityTopTen}&pageSize=100`);
      const actions = (a.body.items as { action: string }[]).map((e) => e.action);
      for (const s of ['recommend', 'review', 'award']) expect(actions).toContain(s);
      const s = await w.admin.get(`/api/audit?entityType=innovation_selection&entityId=${sel.cityTopTen}&pageSize=100`);
      expect((s.body.items as { action: string }[]).map((e) => e.action)).toContain('create');
    });
  });

  describe('patents', () => {
    const patent = () => ({
      type: 'utility_model',
      applicationNo: '202320123456.7',
      applicationDate: '2023-03-01',
      grantNo: 'CN219123456U',
      grantDate: '2023-09-15',
      jobInvention: true,
      inventors: [coProposer, p.personA],
    });
    const count = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM innovation_patents`.execute(server.db)).rows[0]!.n);

    it('refuses bad input field by field in both languages, saving nothing', async () => {
      const url = `/api/proposals/${itemId}/patents`;
      const zh = await p.entA.post(url, { ...patent(), grantDate: '2023-02-28' });
      expectError(zh, {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.grantDate', code: 'before_application', message: '授权公告日不能早于申请日' },
      });
      const en = await p.entA.request('POST', url, { ...patent(), grantDate: '2023-02-28' }, { 'accept-language': 'en-US' });
      expect(en.body.fields[0].message).toBe('The grant date cannot be before the application date');
      expectError(await p.entA.post(url, { ...patent(), inventors: [coProposer, p.personB] }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.inventors.1', code: 'not_in_registry' },
      });
      expectError(await p.entA.post(url, { ...patent(), type: 'invention' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.applicationNo', code: 'type_mismatch' },
      });
      expectError(await p.entA.post(url, { ...patent(), applicationNo: '2023-123' }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.applicationNo', code: 'application_no' },
      });
      expectError(await p.entA.post(url, { ...patent(), grantDate: null }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.grantDate', code: 'required' },
      });
      expect((await p.entB.post(url, patent())).status).toBe(404);
      expect(await count()).toBe(0);
    });

    it('records a patent with its inventors in order, shown on each inventor’s talent record', async () => {
      const r = await p.entA.post(`/api/proposals/${itemId}/patents`, patent());
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ type: 'utility_model', applicationNo: '202320123456.7', grantDate: '2023-09-15', jobInvention: true });
      expect(r.body.inventors.map((x: { name: string }) => x.name)).toEqual(['赵丙', '李甲']);
      expectError(await p.entA.post(`/api/proposals/${itemId}/patents`, patent()), {
        status: 409,
        code: 'conflict',
        field: { path: 'body.applicationNo', code: 'duplicate_application' },
      });
      const talent = await p.entA.get(`/api/people/${coProposer}/talent`);
      expect(talent.status, JSON.stringify(talent.body)).toBe(200);
      const entryOf = (body: { entries: { kind: string; title: string; detail: string }[] }) =>
        body.entries.find((e) => e.kind === 'patent');
      expect(entryOf(talent.body)).toMatchObject({ title: '实用新型专利：装配工序优化（第1发明人）', date: '2023-03-01' });
      expect(entryOf(talent.body)!.detail).toContain('CN219123456U');
      expect(entryOf((await p.entA.get(`/api/people/${p.personA}/talent`)).body)?.title).toContain('第2发明人');
      const list = await p.entA.get(`/api/proposals/${itemId}/patents`);
      expect(list.body.items).toHaveLength(1);
      for (const org of [w.enterpriseA, w.cityA, w.province]) expect((await totalsAt(org)).patents_utility).toBe(1);
      const a = await w.admin.get(`/api/audit?entityType=innovation_patent&entityId=${r.body.id}`);
      expect((a.body.items as { action: string }[]).map((e) => e.action)).toContain('create');
      await expectTotalsConsistent(server.db);
    });
  });

  describe('dashboard figures', () => {
    it('computes rates, per 100 workers, participation and the median days to decision from the maintained totals', async () => {
      // Two more results: one rejected, one still submitted; decision days set to 3 / 10 / (submitted: none).
      const rejected = await p.entA.post('/api/proposals', {
        ...proposal('不予采纳的建议'),
        proposers: [{ personId: coProposer, shareBp: 10000 }],
      });
      await p.entA.post(`/api/proposals/${rejected.body.id}/steps`, { step: 'submit' });
      await p.entA.post(`/api/proposals/${rejected.body.id}/steps`, { step: 'reject', reason: '已有同类措施' });
      const waiting = await p.entA.post('/api/proposals', { ...proposal('待审的建议'), estimatedBenefitYuan: null });
      await p.entA.post(`/api/proposals/${waiting.body.id}/steps`, { step: 'submit' });
      await sql`UPDATE innovation_items SET submitted_on = '2026-01-01', decided_on = '2026-01-04' WHERE id = ${itemId}`.execute(server.db);
      await sql`UPDATE innovation_items SET submitted_on = '2026-01-01', decided_on = '2026-01-11' WHERE id = ${rejected.body.id}`.execute(
        server.db,
      );
      const d = await w.staffA.get(`/api/proposals/dashboard?orgId=${w.enterpriseA}`);
      expect(d.status, JSON.stringify(d.body)).toBe(200);
      // Submitted: the implemented result, the rejected and the waiting one (the draft does not count).
      expect(d.body.totals).toMatchObject({
        submitted: 3,
        adopted: 1,
        implemented: 1,
        decided: 2,
        adoptionRate: 33.3,
        implementationRate: 33.3,
      });
      expect(d.body.totals.estimatedFen).toBe(String(2 * 2_000_010));
      expect(d.body.medianDecisionDays).toBe(6.5);
      // Workers on the registry of enterprise A: 李甲, 赵丙 (and 王乙's pending transfer does not count).
      expect(d.body.participants).toBe(2);
      expect(d.body.participationRate).toBe(percent(2, d.body.workers));
      expect(d.body.byCategory).toEqual([expect.objectContaining({ category: 'small_innovation', submitted: 3 })]);
      await expectTotalsConsistent(server.db);
    });

    it('exports the figures as .xlsx with numbers as numbers', async () => {
      const r = await download(w.staffA, '/api/proposals/dashboard.xlsx');
      expect(r.status).toBe(200);
      const rows = await readXlsx(r.data);
      expect(rows[0]![0]).toContain('滨州市总工会');
      const all = rows.find((x) => x[1] === '合计');
      expect(all).toBeDefined();
      expect(all!.slice(2, 4)).toEqual(['3', '1']);
    });

    it('refuses another subtree and a worker', async () => {
      expect((await w.staffB.get(`/api/proposals/dashboard?orgId=${w.cityA}`)).status).toBe(404);
      const made = await p.entA.post('/api/proposals/worker-accounts', {
        personId: p.personA,
        username: 'worker_up',
        password: 'User-Passw0rd!',
      });
      expect(made.status).toBe(201);
      const worker = await loginFresh(server, 'worker_up');
      expect((await worker.get('/api/proposals/dashboard')).status).toBe(403);
      expect((await worker.get('/api/proposals/selections')).status).toBe(403);
      expect((await worker.post(`/api/proposals/${itemId}/recommend`, { selectionId: sel.cityTopTen })).status).toBe(403);
      // Their own item's patents they do read.
      expect((await worker.get(`/api/proposals/${itemId}/patents`)).status).toBe(200);
    });

    it('links a result to a studio of its organisation, refuses another unit’s studio, and counts it by studio', async () => {
      const studio = await p.entA.post('/api/studios', {
        orgId: w.enterpriseA,
        name: '张甲技能大师工作室',
        category: '劳模创新工作室',
        leaderId: p.personA,
        foundedOn: '2019-05-01',
        members: [],
      });
      expect(studio.status, JSON.stringify(studio.body)).toBe(201);
      const other = await w.admin.post('/api/studios', {
        orgId: w.enterpriseB,
        name: '王乙工作室',
        category: '劳模创新工作室',
        leaderId: p.personB,
        foundedOn: '2019-05-01',
        members: [],
      });
      expect(other.status, JSON.stringify(other.body)).toBe(201);
      // Another organisation's studio: refused on its field, in both languages, nothing saved.
      const before = await server.db
        .selectFrom('innovation_items')
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expectError(await p.entA.post('/api/proposals', { ...proposal('外单位工作室'), studioId: other.body.id }), {
        status: 400,
        code: 'validation_failed',
        field: { path: 'body.studioId', code: 'studio_not_of_org', message: '所属创新工作室须为本单位或下级单位的创新工作室' },
      });
      const en = await p.entA.request(
        'POST',
        '/api/proposals',
        { ...proposal('other studio'), studioId: other.body.id },
        { 'accept-language': 'en-US' },
      );
      expect(en.body.fields[0].message).toBe('The Innovation studio must be a studio of the organisation or below it');
      const after = await server.db
        .selectFrom('innovation_items')
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);

      const made = await p.entA.post('/api/proposals', { ...proposal('工作室攻关成果'), studioId: studio.body.id, team: '装配一班' });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect(made.body).toMatchObject({ studioId: studio.body.id, studioName: '张甲技能大师工作室', team: '装配一班' });
      for (const body of [{ step: 'submit' }, { step: 'adopt' }])
        expect((await p.entA.post(`/api/proposals/${made.body.id}/steps`, body)).status).toBe(200);
      const d = await w.staffA.get('/api/proposals/dashboard');
      expect(d.status).toBe(200);
      expect(d.body.byStudio).toEqual([
        { studioId: studio.body.id, studioName: '张甲技能大师工作室', submitted: 1, adopted: 1, implemented: 0, verifiedFen: '0' },
      ]);
    });

    it('has a median of whole days', () => {
      expect(medianOf([])).toBeNull();
      expect(medianOf([{ days: 3, n: 1 }])).toBe(3);
      expect(
        medianOf([
          { days: 1, n: 2 },
          { days: 5, n: 1 },
          { days: 9, n: 1 },
        ]),
      ).toBe(3);
      expect(percent(1, 3)).toBe(33.3);
      expect(percent(2, 3)).toBe(66.7);
      expect(percent(0, 0)).toBeNull();
    });
  });
});
