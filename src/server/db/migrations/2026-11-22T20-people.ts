// Worker registry: people (ID number and phone sealed, keyed hash unique), skill history, honours,
// transfer requests, craftsman titles per federation, roster imports with staged rows and errors.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE people (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      id_hash text NOT NULL,
      id_sealed text NOT NULL,
      id_masked text NOT NULL,
      gender char(1) NOT NULL CHECK (gender IN ('M','F')),
      birth_date date NOT NULL,
      phone_sealed text,
      phone_masked text,
      union_member boolean NOT NULL DEFAULT false,
      union_joined_on date,
      occupation text,
      education text,
      employment_status text NOT NULL DEFAULT 'employed' CHECK (employment_status IN ('employed','retired','left')),
      skill_level smallint CHECK (skill_level BETWEEN 1 AND 8),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One person per ID number, system-wide.
  await sql`CREATE UNIQUE INDEX people_id_hash_idx ON people (id_hash)`.execute(db);
  await sql`CREATE INDEX people_org_name_idx ON people (org_id, name, id)`.execute(db);
  await sql`CREATE INDEX people_skill_idx ON people (skill_level, org_id) WHERE skill_level IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE person_skills (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      person_id bigint NOT NULL REFERENCES people(id) ON DELETE CASCADE,
      level smallint NOT NULL CHECK (level BETWEEN 1 AND 8),
      certificate_no text NOT NULL DEFAULT '',
      issuer text,
      certified_on date,
      import_id bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // The same certificate twice (a roster imported again) is one history entry.
  await sql`CREATE UNIQUE INDEX person_skills_unique_idx ON person_skills (person_id, level, certificate_no, certified_on) NULLS NOT DISTINCT`.execute(
    db,
  );

  await sql`
    CREATE TABLE person_honours (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      person_id bigint NOT NULL REFERENCES people(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('model_worker','may_day_medal','craftsman','technical_expert')),
      grade text CHECK (grade IN ('national','provincial','city')),
      title text,
      year smallint,
      awarding_body text,
      import_id bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX person_honours_unique_idx ON person_honours (person_id, kind, grade, title, year) NULLS NOT DISTINCT`.execute(
    db,
  );
  await sql`CREATE INDEX person_honours_kind_idx ON person_honours (kind, grade, person_id)`.execute(db);

  await sql`
    CREATE TABLE person_transfers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      person_id bigint NOT NULL REFERENCES people(id) ON DELETE CASCADE,
      from_org_id bigint NOT NULL REFERENCES organisations(id),
      to_org_id bigint NOT NULL REFERENCES organisations(id),
      requested_name text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
      requested_by bigint REFERENCES users(id),
      import_id bigint,
      decided_by bigint REFERENCES users(id),
      decided_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX person_transfers_pending_idx ON person_transfers (person_id, to_org_id) WHERE status = 'pending'`.execute(
    db,
  );
  await sql`CREATE INDEX person_transfers_from_idx ON person_transfers (from_org_id, status)`.execute(db);
  await sql`CREATE INDEX person_transfers_to_idx ON person_transfers (to_org_id, status)`.execute(db);

  await sql`
    CREATE TABLE craftsman_titles (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX craftsman_titles_name_idx ON craftsman_titles (org_id, name)`.execute(db);

  await sql`
    CREATE TABLE people_imports (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      created_by bigint REFERENCES users(id),
      file_name text NOT NULL,
      file_sha256 text NOT NULL,
      file_size bigint NOT NULL,
      file_format text NOT NULL CHECK (file_format IN ('xlsx','csv')),
      file_nonce text NOT NULL,
      status text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded','validating','validated','committing','committed','failed')),
      header_row integer,
      headers jsonb,
      mapping jsonb,
      total_rows integer NOT NULL DEFAULT 0,
      processed_rows integer NOT NULL DEFAULT 0,
      valid_rows integer NOT NULL DEFAULT 0,
      error_rows integer NOT NULL DEFAULT 0,
      error_count integer NOT NULL DEFAULT 0,
      will_create integer NOT NULL DEFAULT 0,
      will_update integer NOT NULL DEFAULT 0,
      will_transfer integer NOT NULL DEFAULT 0,
      batch_size integer NOT NULL DEFAULT 2000,
      total_batches integer NOT NULL DEFAULT 0,
      committed_batches integer NOT NULL DEFAULT 0,
      created_count integer NOT NULL DEFAULT 0,
      updated_count integer NOT NULL DEFAULT 0,
      transfer_count integer NOT NULL DEFAULT 0,
      skip_invalid boolean NOT NULL DEFAULT false,
      run_token text,
      lease_until timestamptz,
      failure text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      committed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX people_imports_org_idx ON people_imports (org_id, id)`.execute(db);
  await sql`CREATE INDEX people_imports_sha_idx ON people_imports (file_sha256)`.execute(db);

  // Staged rows are a logged table: with PGlite every process crash is a database crash, which
  // would empty an unlogged one before the commit could resume from it.
  await sql`
    CREATE TABLE people_import_rows (
      import_id bigint NOT NULL REFERENCES people_imports(id) ON DELETE CASCADE,
      row_no integer NOT NULL,
      source_row integer NOT NULL,
      org_id bigint NOT NULL,
      name text NOT NULL,
      id_hash text NOT NULL,
      id_sealed text NOT NULL,
      id_masked text NOT NULL,
      gender char(1) NOT NULL,
      birth_date date NOT NULL,
      phone_sealed text,
      phone_masked text,
      union_member boolean,
      union_joined_on date,
      occupation text,
      education text,
      employment_status text,
      skill_level smallint,
      cert_no text,
      cert_issuer text,
      certified_on date,
      honours jsonb,
      PRIMARY KEY (import_id, row_no)
    )`.execute(db);

  await sql`
    CREATE TABLE people_import_errors (
      import_id bigint NOT NULL REFERENCES people_imports(id) ON DELETE CASCADE,
      source_row integer NOT NULL,
      col integer,
      field text,
      code text NOT NULL,
      value text
    )`.execute(db);
  await sql`CREATE INDEX people_import_errors_idx ON people_import_errors (import_id, source_row)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'people_import_errors',
    'people_import_rows',
    'people_imports',
    'craftsman_titles',
    'person_transfers',
    'person_honours',
    'person_skills',
    'people',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db);
  }
}
