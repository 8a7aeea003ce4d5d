// The roll-ups checked against a recount from scratch (jx_org_totals_recount() in the database, the
// same expressions as the triggers), and repaired. Used by the CLI (verify-totals, repair-totals)
// and the tests (src/server/testing/totals.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { innovationMismatches, repairInnovationTotals } from '../proposals/upward.repository.js';
import { MONTHLY_COLUMNS, MONTHLY_OF, ROLL_UP_COLUMNS, TOTAL_COLUMNS } from './dashboard.tables.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The advisory lock every trigger takes before it reads: holding it, nobody changes figures. */
export const TOTALS_LOCK = 72160131;

export interface TotalsMismatch {
  orgId: string;
  /** A totals column, or `monthly.<column>` when the months of an organisation do not add up to its total. */
  column: string;
  stored: number;
  expected: number;
}

const monthlyExpected = (m: string, alias: string) => MONTHLY_OF[m]!.map((c) => `coalesce(${alias}.${c}, 0)`).join(' + ');

async function findMismatches(db: Db): Promise<TotalsMismatch[]> {
  const totals = await sql<{ org_id: string; col: string; stored: number; expected: number }>`
    SELECT coalesce(t.org_id, r.org_id)::text AS org_id, x.col, x.stored, x.expected
    FROM org_totals t FULL JOIN jx_org_totals_recount() r ON r.org_id = t.org_id
    CROSS JOIN LATERAL (VALUES ${sql.raw(ROLL_UP_COLUMNS.map((c) => `('${c}', coalesce(t.${c}, 0), coalesce(r.${c}, 0))`).join(', '))}) AS x(col, stored, expected)
    WHERE x.stored <> x.expected
    ORDER BY 1, 2`.execute(db);
  const monthly = await sql<{ org_id: string; col: string; stored: number; expected: number }>`
    WITH m AS (SELECT org_id, ${sql.raw(MONTHLY_COLUMNS.map((c) => `sum(${c})::int AS ${c}`).join(', '))} FROM org_monthly GROUP BY org_id)
    SELECT coalesce(t.org_id, m.org_id)::text AS org_id, 'monthly.' || x.col AS col, x.stored, x.expected
    FROM org_totals t FULL JOIN m ON m.org_id = t.org_id
    CROSS JOIN LATERAL (VALUES ${sql.raw(MONTHLY_COLUMNS.map((c) => `('${c}', coalesce(m.${c}, 0), ${monthlyExpected(c, 't')})`).join(', '))}) AS x(col, stored, expected)
    WHERE x.stored <> x.expected
    ORDER BY 1, 2`.execute(db);
  const scopes = await findScopeMismatches(db);
  // The industry chain: each union's figures against the sum over its active affiliations.
  const industry = await sql<{ org_id: string; col: string; stored: number; expected: number }>`
    SELECT coalesce(t.union_id, r.union_id)::text AS org_id, 'industry.' || x.col AS col, x.stored, x.expected
    FROM industry_totals t FULL JOIN jx_industry_totals_recount() r ON r.union_id = t.union_id
    CROSS JOIN LATERAL (VALUES ${sql.raw(TOTAL_COLUMNS.map((c) => `('${c}', coalesce(t.${c}, 0), coalesce(r.${c}, 0))`).join(', '))}) AS x(col, stored, expected)
    WHERE x.stored <> x.expected
    ORDER BY 1, 2`.execute(db);
  // Its split by territory: per union and organisation on its enterprises' paths (column `industry_area.<union>.<figure>`).
  const areas = await sql<{ org_id: string; col: string; stored: number; expected: number }>`
    SELECT coalesce(t.org_id, r.org_id)::text AS org_id, 'industry_area.' || coalesce(t.union_id, r.union_id) || '.' || x.col AS col,
      x.stored, x.expected
    FROM industry_area_totals t FULL JOIN jx_industry_area_recount() r ON r.union_id = t.union_id AND r.org_id = t.org_id
    CROSS JOIN LATERAL (VALUES ${sql.raw(TOTAL_COLUMNS.map((c) => `('${c}', coalesce(t.${c}, 0), coalesce(r.${c}, 0))`).join(', '))}) AS x(col, stored, expected)
    WHERE x.stored <> x.expected
    ORDER BY 1, 2`.execute(db);
  // Innovation studios: per organisation × naming level × category (column `studio.<level>.<category>.<figure>`).
  const studios = await sql<{ org_id: string; col: string; stored: number; expected: number }>`
    SELECT coalesce(t.org_id, r.org_id)::text AS org_id, 'studio.' || coalesce(t.level, r.level) || '.' || coalesce(t.category, r.category) || '.' || x.col AS col,
      x.stored, x.expected
    FROM studio_totals t FULL JOIN jx_studio_totals_recount() r ON r.org_id = t.org_id AND r.level = t.level AND r.category = t.category
    CROSS JOIN LATERAL (VALUES ${sql.raw(STUDIO_COLUMNS.map((c) => `('${c}', coalesce(t.${c}, 0)::bigint, coalesce(r.${c}, 0)::bigint)`).join(', '))}) AS x(col, stored, expected)
    WHERE x.stored <> x.expected
    ORDER BY 1, 2`.execute(db);
  // Employee innovation: per organisation × category (`innovation.<category>.<figure>`), participants and decision days.
  const innovation = await innovationMismatches(db);
  return [...totals.rows, ...monthly.rows, ...scopes, ...industry.rows, ...areas.rows, ...studios.rows, ...innovation].map((r) => ({
    orgId: r.org_id,
    column: r.col,
    stored: Number(r.stored),
    expected: Number(r.expected),
  }));
}

