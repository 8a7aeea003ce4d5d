// Employee innovation, issue #16 items 5–7: upward selections (an upper organisation's campaign, the
// entries lower organisations recommend into it, their review and award records), patents with their
// inventors in order, and the dashboard's maintained totals.
//
// Totals: each item's figures (jx_innovation_figures, read from the items, entries, awards and patents)
// are kept as a snapshot row (innovation_item_figures); any change to an item or one of its child rows
// takes the old snapshot out of every ancestor's totals and puts the new one in, in the writer's
// transaction. An item counts once at each ancestor of its own organisation however many selections
// or levels it enters ("recommended" and "selected" are per item, not per entry). Participants
// (distinct proposers) and the days from submission to decision (for the median) have their own tables.
// jx_innovation_*_recount() give the same from scratch for verify-totals / the tests.
import { sql, type Kysely } from 'kysely';

const FIGURES = [
  'submitted',
  'adopted',
  'implemented',
  'decided',
  'estimated_fen',
  'verified_fen',
  'awards_paid_fen',
  'recommended',
  'selected',
  'selection_awards_fen',
  'patents_invention',
  'patents_utility',
  'patents_design',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE innovation_items ADD COLUMN estimated_benefit_fen bigint`.execute(db);
  await sql`ALTER TABLE innovation_items ADD COLUMN submitted_on date`.execute(db);
  await sql`ALTER TABLE innovation_items ADD COLUMN decided_on date`.execute(db);

  await sql`
    CREATE TABLE innovation_selections (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      kind text NOT NULL,
      year integer NOT NULL,
      deadline date NOT NULL,
      created_by bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX innovation_selections_org_idx ON innovation_selections (org_id, id)`.execute(db);
  await sql`
    CREATE TABLE innovation_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      selection_id bigint NOT NULL REFERENCES innovation_selections(id),
      item_id bigint NOT NULL REFERENCES innovation_items(id),
      recommended_by bigint NOT NULL REFERENCES organisations(id),
      note text NOT NULL DEFAULT '',
      score numeric(6, 2),
      rank integer,
      decision text,
      reason text,
      created_by bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (selection_id, item_id)
    )`.execute(db);
  await sql`CREATE INDEX innovation_entries_item_idx ON innovation_entries (item_id)`.execute(db);
  await sql`CREATE INDEX innovation_entries_by_idx ON innovation_entries (recommended_by, id)`.execute(db);
  await sql`
    CREATE TABLE innovation_awards (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      entry_id bigint NOT NULL REFERENCES innovation_entries(id),
      item_id bigint NOT NULL REFERENCES innovation_items(id),
      name text NOT NULL,
      tier text NOT NULL DEFAULT '',
      amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX innovation_awards_entry_idx ON innovation_awards (entry_id)`.execute(db);
  await sql`
    CREATE TABLE innovation_patents (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      item_id bigint NOT NULL REFERENCES innovation_items(id),
      type text NOT NULL,
      application_no text NOT NULL,
      application_date date NOT NULL,
      grant_no text,
      grant_date date,
      job_invention boolean NOT NULL DEFAULT true,
      created_by bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (application_no)
    )`.execute(db);
  await sql`CREATE INDEX innovation_patents_item_idx ON innovation_patents (item_id)`.execute(db);
  await sql`
    CREATE TABLE innovation_patent_inventors (
      patent_id bigint NOT NULL REFERENCES innovation_patents(id),
      position integer NOT NULL,
      person_id bigint NOT NULL REFERENCES people(id),
      PRIMARY KEY (patent_id, position)
    )`.execute(db);
  await sql`CREATE INDEX innovation_patent_inventors_person_idx ON innovation_patent_inventors (person_id)`.execute(db);

  // ---- totals
  await sql
    .raw(`
    CREATE TABLE innovation_totals (
      org_id bigint NOT NULL REFERENCES organisations(id),
      category text NOT NULL,
      ${FIGURES.map((f) => `${f} ${f.endsWith('_fen') ? 'bigint' : 'integer'} NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (org_id, category)
    )`)
    .execute(db);
  await sql`
    CREATE TABLE innovation_participants (
      org_id bigint NOT NULL REFERENCES organisations(id),
      person_id bigint NOT NULL,
      items integer NOT NULL,
      PRIMARY KEY (org_id, person_id)
    )`.execute(db);
  await sql`
    CREATE TABLE innovation_decision_days (
      org_id bigint NOT NULL REFERENCES organisations(id),
      days integer NOT NULL,
      n integer NOT NULL,
      PRIMARY KEY (org_id, days)
    )`.execute(db);

  // What one item (or, with NULL, every item) contributes, from the base tables.
  await sql`
    CREATE FUNCTION jx_innovation_figures(p_item bigint)
    RETURNS TABLE (item_id bigint, org_id bigint, category text,
      submitted integer, adopted integer, implemented integer, decided integer,
      estimated_fen bigint, verified_fen bigint, awards_paid_fen bigint,
      recommended integer, selected integer, selection_awards_fen bigint,
      patents_invention integer, patents_utility integer, patents_design integer,
      proposers bigint[], decision_days integer)
    LANGUAGE sql STABLE AS $$
      SELECT i.id, i.org_id, i.category,
        (i.status <> 'draft')::int,
        (i.status IN ('adopted', 'trial', 'implemented', 'accepted', 'verified', 'paid'))::int,
        (i.status IN ('implemented', 'accepted', 'verified', 'paid'))::int,
        (i.status IN ('adopted', 'trial', 'implemented', 'accepted', 'verified', 'paid', 'not_adopted', 'filed'))::int,
        CASE WHEN i.status <> 'draft' THEN coalesce(i.estimated_benefit_fen, 0) ELSE 0 END,
        CASE WHEN i.status IN ('verified', 'paid') THEN coalesce((i.benefit->>'savingFen')::bigint, 0) ELSE 0 END,
        CASE WHEN i.status = 'paid' THEN coalesce((i.benefit->>'awardFen')::bigint, 0) ELSE 0 END,
        (EXISTS (SELECT 1 FROM innovation_entries e WHERE e.item_id = i.id))::int,
        (EXISTS (SELECT 1 FROM innovation_entries e WHERE e.item_id = i.id AND e.decision = 'selected'))::int,
        coalesce((SELECT sum(a.amount_fen) FROM innovation_awards a WHERE a.item_id = i.id), 0)::bigint,
        (SELECT count(*) FROM innovation_patents p WHERE p.item_id = i.id AND p.type = 'invention')::int,
        (SELECT count(*) FROM innovation_patents p WHERE p.item_id = i.id AND p.type = 'utility_model')::int,
        (SELECT count(*) FROM innovation_patents p WHERE p.item_id = i.id AND p.type = 'design')::int,
        CASE WHEN i.status <> 'draft'
          THEN ARRAY(SELECT DISTINCT (x->>'personId')::bigint FROM jsonb_array_elements(i.proposers) x ORDER BY 1)
          ELSE '{}'::bigint[] END,
        CASE WHEN i.decided_on IS NOT NULL AND i.submitted_on IS NOT NULL
          AND i.status IN ('adopted', 'trial', 'implemented', 'accepted', 'verified', 'paid', 'not_adopted', 'filed')
          THEN (i.decided_on - i.submitted_on) END
      FROM innovation_items i
      WHERE p_item IS NULL OR i.id = p_item
    $$`.execute(db);

  await sql`CREATE TABLE innovation_item_figures AS SELECT * FROM jx_innovation_figures(NULL) WITH NO DATA`.execute(db);
  await sql`ALTER TABLE innovation_item_figures ADD PRIMARY KEY (item_id)`.execute(db);

  // Adds (s = 1) or takes out (s = -1) one snapshot at every ancestor of its organisation.
  await sql
    .raw(`
    CREATE FUNCTION jx_innovation_apply(f innovation_item_figures, s integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO innovation_totals AS t (org_id, category, ${FIGURES.join(', ')})
      SELECT a.id::bigint, f.category, ${FIGURES.map((c) => `s * f.${c}`).join(', ')}
      FROM organisations o CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
      WHERE o.id = f.org_id AND o.path NOT LIKE 'pending:%'
      ON CONFLICT (org_id, category) DO UPDATE SET ${FIGURES.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')};
      IF cardinality(f.proposers) > 0 THEN
        INSERT INTO innovation_participants AS t (org_id, person_id, items)
        SELECT a.id::bigint, p.id, s
        FROM organisations o CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
        CROSS JOIN unnest(f.proposers) AS p(id)
        WHERE o.id = f.org_id AND o.path NOT LIKE 'pending:%'
        ON CONFLICT (org_id, person_id) DO UPDATE SET items = t.items + excluded.items;
        DELETE FROM innovation_participants WHERE person_id = ANY (f.proposers) AND items = 0;
      END IF;
      IF f.decision_days IS NOT NULL THEN
        INSERT INTO innovation_decision_days AS t (org_id, days, n)
        SELECT a.id::bigint, f.decision_days, s
        FROM organisations o CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
        WHERE o.id = f.org_id AND o.path NOT LIKE 'pending:%'
        ON CONFLICT (org_id, days) DO UPDATE SET n = t.n + excluded.n;
        DELETE FROM innovation_decision_days WHERE days = f.decision_days AND n = 0;
      END IF;
    END $$`)
    .execute(db);

  await sql`
    CREATE FUNCTION jx_innovation_refresh(p_item bigint) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE o innovation_item_figures; n innovation_item_figures;
    BEGIN
      SELECT * INTO o FROM innovation_item_figures WHERE item_id = p_item FOR UPDATE;
      IF FOUND THEN
        PERFORM jx_innovation_apply(o, -1);
        DELETE FROM innovation_item_figures WHERE item_id = p_item;
      END IF;
      SELECT * INTO n FROM jx_innovation_figures(p_item);
      IF FOUND THEN
        INSERT INTO innovation_item_figures SELECT (n).*;
        PERFORM jx_innovation_apply(n, 1);
      END IF;
    END $$`.execute(db);

  await sql`
    CREATE FUNCTION jx_innovation_touch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'innovation_items' THEN
        PERFORM jx_innovation_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
      ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM jx_innovation_refresh(OLD.item_id); END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.item_id <> OLD.item_id) THEN PERFORM jx_innovation_refresh(NEW.item_id); END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of ['innovation_items', 'innovation_entries', 'innovation_awards', 'innovation_patents'])
    await sql
      .raw(
        `CREATE TRIGGER ${table}_totals AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION jx_innovation_touch()`,
      )
      .execute(db);

  // The same from scratch.
  await sql
    .raw(`
    CREATE FUNCTION jx_innovation_totals_recount()
    RETURNS TABLE (org_id bigint, category text, ${FIGURES.map((c) => `${c} bigint`).join(', ')})
    LANGUAGE sql STABLE AS $$
      SELECT a.id::bigint, f.category, ${FIGURES.map((c) => `sum(f.${c})::bigint`).join(', ')}
      FROM jx_innovation_figures(NULL) f JOIN organisations o ON o.id = f.org_id
      CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
      WHERE o.path NOT LIKE 'pending:%'
      GROUP BY a.id, f.category
    $$`)
    .execute(db);
  await sql`
    CREATE FUNCTION jx_innovation_participants_recount() RETURNS TABLE (org_id bigint, person_id bigint, items integer)
    LANGUAGE sql STABLE AS $$
      SELECT a.id::bigint, p.id, count(*)::int
      FROM jx_innovation_figures(NULL) f JOIN organisations o ON o.id = f.org_id
      CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
      CROSS JOIN unnest(f.proposers) AS p(id)
      WHERE o.path NOT LIKE 'pending:%'
      GROUP BY 1, 2
    $$`.execute(db);
  await sql`
    CREATE FUNCTION jx_innovation_days_recount() RETURNS TABLE (org_id bigint, days integer, n integer)
    LANGUAGE sql STABLE AS $$
      SELECT a.id::bigint, f.decision_days, count(*)::int
      FROM jx_innovation_figures(NULL) f JOIN organisations o ON o.id = f.org_id
      CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')) AS a(id)
      WHERE o.path NOT LIKE 'pending:%' AND f.decision_days IS NOT NULL
      GROUP BY 1, 2
    $$`.execute(db);

  // Items already there when this migration runs.
  await sql`INSERT INTO innovation_item_figures SELECT * FROM jx_innovation_figures(NULL)`.execute(db);
  await sql`SELECT jx_innovation_apply(f, 1) FROM innovation_item_figures f`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['innovation_items', 'innovation_entries', 'innovation_awards', 'innovation_patents'])
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_totals ON ${table}`).execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_innovation_touch(), jx_innovation_refresh(bigint), jx_innovation_totals_recount(),
    jx_innovation_participants_recount(), jx_innovation_days_recount()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_innovation_apply(innovation_item_figures, integer)`.execute(db);
  await sql`DROP TABLE IF EXISTS innovation_item_figures, innovation_totals, innovation_participants, innovation_decision_days`.execute(db);
  await sql`DROP FUNCTION IF EXISTS jx_innovation_figures(bigint)`.execute(db);
  await sql`DROP TABLE IF EXISTS innovation_patent_inventors, innovation_patents, innovation_awards, innovation_entries, innovation_selections`.execute(
    db,
  );
  await sql`ALTER TABLE innovation_items DROP COLUMN IF EXISTS estimated_benefit_fen, DROP COLUMN IF EXISTS submitted_on,
    DROP COLUMN IF EXISTS decided_on`.execute(db);
}
