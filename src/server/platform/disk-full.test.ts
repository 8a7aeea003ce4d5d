// A full disk on the upload paths: the request answers 507 storage_full, the partial file is
// removed, the process stays up, and health says degraded. Two ways: an injected ENOSPC (always),
// and a real 8 MB tmpfs as the data directory (when this process may mount one, i.e. as root).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.js';
import { buildCsv, createPeopleWorld, nthIdNumber, upload, type PeopleWorld } from '../testing/people-world.js';
import { createTasksWorld, must, uploadAttachment, type TasksWorld } from '../testing/tasks-world.js';
import { createWorld, type World } from '../testing/world.js';
import { fileStoreFor, type LocalFileStore } from './files.js';

/** A file that takes `room` bytes and then fails as a full disk does. */
function fullAfter(path: string, room: number): Writable {
  const file = createWriteStream(path, { mode: 0o600 });
  let written = 0;
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (written + chunk.length > room) {
        file.write(chunk.subarray(0, room - written), () =>
          cb(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' })),
        );
        written = room;
        return;
      }
      written += chunk.length;
      file.write(chunk, cb);
    },
    destroy(err, cb) {
      file.destroy();
      cb(err);
    },
  });
}

const text = (bytes: number) => Buffer.alloc(bytes, 'a');

describe('full disk: injected ENOSPC', () => {
  let server: TestServer;
  let t: TasksWorld;
  let reportId: string;
  const dir = mkdtempSync(join(tmpdir(), 'jx-enospc-'));
  beforeAll(async () => {
    server = await startTestServer({ JIANGXIN_DATA_DIR: dir });
    const w = await createWorld(server);
    t = await createTasksWorld(server, w);
    reportId = must(await t.entB.post(`/api/tasks/${t.taskB}/reports`, { period: '2026-Q2' }), 201, 'draft').id;
  }, 180_000);
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an evidence upload that meets ENOSPC answers 507, leaves no partial file, and the process goes on', async () => {
    const store = fileStoreFor(server.config) as LocalFileStore;
    const before = readdirSync(store.dir);
    store.openWrite = (path) => fullAfter(path, 64 * 1024);
    try {
      const res = await uploadAttachment(t.entB, reportId, '证明.txt', text(512 * 1024), 'text/plain');
      expect(res.status).toBe(507);
      expect(res.body).toMatchObject({ status: 507, code: 'storage_full' });
      expect(res.body.message).toContain('存储空间已满');
    } finally {
      store.openWrite = (path) => createWriteStream(path, { mode: 0o600 });
    }
    expect(readdirSync(store.dir)).toEqual(before);
    expect((await uploadAttachment(t.entB, reportId, '证明.txt', text(1024), 'text/plain')).status).toBe(201);
  });
});

/** Mounts a tmpfs of `mb` megabytes, or says why it cannot. */
function mountTmpfs(mb: number): { dir: string; unmount(): void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'jx-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir], { stdio: 'ignore' });
    return {
      dir,
      unmount: () => {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const tmpfs = process.platform === 'linux' && process.getuid?.() === 0 ? mountTmpfs(8) : undefined;

describe.skipIf(!tmpfs)('full disk: an 8 MB tmpfs as the data directory', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let t: TasksWorld;
  let reportId: string;
  const filler = () => join(tmpfs!.dir, 'filler');
  /** Every file (directories aside) under the data directory but the filler. */
  const listAll = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'filler')
      .map((e) => join(e.parentPath, e.name))
      .sort();

  beforeAll(async () => {
    server = await startTestServer({ JIANGXIN_DATA_DIR: tmpfs!.dir });
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
    t = await createTasksWorld(server, w);
    reportId = must(await t.entB.post(`/api/tasks/${t.taskB}/reports`, { period: '2026-Q2' }), 201, 'draft').id;
    // Leave about 100 KB.
    const { statfsSync } = await import('node:fs');
    const s = statfsSync(tmpfs!.dir);
    writeFileSync(filler(), Buffer.alloc(Math.max(0, s.bavail * s.bsize - 100 * 1024)));
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    tmpfs!.unmount();
  });

  it('evidence and roster uploads answer 507, nothing partial remains, health says degraded, the process stays up', async () => {
    const before = listAll(tmpfs!.dir);
    // Smaller than the 1 MB pre-check: fails while writing.
    const small = await uploadAttachment(t.entB, reportId, '证明.txt', text(600 * 1024), 'text/plain');
    expect(small.status).toBe(507);
    expect(small.body.code).toBe('storage_full');
    // Larger than what is left: refused before a byte is written.
    const large = await uploadAttachment(t.entB, reportId, '证明.txt', text(3 * 1024 * 1024), 'text/plain');
    expect(large.status).toBe(507);
    const roster = buildCsv(
      ['姓名', '身份证号'],
      Array.from({ length: 20_000 }, (_, i) => [`职工${i}`, nthIdNumber(i)]),
    );
    const r = await upload(p.entA, w.enterpriseA, '花名册.csv', roster, 'text/csv');
    expect(r.status).toBe(507);
    expect(r.body.code).toBe('storage_full');
    expect(listAll(tmpfs!.dir)).toEqual(before);

    const health = await server.anonymous().get('/api/health');
    expect(health.body).toMatchObject({ status: 'degraded', checks: { disk: 'low' } });

    rmSync(filler());
    expect((await uploadAttachment(t.entB, reportId, '证明.txt', text(600 * 1024), 'text/plain')).status).toBe(201);
  });
});
