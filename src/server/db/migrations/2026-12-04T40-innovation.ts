// Innovation studios (劳模和工匠人才创新工作室) with members, projects and funding; the naming calls,
// applications passed up level by level, naming records (one studio, many namings), annual
// assessments; mentor–apprentice pairs (师带徒). Money is kept in fen (bigint): exact.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE studio_categories (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE studios (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      category text NOT NULL,
      leader_person_id bigint NOT NULL REFERENCES people(id),
      leader_honour_id bigint REFERENCES person_honours(id) ON DELETE SET NULL,
      industry_chain text,
      founded_on date NOT NULL,
      venue_address text,
      venue_area numeric(12,2),
      equipment jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX studios_org_idx ON studios (org_id, id)`.execute(db);

  await sql`
    CREATE TABLE studio_members (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      studio_id bigint NOT NULL REFERENCES studios(id) ON DELETE CASCADE,
      person_id bigint NOT NULL REFERENCES people(id),
      role text NOT NULL CHECK (role IN ('leader','core','member')),
      joined_on date NOT NULL,
      left_on date,
      CHECK (left_on IS NULL OR left_on >= joined_on)
    )`.execute(db);
  await sql`CREATE INDEX studio_members_studio_idx ON studio_members (studio_id)`.execute(db);
  await sql`CREATE INDEX studio_members_person_idx ON studio_members (person_id)`.execute(db);

  await sql`
    CREATE TABLE studio_projects (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      studio_id bigint NOT NULL REFERENCES studios(id) ON DELETE CASCADE,
      title text NOT NULL,
      approval_doc_no text NOT NULL,
      approved_on date NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX studio_projects_studio_idx ON studio_projects (studio_id)`.execute(db);

  await sql`
    CREATE TABLE studio_funding (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      studio_id bigint NOT NULL REFERENCES studios(id) ON DELETE CASCADE,
      source text NOT NULL,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      received_on date NOT NULL,
      doc_no text
    )`.execute(db);
  await sql`CREATE INDEX studio_funding_studio_idx ON studio_funding (studio_id)`.execute(db);

  await sql`
    CREATE TABLE studio_calls (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      year integer NOT NULL,
      title text NOT NULL,
      level text NOT NULL,
      quota integer NOT NULL CHECK (quota > 0),
      deadline date NOT NULL,
      conditions jsonb NOT NULL DEFAULT '{}',
      checklist jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX studio_calls_org_idx ON studio_calls (org_id, year)`.execute(db);

  await sql`
    CREATE TABLE studio_applications (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      call_id bigint NOT NULL REFERENCES studio_calls(id),
      studio_id bigint NOT NULL REFERENCES studios(id),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','returned','named','rejected')),
      at_org_id bigint REFERENCES organisations(id),
      statement text NOT NULL DEFAULT '',
      scores jsonb,
      review_notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (call_id, studio_id)
    )`.execute(db);
  await sql`CREATE INDEX studio_applications_at_idx ON studio_applications (at_org_id)`.execute(db);

  await sql`
    CREATE TABLE studio_application_steps (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      application_id bigint NOT NULL REFERENCES studio_applications(id) ON DELETE CASCADE,
      org_id bigint NOT NULL REFERENCES organisations(id),
      action text NOT NULL,
      note text NOT NULL DEFAULT '',
      user_id bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX studio_application_steps_app_idx ON studio_application_steps (application_id, id)`.execute(db);

  await sql`
    CREATE TABLE studio_namings (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      studio_id bigint NOT NULL REFERENCES studios(id),
      call_id bigint REFERENCES studio_calls(id),
      application_id bigint REFERENCES studio_applications(id),
      org_id bigint NOT NULL REFERENCES organisations(id),
      level text NOT NULL,
      doc_no text NOT NULL,
      named_on date NOT NULL,
      plaque_no text,
      grant_fen bigint NOT NULL DEFAULT 0 CHECK (grant_fen >= 0),
      status text NOT NULL DEFAULT 'named' CHECK (status IN ('named','rectification','revoked')),
      rectify_by date,
      revoked_on date,
      revoke_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (studio_id, org_id)
    )`.execute(db);
  await sql`CREATE INDEX studio_namings_org_idx ON studio_namings (org_id, level)`.execute(db);

  await sql`
    CREATE TABLE studio_assessments (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      naming_id bigint NOT NULL REFERENCES studio_namings(id) ON DELETE CASCADE,
      year integer NOT NULL,
      items jsonb NOT NULL DEFAULT '[]',
      score numeric(6,2),
      result text NOT NULL CHECK (result IN ('excellent','pass','rectify')),
      rectify_by date,
      note text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (naming_id, year)
    )`.execute(db);

  await sql`
    CREATE TABLE mentorships (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      agreement_no text NOT NULL,
      master_person_id bigint NOT NULL REFERENCES people(id),
      apprentice_person_id bigint NOT NULL REFERENCES people(id),
      studio_id bigint REFERENCES studios(id),
      trade text NOT NULL,
      target_level integer NOT NULL CHECK (target_level BETWEEN 1 AND 8),
      stages jsonb NOT NULL DEFAULT '[]',
      start_on date NOT NULL,
      end_on date NOT NULL,
      allowance_fen bigint NOT NULL DEFAULT 0 CHECK (allowance_fen >= 0),
      status text NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed','approved','signed','in_progress','exam_due','graduated','not_graduated','ended')),
      grade text CHECK (grade IN ('excellent','pass')),
      ended_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (end_on > start_on),
      CHECK (master_person_id <> apprentice_person_id)
    )`.execute(db);
  await sql`CREATE INDEX mentorships_org_idx ON mentorships (org_id, id)`.execute(db);
  await sql`CREATE INDEX mentorships_master_idx ON mentorships (master_person_id)`.execute(db);
  await sql`CREATE INDEX mentorships_apprentice_idx ON mentorships (apprentice_person_id)`.execute(db);

  await sql`
    CREATE TABLE innovation_settings (
      org_id bigint PRIMARY KEY REFERENCES organisations(id),
      max_apprentices integer NOT NULL CHECK (max_apprentices BETWEEN 1 AND 50)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'innovation_settings',
    'mentorships',
    'studio_assessments',
    'studio_namings',
    'studio_application_steps',
    'studio_applications',
    'studio_calls',
    'studio_funding',
    'studio_projects',
    'studio_members',
    'studios',
    'studio_categories',
  ])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
}
