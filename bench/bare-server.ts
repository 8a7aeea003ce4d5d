// The baseline for the framework overhead: a bare Fastify + pg route running the same SQL as
// Jiangxin's people list (captured from people.repository.ts's own query builders at start, so it
// stays the same SQL when the repository changes), without sessions, access rules, validation or
// response schemas. Started by bench/run.ts; prints "listening <port>".
// Env: DATABASE_URL, BARE_ROOT_PATH, BARE_FILTER (JSON PeopleFilter), BARE_SORT (e.g. name), BARE_PAGE_SIZE.
import Fastify from 'fastify';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/server/db/schema.js';
import * as repo from '../src/server/modules/people/people.repository.js';

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
  .listPeople(
    recorder,
    process.env.BARE_ROOT_PATH!,
    JSON.parse(process.env.BARE_FILTER ?? '{}'),
    { field: sortField, dir: sortDir },
    pageSize,
    0,
  )
  .catch(() => {});
if (!captured.length) throw new Error('could not capture the list SQL');

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const app = Fastify({ logger: false });
// The list by name answers page and total in one statement (a second one only for an empty page);
// other lists send the page and the count side by side.
const pageCarriesTotal = captured[0]!.sql.includes('people_scopes');
app.get('/people', async () => {
  if (pageCarriesTotal) {
    // A named statement, as a hand-written route would use for its one hot query.
    const page = await pool.query({ name: 'people_page', text: captured[0]!.sql, values: captured[0]!.parameters as unknown[] });
    return { items: page.rows, total: page.rows[0]?.total ?? 0 };
  }
  const results = await Promise.all(captured.map((q) => pool.query(q.sql, q.parameters as unknown[])));
  const items = results.find((r) => r.fields.length > 1)?.rows ?? [];
  const total = results.find((r) => r.fields.length === 1 && r.fields[0]!.name === 'n')?.rows[0]?.n ?? 0;
  return { items, total };
});
app.get('/sql', async () => captured.map((q) => q.sql));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
