// Transfer requests gain the status 'cancelled': when one request for a person is approved, the
// person's other pending requests are closed as cancelled (the person has moved; they are moot).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE person_transfers DROP CONSTRAINT IF EXISTS person_transfers_status_check`.execute(db);
  await sql`ALTER TABLE person_transfers ADD CONSTRAINT person_transfers_status_check CHECK (status IN ('pending','approved','rejected','cancelled'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE person_transfers SET status = 'rejected' WHERE status = 'cancelled'`.execute(db);
  await sql`ALTER TABLE person_transfers DROP CONSTRAINT IF EXISTS person_transfers_status_check`.execute(db);
  await sql`ALTER TABLE person_transfers ADD CONSTRAINT person_transfers_status_check CHECK (status IN ('pending','approved','rejected'))`.execute(
    db,
  );
}
