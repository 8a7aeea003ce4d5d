// Server-side prepared statements for the statements sent again and again, as JDBC and Npgsql do.
// A statement text (parameters apart) seen PREPARE_AFTER times is sent as a named statement: each
// connection parses it once, and PostgreSQL can keep its plan (custom plans for the first five runs,
// then a generic one where that costs no more). For small, hot statements — the session lookup, a
// list page — parsing and planning cost more than running them.
//
// Names are a hash of the text, so a name always stands for the same text on every connection. Each
// connection keeps at most PREPARED_PER_CONNECTION statements, deallocating the least recently used.
// A statement whose result columns changed under it (DDL, e.g. a migration run by another process)
// fails with 0A000 and keeps failing: its text gets a new name, and the call runs once more
// unprepared — outside a transaction; inside one, the transaction is aborted and the error stands.
import { createHash } from 'node:crypto';
import pg from 'pg';

export const PREPARE_AFTER = 3;
export const PREPARED_PER_CONNECTION = 200;
/** Texts remembered (counts and names); beyond that they start over (texts that vary per call never settle). */
const TEXTS_KEPT = 10_000;
const PREPARABLE = /^\s*(select|with|insert|update|delete)\b/i;
const TRANSACTION_START = /^\s*(begin|start transaction)\b/i;
const TRANSACTION_END = /^\s*(commit|rollback)\b/i;

type Parsed = { connection: { parsedStatements: Record<string, string> } };

/** A pool for Kysely's PostgresDialect whose clients prepare repeated statements. */
export function preparing(pool: pg.Pool) {
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  const generation = new Map<string, number>();
  const preparedOn = new WeakMap<pg.PoolClient, Map<string, string>>(); // name → text, oldest first
  const inTransaction = new WeakSet<pg.PoolClient>();
  const broken = new WeakSet<pg.PoolClient>();

  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known) return known;
    if (!PREPARABLE.test(text)) return undefined;
    const n = (seen.get(text) ?? 0) + 1;
    if (seen.size >= TEXTS_KEPT) seen.clear();
    seen.set(text, n);
    if (n < PREPARE_AFTER) return undefined;
    if (names.size >= TEXTS_KEPT) names.clear();
    const name = `jx_${createHash('sha1').update(text).digest('hex').slice(0, 20)}_${generation.get(text) ?? 0}`;
    names.set(text, name);
    return name;
  };

  /** Drops the least recently used statement of a full connection. */
  const evict = (client: pg.PoolClient, lru: Map<string, string>) => {
    const [name, text] = lru.entries().next().value!;
    lru.delete(name);
    const parsed = (client as unknown as Parsed).connection.parsedStatements;
    delete parsed[name];
    // Not done (an aborted transaction): the statement is still there, for the same text.
    client.query(`DEALLOCATE ${name}`).catch(() => {
      parsed[name] = text;
    });
  };

  /**
   * A query that timed out on the client side leaves the connection waiting for an answer that
   * may never come (and anything queued behind it, like the ROLLBACK, would wait too): drop the
   * socket at once, and have the pool discard the client when it is released.
   */
  const watch = <T>(client: pg.PoolClient, running: Promise<T>): Promise<T> =>
    running.catch((err: { code?: string; message?: string }) => {
      if (!err.code && typeof err.message === 'string') {
        broken.add(client);
        if (err.message === 'Query read timeout')
          (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      }
      throw err;
    });

  const query = (client: pg.PoolClient, text: unknown, values?: unknown[]) => {
    if (typeof text !== 'string') return client.query(text as pg.QueryConfig, values); // cursors
    return watch(client, send(client, text, values));
  };

  const send = (client: pg.PoolClient, text: string, values?: unknown[]) => {
    if (TRANSACTION_START.test(text)) inTransaction.add(client);
    else if (TRANSACTION_END.test(text)) inTransaction.delete(client);
    const name = nameOf(text);
    if (!name) return client.query(text, values);
    let lru = preparedOn.get(client);
    if (!lru) preparedOn.set(client, (lru = new Map()));
    lru.delete(name);
    if (lru.size >= PREPARED_PER_CONNECTION) evict(client, lru);
    lru.set(name, text);
    return client.query({ name, text, values }).catch((err: { code?: string }) => {
      if (err.code !== '0A000') throw err; // "cached plan must not change result type"
      lru.delete(name);
      names.delete(text);
      generation.set(text, (generation.get(text) ?? 0) + 1);
      if (inTransaction.has(client)) throw err;
      return client.query(text, values);
    });
  };

  // release() discards a broken client instead of pooling it; everything else (processID for
  // cancelling) passes through. One wrapper per client, made once: Kysely keeps its connection
  // object per client it is handed, so a new wrapper per checkout made it build a new connection
  // object (and new closures) for every statement.
  const wrappers = new WeakMap<pg.PoolClient, pg.PoolClient>();
  const wrap = (client: pg.PoolClient) => {
    const known = wrappers.get(client);
    if (known) return known;
    const run = (text: unknown, values?: unknown[]) => query(client, text, values);
    const release = (err?: Error | boolean) => client.release(err || broken.has(client) || undefined);
    const wrapper = new Proxy(client, {
      get: (target, prop) => (prop === 'query' ? run : prop === 'release' ? release : Reflect.get(target, prop)),
    });
    wrappers.set(client, wrapper);
    return wrapper;
  };
  return { connect: async () => wrap(await pool.connect()), end: () => pool.end(), options: pool.options, Client: pg.Client };
}
