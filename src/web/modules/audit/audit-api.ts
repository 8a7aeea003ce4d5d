// The append-only audit log (server module: audit).
import { api, type QueryOf, type ResponseOf, type Widen } from '../../api';

export type AuditEntry = ResponseOf<'listAuditEntries'>['items'][number];
export type AuditQuery = Widen<QueryOf<'listAuditEntries'>>;

export { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../../shared/audit-vocabulary';

export const auditApi = {
  list: (query: AuditQuery) => api.get<ResponseOf<'listAuditEntries'>>('/api/audit', { ...query }),
};
