// Field work and meetings (issue 13): research visits (调研) with host units, itinerary, findings,
// requirements and a problem list whose items turn into tasks; meetings (座谈会/推进会/工作例会), alone
// or numbered sessions of a series, with agenda, invited units and their replies, sign-in, pre-meeting
// reports (a submitted one is a snapshot), minutes and decisions that turn into tasks.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE fw_visits (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      title text NOT NULL,
      visit_type text NOT NULL CHECK (visit_type IN ('thematic','stationed','questionnaire','survey')),
      themes jsonb NOT NULL DEFAULT '[]',
      leader_name text NOT NULL,
      leader_post text NOT NULL DEFAULT '',
      team jsonb NOT NULL DEFAULT '[]',
      start_date date NOT NULL,
      end_date date NOT NULL,
      itinerary jsonb NOT NULL DEFAULT '[]',
      findings jsonb NOT NULL DEFAULT '[]',
      report text NOT NULL DEFAULT '',
      report_due date,
      status text NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned','approved','under_way','report_due','reported','closed')),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (end_date >= start_date)
    )`.execute(db);
  await sql`CREATE INDEX fw_visits_org_idx ON fw_visits (org_id, start_date DESC)`.execute(db);
  await sql`
    CREATE TABLE fw_visit_hosts (
      visit_id bigint NOT NULL REFERENCES fw_visits(id) ON DELETE CASCADE,
      org_id bigint NOT NULL REFERENCES organisations(id),
      region_code text,
      sort_order integer NOT NULL DEFAULT 0,
      PRIMARY KEY (visit_id, org_id)
    )`.execute(db);
  await sql`CREATE INDEX fw_visit_hosts_org_idx ON fw_visit_hosts (org_id)`.execute(db);
  await sql`
    CREATE TABLE fw_visit_requirements (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      visit_id bigint NOT NULL REFERENCES fw_visits(id) ON DELETE CASCADE,
      sort_order integer NOT NULL DEFAULT 0,
      text text NOT NULL,
      task_id bigint REFERENCES tasks(id)
    )`.execute(db);
  await sql`CREATE INDEX fw_visit_requirements_visit_idx ON fw_visit_requirements (visit_id, sort_order)`.execute(db);
  await sql`
    CREATE TABLE fw_visit_problems (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      visit_id bigint NOT NULL REFERENCES fw_visits(id) ON DELETE CASCADE,
      sort_order integer NOT NULL DEFAULT 0,
      category text NOT NULL,
      text text NOT NULL,
      host_org_id bigint REFERENCES organisations(id),
      response_org_id bigint REFERENCES organisations(id),
      lead_org_id bigint REFERENCES organisations(id),
      co_unit_ids jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','in_progress','closed','carried_over')),
      measures text NOT NULL DEFAULT '',
      task_id bigint REFERENCES tasks(id)
    )`.execute(db);
  await sql`CREATE INDEX fw_visit_problems_visit_idx ON fw_visit_problems (visit_id, sort_order)`.execute(db);
  await sql`CREATE INDEX fw_visit_problems_task_idx ON fw_visit_problems (task_id)`.execute(db);

  await sql`
    CREATE TABLE fw_meeting_series (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      title text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE fw_meetings (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      series_id bigint REFERENCES fw_meeting_series(id),
      session_no integer,
      meeting_type text NOT NULL CHECK (meeting_type IN ('symposium','promotion','regular','joint')),
      title text NOT NULL,
      meeting_date date NOT NULL,
      venue text NOT NULL DEFAULT '',
      host_org_id bigint REFERENCES organisations(id),
      programme_id bigint REFERENCES task_programmes(id),
      report_period text,
      report_deadline date,
      agenda jsonb NOT NULL DEFAULT '[]',
      attendance text NOT NULL DEFAULT '',
      speeches_summary text NOT NULL DEFAULT '',
      conclusions jsonb NOT NULL DEFAULT '[]',
      minutes_status text NOT NULL DEFAULT 'none' CHECK (minutes_status IN ('none','draft','signed_off','issued')),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (series_id, session_no)
    )`.execute(db);
  await sql`CREATE INDEX fw_meetings_org_idx ON fw_meetings (org_id, meeting_date DESC)`.execute(db);
  await sql`
    CREATE TABLE fw_invitations (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      meeting_id bigint NOT NULL REFERENCES fw_meetings(id) ON DELETE CASCADE,
      org_id bigint NOT NULL REFERENCES organisations(id),
      reply text NOT NULL DEFAULT 'pending' CHECK (reply IN ('pending','attending','substitute','absent')),
      substitute_name text,
      signed_in_at timestamptz,
      report_status text NOT NULL DEFAULT 'none' CHECK (report_status IN ('none','draft','submitted')),
      report_text text NOT NULL DEFAULT '',
      report_data jsonb,
      report_submitted_at timestamptz,
      UNIQUE (meeting_id, org_id)
    )`.execute(db);
  await sql`CREATE INDEX fw_invitations_org_idx ON fw_invitations (org_id)`.execute(db);
  await sql`
    CREATE TABLE fw_decisions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      meeting_id bigint NOT NULL REFERENCES fw_meetings(id) ON DELETE CASCADE,
      sort_order integer NOT NULL DEFAULT 0,
      text text NOT NULL,
      owner_org_id bigint NOT NULL REFERENCES organisations(id),
      co_unit_ids jsonb NOT NULL DEFAULT '[]',
      due_date date NOT NULL,
      task_id bigint REFERENCES tasks(id)
    )`.execute(db);
  await sql`CREATE INDEX fw_decisions_meeting_idx ON fw_decisions (meeting_id, sort_order)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'fw_decisions',
    'fw_invitations',
    'fw_meetings',
    'fw_meeting_series',
    'fw_visit_problems',
    'fw_visit_requirements',
    'fw_visit_hosts',
    'fw_visits',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
