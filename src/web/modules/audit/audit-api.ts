// The append-only audit log (server module: audit).
import { api, type Page } from '../../api';

export interface AuditEntry {
  id: string;
  at: string;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orgId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface AuditQuery {
  action?: string;
  entityType?: string;
  actor?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export const AUDIT_ACTIONS = [
  'create', 'update', 'delete', 'move', 'archive', 'restore',
  'login', 'login_failed', 'logout', 'lock', 'unlock',
  'change_password', 'reset_password', 'enable_totp', 'disable_totp', 'reset_totp', 'update_preferences',
  'permission_denied', 'view_pii', 'notification_read', 'notifications_read_all',
] as const;

export const AUDIT_ENTITY_TYPES = ['organisation', 'user', 'person', 'import', 'transfer', 'craftsman_title', 'notification', 'route'] as const;

export const auditApi = {
  list: (query: AuditQuery) => api.get<Page<AuditEntry>>('/api/audit', { ...query }),
};
