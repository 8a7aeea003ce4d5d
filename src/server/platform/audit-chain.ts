// Tamper evidence for the audit log. Every entry carries HMAC-SHA-256(key, previous hash + "\n" +
// the entry's canonical content), where the previous hash is that of the entry before it in the
// same chain, and the key is derived from the application's secret key (JIANGXIN_SECRET_KEY or the
// key file), which the database never holds. So a role that can INSERT into audit_log cannot write
// an entry that verifies, and an entry altered or removed by someone who bypassed the append-only
// triggers breaks its chain at that point.
//
// Sixteen chains (a transaction writes to chain txid % 16, holding that chain's head row until it
// commits): one global chain would make every write transaction of the system wait for the one
// before it to commit. `verifyAuditChain` walks every chain and names the first broken entry.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import * as repo from './audit.repository.js';

// A KeyObject, made once: handed a Buffer, Node 24's createHmac builds one on every call (~5x dearer).
let chainKey: KeyObject | null = null;

/** Sets the key of the chain for this process (derived from the application's secret key). */
export function useAuditChainKey(secretKey: Buffer): void {
  chainKey = createSecretKey(createHmac('sha256', secretKey).update('jiangxin audit chain v1').digest());
}

function mac(previous: string, content: string): string {
  if (!chainKey) throw new Error('the audit chain key is not set (useAuditChainKey at start)');
  return createHmac('sha256', chainKey).update(previous).update('\n').update(content).digest('base64url');
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function content(row: repo.AuditRow, chainNo: number, seq: bigint | string): string {
  return canonical([
    chainNo,
    String(seq),
    row.at.toISOString(),
    row.actor_user_id,
    row.actor_username,
    row.actor_org_id,
    row.org_id,
    row.org_path,
    row.action,
    row.entity_type,
    row.entity_id,
    row.before,
    row.after,
    row.ip,
    row.request_id,
  ]);
}

/** Appends one entry to the chain of the transaction (opening one when `db` is not a transaction). */
export async function appendAudit(db: Kysely<Database> | Transaction<Database>, row: repo.AuditRow): Promise<void> {
  const append = async (trx: Transaction<Database>) => {
    const head = await repo.lockChainHead(trx);
    const seq = head.seq + 1n;
    await repo.appendChained(trx, row, head.chainNo, seq, mac(head.hash, content(row, head.chainNo, seq)));
  };
  if (db.isTransaction) await append(db as Transaction<Database>);
  else await db.transaction().execute(append);
}

export interface ChainReport {
  /** Entries whose hash was checked. */
  verified: number;
  /** Entries written before chaining began (cannot be proven). */
  legacy: number;
  /** The first broken entry (lowest id), when there is one. */
  broken?: ChainBreak;
  /** Every break found: the first entry written around the application, and each chain's first break. */
  problems: ChainBreak[];
}

export interface ChainBreak {
  /** The entry (null: entries missing at the end of the chain). */
  id: string | null;
  chainNo: number | null;
  reason: 'not_chained' | 'hash_mismatch' | 'missing_before' | 'missing_at_end';
}

/** Walks every chain from its start; reads in batches, so it runs in bounded memory at any size. */
export async function verifyAuditChain(db: Kysely<Database>, batch = 5000): Promise<ChainReport> {
  const start = await repo.chainStart(db);
  const found: ChainBreak[] = [];
  const report: ChainReport = { verified: 0, legacy: await repo.countLegacy(db, start), problems: found };
  const unchained = await repo.firstUnchained(db, start);
  if (unchained) found.push({ id: unchained, chainNo: null, reason: 'not_chained' });

  for (const head of await repo.chainHeads(db)) {
    let previous = '';
    let seq = 0n;
    walk: for (;;) {
      const rows = await repo.chainBatch(db, head.chain_no, String(seq), batch);
      for (const row of rows) {
        const rowSeq = BigInt(row.chain_seq!);
        if (rowSeq !== seq + 1n) {
          found.push({ id: row.id, chainNo: head.chain_no, reason: 'missing_before' });
          break walk;
        }
        const expected = mac(previous, content({ ...row, at: new Date(row.at) }, head.chain_no, rowSeq));
        if (expected !== row.hash) {
          found.push({ id: row.id, chainNo: head.chain_no, reason: 'hash_mismatch' });
          break walk;
        }
        report.verified += 1;
        previous = row.hash;
        seq = rowSeq;
      }
      if (rows.length < batch) {
        if (BigInt(head.seq) !== seq || head.hash !== previous) found.push({ id: null, chainNo: head.chain_no, reason: 'missing_at_end' });
        break;
      }
    }
  }
  found.sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : Number(BigInt(a.id) - BigInt(b.id))));
  if (found[0]) report.broken = found[0];
  return report;
}
