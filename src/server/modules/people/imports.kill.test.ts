// A commit killed with SIGKILL halfway: after a restart the rows in the database are exactly the
// batches the progress marker says, resuming applies the rest, and re-running the same file adds
// no duplicates. Runs the real server process on the database under test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, TEST_PG_URL, testDatabaseKind } from '../../testing/harness.js';
import { createOrg } from '../../testing/world.js';
import { buildCsv, nthIdNumber, nthPhone, upload, waitForImport } from '../../testing/people-world.js';

const ADMIN = 'Admin-Passw0rd!';
const ROWS = 12_000;
const BATCH = 100;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  baseUrl: string;
  exited: Promise<number | null>;
  output: () => string;
}

async function startProcess(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      JIANGXIN_ADMIN_PASSWORD: ADMIN,
      JIANGXIN_ADMIN_TOTP: 'optional',
      JIANGXIN_DEMO: 'false',
      LOG_LEVEL: 'warn',
      JIANGXIN_WEB_DIR: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  // Up to 90 s: a first start (migrations, the admin's password hash) on a loaded 2-core machine is slow.
  for (let i = 0; i < 900; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { child, baseUrl, exited, output: () => out };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not come up: ${out}`);
}

async function login(baseUrl: string) {
  const c = new Client(baseUrl);
  const r = await c.post('/api/auth/login', { username: 'admin', password: ADMIN });
  if (r.status !== 200) throw new Error(`login: ${r.status}`);
  return c;
}

const countPeople = async (c: Client, orgId: string) => (await c.get(`/api/people?orgId=${orgId}&pageSize=1`)).body.total as number;

describe('a commit killed halfway', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-kill-'));
  const dbName = `jx_kill_${process.pid}`;
  const env: Record<string, string> = { JIANGXIN_DATA_DIR: dataDir };
  const procs: Proc[] = [];
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    if (testDatabaseKind() === 'postgres') {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves exactly the marked batches, resumes to exactly the rows of the file, and re-runs without duplicates', async () => {
    if (testDatabaseKind() === 'postgres') {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${dbName}`);
      await c.end();
      const url = new URL(TEST_PG_URL);
      url.pathname = `/${dbName}`;
      env.DATABASE_URL = url.toString();
    }
    const first = await startProcess(env);
    procs.push(first);
    let admin = await login(first.baseUrl);
    const root = (await admin.get('/api/orgs')).body.items[0].id;
    const province = await createOrg(admin, root, '山东省总工会', 'federation', 'province');
    const enterprise = await createOrg(admin, province, '滨州装备制造有限公司', 'enterprise', 'grassroots');

    const rows = Array.from({ length: ROWS }, (_, i) => [
      `职工${String.fromCharCode(0x4e00 + (i % 2000))}`,
      nthIdNumber(i),
      nthPhone(i),
      '高级工',
      `Z${i}`,
      '2020.5.1',
    ]);
    const csv = buildCsv(['姓名', '身份证号', '手机号', '技能等级', '证书编号', '发证日期'], rows);
    const up = await upload(admin, enterprise, 'big.csv', csv, 'text/csv');
    expect(up.status).toBe(201);
    await admin.post(`/api/people/imports/${up.body.id}/validate`, { batchSize: BATCH });
    const validated = await waitForImport(admin, up.body.id, (i) => i.status === 'validated', 60_000);
    expect(validated).toMatchObject({ validRows: ROWS, totalBatches: ROWS / BATCH });

    expect((await admin.post(`/api/people/imports/${up.body.id}/commit`, {})).status).toBe(202);
    const mid = await waitForImport(admin, up.body.id, (i) => i.committedBatches >= 5 || i.status === 'committed', 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(mid.status, `the commit finished before it could be killed: ${JSON.stringify(mid)}`).toBe('committing');

    const second = await startProcess(env);
    procs.push(second);
    admin = await login(second.baseUrl);
    const after = (await admin.get(`/api/people/imports/${up.body.id}`)).body;
    expect(after.status).toBe('committing');
    expect(after.committedBatches).toBeGreaterThanOrEqual(5);
    expect(after.committedBatches).toBeLessThan(ROWS / BATCH);
    // Rows and marker were committed together: nothing of a half-applied batch is visible.
    expect(await countPeople(admin, enterprise)).toBe(after.committedBatches * BATCH);
    expect(after.createdCount).toBe(after.committedBatches * BATCH);

    // Resume once the dead process's lease has run out (the client retries while it is running).
    let resumed = await admin.post(`/api/people/imports/${up.body.id}/commit`, {});
    for (let i = 0; resumed.status === 409 && resumed.body.code === 'import_running' && i < 300; i++) {
      await new Promise((r) => setTimeout(r, 100));
      resumed = await admin.post(`/api/people/imports/${up.body.id}/commit`, {});
    }
    expect(resumed.status).toBe(202);
    const done = await waitForImport(admin, up.body.id, (i) => i.status === 'committed', 60_000);
    expect(done).toMatchObject({ createdCount: ROWS, committedBatches: ROWS / BATCH });
    expect(await countPeople(admin, enterprise)).toBe(ROWS);

    // The same file again: a new import, all updates, still exactly the rows of the file.
    const again = await upload(admin, enterprise, 'big.csv', csv, 'text/csv');
    await admin.post(`/api/people/imports/${again.body.id}/validate`, { batchSize: 5000 });
    const v2 = await waitForImport(admin, again.body.id, (i) => i.status === 'validated', 60_000);
    expect(v2).toMatchObject({ willCreate: 0, willUpdate: ROWS });
    await admin.post(`/api/people/imports/${again.body.id}/commit`, {});
    await waitForImport(admin, again.body.id, (i) => i.status === 'committed', 60_000);
    expect(await countPeople(admin, enterprise)).toBe(ROWS);
    const one = (await admin.get(`/api/people?q=${nthIdNumber(77)}`)).body.items[0];
    expect((await admin.get(`/api/people/${one.id}`)).body.skills).toHaveLength(1);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 400_000); // two process starts, each up to 90 s on a loaded machine

  it('a pipelined import (validation and commit together) killed halfway resumes to exactly the rows of the file', async () => {
    const first = await startProcess(env);
    procs.push(first);
    let admin = await login(first.baseUrl);
    const root = (await admin.get('/api/orgs')).body.items[0].id;
    const province = await createOrg(admin, root, '江苏省总工会', 'federation', 'province');
    const enterprise = await createOrg(admin, province, '苏州流水线装备有限公司', 'enterprise', 'grassroots');
    const rows = Array.from({ length: ROWS }, (_, i) => [
      `职工${String.fromCharCode(0x4e00 + (i % 2000))}`,
      nthIdNumber(20_000 + i),
      '高级工',
    ]);
    rows[7] = ['重复', nthIdNumber(20_000 + 3), '']; // a later copy of an ID number: refused, on every run alike
    const csv = buildCsv(['姓名', '身份证号', '技能等级'], rows);
    const up = await upload(admin, enterprise, 'pipe.csv', csv, 'text/csv');
    expect((await admin.post(`/api/people/imports/${up.body.id}/validate`, { batchSize: BATCH, pipelined: true })).status).toBe(202);
    const mid = await waitForImport(admin, up.body.id, (i) => i.committedBatches >= 5 || i.status === 'committed', 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(mid.status, `the pipeline finished before it could be killed: ${JSON.stringify(mid)}`).toBe('committing');

    const second = await startProcess(env);
    procs.push(second);
    admin = await login(second.baseUrl);
    const after = (await admin.get(`/api/people/imports/${up.body.id}`)).body;
    expect(after).toMatchObject({ status: 'committing', pipelined: true });
    expect(after.committedBatches).toBeGreaterThanOrEqual(5);
    // Rows and marker were committed together: nothing of a half-applied batch is visible.
    expect(await countPeople(admin, enterprise)).toBe(after.committedBatches * BATCH);
    expect(after.createdCount).toBe(after.committedBatches * BATCH);

    let resumed = await admin.post(`/api/people/imports/${up.body.id}/commit`, {});
    for (let i = 0; resumed.status === 409 && resumed.body.code === 'import_running' && i < 300; i++) {
      await new Promise((r) => setTimeout(r, 100));
      resumed = await admin.post(`/api/people/imports/${up.body.id}/commit`, {});
    }
    expect(resumed.status).toBe(202);
    const done = await waitForImport(admin, up.body.id, (i) => i.status === 'committed', 120_000);
    expect(done).toMatchObject({ totalRows: ROWS, validRows: ROWS - 1, errorRows: 1, createdCount: ROWS - 1 });
    expect(await countPeople(admin, enterprise)).toBe(ROWS - 1);
    const errs = (await admin.get(`/api/people/imports/${up.body.id}/errors`)).body;
    expect(errs.items.map((e: { row: number; code: string }) => `${e.row}:${e.code}`)).toEqual(['9:duplicate_earlier']);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 400_000);
});
