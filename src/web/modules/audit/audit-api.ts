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

export { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../../shared/audit-vocabulary';

export const auditApi = {
  list: (query: AuditQuery) => api.get<Page<AuditEntry>>('/api/audit', { ...query }),
};
