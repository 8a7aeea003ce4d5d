// Tamper-evident audit log: each entry carries a keyed hash (HMAC-SHA-256 with a key derived from the
// application's secret key, which the database never sees) chained to the previous entry of its
// chain. Sixteen chains, one per `txid % 16`, so concurrent writers rarely wait for each other; a
// transaction's entries all go to one chain. `audit_chain_heads` holds each chain's last position and
// hash; `audit_chain_start` the last entry written before chaining began (older entries are history
// that cannot be proven).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_log ADD COLUMN chain_no smallint, ADD COLUMN chain_seq bigint, ADD COLUMN hash text`.execute(db);
  await sql`CREATE UNIQUE INDEX audit_log_chain_idx ON audit_log (chain_no, chain_seq) WHERE chain_no IS NOT NULL`.execute(db);
  await sql`CREATE TABLE audit_chain_heads (chain_no smallint PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL)`.execute(db);
  await sql`INSERT INTO audit_chain_heads (chain_no, seq, hash) SELECT g, 0, '' FROM generate_series(0, 15) g`.execute(db);
  await sql`CREATE TABLE audit_chain_start (after_id bigint NOT NULL)`.execute(db);
  await sql`INSERT INTO audit_chain_start (after_id) SELECT coalesce(max(id), 0) FROM audit_log`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS audit_chain_start`.execute(db);
  await sql`DROP TABLE IF EXISTS audit_chain_heads`.execute(db);
  await sql`DROP INDEX IF EXISTS audit_log_chain_idx`.execute(db);
  await sql`ALTER TABLE audit_log DROP COLUMN IF EXISTS chain_no, DROP COLUMN IF EXISTS chain_seq, DROP COLUMN IF EXISTS hash`.execute(db);
}
