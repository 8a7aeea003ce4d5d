// The second chain over the same enterprises: industry unions.
//  - organisations.industry_code: the enterprise's GB/T 4754-2017 division (src/shared/industries.ts).
//  - industry_union_divisions: which industry union(s) serve a division (set by the national level);
//    affiliations are proposed from it.
//  - org_affiliations: enterprise ↔ industry union with its history (proposed → active → ended, or
//    declined); at most one open (proposed or active) row per pair.
//  - industry_totals: per industry union, the sum of the org_totals rows (subtree figures) of its
//    active affiliated enterprises. Kept in the writers' transactions: a trigger on org_totals passes
//    every change of an affiliated enterprise's figures on to its unions, a trigger on org_affiliations
//    adds or takes off the enterprise's figures when an affiliation starts or ends.
//    jx_industry_totals_recount() recomputes them from the stored org_totals (verify-totals checks
//    those against their own recount), so the check costs one pass over the affiliations.
import { sql, type Kysely } from 'kysely';

/** The totals columns of org_totals (without the registry columns), frozen with this migration. */
const COLS = [
  'workers',
  'union_members',
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((k) => `skill_${k}`),
  'model_workers_national',
  'model_workers_provincial',
  'model_workers_city',
  'may_day_national',
  'may_day_provincial',
  'craftsmen',
  'technical_experts',
  'enterprises',
  'enterprises_with_union',
  'tasks_not_started',
  'tasks_on_track',
  'tasks_at_risk',
  'tasks_overdue',
  'tasks_completed',
];

const list = COLS.join(', ');
const sums = (alias: string) => COLS.map((c) => `sum(${alias}.${c})::int`).join(', ');
const addUp = COLS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ');
const nonzero = (alias: string) => COLS.map((c) => `sum(${alias}.${c}) <> 0`).join(' OR ');

