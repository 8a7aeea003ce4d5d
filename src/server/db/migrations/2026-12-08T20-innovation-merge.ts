// Merging duplicate innovation items (issue #16 item 3): the duplicate points to the item that keeps
// it (merged_into), with when and why. A merged item contributes nothing to any figure: its figures
// are redefined to leave it out, so the totals trigger takes its snapshot out of every ancestor's
// totals when its status becomes 'merged' (in the merge's transaction), and the recounts agree.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE innovation_items ADD COLUMN merged_into bigint REFERENCES innovation_items(id),
    ADD COLUMN merged_at timestamptz, ADD COLUMN merge_reason text`.execute(db);
  await sql`CREATE INDEX innovation_items_merged_idx ON innovation_items (merged_into) WHERE merged_into IS NOT NULL`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION jx_innovation_figures(p_item bigint)
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
      WHERE (p_item IS NULL OR i.id = p_item) AND i.status <> 'merged'
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION jx_innovation_figures(p_item bigint)
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
  await sql`DROP INDEX IF EXISTS innovation_items_merged_idx`.execute(db);
  await sql`ALTER TABLE innovation_items DROP COLUMN merged_into, DROP COLUMN merged_at, DROP COLUMN merge_reason`.execute(db);
}