const STUDIO_COLUMNS = ['studios_named', 'revoked', 'grants_fen', 'excellent', 'passed', 'rectify', 'members', 'studios', 'studios_closed'];

const SCOPE_KEY = 's.scope_id = x.scope_id AND s.skill_key = x.skill_key AND s.name_key = x.name_key AND s.person_id = x.person_id';

/**
 * The (organisation, level) groups of people_scopes that differ from what its people and
 * organisations call for, found by count and an XOR of row hashes per group (hash aggregates over
 * millions of rows), and those groups' rows on both sides: `bad`, `e` (expected) and `s` (stored).
 */
const SCOPE_GROUPS = `
  WITH digest_e AS (
    SELECT scope_id, skill_key, count(*) AS n, bit_xor(hashtextextended(name_key || '|' || person_id, 0)) AS h
    FROM jx_people_scopes_expected() GROUP BY 1, 2
  ), digest_s AS (
    SELECT scope_id, skill_key, count(*) AS n, bit_xor(hashtextextended(name_key || '|' || person_id, 0)) AS h
    FROM people_scopes GROUP BY 1, 2
  ), bad AS MATERIALIZED (
    SELECT coalesce(e.scope_id, s.scope_id) AS scope_id, coalesce(e.skill_key, s.skill_key) AS skill_key
    FROM digest_e e FULL JOIN digest_s s ON s.scope_id = e.scope_id AND s.skill_key = e.skill_key
    WHERE e.n IS DISTINCT FROM s.n OR e.h IS DISTINCT FROM s.h
  ), e AS MATERIALIZED (
    SELECT x.* FROM jx_people_scopes_expected() x JOIN bad USING (scope_id, skill_key)
  ), s AS MATERIALIZED (
    SELECT x.* FROM people_scopes x JOIN bad USING (scope_id, skill_key)
  )`;

/**
 * The people list's scope rows (people_scopes) against those its people and organisations call for:
 * per organisation, `people_scopes.extra` rows that should not be there, `people_scopes.missing` rows
 * that should; only the groups whose digests differ are compared row by row.
 */
async function findScopeMismatches(db: Db) {
  const r = await sql<{ org_id: string; col: string; stored: number; expected: number }>`
    ${sql.raw(SCOPE_GROUPS)},
    extra AS (SELECT scope_id, count(*)::int AS n FROM (SELECT * FROM s EXCEPT ALL SELECT * FROM e) x GROUP BY scope_id),
    missing AS (SELECT scope_id, count(*)::int AS n FROM (SELECT * FROM e EXCEPT ALL SELECT * FROM s) x GROUP BY scope_id)
    SELECT scope_id::text AS org_id, 'people_scopes.extra' AS col, n AS stored, 0 AS expected FROM extra
    UNION ALL SELECT scope_id::text, 'people_scopes.missing', 0, n FROM missing
    ORDER BY 1, 2`.execute(db);
  return r.rows;
}

