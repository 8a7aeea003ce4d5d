// Server state of the audit log (read-only: every write elsewhere adds to it, so it is never cached long).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IN_PAGE } from '../../query';
import { auditApi, type AuditQuery } from './audit-api';

export const auditKeys = {
  all: ['audit'] as const,
  list: (q: AuditQuery) => ['audit', 'list', q] as const,
};

export const useAuditLog = (q: AuditQuery) =>
  useQuery({
    queryKey: auditKeys.list(q),
    queryFn: () => auditApi.list(q),
    placeholderData: keepPreviousData,
    staleTime: 0,
    meta: IN_PAGE,
  });
