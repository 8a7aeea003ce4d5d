// Server state of the industry chain. A change of an affiliation invalidates the affiliations, the
// organisations (their detail shows the industry unions) and the dashboards (the figures move).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { useSession } from '../../session';
import { dashboardKeys } from '../dashboard/dashboard-queries';
import { orgKeys } from '../orgs/orgs-queries';
import { industryApi, type AffiliationQuery } from './industry-api';

export const industryKeys = {
  all: ['industry'] as const,
  mapping: () => ['industry', 'mapping'] as const,
  ofEnterprise: (orgId: string) => ['industry', 'enterprise', orgId] as const,
  list: (q: AffiliationQuery) => ['industry', 'list', q] as const,
};

export const useIndustryMapping = (options: { inPage?: boolean; enabled?: boolean } = {}) =>
  useQuery({
    queryKey: industryKeys.mapping(),
    queryFn: industryApi.mapping,
    enabled: options.enabled ?? true,
    meta: options.inPage ? IN_PAGE : undefined,
  });

export const useEnterpriseAffiliations = (orgId: string | undefined) =>
  useQuery({ queryKey: industryKeys.ofEnterprise(orgId ?? ''), queryFn: () => industryApi.ofEnterprise(orgId!), enabled: !!orgId });

export const useAffiliations = (q: AffiliationQuery, options: { inPage?: boolean; enabled?: boolean } = {}) =>
  useQuery({
    queryKey: industryKeys.list(q),
    queryFn: () => industryApi.list(q),
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
    meta: options.inPage ? IN_PAGE : undefined,
  });

export function useAffiliationsChanged() {
  const client = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        client.invalidateQueries({ queryKey: industryKeys.all }),
        client.invalidateQueries({ queryKey: orgKeys.all }),
        client.invalidateQueries({ queryKey: dashboardKeys.all }),
      ]),
    [client],
  );
}

/**
 * What the pickers of hosts, invitees, recipients and task units offer before anything is typed to a
 * user of an industry union: its active affiliated enterprises, each with its territorial chain
 * (empty for anyone else: the list defaults to the user's own organisation as the union).
 */
export function useAffiliatedOffer(enabled = true): { id: string; name: string; path: string }[] {
  const { can } = useSession();
  const affiliated = useAffiliations({ status: 'active', page: 1, pageSize: 200 }, { enabled: enabled && can('orgs.read') });
  return (affiliated.data?.items ?? []).map((a) => ({
    id: a.enterprise.id,
    name: a.enterprise.name,
    path: a.enterprise.pathNames.join(' / '),
  }));
}
