// Reform programmes and task supervision: programmes → goals → tasks (cascading by parent_id),
// measurable targets (linked to the parent task's target when handed down), co-units, tags per
// federation, progress reports with submitted versions and reviews, evidence attachments (files in
// the FileStore, keyed by random UUIDs) and supervision notices.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE task_tags (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      color text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX task_tags_name_idx ON task_tags (org_id, name)`.execute(db);

  await sql`
    CREATE TABLE task_programmes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id bigint NOT NULL REFERENCES organisations(id),
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      period_start date NOT NULL,
      period_end date NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (period_end >= period_start)
    )`.execute(db);
  await sql`CREATE INDEX task_programmes_org_idx ON task_programmes (org_id)`.execute(db);

  await sql`
    CREATE TABLE task_programme_tags (
      programme_id bigint NOT NULL REFERENCES task_programmes(id) ON DELETE CASCADE,
      tag_id bigint NOT NULL REFERENCES task_tags(id) ON DELETE CASCADE,
      PRIMARY KEY (programme_id, tag_id)
    )`.execute(db);

  await sql`
    CREATE TABLE task_goals (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      programme_id bigint NOT NULL REFERENCES task_programmes(id) ON DELETE CASCADE,
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      sort_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX task_goals_programme_idx ON task_goals (programme_id, sort_order, id)`.execute(db);

  await sql`
    CREATE TABLE tasks (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      programme_id bigint NOT NULL REFERENCES task_programmes(id),
      goal_id bigint NOT NULL REFERENCES task_goals(id),
      parent_id bigint REFERENCES tasks(id),
      kind text NOT NULL CHECK (kind IN ('prescribed','optional')),
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      org_id bigint NOT NULL REFERENCES organisations(id),
      assigned_by_org_id bigint NOT NULL REFERENCES organisations(id),
      start_date date NOT NULL,
      due_date date NOT NULL,
      cycle text NOT NULL CHECK (cycle IN ('monthly','quarterly','half_yearly','once')),
      status text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started','on_track','at_risk','overdue','completed')),
      share double precision NOT NULL DEFAULT 0,
      child_count integer NOT NULL DEFAULT 0,
      children_completed integer NOT NULL DEFAULT 0,
      has_accepted_report boolean NOT NULL DEFAULT false,
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (due_date >= start_date)
    )`.execute(db);
  await sql`CREATE INDEX tasks_org_idx ON tasks (org_id)`.execute(db);
  await sql`CREATE INDEX tasks_parent_idx ON tasks (parent_id)`.execute(db);
  await sql`CREATE INDEX tasks_programme_idx ON tasks (programme_id, goal_id)`.execute(db);
  await sql`CREATE INDEX tasks_status_idx ON tasks (status, due_date)`.execute(db);
  await sql`CREATE INDEX tasks_assigned_by_idx ON tasks (assigned_by_org_id)`.execute(db);

  await sql`
    CREATE TABLE task_co_units (
      task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      org_id bigint NOT NULL REFERENCES organisations(id),
      PRIMARY KEY (task_id, org_id)
    )`.execute(db);
  await sql`CREATE INDEX task_co_units_org_idx ON task_co_units (org_id)`.execute(db);

  await sql`
    CREATE TABLE task_tag_links (
      task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      tag_id bigint NOT NULL REFERENCES task_tags(id) ON DELETE CASCADE,
      PRIMARY KEY (task_id, tag_id)
    )`.execute(db);
  await sql`CREATE INDEX task_tag_links_tag_idx ON task_tag_links (tag_id)`.execute(db);

  await sql`
    CREATE TABLE task_targets (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      parent_target_id bigint REFERENCES task_targets(id),
      metric text NOT NULL,
      unit text NOT NULL,
      target_value numeric NOT NULL CHECK (target_value >= 0),
      actual_value numeric NOT NULL DEFAULT 0,
      sort_order integer NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX task_targets_task_idx ON task_targets (task_id, sort_order, id)`.execute(db);
  await sql`CREATE INDEX task_targets_parent_idx ON task_targets (parent_target_id)`.execute(db);

  await sql`
    CREATE TABLE task_reports (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      task_id bigint NOT NULL REFERENCES tasks(id),
      period text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','accepted','returned')),
      narrative text NOT NULL DEFAULT '',
      metric_values jsonb NOT NULL DEFAULT '[]',
      version integer NOT NULL DEFAULT 0,
      return_reason text,
      created_by bigint REFERENCES users(id),
      submitted_at timestamptz,
      reviewed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One report per task and period; it moves through its states and keeps its versions.
  await sql`CREATE UNIQUE INDEX task_reports_period_idx ON task_reports (task_id, period)`.execute(db);
  await sql`CREATE INDEX task_reports_status_idx ON task_reports (status, task_id)`.execute(db);

  await sql`
    CREATE TABLE task_report_versions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      report_id bigint NOT NULL REFERENCES task_reports(id) ON DELETE CASCADE,
      version integer NOT NULL,
      narrative text NOT NULL,
      metric_values jsonb NOT NULL,
      attachment_ids jsonb NOT NULL DEFAULT '[]',
      submitted_by bigint REFERENCES users(id),
      submitted_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (report_id, version)
    )`.execute(db);

  await sql`
    CREATE TABLE task_report_reviews (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      report_id bigint NOT NULL REFERENCES task_reports(id) ON DELETE CASCADE,
      version integer NOT NULL,
      decision text NOT NULL CHECK (decision IN ('accepted','returned')),
      reason text,
      reviewer_id bigint REFERENCES users(id),
      reviewer_org_id bigint REFERENCES organisations(id),
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX task_report_reviews_report_idx ON task_report_reviews (report_id, id)`.execute(db);

  await sql`
    CREATE TABLE task_attachments (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      report_id bigint NOT NULL REFERENCES task_reports(id),
      file_key text NOT NULL,
      file_name text NOT NULL,
      size bigint NOT NULL,
      sha256 text NOT NULL,
      content_type text NOT NULL,
      uploaded_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      -- Removed from the report after a version named it: kept for that version's history.
      removed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX task_attachments_report_idx ON task_attachments (report_id, id)`.execute(db);

  await sql`
    CREATE TABLE task_supervisions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      task_id bigint NOT NULL REFERENCES tasks(id),
      org_id bigint NOT NULL REFERENCES organisations(id),
      from_org_id bigint NOT NULL REFERENCES organisations(id),
      message text NOT NULL,
      respond_by date NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','answered')),
      response text,
      responded_by bigint REFERENCES users(id),
      responded_at timestamptz,
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX task_supervisions_task_idx ON task_supervisions (task_id, id)`.execute(db);
  await sql`CREATE INDEX task_supervisions_org_idx ON task_supervisions (org_id, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'task_supervisions',
    'task_attachments',
    'task_report_reviews',
    'task_report_versions',
    'task_reports',
    'task_targets',
    'task_tag_links',
    'task_co_units',
    'tasks',
    'task_goals',
    'task_programme_tags',
    'task_programmes',
    'task_tags',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
