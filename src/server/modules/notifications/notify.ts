// The one way other modules send an in-app notification: one row per active user of the
// organisation, idempotent per (recipient, dedupe key), inside the caller's transaction.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { NotificationKind } from './notifications.tables.js';

export interface NotificationInput {
  orgId: string;
  kind: NotificationKind;
  /** What the notification opens: 'task' → /tasks/:id, 'report' → /reports/:id. */
  entityType: string;
  entityId: string;
  title: { zh: string; en: string };
  /**
   * Identifies this notification among everything ever sent to a user, e.g.
   * `task_assigned:42` or `deadline:42:2026-12-01`. Sending the same key twice is a no-op,
   * which is what makes a re-run job (after a crash or a restart) not send twice.
   */
  dedupeKey: string;
}

/**
 * Fans the notification out to every active user of `orgId` (not its subtree: the organisation
 * addressed is the one that has to act). Users created later do not receive past notifications.
 *
 * Not audited by itself: a notification is a consequence of a business write the caller audits
 * in the same transaction (assignment, return, …), or of a scheduled job.
 */
export async function notify(db: Kysely<Database> | Transaction<Database>, n: NotificationInput): Promise<void> {
  await db
    .insertInto('notifications')
    .columns(['user_id', 'org_id', 'kind', 'entity_type', 'entity_id', 'title_zh', 'title_en', 'dedupe_key'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select((s) => [
          'users.id',
          'users.org_id',
          s.val(n.kind).as('kind'),
          s.val(n.entityType).as('entity_type'),
          s.val(String(n.entityId)).as('entity_id'),
          s.val(n.title.zh).as('title_zh'),
          s.val(n.title.en).as('title_en'),
          s.val(n.dedupeKey).as('dedupe_key'),
        ])
        .where('users.org_id', '=', n.orgId)
        .where('users.status', '=', 'active'),
    )
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .execute();
}
