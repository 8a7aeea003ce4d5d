// Foundation: organisation tree, users, sessions, the append-only audit log, login rate windows.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisations (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      parent_id bigint REFERENCES organisations(id),
      path text COLLATE "C" NOT NULL,
      depth integer NOT NULL,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('federation','industry_union','member_unit','enterprise')),
      level text NOT NULL CHECK (level IN ('national','province','city','county','grassroots')),
      region_code char(6),
      uscc char(18),
      union_name text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // "Everything under X" is one prefix scan of this index at any depth.
  await sql`CREATE UNIQUE INDEX organisations_path_idx ON organisations (path)`.execute(db);
  await sql`CREATE INDEX organisations_parent_idx ON organisations (parent_id, name)`.execute(db);
  await sql`CREATE UNIQUE INDEX organisations_uscc_idx ON organisations (uscc) WHERE uscc IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE users (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      username text NOT NULL,
      display_name text NOT NULL,
      org_id bigint NOT NULL REFERENCES organisations(id),
      roles text[] NOT NULL,
      password_hash text NOT NULL,
      must_change_password boolean NOT NULL DEFAULT true,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      totp_secret text,
      totp_pending_secret text,
      totp_enabled boolean NOT NULL DEFAULT false,
      totp_last_step bigint,
      locale text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_username_idx ON users (lower(username))`.execute(db);
  await sql`CREATE INDEX users_org_idx ON users (org_id)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_user_id bigint,
      actor_username text,
      actor_org_id bigint,
      org_id bigint,
      org_path text COLLATE "C",
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      before jsonb,
      after jsonb,
      ip text,
      request_id text
    )`.execute(db);
  await sql`CREATE INDEX audit_log_path_idx ON audit_log (org_path, id)`.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log (at)`.execute(db);
  await sql`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`.execute(db);
  // Append-only for every role that does not disable triggers: no UPDATE, DELETE or TRUNCATE.
  await sql`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);

  await sql`
    CREATE TABLE login_rate (
      ip text PRIMARY KEY,
      window_start timestamptz NOT NULL,
      attempts integer NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['login_rate', 'audit_log', 'sessions', 'users', 'organisations']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
}
