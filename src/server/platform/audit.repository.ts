// SQL of the audit log's chain (see audit-chain.ts): the chain head of the writing transaction,
// the append, and the walk that verifies it.
import { sql, type Transaction, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const CHAINS = 16;

/** An entry as written; `before`/`after` are JSON values (stored as jsonb). */
export interface AuditRow {
  at: Date;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_org_id: string | null;
  org_id: string | null;
  org_path: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
}
export interface ChainedRow extends AuditRow {
  id: string;
  chain_no: number | null;
  chain_seq: string | null;
  hash: string | null;
}

/** Locks the head of this transaction's chain (one per txid % 16) until commit. */
export async function lockChainHead(trx: Transaction<Database>): Promise<{ chainNo: number; seq: bigint; hash: string }> {
  const r = await sql<{ chain_no: number; seq: string; hash: string }>`
    SELECT chain_no, seq, hash FROM audit_chain_heads WHERE chain_no = (txid_current() % ${CHAINS})::smallint FOR UPDATE`.execute(trx);
  const head = r.rows[0];
  if (!head) throw new Error('audit_chain_heads is missing its rows (migration 2026-12-03T30-audit-chain)');
  return { chainNo: Number(head.chain_no), seq: BigInt(head.seq), hash: head.hash };
}

export async function appendChained(trx: Transaction<Database>, row: AuditRow, chainNo: number, seq: bigint, hash: string): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      ...row,
      before: row.before === null ? null : JSON.stringify(row.before),
      after: row.after === null ? null : JSON.stringify(row.after),
      chain_no: chainNo,
      chain_seq: String(seq),
      hash,
    })
    .execute();
  await trx
    .updateTable('audit_chain_heads')
    .set({ seq: String(seq), hash })
    .where('chain_no', '=', chainNo)
    .execute();
}

export async function chainStart(db: Kysely<Database>): Promise<string> {
  return (await db.selectFrom('audit_chain_start').select('after_id').executeTakeFirst())?.after_id ?? '0';
}

export async function chainHeads(db: Kysely<Database>) {
  return db.selectFrom('audit_chain_heads').select(['chain_no', 'seq', 'hash']).orderBy('chain_no').execute();
}

/** The first entry after the start that carries no chain position: written around the application. */
export async function firstUnchained(db: Kysely<Database>, afterId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('audit_log')
    .select('id')
    .where('id', '>', afterId)
    .where('chain_no', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return r?.id;
}

export async function countLegacy(db: Kysely<Database>, afterId: string): Promise<number> {
  const r = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('id', '<=', afterId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One chain's entries after position `afterSeq`, in order, a batch at a time. */
export async function chainBatch(db: Kysely<Database>, chainNo: number, afterSeq: string, limit: number): Promise<ChainedRow[]> {
  return db
    .selectFrom('audit_log')
    .select([
      'id',
      'at',
      'actor_user_id',
      'actor_username',
      'actor_org_id',
      'org_id',
      'org_path',
      'action',
      'entity_type',
      'entity_id',
      'before',
      'after',
      'ip',
      'request_id',
      'chain_no',
      'chain_seq',
      'hash',
    ])
    .where('chain_no', '=', chainNo)
    .where('chain_seq', '>', afterSeq)
    .orderBy('chain_seq')
    .limit(limit)
    .execute() as Promise<ChainedRow[]>;
}
