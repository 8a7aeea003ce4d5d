// The audit log is tamper-evident: entries written by the application verify; an entry inserted
// around it (directly in SQL, as the app's database role could), one altered or removed by someone
// who bypassed the append-only triggers, is named by the verification as the first broken entry.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../testing/harness.js';
import { verifyAuditChain } from './audit-chain.js';

let server: TestServer;
let admin: Client;
beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  // Concurrent writers: each transaction appends to its own chain position.
  const created = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      admin.post('/api/orgs', { parentId: server.rootOrgId, name: `链测试${i}`, kind: 'federation', level: 'province' }),
    ),
  );
  expect(created.map((r) => r.status)).toEqual(Array(12).fill(201));
});
afterAll(() => server.close());

const lastId = async () =>
  (await server.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;

describe('audit chain', () => {
  it('verifies every entry the application wrote, in batches', async () => {
    const report = await verifyAuditChain(server.db, 3);
    expect(report.broken).toBeUndefined();
    const total = (
      await server.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(report.verified + report.legacy).toBe(Number(total));
    expect(report.verified).toBeGreaterThanOrEqual(14);
  });

  it('names an entry inserted directly in SQL', async () => {
    await sql`INSERT INTO audit_log (action, entity_type, entity_id, actor_username) VALUES ('delete', 'person', '1', 'admin')`.execute(
      server.db,
    );
    const forged = await lastId();
    await admin.post('/api/orgs', { parentId: server.rootOrgId, name: '之后', kind: 'federation', level: 'province' });
    const report = await verifyAuditChain(server.db);
    expect(report.broken).toEqual({ id: forged, chainNo: null, reason: 'not_chained' });
    expect(report.problems).toHaveLength(1);
  });

  it('names an entry inserted with a made-up chain position and hash', async () => {
    const head = await server.db.selectFrom('audit_chain_heads').selectAll().where('chain_no', '=', 3).executeTakeFirstOrThrow();
    const seq = String(BigInt(head.seq) + 1n);
    await sql`INSERT INTO audit_log (action, entity_type, chain_no, chain_seq, hash) VALUES ('login', 'user', 3, ${seq}, 'AAAA')`.execute(
      server.db,
    );
    const forged = await lastId();
    await sql`UPDATE audit_chain_heads SET seq = ${seq}, hash = 'AAAA' WHERE chain_no = 3`.execute(server.db);
    expect((await verifyAuditChain(server.db)).problems).toContainEqual({ id: forged, chainNo: 3, reason: 'hash_mismatch' });
  });

  it('names an entry altered or removed behind the append-only triggers', async () => {
    const victim = await server.db
      .selectFrom('audit_log')
      .select(['id', 'chain_no'])
      .where('action', '=', 'create')
      .where('chain_no', 'is not', null)
      .where('chain_no', '!=', 3)
      .orderBy('id')
      .offset(3)
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(server.db);
    await sql`UPDATE audit_log SET actor_username = 'someone-else' WHERE id = ${victim.id}`.execute(server.db);
    expect((await verifyAuditChain(server.db)).problems).toContainEqual({
      id: victim.id,
      chainNo: victim.chain_no,
      reason: 'hash_mismatch',
    });

    await sql`DELETE FROM audit_log WHERE id = ${victim.id}`.execute(server.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(server.db);
    const broken = (await verifyAuditChain(server.db)).problems.find((p) => p.chainNo === victim.chain_no);
    expect(['missing_before', 'missing_at_end']).toContain(broken?.reason);
  });
});
