// The dataset generator: the same seed gives the same data; codes and ID numbers are valid and
// consistent with the stored fields; sizes are as asked; the roll-ups match a recount; the app
// reads what was written (list, and the unmasked view opens the sealed ID number).
import { MACHINERY_DIVISIONS, MACHINERY_UNION } from '../../modules/industry/industry.demo.js';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { testConfig } from '../../config.js';
import { createSecretBox } from '../../platform/secrets.js';
import { isValidUscc } from '../../modules/orgs/uscc.js';
import { findRegion } from '../../modules/orgs/regions.js';
import { maskIdNumber, parseIdNumber } from '../../modules/people/id-number.js';
import { recountTotals } from '../../modules/dashboard/totals.repository.js';
import { ADMIN_PASSWORD, Client, openTestDatabase } from '../../testing/harness.js';
import { expectSortKeysCurrent } from '../../testing/sort-keys.js';
import { generateDataset, type GenerateResult } from './generate.js';

const WORKERS = 1500;
const key = randomBytes(32);
const secrets = createSecretBox(key);
const config = testConfig({
  JIANGXIN_ADMIN_PASSWORD: ADMIN_PASSWORD,
  JIANGXIN_ADMIN_TOTP: 'optional',
  JIANGXIN_WEB_DIR: '/nonexistent',
  JIANGXIN_JOBS: 'off',
});

type Handle = Awaited<ReturnType<typeof openTestDatabase>>;

async function generated(seed: number): Promise<{ h: Handle; r: GenerateResult }> {
  const h = await openTestDatabase();
  const r = await generateDataset(
    { db: h.db, dbKind: h.kind, config, secrets },
    { workers: WORKERS, seed, province: '46', asOf: '2026-06-15', batch: 400 },
  );
  return { h, r };
}

/** Everything that is not random by design (sealed values carry a random IV). */
async function fingerprint(h: Handle) {
  const orgs = await sql<{
    s: string;
  }>`SELECT string_agg(concat_ws('|', id, path, name, kind, level, region_code, uscc, union_name), E'\n' ORDER BY id) AS s FROM organisations`.execute(
    h.db,
  );
  const people = await sql<{
    s: string;
  }>`SELECT string_agg(concat_ws('|', id, org_id, name, id_hash, id_masked, phone_masked, gender, birth_date, union_member, union_joined_on, occupation, education, employment_status, skill_level, created_at), E'\n' ORDER BY id) AS s FROM people`.execute(
    h.db,
  );
  const rest = await sql<{ s: string }>`SELECT concat_ws('#',
    (SELECT string_agg(concat_ws('|', person_id, level, certificate_no, certified_on), ',' ORDER BY person_id) FROM person_skills),
    (SELECT string_agg(concat_ws('|', person_id, kind, grade, title, year), ',' ORDER BY person_id, kind) FROM person_honours),
    (SELECT string_agg(concat_ws('|', org_id, parent_id IS NULL, title, status, due_date), ',' ORDER BY id) FROM tasks)) AS s`.execute(
    h.db,
  );
  return [orgs.rows[0]!.s, people.rows[0]!.s, rest.rows[0]!.s];
}

