// Notification use cases for the signed-in user. Scope is the caller themself: every query is
// keyed by the caller's user id, so someone else's notification is simply "not found".
import { writeAudit } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import type { Locale } from '../../platform/i18n.js';
import * as repo from './notifications.repository.js';
import type { ListNotificationsQuery, NotificationView } from './notifications.schemas.js';
import type { NotificationRow } from './notifications.tables.js';

export function toView(row: NotificationRow, locale: Locale): NotificationView {
  return {
    id: String(row.id),
    kind: row.kind,
    entityType: row.entity_type,
    entityId: row.entity_id,
    title: locale === 'en-US' ? row.title_en : row.title_zh,
    orgId: String(row.org_id),
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}

export async function listNotifications(ctx: RequestContext, q: ListNotificationsQuery) {
  const [{ rows, total }, unread] = await Promise.all([
    repo.listForUser(ctx.db, ctx.actor.userId, { unread: q.unread, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    repo.countUnread(ctx.db, ctx.actor.userId),
  ]);
  return { items: rows.map((r) => toView(r, ctx.locale)), total, unread };
}

export async function unreadCount(ctx: RequestContext) {
  return { count: await repo.countUnread(ctx.db, ctx.actor.userId) };
}

/**
 * Read-marks are the user's own UI state, not business data, but the rule is that every write is
 * audited: a mark that changes something writes one small row (an already-read one writes none).
 */
export async function markRead(ctx: RequestContext, id: string): Promise<NotificationView> {
  return ctx.db.transaction().execute(async (trx) => {
    const changed = await repo.markRead(trx, ctx.actor.userId, id, new Date());
    if (changed) {
      await writeAudit(trx, ctx, {
        action: 'notification_read',
        entityType: 'notification',
        entityId: String(changed.id),
        orgId: ctx.actor.orgId,
        orgPath: ctx.actor.orgPath,
      });
      return toView(changed, ctx.locale);
    }
    const existing = await repo.findOwn(trx, ctx.actor.userId, id);
    if (!existing) throw new AppError('not_found', { entity: 'notification' });
    return toView(existing, ctx.locale);
  });
}

/** One audit row for the whole batch, with how many were marked. */
export async function markAllRead(ctx: RequestContext) {
  return ctx.db.transaction().execute(async (trx) => {
    const updated = await repo.markAllRead(trx, ctx.actor.userId, new Date());
    if (updated > 0)
      await writeAudit(trx, ctx, {
        action: 'notifications_read_all',
        entityType: 'notification',
        entityId: null,
        orgId: ctx.actor.orgId,
        orgPath: ctx.actor.orgPath,
        after: { updated },
      });
    return { updated };
  });
}
