// The people list's first page by each sort, at one connection, for the province, a city and a county
// of the generated bench dataset (issue 17: "sort by birth date at the province node … first page
// p50 ≤ 20 ms"; `npm run bench -- people` judges that one with the same loop, bench/first-page.ts). Generate
// the dataset first with `npm run bench -- people --workers N` (it is reused).
//
//   npx tsx bench/people-sort.ts [--db postgres://postgres@127.0.0.1:5432/jx_bench] [--requests 100]
import os from 'node:os';
import pg from 'pg';
import { timePage } from './first-page.js';
import { startTree } from './start-tree.js';

const argv = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : d;
};
const DB_URL = opt('db', 'postgres://postgres@127.0.0.1:5432/jx_bench');
const REQUESTS = Number(opt('requests', '100'));
const SORTS = ['birthDate', '-birthDate', 'createdAt', '-createdAt', 'skillLevel', '-skillLevel', 'name'];

async function orgs() {
  const c = new pg.Client({ connectionString: DB_URL });
  await c.connect();
  try {
    const one = async (label: string, where: string) => {
      const r = await c.query<{ id: string; name: string }>(`SELECT o.id::text, o.name FROM organisations o ${where} LIMIT 1`);
      const people = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM people p JOIN organisations o ON o.id = p.org_id WHERE o.path LIKE (SELECT path FROM organisations WHERE id = $1) || '%'`,
        [r.rows[0]!.id],
      );
      return { label, id: r.rows[0]!.id, name: r.rows[0]!.name, people: Number(people.rows[0]!.n) };
    };
    return [
      await one('province', `WHERE level = 'province' AND kind = 'federation' ORDER BY id`),
      await one('city', `JOIN users u ON u.org_id = o.id AND u.username = 'gen-city'`),
      await one('county', `JOIN users u ON u.org_id = o.id AND u.username = 'gen-county'`),
    ];
  } finally {
    await c.end();
  }
}

async function main() {
  const loadAtStart = os.loadavg()[0]!;
  const targets = await orgs();
  const server = await startTree('people-sort', process.cwd(), DB_URL);
  const cookie = await server.login('admin');
  console.log(`people list, first page of 20 by each sort, ${REQUESTS} requests one after the other; load ${loadAtStart.toFixed(2)}`);
  console.log('organisation                 people     sort          p50 ms  p99 ms  total');
  for (const o of targets) {
    for (const sort of SORTS) {
      const url = `${server.url}/api/people?orgId=${o.id}&sort=${sort}&page=1&pageSize=20`;
      const { p50, p99, total } = await timePage(url, cookie, REQUESTS);
      console.log(
        `${`${o.label} ${o.name}`.padEnd(26)} ${String(o.people).padStart(9)}  ${sort.padEnd(12)} ${p50.toFixed(1).padStart(7)} ${p99.toFixed(1).padStart(7)}  ${total}`,
      );
    }
  }
  const loadAtEnd = os.loadavg()[0]!;
  console.log(
    `load average at the start ${loadAtStart.toFixed(2)}, at the end ${loadAtEnd.toFixed(2)} (${os.cpus().length} cores)${loadAtStart > os.cpus().length ? ': above the core count, no verdict' : ''}`,
  );
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
