// Evidence files: accepted types stored under random keys and downloaded with an RFC 5987 name;
// rejected uploads (empty, over the limit, an executable named .pdf, path traversal, disguised
// types) answer a clear error and leave nothing in the store directory and no row; and a liaison
// of city A reaches no task, report or attachment of city B, guessed URLs included.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createUser, createWorld, loginFresh, type World } from '../../testing/world.js';
import { download } from '../../testing/people-world.js';
import { createTasksWorld, must, PDF, uploadAttachment, type TasksWorld } from '../../testing/tasks-world.js';
import { sniff } from '../../platform/files.js';

describe('report attachments', () => {
  let server: TestServer;
  let w: World;
  let tw: TasksWorld;
  let dataDir: string;
  let entA: Client;
  let liaisonA: Client;
  let reportA: string;
  const storeFiles = () => {
    try {
      return readdirSync(join(dataDir, 'files'));
    } catch {
      return [];
    }
  };
  const rowCount = async () =>
    Number(
      (
        await server.db
          .selectFrom('task_attachments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jx-files-'));
    server = await startTestServer({ JIANGXIN_DATA_DIR: dataDir, JIANGXIN_UPLOAD_MAX_MB: 1 });
    w = await createWorld(server);
    tw = await createTasksWorld(server, w);
    await createUser(w.admin, 'ent_a', w.enterpriseA, ['enterprise_staff']);
    await createUser(w.admin, 'liaison_a', w.unitA, ['member_unit_liaison']);
    entA = await loginFresh(server, 'ent_a');
    liaisonA = await loginFresh(server, 'liaison_a');
    const p = must(
      await w.staffA.post('/api/programmes', {
        title: '滨州市2026年工作要点',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        goals: [{ title: '目标一' }],
      }),
      201,
      'programme',
    );
    const t = must(
      await w.staffA.post('/api/tasks', {
        programmeId: p.id,
        goalId: p.goals[0].id,
        kind: 'prescribed',
        title: '建设创新工作室',
        orgId: w.enterpriseA,
        startDate: '2026-01-01',
        dueDate: '2026-12-31',
        cycle: 'once',
      }),
      201,
      'task',
    );
    reportA = must(await entA.post(`/api/tasks/${t.id}/reports`, { period: 'once', narrative: '已建成' }), 201, 'report').id;
  });
  afterAll(() => server.close());

  it('stores an accepted file under a random key and serves it back with its name', async () => {
    const before = storeFiles().length;
    const name = '工作室 照片(1).png';
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    const a = must(await uploadAttachment(entA, reportA, name, png, 'application/pdf'), 201, 'upload');
    // The declared type is not trusted: the bytes say PNG.
    expect(a).toMatchObject({ fileName: name, size: png.length, contentType: 'image/png', url: `/api/attachments/${a.id}` });
    const files = storeFiles();
    expect(files).toHaveLength(before + 1);
    expect(files.every((f) => /^[0-9a-f-]{36}$/.test(f))).toBe(true);
    const d = await download(entA, a.url);
    expect(d.status).toBe(200);
    expect(d.data.equals(png)).toBe(true);
    expect(d.headers.get('content-type')).toBe('image/png');
    expect(d.headers.get('x-content-type-options')).toBe('nosniff');
    expect(d.headers.get('content-disposition')).toBe(
      `attachment; filename="___ __(1).png"; filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    const csv = must(await uploadAttachment(entA, reportA, '名单.csv', Buffer.from('姓名,人数\r\n张三,1\r\n'), 'text/csv'), 201, 'csv');
    expect(csv.contentType).toBe('text/csv');
    const docx = must(
      await uploadAttachment(entA, reportA, '总结.docx', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100)])),
      201,
      'docx',
    );
    expect(docx.contentType).toContain('wordprocessingml');
    must(await entA.delete(`/api/attachments/${docx.id}`), 204, 'remove');
    expect((await entA.get(`/api/attachments/${docx.id}`)).status).toBe(404);
    expect(storeFiles()).toHaveLength(before + 2);
  });

  it('refuses bad uploads with a clear error, storing nothing', async () => {
    const files = storeFiles().length;
    const rows = await rowCount();
    const cases: [string, Buffer | string, number, string][] = [
      ['空文件.pdf', Buffer.alloc(0), 400, 'file_rejected'],
      ['大文件.pdf', Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]), 413, 'payload_too_large'],
      ['发票.pdf', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4000, 1)]), 400, 'file_rejected'],
      ['run.txt', '#!/bin/sh\nrm -rf /\n', 400, 'file_rejected'],
      ['elf.png', Buffer.concat([Buffer.from('\x7fELF', 'latin1'), Buffer.alloc(100)]), 400, 'file_rejected'],
      ['../../etc/passwd', 'root:x:0:0\n', 400, 'validation_failed'],
      ['..\\..\\boot.ini', 'x', 400, 'validation_failed'],
      ['a\u0000b.pdf', PDF, 400, 'validation_failed'],
      ['图片.pdf', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]), 400, 'file_rejected'],
      ['page.txt', '<html><script>alert(1)</script></html>', 400, 'file_rejected'],
      ['程序.exe', PDF, 400, 'file_rejected'],
      ['无扩展名', PDF, 400, 'file_rejected'],
    ];
    for (const [name, data, status, code] of cases) {
      const r = await uploadAttachment(entA, reportA, name, data);
      expect([name, r.status, r.body.code]).toEqual([name, status, code]);
      expect(r.body.message.length, name).toBeGreaterThan(4);
    }
    const empty = await uploadAttachment(entA, reportA, '空文件.pdf', Buffer.alloc(0));
    expect(empty.body.message).toContain('0 字节');
    const exe = await uploadAttachment(entA, reportA, '发票.pdf', Buffer.from('MZ\x90\x00', 'latin1'));
    expect(exe.body.message).toContain('可执行文件');
    const traversal = await uploadAttachment(entA, reportA, '../../etc/passwd', 'x');
    expect(traversal.body.fields[0]).toMatchObject({ path: 'query.fileName', code: 'unsafe_file_name' });
    expect(storeFiles()).toHaveLength(files);
    expect(await rowCount()).toBe(rows);
  });

  it('only the lead unit attaches, and only while the report is a draft or returned', async () => {
    expect((await w.staffA.post(`/api/reports/${reportA}/attachments?fileName=x.pdf`)).status).toBe(403);
    const r = await uploadAttachment(w.staffA, reportA, 'x.pdf', PDF);
    expect(r.status).toBe(403);
    const kept = must(await uploadAttachment(entA, reportA, '验收单.pdf', PDF), 201, 'upload');
    must(await entA.post(`/api/reports/${reportA}/submit`), 200, 'submit');
    expect((await uploadAttachment(entA, reportA, 'late.pdf', PDF)).body.code).toBe('report_state');
    expect((await entA.delete(`/api/attachments/${kept.id}`)).body.code).toBe('report_state');
    // The reviewer downloads the evidence; the version names it.
    expect((await download(w.staffA, kept.url)).status).toBe(200);
    const d = must(await w.staffA.get(`/api/reports/${reportA}`), 200, 'report');
    expect(d.versions[0].attachmentIds).toContain(kept.id);
  });

  it('keeps a liaison of city A away from city B tasks, reports and attachments, guessed URLs included', async () => {
    for (const c of [liaisonA, entA, w.staffA]) {
      expect((await c.get(`/api/tasks/${tw.taskB}`)).status).toBe(404);
      expect((await c.get(`/api/tasks/${tw.taskB}/reports`)).status).toBe(404);
      expect((await c.get(`/api/reports/${tw.reportB}`)).status).toBe(404);
      const att = await download(c, `/api/attachments/${tw.attachmentB}`);
      expect(att.status).toBe(404);
      expect(att.data.includes(Buffer.from('%PDF'))).toBe(false);
      expect((await c.get(`/api/programmes/${tw.programmeB}`)).status).toBe(404);
      const list = await c.get('/api/tasks?pageSize=200');
      expect(list.body.items.some((t: any) => t.id === tw.taskB)).toBe(false);
    }
    // Every attachment id there is: the liaison gets none (it leads nothing with evidence).
    const ids = (await server.db.selectFrom('task_attachments').select('id').execute()).map((r) => r.id);
    for (const id of ids) expect((await liaisonA.get(`/api/attachments/${id}`)).status).toBe(404);
    expect((await liaisonA.get('/api/attachments/99999999')).status).toBe(404);
    // City B's own lead unit does get its file.
    expect((await download(tw.entB, `/api/attachments/${tw.attachmentB}`)).status).toBe(200);
  });

  it('sniffs types from bytes, not names', () => {
    expect(sniff(Buffer.from('%PDF-1.7'), 'a.pdf')).toEqual({ type: 'application/pdf' });
    expect(sniff(Buffer.from('%PDF-1.7'), 'a.png')).toEqual({ reject: 'type_mismatch' });
    expect(sniff(Buffer.from('MZ'), 'a.txt')).toEqual({ reject: 'executable' });
    expect(sniff(Buffer.from('PK\x03\x04', 'latin1'), 'a.zip')).toEqual({ reject: 'type_mismatch' });
    expect(sniff(Buffer.from('PK\x03\x04', 'latin1'), 'a.xlsx')).toEqual({
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(sniff(Buffer.from('hello\x00world'), 'a.txt')).toEqual({ reject: 'type_not_allowed' });
    expect(sniff(Buffer.from('进展情况说明', 'utf8'), 'a.TXT')).toEqual({ type: 'text/plain' });
  });
});
