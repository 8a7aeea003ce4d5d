// A commit killed with SIGKILL halfway: after a restart the rows in the database are exactly the
// batches the progress marker says, resuming applies the rest, and re-running the same file adds
// no duplicates. Runs the real server process on the database under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../testing/harness.js';
import { loginProcessAdmin, processDatabaseEnv, startServerProcess, type ServerProcess } from '../../testing/server-process.js';
import { createOrg } from '../../testing/world.js';
import { buildCsv, nthIdNumber, nthPhone, upload, waitForImport } from '../../testing/people-world.js';
import { pipelineBatchStart } from './imports.service.js';

const ROWS = 12_000;
const BATCH = 100;

// Up to 90 s: a first start (migrations, the admin's password hash) on a loaded 2-core machine is slow.
const startProcess = (env: Record<string, string>) => startServerProcess({ JIANGXIN_DEMO: 'false', ...env }, 90_000);

const countPeople = async (c: Client, orgId: string) => (await c.get(`/api/people?orgId=${orgId}&pageSize=1`)).body.total as number;

describe('a commit killed halfway', () => {
  let env: Record<string, string>;
  let cleanup: (() => Promise<void>) | undefined;
  const procs: ServerProcess[] = [];
  beforeAll(async () => {
    ({ env, cleanup } = await processDatabaseEnv('kill'));
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await cleanup?.();
  });

  it('leaves exactly the marked batches, resumes to exactly the rows of the file, and re-runs without duplicates', async () => {
    const first = await startProcess(env);
    procs.push(first);
    let admin = await loginProcessAdmin(first.baseUrl);
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
    admin = await loginProcessAdmin(second.baseUrl);
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
    let admin = await loginProcessAdmin(first.baseUrl);
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
    admin = await loginProcessAdmin(second.baseUrl);
    const after = (await admin.get(`/api/people/imports/${up.body.id}`)).body;
    expect(after).toMatchObject({ status: 'committing', pipelined: true });
    expect(after.committedBatches).toBeGreaterThanOrEqual(5);
    // Rows and marker were committed together: nothing of a half-applied batch is visible (the
    // pipeline's first batch is a fifth of the others).
    const committedRows = pipelineBatchStart(BATCH)(after.committedBatches);
    expect(await countPeople(admin, enterprise)).toBe(committedRows);
    expect(after.createdCount).toBe(committedRows);

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
