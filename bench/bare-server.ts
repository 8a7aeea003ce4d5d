// The baselines for the framework overhead: bare Fastify + pg routes running the same SQL as
// Jiangxin's people list (captured from people.repository.ts's own query builders at start, so it
// stays the same SQL when the repository changes), without access rules, validation or response
// schemas. Both answer the same fields as Jiangxin (rows mapped by the service's own toPersonView,
// then JSON.stringify), not the raw rows:
//   GET /people       same SQL: the page statement only (one round trip)
//   GET /people-work  same work: the session lookup Jiangxin makes (jx_session_actor, from the
//                     jx_session cookie), then the page statement (two round trips)
// Started by bench/run.ts; prints "listening <port>".
// With BARE_PGLITE_DIR instead of DATABASE_URL the routes query the embedded database in that data
// directory (opened as Jiangxin opens it, then queried through PGlite directly).
// Env: DATABASE_URL | BARE_PGLITE_DIR, BARE_ROOT_PATH | BARE_ROOT_USER, BARE_FILTER (JSON PeopleFilter), BARE_SORT (e.g. name), BARE_PAGE_SIZE.
import Fastify from 'fastify';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import type { Database } from '../src/server/db/schema.js';
import * as repo from '../src/server/modules/people/people.repository.js';
import { toPersonView } from '../src/server/modules/people/people.service.js';
import { hashToken, SESSION_COOKIE } from '../src/server/platform/sessions.js';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
const pgliteDir = process.env.BARE_PGLITE_DIR;
const embedded = pgliteDir ? await openDatabase({ dataDir: pgliteDir }) : undefined;
const pool = embedded
  ? undefined
  : new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
/** One statement: named (prepared once per connection) on PostgreSQL, PGlite's extended query otherwise. */
async function exec(name: string | undefined, text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }> {
  if (embedded) return (await embedded.pglite!.query(text, values)) as { rows: Record<string, unknown>[] };
  return pool!.query(name ? { name, text, values } : { text, values });
}
// The subtree: given, or the organisation of a user (BARE_ROOT_USER) of the dataset.
const rootPath =
  process.env.BARE_ROOT_PATH ??
  ((
    await exec(undefined, 'SELECT o.path FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.username = $1', [
      process.env.BARE_ROOT_USER,
    ])
  ).rows[0]?.path as string);

const captured: CompiledQuery[] = [];
const recorder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
  log: (e) => {
    if (e.level === 'query') captured.push(e.query);
  },
});
const sortField = (process.env.BARE_SORT ?? 'name').replace(/^-/, '') as repo.PeopleSortField;
const sortDir = process.env.BARE_SORT?.startsWith('-') ? 'desc' : 'asc';
const pageSize = Number(process.env.BARE_PAGE_SIZE ?? 20);
await repo
  .listPeople(recorder, rootPath, JSON.parse(process.env.BARE_FILTER ?? '{}'), { field: sortField, dir: sortDir }, pageSize, 0)
  .catch(() => {});
if (!captured.length) throw new Error('could not capture the list SQL');

const app = Fastify({ logger: false });
// The list by name answers page and total in one statement (a second one only for an empty page);
// other lists send the page and the count side by side.
const pageCarriesTotal = captured[0]!.sql.includes('people_scopes');
async function page() {
  if (pageCarriesTotal) {
    // A named statement, as a hand-written route would use for its one hot query.
    const r = await exec('people_page', captured[0]!.sql, captured[0]!.parameters as unknown[]);
    return { items: r.rows.map((row) => toPersonView(row as unknown as repo.PersonRecord)), total: Number(r.rows[0]?.total ?? 0) };
  }
  const results = await Promise.all(captured.map((q) => exec(undefined, q.sql, q.parameters as unknown[])));
  const items = results.find((r) => Object.keys(r.rows[0] ?? {}).length > 1)?.rows ?? [];
  const total = results.find((r) => 'n' in (r.rows[0] ?? {}))?.rows[0]?.n ?? 0;
  return { items: items.map((row) => toPersonView(row as unknown as repo.PersonRecord)), total: Number(total) };
}
app.get('/people', async (_req, reply) => reply.type('application/json').send(JSON.stringify(await page())));
const cookieRe = new RegExp(`(?:^|; )${SESSION_COOKIE}=([^;]+)`);
app.get('/people-work', async (req, reply) => {
  const token = cookieRe.exec(req.headers.cookie ?? '')?.[1];
  const actor = token ? (await exec('session_actor', 'SELECT * FROM jx_session_actor($1)', [hashToken(token)])).rows[0] : undefined;
  if (actor?.status !== 'active') return reply.code(401).send('{"code":"unauthenticated"}');
  return reply.type('application/json').send(JSON.stringify(await page()));
});
app.get('/sql', async () => captured.map((q) => q.sql));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
const stop = async () => {
  await app.close();
  await (embedded ? embedded.close() : pool!.end());
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