describe('dataset generator', () => {
  let a: { h: Handle; r: GenerateResult };
  beforeAll(async () => {
    a = await generated(7);
  });
  afterAll(() => a.h.close());

  it('is deterministic for a seed, and another seed gives other data', async () => {
    const again = await generated(7);
    const other = await generated(8);
    try {
      expect(await fingerprint(again.h)).toEqual(await fingerprint(a.h));
      expect((await fingerprint(other.h))[1]).not.toEqual((await fingerprint(a.h))[1]);
    } finally {
      await again.h.close();
      await other.h.close();
    }
  });

  it('writes the sizes asked for, on the real division tree', async () => {
    const db = a.h.db;
    expect(a.r.people).toBe(WORKERS);
    expect(Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM people`.execute(db)).rows[0]!.n)).toBe(WORKERS);
    const orgs = await db.selectFrom('organisations').selectAll().execute();
    // The planned tree, the root and the industry union the enterprises are affiliated to by their codes.
    expect(orgs.length).toBe(a.r.organisations + 2);
    const province = orgs.find((o) => o.level === 'province')!;
    expect(province).toMatchObject({ name: '海南省总工会', region_code: '460000' });
    for (const o of orgs.filter((x) => x.kind === 'federation' && (x.level === 'city' || x.level === 'county'))) {
      expect(findRegion(o.region_code!)?.name, o.name).toBe(o.name.replace(/总工会$/, ''));
    }
    const byId = new Map(orgs.map((o) => [o.id, o]));
    for (const o of orgs) if (o.parent_id) expect(o.path).toBe(`${byId.get(o.parent_id)!.path}${o.id}.`);
    const enterprises = orgs.filter((o) => o.kind === 'enterprise');
    expect(enterprises.length).toBe(a.r.enterprises);
    for (const e of enterprises) {
      expect(isValidUscc(e.uscc!), e.uscc!).toBe(true);
      expect(e.uscc!.slice(2, 8)).toBe(e.region_code);
    }
    expect(new Set(enterprises.map((e) => e.uscc)).size).toBe(enterprises.length);
    // Every enterprise has a generated industry code; those of the machinery divisions are affiliated.
    expect(enterprises.every((e) => /^\d{2}$/.test(e.industry_code ?? ''))).toBe(true);
    const union = orgs.find((o) => o.kind === 'industry_union' && o.name === MACHINERY_UNION)!;
    const affiliated = await db.selectFrom('org_affiliations').select('enterprise_id').where('union_id', '=', union.id).execute();
    expect(affiliated.length).toBe(enterprises.filter((e) => MACHINERY_DIVISIONS.includes(e.industry_code!)).length);
    expect(affiliated.length).toBeGreaterThan(0);
    const provincial = orgs.find((o) => o.kind === 'industry_union' && o.name === '海南省机械冶金建材工会')!;
    const inProvince = await db.selectFrom('org_affiliations').select('enterprise_id').where('union_id', '=', provincial.id).execute();
    expect(inProvince.length).toBe(affiliated.length);
    expect(a.r.tasks).toBeGreaterThan(0);
    expect(a.r.reports).toBeGreaterThan(0);
  });

  it('writes valid ID numbers consistent with birth date and gender, sealed as the app seals them', async () => {
    const rows = await sql<{
      id_sealed: string;
      id_hash: string;
      id_masked: string;
      birth_date: string;
      gender: string;
      phone_sealed: string | null;
      phone_masked: string | null;
      skill_level: number | null;
      certs: number;
    }>`
      SELECT p.id_sealed, p.id_hash, p.id_masked, p.birth_date::text AS birth_date, p.gender, p.phone_sealed, p.phone_masked, p.skill_level,
        (SELECT count(*)::int FROM person_skills s WHERE s.person_id = p.id AND s.level = p.skill_level) AS certs
      FROM people p`.execute(a.h.db);
    const ids = new Set<string>();
    for (const r of rows.rows) {
      const id = secrets.open(r.id_sealed);
      const info = parseIdNumber(id, new Date('2026-06-15'));
      expect(info.ok, id).toBe(true);
      if (!info.ok) continue;
      expect(findRegion(id.slice(0, 6)), id).toBeDefined();
      expect(info.value.birthDate).toBe(r.birth_date);
      expect(info.value.gender).toBe(r.gender);
      expect(secrets.keyedHash(id)).toBe(r.id_hash);
      expect(maskIdNumber(id)).toBe(r.id_masked);
      if (r.phone_sealed) expect(secrets.open(r.phone_sealed)).toMatch(/^1[3-9]\d{9}$/);
      if (r.skill_level) expect(r.certs).toBe(1);
      ids.add(id);
    }
    expect(ids.size).toBe(WORKERS);
    // Most hold no certificate or a low one; 技师 (5) and above are few.
    const high = rows.rows.filter((r) => (r.skill_level ?? 0) >= 5).length;
    const none = rows.rows.filter((r) => !r.skill_level).length;
    expect(none).toBeGreaterThan(WORKERS * 0.3);
    expect(high).toBeLessThan(WORKERS * 0.1);
  });

  it('leaves the dashboard roll-ups equal to a recount', async () => {
    expect(a.r.totalsMismatches).toBe(0);
    expect(await recountTotals(a.h.db)).toEqual([]);
  });

  it('stores each name with its pinyin sort key, as the app computes it', async () => {
    await expectSortKeysCurrent(a.h.db);
  });

  it('refuses a database that holds data already', async () => {
    await expect(generateDataset({ db: a.h.db, dbKind: a.h.kind, config, secrets }, { workers: 10 })).rejects.toThrow(/new database/);
  });

  it('is read by the app: the list, and the unmasked view of a sealed ID number', async () => {
    const app = await buildApp({ db: a.h.db, dbKind: a.h.kind, config, secrets });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      const c = new Client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
      expect((await c.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(200);
      const list = await c.get('/api/people?skillLevel=senior&sort=name&pageSize=5');
      expect(list.status).toBe(200);
      expect(list.body.total).toBeGreaterThan(0);
      // A page past the end still carries the total.
      const past = await c.get(`/api/people?skillLevel=senior&sort=name&pageSize=5&page=${Math.ceil(list.body.total / 5) + 1}`);
      expect(past.body).toEqual({ items: [], total: list.body.total });
      const pii = await c.post(`/api/people/${list.body.items[0].id}/pii`, { purpose: 'data_check' });
      expect(pii.status).toBe(200);
      expect(parseIdNumber(pii.body.idNumber).ok).toBe(true);
      const city = await c.post('/api/auth/login', { username: 'gen-city', password: ADMIN_PASSWORD });
      expect(city.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
