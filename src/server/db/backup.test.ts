// A backup taken while the app serves writes, restored into a fresh data directory (PGlite) or an
// empty database (PostgreSQL): a consistent snapshot (the dashboard totals recount clean), and
// every evidence file the restored database refers to is there with the same bytes.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config.js';
import { recountTotals } from '../modules/dashboard/totals.repository.js';
import { adminQuery, startTestServer, TEST_PG_URL, type TestServer } from '../testing/harness.js';
import { nthIdNumber, createPeopleWorld, type PeopleWorld } from '../testing/people-world.js';
import { createTasksWorld, must, uploadAttachment, type TasksWorld } from '../testing/tasks-world.js';
import { createWorld, type World } from '../testing/world.js';
import { createBackup, pruneBackups, restoreBackup, walComplete, walSegmentPick } from './backup.js';
import { openDatabase, type DatabaseHandle } from './database.js';
import { migrateToLatest } from './migrate.js';
import { sql } from 'kysely';

describe('backup and restore', () => {
  let server: TestServer;
  let w: World;
  let p: PeopleWorld;
  let t: TasksWorld;
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-backup-src-'));
  const outDir = mkdtempSync(join(tmpdir(), 'jx-backup-out-'));
  const cleanup: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    server = await startTestServer({ JIANGXIN_DATA_DIR: dataDir });
    w = await createWorld(server);
    p = await createPeopleWorld(server, w);
    t = await createTasksWorld(server, w);
    const draft = must(await t.entB.post(`/api/tasks/${t.taskB}/reports`, { period: '2026-Q2' }), 201, 'draft');
    for (let i = 0; i < 3; i++)
      must(await uploadAttachment(t.entB, draft.id, `证明${i}.txt`, randomBytes(2000).toString('hex'), 'text/plain'), 201, 'attachment');
  }, 180_000);
  afterAll(async () => {
    for (const c of cleanup) await c();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('taken under write load, restored fresh: the same consistent data and the same evidence files', async () => {
    // Writes keep arriving while the backup runs.
    let writing = true;
    let created = 0;
    const load = (async () => {
      for (let i = 0; writing; i++) {
        const r = await p.entA.post('/api/people', {
          orgId: w.enterpriseA,
          name: `备份${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(i / 10) % 10]}`,
          idNumber: nthIdNumber(500_000 + i),
        });
        if (r.status === 201) created++;
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const dir = await createBackup(server.handle, server.config, outDir);
    writing = false;
    await load;
    expect(created).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ database: server.kind, files: 4 });

    // Restore into a fresh place.
    const freshDir = mkdtempSync(join(tmpdir(), 'jx-backup-dst-'));
    cleanup.push(async () => rmSync(freshDir, { recursive: true, force: true }));
    let restored: DatabaseHandle;
    if (server.kind === 'pglite') {
      await restoreBackup(dir, testConfig({ JIANGXIN_DATA_DIR: freshDir }));
      restored = await openDatabase({ dataDir: freshDir });
    } else {
      const name = `jx_restore_${randomBytes(5).toString('hex')}`;
      await adminQuery(`CREATE DATABASE ${name}`);
      const url = new URL(TEST_PG_URL);
      url.pathname = `/${name}`;
      cleanup.push(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await restoreBackup(dir, testConfig({ JIANGXIN_DATA_DIR: freshDir, DATABASE_URL: url.toString() }));
      restored = await openDatabase({ databaseUrl: url.toString(), poolMax: 2 });
    }
    cleanup.unshift(() => restored.close());

    expect(await recountTotals(restored.db)).toEqual([]);
    const count = async (h: { db: DatabaseHandle['db'] }, table: 'people' | 'organisations' | 'task_attachments' | 'task_reports') =>
      Number(
        (
          await h.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    for (const table of ['organisations', 'task_attachments', 'task_reports'] as const)
      expect(await count(restored, table)).toBe(await count(server, table));
    const people = await count(restored, 'people');
    expect(people).toBeGreaterThanOrEqual((await count(server, 'people')) - created);
    expect(people).toBeLessThanOrEqual(await count(server, 'people'));

    const attachments = await restored.db.selectFrom('task_attachments').select(['file_key', 'sha256']).execute();
    expect(attachments.length).toBe(4);
    for (const a of attachments) {
      const bytes = readFileSync(join(freshDir, 'files', a.file_key));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
    }
  }, 180_000);

  it.runIf(process.env.JX_TEST_DB !== 'postgres')(
    'an embedded database in a data directory is backed up as its files and restored from them',
    async () => {
      const src = mkdtempSync(join(tmpdir(), 'jx-backup-dir-src-'));
      const out = mkdtempSync(join(tmpdir(), 'jx-backup-dir-out-'));
      const dst = mkdtempSync(join(tmpdir(), 'jx-backup-dir-dst-'));
      const config = testConfig({ JIANGXIN_DATA_DIR: src, JIANGXIN_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') });
      try {
        const handle = await openDatabase({ dataDir: src });
        let dir: string;
        try {
          await migrateToLatest(handle.db);
          mkdirSync(join(src, 'backups'), { recursive: true }); // backups inside the data directory, as by default
          writeFileSync(join(src, 'backups', 'old.txt'), 'not copied');
          dir = await createBackup(handle, config, join(src, 'backups'));
        } finally {
          await handle.close();
        }
        const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
        expect(manifest).toMatchObject({ format: 2, database: 'pglite', databaseFile: 'database' });
        expect(existsSync(join(dir, 'database', 'PG_VERSION'))).toBe(true);
        expect(existsSync(join(dir, 'database', 'backups'))).toBe(false);
        await restoreBackup(dir, testConfig({ JIANGXIN_DATA_DIR: dst, JIANGXIN_SECRET_KEY: config.JIANGXIN_SECRET_KEY }));
        const restored = await openDatabase({ dataDir: dst });
        try {
          expect(await recountTotals(restored.db)).toEqual([]);
          const applied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jx_migrations`.execute(restored.db);
          expect(applied.rows[0]!.n).toBeGreaterThan(10);
        } finally {
          await restored.close();
        }
      } finally {
        for (const d of [src, out, dst]) rmSync(d, { recursive: true, force: true });
      }
    },
    180_000,
  );

  it.runIf(process.env.JX_TEST_DB !== 'postgres')(
    'an embedded database goes on answering while its files are copied, and the copy, taken mid-write, restores consistent',
    async () => {
      const src = mkdtempSync(join(tmpdir(), 'jx-backup-online-src-'));
      const dst = mkdtempSync(join(tmpdir(), 'jx-backup-online-dst-'));
      const config = testConfig({ JIANGXIN_DATA_DIR: src, JIANGXIN_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') });
      try {
        const handle = await openDatabase({ dataDir: src });
        let dir: string;
        const during: number[] = [];
        let before = 0;
        let after = 0;
        try {
          await migrateToLatest(handle.db);
          // Enough pages that the copy takes a while, and rows that change while it runs.
          await sql`CREATE TABLE bk_load (id serial PRIMARY KEY, k int NOT NULL, pad text NOT NULL)`.execute(handle.db);
          await sql`CREATE INDEX bk_load_k ON bk_load (k)`.execute(handle.db);
          await sql`INSERT INTO bk_load (k, pad) SELECT g % 1000, repeat('x', 400) FROM generate_series(1, 60000) g`.execute(handle.db);
          before = 60000;
          let copying = true;
          // Each round through the event loop, as requests arrive (a loop of bare awaits would never let
          // the copy's file callbacks run); bounded, so a backup that never ends fails instead of filling the disk.
          const load = (async () => {
            for (let i = 0; copying && i < 20_000; i++) {
              await sql`INSERT INTO bk_load (k, pad) VALUES (${i % 1000}, ${'y'.repeat(400)})`.execute(handle.db);
              await sql`UPDATE bk_load SET k = k + 1 WHERE id = ${1 + ((i * 7919) % 60000)}`.execute(handle.db);
              during.push(performance.now());
              await new Promise((r) => setImmediate(r));
            }
          })();
          const t0 = performance.now();
          dir = await createBackup(handle, config, join(src, 'backups'));
          const t1 = performance.now();
          copying = false;
          await load;
          after = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM bk_load`.execute(handle.db)).rows[0]!.n);
          // Statements ran while the backup did (the old copy held the one connection throughout).
          expect(during.filter((t) => t > t0 && t < t1).length).toBeGreaterThan(5);
        } finally {
          await handle.close();
        }
        expect(existsSync(join(dir, 'database', 'backup_label'))).toBe(true);
        await restoreBackup(dir, testConfig({ JIANGXIN_DATA_DIR: dst, JIANGXIN_SECRET_KEY: config.JIANGXIN_SECRET_KEY }));
        const restored = await openDatabase({ dataDir: dst });
        try {
          // PostgreSQL read the label (it renames it once the replay from its checkpoint is done).
          expect(existsSync(join(dst, 'backup_label.old'))).toBe(true);
          const n = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM bk_load`.execute(restored.db)).rows[0]!.n);
          expect(n).toBeGreaterThanOrEqual(before);
          expect(n).toBeLessThanOrEqual(after);
          // The index agrees with the table: no page was restored half-written.
          const byIndex = await sql<{ n: string }>`SELECT count(*) AS n FROM bk_load WHERE k >= 0`.execute(restored.db);
          await sql`SET enable_seqscan = off`.execute(restored.db);
          const viaIndex = await sql<{ n: string }>`SELECT count(*) AS n FROM bk_load WHERE k >= 0`.execute(restored.db);
          expect(Number(viaIndex.rows[0]!.n)).toBe(n);
          expect(Number(byIndex.rows[0]!.n)).toBe(n);
          expect(await recountTotals(restored.db)).toEqual([]);
        } finally {
          await restored.close();
        }
      } finally {
        for (const d of [src, dst]) rmSync(d, { recursive: true, force: true });
      }
    },
    180_000,
  );

  it('knows when the WAL from a backup’s start to its stop is all there, across a log file boundary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jx-backup-wal-'));
    try {
      // 16 MB segments: 256 to a log file, so ...00000000FF is followed by ...0100000000.
      for (const n of ['0000000100000000000000FE', '0000000100000000000000FF', '000000010000000100000000']) writeFileSync(join(dir, n), '');
      const mb16 = 16 * 1024 * 1024;
      expect(walComplete(dir, '0000000100000000000000FE', '000000010000000100000000', mb16)).toBe(true);
      expect(walComplete(dir, '0000000100000000000000FF', '0000000100000000000000FF', mb16)).toBe(true);
      // The start recycled, or a segment past the last one copied: taken again with the connection held.
      expect(walComplete(dir, '0000000100000000000000FD', '0000000100000000000000FF', mb16)).toBe(false);
      expect(walComplete(dir, '0000000100000000000000FE', '000000010000000100000001', mb16)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes from pg_wal only the segments from the start to the stop, and every entry that is not a segment', () => {
    const mb16 = 16 * 1024 * 1024;
    const pick = walSegmentPick('0000000100000000000000FE', '000000010000000100000000', mb16);
    const names = [
      '0000000100000000000000FD', // older, not yet removed
      '0000000100000000000000FE',
      '0000000100000000000000FF',
      '000000010000000100000000',
      '000000010000000100000001', // recycled under a future name
      '0000000200000000000000FF', // another timeline
      '00000002.history',
      '0000000100000000000000FE.00000028.backup',
      'archive_status',
    ];
    expect(names.filter(pick)).toEqual([
      '0000000100000000000000FE',
      '0000000100000000000000FF',
      '000000010000000100000000',
      '00000002.history',
      '0000000100000000000000FE.00000028.backup',
      'archive_status',
    ]);
  });

  it('keeps the newest N backups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jx-backup-prune-'));
    try {
      for (const d of ['20261201T020000Z', '20261202T020000Z', '20261203T020000Z']) {
        rmSync(join(dir, `jiangxin-backup-${d}`), { recursive: true, force: true });
        mkdirSync(join(dir, `jiangxin-backup-${d}`));
      }
      expect(await pruneBackups(dir, 2)).toEqual(['jiangxin-backup-20261201T020000Z']);
      expect(readdirSync(dir).sort()).toEqual(['jiangxin-backup-20261202T020000Z', 'jiangxin-backup-20261203T020000Z']);
      expect(existsSync(join(dir, 'jiangxin-backup-20261201T020000Z'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("removes a killed backup's partial directory once it is over a day old, not one still being written", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jx-backup-partial-'));
    try {
      for (const n of [
        'jiangxin-backup-20261201T020000Z.partial',
        'jiangxin-backup-20261203T013000Z.partial',
        'jiangxin-backup-20261203T020000Z',
      ]) {
        mkdirSync(join(dir, n));
        writeFileSync(join(dir, n, 'manifest.json'), '{}');
      }
      const now = new Date('2026-12-03T02:05:00Z');
      expect(await pruneBackups(dir, 2, now)).toEqual(['jiangxin-backup-20261201T020000Z.partial']);
      expect(readdirSync(dir).sort()).toEqual(['jiangxin-backup-20261203T013000Z.partial', 'jiangxin-backup-20261203T020000Z']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