/** Every difference between the stored roll-ups and a recount, read from one snapshot. */
export function recountTotals(db: Kysely<Database>): Promise<TotalsMismatch[]> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => findMismatches(trx));
}

/**
 * Rewrites the totals from a recount and books the difference of each organisation's months in the
 * current month, under the triggers' lock (writers wait; their changes apply on top afterwards).
 * Returns what was wrong.
 */
export async function repairTotals(db: Kysely<Database>): Promise<TotalsMismatch[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${TOTALS_LOCK})`.execute(trx);
    const wrong = await findMismatches(trx);
    if (!wrong.length) return wrong;
    await sql`DELETE FROM org_totals t WHERE NOT EXISTS (SELECT 1 FROM jx_org_totals_recount() r WHERE r.org_id = t.org_id)`.execute(trx);
    if (wrong.some((w) => w.column.startsWith('people_scopes.'))) {
      await sql
        .raw(`${SCOPE_GROUPS} DELETE FROM people_scopes s USING (SELECT * FROM s EXCEPT SELECT * FROM e) x WHERE ${SCOPE_KEY}`)
        .execute(trx);
      await sql.raw(`${SCOPE_GROUPS} INSERT INTO people_scopes SELECT * FROM e EXCEPT SELECT * FROM s`).execute(trx);
    }
    await sql
      .raw(`
      INSERT INTO org_totals AS t SELECT * FROM jx_org_totals_recount()
      ON CONFLICT (org_id) DO UPDATE SET ${ROLL_UP_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`)
      .execute(trx);
    await sql
      .raw(`
      WITH m AS (SELECT org_id, ${MONTHLY_COLUMNS.map((c) => `sum(${c})::int AS ${c}`).join(', ')} FROM org_monthly GROUP BY org_id),
      d AS (
        SELECT coalesce(t.org_id, m.org_id) AS org_id, ${MONTHLY_COLUMNS.map((c) => `(${monthlyExpected(c, 't')}) - coalesce(m.${c}, 0) AS ${c}`).join(', ')}
        FROM org_totals t FULL JOIN m ON m.org_id = t.org_id
      )
      INSERT INTO org_monthly AS o (org_id, month, ${MONTHLY_COLUMNS.join(', ')})
      SELECT org_id, jx_month(now()), ${MONTHLY_COLUMNS.join(', ')} FROM d WHERE ${MONTHLY_COLUMNS.map((c) => `${c} <> 0`).join(' OR ')}
      ON CONFLICT (org_id, month) DO UPDATE SET ${MONTHLY_COLUMNS.map((c) => `${c} = o.${c} + excluded.${c}`).join(', ')}`)
      .execute(trx);
    // Last, the industry unions' figures from the (now repaired) org_totals of their enterprises.
    await sql`DELETE FROM industry_totals t WHERE NOT EXISTS (SELECT 1 FROM jx_industry_totals_recount() r WHERE r.union_id = t.union_id)`.execute(
      trx,
    );
    await sql
      .raw(`
      INSERT INTO industry_totals AS t SELECT * FROM jx_industry_totals_recount()
      ON CONFLICT (union_id) DO UPDATE SET ${TOTAL_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`)
      .execute(trx);
    await sql`DELETE FROM industry_area_totals`.execute(trx);
    await sql`INSERT INTO industry_area_totals SELECT * FROM jx_industry_area_recount()`.execute(trx);
    if (wrong.some((w) => w.column.startsWith('studio.'))) {
      await sql`LOCK TABLE studio_totals IN EXCLUSIVE MODE`.execute(trx);
      // each studio's highest current naming level first (its trigger moves the counts; rebuilt below anyway)
      await sql`UPDATE studios SET named_level = jx_studio_named_level(id) WHERE named_level IS DISTINCT FROM jx_studio_named_level(id)`.execute(
        trx,
      );
      await sql`DELETE FROM studio_totals`.execute(trx);
      await sql`INSERT INTO studio_totals SELECT * FROM jx_studio_totals_recount()`.execute(trx);
    }
    if (wrong.some((w) => w.column.startsWith('innovation'))) {
      await sql`LOCK TABLE innovation_item_figures IN EXCLUSIVE MODE`.execute(trx);
      await repairInnovationTotals(trx);
    }
    return wrong;
  });
}
