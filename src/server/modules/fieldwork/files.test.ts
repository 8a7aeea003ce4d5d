// Files on field-work records and the meeting's materials: a visit problem's attachments, the visit
// report's, a meeting's documents and an agenda item's documents to review — stored, listed on the
// record, downloaded through it (scope-checked), removed, every step audited; a refused type (an
// executable renamed .pdf, a web page) answers a per-field error naming the file in both languages,
// with no row and no file left. The materials booklet (.docx) holds each unit's submitted report and
// its figures. The call for agenda items reminds the silent units once, across a restart too.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createSecretBox } from '../../platform/secrets.js';
import { runDueJobs } from '../../platform/jobs.js';
import { startTestServer, TEST_SECRET_KEY, type Client, type TestServer } from '../../testing/harness.js';
import { uploadFieldworkFile } from '../../testing/fieldwork-world.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { must, PDF } from '../../testing/tasks-world.js';
import { download } from '../../testing/people-world.js';
import { countAudits } from '../../testing/audit.js';
import { FIELDWORK_DAILY_JOB, runFieldworkJob } from './fieldwork.jobs.js';

const put = (c: Client, path: string, body: unknown) => c.request('PUT', path, body);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4000, 1)]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');

const upload = uploadFieldworkFile;

describe('files on field-work records, the materials booklet, the agenda-call reminder', () => {
  let server: TestServer;
  let w: World;
  let dataDir: string;
  let entA: Client;
  let liaisonA: Client;
  let entB: Client;
  let programme: any;
  let visit: any;
  let problemId: string;
  let meeting: any;
  const storeFiles = () => {
    try {
      return readdirSync(join(dataDir, 'files')).filter((f) => !f.startsWith('.'));
    } catch {
      return [];
    }
  };
  const rows = async () =>
    Number(
      (
        await server.db
          .selectFrom('fw_attachments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jx-fwfiles-'));
    server = await startTestServer({ JIANGXIN_DATA_DIR: dataDir, JIANGXIN_UPLOAD_MAX_MB: 1 });
    w = await createWorld(server);
    await createUser(w.admin, 'ff_ent_a', w.enterpriseA, ['enterprise_staff']);
    await createUser(w.admin, 'ff_liaison_a', w.unitA, ['member_unit_liaison']);
    await createUser(w.admin, 'ff_ent_b', w.enterpriseB, ['enterprise_staff']);
    entA = await loginFresh(server, 'ff_ent_a');
    liaisonA = await loginFresh(server, 'ff_liaison_a');
    entB = await loginFresh(server, 'ff_ent_b');
    programme = must(
      await w.staffA.post('/api/programmes', {
        title: '滨州市2026年产改工作要点',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        goals: [{ title: '四链融合' }],
      }),
      201,
      'programme',
    );
    visit = must(
      await w.staffA.post('/api/visits', {
        title: '复工复产和产业工人队伍建设调研',
        visitType: 'thematic',
        themes: ['复工复产'],
        leaderName: '陈杰平',
        startDate: '2026-08-31',
        endDate: '2026-09-02',
        hostOrgIds: [w.enterpriseA],
      }),
      201,
      'visit',
    );
    problemId = must(
      await w.staffA.post(`/api/visits/${visit.id}/problems`, { category: '技能人才', text: '高技能人才短缺', hostOrgId: w.enterpriseA }),
      200,
      'problem',
    ).problems[0].id;
    meeting = must(
      await w.staffA.post('/api/meetings', {
        meetingType: 'symposium',
        title: '“四链”融合深入推进产业工人队伍建设改革座谈会',
        meetingDate: '2099-02-27',
        venue: '滨州市总工会会议室',
        programmeId: programme.id,
        agenda: [
          { title: '成员单位汇报落实情况', presenter: '各成员单位', minutesAllowed: 60 },
          { title: '交流发言', presenter: '企业代表' },
        ],
        invitedOrgIds: [w.unitA, w.enterpriseA, w.enterpriseB],
      }),
      201,
      'meeting',
    );
  }, 120_000);
  afterAll(() => server.close());

  it('attaches files to a problem, the visit report, a meeting and an agenda item; lists and serves them; audited', async () => {
    expect(meeting.agenda.map((a: any) => a.key)).toEqual([
      expect.stringMatching(/^a[0-9a-f]{32}$/),
      expect.stringMatching(/^a[0-9a-f]{32}$/),
    ]);
    const before = storeFiles().length;
    const visitAttach = await countAudits(server.db, 'visit', 'attach');
    const meetingAttach = await countAudits(server.db, 'meeting', 'attach');
    const p = must(await upload(w.staffA, `/api/visit-problems/${problemId}/files`, '现场照片.png', PNG), 201, 'problem file');
    expect(p).toMatchObject({ fileName: '现场照片.png', size: PNG.length, contentType: 'image/png', url: `/api/fieldwork-files/${p.id}` });
    must(await upload(w.staffA, `/api/visits/${visit.id}/report/files`, '调研报告.pdf', PDF), 201, 'report file');
    must(await upload(w.staffA, `/api/meetings/${meeting.id}/files`, '会议通知.pdf', PDF), 201, 'meeting file');
    const key = meeting.agenda[0].key;
    must(await upload(w.staffA, `/api/meetings/${meeting.id}/files`, '落实情况汇总.pdf', PDF, { agendaItem: key }), 201, 'agenda file');
    const unknown = await upload(w.staffA, `/api/meetings/${meeting.id}/files`, 'x.pdf', PDF, { agendaItem: 'nosuchitem' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0]).toMatchObject({ path: 'query.agendaItem', code: 'unknown_agenda_item' });
    expect(storeFiles()).toHaveLength(before + 4);
    expect(await countAudits(server.db, 'visit', 'attach')).toBe(visitAttach + 2);
    expect(await countAudits(server.db, 'meeting', 'attach')).toBe(meetingAttach + 2);

    const v = must(await w.staffA.get(`/api/visits/${visit.id}`), 200, 'visit');
    expect(v.problems[0].files.map((f: any) => f.fileName)).toEqual(['现场照片.png']);
    expect(v.reportFiles.map((f: any) => f.fileName)).toEqual(['调研报告.pdf']);
    const m = must(await w.staffA.get(`/api/meetings/${meeting.id}`), 200, 'meeting');
    expect(m.files.map((f: any) => f.fileName)).toEqual(['会议通知.pdf']);
    expect(m.agenda[0].files.map((f: any) => f.fileName)).toEqual(['落实情况汇总.pdf']);
    expect(m.agenda[1].files).toEqual([]);
    const d = await download(w.staffA, p.url);
    expect(d.status).toBe(200);
    expect(d.data.equals(PNG)).toBe(true);
    expect(d.headers.get('content-type')).toBe('image/png');
    expect(d.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses an executable renamed .pdf and a web page per field, naming the file, in both languages; nothing saved', async () => {
    const files = storeFiles().length;
    const before = await rows();
    const audits = await countAudits(server.db, 'visit', 'attach');
    const exe = await upload(w.staffA, `/api/visit-problems/${problemId}/files`, '整改报告.pdf', EXE);
    expect(exe.status).toBe(400);
    expect(exe.body.code).toBe('file_rejected');
    expect(exe.body.fields).toEqual([
      { path: 'query.fileName', code: 'file_executable', message: '附件“整改报告.pdf”是可执行文件或脚本，不能上传（不论扩展名），未保存' },
    ]);
    w.staffA.locale = 'en-US';
    try {
      const html = await upload(w.staffA, `/api/visits/${visit.id}/report/files`, 'report.html', HTML);
      expect(html.status).toBe(400);
      expect(html.body.fields[0]).toMatchObject({ path: 'query.fileName', code: 'file_type_not_allowed' });
      expect(html.body.fields[0].message).toMatch(/^Attachment "report\.html" is of a type not accepted/);
      const exeEn = await upload(w.staffA, `/api/meetings/${meeting.id}/files`, 'agenda.pdf', EXE, { agendaItem: meeting.agenda[0].key });
      expect(exeEn.body.fields[0].message).toMatch(/^Attachment "agenda\.pdf" is an executable/);
      const disguised = await upload(w.staffA, `/api/meetings/${meeting.id}/files`, 'page.txt', HTML);
      expect(disguised.body.fields[0]).toMatchObject({ path: 'query.fileName', code: 'file_type_not_allowed' });
    } finally {
      w.staffA.locale = 'zh-CN';
    }
    const html = await upload(w.staffA, `/api/visit-problems/${problemId}/files`, '网页.html', HTML);
    expect(html.body.fields[0].message).toBe(
      '附件“网页.html”的类型不被接受：只接受 PDF、PNG、JPEG、Word（.docx）、Excel（.xlsx）、文本和 CSV 文件，未保存',
    );
    const big = await upload(
      w.staffA,
      `/api/visit-problems/${problemId}/files`,
      '大文件.pdf',
      Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]),
    );
    expect(big.status).toBe(413);
    expect(big.body.fields[0]).toMatchObject({ path: 'query.fileName', code: 'file_too_large' });
    const traversal = await upload(w.staffA, `/api/visit-problems/${problemId}/files`, '../../etc/passwd', PDF);
    expect(traversal.body.fields[0]).toMatchObject({ path: 'query.fileName', code: 'unsafe_file_name' });
    expect(storeFiles()).toHaveLength(files);
    expect(await rows()).toBe(before);
    expect(await countAudits(server.db, 'visit', 'attach')).toBe(audits);
  });

  it('lets readers download and editors attach or remove; an invited outsider reads the agenda documents only', async () => {
    const v = must(await w.staffA.get(`/api/visits/${visit.id}`), 200, 'visit');
    const problemFile = v.problems[0].files[0];
    // The host enterprise reads the visit: downloads, does not attach or remove.
    expect((await download(entA, problemFile.url)).status).toBe(200);
    expect((await upload(entA, `/api/visit-problems/${problemId}/files`, 'a.pdf', PDF)).status).toBe(403);
    expect((await entA.delete(problemFile.url)).status).toBe(403);
    // Another city sees nothing of the visit.
    expect((await download(w.staffB, problemFile.url)).status).toBe(404);
    expect((await upload(w.staffB, `/api/visits/${visit.id}/report/files`, 'a.pdf', PDF)).status).toBe(404);

    const m = must(await w.staffA.get(`/api/meetings/${meeting.id}`), 200, 'meeting');
    const agendaFile = m.agenda[0].files[0];
    const meetingFile = m.files[0];
    // Enterprise B, invited from outside the convenor's subtree: the agenda and its documents, nothing else.
    const outside = must(await entB.get(`/api/meetings/${meeting.id}`), 200, 'outsider');
    expect(outside.files).toEqual([]);
    expect(outside.agenda[0].files.map((f: any) => f.id)).toEqual([agendaFile.id]);
    expect((await download(entB, agendaFile.url)).status).toBe(200);
    expect((await download(entB, meetingFile.url)).status).toBe(404);
    expect((await upload(entB, `/api/meetings/${meeting.id}/files`, 'a.pdf', PDF)).status).toBe(403);
    expect((await entB.delete(agendaFile.url)).status).toBe(403);

    // The convenor removes one: the row, the bytes and an audit entry.
    const files = storeFiles().length;
    const detach = await countAudits(server.db, 'meeting', 'detach');
    expect((await w.staffA.delete(meetingFile.url)).status).toBe(204);
    expect((await download(w.staffA, meetingFile.url)).status).toBe(404);
    expect(storeFiles()).toHaveLength(files - 1);
    expect(await countAudits(server.db, 'meeting', 'detach')).toBe(detach + 1);
  });

  it('keeps an agenda item’s documents with its key when the agenda is edited, and drops those of a removed item', async () => {
    const m = must(await w.staffA.get(`/api/meetings/${meeting.id}`), 200, 'meeting');
    const [first, second] = m.agenda;
    must(
      await upload(
        w.staffA,
        `/api/meetings/${meeting.id}/files`,
        '发言稿.docx',
        Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100)]),
        { agendaItem: second.key },
      ),
      201,
      'docx',
    );
    const files = storeFiles().length;
    // The second item moves first; the first item is removed; a new one is added.
    const edited = must(
      await w.staffA.patch(`/api/meetings/${meeting.id}`, {
        agenda: [
          { key: second.key, title: second.title, presenter: second.presenter },
          { key: 'forged-key', title: '新增议题' },
        ],
      }),
      200,
      'edit agenda',
    );
    expect(edited.agenda[0]).toMatchObject({ key: second.key, files: [{ fileName: '发言稿.docx' }] });
    expect(edited.agenda[1].key).not.toBe('forged-key');
    expect(edited.agenda[1].files).toEqual([]);
    expect(storeFiles()).toHaveLength(files - first.files.length);
    expect((await download(w.staffA, first.files[0].url)).status).toBe(404);
    meeting = edited;
  });

  it('binds the submitted pre-meeting reports, with their figures, into a .docx booklet (audited as an export)', async () => {
    // Two units report on their tasks; their reports are pre-filled from the accepted task reports.
    const units = [
      {
        org: w.unitA,
        client: liaisonA,
        title: '新增技能人才',
        metric: '新增技能人才',
        unit: '人',
        target: 100,
        value: 40,
        narrative: '新增技能人才 40 人',
      },
      {
        org: w.enterpriseA,
        client: entA,
        title: '建设职工创新工作室',
        metric: '创新工作室',
        unit: '个',
        target: 8,
        value: 6,
        narrative: '已建成创新工作室 6 个',
      },
    ];
    for (const u of units) {
      const t = must(
        await w.staffA.post('/api/tasks', {
          programmeId: programme.id,
          goalId: programme.goals[0].id,
          kind: 'prescribed',
          title: u.title,
          orgId: u.org,
          startDate: '2026-01-01',
          dueDate: '2099-12-31',
          cycle: 'once',
          targets: [{ metric: u.metric, unit: u.unit, targetValue: u.target }],
        }),
        201,
        'task',
      );
      const r = must(
        await u.client.post(`/api/tasks/${t.id}/reports`, {
          period: 'once',
          narrative: u.narrative,
          values: [{ targetId: t.targets[0].id, value: u.value }],
        }),
        201,
        'report',
      );
      must(await u.client.post(`/api/reports/${r.id}/submit`), 200, 'submit');
      must(await w.staffA.post(`/api/reports/${r.id}/accept`), 200, 'accept');
      const inv = meeting.invitations.find((i: any) => i.org.id === u.org).id;
      const pre = must(await u.client.post(`/api/invitations/${inv}/report/prefill`), 200, 'prefill');
      must(
        await put(u.client, `/api/invitations/${inv}/report`, { text: `${pre.reportText}\n交流发言：${u.title}的做法和体会。` }),
        200,
        'edit',
      );
      must(await u.client.post(`/api/invitations/${inv}/report/submit`), 200, 'submit report');
    }
    const exports = await countAudits(server.db, 'meeting', 'export');
    const d = await download(w.staffA, `/api/meetings/${meeting.id}/booklet.docx`);
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toContain('wordprocessingml');
    expect(d.headers.get('content-disposition')).toContain('.docx');
    const zip = await JSZip.loadAsync(d.data);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('“四链”融合深入推进产业工人队伍建设改革座谈会');
    expect(text).toContain('会议材料汇编');
    expect(text).toContain('滨州市总工会会议室');
    expect(text).toContain('交流发言');
    const m = must(await w.staffA.get(`/api/meetings/${meeting.id}`), 200, 'meeting');
    for (const u of units) {
      const inv = m.invitations.find((i: any) => i.org.id === u.org);
      expect(inv.reportStatus).toBe('submitted');
      expect(text).toContain(`${inv.org.name}：落实情况报告及交流发言`);
      expect(text).toContain(`${u.title}的做法和体会。`);
      expect(text).toContain(u.narrative);
      // The figures as submitted: the metric with its target, actual and share.
      expect(inv.reportData.metrics[0]).toMatchObject({ targetValue: u.target, actualValue: u.value });
      expect(text).toContain(`${u.metric}（${u.unit}）${u.target}${u.value}${Math.round((u.value / u.target) * 100)}%`);
    }
    expect(text).toContain(`未报送单位：${m.invitations.find((i: any) => i.org.id === w.enterpriseB).org.name}`);
    expect(await countAudits(server.db, 'meeting', 'export')).toBe(exports + 1);
    // The invited outsider's booklet holds its own invitation only: no other unit's report.
    const outside = await download(entB, `/api/meetings/${meeting.id}/booklet.docx`);
    expect(outside.status).toBe(200);
    const outsideText = (await (await JSZip.loadAsync(outside.data)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(outsideText).not.toContain(units[0]!.narrative);
    expect(outsideText).not.toContain('未报送单位');
    // English headings for an English reader.
    w.staffA.locale = 'en-US';
    const en = await download(w.staffA, `/api/meetings/${meeting.id}/booklet.docx`);
    w.staffA.locale = 'zh-CN';
    expect((await (await JSZip.loadAsync(en.data)).file('word/document.xml')!.async('string')).includes('Meeting materials')).toBe(true);
    expect((await download(w.staffB, `/api/meetings/${meeting.id}/booklet.docx`)).status).toBe(200); // cityB holds invited enterprise B
  });

  it('reminds the invited units that proposed nothing before the call for agenda items closes, exactly once across a restart', async () => {
    const m = must(
      await w.staffA.post('/api/meetings', {
        meetingType: 'joint',
        title: '滨州市产改工作联席会议',
        meetingDate: '2099-06-30',
        invitedOrgIds: [w.unitA, w.enterpriseA, w.enterpriseB],
      }),
      201,
      'meeting',
    );
    must(await put(w.staffA, `/api/meetings/${m.id}/proposal-deadline`, { deadline: '2099-06-01' }), 200, 'deadline');
    const invA = m.invitations.find((i: any) => i.org.id === w.enterpriseA).id;
    must(await entA.post(`/api/invitations/${invA}/agenda-proposals`, { title: '企业技能人才自主评价推进情况' }), 201, 'proposal');
    const keys = m.invitations.map((i: any) => `agenda_call:${i.id}`);
    const sent = async () =>
      (
        await server.db.selectFrom('notifications').select(['dedupe_key', 'org_id', 'title_zh']).where('dedupe_key', 'in', keys).execute()
      ).map((n) => ({ ...n, org_id: String(n.org_id) }));

    // Too early (four days before): nothing.
    await runFieldworkJob(server.db, new Date('2099-05-28T01:00:00Z'));
    expect(await sent()).toEqual([]);
    // Two days before: the scheduled job reminds unit A and enterprise B (enterprise A has proposed).
    const day = new Date('2099-05-30T01:00:00Z');
    expect((await runDueJobs(server.db, day, { only: [FIELDWORK_DAILY_JOB], runnerId: 'before-restart' })).map((r) => r.status)).toEqual([
      'ok',
    ]);
    const first = await sent();
    expect(new Set(first.map((n) => n.org_id))).toEqual(new Set([w.unitA, w.enterpriseB]));
    expect(first[0]!.title_zh).toContain('议题征集将于 2099-06-01 截止');

    // A restart: a fresh app on the same database; the schedule is not due again; a re-run (as after
    // a crash before the schedule advanced) and the next day's run send nothing more.
    const app = await buildApp({ db: server.db, dbKind: server.kind, config: server.config, secrets: createSecretBox(TEST_SECRET_KEY) });
    try {
      await app.ready();
      expect(
        await runDueJobs(server.db, new Date('2099-05-30T05:00:00Z'), { only: [FIELDWORK_DAILY_JOB], runnerId: 'after-restart' }),
      ).toEqual([]);
      await runFieldworkJob(server.db, day);
      await runDueJobs(server.db, new Date('2099-05-31T02:00:00Z'), { only: [FIELDWORK_DAILY_JOB], runnerId: 'after-restart' });
      await runFieldworkJob(server.db, new Date('2099-06-01T01:00:00Z'));
      // After the deadline: no reminder for a closed call.
      await runFieldworkJob(server.db, new Date('2099-06-02T01:00:00Z'));
    } finally {
      await app.close();
    }
    expect(await sent()).toHaveLength(first.length);
    const bell = must(await entB.get('/api/notifications?pageSize=50'), 200, 'bell');
    expect(bell.items.filter((n: any) => n.title.includes('议题征集将于'))).toHaveLength(1);
  });
});