/** Applies per-enterprise deltas (rows: org_id, cols…) to the unions each enterprise is actively affiliated to. */
const applyToUnions = (rows: string) => `
  INSERT INTO industry_totals AS t (union_id, ${list})
  SELECT a.union_id, ${sums('d')}
  FROM (${rows}) d JOIN org_affiliations a ON a.enterprise_id = d.org_id AND a.status = 'active'
  GROUP BY a.union_id HAVING ${nonzero('d')}
  ORDER BY a.union_id
  ON CONFLICT (union_id) DO UPDATE SET ${addUp}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE organisations ADD COLUMN industry_code text CHECK (industry_code ~ '^[0-9]{2}$')`.execute(db);
  await sql`CREATE INDEX organisations_industry_idx ON organisations (industry_code) WHERE industry_code IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE industry_union_divisions (
      division text NOT NULL CHECK (division ~ '^[0-9]{2}$'),
      union_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      PRIMARY KEY (division, union_id)
    )`.execute(db);
  await sql`CREATE INDEX industry_union_divisions_union_idx ON industry_union_divisions (union_id)`.execute(db);
  await sql`
    CREATE TABLE org_affiliations (
      id bigserial PRIMARY KEY,
      enterprise_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      union_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      status text NOT NULL CHECK (status IN ('proposed', 'active', 'ended', 'declined')),
      source text NOT NULL CHECK (source IN ('industry_code', 'territorial', 'industry_union')),
      valid_from timestamptz,
      valid_to timestamptz,
      created_by bigint REFERENCES users (id) ON DELETE SET NULL,
      decided_by bigint REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX org_affiliations_open_uq ON org_affiliations (enterprise_id, union_id) WHERE status IN ('proposed', 'active')`.execute(
    db,
  );
  await sql`CREATE INDEX org_affiliations_union_idx ON org_affiliations (union_id, status) INCLUDE (enterprise_id)`.execute(db);
  await sql`CREATE INDEX org_affiliations_enterprise_idx ON org_affiliations (enterprise_id)`.execute(db);
  await sql
    .raw(`CREATE TABLE industry_totals (union_id bigint PRIMARY KEY, ${COLS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', ')})`)
    .execute(db);

  // Changes of org_totals (the roll-up triggers, repair-totals) passed on to the unions.
  const statements = [
    `CREATE FUNCTION jx_industry_totals_ins() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${applyToUnions(`SELECT org_id, ${list} FROM new_table`)};
      RETURN NULL;
    END $$`,
    `CREATE FUNCTION jx_industry_totals_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${applyToUnions(`SELECT n.org_id, ${COLS.map((c) => `n.${c} - o.${c} AS ${c}`).join(', ')} FROM new_table n JOIN old_table o ON o.org_id = n.org_id`)};
      RETURN NULL;
    END $$`,
    `CREATE FUNCTION jx_industry_totals_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${applyToUnions(`SELECT org_id, ${COLS.map((c) => `-${c} AS ${c}`).join(', ')} FROM old_table`)};
      RETURN NULL;
    END $$`,
    'CREATE TRIGGER org_totals_industry_ins AFTER INSERT ON org_totals REFERENCING NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION jx_industry_totals_ins()',
    'CREATE TRIGGER org_totals_industry_upd AFTER UPDATE ON org_totals REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table FOR EACH STATEMENT EXECUTE FUNCTION jx_industry_totals_upd()',
    'CREATE TRIGGER org_totals_industry_del AFTER DELETE ON org_totals REFERENCING OLD TABLE AS old_table FOR EACH STATEMENT EXECUTE FUNCTION jx_industry_totals_del()',
    // An affiliation that starts or ends moves the enterprise's figures, under the roll-ups' lock and
    // the enterprise's totals row lock (a writer changing its figures meanwhile waits, then sees the row).
    `CREATE FUNCTION jx_industry_apply(p_union bigint, p_enterprise bigint, p_sign integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM 1 FROM org_totals WHERE org_id = p_enterprise FOR UPDATE;
      INSERT INTO industry_totals AS t (union_id, ${list})
      SELECT p_union, ${COLS.map((c) => `p_sign * x.${c}`).join(', ')} FROM org_totals x WHERE x.org_id = p_enterprise
      ON CONFLICT (union_id) DO UPDATE SET ${addUp};
    END $$`,
    `CREATE FUNCTION jx_industry_affiliation() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      was boolean := TG_OP <> 'INSERT' AND OLD.status = 'active';
      now_active boolean := TG_OP <> 'DELETE' AND NEW.status = 'active';
    BEGIN
      IF NOT was AND NOT now_active THEN RETURN NULL; END IF;
      IF TG_OP = 'UPDATE' AND was AND now_active AND OLD.union_id = NEW.union_id AND OLD.enterprise_id = NEW.enterprise_id THEN RETURN NULL; END IF;
      PERFORM pg_advisory_xact_lock_shared(72160131);
      IF was THEN PERFORM jx_industry_apply(OLD.union_id, OLD.enterprise_id, -1); END IF;
      IF now_active THEN PERFORM jx_industry_apply(NEW.union_id, NEW.enterprise_id, 1); END IF;
      RETURN NULL;
    END $$`,
    'CREATE TRIGGER org_affiliations_totals AFTER INSERT OR UPDATE OR DELETE ON org_affiliations FOR EACH ROW EXECUTE FUNCTION jx_industry_affiliation()',
    `CREATE FUNCTION jx_industry_totals_recount() RETURNS TABLE (union_id bigint, ${COLS.map((c) => `${c} integer`).join(', ')})
    LANGUAGE sql STABLE AS $$
      SELECT a.union_id, ${sums('r')}
      FROM org_affiliations a JOIN org_totals r ON r.org_id = a.enterprise_id
      WHERE a.status = 'active'
      GROUP BY a.union_id
    $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'DROP TRIGGER IF EXISTS org_totals_industry_ins ON org_totals',
    'DROP TRIGGER IF EXISTS org_totals_industry_upd ON org_totals',
    'DROP TRIGGER IF EXISTS org_totals_industry_del ON org_totals',
    'DROP TABLE IF EXISTS org_affiliations',
    'DROP TABLE IF EXISTS industry_totals',
    'DROP TABLE IF EXISTS industry_union_divisions',
    'DROP FUNCTION IF EXISTS jx_industry_totals_recount()',
    'DROP FUNCTION IF EXISTS jx_industry_affiliation()',
    'DROP FUNCTION IF EXISTS jx_industry_apply(bigint, bigint, integer)',
    'DROP FUNCTION IF EXISTS jx_industry_totals_ins()',
    'DROP FUNCTION IF EXISTS jx_industry_totals_upd()',
    'DROP FUNCTION IF EXISTS jx_industry_totals_del()',
    'ALTER TABLE organisations DROP COLUMN IF EXISTS industry_code',
  ])
    await sql.raw(statement).execute(db);
}
